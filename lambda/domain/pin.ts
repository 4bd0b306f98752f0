/**
 * pin-verify: account number + PIN against the PIN's KMS HMAC MAC. Failures are counted on the
 * account (not the caller, whose number is spoofable); the fifth failure locks the account for 30
 * minutes. Unknown accounts answer exactly like a wrong PIN and cost the same calls, so account
 * numbers cannot be enumerated.
 */
import { MAC_MESSAGE, SECURITY } from '../../lib/integrations/contracts';
import { issueAuthToken } from './auth-token';
import type { ContactContext, Outcome } from './outcome';
import type { AccountRepository, Clock, MacPort } from './ports';

/** Ports pin-verify needs. */
export interface PinVerifyPorts {
  readonly accounts: AccountRepository;
  readonly mac: MacPort;
  readonly clock: Clock;
}

/** A MAC no message has: compared for unknown accounts so their answer takes as long as a wrong PIN. */
const DECOY_MAC = new Uint8Array(32);

/** Account numbers: digits only. */
export const ACCOUNT_NUMBER_PATTERN = /^\d{6,12}$/;

/** PINs: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/**
 * Verifies a PIN. The check is counted before the comparison (one conditional write that also
 * refuses locked accounts), so a burst of concurrent guesses gets at most `pinMaxFailures` tries.
 *
 * INVALID_PIN deliberately carries no `attemptsLeft`: a count for real accounts but not for unknown
 * ones would tell them apart. LOCKED answers `attemptsLeft = 0`.
 */
export async function verifyPin(
  ports: PinVerifyPorts,
  contact: ContactContext,
  accountNumber: string,
  pin: string,
): Promise<Outcome<'VERIFIED' | 'INVALID_PIN' | 'LOCKED'>> {
  const now = ports.clock.now();
  const max = SECURITY.pinMaxFailures;
  const lockUntil = now + SECURITY.pinLockSeconds * 1000;
  const message = MAC_MESSAGE.pin(accountNumber, pin);
  const attempt = await ports.accounts.countPinAttempt(accountNumber, now, max);

  if (attempt.kind === 'unknown') {
    await ports.mac.verify(message, DECOY_MAC);
    return { status: 'INVALID_PIN' };
  }
  if (attempt.kind === 'refused') {
    // Budget used up without a lock in place means an earlier lock write failed: set it now.
    if (!(attempt.account.lockedUntil !== undefined && attempt.account.lockedUntil > now)) {
      await ports.accounts.lock(accountNumber, lockUntil);
    }
    return { status: 'LOCKED', attemptsLeft: '0' };
  }

  const account = attempt.account;
  const valid = await ports.mac.verify(message, account.pinMac ?? DECOY_MAC);
  if (valid && account.pinMac) {
    if (!(await ports.accounts.clearPinFailures(accountNumber, now)))
      return { status: 'LOCKED', attemptsLeft: '0' };
    const authToken = await issueAuthToken(
      ports.mac,
      { contactId: contact.contactId, customerId: account.customerId, level: 'PIN', accountNumber },
      now,
    );
    return { status: 'VERIFIED', authToken, customerId: account.customerId };
  }
  if (account.failedAttempts >= max) {
    await ports.accounts.lock(accountNumber, lockUntil);
    return { status: 'LOCKED', attemptsLeft: '0' };
  }
  return { status: 'INVALID_PIN' };
}
