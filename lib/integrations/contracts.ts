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
  /**
   * Partition-key prefixes the function may touch in the OtpChallenges (security state) table; the
   * CDK wiring turns them into a `dynamodb:LeadingKeys` condition, so a function can only read or
   * write its own items. Required whenever `tables.OtpChallenges` is set.
   */
  readonly securityItems?: readonly SecurityItemPrefix[];
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
  | 'sms-link'
  | 'callback-number';

/**
 * Auth levels carried by the auth token. `OTP` proves possession of the registered phone;
 * `PIN` proves knowledge of the account PIN and binds the token to that account.
 */
export type AuthLevel = 'OTP' | 'PIN';

/** Routing modes a queue can be in. */
export const ROUTING_MODES = ['NORMAL', 'CALLBACK', 'OVERFLOW', 'DEFLECT'] as const;
export type RoutingMode = (typeof ROUTING_MODES)[number];

/**
 * Item kinds of the OtpChallenges table, which holds every piece of short-lived security state.
 * Each kind has its own partition-key prefix; functions are granted only the prefixes they own
 * (`IntegrationContract.securityItems`, enforced with `dynamodb:LeadingKeys`).
 */
export const SECURITY_ITEMS = {
  /** `challenge#<contactId>`: an OTP challenge (MAC of the code only). */
  otpChallenge: 'challenge#',
  /** `guard#pin#<pseudonym of the account number>`: PIN guessing limits of one account number. */
  pinGuard: 'guard#pin#',
  /** `guard#otp#<customerId>`: OTP guessing limits of one customer. */
  otpGuard: 'guard#otp#',
  /** `rate#otp#...`: OTP send limits per customer and calling number. */
  otpRate: 'rate#otp#',
  /** `rate#link#...` and `sent#link#...`: self-service link limits and once-per-contact markers. */
  linkRate: 'rate#link#',
  linkSent: 'sent#link#',
  /** `reset#<sha256>` / `reset-contact#<contactId>`: password-reset grants. */
  resetGrant: 'reset#',
  resetContact: 'reset-contact#',
  /** `rate#reset#...`: password-reset SMS limits. */
  resetRate: 'rate#reset#',
  /** `rate#sms#global#...`: the global SMS budget (every SMS sender counts here). */
  smsGlobal: 'rate#sms#global#',
  /** `rate#callback#...` / `sent#callback#...`: IVR and web callback budgets and markers. */
  callbackRate: 'rate#callback#',
  callbackSent: 'sent#callback#',
  /** `webcb#<ref>` and `rate#webcb#...`: pending web callbacks and their per-client limits. */
  webCallback: 'webcb#',
  webCallbackRate: 'rate#webcb#',
  /** `audit#...`: audit records of operator actions (unlocks); written by the ops CLI only. */
  audit: 'audit#',
} as const;
export type SecurityItemPrefix = (typeof SECURITY_ITEMS)[keyof typeof SECURITY_ITEMS];

/**
 * Guessing limits of one secret (an account's PIN, a customer's OTP), counted across windows: a
 * temporary lock at each step of `lockSteps` (consecutive failures), a hard lock after
 * `hardLockAfter` consecutive failures, and a hard lock once `periodCap` failures fall in one
 * `periodSeconds` period whether or not a success came in between. Only an operator (ops CLI,
 * audited) releases a hard lock. NIST SP 800-63B 5.2.2 caps consecutive failures at 100.
 */
export interface GuessLimitPolicy {
  readonly lockSteps: readonly { readonly failures: number; readonly lockSeconds: number }[];
  readonly hardLockAfter: number;
  readonly periodSeconds: number;
  readonly periodCap: number;
}

/** A send budget: at most `max` within any `windowSeconds` (sliding). */
export interface SendLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

const GUESS_LIMITS: GuessLimitPolicy = {
  lockSteps: [
    { failures: 5, lockSeconds: 15 * 60 },
    { failures: 10, lockSeconds: 60 * 60 },
    { failures: 15, lockSeconds: 24 * 60 * 60 },
  ],
  hardLockAfter: 20,
  periodSeconds: 30 * 24 * 60 * 60,
  periodCap: 40,
};

/** Security numbers (see `../shared/docs/reference/security-research.md` and the README). */
export const SECURITY = {
  otpDigits: 6,
  otpLifetimeSeconds: 300,
  otpMaxChecks: 5,
  /** OTP sends per customer (to the registered phone). */
  otpSendsPerCustomer: [
    { max: 5, windowSeconds: 600 },
    { max: 10, windowSeconds: 86_400 },
  ] as readonly SendLimit[],
  /** OTP sends requested from one calling number. */
  otpSendsPerCaller: [
    { max: 5, windowSeconds: 600 },
    { max: 10, windowSeconds: 86_400 },
  ] as readonly SendLimit[],
  /** Self-service links and other SMS to one destination number. */
  smsPerNumber: [
    { max: 3, windowSeconds: 3600 },
    { max: 5, windowSeconds: 86_400 },
  ] as readonly SendLimit[],
  /** Callbacks (IVR or web) to one number. */
  callbacksPerNumber: [
    { max: 2, windowSeconds: 3600 },
    { max: 4, windowSeconds: 86_400 },
  ] as readonly SendLimit[],
  /** IVR callbacks to keyed-in numbers requested from one calling number. */
  callbacksPerCaller: [
    { max: 3, windowSeconds: 3600 },
    { max: 6, windowSeconds: 86_400 },
  ] as readonly SendLimit[],
  pinGuessLimits: GUESS_LIMITS,
  otpGuessLimits: GUESS_LIMITS,
  authTokenLifetimeSeconds: 600,
} as const;

/**
 * Security signals: EMF metrics (namespace `ContactCentre`, dimension `function` only) the handlers
 * emit and the operations stack alarms on. Values are counts; no ids or numbers ever as dimensions.
 */
export const SECURITY_METRICS = {
  /** A wrong PIN or OTP. */
  authFailure: 'AuthFailure',
  /** A temporary lock set (PIN or OTP). */
  authLockout: 'AuthLockout',
  /** A hard lock set: only an operator releases it. */
  authHardLock: 'AuthHardLock',
  /** A send or request refused by a per-number, per-caller or per-customer limit. */
  rateLimited: 'RateLimited',
  /** A send or callback refused by the global budget. */
  budgetExhausted: 'BudgetExhausted',
  /** A number refused by the outbound number policy (country or type). */
  numberRefused: 'NumberRefused',
  /** An SMS handed to SNS. */
  smsSent: 'SmsSent',
  /** A callback accepted (IVR or web). */
  callbackRequested: 'CallbackRequested',
} as const;
export type SecurityMetric = (typeof SECURITY_METRICS)[keyof typeof SECURITY_METRICS];

/** `function` dimension of the security signals of web callbacks (the contact-options API). */
export const WEB_CALLBACK_SIGNAL_SOURCE = 'web-callback';

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

/** Environment variable carrying the stage's outbound number policy (JSON of `OutboundPolicyConfig`). */
export const OUTBOUND_POLICY_ENV = 'OUTBOUND_POLICY';

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
    securityItems: [
      SECURITY_ITEMS.otpChallenge,
      SECURITY_ITEMS.otpGuard,
      SECURITY_ITEMS.otpRate,
      SECURITY_ITEMS.smsGlobal,
    ],
    macKey: ['GenerateMac'],
    sendsSms: true,
  },
  'otp-verify': {
    name: 'otp-verify',
    description:
      'checks a one-time password (single use, at most 5 checks per code, guessing limited per customer across codes) and returns an auth token and the verified customer id',
    parameters: ['customerId', 'code'],
    statuses: ['VERIFIED', 'INVALID_CODE', 'EXPIRED', 'LOCKED', 'NOT_FOUND'],
    outputs: ['authToken', 'attemptsLeft', 'customerId'],
    timeLimitSeconds: 3,
    tables: { OtpChallenges: 'readWrite' },
    securityItems: [SECURITY_ITEMS.otpChallenge, SECURITY_ITEMS.otpGuard],
    macKey: ['GenerateMac', 'VerifyMac'],
    sendsSms: false,
  },
  'pin-verify': {
    name: 'pin-verify',
    description:
      'checks an account PIN against its KMS HMAC MAC with progressive and hard locks per account number (known or not); returns an auth token',
    // `callerCustomerId`: the caller-ID match, if any; `callerMatch` says whether the PIN's customer is it.
    parameters: ['accountNumber', 'pin', 'callerCustomerId?'],
    statuses: ['VERIFIED', 'INVALID_PIN', 'LOCKED'],
    outputs: ['authToken', 'customerId', 'attemptsLeft', 'callerMatch'],
    timeLimitSeconds: 3,
    tables: { Accounts: 'read', OtpChallenges: 'readWrite' },
    securityItems: [SECURITY_ITEMS.pinGuard],
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
    statuses: ['SENT', 'UNAUTHORIZED', 'NOT_FOUND', 'RATE_LIMITED'],
    outputs: ['phoneHint'],
    timeLimitSeconds: 5,
    tables: { Customers: 'read', OtpChallenges: 'readWrite' },
    securityItems: [
      SECURITY_ITEMS.resetGrant,
      SECURITY_ITEMS.resetContact,
      SECURITY_ITEMS.resetRate,
      SECURITY_ITEMS.smsGlobal,
    ],
    macKey: ['VerifyMac', 'GenerateMac'],
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
    securityItems: [SECURITY_ITEMS.linkRate, SECURITY_ITEMS.linkSent, SECURITY_ITEMS.smsGlobal],
    macKey: ['GenerateMac'],
    sendsSms: true,
  },
  'callback-number': {
    name: 'callback-number',
    description:
      'checks a callback number (the caller’s or a keyed-in one) against the outbound number policy and the callback budgets before the flow queues a callback',
    parameters: ['source', 'number?'],
    statuses: ['ALLOWED', 'REFUSED', 'RATE_LIMITED'],
    outputs: [],
    timeLimitSeconds: 3,
    tables: { OtpChallenges: 'readWrite' },
    securityItems: [SECURITY_ITEMS.callbackRate, SECURITY_ITEMS.callbackSent],
    macKey: ['GenerateMac'],
    sendsSms: false,
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
