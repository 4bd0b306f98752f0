/**
 * pin-verify: account number + PIN against the PIN's KMS HMAC MAC. Guessing is limited per account
 * NUMBER (known or not) by a guard item keyed by a keyed pseudonym of the number, with progressive
 * temporary locks, a hard lock and a period cap (`SECURITY.pinGuessLimits`). Unknown accounts take
 * exactly the same path (same calls, same statuses, LOCKED included), so account numbers cannot be
 * enumerated. The caller's number plays no part: it is spoofable.
 */
import { MAC_MESSAGE, SECURITY, SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { issueAuthToken } from './auth-token';
import { afterFailure, afterSuccess, beginAttempt, NO_SIGNALS, type SignalSink } from './guess-guard';
import type { ContactContext, Outcome } from './outcome';
import type { AccountRepository, Clock, GuardStore, MacPort, PseudonymPort } from './ports';
import { PSEUDONYM } from './rate-limits';

/** Ports pin-verify needs. */
export interface PinVerifyPorts {
  readonly accounts: AccountRepository;
  readonly guards: GuardStore;
  readonly pseudonyms: PseudonymPort;
  readonly mac: MacPort;
  readonly clock: Clock;
  readonly signals?: SignalSink;
}

/** A MAC no message has: compared for unknown accounts so their answer takes as long as a wrong PIN. */
const DECOY_MAC = new Uint8Array(32);

/** Account numbers: digits only. */
export const ACCOUNT_NUMBER_PATTERN = /^\d{6,12}$/;

/** PINs: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/** Guard item key of an account number. */
export async function pinGuardKey(pseudonyms: PseudonymPort, accountNumber: string): Promise<string> {
  return `${SECURITY_ITEMS.pinGuard}${await pseudonyms.of(PSEUDONYM.account, accountNumber)}`;
}

/**
 * Verifies a PIN. `callerCustomerId` is the customer the caller's number matched, if any: VERIFIED
 * answers `callerMatch = 'false'` when the PIN belongs to someone else (a spoofed number, or a
 * different customer on the same phone), for the map's `auth.callerIdMismatch` policy. INVALID_PIN carries no `attemptsLeft` (a count would differ between known and
 * unknown accounts only if the two were treated differently; they are not, but the caller does not
 * need it). LOCKED answers `attemptsLeft = 0`; the flow then offers another way in or an adviser.
 */
export async function verifyPin(
  ports: PinVerifyPorts,
  contact: ContactContext,
  accountNumber: string,
  pin: string,
  callerCustomerId?: string,
): Promise<Outcome<'VERIFIED' | 'INVALID_PIN' | 'LOCKED'>> {
  const signals = ports.signals ?? NO_SIGNALS;
  const policy = SECURITY.pinGuessLimits;
  const now = ports.clock.now();
  const key = await pinGuardKey(ports.pseudonyms, accountNumber);
  const started = await beginAttempt(ports.guards, key, policy, now, signals);
  if (started.kind === 'locked') return { status: 'LOCKED', attemptsLeft: '0' };

  const account = await ports.accounts.get(accountNumber);
  const valid = await ports.mac.verify(MAC_MESSAGE.pin(accountNumber, pin), account?.pinMac ?? DECOY_MAC);
  if (valid && account?.pinMac) {
    if (!(await afterSuccess(ports.guards, key, policy, now))) return { status: 'LOCKED', attemptsLeft: '0' };
    const authToken = await issueAuthToken(
      ports.mac,
      { contactId: contact.contactId, customerId: account.customerId, level: 'PIN', accountNumber },
      now,
    );
    // Whether the verified customer is the one the caller's (spoofable) number matched: the flow
    // cannot compare two attributes, so the function says it ('true' when there was no match).
    const callerMatch = callerCustomerId === undefined || callerCustomerId === account.customerId;
    return {
      status: 'VERIFIED',
      authToken,
      customerId: account.customerId,
      callerMatch: String(callerMatch),
    };
  }
  const after = await afterFailure(ports.guards, key, policy, started.state, now, signals);
  return after === 'locked' ? { status: 'LOCKED', attemptsLeft: '0' } : { status: 'INVALID_PIN' };
}
