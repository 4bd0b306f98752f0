/**
 * Shared set-up of the handler tests: fresh tables in the DynamoDB Local of the Jest global setup,
 * the demo data seeded, a loopback KMS server with the demo HMAC key, real SDK clients with the
 * handlers' own timeouts, an SMS outbox, a movable clock, Connect events and log capture.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { TableId } from '../../lib/data/schema';
import { issueAuthToken } from '../../lambda/domain/auth-token';
import type { AuthLevel, Clock, SmsMessage, SmsPort } from '../../lambda/domain/ports';
import { createDocumentClient } from '../../lambda/shared/aws/dynamodb';
import { createKmsClient, KmsMacPort } from '../../lambda/shared/aws/kms';
import type { IntegrationDeps } from '../../lambda/shared/deps';
import { createLogger, createMetrics } from '../../lambda/shared/observability';
import { cryptoRandom } from '../../lambda/shared/system';
import { DEMO_BASE_DATE, DEMO_MAC_KEY_ID } from '../../tools/demo-data';
import { seedDemoData } from '../../tools/seed';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClients, uniquePrefix } from '../support/clients';
import { startKmsServer, type KmsServer } from '../support/kms-server';
import { STAGES } from '../../lib/config/stages';
import { createTables } from '../support/tables';

/**
 * Start of the current 10-minute send window (+1 s). Tests run near real time because DynamoDB Local
 * 1.25 does delete items whose TTL has passed: a clock hours in the past would see its challenges
 * and counters vanish mid-test. Starting at a window boundary keeps a test inside one window.
 */
export function windowStart(now = Date.now()): number {
  return Math.floor(now / 600_000) * 600_000 + 1000;
}

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(public current: number = windowStart()) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Collects SMS instead of sending them; can be told to fail. */
export class SmsOutbox implements SmsPort {
  readonly messages: SmsMessage[] = [];
  failures = 0;

  async send(message: SmsMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('SMS provider unavailable'), { name: 'InternalErrorException' });
    }
    this.messages.push(message);
  }

  /** The 6-digit code of the last OTP message. */
  lastCode(): string {
    const text = [...this.messages].reverse().find((message) => message.purpose === 'otp')?.text ?? '';
    const match = /\b(\d{6})\b/.exec(text);
    if (!match) throw new Error('no OTP in the outbox');
    return match[1]!;
  }
}

/** Everything a handler test file needs. */
export interface HandlerEnv {
  readonly tables: Record<TableId, string>;
  readonly doc: DynamoDBDocumentClient;
  readonly kms: KMSClient;
  readonly kmsServer: KmsServer;
  readonly macKeyId: string;
  readonly clock: TestClock;
  readonly outbox: SmsOutbox;
  /** Deps for `createHandler`, pointing at the local stand-ins. */
  deps(extra?: Partial<IntegrationDeps>): Partial<IntegrationDeps>;
  /** Mints a token as otp-verify / pin-verify would. */
  token(claims: {
    contactId: string;
    customerId: string;
    level: AuthLevel;
    accountNumber?: string;
  }): Promise<string>;
  close(): Promise<void>;
}

/** Creates tables, seeds the demo data and starts the KMS server. */
export async function startHandlerEnv(label: string): Promise<HandlerEnv> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through Jest (global setup)');
  const { ddb, doc: seedDoc } = localClients(endpoint);
  const tables = await createTables(ddb, uniquePrefix(label));
  const kmsServer = await startKmsServer();
  kmsServer.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: DEMO_MAC_KEY_ID });
  const clientOptions = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const doc = createDocumentClient({ ...clientOptions, endpoint });
  const kms = createKmsClient({ ...clientOptions, endpoint: kmsServer.endpoint });
  const clock = new TestClock();
  await seedDemoData({
    doc: seedDoc,
    tableNames: tables,
    kms,
    macKeyId: DEMO_MAC_KEY_ID,
    now: DEMO_BASE_DATE,
  });
  const outbox = new SmsOutbox();
  const logger = createLogger('test');
  const metrics = createMetrics('test');
  return {
    tables,
    doc,
    kms,
    kmsServer,
    macKeyId: DEMO_MAC_KEY_ID,
    clock,
    outbox,
    deps: (extra = {}) => ({
      doc,
      kms,
      tables,
      macKeyId: DEMO_MAC_KEY_ID,
      clock,
      random: cryptoRandom,
      sms: outbox,
      logger,
      metrics,
      selfServiceBaseUrl: 'https://help.example.com/self-service',
      resetBaseUrl: 'https://account.example.com/reset',
      routingQueues: [],
      outbound: STAGES.dev.outbound,
      ...extra,
    }),
    token: (claims) => issueAuthToken(new KmsMacPort(kms, DEMO_MAC_KEY_ID), claims, clock.now()),
    close: async () => {
      await kmsServer.close();
      doc.destroy();
      kms.destroy();
      ddb.destroy();
    },
  };
}

let contactCounter = 0;

/** A fresh contact id (UUID-shaped, unique per test process). */
export function newContactId(): string {
  contactCounter += 1;
  const hex = `${process.pid.toString(16)}${contactCounter.toString(16)}${Date.now().toString(16)}`.padStart(
    32,
    'a',
  );
  const h = hex.slice(-32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Options of a Connect event. */
export interface EventOptions {
  readonly contactId?: string;
  readonly initialContactId?: string;
  readonly caller?: string | null;
  readonly parameters?: Record<string, string>;
}

/** A Contact flow event as Connect sends it to the Invoke AWS Lambda function block. */
export function connectEvent(options: EventOptions = {}): Record<string, unknown> {
  const contactId = options.contactId ?? newContactId();
  return {
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        Attributes: {},
        Channel: 'VOICE',
        ContactId: contactId,
        InitialContactId: options.initialContactId ?? contactId,
        PreviousContactId: contactId,
        InitiationMethod: 'INBOUND',
        InstanceARN: 'arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555',
        CustomerEndpoint:
          options.caller === null
            ? null
            : { Address: options.caller ?? '+447700900123', Type: 'TELEPHONE_NUMBER' },
        SystemEndpoint: { Address: '+442079460000', Type: 'TELEPHONE_NUMBER' },
        Queue: null,
      },
      Parameters: options.parameters ?? {},
    },
  };
}

/** Captures everything written to stdout/stderr (Powertools logs and EMF) while installed. */
export class OutputCapture {
  private chunks: string[] = [];
  private restore: (() => void) | undefined;

  install(): void {
    if (this.restore) return;
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown): boolean => {
      this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    this.restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
    };
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** Everything captured since the last `take()`, then cleared. */
  take(): string {
    const text = this.chunks.join('');
    this.chunks = [];
    return text;
  }

  /** Parsed JSON log lines captured since the last `take()`, then cleared. */
  takeLines(): Array<Record<string, unknown>> {
    return this.take()
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
