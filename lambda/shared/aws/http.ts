/**
 * SDK client settings shared by every AWS client of the integrations. The SDK defaults (no
 * connection or request timeout, 3 attempts with back-off) can outlive Connect's invocation time
 * limit; these bound one call to roughly 2 × 800 ms plus a ~100 ms back-off, and the
 * per-invocation deadline guard (`../deadline.ts`) cuts anything longer.
 *
 * Note: in `@smithy/node-http-handler` 4.x `requestTimeout` alone only logs a warning when it
 * expires; `throwOnRequestTimeout: true` is what makes it fail the attempt (verified by the fault
 * tests: without it a hung endpoint was only ended by the deadline guard).
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Socket connect timeout (ms). Loopback and in-Region endpoints connect in single-digit ms. */
export const CONNECTION_TIMEOUT_MS = 300;

/** Timeout of one request attempt (ms). */
export const REQUEST_TIMEOUT_MS = 800;

/** Attempts per call (one retry), leaving time for Connect's own retry. */
export const MAX_ATTEMPTS = 2;

/** Client options common to DynamoDB, KMS and SNS clients. */
export interface ClientOptions {
  /** @default the SDK's (AWS_REGION) */
  readonly region?: string;
  /** @default the SDK's (AWS_ENDPOINT_URL_<SERVICE>, else the Region's endpoint) */
  readonly endpoint?: string;
  /** @default the SDK's credential chain */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** @default MAX_ATTEMPTS */
  readonly maxAttempts?: number;
  /** @default CONNECTION_TIMEOUT_MS */
  readonly connectionTimeoutMs?: number;
  /** @default REQUEST_TIMEOUT_MS */
  readonly requestTimeoutMs?: number;
}

/** The SDK client configuration for {@link ClientOptions}. */
export function clientConfig(options: ClientOptions = {}): {
  region?: string;
  endpoint?: string;
  credentials?: ClientOptions['credentials'];
  maxAttempts: number;
  requestHandler: NodeHttpHandler;
} {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    }),
  };
}
