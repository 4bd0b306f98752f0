/**
 * callback-number: decides whether the flow may queue a callback to a number, the caller's own or
 * one keyed in. The number must pass the outbound number policy for callbacks (no premium-rate,
 * satellite or other-country numbers: a callback to them is toll fraud paid by us) and the callback
 * limits: per destination number (sliding) and the global callback budget, counted once per contact.
 * Only a status goes back to the flow, never the number.
 */
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { NO_SIGNALS, type SignalSink } from './guess-guard';
import { allowedDestination } from './number-policy';
import type { ContactContext, Outcome } from './outcome';
import { normaliseE164 } from './phone';
import type { Clock, OtpStore, PseudonymPort } from './ports';
import {
  callbackBudget,
  callbackCallerLimits,
  callbackNumberLimits,
  countRefusal,
  isLimitRefusal,
} from './rate-limits';
import { SEND_MARKER_TTL_SECONDS } from './sms-link';

/** Where the callback number comes from: the calling number, or digits the caller keyed in. */
export const CALLBACK_SOURCES = ['caller', 'entered'] as const;
export type CallbackSource = (typeof CALLBACK_SOURCES)[number];

/** Ports callback-number needs. */
export interface CallbackNumberPorts {
  /** Callback limits and the once-per-contact marker. */
  readonly otp: OtpStore;
  readonly pseudonyms: PseudonymPort;
  readonly clock: Clock;
  readonly signals?: SignalSink;
}

/** Configuration of callback-number. */
export interface CallbackNumberConfig {
  /** The stage's outbound policy; without one no number passes (fail closed). */
  readonly outbound: OutboundPolicyConfig | undefined;
  /**
   * ISO 3166-1 alpha-2 country of national numbers keyed in (the journey's callback country).
   * @default none: keyed-in numbers must be international (`00...`)
   */
  readonly callbackCountry?: string;
}

/** A callback request from the flow. */
export interface CallbackNumberRequest {
  readonly source: CallbackSource;
  /** Digits keyed in (source `entered`). */
  readonly number?: string;
}

/** Once-per-contact marker of a counted callback. */
export function callbackMarker(contactId: string): string {
  return `${SECURITY_ITEMS.callbackSent}${contactId}`;
}

/**
 * ALLOWED when the number passes the policy and the limits (recorded once per contact: a Connect
 * retry answers ALLOWED again without counting twice); REFUSED for every policy reason alike, so a
 * caller cannot probe which countries or types pass; RATE_LIMITED for a per-number limit or the
 * global budget.
 */
export async function checkCallbackNumber(
  ports: CallbackNumberPorts,
  config: CallbackNumberConfig,
  contact: ContactContext,
  request: CallbackNumberRequest,
): Promise<Outcome<'ALLOWED' | 'REFUSED' | 'RATE_LIMITED'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const destination =
    request.source === 'caller'
      ? allowedDestination(contact.callerNumber, 'callback', config.outbound, signals)
      : allowedDestination(request.number, 'callback', config.outbound, signals, {
          ...(config.callbackCountry ? { defaultCountry: config.callbackCountry } : {}),
        });
  if (!destination) return { status: 'REFUSED' };
  const { e164, outbound } = destination;
  const now = ports.clock.now();
  const limits = [
    ...(await callbackNumberLimits(ports.pseudonyms, e164)),
    ...callbackBudget(outbound.callbacksPerHour, outbound.callbacksPerDay),
  ];
  // A keyed-in number is also counted against the calling number: one caller cannot queue callbacks
  // to a list of numbers (each under its own per-number limit).
  const caller = normaliseE164(contact.callerNumber);
  if (request.source === 'entered' && caller && caller !== e164) {
    limits.push(...(await callbackCallerLimits(ports.pseudonyms, caller)));
  }
  const recorded = await ports.otp.recordSend(
    callbackMarker(contact.contactId),
    limits,
    Math.floor(now / 1000) + SEND_MARKER_TTL_SECONDS,
    now,
  );
  if (isLimitRefusal(recorded)) {
    countRefusal(signals, recorded);
    return { status: 'RATE_LIMITED' };
  }
  if (recorded === 'written') signals.count('CallbackRequested');
  return { status: 'ALLOWED' };
}
