/**
 * password-reset: texts a single-use reset link to the authenticated customer's registered number,
 * if the outbound number policy allows SMS to it; limited per destination number (sliding) and by
 * the global SMS budget; once per contact (a Connect retry does not text twice).
 */
import { createHash } from 'node:crypto';
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { verifyAuthToken } from './auth-token';
import { NO_SIGNALS, type SignalSink } from './guess-guard';
import { passwordResetText } from './messages';
import { allowedDestination } from './number-policy';
import { tokenContactIds, type ContactContext, type Outcome } from './outcome';
import { phoneHint } from './phone';
import type {
  Clock,
  CustomerRepository,
  MacPort,
  OtpStore,
  PseudonymPort,
  RandomSource,
  ResetGrantStore,
  SmsPort,
} from './ports';
import { countRefusal, isLimitRefusal, resetLimits, smsBudget } from './rate-limits';
import { SEND_MARKER_TTL_SECONDS } from './sms-link';
import { speechLanguage } from './speech';

/** Bytes of randomness in a reset id (128 bits). */
export const RESET_ID_BYTES = 16;

/** How long a reset link is valid. */
export const RESET_LIFETIME_SECONDS = 15 * 60;

/** The stored form of a reset id: its SHA-256, hex. The reset page hashes the `t` it receives. */
export function resetIdHash(resetId: string): string {
  return createHash('sha256').update(resetId, 'utf8').digest('hex');
}

/** Ports password-reset needs. */
export interface PasswordResetPorts {
  readonly customers: CustomerRepository;
  readonly grants: ResetGrantStore;
  /** Send limits and the once-per-contact send marker. */
  readonly otp: OtpStore;
  readonly pseudonyms: PseudonymPort;
  readonly mac: MacPort;
  readonly sms: SmsPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly signals?: SignalSink;
}

/** Configuration of password-reset. */
export interface PasswordResetConfig {
  /** Base URL of the reset page; the id is appended as `?t=`. */
  readonly resetBaseUrl: string;
  /** The stage's outbound policy; without one no number passes (fail closed). */
  readonly outbound: OutboundPolicyConfig | undefined;
}

/**
 * Send marker of a contact's reset SMS. Under the `reset-contact#` prefix the function is already
 * granted (IAM `dynamodb:LeadingKeys`), beside the grant store's `reset-contact#<contactId>` item.
 */
export function resetSendMarker(contactId: string): string {
  return `${SECURITY_ITEMS.resetContact}${contactId}#sent`;
}

/**
 * Requires an OTP token (possession of the registered phone) and sends to that phone only. A
 * registered number the policy refuses answers NOT_FOUND, like no number: nothing is written or sent.
 */
export async function sendPasswordReset(
  ports: PasswordResetPorts,
  config: PasswordResetConfig,
  contact: ContactContext,
  request: { readonly authToken: string; readonly language?: string },
): Promise<Outcome<'SENT' | 'UNAUTHORIZED' | 'NOT_FOUND' | 'RATE_LIMITED'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const claims = await verifyAuthToken(ports.mac, request.authToken, {
    contactIds: tokenContactIds(contact),
    levels: ['OTP'],
    now: ports.clock.now(),
  });
  if (!claims) return { status: 'UNAUTHORIZED' };
  const customer = await ports.customers.get(claims.customerId);
  if (!customer?.phoneE164) return { status: 'NOT_FOUND' };
  const destination = allowedDestination(customer.phoneE164, 'sms', config.outbound, signals);
  if (!destination) return { status: 'NOT_FOUND' };
  const { e164: phone, outbound } = destination;
  const hint = phoneHint(phone);
  const now = ports.clock.now();
  const limits = [
    ...(await resetLimits(ports.pseudonyms, phone)),
    ...smsBudget(outbound.smsPerHour, outbound.smsPerDay),
  ];
  const marker = resetSendMarker(contact.contactId);
  const recorded = await ports.otp.recordSend(
    marker,
    limits,
    Math.floor(now / 1000) + SEND_MARKER_TTL_SECONDS,
    now,
  );
  if (isLimitRefusal(recorded)) {
    countRefusal(signals, recorded);
    return { status: 'RATE_LIMITED' };
  }
  // A retry by Connect (or a concurrent duplicate) for the same contact: the first one sends.
  if (recorded === 'exists') return { status: 'SENT', phoneHint: hint };

  const resetId = ports.random.token(RESET_ID_BYTES);
  const expiresAt = now + RESET_LIFETIME_SECONDS * 1000;
  let stored: boolean;
  try {
    stored = await ports.grants.putOncePerContact(
      {
        idHash: resetIdHash(resetId),
        customerId: customer.customerId,
        contactId: contact.contactId,
        createdAt: now,
        expiresAt,
      },
      Math.floor(expiresAt / 1000) + 3600,
    );
  } catch (error) {
    // No grant, so no link could work: let a retry try again (the limits keep the attempt counted).
    await ports.otp.forgetSend(marker).catch(() => undefined);
    throw error;
  }
  // The contact already has a grant (its marker was lost): its link was sent then.
  if (!stored) return { status: 'SENT', phoneHint: hint };
  const link = `${config.resetBaseUrl}?t=${resetId}`;
  const language = speechLanguage(request.language ?? customer.language);
  try {
    await ports.sms.send({ to: phone, text: passwordResetText(link, language), purpose: 'password-reset' });
  } catch (error) {
    // Never delivered: drop the grant and the marker so Connect's retry mints and sends a new link
    // (instead of answering SENT for a link nobody received). The limits keep the attempt counted.
    await ports.grants
      .forget({ idHash: resetIdHash(resetId), contactId: contact.contactId })
      .catch(() => undefined);
    await ports.otp.forgetSend(marker).catch(() => undefined);
    throw error;
  }
  signals.count('SmsSent');
  return { status: 'SENT', phoneHint: hint };
}
