/** The demo data is internally consistent and covers the journeys the demo needs. */
import {
  DEMO_ACCOUNTS,
  DEMO_BASE_DATE,
  DEMO_CUSTOMERS,
  DEMO_MAC_KEY_ID,
  DEMO_ORDER_TEMPLATES,
  DEMO_ORDERS,
  demoOrders,
} from '../../tools/demo-data';

const unique = (values: readonly string[]): boolean => new Set(values).size === values.length;

describe('demo data', () => {
  test('customers use only fictional numbers in E.164 and unique ids', () => {
    expect(DEMO_CUSTOMERS.length).toBeGreaterThanOrEqual(8);
    for (const customer of DEMO_CUSTOMERS) {
      // Ofcom drama range 07700 900xxx; Arcep fiction range 06 39 98 xx xx.
      expect(customer.phoneE164).toMatch(
        customer.language === 'fr' ? /^\+3363998\d{4}$/ : /^\+447700900\d{3}$/,
      );
      expect(customer.openCases).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(customer.openCases)).toBe(true);
    }
    expect(unique(DEMO_CUSTOMERS.map((c) => c.customerId))).toBe(true);
    expect(unique(DEMO_CUSTOMERS.map((c) => c.phoneE164))).toBe(true);
  });

  test('accounts have 8-digit numbers, 4-6 digit demo PINs, integer balances and an existing owner', () => {
    const customerIds = new Set(DEMO_CUSTOMERS.map((c) => c.customerId));
    for (const account of DEMO_ACCOUNTS) {
      expect(account.accountNumber).toMatch(/^\d{8}$/);
      expect(account.demoPin).toMatch(/^\d{4,6}$/);
      expect(Number.isInteger(account.balanceMinor)).toBe(true);
      expect(customerIds.has(account.customerId)).toBe(true);
      const owner = DEMO_CUSTOMERS.find((c) => c.customerId === account.customerId);
      expect(account.currency).toBe(owner?.language === 'fr' ? 'EUR' : 'GBP');
    }
    expect(unique(DEMO_ACCOUNTS.map((a) => a.accountNumber))).toBe(true);
  });

  test('orders have DTMF-friendly 8-digit ids and an existing owner', () => {
    const customerIds = new Set(DEMO_CUSTOMERS.map((c) => c.customerId));
    for (const order of DEMO_ORDERS) {
      expect(order.orderId).toMatch(/^[1-9]\d{7}$/);
      expect(customerIds.has(order.customerId)).toBe(true);
    }
    expect(unique(DEMO_ORDERS.map((o) => o.orderId))).toBe(true);
  });

  test('covers the demo journeys: a delayed order, a two-account customer, French speakers', () => {
    expect(DEMO_ORDERS.some((o) => o.status === 'DELAYED')).toBe(true);
    const frenchWithDelay = DEMO_ORDERS.filter((o) => o.status === 'DELAYED').some(
      (o) => DEMO_CUSTOMERS.find((c) => c.customerId === o.customerId)?.language === 'fr',
    );
    expect(frenchWithDelay).toBe(true);
    const perCustomer = new Map<string, number>();
    for (const a of DEMO_ACCOUNTS) perCustomer.set(a.customerId, (perCustomer.get(a.customerId) ?? 0) + 1);
    expect([...perCustomer.values()].some((n) => n >= 2)).toBe(true);
    expect(DEMO_CUSTOMERS.some((c) => c.language === 'fr')).toBe(true);
    expect(new Set(DEMO_CUSTOMERS.map((c) => c.segment))).toEqual(
      new Set(['standard', 'premium', 'vulnerable']),
    );
    expect(DEMO_MAC_KEY_ID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('dates follow the reference time: placed in the past, delivered before today, the rest due', () => {
    for (const now of [DEMO_BASE_DATE, new Date('2027-03-01T00:30:00Z'), new Date('2026-12-31T23:59:00Z')]) {
      const today = now.toISOString().slice(0, 10);
      const orders = demoOrders(now);
      expect(orders).toHaveLength(DEMO_ORDER_TEMPLATES.length);
      for (const order of orders) {
        expect(order.placedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
        expect(order.expectedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Date.parse(order.placedAt)).toBeLessThanOrEqual(now.getTime());
        if (order.status === 'DELIVERED') expect(order.expectedDate < today).toBe(true);
        else expect(order.expectedDate > today).toBe(true);
        expect(order.expectedDate >= order.placedAt.slice(0, 10)).toBe(true);
      }
    }
    expect(demoOrders(DEMO_BASE_DATE)).toEqual(DEMO_ORDERS);
    expect(() => demoOrders(new Date('not a date'))).toThrow(/valid date/);
  });
});
