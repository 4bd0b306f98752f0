/**
 * DynamoDB adapter of the web callback store, in the OtpChallenges table (`pk`, TTL `ttl`): pending
 * callbacks `webcb#<ref>` and rate counters `rate#webcb#...`, written together in one transaction so
 * a refused request writes nothing.
 */
import {
  DeleteCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../lib/journey/types';
import { pendingKey, type CallbackStore, type PendingCallback } from '../domain/contact-options';
import type { RateCounter } from '../domain/ports';
import { TableAdapter } from '../shared/aws/dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r.Code ?? 'None') : [];
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The callback store over the OtpChallenges table. */
export class DynamoCallbackStore extends TableAdapter implements CallbackStore {
  async reserve(
    pending: PendingCallback,
    counters: readonly RateCounter[],
    ttl: number,
  ): Promise<'written' | 'rate-limited'> {
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: {
          pk: pendingKey(pending.ref),
          phoneE164: pending.phoneE164,
          queueId: pending.queueId,
          intent: pending.intent,
          language: pending.language,
          createdAt: pending.createdAt,
          expiresAt: pending.expiresAt,
          used: false,
          ttl,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const updates: TransactItem[] = counters.map((counter) => ({
      Update: {
        TableName: this.tableName,
        Key: { pk: counter.key },
        UpdateExpression: 'ADD sends :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ConditionExpression: 'attribute_not_exists(sends) OR sends < :max',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':max': counter.max, ':ttl': counter.ttl },
      },
    }));
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: [put, ...updates] }), this.options);
      return 'written';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined) throw error;
      // The reference is random (144 bits): a clash on the put is not a rate limit, it is a bug.
      if (codes.slice(1).includes('ConditionalCheckFailed')) return 'rate-limited';
      // Another request for the same number or client is being counted right now: a flood; refuse it.
      if (codes.includes('TransactionConflict')) return 'rate-limited';
      throw error;
    }
  }

  async release(ref: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: pendingKey(ref) } }),
      this.options,
    );
  }

  async claim(ref: string, now: number): Promise<PendingCallback | undefined> {
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pendingKey(ref) },
          UpdateExpression: 'SET used = :true, usedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND used = :false AND expiresAt > :now',
          ExpressionAttributeValues: { ':true': true, ':false': false, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
        this.options,
      );
      const item = result.Attributes;
      if (!item || typeof item.phoneE164 !== 'string' || typeof item.queueId !== 'string') return undefined;
      return {
        ref,
        phoneE164: item.phoneE164,
        queueId: item.queueId,
        intent: String(item.intent ?? ''),
        language: (item.language === 'fr' ? 'fr' : 'en') as Language,
        createdAt: Number(item.createdAt ?? 0),
        expiresAt: Number(item.expiresAt ?? 0),
      };
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}
