/** password-reset: texts a single-use reset link to the authenticated customer's registered number. */
import { verifyAuthToken } from './auth-token';
import { passwordResetText } from './messages';
import { tokenContactIds, type ContactContext, type Outcome } from './outcome';
import { normaliseE164, phoneHint } from './phone';
import type { Clock, CustomerRepository, MacPort, RandomSource, SmsPort } from './ports';
import { speechLanguage } from './speech';

/** Bytes of randomness in a reset id (128 bits). */
export const RESET_ID_BYTES = 16;

/** Ports password-reset needs. */
export interface PasswordResetPorts {
  readonly customers: CustomerRepository;
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
  const link = `${config.resetBaseUrl}?t=${ports.random.token(RESET_ID_BYTES)}`;
  const language = speechLanguage(request.language ?? customer.language);
  await ports.sms.send({ to: phone, text: passwordResetText(link, language), purpose: 'password-reset' });
  return { status: 'SENT', phoneHint: phoneHint(phone) };
}
