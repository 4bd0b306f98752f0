/**
 * Ports and records of the integration domain. Domain functions receive these as arguments; the
 * adapters in `lambda/shared/` implement them over DynamoDB, KMS and SNS, and tests or the journey
 * simulator may pass their own (for example an SMS outbox). Nothing here imports the AWS SDK.
 */
import type { AuthLevel, RoutingMode } from '../../lib/integrations/contracts';

/** Wall clock, injected so tests can move time (lockouts, expiry). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Source of randomness, injected so tests can fix OTP codes and reset ids. */
export interface RandomSource {
  /** A uniformly random integer in [min, max), from a CSPRNG in production. */
  int(min: number, max: number): number;
  /** `bytes` random bytes, base64url-encoded. */
  token(bytes: number): string;
}

/** Keyed MAC over a KMS HMAC key. Messages come from `MAC_MESSAGE`. */
export interface MacPort {
  /** HMAC-SHA-256 of the UTF-8 message. */
  generate(message: string): Promise<Uint8Array>;
  /** Whether `mac` is the MAC of the message; false for a wrong MAC (never throws for one). */
  verify(message: string, mac: Uint8Array): Promise<boolean>;
}

/** One SMS to send. */
export interface SmsMessage {
  /** E.164 destination. */
  readonly to: string;
  readonly text: string;
  /** Why the message is sent (metrics and test outboxes; never in the text). */
  readonly purpose: 'otp' | 'password-reset' | 'self-service-link';
}

/** Outbound SMS. */
export interface SmsPort {
  send(message: SmsMessage): Promise<void>;
}

/** A customer profile as the integrations need it. */
export interface CustomerRecord {
  readonly customerId: string;
  readonly phoneE164?: string;
  readonly firstName?: string;
  readonly language?: string;
  readonly openCases?: number;
  readonly lastSentiment?: string;
  readonly segment?: string;
}

/** Customers table. */
export interface CustomerRepository {
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /** Customers registered with this E.164 number (normally zero or one). */
  findByPhone(phoneE164: string): Promise<CustomerRecord[]>;
}

/** An account with its secrets (balance and PIN MAC only ever leave the base table through here). */
export interface AccountRecord {
  readonly accountNumber: string;
  readonly customerId: string;
  /** Balance in minor units (pence, cents); negative when overdrawn. */
  readonly balanceMinor: number;
  readonly currency: string;
  /** MAC of `MAC_MESSAGE.pin(accountNumber, pin)`. */
  readonly pinMac?: Uint8Array;
}

/** Accounts table (read only: PIN guessing limits live in guard items of the security-state table). */
export interface AccountRepository {
  /** Strongly consistent read of one account. */
  get(accountNumber: string): Promise<AccountRecord | undefined>;
  /** Account numbers of a customer in ascending order. */
  listForCustomer(customerId: string): Promise<string[]>;
}

/** An order. */
export interface OrderRecord {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: string;
  /** ISO date the order was placed. */
  readonly placedAt?: string;
  /** ISO date (YYYY-MM-DD) the order is expected. */
  readonly expectedDate?: string;
}

/** Orders table. */
export interface OrderRepository {
  get(orderId: string): Promise<OrderRecord | undefined>;
  /** Orders of a customer, newest first, at most `limit`. */
  listForCustomer(customerId: string, limit: number): Promise<OrderRecord[]>;
}

/** Delivery state of a challenge's SMS. */
export type SmsState = 'PENDING' | 'SENT' | 'FAILED';

/** A stored OTP challenge (only the code's MAC, never the code). */
export interface OtpChallenge {
  readonly contactId: string;
  readonly customerId: string;
  readonly codeMac: Uint8Array;
  /** Epoch ms after which the code is refused (enforced in code; TTL only cleans up). */
  readonly expiresAt: number;
  readonly attempts: number;
  readonly used: boolean;
  readonly createdAt: number;
  /** Random id of this code, so a takeover only replaces the code it saw. */
  readonly nonce: string;
  readonly smsState: SmsState;
  /** Last two digits of the destination, repeated to the caller on retries. */
  readonly phoneHint: string;
}

/**
 * A limit on sends (or requests) for one subject. `sliding` limits are exact: the item keeps the
 * times of the last `max` sends and a send is allowed only if the oldest of them left the window,
 * so no burst across a boundary passes the limit. `fixed` limits (global budgets, written by every
 * function at once) are one counter per window: at most 2x `max` across a boundary, set accordingly.
 */
export interface RateLimit {
  /** Item key of the subject and window length, e.g. `rate#otp#customer#<id>#600`. */
  readonly key: string;
  readonly max: number;
  readonly windowSeconds: number;
  readonly mode: 'sliding' | 'fixed';
}

/** Why a limited write was refused: a per-subject limit, or a global budget (`fixed` limit). */
export type LimitRefusal = 'rate-limited' | 'budget-exhausted';

/**
 * Keyed pseudonyms of identifiers that must not be table keys in clear (calling numbers, account
 * numbers): HMAC-SHA-256 under a key derived once from the KMS HMAC key, so a table dump cannot be
 * reversed by hashing every phone number.
 */
export interface PseudonymPort {
  /** A stable, URL-safe pseudonym of `value` for `purpose` (different purposes never collide). */
  of(purpose: string, value: string): Promise<string>;
}

/** Stored state of one guessing guard (see `GuessLimitPolicy`). */
export interface GuardState {
  /** Consecutive failures (reset by a success). */
  readonly consecutive: number;
  /** Consecutive-failure count at which the next lock is set. */
  readonly gate: number;
  /** Epoch ms until which attempts are refused. */
  readonly lockedUntil?: number;
  /** Epoch ms the hard lock was set; only an operator releases it. */
  readonly hardLockedAt?: number;
  /** Index of the current period (`floor(now / periodSeconds)`) and failures counted in it. */
  readonly period: number;
  readonly periodFailures: number;
}

/** Outcome of counting one attempt on a guard. */
export type GuardCountResult =
  /** Counted (the state includes it): the secret may be compared. */
  | { readonly kind: 'counted'; readonly state: GuardState }
  /** Refused: locked, hard locked, or at a gate whose lock write was lost (the current state). */
  | { readonly kind: 'refused'; readonly state: GuardState };

/** An audit record of an operator action on a guard. */
export interface GuardAudit {
  readonly actor: string;
  readonly reason: string;
}

/** Guessing guards (PIN per account number, OTP per customer) in the security-state table. */
export interface GuardStore {
  /**
   * Counts one attempt before the secret is compared, in one conditional write: refused while a
   * lock holds, after a hard lock, or once the consecutive count reached the gate.
   */
  count(
    key: string,
    now: number,
    periodSeconds: number,
    firstGate: number,
    periodCap: number,
  ): Promise<GuardCountResult>;
  /** Sets a temporary lock and moves the gate (only if the gate is still `gate`). */
  lock(key: string, gate: number, until: number, nextGate: number): Promise<void>;
  /** Sets the hard lock. */
  hardLock(key: string, now: number): Promise<void>;
  /**
   * Records a success: the consecutive count restarts and the attempt counted before the comparison
   * is taken out of the period's failures. False when a lock was set meanwhile (the success is refused).
   */
  recordSuccess(key: string, now: number, firstGate: number): Promise<boolean>;
  /** Current state (strongly consistent), if any. */
  get(key: string): Promise<GuardState | undefined>;
  /** Operator release: clears every lock and count and writes an audit record, in one transaction. */
  release(key: string, audit: GuardAudit, now: number, firstGate: number): Promise<boolean>;
}

/** Outcome of writing a challenge together with its rate counters. */
export type ChallengeWriteResult =
  | { readonly kind: 'written' }
  | { readonly kind: 'budget-exhausted' }
  /** A challenge already exists for the contact (or changed since it was read). */
  | { readonly kind: 'exists'; readonly current: OtpChallenge | undefined }
  | { readonly kind: 'rate-limited' };

/** Outcome of counting one OTP check. */
export type OtpCheckResult =
  /** The check was counted; `challenge.attempts` includes it. */
  | { readonly kind: 'counted'; readonly challenge: OtpChallenge }
  /** Not counted; `current` is the stored challenge, if any, to tell why. */
  | { readonly kind: 'refused'; readonly current: OtpChallenge | undefined };

/** OTP challenges and send-rate counters (one table). */
export interface OtpStore {
  get(contactId: string): Promise<OtpChallenge | undefined>;
  /**
   * Atomically writes a new challenge (only if none exists for the contact, or replacing the one
   * with `replacesNonce`) and increments every counter below its ceiling: all or nothing.
   */
  writeChallenge(
    challenge: OtpChallenge,
    counters: readonly RateLimit[],
    ttl: number,
    replacesNonce?: string,
  ): Promise<ChallengeWriteResult>;
  /** Records the SMS outcome for the challenge with this nonce (best effort). */
  setSmsState(contactId: string, nonce: string, state: SmsState): Promise<void>;
  /**
   * One conditional write: increments `attempts` if the challenge exists, belongs to the customer,
   * is unused, unexpired at `now` and has fewer than `maxChecks` checks.
   */
  countCheck(contactId: string, customerId: string, now: number, maxChecks: number): Promise<OtpCheckResult>;
  /** Marks the challenge used; true for exactly one caller. */
  markUsed(contactId: string, nonce: string): Promise<boolean>;
  /**
   * Records a one-off send for (contact, purpose) together with the counters: all or nothing.
   * 'exists' when this contact already sent it.
   */
  recordSend(
    marker: string,
    counters: readonly RateLimit[],
    ttl: number,
    /** Epoch ms of the send (the injected clock's now); defaults to the wall clock. */
    now?: number,
  ): Promise<'written' | 'exists' | LimitRefusal>;
  /** Forgets a send marker so a later retry can send again (best effort). */
  forgetSend(marker: string): Promise<void>;
}

/** An operator override of a queue's routing mode. */
export interface RoutingOverride {
  readonly mode: string;
  readonly reason?: string;
  /** ISO time or epoch ms after which the override lapses. */
  readonly until?: string | number;
}

/** One item of the RoutingState table. */
export interface RoutingStateItem {
  readonly queue: string;
  readonly mode?: string;
  readonly since?: string;
  readonly reason?: string;
  readonly alarm?: string;
  readonly override?: RoutingOverride;
  /** Announcement item only: text per language. */
  readonly text?: Readonly<Record<string, string>>;
  readonly until?: string | number;
}

/** RoutingState table. */
export interface RoutingStateRepository {
  /** Every item (the table holds one item per queue plus the announcement). */
  all(): Promise<RoutingStateItem[]>;
}

/** Claims the auth token carries. */
export interface AuthClaims {
  readonly contactId: string;
  readonly customerId: string;
  readonly level: AuthLevel;
  /** Set for PIN tokens: the account the PIN unlocked. */
  readonly accountNumber?: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** Re-exported so domain modules need a single import. */
export type { AuthLevel, RoutingMode };

/**
 * A password-reset grant as stored: only the SHA-256 of the random reset id (128 bits, so an
 * unkeyed hash is enough), bound to the customer and the contact that asked for it.
 */
export interface ResetGrant {
  readonly idHash: string;
  readonly customerId: string;
  readonly contactId: string;
  readonly createdAt: number;
  /** Epoch ms after which the reset page must refuse the link (enforced by the redeemer, not TTL). */
  readonly expiresAt: number;
}

/** Where reset grants live (the OTP challenges table). */
export interface ResetGrantStore {
  /**
   * Stores the grant once per contact: answers `false` when this contact already has one (a retry
   * by Connect), so no second link is sent.
   */
  putOncePerContact(grant: ResetGrant, ttlEpochSeconds: number): Promise<boolean>;
  /** Removes an unused grant and its per-contact marker (its SMS never went out), so a retry can send. */
  forget(grant: Pick<ResetGrant, 'idHash' | 'contactId'>): Promise<void>;
}
