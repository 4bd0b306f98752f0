/**
 * Phone number handling: E.164 normalisation of caller ids, masking for logs and the spoken hint.
 * Caller ID identifies (it can be spoofed), it never authenticates. Whether a number may be texted
 * or called back is decided by the outbound number policy (`number-policy.ts`), not here.
 */

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** Separators callers' numbers arrive with (spaces, dashes, dots, brackets). */
const SEPARATORS = /[\s\-.()]/g;

/**
 * Normalises a caller number to E.164: strips separators and turns an international `00` prefix
 * into `+`. Returns undefined for anything that is not E.164 afterwards (national numbers without a
 * country code, withheld ids such as `anonymous`, letters).
 */
export function normaliseE164(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let number = raw.replace(SEPARATORS, '');
  if (number.startsWith('00')) number = `+${number.slice(2)}`;
  return E164.test(number) ? number : undefined;
}

/** The last two digits, the only part of a number ever spoken back or logged. */
export function phoneHint(e164: string): string {
  return e164.slice(-2);
}

/** Masks all but the last two characters of a number (for logs). */
export function maskPhone(value: string): string {
  return value.length <= 2 ? '**' : `${'*'.repeat(value.length - 2)}${value.slice(-2)}`;
}
