/** Send-rate counter keys: fixed windows, keyed on the customer or a hash of the calling number. */
import { createHash } from 'node:crypto';
import { SECURITY } from '../../lib/integrations/contracts';
import type { RateCounter } from './ports';

/** Window length of every send counter. */
export const SEND_WINDOW_SECONDS = SECURITY.otpSendWindowSeconds;

/**
 * Pseudonymous key of a calling number: SHA-256 with a purpose prefix, so the raw number is never a
 * table key. (A keyed MAC would resist dictionary reversal better, but `sms-link` holds no MAC key.)
 */
export function callerKey(e164: string): string {
  return createHash('sha256').update(`caller:v1:${e164}`, 'utf8').digest('base64url').slice(0, 32);
}

function window(nowMs: number): { index: number; ttl: number } {
  const index = Math.floor(nowMs / 1000 / SEND_WINDOW_SECONDS);
  // Keep the counter one extra window so it never disappears while in use (TTL is lazy anyway).
  return { index, ttl: (index + 2) * SEND_WINDOW_SECONDS };
}

/** Counter of OTP sends to one customer in the current window. */
export function customerOtpCounter(customerId: string, nowMs: number): RateCounter {
  const { index, ttl } = window(nowMs);
  return { key: `rate#customer#${customerId}#${index}`, max: SECURITY.otpMaxSendsPerCustomer, ttl };
}

/** Counter of OTP sends requested from one calling number in the current window. */
export function callerOtpCounter(e164: string, nowMs: number): RateCounter {
  const { index, ttl } = window(nowMs);
  return { key: `rate#caller#${callerKey(e164)}#${index}`, max: SECURITY.otpMaxSendsPerCaller, ttl };
}

/** Counter of self-service links sent to one calling number in the current window. */
export function callerLinkCounter(e164: string, nowMs: number): RateCounter {
  const { index, ttl } = window(nowMs);
  return { key: `rate#link#${callerKey(e164)}#${index}`, max: SECURITY.otpMaxSendsPerCaller, ttl };
}
