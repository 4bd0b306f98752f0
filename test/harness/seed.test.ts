/**
 * The demo seed stores PINs only as KMS MACs that verify, and its CLI works end to end in a
 * separate process (whose own loopback KMS must agree with ours on the demo key).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { KMSInvalidMacException, VerifyMacCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableId } from '../../lib/data/schema';
import { MAC_MESSAGE } from '../../lib/integrations/contracts';
import {
  DEMO_ACCOUNTS,
  DEMO_BASE_DATE,
  DEMO_CUSTOMERS,
  DEMO_MAC_KEY_ID,
  demoOrders,
} from '../../tools/demo-data';
import { seedDemoData } from '../../tools/seed';
import { localClients, localKmsClient, uniquePrefix } from '../support/clients';
import { REPO_ROOT } from '../support/dynamodb-local';
import { localKeyArn, startKmsServer, type KmsServer } from '../support/kms-server';
import { createTables, deleteTables, tableNames } from '../support/tables';

const execFileAsync = promisify(execFile);
const { ddb, doc } = localClients();
let server: KmsServer;
let kms: KMSClient;
const created: Array<Record<TableId, string>> = [];

beforeAll(async () => {
  server = await startKmsServer();
  server.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: DEMO_MAC_KEY_ID });
  kms = localKmsClient(server.endpoint);
});

afterAll(async () => {
  await Promise.all(created.map((names) => deleteTables(ddb, names)));
  kms.destroy();
  await server.close();
  ddb.destroy();
});

async function scanAll(tableName: string): Promise<Array<Record<string, unknown>>> {
  const { Items } = await doc.send(new ScanCommand({ TableName: tableName }));
  return Items ?? [];
}

function verifyPin(accountNumber: string, pin: string, pinMac: string) {
  return kms.send(
    new VerifyMacCommand({
      KeyId: DEMO_MAC_KEY_ID,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from(MAC_MESSAGE.pin(accountNumber, pin), 'utf8'),
      Mac: Buffer.from(pinMac, 'base64'),
    }),
  );
}

/** Every scalar in an item, nested values included, as strings. */
function scalars(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).flatMap(scalars);
  return [String(value)];
}

describe('seedDemoData', () => {
  let names: Record<TableId, string>;

  beforeAll(async () => {
    names = await createTables(ddb, uniquePrefix('seed'));
    created.push(names);
    const summary = await seedDemoData({
      doc,
      tableNames: names,
      kms,
      macKeyId: DEMO_MAC_KEY_ID,
      now: DEMO_BASE_DATE,
    });
    expect(summary).toEqual({
      customers: DEMO_CUSTOMERS.length,
      accounts: DEMO_ACCOUNTS.length,
      orders: demoOrders(DEMO_BASE_DATE).length,
    });
  });

  test('writes every demo customer, account and order', async () => {
    const [customers, accounts, orders] = await Promise.all([
      scanAll(names.Customers),
      scanAll(names.Accounts),
      scanAll(names.Orders),
    ]);
    expect(customers.map((c) => c.customerId).sort()).toEqual(DEMO_CUSTOMERS.map((c) => c.customerId).sort());
    expect(accounts.map((a) => a.accountNumber).sort()).toEqual(
      DEMO_ACCOUNTS.map((a) => a.accountNumber).sort(),
    );
    expect(orders.sort((a, b) => String(a.orderId).localeCompare(String(b.orderId)))).toEqual(
      demoOrders(DEMO_BASE_DATE).sort((a, b) => a.orderId.localeCompare(b.orderId)),
    );
    const olivia = await doc.send(
      new GetCommand({ TableName: names.Customers, Key: { customerId: 'CUST0001' } }),
    );
    expect(olivia.Item).toEqual(DEMO_CUSTOMERS.find((c) => c.customerId === 'CUST0001'));
  });

  test('no item holds a plaintext PIN, only a MAC and its key', async () => {
    const pins = new Set(DEMO_ACCOUNTS.map((a) => a.demoPin));
    const items = (
      await Promise.all([scanAll(names.Customers), scanAll(names.Accounts), scanAll(names.Orders)])
    ).flat();
    for (const item of items) {
      for (const attribute of Object.keys(item)) {
        expect(attribute).not.toMatch(/^(demo)?pin$|pinPlain|pinCode/i);
      }
      for (const value of scalars(item)) expect(pins.has(value)).toBe(false);
    }
    const accounts = await scanAll(names.Accounts);
    for (const account of accounts) {
      expect(Object.keys(account).sort()).toEqual(
        ['accountNumber', 'balanceMinor', 'currency', 'customerId', 'pinMac', 'pinMacKeyId', 'status'].sort(),
      );
      expect(account.pinMacKeyId).toBe(localKeyArn(DEMO_MAC_KEY_ID));
      expect(Buffer.from(String(account.pinMac), 'base64')).toHaveLength(32);
    }
  });

  test('each stored PIN MAC verifies with VerifyMac for the right PIN only', async () => {
    const accounts = await scanAll(names.Accounts);
    for (const demo of DEMO_ACCOUNTS) {
      const stored = accounts.find((a) => a.accountNumber === demo.accountNumber);
      const pinMac = String(stored?.pinMac);
      await expect(verifyPin(demo.accountNumber, demo.demoPin, pinMac)).resolves.toMatchObject({
        MacValid: true,
      });
      const wrongPin = demo.demoPin === '0000' ? '0001' : '0000';
      await expect(verifyPin(demo.accountNumber, wrongPin, pinMac)).rejects.toBeInstanceOf(
        KMSInvalidMacException,
      );
    }
    // The MAC binds the account: one account's MAC does not verify another account's PIN message.
    const [first, second] = DEMO_ACCOUNTS;
    const firstMac = String(accounts.find((a) => a.accountNumber === first?.accountNumber)?.pinMac);
    await expect(
      verifyPin(second?.accountNumber ?? '', first?.demoPin ?? '', firstMac),
    ).rejects.toBeInstanceOf(KMSInvalidMacException);
  });

  test('seeding again restores a changed account and keeps one item per key', async () => {
    const demo = DEMO_ACCOUNTS[0];
    const accountNumber = demo?.accountNumber ?? '';
    await doc.send(
      new UpdateCommand({
        TableName: names.Accounts,
        Key: { accountNumber },
        UpdateExpression: 'SET balanceMinor = :n',
        ExpressionAttributeValues: { ':n': -1 },
      }),
    );
    await seedDemoData({ doc, tableNames: names, kms, macKeyId: DEMO_MAC_KEY_ID, now: DEMO_BASE_DATE });
    const { Item } = await doc.send(new GetCommand({ TableName: names.Accounts, Key: { accountNumber } }));
    expect(Item?.balanceMinor).toBe(demo?.balanceMinor);
    expect(await scanAll(names.Accounts)).toHaveLength(DEMO_ACCOUNTS.length);
  });
});

describe('seed CLI', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const seedScript = path.join(REPO_ROOT, 'tools', 'seed.ts');
  const env = process.env;

  test('creates the tables and seeds them; its MACs verify in this process’s KMS server', async () => {
    const prefix = uniquePrefix('cli');
    created.push(tableNames(prefix));
    const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
    const { stdout } = await execFileAsync(
      tsx,
      [seedScript, '--endpoint', endpoint, '--prefix', prefix, '--now', DEMO_BASE_DATE.toISOString()],
      { cwd: REPO_ROOT, env },
    );
    expect(stdout).toContain(`Seeded ${DEMO_CUSTOMERS.length} customers, ${DEMO_ACCOUNTS.length} accounts`);
    expect(stdout).toContain(`ACCOUNTS_TABLE=${prefix}-Accounts`);

    const accounts = await scanAll(`${prefix}-Accounts`);
    expect(accounts).toHaveLength(DEMO_ACCOUNTS.length);
    const demo = DEMO_ACCOUNTS[0];
    const stored = accounts.find((a) => a.accountNumber === demo?.accountNumber);
    // Made by the CLI's own loopback KMS (another process): verifies here because key material
    // follows from the key id.
    await expect(
      verifyPin(demo?.accountNumber ?? '', demo?.demoPin ?? '', String(stored?.pinMac)),
    ).resolves.toMatchObject({ MacValid: true });
    expect(await scanAll(`${prefix}-OtpChallenges`)).toEqual([]);
  });

  test('exits 1 with a clear sentence when DynamoDB Local is not reachable', async () => {
    const failure = await execFileAsync(tsx, [seedScript, '--endpoint', 'http://127.0.0.1:9'], {
      cwd: REPO_ROOT,
      env,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/DynamoDB Local is not reachable at http:\/\/127\.0\.0\.1:9/);
  });

  test('rejects an unknown option with the usage line', async () => {
    const failure = await execFileAsync(tsx, [seedScript, '--endpoit', 'x'], { cwd: REPO_ROOT, env }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/unknown option --endpoit; usage: npm run seed:local/);
  });
});
