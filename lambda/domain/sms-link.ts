/**
 * sms-link: texts a self-service link for an intent to the calling number (deflection to a digital
 * channel). Only to mobile-looking E.164 numbers, rate limited per calling number, once per contact
 * and intent (a Connect retry does not text twice).
 */
import { selfServiceText } from './messages';
import type { ContactContext, Outcome } from './outcome';
import { isMobileLooking, normaliseE164 } from './phone';
import type { Clock, OtpStore, SmsPort } from './ports';
import { callerLinkCounter, SEND_WINDOW_SECONDS } from './rate-limits';
import { speechLanguage } from './speech';

/** Intent ids as the journey map spells them. */
export const INTENT_PATTERN = /^[a-z][A-Za-z0-9-]{0,39}$/;

/** Ports sms-link needs. */
export interface SmsLinkPorts {
  readonly otp: OtpStore;
  readonly sms: SmsPort;
  readonly clock: Clock;
}

/** Configuration of sms-link. */
export interface SmsLinkConfig {
  /** Base URL of the self-service site; the intent is appended as a path segment. */
  readonly selfServiceBaseUrl: string;
}

/** Sends the link; INVALID_INPUT when the calling number cannot take an SMS. */
export async function sendSelfServiceLink(
  ports: SmsLinkPorts,
  config: SmsLinkConfig,
  contact: ContactContext,
  request: { readonly intent: string; readonly language?: string },
): Promise<Outcome<'SENT' | 'RATE_LIMITED' | 'INVALID_INPUT'>> {
  const phone = normaliseE164(contact.callerNumber);
  if (!phone || !isMobileLooking(phone)) return { status: 'INVALID_INPUT' };
  const now = ports.clock.now();
  const counter = callerLinkCounter(phone, now);
  const marker = `sent#link#${contact.contactId}#${request.intent}`;
  const ttl = Math.floor(now / 1000) + 2 * SEND_WINDOW_SECONDS;
  const recorded = await ports.otp.recordSend(marker, [counter], ttl);
  if (recorded === 'rate-limited') return { status: 'RATE_LIMITED' };
  if (recorded === 'exists') return { status: 'SENT' };
  const base = config.selfServiceBaseUrl.replace(/\/+$/, '');
  const text = selfServiceText(`${base}/${request.intent}`, speechLanguage(request.language));
  try {
    await ports.sms.send({ to: phone, text, purpose: 'self-service-link' });
  } catch (error) {
    await ports.otp.forgetSend(marker).catch(() => undefined);
    throw error;
  }
  return { status: 'SENT' };
}
