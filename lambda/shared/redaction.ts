/**
 * The logging redaction layer. Applied as the Logger's JSON replacer, so it sees every key and
 * value of every log line (messages, extra attributes, formatted errors) before it is written:
 *
 * - values under secret keys (PIN, OTP code, token, balance, MACs, SMS text) become `[REDACTED]`;
 * - values under phone keys keep only their last two digits;
 * - any other string has runs of 7+ digits (a phone number, with or without `+`/spaces) masked,
 *   which catches numbers inside free text such as an SDK error message.
 */
import { maskPhone } from '../domain/phone';

/** Replacement for secret values. */
export const REDACTED = '[REDACTED]';

/** Keys (lower-cased, without `_`/`-`) whose values are secrets. */
const SECRET_KEYS = new Set([
  'pin',
  'code',
  'otp',
  'authtoken',
  'token',
  'balance',
  'balanceminor',
  'balancespeech',
  'pinmac',
  'codemac',
  'mac',
  'text',
  'password',
  'secret',
  'authorization',
]);

/** Keys whose values are phone numbers. */
const PHONE_KEYS = new Set([
  'phone',
  'phonee164',
  'phonenumber',
  'address',
  'callernumber',
  'to',
  'ani',
  'destination',
]);

/** Keys whose values are identifiers that may legitimately be long digit runs. */
const ID_KEYS = new Set([
  'contactid',
  'initialcontactid',
  'function_request_id',
  'xray_trace_id',
  'requestid',
]);

/** A phone-number-like run: optional `+`, then 7 or more digits possibly separated by single spaces. */
const DIGIT_RUN = /\+?\d(?:[ \u00a0]?\d){6,}/g;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

/** Masks phone-number-like digit runs in free text. */
export function scrubText(value: string): string {
  return value.replace(DIGIT_RUN, (run) => maskPhone(run.replace(/[ \u00a0]/g, '')));
}

/** JSON replacer implementing the rules above (also usable with plain `JSON.stringify`). */
export function redactingReplacer(key: string, value: unknown): unknown {
  const normalised = normaliseKey(key);
  if (SECRET_KEYS.has(normalised)) return value === undefined || value === null ? value : REDACTED;
  if (typeof value !== 'string') return value;
  if (PHONE_KEYS.has(normalised)) return maskPhone(value.replace(/[^\d+]/g, ''));
  if (ID_KEYS.has(normalised)) return value;
  return scrubText(value);
}
