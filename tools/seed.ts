/**
 * Seeds the demo customers, accounts and orders (`tools/demo-data.ts`) into DynamoDB.
 *
 * PINs are stored only as a KMS HMAC of `MAC_MESSAGE.pin(accountNumber, pin)`, exactly as the
 * `pin-verify` integration checks them; the plaintext PIN is never written.
 *
 * CLI: `npm run seed:local -- --endpoint http://127.0.0.1:8000 [--prefix demo] [--kms-endpoint URL] [--now ISO]`
 * creates the `<prefix>-<table>` tables if missing and seeds them. Without `--kms-endpoint` it runs
 * the loopback KMS server in-process with the demo key registered; with it, that server must have
 * `DEMO_MAC_KEY_ID` registered as an HMAC_256 key (`tsx test/support/kms-server.ts --hmac-key <id>`).
 */
import { GenerateMacCommand, NotFoundException, type KMSClient } from '@aws-sdk/client-kms';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as http from 'node:http';
import type { TableId } from '../lib/data/schema';
import { MAC_MESSAGE } from '../lib/integrations/contracts';
import { localClients, localKmsClient, tableEnv } from '../test/support/clients';
import { startKmsServer, type KmsServer } from '../test/support/kms-server';
import { ensureTables } from '../test/support/tables';
import { DEMO_ACCOUNTS, DEMO_CUSTOMERS, DEMO_MAC_KEY_ID, demoOrders, type DemoAccount } from './demo-data';

/** What {@link seedDemoData} needs. */
export interface SeedDemoDataOptions {
  readonly doc: DynamoDBDocumentClient;
  /** Physical names of (at least) the Customers, Accounts and Orders tables. */
  readonly tableNames: Readonly<Pick<Record<TableId, string>, 'Customers' | 'Accounts' | 'Orders'>>;
  /** KMS client that can GenerateMac with `macKeyId`. */
  readonly kms: KMSClient;
  /** Id, ARN or alias of the HMAC_256 key that makes the PIN MACs. */
  readonly macKeyId: string;
  /** Reference time for the orders' dates. */
  readonly now: Date;
}

/** How many items {@link seedDemoData} wrote per table. */
export interface SeedSummary {
  readonly customers: number;
  readonly accounts: number;
  readonly orders: number;
}

/** The Accounts item the seed writes: the demo account without its PIN, plus the PIN's MAC. */
export interface SeededAccountItem extends Omit<DemoAccount, 'demoPin'> {
  /** Base64 HMAC-SHA-256 (KMS GenerateMac) of `MAC_MESSAGE.pin(accountNumber, pin)`. */
  readonly pinMac: string;
  /** ARN of the key that made `pinMac`, as KMS returned it. */
  readonly pinMacKeyId: string;
}

/**
 * Writes the demo customers, accounts (PIN as MAC only) and orders.
 * Items are overwritten, so seeding twice resets the demo (PIN guards live in the security-state
 * table and are released with `npm run ops -- unlock`).
 */
export async function seedDemoData(options: SeedDemoDataOptions): Promise<SeedSummary> {
  const { doc, tableNames, kms, macKeyId, now } = options;
  const accounts = await Promise.all(DEMO_ACCOUNTS.map((account) => accountItem(kms, macKeyId, account)));
  const orders = demoOrders(now);
  await Promise.all([
    ...DEMO_CUSTOMERS.map((customer) =>
      doc.send(new PutCommand({ TableName: tableNames.Customers, Item: { ...customer } })),
    ),
    ...accounts.map((account) =>
      doc.send(new PutCommand({ TableName: tableNames.Accounts, Item: { ...account } })),
    ),
    ...orders.map((order) => doc.send(new PutCommand({ TableName: tableNames.Orders, Item: { ...order } }))),
  ]);
  return { customers: DEMO_CUSTOMERS.length, accounts: accounts.length, orders: orders.length };
}

async function accountItem(
  kms: KMSClient,
  macKeyId: string,
  account: DemoAccount,
): Promise<SeededAccountItem> {
  const { demoPin, ...rest } = account;
  const { Mac: mac, KeyId: keyArn } = await kms.send(
    new GenerateMacCommand({
      KeyId: macKeyId,
      MacAlgorithm: 'HMAC_SHA_256',
      Message: Buffer.from(MAC_MESSAGE.pin(account.accountNumber, demoPin), 'utf8'),
    }),
  );
  if (!mac) throw new Error(`KMS returned no MAC for account ${account.accountNumber}`);
  return {
    ...rest,
    pinMac: Buffer.from(mac).toString('base64'),
    pinMacKeyId: keyArn ?? macKeyId,
  };
}

interface CliOptions {
  readonly endpoint: string;
  readonly prefix: string;
  readonly kmsEndpoint?: string;
  readonly now: Date;
}

const USAGE =
  'usage: npm run seed:local -- --endpoint http://127.0.0.1:8000 [--prefix demo] [--kms-endpoint URL] [--now 2026-11-23T09:00:00Z]';

function parseArgs(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!['--endpoint', '--prefix', '--kms-endpoint', '--now'].includes(flag)) {
      throw new Error(`unknown option ${flag}; ${USAGE}`);
    }
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value; ${USAGE}`);
    values.set(flag, value);
  }
  const endpoint = values.get('--endpoint');
  if (!endpoint) throw new Error(`--endpoint is required; ${USAGE}`);
  const now = values.has('--now') ? new Date(values.get('--now') ?? '') : new Date();
  if (Number.isNaN(now.getTime())) throw new Error(`--now ${values.get('--now')} is not an ISO date`);
  return {
    endpoint,
    prefix: values.get('--prefix') ?? 'demo',
    kmsEndpoint: values.get('--kms-endpoint'),
    now,
  };
}

/** True when something answers HTTP at `endpoint` within `timeoutMs`. */
function reachable(endpoint: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      resolve(false);
      return;
    }
    const request = http.get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (!(await reachable(options.endpoint, 3000))) {
    throw new Error(
      `DynamoDB Local is not reachable at ${options.endpoint}: start it (e.g. \`java -jar .cache/dynamodb-local/DynamoDBLocal.jar -inMemory -port 8000\` after \`npm run setup:ddb\`) and run the seed again.`,
    );
  }
  const { ddb, doc } = localClients(options.endpoint);
  let kmsServer: KmsServer | undefined;
  try {
    let kmsEndpoint = options.kmsEndpoint;
    if (kmsEndpoint !== undefined && !(await reachable(kmsEndpoint, 3000))) {
      throw new Error(
        `the KMS endpoint ${kmsEndpoint} is not reachable: start \`tsx test/support/kms-server.ts --port N --hmac-key ${DEMO_MAC_KEY_ID}\` or leave out --kms-endpoint to use an in-process one.`,
      );
    }
    if (kmsEndpoint === undefined) {
      kmsServer = await startKmsServer();
      kmsServer.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: DEMO_MAC_KEY_ID });
      kmsEndpoint = kmsServer.endpoint;
    }
    const names = await ensureTables(ddb, options.prefix);
    const summary = await seedDemoData({
      doc,
      tableNames: names,
      kms: localKmsClient(kmsEndpoint),
      macKeyId: DEMO_MAC_KEY_ID,
      now: options.now,
    }).catch((error: unknown) => {
      if (error instanceof NotFoundException) {
        throw new Error(
          `the KMS server at ${kmsEndpoint} has no key ${DEMO_MAC_KEY_ID}: start it with \`--hmac-key ${DEMO_MAC_KEY_ID}\`.`,
        );
      }
      throw error;
    });
    console.log(
      `Seeded ${summary.customers} customers, ${summary.accounts} accounts and ${summary.orders} orders into ${options.endpoint} (prefix ${options.prefix}, PIN MAC key ${DEMO_MAC_KEY_ID}).`,
    );
    for (const [envVar, name] of Object.entries(tableEnv(names))) console.log(`  ${envVar}=${name}`);
  } finally {
    await kmsServer?.close();
    ddb.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
