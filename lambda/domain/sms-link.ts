/**
 * sms-link: texts a self-service link for an intent to the calling number (deflection to a digital
 * channel). Only to numbers the outbound number policy allows for SMS; limited per destination
 * number (sliding) and by the global SMS budget; once per contact and intent (a Connect retry does
 * not text twice).
 */
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { NO_SIGNALS, type SignalSink } from './guess-guard';
import { selfServiceText } from './messages';
import { allowedDestination } from './number-policy';
import type { ContactContext, Outcome } from './outcome';
import type { Clock, OtpStore, PseudonymPort, SmsPort } from './ports';
import { countRefusal, isLimitRefusal, linkLimits, smsBudget } from './rate-limits';
import { speechLanguage } from './speech';

/** Intent ids as the journey map spells them. */
export const INTENT_PATTERN = /^[a-z][A-Za-z0-9-]{0,39}$/;

/**
 * How long a once-per-contact send marker is kept: far longer than Connect's retries of one
 * invocation (seconds), so a retry never sends twice; the limits have their own items and lifetimes.
 */
export const SEND_MARKER_TTL_SECONDS = 24 * 60 * 60;

/** Ports sms-link needs. */
export interface SmsLinkPorts {
  readonly otp: OtpStore;
  readonly sms: SmsPort;
  readonly pseudonyms: PseudonymPort;
  readonly clock: Clock;
  readonly signals?: SignalSink;
}

/** Configuration of sms-link. */
export interface SmsLinkConfig {
  /** Base URL of the self-service site; the intent is appended as a path segment. */
  readonly selfServiceBaseUrl: string;
  /** The stage's outbound policy; without one no number passes (fail closed). */
  readonly outbound: OutboundPolicyConfig | undefined;
}

/** Sends the link; INVALID_INPUT when the policy refuses the calling number for SMS. */
export async function sendSelfServiceLink(
  ports: SmsLinkPorts,
  config: SmsLinkConfig,
  contact: ContactContext,
  request: { readonly intent: string; readonly language?: string },
): Promise<Outcome<'SENT' | 'RATE_LIMITED' | 'INVALID_INPUT'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const destination = allowedDestination(contact.callerNumber, 'sms', config.outbound, signals);
  if (!destination) return { status: 'INVALID_INPUT' };
  const { e164: phone, outbound } = destination;
  const now = ports.clock.now();
  const limits = [
    ...(await linkLimits(ports.pseudonyms, phone)),
    ...smsBudget(outbound.smsPerHour, outbound.smsPerDay),
  ];
  const marker = `${SECURITY_ITEMS.linkSent}${contact.contactId}#${request.intent}`;
  const ttl = Math.floor(now / 1000) + SEND_MARKER_TTL_SECONDS;
  const recorded = await ports.otp.recordSend(marker, limits, ttl, now);
  if (isLimitRefusal(recorded)) {
    countRefusal(signals, recorded);
    return { status: 'RATE_LIMITED' };
  }
  if (recorded === 'exists') return { status: 'SENT' };
  const base = config.selfServiceBaseUrl.replace(/\/+$/, '');
  const text = selfServiceText(`${base}/${request.intent}`, speechLanguage(request.language));
  try {
    await ports.sms.send({ to: phone, text, purpose: 'self-service-link' });
  } catch (error) {
    // Let a retry send: the link never went out (the limits keep the attempt counted).
    await ports.otp.forgetSend(marker).catch(() => undefined);
    throw error;
  }
  signals.count('SmsSent');
  return { status: 'SENT' };
}
