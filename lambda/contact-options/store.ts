/**
 * DynamoDB adapter of the web callback store, in the OtpChallenges table (`pk`, TTL `ttl`): pending
 * callbacks `webcb#<ref>`, written in one transaction with the limits they count against (the
 * number's `rate#callback#number#...` and the global `rate#callback#global#...`, shared with IVR
 * callbacks, and the client's `rate#webcb#client#...`), through the shared limited-write helper so
 * web and IVR callbacks keep one item format. A refused request writes nothing.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../lib/journey/types';
import { pendingKey, type CallbackStore, type PendingCallback } from '../domain/contact-options';
import type { LimitRefusal, RateLimit } from '../domain/ports';
import { TableAdapter } from '../shared/aws/dynamodb';
import { writeLimited, type TransactItem } from '../shared/aws/limits';

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The pending record's put collided with an existing item: the 144-bit reference repeated (a bug). */
export class PendingCallbackClashError extends Error {
  constructor() {
    super('a pending web callback with this reference already exists');
    this.name = 'PendingCallbackClashError';
  }
}

/** The callback store over the OtpChallenges table. */
export class DynamoCallbackStore extends TableAdapter implements CallbackStore {
  async reserve(
    pending: PendingCallback,
    limits: readonly RateLimit[],
    ttl: number,
  ): Promise<'written' | LimitRefusal> {
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
    const result = await writeLimited(this.doc, this.tableName, put, limits, pending.createdAt, this.options);
    if (result.kind === 'main-refused') throw new PendingCallbackClashError();
    return result.kind;
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
