/**
 * DynamoDB adapters of the domain repositories, over the DocumentClient. Each instance is built
 * per invocation with that invocation's AbortSignal (cheap objects; the client is shared), so the
 * deadline guard cancels in-flight requests.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { INDEX } from '../../../lib/data/schema';
import { CorruptRecordError } from '../../domain/errors';
import type {
  ResetGrant,
  ResetGrantStore,
  AccountRecord,
  AccountRepository,
  ChallengeWriteResult,
  CustomerRecord,
  CustomerRepository,
  OrderRecord,
  OrderRepository,
  OtpChallenge,
  OtpCheckResult,
  OtpStore,
  LimitRefusal,
  RateLimit,
  RoutingStateItem,
  RoutingStateRepository,
  SmsState,
} from '../../domain/ports';
import { clientConfig, type ClientOptions } from './http';
import { writeLimited, type TransactItem } from './limits';

/** A DocumentClient with the integrations' timeouts; `undefined` values are dropped on write. */
export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(options)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

let sharedDocumentClient: DynamoDBDocumentClient | undefined;

/** The module-scope DocumentClient (created once per execution environment). */
export function defaultDocumentClient(): DynamoDBDocumentClient {
  sharedDocumentClient ??= createDocumentClient();
  return sharedDocumentClient;
}

type Item = Record<string, unknown>;

/** A marshalled attribute value as found on errors (the DocumentClient does not unmarshall those). */
type AttributeValue = Readonly<Record<string, unknown>>;

/** Unmarshalls the item attached to a failed condition (S, N, B, BOOL, NULL, M, L, SS, NS). */
export function unmarshallItem(item: unknown): Item | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const result: Item = {};
  for (const [key, value] of Object.entries(item as Record<string, AttributeValue>)) {
    result[key] = unmarshallValue(value);
  }
  return result;
}

function unmarshallValue(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('B' in value) return value.B instanceof Uint8Array ? value.B : Buffer.from(String(value.B), 'base64');
  if ('M' in value) return unmarshallItem(value.M);
  if ('L' in value && Array.isArray(value.L))
    return value.L.map((entry: AttributeValue) => unmarshallValue(entry));
  if ('SS' in value) return new Set(value.SS as string[]);
  if ('NS' in value) return new Set((value.NS as string[]).map(Number));
  return undefined;
}

/** Error name of a failed condition on a single-item write. */
const CONDITION_FAILED = 'ConditionalCheckFailedException';

function isConditionFailure(error: unknown): error is Error & { Item?: unknown } {
  return error instanceof Error && error.name === CONDITION_FAILED;
}

function str(item: Item, key: string): string | undefined {
  const value = item[key];
  return typeof value === 'string' ? value : undefined;
}

function num(item: Item, key: string): number | undefined {
  const value = item[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function requiredStr(item: Item, key: string, what: string): string {
  const value = str(item, key);
  if (value === undefined) throw new CorruptRecordError(`${what} item has no string ${key}`);
  return value;
}

/** Binary attribute (Uint8Array from the SDK) or base64 text. */
function bytes(item: Item, key: string): Uint8Array | undefined {
  const value = item[key];
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && value !== '') return Buffer.from(value, 'base64');
  return undefined;
}

/** Base of the adapters: the shared client, the table and this invocation's signal. */
export abstract class TableAdapter {
  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly signal?: AbortSignal,
  ) {}

  protected get options(): { abortSignal?: AbortSignal } {
    return this.signal ? { abortSignal: this.signal } : {};
  }
}

function toCustomer(item: Item): CustomerRecord {
  const openCases = num(item, 'openCases');
  return {
    customerId: requiredStr(item, 'customerId', 'customer'),
    ...optional('phoneE164', str(item, 'phoneE164')),
    ...optional('firstName', str(item, 'firstName')),
    ...optional('language', str(item, 'language')),
    ...optional('openCases', openCases),
    ...optional('lastSentiment', str(item, 'lastSentiment')),
    ...optional('segment', str(item, 'segment')),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Password-reset grants in the OTP challenges table: `reset#<sha256 of the id>` holds the grant and
 * `reset-contact#<contactId>` makes the send idempotent per contact; both written in one transaction.
 */
export class DynamoResetGrantStore extends TableAdapter implements ResetGrantStore {
  async putOncePerContact(grant: ResetGrant, ttlEpochSeconds: number): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `reset-contact#${grant.contactId}`,
                  customerId: grant.customerId,
                  ttl: ttlEpochSeconds,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `reset#${grant.idHash}`,
                  kind: 'password-reset',
                  customerId: grant.customerId,
                  contactId: grant.contactId,
                  createdAt: grant.createdAt,
                  expiresAt: grant.expiresAt,
                  used: false,
                  ttl: ttlEpochSeconds,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
        this.options,
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') {
        const reasons =
          (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      }
      throw error;
    }
  }

  async forget(grant: Pick<ResetGrant, 'idHash' | 'contactId'>): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: { pk: `reset-contact#${grant.contactId}` } } },
          // Only an unused grant: a redeemed one is history, not a failed send.
          {
            Delete: {
              TableName: this.tableName,
              Key: { pk: `reset#${grant.idHash}` },
              ConditionExpression: 'attribute_not_exists(pk) OR used = :false',
              ExpressionAttributeValues: { ':false': false },
            },
          },
        ],
      }),
      this.options,
    );
  }
}

/** Customers table. */
export class DynamoCustomerRepository extends TableAdapter implements CustomerRepository {
  async get(customerId: string): Promise<CustomerRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { customerId } }),
      this.options,
    );
    return result.Item ? toCustomer(result.Item) : undefined;
  }

  async findByPhone(phoneE164: string): Promise<CustomerRecord[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.customersByPhone,
        KeyConditionExpression: 'phoneE164 = :phone',
        ExpressionAttributeValues: { ':phone': phoneE164 },
        // Two are enough to tell "exactly one" from "shared number".
        Limit: 2,
      }),
      this.options,
    );
    return (result.Items ?? []).map(toCustomer);
  }
}

function toAccount(item: Item): AccountRecord {
  const balance = num(item, 'balanceMinor');
  if (balance === undefined) throw new CorruptRecordError('account item has no numeric balanceMinor');
  return {
    accountNumber: requiredStr(item, 'accountNumber', 'account'),
    customerId: requiredStr(item, 'customerId', 'account'),
    balanceMinor: balance,
    currency: str(item, 'currency') ?? 'GBP',
    ...optional('pinMac', bytes(item, 'pinMac')),
  };
}

/** Accounts table. */
export class DynamoAccountRepository extends TableAdapter implements AccountRepository {
  async get(accountNumber: string): Promise<AccountRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { accountNumber }, ConsistentRead: true }),
      this.options,
    );
    return result.Item ? toAccount(result.Item) : undefined;
  }

  async listForCustomer(customerId: string): Promise<string[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.accountsByCustomer,
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId },
        Limit: 50,
      }),
      this.options,
    );
    return (result.Items ?? [])
      .filter((item) => str(item, 'status')?.toUpperCase() !== 'CLOSED')
      .map((item) => str(item, 'accountNumber'))
      .filter((value): value is string => value !== undefined)
      .sort();
  }
}

function toOrder(item: Item): OrderRecord {
  return {
    orderId: requiredStr(item, 'orderId', 'order'),
    customerId: requiredStr(item, 'customerId', 'order'),
    status: str(item, 'status') ?? 'PROCESSING',
    ...optional('placedAt', str(item, 'placedAt')),
    ...optional('expectedDate', str(item, 'expectedDate')),
  };
}

/** Orders table. */
export class DynamoOrderRepository extends TableAdapter implements OrderRepository {
  async get(orderId: string): Promise<OrderRecord | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { orderId } }),
      this.options,
    );
    return result.Item ? toOrder(result.Item) : undefined;
  }

  async listForCustomer(customerId: string, limit: number): Promise<OrderRecord[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.ordersByCustomer,
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId },
        ScanIndexForward: false,
        Limit: limit,
      }),
      this.options,
    );
    return (result.Items ?? []).map(toOrder);
  }
}

/** Partition key of a contact's OTP challenge. */
export function challengeKey(contactId: string): string {
  return `challenge#${contactId}`;
}

const SMS_STATES: readonly SmsState[] = ['PENDING', 'SENT', 'FAILED'];

function toChallenge(item: Item): OtpChallenge {
  const codeMac = bytes(item, 'codeMac');
  const expiresAt = num(item, 'expiresAt');
  if (!codeMac || expiresAt === undefined)
    throw new CorruptRecordError('challenge item lacks codeMac or expiresAt');
  const smsState = str(item, 'smsState');
  return {
    contactId: requiredStr(item, 'contactId', 'challenge'),
    customerId: requiredStr(item, 'customerId', 'challenge'),
    codeMac,
    expiresAt,
    attempts: num(item, 'attempts') ?? 0,
    used: item.used === true,
    createdAt: num(item, 'createdAt') ?? 0,
    nonce: str(item, 'nonce') ?? '',
    smsState: SMS_STATES.includes(smsState as SmsState) ? (smsState as SmsState) : 'SENT',
    phoneHint: str(item, 'phoneHint') ?? '',
  };
}

/** OtpChallenges table: challenges, send markers and rate counters. */
export class DynamoOtpStore extends TableAdapter implements OtpStore {
  async get(contactId: string): Promise<OtpChallenge | undefined> {
    const result = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: challengeKey(contactId) },
        ConsistentRead: true,
      }),
      this.options,
    );
    return result.Item ? toChallenge(result.Item) : undefined;
  }

  async writeChallenge(
    challenge: OtpChallenge,
    limits: readonly RateLimit[],
    ttl: number,
    replacesNonce?: string,
  ): Promise<ChallengeWriteResult> {
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { pk: challengeKey(challenge.contactId), ...challenge, ttl },
        ConditionExpression: replacesNonce === undefined ? 'attribute_not_exists(pk)' : 'nonce = :old',
        ...(replacesNonce === undefined ? {} : { ExpressionAttributeValues: { ':old': replacesNonce } }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    const result = await writeLimited(
      this.doc,
      this.tableName,
      put,
      limits,
      challenge.createdAt,
      this.options,
    );
    if (result.kind !== 'main-refused') return { kind: result.kind };
    if (result.reason.Code === 'ConditionalCheckFailed') {
      const old = unmarshallItem(result.reason.Item);
      return { kind: 'exists', current: old ? toChallenge(old) : undefined };
    }
    // A concurrent invocation for the same contact is writing: report what it left.
    return { kind: 'exists', current: await this.get(challenge.contactId) };
  }

  async setSmsState(contactId: string, nonce: string, state: SmsState): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: challengeKey(contactId) },
          UpdateExpression: 'SET smsState = :state',
          ConditionExpression: 'nonce = :nonce',
          ExpressionAttributeValues: { ':state': state, ':nonce': nonce },
        }),
        this.options,
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async countCheck(
    contactId: string,
    customerId: string,
    now: number,
    maxChecks: number,
  ): Promise<OtpCheckResult> {
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: challengeKey(contactId) },
          UpdateExpression: 'ADD attempts :one',
          ConditionExpression:
            'attribute_exists(pk) AND customerId = :customer AND used = :false AND attempts < :max AND expiresAt > :now',
          ExpressionAttributeValues: {
            ':one': 1,
            ':customer': customerId,
            ':false': false,
            ':max': maxChecks,
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
        this.options,
      );
      if (!result.Attributes) throw new CorruptRecordError('counted OTP check returned no challenge');
      return { kind: 'counted', challenge: toChallenge(result.Attributes) };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = unmarshallItem(error.Item);
      return { kind: 'refused', current: old ? toChallenge(old) : undefined };
    }
  }

  async markUsed(contactId: string, nonce: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: challengeKey(contactId) },
          UpdateExpression: 'SET used = :true',
          ConditionExpression: 'used = :false AND nonce = :nonce',
          ExpressionAttributeValues: { ':true': true, ':false': false, ':nonce': nonce },
        }),
        this.options,
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async recordSend(
    marker: string,
    limits: readonly RateLimit[],
    ttl: number,
    now: number = Date.now(),
  ): Promise<'written' | 'exists' | LimitRefusal> {
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { pk: marker, ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const result = await writeLimited(this.doc, this.tableName, put, limits, now, this.options);
    // A marker already there, or a concurrent send for the same contact (it will send).
    return result.kind === 'main-refused' ? 'exists' : result.kind;
  }

  async forgetSend(marker: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: marker } }), this.options);
  }
}

/** Most pages read from the RoutingState table (it holds one item per queue). */
const MAX_ROUTING_PAGES = 4;

function toRoutingItem(item: Item): RoutingStateItem | undefined {
  const queue = str(item, 'queue');
  if (queue === undefined) return undefined;
  const override = item.override;
  const text = item.text;
  const until = item.until;
  return {
    queue,
    ...optional('mode', str(item, 'mode')),
    ...optional('since', str(item, 'since')),
    ...optional('reason', str(item, 'reason')),
    ...optional('alarm', str(item, 'alarm')),
    ...(typeof override === 'object' && override !== null && typeof (override as Item).mode === 'string'
      ? {
          override: {
            mode: (override as Item).mode as string,
            ...optional('reason', str(override as Item, 'reason')),
            ...optional('until', untilValue((override as Item).until)),
          },
        }
      : {}),
    ...(typeof text === 'object' && text !== null ? { text: stringEntries(text as Item) } : {}),
    ...optional('until', untilValue(until)),
  };
}

function untilValue(value: unknown): string | number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

function stringEntries(item: Item): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(item)) if (typeof value === 'string') result[key] = value;
  return result;
}

/** RoutingState table. */
export class DynamoRoutingStateRepository extends TableAdapter implements RoutingStateRepository {
  async all(): Promise<RoutingStateItem[]> {
    const items: RoutingStateItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < MAX_ROUTING_PAGES; page++) {
      const result = await this.doc.send(
        new ScanCommand({ TableName: this.tableName, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
        this.options,
      );
      for (const raw of result.Items ?? []) {
        const item = toRoutingItem(raw);
        if (item) items.push(item);
      }
      startKey = result.LastEvaluatedKey;
      if (!startKey) break;
    }
    return items;
  }
}
