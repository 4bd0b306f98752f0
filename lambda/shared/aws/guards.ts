/**
 * Guessing guards in the security-state (OtpChallenges) table: one item per guarded secret
 * (`guard#pin#<pseudonym>`, `guard#otp#<customerId>`), see `GuessLimitPolicy` and
 * `lambda/domain/guess-guard.ts`. Every attempt is counted by one conditional write BEFORE the
 * secret is compared, so concurrent guesses can never pass a gate.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SECURITY_ITEMS } from '../../../lib/integrations/contracts';
import type { GuardAudit, GuardCountResult, GuardState, GuardStore } from '../../domain/ports';
import { TableAdapter } from './dynamodb';

type Item = Record<string, unknown>;

function n(item: Item, key: string): number | undefined {
  const value = item[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The state an item holds (a missing item is a fresh guard). */
export function toGuardState(item: Item | undefined, firstGate: number): GuardState {
  const lockedUntil = item ? n(item, 'lockedUntil') : undefined;
  const hardLockedAt = item ? n(item, 'hardLockedAt') : undefined;
  return {
    consecutive: (item && n(item, 'consecutive')) ?? 0,
    gate: (item && n(item, 'gate')) ?? firstGate,
    period: (item && n(item, 'period')) ?? -1,
    periodFailures: (item && n(item, 'periodFailures')) ?? 0,
    ...(lockedUntil === undefined ? {} : { lockedUntil }),
    ...(hardLockedAt === undefined ? {} : { hardLockedAt }),
  };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Not locked at `:now`, not hard locked, and below the gate. */
const OPEN =
  'attribute_not_exists(hardLockedAt) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now) ' +
  'AND (attribute_not_exists(gate) OR consecutive < gate)';

/** {@link GuardStore} over DynamoDB. */
export class DynamoGuardStore extends TableAdapter implements GuardStore {
  async get(key: string): Promise<GuardState | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key }, ConsistentRead: true }),
      this.options,
    );
    return result.Item ? toGuardState(result.Item, 0) : undefined;
  }

  async count(
    key: string,
    now: number,
    periodSeconds: number,
    firstGate: number,
    periodCap: number,
  ): Promise<GuardCountResult> {
    const period = Math.floor(now / 1000 / periodSeconds);
    // Same period (the common case), then a new period or a new guard: two conditional writes at
    // most, each all-or-nothing, so a count is never lost or doubled.
    const attempts: { update: string; condition: string }[] = [
      {
        update: 'ADD consecutive :one, periodFailures :one SET #ttl = :ttl',
        condition: `period = :period AND periodFailures < :cap AND ${OPEN}`,
      },
      {
        update:
          'SET period = :period, periodFailures = :one, gate = if_not_exists(gate, :firstGate), ' +
          'consecutive = if_not_exists(consecutive, :zero) + :one, #ttl = :ttl',
        condition: `(attribute_not_exists(period) OR period < :period) AND ${OPEN}`,
      },
    ];
    for (const attempt of attempts) {
      try {
        const result = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: key },
            UpdateExpression: attempt.update,
            ConditionExpression: attempt.condition,
            ExpressionAttributeNames: { '#ttl': 'ttl' },
            ExpressionAttributeValues: {
              ':one': 1,
              ':now': now,
              ':period': period,
              // An idle guard is forgotten after two periods (unknown account numbers do not pile up);
              // a hard lock removes the TTL, so only an operator ends it.
              ':ttl': Math.floor(now / 1000) + 2 * periodSeconds,
              ...(attempt.update.includes(':firstGate')
                ? { ':firstGate': firstGate, ':zero': 0 }
                : { ':cap': periodCap }),
            },
            ReturnValues: 'ALL_NEW',
          }),
          this.options,
        );
        return { kind: 'counted', state: toGuardState(result.Attributes, firstGate) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return { kind: 'refused', state: (await this.get(key)) ?? toGuardState(undefined, firstGate) };
  }

  async lock(key: string, gate: number, until: number, nextGate: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          UpdateExpression: 'SET lockedUntil = :until, gate = :next',
          ConditionExpression: 'gate = :gate',
          ExpressionAttributeValues: { ':until': until, ':next': nextGate, ':gate': gate },
        }),
        this.options,
      );
    } catch (error) {
      // Another invocation set this lock already.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async hardLock(key: string, now: number): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key },
        UpdateExpression: 'SET hardLockedAt = if_not_exists(hardLockedAt, :now) REMOVE #ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':now': now },
      }),
      this.options,
    );
  }

  async recordSuccess(key: string, now: number, firstGate: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key },
          // The attempt was counted as a failure before the comparison: take it back out.
          UpdateExpression: 'SET consecutive = :zero, gate = :firstGate ADD periodFailures :minusOne',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(hardLockedAt) AND (attribute_not_exists(lockedUntil) OR lockedUntil <= :now)',
          ExpressionAttributeValues: { ':zero': 0, ':firstGate': firstGate, ':minusOne': -1, ':now': now },
        }),
        this.options,
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(key: string, audit: GuardAudit, now: number, firstGate: number): Promise<boolean> {
    const auditKey = `${SECURITY_ITEMS.audit}${new Date(now).toISOString()}#${key}`;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: key },
                UpdateExpression:
                  'SET consecutive = :zero, periodFailures = :zero, gate = :gate REMOVE lockedUntil, hardLockedAt',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':zero': 0, ':gate': firstGate },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                // No TTL: audit records are kept (the table has PITR and backups).
                Item: {
                  pk: auditKey,
                  action: 'guard-release',
                  guard: key,
                  actor: audit.actor,
                  reason: audit.reason,
                  at: new Date(now).toISOString(),
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
      if (error instanceof Error && error.name === 'TransactionCanceledException') return false;
      throw error;
    }
  }
}
