/**
 * Guessing limits of a secret (an account's PIN, a customer's OTP) across windows, by
 * {@link GuessLimitPolicy}: every attempt is counted before the comparison; the consecutive count
 * meets a gate at each lock step (temporary locks of growing length) and at `hardLockAfter` (a
 * hard lock only an operator releases, audited); failures in one period are capped whether or not
 * successes come in between, so a customer's own logins cannot reopen the budget for an attacker.
 *
 * Attack arithmetic (README, "Guessing limits"): any 30 days overlap at most two 30-day periods,
 * so at most `2 * periodCap - 1` guesses ({@link maxGuessesWithin}).
 */
import type { GuessLimitPolicy, SecurityMetric } from '../../lib/integrations/contracts';
import type { GuardState, GuardStore } from './ports';

/** Counts security signals of an invocation (EMF metrics, see `SECURITY_METRICS`). */
export interface SignalSink {
  count(metric: SecurityMetric): void;
}

/** A sink that drops everything (for callers without telemetry). */
export const NO_SIGNALS: SignalSink = { count: () => undefined };

/** The consecutive count of the first gate of a policy. */
export function firstGate(policy: GuessLimitPolicy): number {
  return policy.lockSteps[0]?.failures ?? policy.hardLockAfter;
}

/** The gate after `gate`: the next lock step, or the hard lock. */
function nextGate(policy: GuessLimitPolicy, gate: number): number {
  return policy.lockSteps.find((step) => step.failures > gate)?.failures ?? policy.hardLockAfter;
}

/** Whether the state calls for a hard lock. */
function needsHardLock(policy: GuessLimitPolicy, state: GuardState): boolean {
  return state.consecutive >= policy.hardLockAfter || state.periodFailures >= policy.periodCap;
}

/** Whether attempts are refused at `now` by the stored state alone. */
export function isLocked(state: GuardState | undefined, now: number): boolean {
  if (!state) return false;
  return state.hardLockedAt !== undefined || (state.lockedUntil !== undefined && state.lockedUntil > now);
}

/** Sets the lock the state has reached (a step lock or the hard lock). */
async function applyLock(
  store: GuardStore,
  key: string,
  policy: GuessLimitPolicy,
  state: GuardState,
  now: number,
  signals: SignalSink,
): Promise<void> {
  if (needsHardLock(policy, state)) {
    await store.hardLock(key, now);
    signals.count('AuthHardLock');
    return;
  }
  const step = policy.lockSteps.find((s) => s.failures === state.gate);
  const lockSeconds = step?.lockSeconds ?? policy.lockSteps.at(-1)?.lockSeconds ?? 0;
  await store.lock(key, state.gate, now + lockSeconds * 1000, nextGate(policy, state.gate));
  signals.count('AuthLockout');
}

/** Result of {@link beginAttempt}. */
export type AttemptStart =
  { readonly kind: 'proceed'; readonly state: GuardState } | { readonly kind: 'locked' };

/**
 * Counts one attempt before the comparison. `locked` when the guard refuses (and repairs a lock
 * whose write an earlier invocation lost, so a gate reached is always a lock set).
 */
export async function beginAttempt(
  store: GuardStore,
  key: string,
  policy: GuessLimitPolicy,
  now: number,
  signals: SignalSink = NO_SIGNALS,
): Promise<AttemptStart> {
  const counted = await store.count(key, now, policy.periodSeconds, firstGate(policy), policy.periodCap);
  if (counted.kind === 'counted') return { kind: 'proceed', state: counted.state };
  const state = counted.state;
  if (!isLocked(state, now) && (state.consecutive >= state.gate || needsHardLock(policy, state))) {
    await applyLock(store, key, policy, state, now, signals);
  }
  return { kind: 'locked' };
}

/** After a wrong secret: sets the lock the failure reached. `locked` when one now holds. */
export async function afterFailure(
  store: GuardStore,
  key: string,
  policy: GuessLimitPolicy,
  state: GuardState,
  now: number,
  signals: SignalSink = NO_SIGNALS,
): Promise<'open' | 'locked'> {
  signals.count('AuthFailure');
  if (state.consecutive >= state.gate || needsHardLock(policy, state)) {
    await applyLock(store, key, policy, state, now, signals);
    return 'locked';
  }
  return 'open';
}

/** After a right secret: the consecutive count restarts. False when a lock was set meanwhile. */
export function afterSuccess(
  store: GuardStore,
  key: string,
  policy: GuessLimitPolicy,
  now: number,
): Promise<boolean> {
  return store.recordSuccess(key, now, firstGate(policy));
}

/**
 * Most guesses an attacker gets at one secret in any `days` days, by the policy alone (successes
 * of the real owner in between reset the consecutive count but not the period cap): the window
 * overlaps at most `k` periods; in all but the last the attacker must stop one short of the cap
 * (reaching it hard-locks), in the last the cap-th guess is still compared.
 */
export function maxGuessesWithin(policy: GuessLimitPolicy, days: number): number {
  const periods = Math.ceil((days * 86_400) / policy.periodSeconds) + 1;
  return (periods - 1) * (policy.periodCap - 1) + policy.periodCap;
}
