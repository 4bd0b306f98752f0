/**
 * Demo customers, accounts and orders for local runs, the journey simulator and demos.
 *
 * Everything here is fictional. Phone numbers come from ranges reserved for drama and fiction, so
 * no real person is ever called or texted: UK +44 7700 900xxx (Ofcom's drama range 07700 900000-
 * 900999) and France +33 6 39 98 xx xx (Arcep's range for audiovisual fiction).
 *
 * Formats (the IVR collects identifiers by DTMF, so they are digits only):
 * - `customerId`: `CUST` + 4 digits (never typed by a caller; found from the caller's number).
 * - `accountNumber`: 8 digits.
 * - `orderId`: 8 digits starting with 5, so a caller can key it in and it never has a leading zero.
 * - `placedAt`: ISO 8601 UTC timestamp (also the sort key of the orders-by-customer index);
 *   `expectedDate`: ISO calendar date `YYYY-MM-DD`.
 * - Money in integer minor units (pence, cents) with an ISO 4217 currency.
 */
import type { TableId } from '../lib/data/schema';

/** Languages the IVR speaks. */
export type DemoLanguage = 'en' | 'fr';

/** Customer segments the flows treat differently (priority queue, gentler handling). */
export type DemoSegment = 'standard' | 'premium' | 'vulnerable';

/** Sentiment of the customer's last contact, as Contact Lens reports it (`NONE`: no contact yet). */
export type DemoSentiment = 'POSITIVE' | 'NEUTRAL' | 'NEGATIVE' | 'NONE';

/** Order states; `DELAYED` triggers the proactive notice at the start of a call. */
export type DemoOrderStatus = 'PROCESSING' | 'SHIPPED' | 'DELAYED' | 'DELIVERED';

/** A customer profile, as stored in the Customers table. */
export interface DemoCustomer {
  readonly customerId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** E.164 number the customer calls from (the caller ID that identifies, never authenticates). */
  readonly phoneE164: string;
  readonly language: DemoLanguage;
  readonly segment: DemoSegment;
  readonly openCases: number;
  readonly lastSentiment: DemoSentiment;
}

/** An account. `demoPin` exists only in this file and is never written to a table. */
export interface DemoAccount {
  readonly accountNumber: string;
  readonly customerId: string;
  /** Balance in minor units (pence or cents); negative means overdrawn. */
  readonly balanceMinor: number;
  readonly currency: 'GBP' | 'EUR';
  /**
   * DEMO ONLY: the PIN a tester keys in for this account. It is published in source control, so it
   * protects nothing; the seed stores only its KMS HMAC (`pinMac`), as production data would.
   */
  readonly demoPin: string;
  readonly status: 'OPEN';
}

/** An order, as stored in the Orders table. */
export interface DemoOrder {
  readonly orderId: string;
  readonly customerId: string;
  /** ISO 8601 UTC timestamp. */
  readonly placedAt: string;
  readonly status: DemoOrderStatus;
  /** ISO calendar date (`YYYY-MM-DD`): delivery date, or the revised one for a delayed order. */
  readonly expectedDate: string;
}

/** An order with dates relative to "now", so the data stays plausible whenever it is seeded. */
export interface DemoOrderTemplate {
  readonly orderId: string;
  readonly customerId: string;
  readonly status: DemoOrderStatus;
  /** Hours before now that the order was placed (hours, not days, so it is never in the future). */
  readonly placedHoursAgo: number;
  /** Days from now to the expected date (negative: in the past, e.g. delivered). */
  readonly expectedInDays: number;
}

/**
 * Id of the demo HMAC_256 KMS key that makes the PIN MACs. The seed tool and the journey simulator
 * both register it in their loopback KMS servers, which derive key material from the id, so MACs
 * written by one verify in the other.
 */
export const DEMO_MAC_KEY_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

/** The tables the demo data lives in. */
export const DEMO_TABLES: readonly TableId[] = ['Customers', 'Accounts', 'Orders'];

/**
 * Fixed reference "now" for reproducible runs (snapshots, simulator transcripts). Tools default to
 * the real clock; pass this to get identical dates every time.
 */
export const DEMO_BASE_DATE = new Date('2026-11-23T09:00:00.000Z');

/** Demo customers: five UK, three French. */
export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    // Two accounts: exercises "which account?" in the balance journey.
    customerId: 'CUST0001',
    firstName: 'Olivia',
    lastName: 'Bennett',
    phoneE164: '+447700900123',
    language: 'en',
    segment: 'premium',
    openCases: 0,
    lastSentiment: 'POSITIVE',
  },
  {
    // Delayed order and an open complaint: proactive notice, negative sentiment routing.
    customerId: 'CUST0002',
    firstName: 'James',
    lastName: 'Okafor',
    phoneE164: '+447700900456',
    language: 'en',
    segment: 'standard',
    openCases: 1,
    lastSentiment: 'NEGATIVE',
  },
  {
    customerId: 'CUST0003',
    firstName: 'Margaret',
    lastName: 'Hughes',
    phoneE164: '+447700900789',
    language: 'en',
    segment: 'vulnerable',
    openCases: 2,
    lastSentiment: 'NEUTRAL',
  },
  {
    // No orders and no previous contact: a first-time caller.
    customerId: 'CUST0004',
    firstName: 'Priya',
    lastName: 'Sharma',
    phoneE164: '+447700900321',
    language: 'en',
    segment: 'standard',
    openCases: 0,
    lastSentiment: 'NONE',
  },
  {
    customerId: 'CUST0005',
    firstName: 'Thomas',
    lastName: 'Wright',
    phoneE164: '+447700900654',
    language: 'en',
    segment: 'standard',
    openCases: 3,
    lastSentiment: 'NEGATIVE',
  },
  {
    customerId: 'CUST0006',
    firstName: 'Amélie',
    lastName: 'Durand',
    phoneE164: '+33639980123',
    language: 'fr',
    segment: 'premium',
    openCases: 0,
    lastSentiment: 'POSITIVE',
  },
  {
    // French speaker with a delayed order: the proactive notice in French.
    customerId: 'CUST0007',
    firstName: 'Lucas',
    lastName: 'Moreau',
    phoneE164: '+33639980456',
    language: 'fr',
    segment: 'standard',
    openCases: 1,
    lastSentiment: 'NEUTRAL',
  },
  {
    customerId: 'CUST0008',
    firstName: 'Chloé',
    lastName: 'Lefèvre',
    phoneE164: '+33639980789',
    language: 'fr',
    segment: 'vulnerable',
    openCases: 0,
    lastSentiment: 'NONE',
  },
];

/** Demo accounts; CUST0001 has two. PINs are demo-only (see {@link DemoAccount.demoPin}). */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    accountNumber: '41020001',
    customerId: 'CUST0001',
    balanceMinor: 254_310,
    currency: 'GBP',
    demoPin: '4827',
    status: 'OPEN',
  },
  {
    accountNumber: '41020019',
    customerId: 'CUST0001',
    balanceMinor: 1_250_000,
    currency: 'GBP',
    demoPin: '190375',
    status: 'OPEN',
  },
  {
    accountNumber: '41020027',
    customerId: 'CUST0002',
    balanceMinor: -4_512,
    currency: 'GBP',
    demoPin: '6150',
    status: 'OPEN',
  },
  {
    accountNumber: '41020035',
    customerId: 'CUST0003',
    balanceMinor: 87_605,
    currency: 'GBP',
    demoPin: '3092',
    status: 'OPEN',
  },
  {
    accountNumber: '41020043',
    customerId: 'CUST0004',
    balanceMinor: 0,
    currency: 'GBP',
    demoPin: '71846',
    status: 'OPEN',
  },
  {
    accountNumber: '41020051',
    customerId: 'CUST0005',
    balanceMinor: 12_999,
    currency: 'GBP',
    demoPin: '5538',
    status: 'OPEN',
  },
  {
    accountNumber: '76030001',
    customerId: 'CUST0006',
    balanceMinor: 532_075,
    currency: 'EUR',
    demoPin: '2604',
    status: 'OPEN',
  },
  {
    accountNumber: '76030019',
    customerId: 'CUST0007',
    balanceMinor: 18_450,
    currency: 'EUR',
    demoPin: '8813',
    status: 'OPEN',
  },
  {
    accountNumber: '76030027',
    customerId: 'CUST0008',
    balanceMinor: 3_020,
    currency: 'EUR',
    demoPin: '470129',
    status: 'OPEN',
  },
];

/** Demo orders relative to "now"; materialise them with {@link demoOrders}. */
export const DEMO_ORDER_TEMPLATES: readonly DemoOrderTemplate[] = [
  {
    orderId: '50012345',
    customerId: 'CUST0001',
    status: 'DELIVERED',
    placedHoursAgo: 507,
    expectedInDays: -17,
  },
  {
    orderId: '50012388',
    customerId: 'CUST0001',
    status: 'SHIPPED',
    placedHoursAgo: 49,
    expectedInDays: 1,
  },
  {
    orderId: '50023456',
    customerId: 'CUST0002',
    status: 'DELAYED',
    placedHoursAgo: 213,
    expectedInDays: 4,
  },
  {
    orderId: '50034567',
    customerId: 'CUST0003',
    status: 'PROCESSING',
    placedHoursAgo: 2,
    expectedInDays: 3,
  },
  {
    orderId: '50045678',
    customerId: 'CUST0005',
    status: 'PROCESSING',
    placedHoursAgo: 35,
    expectedInDays: 5,
  },
  {
    orderId: '50056789',
    customerId: 'CUST0005',
    status: 'DELIVERED',
    placedHoursAgo: 959,
    expectedInDays: -35,
  },
  {
    orderId: '50067890',
    customerId: 'CUST0006',
    status: 'SHIPPED',
    placedHoursAgo: 65,
    expectedInDays: 2,
  },
  {
    orderId: '50078901',
    customerId: 'CUST0007',
    status: 'DELAYED',
    placedHoursAgo: 288,
    expectedInDays: 6,
  },
];

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The demo orders with dates computed from `now` (UTC calendar days). */
export function demoOrders(now: Date): DemoOrder[] {
  if (Number.isNaN(now.getTime())) throw new Error('demoOrders needs a valid date');
  return DEMO_ORDER_TEMPLATES.map((template) => ({
    orderId: template.orderId,
    customerId: template.customerId,
    // Whole minutes, as an order system would record them.
    placedAt: new Date(
      Math.floor((now.getTime() - template.placedHoursAgo * HOUR_MS) / MINUTE_MS) * MINUTE_MS,
    ).toISOString(),
    status: template.status,
    expectedDate: isoDate(now, template.expectedInDays),
  }));
}

/** The demo orders as of {@link DEMO_BASE_DATE}. */
export const DEMO_ORDERS: readonly DemoOrder[] = demoOrders(DEMO_BASE_DATE);

function isoDate(now: Date, offsetDays: number): string {
  return new Date(now.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}
