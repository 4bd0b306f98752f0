/**
 * contact-options: the API behind the contact page (API Gateway REST, Lambda proxy integration).
 *
 * - `GET  /api/intents?lang=`                                   intent tiles
 * - `GET  /api/options?intent=&lang=&device=&segment=`          ranked channels (decision function)
 * - `POST /api/callback  {intent, phone, lang?, requestId?}`     web callback (Connect task -> queued callback)
 * - `POST /api/events    {events: [{type, intent, channel?, step?}]}`  page journey events -> EMF
 *
 * Thin adapter: parse and bound the request, call the domain with its ports, answer JSON. Every
 * refusal is a 4xx with `{ error: { code, message, problems? } }`; a dependency failure is a 503 (the
 * page then shows the phone number). The omnichannel model is compiled into the bundle (see
 * `lib/constructs/contact-options-api.ts`), so it is exactly the one validated at synth.
 *
 * Only CloudFront may call it: CloudFront adds the origin secret header ({@link ORIGIN_SECRET_HEADER},
 * a Secrets Manager value the stack puts both in the distribution's origin custom headers and in this
 * function's environment as CloudFormation dynamic references). A request without the secret (the
 * execute-api endpoint called directly) is refused with 403 before anything is read or written,
 * whatever `CloudFront-Viewer-Address` or `X-Forwarded-For` it carries. With the secret verified, the
 * client address is `CloudFront-Viewer-Address` (set by CloudFront from the viewer's connection);
 * `X-Forwarded-For` is never read.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  OUTBOUND_POLICY_ENV,
  WEB_CALLBACK_SIGNAL_SOURCE,
  type SecurityMetric,
} from '../../lib/integrations/contracts';
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { CALLBACK_REQUEST_METRIC, JOURNEY_NAMESPACE, JOURNEY_SERVICE } from '../../lib/omnichannel/reporting';
import type { OmnichannelModel } from '../../lib/omnichannel/types';
import {
  answerLanguage,
  ApiError,
  callbackBodySchema,
  clientGroup,
  contactOptions,
  eventsBodySchema,
  intentsQuerySchema,
  intentTiles,
  journeyEvents,
  optionsQuerySchema,
  parseRequest,
  requestCallback,
  type CallbackPort,
  type ContactOptionsPorts,
  type QueueMetrics,
  type QueueMetricsPort,
  viewerIp,
} from '../domain/contact-options';
import { parseOutboundPolicy, policyFromConfig, REFUSE_ALL_POLICY } from '../domain/number-policy';
import type { Clock, MacPort, RandomSource } from '../domain/ports';
import { defaultDocumentClient, DynamoRoutingStateRepository } from '../shared/aws/dynamodb';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { DerivedKeyPseudonyms } from '../shared/pseudonyms';
import { DeadlineExceededError, withDeadline } from '../shared/deadline';
import { publishSecuritySignals } from '../shared/observability';
import { baseDeps, requireSetting, tableName, type TableNames } from '../shared/deps';
import { ConnectCallbacks, ConnectQueueMetrics, createConnectClient } from './connect';
import { DynamoCallbackStore } from './store';

/** The part of an API Gateway REST proxy event the handler reads (the local test server builds one too). */
export interface ApiRequest {
  readonly resource?: string | null;
  readonly path?: string | null;
  readonly httpMethod: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  /** Every value of repeated headers (API Gateway keeps only the last one in `headers`). */
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext?: { readonly identity?: { readonly sourceIp?: string | null } | null } | null;
}

/** A proxy integration response. */
export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 4096;

/** How long live queue metrics are reused (ms): Connect's real-time metrics refresh every few seconds. */
export const METRICS_CACHE_MS = 5000;

/** Time budget of one request (ms), well inside the function timeout. */
export const REQUEST_BUDGET_MS = 4000;

/**
 * Header CloudFront adds to every origin request with the origin secret (the distribution's origin
 * custom header; must equal `ORIGIN_SECRET_HEADER` of `lib/constructs/contact-options-api.ts`).
 */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/** Environment variable holding the origin secret (a CloudFormation dynamic reference at deploy). */
export const ORIGIN_SECRET_ENV = 'ORIGIN_SECRET';

/** Shortest origin secret accepted (the stack generates 48 characters). */
export const MIN_ORIGIN_SECRET_LENGTH = 32;

/** Header CloudFront sets to the viewer's `ip:port` (when the origin request policy includes it). */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

/** Dependencies of the handler; anything not given comes from the environment. */
export interface ContactOptionsDeps {
  readonly model: OmnichannelModel;
  readonly doc: DynamoDBDocumentClient;
  /** RoutingState (scan) and OtpChallenges (pending callbacks and counters). */
  readonly tables: TableNames;
  readonly queueMetrics: QueueMetricsPort;
  readonly callbacks: CallbackPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger: Logger;
  /** Metrics in the journey namespace. */
  readonly metrics: Metrics;
  /** The origin secret CloudFront sends in {@link ORIGIN_SECRET_HEADER}. Env: ORIGIN_SECRET. */
  readonly originSecret: string;
  /** MAC port of the keyed pseudonyms (numbers, clients). Env: MAC_KEY_ID (KMS HMAC key). */
  readonly mac: MacPort;
  /** Outbound number policy and global budgets; undefined refuses every number. Env: OUTBOUND_POLICY. */
  readonly outbound: OutboundPolicyConfig | undefined;
  /** @default METRICS_CACHE_MS */
  readonly metricsCacheMs?: number;
  /** @default REQUEST_BUDGET_MS */
  readonly budgetMs?: number;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function errorResponse(error: ApiError): ApiResponse {
  return json(
    error.status,
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.problems.length > 0 ? { problems: error.problems } : {}),
      },
    },
    error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {},
  );
}

function header(request: ApiRequest, name: string): string | undefined {
  const headers = request.headers ?? {};
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return value ?? undefined;
  return undefined;
}

function jsonBody(request: ApiRequest): unknown {
  const type = header(request, 'content-type') ?? '';
  if (!/^application\/json(\s*;|$)/i.test(type.trim())) {
    throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
  }
  const raw = request.body ?? '';
  const text = request.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new ApiError(413, 'BODY_TOO_LARGE', `the body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'INVALID_JSON', 'the body is not valid JSON');
  }
}

/** SHA-256 of a secret: comparing digests takes the same time whatever the lengths. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether the request carries the origin secret, compared in constant time. A repeated header is
 * refused (CloudFront sends it once).
 */
export function fromCloudFront(request: ApiRequest, secretDigest: Buffer): boolean {
  const values = headerValues(request, ORIGIN_SECRET_HEADER);
  if (values.length !== 1) return false;
  return timingSafeEqual(digest(values[0]), secretDigest);
}

/**
 * The client group of a request that came through CloudFront: the IP of its single
 * `CloudFront-Viewer-Address` (ip:port), IPv4 whole, IPv6 by /64 ({@link clientGroup}). Undefined
 * when the header is missing, repeated or malformed (the request is then refused). Only ever stored
 * as a keyed pseudonym; never logged.
 */
export function clientAddress(request: ApiRequest): string | undefined {
  const values = headerValues(request, VIEWER_ADDRESS_HEADER);
  if (values.length !== 1 || values[0].includes(',')) return undefined;
  const ip = viewerIp(values[0]);
  return ip === undefined ? undefined : clientGroup(ip);
}

/** Every value of a header, from `multiValueHeaders` when present, else `headers`. */
function headerValues(request: ApiRequest, name: string): string[] {
  const found: string[] = [];
  const multi = request.multiValueHeaders;
  if (multi) {
    for (const [key, values] of Object.entries(multi))
      if (key.toLowerCase() === name && values) found.push(...values);
    if (found.length > 0) return found;
  }
  for (const [key, value] of Object.entries(request.headers ?? {}))
    if (key.toLowerCase() === name && value !== undefined) found.push(value);
  return found;
}

/** Reuses one metrics answer for `ttlMs` (failures too, so a Connect outage is not hammered). */
export function cachedQueueMetrics(port: QueueMetricsPort, clock: Clock, ttlMs: number): QueueMetricsPort {
  let cached: { at: number; key: string; value: Promise<Readonly<Record<string, QueueMetrics>>> } | undefined;
  return {
    current(queueIds, signal) {
      const key = queueIds.join(',');
      const now = clock.now();
      if (!cached || cached.key !== key || now - cached.at >= ttlMs) {
        const value = port.current(queueIds, signal);
        value.catch(() => undefined);
        cached = { at: now, key, value };
      }
      return cached.value;
    },
  };
}

/** Journey metrics in their own namespace; the `service` dimension is `contact-options`. */
export function createJourneyMetrics(): Metrics {
  return new Metrics({ namespace: JOURNEY_NAMESPACE, serviceName: JOURNEY_SERVICE });
}

function queueArnsFromEnv(): Record<string, string> {
  const raw = process.env.QUEUE_ARNS;
  if (!raw) return {};
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('QUEUE_ARNS must be a JSON object');
  return Object.fromEntries(
    Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function forbidden(): ApiError {
  return new ApiError(403, 'FORBIDDEN', 'the request was refused');
}

/** Builds the handler; `model` is required, the rest defaults to the environment and AWS clients. */
export function createHandler(
  overrides: Partial<ContactOptionsDeps> & { readonly model: OmnichannelModel },
): (event: ApiRequest) => Promise<ApiResponse> {
  const base = baseDeps();
  const needsConnect = overrides.queueMetrics === undefined || overrides.callbacks === undefined;
  const connect = needsConnect ? createConnectClient() : undefined;
  const instanceId = needsConnect
    ? requireSetting(process.env.CONNECT_INSTANCE_ID, 'CONNECT_INSTANCE_ID')
    : '';
  const deps: ContactOptionsDeps = {
    tables: base.tables,
    clock: base.clock,
    random: base.random,
    logger: base.logger,
    doc: overrides.doc ?? defaultDocumentClient(),
    queueMetrics: overrides.queueMetrics ?? new ConnectQueueMetrics(connect!, instanceId, queueArnsFromEnv()),
    callbacks:
      overrides.callbacks ??
      new ConnectCallbacks(
        connect!,
        instanceId,
        requireSetting(process.env.WEB_CALLBACK_FLOW_ID, 'WEB_CALLBACK_FLOW_ID'),
      ),
    metrics: overrides.metrics ?? createJourneyMetrics(),
    originSecret: overrides.originSecret ?? requireSetting(process.env[ORIGIN_SECRET_ENV], ORIGIN_SECRET_ENV),
    // One MAC port per execution environment: the pseudonym key is derived once per cold start.
    mac: overrides.mac ?? macPortFor({ kms: defaultKmsClient(), macKeyId: process.env.MAC_KEY_ID }),
    outbound:
      'outbound' in overrides ? overrides.outbound : parseOutboundPolicy(process.env[OUTBOUND_POLICY_ENV]),
    ...overrides,
  };
  if (deps.originSecret.length < MIN_ORIGIN_SECRET_LENGTH) {
    throw new Error(
      `${ORIGIN_SECRET_ENV} has ${deps.originSecret.length} characters; set at least ${MIN_ORIGIN_SECRET_LENGTH} (the stack generates it)`,
    );
  }
  const secretDigest = digest(deps.originSecret);
  const pseudonyms = new DerivedKeyPseudonyms(deps.mac);
  // Fail closed: without a readable policy every number is refused.
  const policy = deps.outbound ? policyFromConfig(deps.outbound) : REFUSE_ALL_POLICY;
  const budget = {
    perHour: deps.outbound?.callbacksPerHour ?? 0,
    perDay: deps.outbound?.callbacksPerDay ?? 0,
  };
  if (!deps.outbound) deps.logger.error('no usable outbound number policy: every web callback is refused');
  const { model, logger, metrics } = deps;
  const queueMetrics = cachedQueueMetrics(
    deps.queueMetrics,
    deps.clock,
    deps.metricsCacheMs ?? METRICS_CACHE_MS,
  );

  const portsFor = (signal: AbortSignal): ContactOptionsPorts => ({
    model,
    routing: new DynamoRoutingStateRepository(deps.doc, tableName(deps.tables, 'RoutingState'), signal),
    metrics: queueMetrics,
    clock: deps.clock,
  });

  const count = (name: string, dimensions: Record<string, string>): void => {
    try {
      metrics.addDimensions(dimensions);
      metrics.addMetric(name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    } catch (error) {
      logger.warn('metric not recorded', { name, error: error instanceof Error ? error.name : 'unknown' });
    }
  };

  /** Security signals of the web callback route (the alarms sum them with the IVR's). */
  const signal_ = (metric: SecurityMetric): void => {
    try {
      publishSecuritySignals(WEB_CALLBACK_SIGNAL_SOURCE, [metric]);
    } catch {
      // Telemetry must never change the answer.
    }
  };

  const route = async (request: ApiRequest, signal: AbortSignal): Promise<ApiResponse> => {
    const resource = request.resource ?? request.path ?? '';
    const method = request.httpMethod.toUpperCase();
    const query = request.queryStringParameters ?? {};
    // The execute-api endpoint called directly: refused before anything is read or written.
    if (!fromCloudFront(request, secretDigest)) throw forbidden();
    const allow = (methods: string): ApiResponse =>
      json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: `use ${methods}` } }, { allow: methods });

    switch (resource) {
      case '/api/intents': {
        if (method !== 'GET') return allow('GET');
        const q = parseRequest(intentsQuerySchema, { ...query }, 'query');
        return json(200, intentTiles(model, answerLanguage(model, q.lang)), {
          'cache-control': 'public, max-age=300',
        });
      }
      case '/api/options': {
        if (method !== 'GET') return allow('GET');
        const q = parseRequest(optionsQuerySchema, { ...query }, 'query');
        const decision = await contactOptions(
          portsFor(signal),
          {
            intent: q.intent,
            language: answerLanguage(model, q.lang),
            device: q.device ?? 'desktop',
            ...(q.segment !== undefined ? { segment: q.segment } : {}),
          },
          signal,
        );
        return json(200, { ...decision, generatedAt: new Date(deps.clock.now()).toISOString() });
      }
      case '/api/callback': {
        if (method !== 'POST') return allow('POST');
        const body = parseRequest(callbackBodySchema, jsonBody(request), 'body');
        const client = clientAddress(request);
        if (client === undefined) throw forbidden();
        try {
          const accepted = await requestCallback(
            {
              ...portsFor(signal),
              store: new DynamoCallbackStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
              callbacks: deps.callbacks,
              random: deps.random,
              pseudonyms,
              policy,
              budget,
            },
            body,
            client,
            signal,
          );
          count(CALLBACK_REQUEST_METRIC, { Outcome: 'QUEUED' });
          signal_('CallbackRequested');
          return json(202, accepted);
        } catch (error) {
          if (error instanceof ApiError) {
            const outcome =
              error.code === 'INVALID_PHONE' || error.code === 'RATE_LIMITED'
                ? error.code
                : error.code === 'CALLBACK_NOT_OFFERED'
                  ? 'NOT_OFFERED'
                  : undefined;
            if (outcome) count(CALLBACK_REQUEST_METRIC, { Outcome: outcome });
            if (error.detail === 'number-refused') signal_('NumberRefused');
            else if (error.code === 'RATE_LIMITED')
              signal_(error.detail === 'budget-exhausted' ? 'BudgetExhausted' : 'RateLimited');
            if (error.detail !== undefined) logger.warn('callback refused', { reason: error.detail });
          } else count(CALLBACK_REQUEST_METRIC, { Outcome: 'UNAVAILABLE' });
          throw error;
        }
      }
      case '/api/events': {
        if (method !== 'POST') return allow('POST');
        const body = parseRequest(eventsBodySchema, jsonBody(request), 'body');
        for (const metric of journeyEvents(model, body)) count(metric.name, { ...metric.dimensions });
        return { statusCode: 204, headers: { ...JSON_HEADERS }, body: '' };
      }
      default:
        return json(404, { error: { code: 'NOT_FOUND', message: `no route ${method} ${resource}` } });
    }
  };

  return async (request) => {
    const started = Date.now();
    let response: ApiResponse;
    try {
      response = await withDeadline(deps.budgetMs ?? REQUEST_BUDGET_MS, (signal) => route(request, signal));
    } catch (error) {
      if (error instanceof ApiError) response = errorResponse(error);
      else {
        logger.error('request failed', {
          error: error instanceof Error ? { name: error.name, message: error.message } : 'unknown',
          timeout: error instanceof DeadlineExceededError,
        });
        response = json(503, {
          error: {
            code: 'UNAVAILABLE',
            message: 'the service is unavailable right now; please call us instead',
          },
        });
      }
    }
    logger.info('request', {
      route: request.resource ?? request.path,
      method: request.httpMethod,
      statusCode: response.statusCode,
      latencyMs: Date.now() - started,
    });
    return response;
  };
}
