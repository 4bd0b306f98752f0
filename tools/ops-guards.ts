/**
 * `npm run ops -- guard show|unlock pin <accountNumber> | otp <customerId>`: inspect and release the
 * guessing guards of pin-verify and otp-verify. A hard lock (after 20 consecutive failures or 40
 * in a 30-day period) ends only here; every release writes an audit record (`audit#<time>#<guard>`,
 * actor and reason) in the same transaction as the release.
 *
 * PIN guards are keyed by a keyed pseudonym of the account number (never the number), so `pin`
 * needs the KMS HMAC key (`--mac-key-id` or MAC_KEY_ID; `--kms-endpoint` for a local KMS).
 */
import { KMSClient } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SECURITY } from '../lib/integrations/contracts';
import { firstGate, isLocked } from '../lambda/domain/guess-guard';
import { otpGuardKey } from '../lambda/domain/otp';
import { ACCOUNT_NUMBER_PATTERN, pinGuardKey } from '../lambda/domain/pin';
import type { GuardState } from '../lambda/domain/ports';
import { DynamoGuardStore } from '../lambda/shared/aws/guards';
import { KmsMacPort } from '../lambda/shared/aws/kms';
import { DerivedKeyPseudonyms } from '../lambda/shared/pseudonyms';

/** Customer ids as the integrations accept them. */
const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A mistake in the guard command's arguments (one sentence). */
export class GuardUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardUsageError';
  }
}

/** What the guard commands need. */
export interface GuardOpsContext {
  readonly doc: DynamoDBDocumentClient;
  /** Security-state (OtpChallenges) table. */
  readonly table: string;
  /** For `pin`: the KMS client and HMAC key id the integrations use. */
  readonly kms?: KMSClient;
  readonly macKeyId?: string;
  readonly user: string;
  readonly now: () => number;
  readonly out: (line: string) => void;
}

/** Guard key of `pin <accountNumber>` or `otp <customerId>`. */
export async function guardKeyOf(
  ctx: GuardOpsContext,
  kind: string | undefined,
  id: string | undefined,
): Promise<string> {
  if (kind === 'otp') {
    if (!id || !CUSTOMER_ID_PATTERN.test(id)) throw new GuardUsageError('otp needs a customer id');
    return otpGuardKey(id);
  }
  if (kind === 'pin') {
    if (!id || !ACCOUNT_NUMBER_PATTERN.test(id))
      throw new GuardUsageError('pin needs an account number (6-12 digits)');
    if (!ctx.kms || !ctx.macKeyId)
      throw new GuardUsageError(
        "pin needs the HMAC key: pass --mac-key-id (the integrations' MAC_KEY_ID) or set MAC_KEY_ID",
      );
    return pinGuardKey(new DerivedKeyPseudonyms(new KmsMacPort(ctx.kms, ctx.macKeyId)), id);
  }
  throw new GuardUsageError(`name the guard: 'pin <accountNumber>' or 'otp <customerId>'`);
}

/** One line describing a guard's state. */
export function describeGuard(state: GuardState | undefined, now: number): string {
  if (!state) return 'no failures recorded';
  const parts = [
    `consecutive failures ${state.consecutive}`,
    `failures this period ${state.periodFailures}`,
    state.hardLockedAt !== undefined
      ? `HARD LOCKED since ${new Date(state.hardLockedAt).toISOString()}`
      : isLocked(state, now)
        ? `locked until ${new Date(state.lockedUntil ?? 0).toISOString()}`
        : 'open',
  ];
  return parts.join(', ');
}

/** `guard show <kind> <id>`. */
export async function guardShow(
  ctx: GuardOpsContext,
  kind: string | undefined,
  id: string | undefined,
): Promise<void> {
  const key = await guardKeyOf(ctx, kind, id);
  const store = new DynamoGuardStore(ctx.doc, ctx.table);
  ctx.out(`${kind} guard: ${describeGuard(await store.get(key), ctx.now())}`);
}

/** `guard unlock <kind> <id> --reason "..."`: clears every lock and count, with an audit record. */
export async function guardUnlock(
  ctx: GuardOpsContext,
  kind: string | undefined,
  id: string | undefined,
  reason: string | undefined,
): Promise<void> {
  if (!reason || reason.trim().length < 3)
    throw new GuardUsageError('unlock needs --reason "..." (kept in the audit record)');
  const key = await guardKeyOf(ctx, kind, id);
  const store = new DynamoGuardStore(ctx.doc, ctx.table);
  const before = await store.get(key);
  if (!before) {
    ctx.out(`${kind} guard: no failures recorded; nothing to release`);
    return;
  }
  const policy = kind === 'pin' ? SECURITY.pinGuessLimits : SECURITY.otpGuessLimits;
  const released = await store.release(
    key,
    { actor: ctx.user, reason: reason.trim() },
    ctx.now(),
    firstGate(policy),
  );
  if (!released) throw new Error('the guard changed while it was being released; run the command again');
  ctx.out(
    `${kind} guard released (was: ${describeGuard(before, ctx.now())}); audit record written for ${ctx.user}`,
  );
}
