/**
 * Creates the customer store's tables in DynamoDB Local from `lib/data/schema.ts`, the same
 * definitions the CDK construct deploys, so tests run against the deployed key schema and indexes.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import {
  TABLE_LIST,
  type IndexDefinition,
  type KeyAttribute,
  type TableDefinition,
  type TableId,
} from '../../lib/data/schema';

/** A table's shape reduced to what the schema defines, comparable with `toEqual`. */
export interface TableShape {
  readonly keySchema: readonly string[];
  readonly attributeTypes: Readonly<Record<string, string>>;
  readonly indexes: ReadonlyArray<{
    readonly indexName: string;
    readonly keySchema: readonly string[];
    readonly projection: string;
  }>;
  /** `PAY_PER_REQUEST` for the schema; DescribeTable omits the summary for provisioned tables. */
  readonly billingMode: string;
  readonly timeToLiveAttribute: string | null;
}

const ACTIVE_TIMEOUT_MS = 30_000;
const PREFIX_PATTERN = /^[A-Za-z0-9_.-]{1,200}$/;

/** The physical name of a table: `<prefix>-<id>`. */
export function tableName(prefix: string, id: TableId): string {
  return `${prefix}-${id}`;
}

/** The table names for a prefix, keyed by table id. */
export function tableNames(prefix: string): Record<TableId, string> {
  checkPrefix(prefix);
  return Object.fromEntries(TABLE_LIST.map((table) => [table.id, tableName(prefix, table.id)])) as Record<
    TableId,
    string
  >;
}

/**
 * Creates every table of `TABLE_LIST` as `<prefix>-<id>` (on-demand, same keys, GSIs and TTL) and
 * waits until all are ACTIVE. Fails if any of them exists already; see {@link ensureTables}.
 */
export async function createTables(
  client: DynamoDBClient,
  prefix: string,
  options: TableOptions = {},
): Promise<Record<TableId, string>> {
  const names = tableNames(prefix);
  await Promise.all(TABLE_LIST.map((table) => createTable(client, table, names[table.id], options)));
  return names;
}

/** How test tables differ from the deployed ones. */
export interface TableOptions {
  /**
   * Turn on TTL as deployed. DynamoDB Local really deletes expired items, so a caller whose clock is
   * in the past (the simulator replays calls at fixed dates) turns it off: expiry is enforced in code
   * and TTL is only clean-up, so behaviour is otherwise the same.
   * @default true
   */
  readonly timeToLive?: boolean;
}

/**
 * Creates the tables of `TABLE_LIST` that do not exist yet and checks that the ones that do have the
 * schema's shape (a stale table from an older schema would make tests lie).
 */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<Record<TableId, string>> {
  const names = tableNames(prefix);
  await Promise.all(
    TABLE_LIST.map(async (table) => {
      const name = names[table.id];
      try {
        await createTable(client, table, name);
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        await waitUntilActive(client, name);
        const actual = await describeTableShape(client, name);
        const expected = expectedTableShape(table);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          throw new Error(
            `table ${name} exists with a shape that differs from lib/data/schema.ts: delete it (or use another prefix) and run again.\n` +
              `expected ${JSON.stringify(expected)}\nfound    ${JSON.stringify(actual)}`,
          );
        }
      }
    }),
  );
  return names;
}

/** Deletes the given tables; tables already gone are ignored. */
export async function deleteTables(
  client: DynamoDBClient,
  names: Readonly<Record<TableId, string>>,
): Promise<void> {
  await Promise.all(
    Object.values(names).map(async (name) => {
      try {
        await client.send(new DeleteTableCommand({ TableName: name }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }),
  );
}

/** The CreateTable input for a schema definition. */
export function createTableInput(table: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute['type']>();
  const addAttribute = (attribute: KeyAttribute): void => {
    const known = attributes.get(attribute.name);
    if (known !== undefined && known !== attribute.type) {
      throw new Error(
        `schema error: ${table.id}.${attribute.name} is used as both ${known} and ${attribute.type}`,
      );
    }
    attributes.set(attribute.name, attribute.type);
  };
  addAttribute(table.partitionKey);
  if (table.sortKey) addAttribute(table.sortKey);
  for (const index of table.indexes) {
    addAttribute(index.partitionKey);
    if (index.sortKey) addAttribute(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map(([attributeName, type]) => ({
    AttributeName: attributeName,
    AttributeType: type,
  }));
  const globalSecondaryIndexes: GlobalSecondaryIndex[] = table.indexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: projection(index),
  }));
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    ...(globalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes: globalSecondaryIndexes } : {}),
  };
}

/** The shape a table built from `table` must have; compare with {@link describeTableShape}. */
export function expectedTableShape(table: TableDefinition): TableShape {
  const attributeTypes: Record<string, string> = {};
  for (const attribute of createTableInput(table, 'shape').AttributeDefinitions ?? []) {
    attributeTypes[attribute.AttributeName ?? ''] = attribute.AttributeType ?? '';
  }
  return {
    keySchema: keyList(table.partitionKey, table.sortKey),
    attributeTypes: sortedRecord(attributeTypes),
    indexes: [...table.indexes]
      .sort((a, b) => a.indexName.localeCompare(b.indexName))
      .map((index) => ({
        indexName: index.indexName,
        keySchema: keyList(index.partitionKey, index.sortKey),
        projection: projectionLabel(projection(index)),
      })),
    billingMode: 'PAY_PER_REQUEST',
    timeToLiveAttribute: table.timeToLiveAttribute ?? null,
  };
}

/** Reads a table's actual shape through DescribeTable and DescribeTimeToLive. */
export async function describeTableShape(client: DynamoDBClient, name: string): Promise<TableShape> {
  const [{ Table: table }, { TimeToLiveDescription: ttl }] = await Promise.all([
    client.send(new DescribeTableCommand({ TableName: name })),
    client.send(new DescribeTimeToLiveCommand({ TableName: name })),
  ]);
  if (!table) throw new Error(`DescribeTable returned no table for ${name}`);
  const attributeTypes: Record<string, string> = {};
  for (const attribute of table.AttributeDefinitions ?? []) {
    attributeTypes[attribute.AttributeName ?? ''] = attribute.AttributeType ?? '';
  }
  const ttlOn = ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING';
  return {
    keySchema: describedKeys(table.KeySchema),
    attributeTypes: sortedRecord(attributeTypes),
    indexes: [...(table.GlobalSecondaryIndexes ?? [])]
      .sort((a, b) => (a.IndexName ?? '').localeCompare(b.IndexName ?? ''))
      .map((index) => ({
        indexName: index.IndexName ?? '',
        keySchema: describedKeys(index.KeySchema),
        projection: projectionLabel(index.Projection ?? {}),
      })),
    billingMode: table.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
    timeToLiveAttribute: ttlOn ? (ttl?.AttributeName ?? null) : null,
  };
}

async function createTable(
  client: DynamoDBClient,
  table: TableDefinition,
  name: string,
  options: TableOptions = {},
): Promise<void> {
  await client.send(new CreateTableCommand(createTableInput(table, name)));
  await waitUntilActive(client, name);
  if (table.timeToLiveAttribute !== undefined && options.timeToLive !== false) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}

// The SDK's waiter sleeps 20 s between polls; DynamoDB Local is ACTIVE at once, so poll briskly.
async function waitUntilActive(client: DynamoDBClient, name: string): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new Error(`table ${name} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function checkPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`table prefix ${JSON.stringify(prefix)} must be 1-200 characters of [A-Za-z0-9_.-]`);
  }
}

function keySchema(partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] {
  const keys: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) keys.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return keys;
}

function projection(index: IndexDefinition): Projection {
  return index.projectedAttributes === undefined
    ? { ProjectionType: 'ALL' }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projectedAttributes] };
}

function keyList(partitionKey: KeyAttribute, sortKey?: KeyAttribute): string[] {
  return sortKey ? [`HASH:${partitionKey.name}`, `RANGE:${sortKey.name}`] : [`HASH:${partitionKey.name}`];
}

function describedKeys(keys: readonly KeySchemaElement[] | undefined): string[] {
  // HASH first, as in the schema; DynamoDB returns them in that order too but does not promise it.
  return [...(keys ?? [])]
    .sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0))
    .map((key) => `${key.KeyType}:${key.AttributeName}`);
}

function projectionLabel(value: Projection): string {
  const nonKey = [...(value.NonKeyAttributes ?? [])].sort();
  return nonKey.length > 0 ? `${value.ProjectionType}(${nonKey.join(',')})` : String(value.ProjectionType);
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
