/**
 * One-time passwords by SMS: 6 random digits, only a keyed MAC stored, bound to the contact and the
 * customer, 5-minute life enforced in code, at most 5 checks per code, single use; guessing limited
 * per customer across codes and windows (`SECURITY.otpGuessLimits`); sliding send limits per
 * customer and per calling number plus the global SMS budget; the registered number must pass the
 * outbound number policy; sends idempotent per contact (Connect retries a failed invocation up to
 * three times; a retry must not text a second code).
 */
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { MAC_MESSAGE, SECURITY, SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { issueAuthToken } from './auth-token';
import { UnexpectedConflictError } from './errors';
import {
  afterFailure,
  afterSuccess,
  beginAttempt,
  isLocked,
  NO_SIGNALS,
  type SignalSink,
} from './guess-guard';
import { otpText } from './messages';
import { allowedDestination } from './number-policy';
import type { ContactContext, Outcome } from './outcome';
import { normaliseE164, phoneHint } from './phone';
import type {
  Clock,
  CustomerRepository,
  GuardStore,
  MacPort,
  OtpChallenge,
  OtpStore,
  PseudonymPort,
  RandomSource,
  RateLimit,
  SmsPort,
} from './ports';
import { callerOtpLimits, countRefusal, customerOtpLimits, isLimitRefusal, smsBudget } from './rate-limits';
import { speechLanguage } from './speech';

/**
 * A challenge whose SMS is still PENDING after this long was abandoned by an invocation that died
 * or timed out mid-send (the function timeout is a few seconds), so a retry may replace it.
 */
export const OTP_PENDING_TAKEOVER_MS = 15_000;

/** Challenge items outlive their expiry by this much before TTL may delete them (clean-up only). */
export const OTP_TTL_GRACE_SECONDS = 3600;

/** Ports otp-start needs. */
export interface OtpStartPorts {
  readonly customers: CustomerRepository;
  readonly otp: OtpStore;
  readonly guards: GuardStore;
  readonly pseudonyms: PseudonymPort;
  readonly mac: MacPort;
  readonly sms: SmsPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly signals?: SignalSink;
}

/** Configuration of otp-start. */
export interface OtpStartConfig {
  /** The stage's outbound policy; without one no number passes (fail closed). */
  readonly outbound: OutboundPolicyConfig | undefined;
}

/** Ports otp-verify needs. */
export interface OtpVerifyPorts {
  readonly otp: OtpStore;
  readonly guards: GuardStore;
  readonly mac: MacPort;
  readonly clock: Clock;
  readonly signals?: SignalSink;
}

/** Guard item key of a customer's OTP guessing limits. */
export function otpGuardKey(customerId: string): string {
  return `${SECURITY_ITEMS.otpGuard}${customerId}`;
}

/** What to do about a challenge that already exists for the contact. */
type ExistingDecision = 'answer-sent' | 'refuse' | 'replace';

/**
 * A retry (or a concurrent duplicate) for the same customer is answered SENT without a new SMS.
 * The code is only replaced when its SMS provably did not go out (FAILED), the sending invocation
 * was abandoned (stale PENDING), or the code expired (a caller asking again minutes later; still
 * subject to the send limits). A challenge for another customer on the same contact is refused.
 */
function decideExisting(existing: OtpChallenge, customerId: string, now: number): ExistingDecision {
  if (existing.customerId !== customerId) return 'refuse';
  if (existing.used) return 'answer-sent';
  if (existing.smsState === 'FAILED') return 'replace';
  if (existing.smsState === 'PENDING' && now - existing.createdAt > OTP_PENDING_TAKEOVER_MS) return 'replace';
  if (existing.expiresAt <= now && existing.attempts < SECURITY.otpMaxChecks) return 'replace';
  return 'answer-sent';
}

/** Zero-padded code of `SECURITY.otpDigits` digits from the (CSPRNG) random source. */
export function newOtpCode(random: RandomSource): string {
  return String(random.int(0, 10 ** SECURITY.otpDigits)).padStart(SECURITY.otpDigits, '0');
}

/**
 * otp-start: texts a code to the customer's registered number (not to the calling number). A
 * registered number the outbound policy refuses answers NOT_FOUND, like no number; a customer whose
 * OTP guessing guard is locked gets no code (RATE_LIMITED): nobody could use it.
 */
export async function startOtp(
  ports: OtpStartPorts,
  config: OtpStartConfig,
  contact: ContactContext,
  customerId: string,
): Promise<Outcome<'SENT' | 'NOT_FOUND' | 'RATE_LIMITED'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const customer = await ports.customers.get(customerId);
  const registered = normaliseE164(customer?.phoneE164);
  if (!customer || !registered) return { status: 'NOT_FOUND' };
  const destination = allowedDestination(registered, 'sms', config.outbound, signals);
  if (!destination) return { status: 'NOT_FOUND' };
  const { e164: phone, outbound } = destination;
  if (isLocked(await ports.guards.get(otpGuardKey(customerId)), ports.clock.now())) {
    signals.count('RateLimited');
    return { status: 'RATE_LIMITED' };
  }

  let replacesNonce: string | undefined;
  const existing = await ports.otp.get(contact.contactId);
  if (existing) {
    const decision = decideExisting(existing, customerId, ports.clock.now());
    if (decision === 'refuse') return { status: 'RATE_LIMITED' };
    if (decision === 'answer-sent') return { status: 'SENT', phoneHint: existing.phoneHint };
    replacesNonce = existing.nonce;
  }

  const now = ports.clock.now();
  const code = newOtpCode(ports.random);
  const codeMac = await ports.mac.generate(MAC_MESSAGE.otp(contact.contactId, customerId, code));
  const challenge: OtpChallenge = {
    contactId: contact.contactId,
    customerId,
    codeMac,
    expiresAt: now + SECURITY.otpLifetimeSeconds * 1000,
    attempts: 0,
    used: false,
    createdAt: now,
    nonce: ports.random.token(12),
    smsState: 'PENDING',
    phoneHint: phoneHint(phone),
  };
  const limits: RateLimit[] = [
    ...customerOtpLimits(customerId),
    ...smsBudget(outbound.smsPerHour, outbound.smsPerDay),
  ];
  const caller = normaliseE164(contact.callerNumber);
  if (caller) limits.push(...(await callerOtpLimits(ports.pseudonyms, caller)));
  const ttl = Math.floor(challenge.expiresAt / 1000) + OTP_TTL_GRACE_SECONDS;

  const written = await ports.otp.writeChallenge(challenge, limits, ttl, replacesNonce);
  if (isLimitRefusal(written.kind)) {
    countRefusal(signals, written.kind);
    return { status: 'RATE_LIMITED' };
  }
  if (written.kind === 'exists') {
    // A concurrent invocation for the same contact won the write: it sends the SMS.
    const current = written.current;
    if (current && current.customerId === customerId) return { status: 'SENT', phoneHint: current.phoneHint };
    return { status: 'RATE_LIMITED' };
  }

  try {
    await ports.sms.send({
      to: phone,
      text: otpText(code, speechLanguage(customer.language)),
      purpose: 'otp',
    });
  } catch (error) {
    // Let a retry mint and send a fresh code rather than answer SENT for a code never delivered.
    await ports.otp.setSmsState(contact.contactId, challenge.nonce, 'FAILED').catch(() => undefined);
    throw error;
  }
  signals.count('SmsSent');
  // The SMS is out: failing to record it must not turn into an error (a retry would answer SENT anyway).
  await ports.otp.setSmsState(contact.contactId, challenge.nonce, 'SENT').catch(() => undefined);
  return { status: 'SENT', phoneHint: challenge.phoneHint };
}

/** Whether a string is a well-formed OTP code (exactly `SECURITY.otpDigits` digits). */
export function isOtpCode(value: string): boolean {
  return value.length === SECURITY.otpDigits && /^\d+$/.test(value);
}

/**
 * otp-verify: counts the check on the challenge and on the customer's guessing guard before
 * comparing (so every failed check is counted and concurrent guesses cannot exceed either budget),
 * compares the MAC in KMS, and marks the challenge used with a second conditional write that
 * exactly one verifier wins. The verified customer id is returned for the flow and the adviser.
 */
export async function verifyOtp(
  ports: OtpVerifyPorts,
  contact: ContactContext,
  customerId: string,
  code: string,
): Promise<Outcome<'VERIFIED' | 'INVALID_CODE' | 'EXPIRED' | 'LOCKED' | 'NOT_FOUND'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const max = SECURITY.otpMaxChecks;
  const policy = SECURITY.otpGuessLimits;
  const now = ports.clock.now();
  const counted = await ports.otp.countCheck(contact.contactId, customerId, now, max);
  if (counted.kind === 'refused') {
    const current = counted.current;
    if (!current || current.customerId !== customerId) return { status: 'NOT_FOUND' };
    if (current.used) return { status: 'EXPIRED' };
    if (current.attempts >= max) return { status: 'LOCKED', attemptsLeft: '0' };
    if (current.expiresAt <= now) return { status: 'EXPIRED' };
    throw new UnexpectedConflictError('the OTP check was refused although the challenge looks usable');
  }

  const challenge = counted.challenge;
  const guardKey = otpGuardKey(customerId);
  const started = await beginAttempt(ports.guards, guardKey, policy, now, signals);
  if (started.kind === 'locked') return { status: 'LOCKED', attemptsLeft: '0' };
  const attemptsLeft = String(Math.max(0, max - challenge.attempts));
  const valid = await ports.mac.verify(
    MAC_MESSAGE.otp(contact.contactId, customerId, code),
    challenge.codeMac,
  );
  if (!valid) {
    const guard = await afterFailure(ports.guards, guardKey, policy, started.state, now, signals);
    return guard === 'locked' || challenge.attempts >= max
      ? { status: 'LOCKED', attemptsLeft: '0' }
      : { status: 'INVALID_CODE', attemptsLeft };
  }
  if (!(await afterSuccess(ports.guards, guardKey, policy, now)))
    return { status: 'LOCKED', attemptsLeft: '0' };
  // Mint first: if KMS fails now the code stays usable; marking it used is the commit point.
  const authToken = await issueAuthToken(
    ports.mac,
    { contactId: contact.contactId, customerId, level: 'OTP' },
    now,
  );
  if (!(await ports.otp.markUsed(contact.contactId, challenge.nonce))) return { status: 'EXPIRED' };
  return { status: 'VERIFIED', authToken, attemptsLeft, customerId };
}
