/**
 * The outbound number policy: the one rule deciding which numbers the contact centre may text (OTP,
 * self-service links, password reset) or call back (IVR and web callbacks). It exists against toll
 * fraud and SMS pumping: premium-rate, shared-cost, satellite and other-country numbers earn money
 * for whoever owns them, so a caller must not be able to make us text or dial them.
 *
 * Numbers are classified with libphonenumber-js and its `max` metadata: only that metadata has the
 * per-type patterns `getType()` needs (with `min` it answers undefined for every number).
 * Pure: no AWS SDK, no I/O.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
// The `max` metadata, passed explicitly (the `core` API). Deployed bundles alias this module to
// metadata cut down to what the stages can allow (`lambda/build-options.ts`, `PHONE_METADATA_FILE`).
import metadata from 'libphonenumber-js/max/metadata';
import { NUMBER_TYPES, type NumberType, type OutboundPolicyConfig } from '../../lib/config/stage-config';
import type { SignalSink } from './guess-guard';

/** What a number is used for; each purpose has its own allowed number types. */
export type OutboundPurpose = 'sms' | 'callback';

/** The policy as the handlers apply it (defaults filled in). */
export interface NumberPolicy {
  /** ISO 3166-1 alpha-2 countries (upper case) numbers may belong to. */
  readonly countries: readonly string[];
  /** Number types an SMS may go to. */
  readonly smsNumberTypes: readonly NumberType[];
  /** Number types a callback may dial. */
  readonly callbackNumberTypes: readonly NumberType[];
  /** Whether the reserved fiction ranges of {@link FICTIONAL_RANGES} are accepted (test stages). */
  readonly allowFictionalNumbers: boolean;
}

/**
 * Ranges regulators reserve for drama and testing: allocated to nobody, so no real person is ever
 * texted or called. A test stage may accept them (`outbound.allowFictionalNumbers`) so demo
 * customers work end to end; libphonenumber rightly calls them invalid, so they never pass otherwise.
 * Sources: Ofcom, "Telephone numbers for use in TV and radio drama" (07700 900000-900999); Arcep,
 * "Numéros réservés à la fiction" (06 39 98 00 00 - 06 39 98 99 99).
 */
export const FICTIONAL_RANGES: readonly {
  readonly pattern: RegExp;
  readonly country: string;
  readonly type: NumberType;
}[] = [
  { pattern: /^\+447700900\d{3}$/, country: 'GB', type: 'MOBILE' },
  { pattern: /^\+3363998\d{4}$/, country: 'FR', type: 'MOBILE' },
];

/** SMS types allowed when a stage does not say: mobiles, and ranges that cannot be told apart from them. */
export const DEFAULT_SMS_NUMBER_TYPES: readonly NumberType[] = ['MOBILE', 'FIXED_LINE_OR_MOBILE'];

/** Callback types allowed when a stage does not say: ordinary subscriber numbers only. */
export const DEFAULT_CALLBACK_NUMBER_TYPES: readonly NumberType[] = [
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
];

/** Why a number was refused. Callers map every reason to one status so nobody learns which. */
export type NumberRefusal = 'INVALID' | 'COUNTRY' | 'TYPE';

/** Outcome of {@link checkOutboundNumber}. */
export type NumberCheck =
  | {
      readonly ok: true;
      /** The number in E.164, the only form ever sent to SNS or Connect. */
      readonly e164: string;
      /** ISO 3166-1 alpha-2 country of the number (Guernsey is GG, not GB). */
      readonly country: string;
      readonly type: NumberType;
    }
  | { readonly ok: false; readonly reason: NumberRefusal };

/** Options of {@link checkOutboundNumber}. */
export interface NumberCheckOptions {
  /**
   * ISO 3166-1 alpha-2 country a national number (no `+`, e.g. digits keyed in the IVR) belongs to.
   * @default none: only international numbers are accepted
   */
  readonly defaultCountry?: string;
}

/**
 * Longest input worth parsing: a formatted E.164 number with separators fits easily; anything longer
 * is not a phone number, and refusing it early bounds the work caller input can cause.
 */
const MAX_INPUT_LENGTH = 40;

/** Characters a phone number may be written with (digits, plus, common separators). */
const NUMBER_CHARACTERS = /^[+\d\s\-.()]+$/;

function isNumberType(value: unknown): value is NumberType {
  return typeof value === 'string' && (NUMBER_TYPES as readonly string[]).includes(value);
}

function supportedCountry(value: string | undefined): CountryCode | undefined {
  if (value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  // The core API's check is not a type guard; the cast only names what it has just verified.
  return isSupportedCountry(upper as CountryCode, metadata) ? (upper as CountryCode) : undefined;
}

/**
 * Checks a number against the policy for a purpose. Accepts E.164 (`+44...`, or `00` for `+` when no
 * default country is given) and, with `defaultCountry`, national numbers. Refuses numbers
 * libphonenumber does not consider valid, numbers of countries outside the allow-list (country from
 * the number's ranges, so Channel Islands and Isle of Man numbers are not GB; non-geographic numbers
 * such as satellite +881/+882 have no country and are refused), and types outside the purpose's list
 * (a number whose type is unknown is refused). Never throws.
 */
export function checkOutboundNumber(
  raw: string | undefined,
  purpose: OutboundPurpose,
  policy: NumberPolicy,
  options: NumberCheckOptions = {},
): NumberCheck {
  if (typeof raw !== 'string') return { ok: false, reason: 'INVALID' };
  let text = raw.trim();
  if (text === '' || text.length > MAX_INPUT_LENGTH || !NUMBER_CHARACTERS.test(text)) {
    return { ok: false, reason: 'INVALID' };
  }
  const defaultCountry = supportedCountry(options.defaultCountry);
  // With a default country its own international prefix is understood by the parser; without one,
  // `00` is the usual international prefix of the callers we serve.
  if (!defaultCountry && text.startsWith('00')) text = `+${text.slice(2)}`;
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(
      text,
      {
        ...(defaultCountry ? { defaultCountry } : {}),
        extract: false,
      },
      metadata,
    );
  } catch {
    // The parser reports bad input as undefined; a throw would be a library bug, still a refusal.
    return { ok: false, reason: 'INVALID' };
  }
  if (parsed && parsed.ext === undefined && policy.allowFictionalNumbers) {
    const fictional = FICTIONAL_RANGES.find((range) => range.pattern.test(parsed.number));
    if (fictional) return allowedIn(policy, purpose, parsed.number, fictional.country, fictional.type);
  }
  if (!parsed || parsed.ext !== undefined || !parsed.isValid()) return { ok: false, reason: 'INVALID' };
  return allowedIn(policy, purpose, parsed.number, parsed.country, parsed.getType());
}

function allowedIn(
  policy: NumberPolicy,
  purpose: OutboundPurpose,
  e164: string,
  country: string | undefined,
  type: unknown,
): NumberCheck {
  if (country === undefined || !policy.countries.includes(country)) return { ok: false, reason: 'COUNTRY' };
  const allowed = purpose === 'sms' ? policy.smsNumberTypes : policy.callbackNumberTypes;
  if (!isNumberType(type) || !allowed.includes(type)) return { ok: false, reason: 'TYPE' };
  return { ok: true, e164, country, type };
}

/** The policy of a stage's configuration, with the default number types filled in. */
export function policyFromConfig(config: OutboundPolicyConfig): NumberPolicy {
  return {
    countries: config.countries.map((country) => country.trim().toUpperCase()),
    smsNumberTypes: config.smsNumberTypes ?? DEFAULT_SMS_NUMBER_TYPES,
    callbackNumberTypes: config.callbackNumberTypes ?? DEFAULT_CALLBACK_NUMBER_TYPES,
    allowFictionalNumbers: config.allowFictionalNumbers === true,
  };
}

/** A policy that refuses every number: what call sites apply when no policy is configured. */
export const REFUSE_ALL_POLICY: NumberPolicy = {
  countries: [],
  smsNumberTypes: [],
  callbackNumberTypes: [],
  allowFictionalNumbers: false,
};

function positiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function typeList(value: unknown): readonly NumberType[] | undefined | false {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return false;
  // Unknown names are dropped: the list only ever narrows, never widens, what is allowed.
  return value.filter(isNumberType);
}

/**
 * Parses the policy the CDK puts in the environment (JSON of {@link OutboundPolicyConfig}). Lenient:
 * malformed JSON or a value that is not a usable policy gives undefined, and call sites then refuse
 * every number (fail closed) rather than stop the call.
 */
export function parseOutboundPolicy(json: string | undefined): OutboundPolicyConfig | undefined {
  if (json === undefined || json.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const countries = record.countries;
  if (!Array.isArray(countries) || !countries.every((c): c is string => typeof c === 'string')) {
    return undefined;
  }
  const smsNumberTypes = typeList(record.smsNumberTypes);
  const callbackNumberTypes = typeList(record.callbackNumberTypes);
  if (smsNumberTypes === false || callbackNumberTypes === false) return undefined;
  const { smsPerHour, smsPerDay, callbacksPerHour, callbacksPerDay, smsMonthlySpendLimitUsd } = record;
  if (
    !positiveNumber(smsPerHour) ||
    !positiveNumber(smsPerDay) ||
    !positiveNumber(callbacksPerHour) ||
    !positiveNumber(callbacksPerDay)
  ) {
    return undefined;
  }
  return {
    countries: countries.map((country) => country.trim().toUpperCase()),
    ...(smsNumberTypes ? { smsNumberTypes } : {}),
    ...(callbackNumberTypes ? { callbackNumberTypes } : {}),
    smsPerHour,
    smsPerDay,
    callbacksPerHour,
    callbacksPerDay,
    ...(record.allowFictionalNumbers === true ? { allowFictionalNumbers: true } : {}),
    // Only the deploy uses the spend limit; a missing one must not disable the runtime policy.
    smsMonthlySpendLimitUsd: positiveNumber(smsMonthlySpendLimitUsd) ? smsMonthlySpendLimitUsd : 0,
  };
}

/**
 * {@link checkOutboundNumber} under a stage's configuration as the handlers receive it: without a
 * configured policy every number is refused (`COUNTRY`), never allowed.
 */
export function checkAgainstConfig(
  raw: string | undefined,
  purpose: OutboundPurpose,
  config: OutboundPolicyConfig | undefined,
  options: NumberCheckOptions = {},
): NumberCheck {
  return checkOutboundNumber(raw, purpose, config ? policyFromConfig(config) : REFUSE_ALL_POLICY, options);
}

/** A destination the stage's policy allows, with that policy (its budgets apply next). */
export interface AllowedDestination {
  readonly e164: string;
  readonly outbound: OutboundPolicyConfig;
}

/**
 * The one gate every text and callback passes: the number under the stage's policy, or undefined.
 * A refused country or type counts the `NumberRefused` signal (it may be abuse); a malformed or
 * withheld number does not (a mistyped digit, a data problem).
 */
export function allowedDestination(
  raw: string | undefined,
  purpose: OutboundPurpose,
  config: OutboundPolicyConfig | undefined,
  signals: SignalSink,
  options: NumberCheckOptions = {},
): AllowedDestination | undefined {
  const checked = checkAgainstConfig(raw, purpose, config, options);
  if (config && checked.ok) return { e164: checked.e164, outbound: config };
  if (checked.ok || checked.reason !== 'INVALID') signals.count('NumberRefused');
  return undefined;
}
