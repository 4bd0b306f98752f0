/** password-reset: texts a single-use reset link to the authenticated customer's registered number. */
import { verifyAuthToken } from './auth-token';
import { passwordResetText } from './messages';
import { tokenContactIds, type ContactContext, type Outcome } from './outcome';
import { normaliseE164, phoneHint } from './phone';
import { createHash } from 'node:crypto';
import type { Clock, CustomerRepository, MacPort, RandomSource, ResetGrantStore, SmsPort } from './ports';
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
  readonly mac: MacPort;
  readonly sms: SmsPort;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** Configuration of password-reset. */
export interface PasswordResetConfig {
  /** Base URL of the reset page; the id is appended as `?t=`. */
  readonly resetBaseUrl: string;
}

/** Requires an OTP token (possession of the registered phone) and sends to that phone only. */
export async function sendPasswordReset(
  ports: PasswordResetPorts,
  config: PasswordResetConfig,
  contact: ContactContext,
  request: { readonly authToken: string; readonly language?: string },
): Promise<Outcome<'SENT' | 'UNAUTHORIZED' | 'NOT_FOUND'>> {
  const claims = await verifyAuthToken(ports.mac, request.authToken, {
    contactIds: tokenContactIds(contact),
    levels: ['OTP'],
    now: ports.clock.now(),
  });
  if (!claims) return { status: 'UNAUTHORIZED' };
  const customer = await ports.customers.get(claims.customerId);
  const phone = normaliseE164(customer?.phoneE164);
  if (!customer || !phone) return { status: 'NOT_FOUND' };
  const resetId = ports.random.token(RESET_ID_BYTES);
  const now = ports.clock.now();
  const expiresAt = now + RESET_LIFETIME_SECONDS * 1000;
  const stored = await ports.grants.putOncePerContact(
    {
      idHash: resetIdHash(resetId),
      customerId: customer.customerId,
      contactId: contact.contactId,
      createdAt: now,
      expiresAt,
    },
    Math.floor(expiresAt / 1000) + 3600,
  );
  // A retry by Connect for the same contact: the first invocation sent the link.
  if (!stored) return { status: 'SENT', phoneHint: phoneHint(phone) };
  const link = `${config.resetBaseUrl}?t=${resetId}`;
  const language = speechLanguage(request.language ?? customer.language);
  await ports.sms.send({ to: phone, text: passwordResetText(link, language), purpose: 'password-reset' });
  return { status: 'SENT', phoneHint: phoneHint(phone) };
}
