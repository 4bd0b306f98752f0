/** balance-lookup: the balance of one of the authenticated customer's accounts, for speech. */
import { verifyAuthToken } from './auth-token';
import { tokenContactIds, type ContactContext, type Outcome } from './outcome';
import type { AccountRepository, Clock, MacPort } from './ports';
import { balanceSpeech, speechLanguage } from './speech';

/** Ports balance-lookup needs. */
export interface BalancePorts {
  readonly accounts: AccountRepository;
  readonly mac: MacPort;
  readonly clock: Clock;
}

/** Parameters of balance-lookup. */
export interface BalanceRequest {
  readonly authToken: string;
  readonly accountNumber?: string;
  readonly language?: string;
}

/**
 * A PIN token reads only the account it was minted for; an OTP token reads the given account if it
 * belongs to the token's customer, else the customer's first account. Accounts of other customers
 * answer NOT_FOUND, like missing ones, so their existence is not revealed.
 */
export async function lookupBalance(
  ports: BalancePorts,
  contact: ContactContext,
  request: BalanceRequest,
): Promise<Outcome<'SUCCESS' | 'UNAUTHORIZED' | 'NOT_FOUND'>> {
  const claims = await verifyAuthToken(ports.mac, request.authToken, {
    contactIds: tokenContactIds(contact),
    levels: ['OTP', 'PIN'],
    now: ports.clock.now(),
  });
  if (!claims) return { status: 'UNAUTHORIZED' };

  let accountNumber: string | undefined;
  if (claims.level === 'PIN') {
    if (request.accountNumber !== undefined && request.accountNumber !== claims.accountNumber) {
      return { status: 'NOT_FOUND' };
    }
    accountNumber = claims.accountNumber;
  } else {
    accountNumber = request.accountNumber ?? (await ports.accounts.listForCustomer(claims.customerId))[0];
  }
  if (accountNumber === undefined) return { status: 'NOT_FOUND' };
  const account = await ports.accounts.get(accountNumber);
  if (!account || account.customerId !== claims.customerId) return { status: 'NOT_FOUND' };
  return {
    status: 'SUCCESS',
    balanceSpeech: balanceSpeech(account.balanceMinor, account.currency, speechLanguage(request.language)),
  };
}
