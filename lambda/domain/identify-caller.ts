/** identify-caller: who is probably calling (caller ID identifies, never authenticates). */
import { normaliseE164 } from './phone';
import type { CustomerRepository, OrderRepository } from './ports';
import type { Outcome } from './outcome';

/** How many recent orders are checked for a delay notice. */
export const NOTICE_ORDER_LIMIT = 20;

/**
 * The map's language for a customer's stored one: the same tag (any case), else the map's language
 * of the same primary subtag (`es` -> `es-ES`, `fr-CA` -> `fr`), else '' (the flow then asks).
 * Without the map's list the stored value is returned as it is.
 */
export function matchLanguage(
  stored: string | undefined,
  mapLanguages: readonly string[] | undefined,
): string {
  if (!stored) return '';
  if (!mapLanguages || mapLanguages.length === 0) return stored;
  const wanted = stored.toLowerCase();
  const exact = mapLanguages.find((code) => code.toLowerCase() === wanted);
  if (exact) return exact;
  const primary = wanted.split(/[-_]/)[0];
  return mapLanguages.find((code) => code.toLowerCase().split('-')[0] === primary) ?? '';
}

/** Ports identify-caller needs. */
export interface IdentifyCallerPorts {
  readonly customers: CustomerRepository;
  readonly orders: OrderRepository;
}

/**
 * Looks the caller's number up. Withheld or non-E.164 numbers and numbers shared by several
 * customers give NOT_FOUND: personalising for the wrong person would disclose someone else's data.
 */
export async function identifyCaller(
  ports: IdentifyCallerPorts,
  callerNumber: string | undefined,
  mapLanguages?: readonly string[],
): Promise<Outcome<'FOUND' | 'NOT_FOUND'>> {
  const phone = normaliseE164(callerNumber);
  if (!phone) return { status: 'NOT_FOUND' };
  const matches = await ports.customers.findByPhone(phone);
  if (matches.length !== 1) return { status: 'NOT_FOUND' };
  const customer = matches[0]!;
  const orders = await ports.orders.listForCustomer(customer.customerId, NOTICE_ORDER_LIMIT);
  const delayed = orders.some((order) => order.status.toUpperCase() === 'DELAYED');
  return {
    status: 'FOUND',
    customerId: customer.customerId,
    firstName: customer.firstName ?? '',
    language: matchLanguage(customer.language ?? 'en', mapLanguages),
    openCases: String(customer.openCases ?? 0),
    lastSentiment: customer.lastSentiment ?? 'NONE',
    segment: customer.segment ?? 'standard',
    notice: delayed ? 'ORDER_DELAYED' : 'NONE',
  };
}
