/**
 * Send limits in DynamoDB, written in the same transaction as what they limit (an OTP challenge, a
 * send marker, a pending callback), so a refused request writes nothing.
 *
 * - `sliding` limits are exact: the item keeps the times of the sends still inside the window
 *   (`sends`, at most `max`) and a version `v`. A send reads the item (strongly consistent), refuses
 *   when `max` sends are still inside the window, and otherwise writes the pruned list plus `now`
 *   on condition that `v` is unchanged. Concurrent sends conflict and are retried after a re-read,
 *   so no burst, at a window boundary or not, passes `max`.
 * - `fixed` limits (global budgets that every function writes) are one counter per window
 *   (`<key>#<window index>`, `ADD n 1` on condition `n < max`): no read and no retry on a hot item,
 *   at the price of up to 2x `max` across a window boundary.
 */
import {
  BatchGetCommand,
  TransactWriteCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { LimitRefusal, RateLimit } from '../../domain/ports';

/** One item of a TransactWrite. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Attempts of a limited write before giving up (refused: limits fail closed). */
export const MAX_LIMIT_ATTEMPTS = 12;

/** Key of a fixed-window counter in the window of `now`. */
export function fixedWindowKey(limit: RateLimit, now: number): string {
  return `${limit.key}#${Math.floor(now / 1000 / limit.windowSeconds)}`;
}

/** Times of the sends of a sliding item that are still inside its window at `now`. */
export function recentSends(
  item: Record<string, unknown> | undefined,
  limit: RateLimit,
  now: number,
): number[] {
  const sends = item?.sends;
  if (!Array.isArray(sends)) return [];
  const floor = now - limit.windowSeconds * 1000;
  return sends.filter((t): t is number => typeof t === 'number' && t > floor).sort((a, b) => a - b);
}

/** Reads the sliding items of `limits` in one strongly consistent batch. */
async function readSliding(
  doc: DynamoDBDocumentClient,
  tableName: string,
  limits: readonly RateLimit[],
  options: { abortSignal?: AbortSignal },
): Promise<Map<string, Record<string, unknown>>> {
  const keys = limits.filter((l) => l.mode === 'sliding').map((l) => l.key);
  const found = new Map<string, Record<string, unknown>>();
  if (keys.length === 0) return found;
  let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
    [tableName]: { Keys: [...new Set(keys)].map((pk) => ({ pk })), ConsistentRead: true },
  };
  for (let page = 0; request && page < 5; page++) {
    const result: BatchGetCommandOutput = await doc.send(
      new BatchGetCommand({ RequestItems: request }),
      options,
    );
    for (const item of result.Responses?.[tableName] ?? []) {
      if (typeof item.pk === 'string') found.set(item.pk, item);
    }
    const rest: Record<string, unknown>[] | undefined = result.UnprocessedKeys?.[tableName]?.Keys;
    request = rest && rest.length > 0 ? { [tableName]: { Keys: rest, ConsistentRead: true } } : undefined;
  }
  return found;
}

/** The transaction items that count one send against every limit, or the refusal. */
export async function planLimits(
  doc: DynamoDBDocumentClient,
  tableName: string,
  limits: readonly RateLimit[],
  now: number,
  options: { abortSignal?: AbortSignal },
): Promise<{ readonly items: TransactItem[] } | { readonly refusal: LimitRefusal }> {
  const current = await readSliding(doc, tableName, limits, options);
  const items: TransactItem[] = [];
  for (const limit of limits) {
    if (limit.mode === 'fixed') {
      const windowIndex = Math.floor(now / 1000 / limit.windowSeconds);
      items.push({
        Update: {
          TableName: tableName,
          Key: { pk: fixedWindowKey(limit, now) },
          UpdateExpression: 'ADD n :one SET #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(n) OR n < :max',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': limit.max,
            ':ttl': (windowIndex + 2) * limit.windowSeconds,
          },
        },
      });
      continue;
    }
    const item = current.get(limit.key);
    const recent = recentSends(item, limit, now);
    if (recent.length >= limit.max) return { refusal: 'rate-limited' };
    const version = typeof item?.v === 'number' ? item.v : undefined;
    items.push({
      Update: {
        TableName: tableName,
        Key: { pk: limit.key },
        UpdateExpression: 'SET sends = :sends, v = :next, #ttl = :ttl',
        ConditionExpression: version === undefined ? 'attribute_not_exists(v)' : 'v = :v',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':sends': [...recent, now],
          ':next': (version ?? 0) + 1,
          // The item must outlive its newest send by a window; TTL deletion is lazy anyway.
          ':ttl': Math.ceil(now / 1000) + limit.windowSeconds + 60,
          ...(version === undefined ? {} : { ':v': version }),
        },
      },
    });
  }
  return { items };
}

interface CancellationReason {
  readonly Code?: string;
  readonly Item?: unknown;
}

function reasonsOf(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as Error & { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}

/** Outcome of {@link writeLimited}. */
export type LimitedWriteResult =
  | { readonly kind: 'written' }
  /** The main item's condition failed (or a concurrent writer of the same main item won). */
  | { readonly kind: 'main-refused'; readonly reason: CancellationReason }
  | { readonly kind: LimitRefusal };

/**
 * Writes `main` (the thing being limited) together with one count on every limit, all or nothing.
 * Sliding-limit version conflicts and transaction conflicts on limit items are retried after a
 * re-read; the main item's own condition failing ends the write.
 */
export async function writeLimited(
  doc: DynamoDBDocumentClient,
  tableName: string,
  main: TransactItem,
  limits: readonly RateLimit[],
  now: number,
  options: { abortSignal?: AbortSignal },
): Promise<LimitedWriteResult> {
  for (let attempt = 0; attempt < MAX_LIMIT_ATTEMPTS; attempt++) {
    const plan = await planLimits(doc, tableName, limits, now, options);
    if ('refusal' in plan) return { kind: plan.refusal };
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: [main, ...plan.items] }), options);
      return { kind: 'written' };
    } catch (error) {
      const reasons = reasonsOf(error);
      if (!reasons) throw error;
      const [mainReason, ...limitReasons] = reasons;
      if (mainReason?.Code === 'ConditionalCheckFailed' || mainReason?.Code === 'TransactionConflict')
        return { kind: 'main-refused', reason: mainReason };
      // A fixed counter at its ceiling: the global budget is spent.
      const fixedFull = limits.some(
        (limit, i) => limit.mode === 'fixed' && limitReasons[i]?.Code === 'ConditionalCheckFailed',
      );
      if (fixedFull) return { kind: 'budget-exhausted' };
      const retryable = limitReasons.some(
        (r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict',
      );
      if (!retryable) throw error;
      // Another send changed a sliding item (or holds it): re-read and try again, with jitter.
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(Math.random() * 20 * (attempt + 1))));
    }
  }
  // Still conflicting after every attempt: refuse rather than risk passing a limit.
  return { kind: 'rate-limited' };
}
