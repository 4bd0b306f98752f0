/**
 * The contract between the contact flows and the Lambda integrations: for each function, the
 * parameters the flow sends, the `status` values it can branch on, the keys of the flat string map
 * it returns, and its flow time limit.
 *
 * The flow compiler (`lib/flows/`), the handlers (`lambda/`), the CDK wiring and the journey
 * simulator all read this one module, so a status the flow branches on cannot drift from the
 * statuses the handler returns. This module must not import aws-cdk-lib.
 */

/** Statuses every integration can return. */
export const COMMON_STATUSES = ['INVALID_INPUT', 'UNAVAILABLE'] as const;

/** One integration function's contract. */
export interface IntegrationContract {
  /** Kebab-case function name; also the folder under `lambda/` and the construct id. */
  readonly name: IntegrationName;
  readonly description: string;
  /** Keys of `Details.Parameters` the flow sends (all strings). Optional ones are suffixed by `?`. */
  readonly parameters: readonly string[];
  /** Business statuses besides the common ones. The first one is the success status. */
  readonly statuses: readonly string[];
  /** Keys of the returned map besides `status`. */
  readonly outputs: readonly string[];
  /** `InvocationTimeLimitSeconds` of the flow block (1-8). The function timeout is set just above it. */
  readonly timeLimitSeconds: number;
  /** Tables the function reads or writes, and how (`scan` = item reads plus Scan of a small table). */
  readonly tables: Readonly<
    Partial<
      Record<
        'Customers' | 'Accounts' | 'Orders' | 'OtpChallenges' | 'RoutingState',
        'read' | 'readWrite' | 'scan'
      >
    >
  >;
  /** KMS HMAC key operations the function needs. */
  readonly macKey: readonly ('GenerateMac' | 'VerifyMac')[];
  /** Whether the function sends SMS. */
  readonly sendsSms: boolean;
}

/** Names of the integration functions that contact flows invoke. */
export type IntegrationName =
  | 'identify-caller'
  | 'otp-start'
  | 'otp-verify'
  | 'pin-verify'
  | 'balance-lookup'
  | 'order-status'
  | 'password-reset'
  | 'routing-context'
  | 'sms-link';

/**
 * Auth levels carried by the auth token. `OTP` proves possession of the registered phone;
 * `PIN` proves knowledge of the account PIN and binds the token to that account.
 */
export type AuthLevel = 'OTP' | 'PIN';

/** Routing modes a queue can be in. */
export const ROUTING_MODES = ['NORMAL', 'CALLBACK', 'OVERFLOW', 'DEFLECT'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/** Security numbers (see `../shared/docs/reference/security-research.md`). */
export const SECURITY = {
  otpDigits: 6,
  otpLifetimeSeconds: 300,
  otpMaxChecks: 5,
  otpMaxSendsPerCustomer: 5,
  otpMaxSendsPerCaller: 5,
  otpSendWindowSeconds: 600,
  pinMaxFailures: 5,
  pinLockSeconds: 1800,
  authTokenLifetimeSeconds: 600,
} as const;

/**
 * MAC message formats (versioned for crypto agility). The PIN MAC binds the PIN to its account; the
 * OTP MAC binds the code to the contact and customer; the token MAC covers its whole payload.
 */
export const MAC_MESSAGE = {
  pin: (accountNumber: string, pin: string): string => `pin:v1:${accountNumber}:${pin}`,
  otp: (contactId: string, customerId: string, code: string): string =>
    `otp:v1:${contactId}:${customerId}:${code}`,
  token: (payload: string): string => `token:v1:${payload}`,
} as const;

/** Every integration, keyed by name. */
export const INTEGRATIONS: Readonly<Record<IntegrationName, IntegrationContract>> = {
  'identify-caller': {
    name: 'identify-caller',
    description:
      'looks up the caller by their E.164 number (caller ID identifies, never authenticates) and returns the personalisation data',
    parameters: [],
    statuses: ['FOUND', 'NOT_FOUND'],
    outputs: ['customerId', 'firstName', 'language', 'openCases', 'lastSentiment', 'segment', 'notice'],
    timeLimitSeconds: 3,
    tables: { Customers: 'read', Orders: 'read' },
    macKey: [],
    sendsSms: false,
  },
  'otp-start': {
    name: 'otp-start',
    description:
      'sends a 6-digit one-time password by SMS to the customer’s registered number; idempotent per contact',
    parameters: ['customerId'],
    statuses: ['SENT', 'NOT_FOUND', 'RATE_LIMITED'],
    outputs: ['phoneHint'],
    timeLimitSeconds: 5,
    tables: { Customers: 'read', OtpChallenges: 'readWrite' },
    macKey: ['GenerateMac'],
    sendsSms: true,
  },
  'otp-verify': {
    name: 'otp-verify',
    description:
      'checks a one-time password (single use, at most 5 checks, 5-minute life) and returns an auth token',
    parameters: ['customerId', 'code'],
    statuses: ['VERIFIED', 'INVALID_CODE', 'EXPIRED', 'LOCKED', 'NOT_FOUND'],
    outputs: ['authToken', 'attemptsLeft'],
    timeLimitSeconds: 3,
    tables: { OtpChallenges: 'readWrite' },
    macKey: ['GenerateMac', 'VerifyMac'],
    sendsSms: false,
  },
  'pin-verify': {
    name: 'pin-verify',
    description:
      'checks an account PIN against its KMS HMAC MAC; 5 failures lock the account for 30 minutes; returns an auth token',
    parameters: ['accountNumber', 'pin'],
    statuses: ['VERIFIED', 'INVALID_PIN', 'LOCKED'],
    outputs: ['authToken', 'customerId', 'attemptsLeft'],
    timeLimitSeconds: 3,
    tables: { Accounts: 'readWrite' },
    macKey: ['GenerateMac', 'VerifyMac'],
    sendsSms: false,
  },
  'balance-lookup': {
    name: 'balance-lookup',
    description: 'returns the balance of an account of the authenticated customer, formatted for speech',
    parameters: ['authToken', 'accountNumber?', 'language?'],
    statuses: ['SUCCESS', 'UNAUTHORIZED', 'NOT_FOUND'],
    outputs: ['balanceSpeech'],
    timeLimitSeconds: 3,
    tables: { Accounts: 'read' },
    macKey: ['VerifyMac'],
    sendsSms: false,
  },
  'order-status': {
    name: 'order-status',
    description:
      'returns the status and expected date of an order of the authenticated customer, formatted for speech',
    parameters: ['authToken', 'orderId', 'language?'],
    statuses: ['SUCCESS', 'UNAUTHORIZED', 'NOT_FOUND'],
    outputs: ['orderStatus', 'statusSpeech', 'expectedDateSpeech'],
    timeLimitSeconds: 3,
    tables: { Orders: 'read' },
    macKey: ['VerifyMac'],
    sendsSms: false,
  },
  'password-reset': {
    name: 'password-reset',
    description:
      'sends a single-use password reset link by SMS to the authenticated customer’s registered number',
    parameters: ['authToken', 'language?'],
    statuses: ['SENT', 'UNAUTHORIZED', 'NOT_FOUND'],
    outputs: ['phoneHint'],
    timeLimitSeconds: 5,
    tables: { Customers: 'read', OtpChallenges: 'readWrite' },
    macKey: ['VerifyMac'],
    sendsSms: true,
  },
  'routing-context': {
    name: 'routing-context',
    description: 'returns the routing mode of every queue and the current emergency or holiday announcement',
    parameters: ['language?'],
    statuses: ['OK'],
    // Plus one `mode_<queueId>` key per queue (see `routingModeKey`).
    outputs: ['announcement', 'hasAnnouncement', 'degraded'],
    timeLimitSeconds: 2,
    tables: { RoutingState: 'scan' },
    macKey: [],
    sendsSms: false,
  },
  'sms-link': {
    name: 'sms-link',
    description:
      'sends a self-service link for an intent by SMS to the caller’s number (deflection to a digital channel)',
    parameters: ['intent', 'language?'],
    statuses: ['SENT', 'RATE_LIMITED'],
    outputs: [],
    timeLimitSeconds: 4,
    tables: { OtpChallenges: 'readWrite' },
    macKey: [],
    sendsSms: true,
  },
};

/** Every integration as a list. */
export const INTEGRATION_LIST: readonly IntegrationContract[] = Object.values(INTEGRATIONS);

/** All statuses a function can return, common ones included. */
export function statusesOf(name: IntegrationName): readonly string[] {
  return [...INTEGRATIONS[name].statuses, ...COMMON_STATUSES];
}

/** Output key of `routing-context` carrying a queue's routing mode. */
export function routingModeKey(queueId: string): string {
  return `mode_${queueId}`;
}
