/**
 * The customer store's table shapes, defined once.
 *
 * The CDK construct (`lib/constructs/customer-store.ts`) builds the deployed tables from these
 * definitions and the test harness (`test/support/tables.ts`) creates exactly the same tables in
 * DynamoDB Local, so tests exercise the deployed key schema and indexes. This module must not
 * import aws-cdk-lib: Lambda code and tests read it too.
 */

/** A DynamoDB attribute type used in a key. */
export type KeyType = 'S' | 'N' | 'B';

/** One key attribute. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}

/** A global secondary index (projection ALL unless `projectedAttributes` is given). */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** Non-key attributes to project; omitted means ALL. */
  readonly projectedAttributes?: readonly string[];
}

/** One table of the customer store. */
export interface TableDefinition {
  /** Stable logical name; also the CDK construct id, so never rename it (that replaces the table). */
  readonly id: TableId;
  /** Environment variable through which Lambda functions receive the physical table name. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  /** Epoch-seconds attribute DynamoDB uses to delete expired items (clean-up only, never expiry). */
  readonly timeToLiveAttribute?: string;
  readonly description: string;
}

/** Logical table ids. */
export type TableId = 'Customers' | 'Accounts' | 'Orders' | 'OtpChallenges' | 'RoutingState';

/** Index names, referenced by repositories. */
export const INDEX = {
  customersByPhone: 'byPhone',
  accountsByCustomer: 'byCustomer',
  ordersByCustomer: 'byCustomer',
} as const;

/** Every table of the customer store, in deployment order. */
export const TABLES: Readonly<Record<TableId, TableDefinition>> = {
  Customers: {
    id: 'Customers',
    envVar: 'CUSTOMERS_TABLE',
    partitionKey: { name: 'customerId', type: 'S' },
    indexes: [
      {
        indexName: INDEX.customersByPhone,
        partitionKey: { name: 'phoneE164', type: 'S' },
      },
    ],
    description:
      'customer profile: name, preferred language, segment, open cases, last sentiment; looked up by caller E.164 number',
  },
  Accounts: {
    id: 'Accounts',
    envVar: 'ACCOUNTS_TABLE',
    partitionKey: { name: 'accountNumber', type: 'S' },
    indexes: [
      {
        indexName: INDEX.accountsByCustomer,
        partitionKey: { name: 'customerId', type: 'S' },
        // The PIN MAC and balance never leave the base table through an index.
        projectedAttributes: ['currency', 'status'],
      },
    ],
    description: 'account: owner, balance in minor units, currency, PIN MAC, failure counter, lock-until',
  },
  Orders: {
    id: 'Orders',
    envVar: 'ORDERS_TABLE',
    partitionKey: { name: 'orderId', type: 'S' },
    indexes: [
      {
        indexName: INDEX.ordersByCustomer,
        partitionKey: { name: 'customerId', type: 'S' },
        sortKey: { name: 'placedAt', type: 'S' },
      },
    ],
    description: 'order: owner, status, placed and expected dates',
  },
  OtpChallenges: {
    id: 'OtpChallenges',
    envVar: 'OTP_TABLE',
    partitionKey: { name: 'pk', type: 'S' },
    indexes: [],
    timeToLiveAttribute: 'ttl',
    description:
      'one-time-password challenges keyed by contact (only a MAC of the code) and send-rate counters per customer and caller',
  },
  RoutingState: {
    id: 'RoutingState',
    envVar: 'ROUTING_TABLE',
    partitionKey: { name: 'queue', type: 'S' },
    indexes: [],
    description: 'routing mode per queue set by alarms or operators, and the current announcement',
  },
};

/** All table definitions as a list. */
export const TABLE_LIST: readonly TableDefinition[] = Object.values(TABLES);
