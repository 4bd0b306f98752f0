/** order-status: status and expected date of one of the authenticated customer's orders. */
import { verifyAuthToken } from './auth-token';
import { tokenContactIds, type ContactContext, type Outcome } from './outcome';
import type { Clock, MacPort, OrderRepository } from './ports';
import { expectedDateSentence, orderStatusSpeech, speechLanguage } from './speech';

/** Order ids are 8 digits (the demo data's format). */
export const ORDER_ID_PATTERN = /^\d{8}$/;

/** Ports order-status needs. */
export interface OrderStatusPorts {
  readonly orders: OrderRepository;
  readonly mac: MacPort;
  readonly clock: Clock;
}

/** Parameters of order-status. */
export interface OrderStatusRequest {
  readonly authToken: string;
  readonly orderId: string;
  readonly language?: string;
}

/** Another customer's order answers NOT_FOUND, exactly like a missing one (no enumeration). */
export async function lookupOrderStatus(
  ports: OrderStatusPorts,
  contact: ContactContext,
  request: OrderStatusRequest,
): Promise<Outcome<'SUCCESS' | 'UNAUTHORIZED' | 'NOT_FOUND'>> {
  const claims = await verifyAuthToken(ports.mac, request.authToken, {
    contactIds: tokenContactIds(contact),
    levels: ['OTP', 'PIN'],
    now: ports.clock.now(),
  });
  if (!claims) return { status: 'UNAUTHORIZED' };
  const order = await ports.orders.get(request.orderId);
  if (!order || order.customerId !== claims.customerId) return { status: 'NOT_FOUND' };
  const language = speechLanguage(request.language);
  const status = order.status.toUpperCase();
  return {
    status: 'SUCCESS',
    orderStatus: status,
    statusSpeech: orderStatusSpeech(status, language),
    expectedDateSpeech: expectedDateSentence(status, order.expectedDate, language),
  };
}
