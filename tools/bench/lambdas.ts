/**
 * Benchmark of the integration handlers as deployed: each function is bundled with the exact
 * esbuild settings of the CDK functions (`lambda/build-options.ts`), then measured for
 * - bundle size (minified ESM, SDK bundled) and its gzip size,
 * - cold import time of the bundle in a fresh `node` process (median of 15),
 * - warm latency p50/p99 over 1,000 sequential invocations of the bundled handler against
 *   DynamoDB Local, with the loopback KMS server and an SNS stub in this process,
 * next to the p50/p99 of one raw GetItem round trip measured in the same run.
 *
 * The bundles are imported as Lambda would run them: configuration from environment variables
 * (table names, MAC_KEY_ID, AWS_ENDPOINT_URL_*), env-only credentials. Log and EMF output is
 * produced (its cost is part of the latency) but discarded.
 *
 * CLI: `tsx tools/bench/lambdas.ts [--endpoint http://127.0.0.1:8000]` (without an endpoint it
 * starts its own DynamoDB Local).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import { TABLE_LIST, type TableId } from '../../lib/data/schema';
import { STAGES } from '../../lib/config/stages';
import {
  INTEGRATION_LIST,
  INTEGRATIONS,
  OUTBOUND_POLICY_ENV,
  type IntegrationName,
} from '../../lib/integrations/contracts';
import { lambdaEntry, LAMBDA_ESBUILD_OPTIONS, preparePhoneMetadata } from '../../lambda/build-options';
import { issueAuthToken } from '../../lambda/domain/auth-token';
import { KmsMacPort, createKmsClient } from '../../lambda/shared/aws/kms';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../test/support/clients';
import { startKmsServer } from '../../test/support/kms-server';
import { ensureTables } from '../../test/support/tables';
import { DEMO_BASE_DATE, DEMO_MAC_KEY_ID } from '../demo-data';
import { seedDemoData } from '../seed';

/** Options of {@link benchLambdas}. */
export interface BenchLambdasOptions {
  /** DynamoDB Local endpoint, e.g. `http://127.0.0.1:8000`. */
  readonly ddbEndpoint: string;
  /**
   * Measured invocations per function.
   * @default 1000
   */
  readonly invocations?: number;
  /**
   * Fresh-process imports per function (the median is reported).
   * @default 15
   */
  readonly imports?: number;
}

/** Targets the table is checked against. */
export const LAMBDA_BENCH_TARGETS = { bundleBytes: 300 * 1024, importMs: 50, p99VsRawGetItem: 1.5 } as const;

type Handler = (event: unknown) => Promise<Record<string, string>>;

interface Row {
  readonly name: IntegrationName;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly importMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly status: string;
  readonly path: string;
}

const WARM_UP = 50;

/** Runs the benchmark and returns a Markdown report (a table plus notes). */
export async function benchLambdas(opts: BenchLambdasOptions): Promise<string> {
  const invocations = opts.invocations ?? 1000;
  if (!Number.isInteger(invocations) || invocations < 1 || invocations > MAX_INVOCATIONS) {
    throw new Error(`invocations must be an integer from 1 to ${MAX_INVOCATIONS}, got ${invocations}`);
  }
  const imports = opts.imports ?? 15;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-lambdas-'));
  const kms = await startKmsServer();
  const sns = await startSnsStub();
  const savedEnv = { ...process.env };
  const ddb = new DynamoDBClient({
    endpoint: opts.ddbEndpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const doc = DynamoDBDocumentClient.from(ddb);
  try {
    kms.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: DEMO_MAC_KEY_ID });
    const kmsClient = createKmsClient({
      endpoint: kms.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const mac = new KmsMacPort(kmsClient, DEMO_MAC_KEY_ID);
    const tables = await ensureTables(ddb, `bench-${Date.now().toString(36)}`);
    await seedDemoData({
      doc,
      tableNames: tables,
      kms: kmsClient,
      macKeyId: DEMO_MAC_KEY_ID,
      now: DEMO_BASE_DATE,
    });
    await seedBenchData(doc, tables, invocations + WARM_UP);

    // Bundles and fresh-process import times.
    const bundles = new Map<
      IntegrationName,
      { file: string; bytes: number; gzipBytes: number; importMs: number }
    >();
    preparePhoneMetadata();
    for (const fn of INTEGRATION_LIST) {
      const file = path.join(outDir, fn.name, 'index.mjs');
      await build({ ...LAMBDA_ESBUILD_OPTIONS, entryPoints: [lambdaEntry(fn.name)], outfile: file });
      const content = readFileSync(file);
      bundles.set(fn.name, {
        file,
        bytes: statSync(file).size,
        gzipBytes: gzipSync(content).length,
        importMs: median(Array.from({ length: imports }, () => coldImportMs(file))),
      });
    }

    // Calibration: importing an empty ESM module in a fresh process (loader overhead and machine load).
    const emptyModule = path.join(outDir, 'empty.mjs');
    writeFileSync(emptyModule, 'export {};\n');
    const baselineImportMs = median(Array.from({ length: imports }, () => coldImportMs(emptyModule)));

    // The environment a deployed function gets.
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: opts.ddbEndpoint,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      MAC_KEY_ID: DEMO_MAC_KEY_ID,
      SELF_SERVICE_BASE_URL: 'https://help.example.com/self-service',
      RESET_BASE_URL: 'https://account.example.com/reset',
      POWERTOOLS_SERVICE_NAME: 'bench',
      // Generous global budgets: the bench measures latency, not the limits.
      [OUTBOUND_POLICY_ENV]: JSON.stringify({
        ...STAGES.dev.outbound,
        smsPerHour: 1_000_000,
        smsPerDay: 1_000_000,
        callbacksPerHour: 1_000_000,
        callbacksPerDay: 1_000_000,
      }),
      CALLBACK_COUNTRY: 'FR',
      ...Object.fromEntries(TABLE_LIST.map((table) => [table.envVar, tables[table.id]])),
    });
    delete process.env.AWS_PROFILE;

    // Raw round trip: one GetItem with the handlers' client settings.
    const raw = new DynamoDBClient({
      endpoint: opts.ddbEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const rawTimes = await timeRuns(invocations, () =>
      raw.send(new GetItemCommand({ TableName: tables.Customers, Key: { customerId: { S: 'CUST0001' } } })),
    );
    raw.destroy();

    const rows: Row[] = [];
    const scenarios = makeScenarios(mac, sns);
    for (const fn of INTEGRATION_LIST) {
      const bundle = bundles.get(fn.name)!;
      const module = (await dynamicImport(pathToFileURL(bundle.file).href)) as { handler: Handler };
      const scenario = scenarios[fn.name];
      await scenario.prepare?.();
      let status = '';
      let index = 0;
      const times = await withSilencedOutput(() =>
        timeRuns(invocations, async () => {
          const response = await module.handler(await scenario.event(index++));
          status = response.status;
        }),
      );
      rows.push({
        name: fn.name,
        ...bundle,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        status,
        path: scenario.path,
      });
    }
    kmsClient.destroy();
    return report(
      rows,
      { p50: percentile(rawTimes, 50), p99: percentile(rawTimes, 99) },
      baselineImportMs,
      invocations,
      imports,
    );
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    ddb.destroy();
    await sns.close();
    await kms.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** `import()` that TypeScript's CommonJS output does not rewrite into `require()` (bundles are ESM). */
const dynamicImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** Milliseconds a fresh `node` process takes to import the bundle (process start excluded). */
function coldImportMs(file: string): number {
  const script =
    'const t=performance.now();await import(process.argv[1]);process.stdout.write(String(performance.now()-t));';
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, pathToFileURL(file).href],
    {
      env: { PATH: process.env.PATH ?? '', AWS_REGION: LOCAL_REGION, NODE_NO_WARNINGS: '1' },
      encoding: 'utf8',
    },
  );
  return Number(out.trim().split('\n').pop());
}

interface Scenario {
  /** What the measured invocations do. */
  readonly path: string;
  prepare?(): Promise<void>;
  event(index: number): Promise<unknown>;
}

function connectEvent(
  contactId: string,
  parameters: Record<string, string>,
  caller = '+447700900123',
): unknown {
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        ContactId: contactId,
        InitialContactId: contactId,
        Channel: 'VOICE',
        CustomerEndpoint: { Address: caller, Type: 'TELEPHONE_NUMBER' },
        Attributes: {},
      },
      Parameters: parameters,
    },
  };
}

const benchCustomer = (i: number) => `BENCH${String(i).padStart(5, '0')}`;
/** First number of each purpose's block in the fiction range (+33 6 39 98 00 00 - 99 99). */
const PHONE_BLOCKS = { caller: 1000, customer: 3200, link: 5400, callback: 7600 } as const;

/** Most invocations per function (each purpose's block of fictional numbers holds 2,200). */
const MAX_INVOCATIONS = 2200 - WARM_UP;

/**
 * A number from Arcep's range for fiction (like the demo data's), distinct per index and purpose
 * and clear of the demo customers' numbers (which would make identify-caller see a shared number).
 */
const benchPhone = (block: keyof typeof PHONE_BLOCKS, i: number) =>
  `+3363998${String(PHONE_BLOCKS[block] + i).padStart(4, '0')}`;

function makeScenarios(mac: KmsMacPort, sns: SnsStub): Record<IntegrationName, Scenario> {
  const otpContacts: string[] = [];
  const tokenContact = randomUUID();
  let pinToken = '';
  let otpToken = '';
  const mint = async (): Promise<void> => {
    const now = Date.now();
    pinToken = await issueAuthToken(
      mac,
      { contactId: tokenContact, customerId: 'CUST0001', level: 'PIN', accountNumber: '41020001' },
      now,
    );
    otpToken = await issueAuthToken(
      mac,
      { contactId: tokenContact, customerId: 'CUST0001', level: 'OTP' },
      now,
    );
  };
  return {
    'identify-caller': {
      path: 'FOUND: Customers byPhone query + Orders byCustomer query',
      event: async () => connectEvent(randomUUID(), {}, '+447700900456'),
    },
    'otp-start': {
      path: 'SENT: 2 GetItem, KMS GenerateMac, TransactWrite (challenge + 2 counters), SNS Publish, UpdateItem',
      event: async (i) => {
        const contactId = randomUUID();
        otpContacts[i] = contactId;
        return connectEvent(contactId, { customerId: benchCustomer(i) }, benchPhone('caller', i));
      },
    },
    'otp-verify': {
      path: 'VERIFIED: conditional UpdateItem, KMS VerifyMac, KMS GenerateMac (token), conditional UpdateItem',
      event: async (i) => {
        const code = sns.codeFor(benchPhone('customer', i));
        return connectEvent(otpContacts[i]!, { customerId: benchCustomer(i), code });
      },
    },
    'pin-verify': {
      path: 'VERIFIED: conditional UpdateItem, KMS VerifyMac, UpdateItem, KMS GenerateMac (token)',
      event: async () => connectEvent(randomUUID(), { accountNumber: '41020001', pin: '4827' }),
    },
    'balance-lookup': {
      path: 'SUCCESS: KMS VerifyMac (token) + GetItem',
      prepare: mint,
      event: async () => connectEvent(tokenContact, { authToken: pinToken }),
    },
    'order-status': {
      path: 'SUCCESS: KMS VerifyMac (token) + GetItem',
      prepare: mint,
      event: async () => connectEvent(tokenContact, { authToken: otpToken, orderId: '50012388' }),
    },
    'password-reset': {
      path: 'SENT: KMS VerifyMac (token), GetItem, SNS Publish',
      prepare: mint,
      event: async () => connectEvent(tokenContact, { authToken: otpToken }),
    },
    'routing-context': {
      path: 'OK: Scan of RoutingState (4 items)',
      event: async () => connectEvent(randomUUID(), { language: 'en' }),
    },
    'sms-link': {
      path: 'SENT: BatchGet (sliding limits), TransactWrite (marker + 2 limits + 2 budget counters), SNS Publish',
      event: async (i) => connectEvent(randomUUID(), { intent: 'billing' }, benchPhone('link', i)),
    },
    'callback-number': {
      path: 'ALLOWED: number policy, BatchGet (sliding limits), TransactWrite (marker + 2 limits + 2 budget counters)',
      event: async (i) => connectEvent(randomUUID(), { source: 'caller' }, benchPhone('callback', i)),
    },
  };
}

/** Bench customers (one per otp-start invocation, so no send limit is hit) and routing state. */
async function seedBenchData(
  doc: DynamoDBDocumentClient,
  tables: Record<TableId, string>,
  count: number,
): Promise<void> {
  const customers = Array.from({ length: count }, (_, i) => ({
    customerId: benchCustomer(i),
    phoneE164: benchPhone('customer', i),
    firstName: 'Bench',
    language: 'en',
  }));
  for (let i = 0; i < customers.length; i += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [tables.Customers]: customers.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  const since = new Date().toISOString();
  for (const item of [
    { queue: 'general', mode: 'NORMAL', since, reason: 'alarm OK' },
    { queue: 'billing', mode: 'CALLBACK', since, reason: 'wait', alarm: 'billing-wait' },
    { queue: 'sales', mode: 'NORMAL', since, override: { mode: 'OVERFLOW', reason: 'campaign' } },
    { queue: '#announcement', text: { en: 'Thank you for calling.', fr: 'Merci de votre appel.' } },
  ]) {
    await doc.send(new PutCommand({ TableName: tables.RoutingState, Item: item }));
  }
}

interface SnsStub {
  readonly endpoint: string;
  /** The OTP last texted to a number. */
  codeFor(phone: string): string;
  close(): Promise<void>;
}

/** Answers SNS Publish (query protocol) and remembers the OTP codes texted. */
async function startSnsStub(): Promise<SnsStub> {
  const codes = new Map<string, string>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const code = /\b(\d{6})\b/.exec(body.get('Message') ?? '');
      if (code) codes.set(body.get('PhoneNumber') ?? '', code[1]!);
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    codeFor: (phone) => codes.get(phone) ?? '000000',
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Times `count` sequential runs after a warm-up; returns milliseconds. */
async function timeRuns(count: number, run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

/** Runs `work` with stdout/stderr discarded (the handlers' JSON logs and EMF). */
async function withSilencedOutput<T>(work: () => Promise<T>): Promise<T> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const sink = (() => true) as typeof process.stdout.write;
  process.stdout.write = sink;
  process.stderr.write = sink;
  try {
    return await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function median(values: readonly number[]): number {
  return percentile(values, 50);
}

function report(
  rows: readonly Row[],
  raw: { p50: number; p99: number },
  baselineImportMs: number,
  invocations: number,
  imports: number,
): string {
  const t = LAMBDA_BENCH_TARGETS;
  const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const mark = (ok: boolean) => (ok ? '' : ' ✗');
  const lines = [
    `| function | bundle KB (gzip) | cold import ms (median of ${imports}) | warm p50 ms | warm p99 ms | p99 / raw GetItem p99 | status | measured path |`,
    '|---|---:|---:|---:|---:|---:|---|---|',
    ...rows.map((row) => {
      const ratio = row.p99 / raw.p99;
      return (
        `| ${row.name} | ${kb(row.bytes)}${mark(row.bytes <= t.bundleBytes)} (${kb(row.gzipBytes)}) | ` +
        `${ms(row.importMs)}${mark(row.importMs <= t.importMs)} | ${ms(row.p50)} | ${ms(row.p99)} | ` +
        `${ratio.toFixed(2)} | ${row.status} | ${row.path} |`
      );
    }),
    `| raw GetItem (DynamoDB Local) | | | ${ms(raw.p50)} | ${ms(raw.p99)} | 1.00 | | one GetItem, same client settings |`,
    `| empty ESM module (baseline) | | ${ms(baselineImportMs)} | | | | | loader overhead and machine load |`,
    '',
    `Warm latency: ${invocations} sequential invocations per function after ${WARM_UP} warm-up calls, bundled handler ` +
      'imported in-process, DynamoDB Local on loopback, loopback KMS server and SNS stub in the same process; ' +
      `Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ` +
      `load average ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join('/')} at the end (other work on the machine inflates import times).`,
    `Targets: bundle ≤ ${t.bundleBytes / 1024} KB, cold import ≤ ${t.importMs} ms, lookup p99 ≤ ${t.p99VsRawGetItem}× ` +
      'raw GetItem p99 (✗ marks a miss). Functions making several calls (KMS + DynamoDB, transactions, SNS) ' +
      'are expected to cost about one round trip per call; the single-read lookups are the ones the ratio target applies to.',
    `Time limits (flow): ${INTEGRATION_LIST.map((fn) => `${fn.name} ${INTEGRATIONS[fn.name].timeLimitSeconds} s`).join(', ')}.`,
  ];
  return lines.join('\n');
}

if (require.main === module) {
  void (async () => {
    const index = process.argv.indexOf('--endpoint');
    let endpoint = index > 0 ? process.argv[index + 1] : undefined;
    let stop: (() => Promise<void>) | undefined;
    try {
      if (!endpoint) {
        const { startDynamoDbLocal } = await import('../../test/support/dynamodb-local');
        const local = await startDynamoDbLocal();
        endpoint = local.endpoint;
        stop = () => local.stop();
      }
      console.log(await benchLambdas({ ddbEndpoint: endpoint }));
    } catch (error) {
      console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    } finally {
      await stop?.();
    }
  })();
}
