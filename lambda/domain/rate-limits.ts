/**
 * Send and request limits. Per-subject limits (a customer, a calling number, a destination number)
 * are exact sliding windows; global budgets are fixed windows (see {@link RateLimit}). Subjects that
 * are phone numbers are keyed by a keyed pseudonym ({@link PseudonymPort}), never the number.
 */
import { SECURITY, SECURITY_ITEMS, type SendLimit } from '../../lib/integrations/contracts';
import type { LimitRefusal, PseudonymPort, RateLimit } from './ports';
import type { SignalSink } from './guess-guard';

/** Whether a limited write's answer is a refusal. */
export function isLimitRefusal(answer: string): answer is LimitRefusal {
  return answer === 'rate-limited' || answer === 'budget-exhausted';
}

/** Counts the security signal of a refusal (a per-subject limit, or a global budget). */
export function countRefusal(signals: SignalSink, refusal: LimitRefusal): void {
  signals.count(refusal === 'rate-limited' ? 'RateLimited' : 'BudgetExhausted');
}

/** Pseudonym purposes (a different purpose gives an unrelated pseudonym for the same value). */
export const PSEUDONYM = {
  caller: 'caller',
  destination: 'destination',
  account: 'account',
  client: 'client',
} as const;

/** Sliding limits of one subject: one item per window length, e.g. `rate#otp#customer#c-1#600`. */
export function slidingLimits(subjectKey: string, limits: readonly SendLimit[]): RateLimit[] {
  return limits.map((l) => ({
    key: `${subjectKey}#${l.windowSeconds}`,
    max: l.max,
    windowSeconds: l.windowSeconds,
    mode: 'sliding' as const,
  }));
}

/** A global budget per hour and per day (fixed windows; the adapter adds the window index). */
export function globalBudget(prefix: string, perHour: number, perDay: number): RateLimit[] {
  return [
    { key: `${prefix}h`, max: perHour, windowSeconds: 3600, mode: 'fixed' },
    { key: `${prefix}d`, max: perDay, windowSeconds: 86_400, mode: 'fixed' },
  ];
}

/** The global SMS budget every SMS sender counts against. */
export function smsBudget(perHour: number, perDay: number): RateLimit[] {
  return globalBudget(SECURITY_ITEMS.smsGlobal, perHour, perDay);
}

/** The global callback budget (IVR and web callbacks together). */
export function callbackBudget(perHour: number, perDay: number): RateLimit[] {
  return globalBudget(`${SECURITY_ITEMS.callbackRate}global#`, perHour, perDay);
}

/** OTP sends to one customer. */
export function customerOtpLimits(customerId: string): RateLimit[] {
  return slidingLimits(`${SECURITY_ITEMS.otpRate}customer#${customerId}`, SECURITY.otpSendsPerCustomer);
}

/** OTP sends requested from one calling number. */
export async function callerOtpLimits(pseudonyms: PseudonymPort, e164: string): Promise<RateLimit[]> {
  const key = await pseudonyms.of(PSEUDONYM.caller, e164);
  return slidingLimits(`${SECURITY_ITEMS.otpRate}caller#${key}`, SECURITY.otpSendsPerCaller);
}

/** Self-service links to one destination number. */
export async function linkLimits(pseudonyms: PseudonymPort, e164: string): Promise<RateLimit[]> {
  const key = await pseudonyms.of(PSEUDONYM.destination, e164);
  return slidingLimits(`${SECURITY_ITEMS.linkRate}${key}`, SECURITY.smsPerNumber);
}

/** Password-reset texts to one destination number. */
export async function resetLimits(pseudonyms: PseudonymPort, e164: string): Promise<RateLimit[]> {
  const key = await pseudonyms.of(PSEUDONYM.destination, e164);
  return slidingLimits(`${SECURITY_ITEMS.resetRate}${key}`, SECURITY.smsPerNumber);
}

/** Callbacks to one destination number (IVR and web callbacks share these items). */
export async function callbackNumberLimits(pseudonyms: PseudonymPort, e164: string): Promise<RateLimit[]> {
  const key = await pseudonyms.of(PSEUDONYM.destination, e164);
  return slidingLimits(`${SECURITY_ITEMS.callbackRate}number#${key}`, SECURITY.callbacksPerNumber);
}

/** Callbacks to keyed-in numbers requested from one calling number (IVR). */
export async function callbackCallerLimits(pseudonyms: PseudonymPort, e164: string): Promise<RateLimit[]> {
  const key = await pseudonyms.of(PSEUDONYM.caller, e164);
  return slidingLimits(`${SECURITY_ITEMS.callbackRate}caller#${key}`, SECURITY.callbacksPerCaller);
}
