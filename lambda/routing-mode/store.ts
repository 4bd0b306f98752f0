/**
 * The RoutingState table as the routing-mode function uses it: a consistent read of one queue's
 * item and a write guarded by the item's `version`, so two events of the same queue processed at
 * once never lose each other's alarm (the loser re-reads and re-applies). The write SETs only the
 * attributes the function owns; an operator override (`override`) and the announcement item are
 * never touched.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AlarmRecord, QueueRoutingState, RoutingStateUpdate } from '../domain/routing-mode';
import type { RoutingOverride } from '../domain/ports';

/** Port of the routing-mode function onto the RoutingState table. */
export interface RoutingStateStore {
  /** The queue's item (strongly consistent), or undefined when it has none. */
  get(queue: string): Promise<QueueRoutingState | undefined>;
  /**
   * Writes the function's attributes if the item is still at `expectedVersion` (undefined: the item
   * has never been written by the function). Returns false when another write came first.
   */
  write(update: RoutingStateUpdate, expectedVersion: number | undefined): Promise<boolean>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function alarmRecords(value: unknown): Record<string, AlarmRecord> {
  const records: Record<string, AlarmRecord> = {};
  if (!isRecord(value)) return records;
  for (const [name, record] of Object.entries(value)) {
    if (
      isRecord(record) &&
      (record.state === 'OK' || record.state === 'ALARM' || record.state === 'INSUFFICIENT_DATA') &&
      typeof record.changedAt === 'number' &&
      typeof record.eventId === 'string'
    ) {
      records[name] = { state: record.state, changedAt: record.changedAt, eventId: record.eventId };
    }
  }
  return records;
}

function stringSet(value: unknown): string[] {
  if (value instanceof Set) return [...value].filter((v): v is string => typeof v === 'string');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads an item defensively: unknown or mistyped attributes are dropped, never trusted. */
export function toQueueRoutingState(item: Record<string, unknown>): QueueRoutingState {
  const override =
    isRecord(item.override) && typeof item.override.mode === 'string' ? item.override : undefined;
  return {
    queue: String(item.queue),
    mode: optionalString(item.mode),
    since: optionalString(item.since),
    reason: optionalString(item.reason),
    alarm: optionalString(item.alarm),
    eventTime: optionalString(item.eventTime),
    eventId: optionalString(item.eventId),
    alarmsInAlarm: stringSet(item.alarmsInAlarm),
    alarms: alarmRecords(item.alarms),
    version: typeof item.version === 'number' ? item.version : undefined,
    override: override as RoutingOverride | undefined,
  };
}

/** {@link RoutingStateStore} over DynamoDB. */
export class DynamoRoutingStateStore implements RoutingStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(queue: string): Promise<QueueRoutingState | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { queue }, ConsistentRead: true }),
    );
    return Item ? toQueueRoutingState(Item) : undefined;
  }

  async write(update: RoutingStateUpdate, expectedVersion: number | undefined): Promise<boolean> {
    const set = [
      '#mode = :mode',
      '#since = :since',
      '#reason = :reason',
      '#alarm = :alarm',
      '#eventTime = :eventTime',
      '#eventId = :eventId',
      '#alarms = :alarms',
      '#version = :next',
      '#updatedAt = :updatedAt',
    ];
    const values: Record<string, unknown> = {
      ':mode': update.mode,
      ':since': update.since,
      ':reason': update.reason,
      ':alarm': update.alarm,
      ':eventTime': update.eventTime,
      ':eventId': update.eventId,
      ':alarms': update.alarms,
      ':next': (expectedVersion ?? 0) + 1,
      ':updatedAt': new Date().toISOString(),
    };
    // DynamoDB sets cannot be empty: an empty set is stored as an absent attribute.
    let expression: string;
    if (update.alarmsInAlarm.length > 0) {
      set.push('#inAlarm = :inAlarm');
      values[':inAlarm'] = new Set(update.alarmsInAlarm);
      expression = `SET ${set.join(', ')}`;
    } else {
      expression = `SET ${set.join(', ')} REMOVE #inAlarm`;
    }
    let condition = 'attribute_not_exists(#version)';
    if (expectedVersion !== undefined) {
      condition = '#version = :expected';
      values[':expected'] = expectedVersion;
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { queue: update.queue },
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            '#mode': 'mode',
            '#since': 'since',
            '#reason': 'reason',
            '#alarm': 'alarm',
            '#eventTime': 'eventTime',
            '#eventId': 'eventId',
            '#alarms': 'alarms',
            '#version': 'version',
            '#updatedAt': 'updatedAt',
            '#inAlarm': 'alarmsInAlarm',
          },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error instanceof Error && error.name === 'ConditionalCheckFailedException')
      ) {
        return false;
      }
      throw error;
    }
  }
}
