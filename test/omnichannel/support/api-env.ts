/**
 * Shared set-up of the contact-options handler tests: fresh tables in the DynamoDB Local of the Jest
 * global setup, the real DynamoDB adapters, the real Connect adapters against the loopback Connect
 * stand-in (or a fake metrics port), the real KMS MAC adapter against the loopback KMS (keyed
 * pseudonyms), and request builders in API Gateway's proxy shape as CloudFront forwards them
 * (origin secret and `CloudFront-Viewer-Address`).
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { TableId } from '../../../lib/data/schema';
import { DEFAULT_JOURNEY_MAP, WEEKDAYS } from '../../../lib/journey';
import {
  buildOmnichannelModel,
  DEFAULT_REFERENTIAL,
  JOURNEY_NAMESPACE,
  JOURNEY_SERVICE,
  type OmnichannelModel,
} from '../../../lib/omnichannel';
import type { QueueMetrics, QueueMetricsPort } from '../../../lambda/domain/contact-options';
import type { Clock } from '../../../lambda/domain/ports';
import {
  ConnectCallbacks,
  ConnectQueueMetrics,
  createConnectClient,
} from '../../../lambda/contact-options/connect';
import {
  createHandler,
  type ApiRequest,
  type ApiResponse,
  type ContactOptionsDeps,
} from '../../../lambda/contact-options/index';
import type { OutboundPolicyConfig } from '../../../lib/config/stage-config';
import { createDocumentClient } from '../../../lambda/shared/aws/dynamodb';
import { createKmsClient, KmsMacPort } from '../../../lambda/shared/aws/kms';
import { DerivedKeyPseudonyms } from '../../../lambda/shared/pseudonyms';
import { startKmsServer } from '../../support/kms-server';
import { createLogger } from '../../../lambda/shared/observability';
import { cryptoRandom } from '../../../lambda/shared/system';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClients, uniquePrefix } from '../../support/clients';
import { createTables } from '../../support/tables';
import { startConnectServer, type ConnectServer } from './connect-server';

/** The default model. */
export const DEFAULT_MODEL: OmnichannelModel = buildOmnichannelModel(
  DEFAULT_JOURNEY_MAP,
  DEFAULT_REFERENTIAL,
  {
    selfServiceBaseUrl: 'https://help.example.com/self-service',
  },
);

/**
 * The model with hours open all week and no holidays, so tests can run on the real clock (DynamoDB
 * Local deletes items whose TTL has passed, so a clock far in the past would lose its counters).
 */
export function alwaysOpen(model: OmnichannelModel = DEFAULT_MODEL): OmnichannelModel {
  return {
    ...model,
    hours: {
      ...model.hours,
      weekly: WEEKDAYS.map((day) => ({ day, start: '00:00', end: '24:00' })),
      holidays: [],
    },
  };
}

/** The model closed every day (holidays on every date is simplest: no weekly ranges). */
export function alwaysClosed(model: OmnichannelModel = DEFAULT_MODEL): OmnichannelModel {
  return { ...model, hours: { ...model.hours, weekly: [], holidays: [] } };
}

/** Fake queue ids -> ARNs as the stack passes them in QUEUE_ARNS. */
export const QUEUE_ARNS: Readonly<Record<string, string>> = Object.fromEntries(
  DEFAULT_MODEL.queueIds.map((id, i) => [
    id,
    `arn:aws:connect:eu-west-2:111122223333:instance/11111111-2222-3333-4444-555555555555/queue/${i}000000-0000-4000-8000-00000000000${i}`,
  ]),
);

/** The origin secret the test CloudFront (request builder, dev server) sends. */
export const TEST_ORIGIN_SECRET = 'test-origin-secret-0123456789abcdefghijklmnop';

/** The header carrying it. */
export const ORIGIN_HEADER = 'x-origin-verify';

/** A policy like the dev stage's, with a global budget the tests of one file never reach. */
export const TEST_OUTBOUND: OutboundPolicyConfig = {
  countries: ['GB', 'IE', 'FR', 'BE', 'DE'],
  smsPerHour: 100,
  smsPerDay: 500,
  callbacksPerHour: 1000,
  callbacksPerDay: 5000,
  smsMonthlySpendLimitUsd: 50,
};

/** The loopback HMAC key id. */
const MAC_KEY_ID = '0f0e0d0c-0b0a-4999-8888-777766665555';

/** The stand-in instance id. */
export const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';

/** A settable fake of the metrics port (the only Connect fake the browser test uses). */
export class FakeQueueMetrics implements QueueMetricsPort {
  values: Record<string, QueueMetrics> = {};
  calls = 0;
  failing = false;
  async current(queueIds: readonly string[]): Promise<Record<string, QueueMetrics>> {
    this.calls += 1;
    if (this.failing) throw new Error('metrics unavailable');
    return Object.fromEntries(queueIds.filter((id) => this.values[id]).map((id) => [id, this.values[id]]));
  }
}

/** A clock tests can move; starts at the real time. */
export class MovableClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

/** Everything a handler test needs. */
export interface ApiEnv {
  readonly tables: Record<TableId, string>;
  readonly doc: DynamoDBDocumentClient;
  readonly connect: ConnectServer;
  readonly clock: MovableClock;
  readonly metrics: Metrics;
  /** Keyed pseudonyms over the same loopback KMS key the handler uses. */
  readonly pseudonyms: DerivedKeyPseudonyms;
  /** A handler on these stand-ins; the metrics port defaults to the real adapter on the stand-in. */
  handler(
    overrides?: Partial<ContactOptionsDeps> & { model?: OmnichannelModel },
  ): (event: ApiRequest) => Promise<ApiResponse>;
  /** Every item of a table. */
  scan(table: TableId): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Creates the tables and starts the Connect stand-in. */
export async function startApiEnv(label: string): Promise<ApiEnv> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through Jest (global setup)');
  const { ddb } = localClients(endpoint);
  const tables = await createTables(ddb, uniquePrefix(label));
  const options = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const doc = createDocumentClient({ ...options, endpoint });
  const connect = await startConnectServer();
  const connectClient = createConnectClient({ ...options, endpoint: connect.endpoint });
  const clock = new MovableClock();
  const kmsServer = await startKmsServer();
  kmsServer.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: MAC_KEY_ID });
  const kms = createKmsClient({ ...options, endpoint: kmsServer.endpoint });
  const mac = new KmsMacPort(kms, MAC_KEY_ID);
  const metrics = new Metrics({ namespace: JOURNEY_NAMESPACE, serviceName: JOURNEY_SERVICE });
  const logger = createLogger('contact-options-test');
  return {
    tables,
    doc,
    connect,
    clock,
    metrics,
    pseudonyms: new DerivedKeyPseudonyms(mac),
    handler: (overrides = {}) =>
      createHandler({
        model: alwaysOpen(),
        doc,
        tables,
        clock,
        random: cryptoRandom,
        logger,
        metrics,
        metricsCacheMs: 0,
        queueMetrics: new ConnectQueueMetrics(connectClient, INSTANCE_ID, QUEUE_ARNS),
        callbacks: new ConnectCallbacks(connectClient, INSTANCE_ID, 'flow-0000-web-callback'),
        originSecret: TEST_ORIGIN_SECRET,
        mac,
        outbound: TEST_OUTBOUND,
        ...overrides,
      }),
    scan: async (table) => {
      const result = await doc.send(new ScanCommand({ TableName: tables[table], ConsistentRead: true }));
      return (result.Items ?? []) as Record<string, unknown>[];
    },
    close: async () => {
      await connect.close();
      await kmsServer.close();
      kms.destroy();
      connectClient.destroy();
      doc.destroy();
      ddb.destroy();
    },
  };
}

let viewerSeq = 0;

/** A fresh viewer address per call (documentation ranges), so tests do not share per-client limits. */
export function freshViewer(): string {
  viewerSeq += 1;
  return `198.18.${(viewerSeq >> 8) & 255}.${viewerSeq & 255}:${40000 + viewerSeq}`;
}

/**
 * A proxy request as API Gateway passes it on. By default it came through CloudFront: the origin
 * secret and a `CloudFront-Viewer-Address` (from `viewer`, else `sourceIp`, else a fresh address).
 * `viaCloudFront: false` builds a direct execute-api call (only `headers` are sent).
 */
export function apiRequest(
  method: string,
  resource: string,
  options: {
    query?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    sourceIp?: string;
    viewer?: string;
    viaCloudFront?: boolean;
  } = {},
): ApiRequest {
  const hasBody = options.body !== undefined || options.rawBody !== undefined;
  const viewer = options.viewer ?? (options.sourceIp ? `${options.sourceIp}:443` : freshViewer());
  return {
    resource,
    path: resource,
    httpMethod: method,
    headers: {
      ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
      ...(options.viaCloudFront === false
        ? {}
        : { [ORIGIN_HEADER]: TEST_ORIGIN_SECRET, 'CloudFront-Viewer-Address': viewer }),
      ...options.headers,
    },
    ...(options.multiValueHeaders ? { multiValueHeaders: options.multiValueHeaders } : {}),
    queryStringParameters: options.query ?? null,
    body: options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body)),
    isBase64Encoded: false,
    requestContext: { identity: { sourceIp: options.sourceIp ?? '203.0.113.10' } },
  };
}

/** The parsed JSON body of a response. */
export function bodyOf<T = Record<string, unknown>>(response: ApiResponse): T {
  return JSON.parse(response.body) as T;
}

/** Captures stdout while installed (Powertools logs and EMF). */
export class StdoutCapture {
  private chunks: string[] = [];
  private restore: (() => void) | undefined;

  install(): void {
    if (this.restore) return;
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: unknown): boolean => {
      this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    this.restore = () => {
      process.stdout.write = out;
    };
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** JSON lines captured since the last call, then cleared. */
  lines(): Array<Record<string, unknown>> {
    const text = this.chunks.join('');
    this.chunks = [];
    return text
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
