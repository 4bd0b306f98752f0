/**
 * The harness's DynamoDB Local behaves like DynamoDB where the integrations depend on it, and its
 * tables have exactly the shapes `lib/data/schema.ts` defines.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { INDEX, TABLE_LIST, TABLES, type TableId } from '../../lib/data/schema';
import { localClients, tableEnv, uniquePrefix } from '../support/clients';
import {
  createTables,
  deleteTables,
  describeTableShape,
  ensureTables,
  expectedTableShape,
} from '../support/tables';

const { ddb, doc } = localClients();
const prefix = uniquePrefix('ddb');
let names: Record<TableId, string>;

beforeAll(async () => {
  names = await createTables(ddb, prefix);
});

afterAll(async () => {
  await deleteTables(ddb, names);
  ddb.destroy();
});

describe('created tables', () => {
  test.each(TABLE_LIST.map((table) => [table.id, table] as const))(
    '%s has the schema key schema, GSIs and TTL',
    async (_id, table) => {
      const name = names[table.id];
      expect(name).toBe(`${prefix}-${table.id}`);
      const { Table: described } = await ddb.send(new DescribeTableCommand({ TableName: name }));
      const { TimeToLiveDescription: ttl } = await ddb.send(
        new DescribeTimeToLiveCommand({ TableName: name }),
      );

      // Compared straight against the schema, not through the harness's own shape helpers.
      const expectedKeys = [{ AttributeName: table.partitionKey.name, KeyType: 'HASH' }];
      if (table.sortKey) expectedKeys.push({ AttributeName: table.sortKey.name, KeyType: 'RANGE' });
      expect(described?.KeySchema).toEqual(expectedKeys);
      expect(described?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

      const indexes = described?.GlobalSecondaryIndexes ?? [];
      expect(indexes.map((index) => index.IndexName).sort()).toEqual(
        table.indexes.map((i) => i.indexName).sort(),
      );
      for (const index of table.indexes) {
        const actual = indexes.find((candidate) => candidate.IndexName === index.indexName);
        const keys = [{ AttributeName: index.partitionKey.name, KeyType: 'HASH' }];
        if (index.sortKey) keys.push({ AttributeName: index.sortKey.name, KeyType: 'RANGE' });
        expect(actual?.KeySchema).toEqual(keys);
        if (index.projectedAttributes) {
          expect(actual?.Projection?.ProjectionType).toBe('INCLUDE');
          expect([...(actual?.Projection?.NonKeyAttributes ?? [])].sort()).toEqual(
            [...index.projectedAttributes].sort(),
          );
        } else {
          expect(actual?.Projection?.ProjectionType).toBe('ALL');
        }
      }

      if (table.timeToLiveAttribute) {
        expect(ttl?.TimeToLiveStatus).toBe('ENABLED');
        expect(ttl?.AttributeName).toBe(table.timeToLiveAttribute);
      } else {
        expect(ttl?.TimeToLiveStatus).toBe('DISABLED');
      }
      expect(await describeTableShape(ddb, name)).toEqual(expectedTableShape(table));
    },
  );

  test('tableEnv maps every schema env var to its table', () => {
    expect(tableEnv(names)).toEqual({
      CUSTOMERS_TABLE: names.Customers,
      ACCOUNTS_TABLE: names.Accounts,
      ORDERS_TABLE: names.Orders,
      OTP_TABLE: names.OtpChallenges,
      ROUTING_TABLE: names.RoutingState,
    });
  });

  test('ensureTables accepts tables that match and rejects a stale shape', async () => {
    await expect(ensureTables(ddb, prefix)).resolves.toEqual(names);

    const stalePrefix = uniquePrefix('stale');
    // An Orders table from an imagined older schema: keyed by customerId, no index.
    await ddb.send(
      new CreateTableCommand({
        TableName: `${stalePrefix}-Orders`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'customerId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
      }),
    );
    try {
      await expect(ensureTables(ddb, stalePrefix)).rejects.toThrow(/Orders exists with a shape that differs/);
    } finally {
      await deleteTables(ddb, {
        Customers: `${stalePrefix}-Customers`,
        Accounts: `${stalePrefix}-Accounts`,
        Orders: `${stalePrefix}-Orders`,
        OtpChallenges: `${stalePrefix}-OtpChallenges`,
        RoutingState: `${stalePrefix}-RoutingState`,
      });
    }
  });

  test('createTables refuses a prefix that is not a valid table name part', async () => {
    await expect(createTables(ddb, 'bad prefix!')).rejects.toThrow(/table prefix/);
  });
});

describe('conditional writes', () => {
  test('a put conditioned on absence is rejected with ConditionalCheckFailedException and changes nothing', async () => {
    const put = (firstName: string) =>
      doc.send(
        new PutCommand({
          TableName: names.Customers,
          Item: { customerId: 'cond-1', firstName, phoneE164: '+447700900001' },
          ConditionExpression: 'attribute_not_exists(customerId)',
        }),
      );
    await put('First');
    await expect(put('Second')).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    const { Item } = await doc.send(
      new GetCommand({ TableName: names.Customers, Key: { customerId: 'cond-1' } }),
    );
    expect(Item?.firstName).toBe('First');
  });

  test('an ADD counter guarded by a limit stops at the limit (the PIN lockout pattern)', async () => {
    await doc.send(
      new PutCommand({ TableName: names.Accounts, Item: { accountNumber: '90000001', failedAttempts: 0 } }),
    );
    const fail = () =>
      doc.send(
        new UpdateCommand({
          TableName: names.Accounts,
          Key: { accountNumber: '90000001' },
          UpdateExpression: 'ADD failedAttempts :one',
          ConditionExpression: 'failedAttempts < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': 3 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
    const counts: unknown[] = [];
    for (let i = 0; i < 3; i++) counts.push((await fail()).Attributes?.failedAttempts);
    expect(counts).toEqual([1, 2, 3]);
    await expect(fail()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });
});

describe('transactions', () => {
  test('a cancelled transaction writes nothing and reports which condition failed', async () => {
    await doc.send(
      new PutCommand({ TableName: names.OtpChallenges, Item: { pk: 'contact#tx-1', checks: 5 } }),
    );
    const attempt = doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: names.Customers, Item: { customerId: 'tx-1', firstName: 'Never' } } },
          {
            Update: {
              TableName: names.OtpChallenges,
              Key: { pk: 'contact#tx-1' },
              UpdateExpression: 'SET checks = checks + :one',
              ConditionExpression: 'checks < :max',
              ExpressionAttributeValues: { ':one': 1, ':max': 5 },
            },
          },
        ],
      }),
    );
    await expect(attempt).rejects.toBeInstanceOf(TransactionCanceledException);
    const reasons = await attempt.catch((error: TransactionCanceledException) =>
      error.CancellationReasons?.map((reason) => reason.Code),
    );
    expect(reasons).toEqual(['None', 'ConditionalCheckFailed']);

    const customer = await doc.send(
      new GetCommand({ TableName: names.Customers, Key: { customerId: 'tx-1' } }),
    );
    expect(customer.Item).toBeUndefined();
    const challenge = await doc.send(
      new GetCommand({ TableName: names.OtpChallenges, Key: { pk: 'contact#tx-1' } }),
    );
    expect(challenge.Item?.checks).toBe(5);
  });

  test('a transaction whose conditions hold writes every item', async () => {
    await doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: names.Customers,
              Item: { customerId: 'tx-2', firstName: 'Both' },
              ConditionExpression: 'attribute_not_exists(customerId)',
            },
          },
          { Put: { TableName: names.RoutingState, Item: { queue: 'tx-2-queue', mode: 'NORMAL' } } },
        ],
      }),
    );
    const customer = await doc.send(
      new GetCommand({ TableName: names.Customers, Key: { customerId: 'tx-2' } }),
    );
    const routing = await doc.send(
      new GetCommand({ TableName: names.RoutingState, Key: { queue: 'tx-2-queue' } }),
    );
    expect(customer.Item?.firstName).toBe('Both');
    expect(routing.Item?.mode).toBe('NORMAL');
  });
});

describe('index queries', () => {
  /** One behavioural check per GSI; the last test fails if the schema gains an index without one. */
  const indexCases: Record<string, () => Promise<void>> = {
    [`Customers.${INDEX.customersByPhone}`]: async () => {
      await doc.send(
        new PutCommand({
          TableName: names.Customers,
          Item: { customerId: 'gsi-c1', phoneE164: '+447700900901' },
        }),
      );
      await doc.send(
        new PutCommand({
          TableName: names.Customers,
          Item: { customerId: 'gsi-c2', phoneE164: '+447700900902' },
        }),
      );
      const { Items } = await doc.send(
        new QueryCommand({
          TableName: names.Customers,
          IndexName: INDEX.customersByPhone,
          KeyConditionExpression: 'phoneE164 = :phone',
          ExpressionAttributeValues: { ':phone': '+447700900902' },
        }),
      );
      expect(Items?.map((item) => item.customerId)).toEqual(['gsi-c2']);
    },
    [`Accounts.${INDEX.accountsByCustomer}`]: async () => {
      for (const accountNumber of ['91000001', '91000002']) {
        await doc.send(
          new PutCommand({
            TableName: names.Accounts,
            Item: {
              accountNumber,
              customerId: 'gsi-a',
              currency: 'GBP',
              status: 'OPEN',
              balanceMinor: 100,
              pinMac: 'c2VjcmV0',
            },
          }),
        );
      }
      const { Items } = await doc.send(
        new QueryCommand({
          TableName: names.Accounts,
          IndexName: INDEX.accountsByCustomer,
          KeyConditionExpression: 'customerId = :c',
          ExpressionAttributeValues: { ':c': 'gsi-a' },
        }),
      );
      expect(Items?.map((item) => item.accountNumber).sort()).toEqual(['91000001', '91000002']);
      // The INCLUDE projection keeps the PIN MAC and the balance out of the index.
      const projected = TABLES.Accounts.indexes.find(
        (i) => i.indexName === INDEX.accountsByCustomer,
      )?.projectedAttributes;
      for (const item of Items ?? []) {
        expect(Object.keys(item).sort()).toEqual(
          ['accountNumber', 'customerId', ...(projected ?? [])].sort(),
        );
        expect(item).not.toHaveProperty('pinMac');
        expect(item).not.toHaveProperty('balanceMinor');
      }
    },
    [`Orders.${INDEX.ordersByCustomer}`]: async () => {
      const placed = ['2026-11-01T10:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-10T10:00:00.000Z'];
      for (const [i, placedAt] of placed.entries()) {
        await doc.send(
          new PutCommand({
            TableName: names.Orders,
            Item: { orderId: `9200000${i}`, customerId: 'gsi-o', placedAt },
          }),
        );
      }
      const { Items } = await doc.send(
        new QueryCommand({
          TableName: names.Orders,
          IndexName: INDEX.ordersByCustomer,
          KeyConditionExpression: 'customerId = :c AND placedAt >= :since',
          ExpressionAttributeValues: { ':c': 'gsi-o', ':since': '2026-11-05' },
          ScanIndexForward: false,
        }),
      );
      expect(Items?.map((item) => item.placedAt)).toEqual([
        '2026-11-20T10:00:00.000Z',
        '2026-11-10T10:00:00.000Z',
      ]);
    },
  };

  test.each(Object.keys(indexCases))('%s answers a key-condition query', async (key) => {
    await indexCases[key]?.();
  });

  test('every GSI in the schema has a query case', () => {
    const schemaIndexes = TABLE_LIST.flatMap((table) =>
      table.indexes.map((index) => `${table.id}.${index.indexName}`),
    );
    expect(Object.keys(indexCases).sort()).toEqual(schemaIndexes.sort());
  });
});
