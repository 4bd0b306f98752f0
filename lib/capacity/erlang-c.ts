/**
 * Erlang C (M/M/N queue) for sizing agents and choosing queue-wait alarm thresholds.
 *
 * Model: Poisson arrivals, exponential handle times, N identical agents, infinite patience. Real
 * callers abandon, so Erlang C overstates waits (it errs on the safe side for staffing, and makes
 * thresholds derived from it slightly conservative). Pure and numerically stable: the probability of
 * waiting comes from the Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which never forms
 * A^N or N! and so works for thousands of agents. This module must not import aws-cdk-lib.
 */

/** Offered traffic and staffing of one queue in one interval. */
export interface QueueLoad {
  /** Arrivals per hour. */
  readonly callsPerHour: number;
  /** Mean handle time (talk + hold + after-contact work), seconds. */
  readonly ahtSeconds: number;
  /** Agents staffed on the queue. */
  readonly agents: number;
}

/** Raised for inputs outside the model's domain; the message names the field. */
export class CapacityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapacityInputError';
  }
}

function checkLoad(load: QueueLoad): void {
  if (!(Number.isFinite(load.callsPerHour) && load.callsPerHour >= 0)) {
    throw new CapacityInputError(`callsPerHour is ${load.callsPerHour}; use a number of calls per hour >= 0`);
  }
  if (!(Number.isFinite(load.ahtSeconds) && load.ahtSeconds > 0)) {
    throw new CapacityInputError(`ahtSeconds is ${load.ahtSeconds}; use a mean handle time in seconds > 0`);
  }
  if (!(Number.isInteger(load.agents) && load.agents >= 1 && load.agents <= 100_000)) {
    throw new CapacityInputError(`agents is ${load.agents}; use a whole number of agents from 1 to 100000`);
  }
}

/** Offered load in Erlangs: arrivals per second × handle time. */
export function offeredLoad(load: Pick<QueueLoad, 'callsPerHour' | 'ahtSeconds'>): number {
  return (load.callsPerHour / 3600) * load.ahtSeconds;
}

/** Erlang B blocking probability for `agents` servers and `erlangs` offered, by recursion. */
export function erlangB(agents: number, erlangs: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k += 1) b = (erlangs * b) / (k + erlangs * b);
  return b;
}

/** Erlang C probability that an arrival waits; 1 when the queue is unstable (A ≥ N). */
export function erlangC(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (erlangs >= agents) return 1;
  const b = erlangB(agents, erlangs);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** The model's answers for one queue. */
export interface QueueModel {
  readonly erlangs: number;
  /** A / N. */
  readonly occupancy: number;
  /** Probability an arrival waits at all. */
  readonly probabilityOfWaiting: number;
  /** Mean wait over all arrivals (ASA), seconds; Infinity when unstable. */
  readonly meanWaitSeconds: number;
  /** Whether the queue is stable (A < N); otherwise it grows without bound. */
  readonly stable: boolean;
}

/** Erlang C model of a queue. */
export function modelQueue(load: QueueLoad): QueueModel {
  checkLoad(load);
  const erlangs = offeredLoad(load);
  const stable = erlangs < load.agents;
  const c = erlangC(load.agents, erlangs);
  return {
    erlangs,
    occupancy: erlangs / load.agents,
    probabilityOfWaiting: c,
    meanWaitSeconds: stable ? (c * load.ahtSeconds) / (load.agents - erlangs) : Infinity,
    stable,
  };
}

/** P(wait > t): the share of arrivals waiting longer than `seconds`. */
export function probabilityWaitExceeds(load: QueueLoad, seconds: number): number {
  const model = modelQueue(load);
  if (!model.stable) return 1;
  return model.probabilityOfWaiting * Math.exp((-(load.agents - model.erlangs) * seconds) / load.ahtSeconds);
}

/** Service level: the share of arrivals answered within `seconds`. */
export function serviceLevel(load: QueueLoad, seconds: number): number {
  return 1 - probabilityWaitExceeds(load, seconds);
}

/** P(more than `size` contacts waiting) at a random instant: C · ρ^(size+1). */
export function probabilityQueueExceeds(load: QueueLoad, size: number): number {
  const model = modelQueue(load);
  if (!model.stable) return 1;
  return model.probabilityOfWaiting * Math.pow(model.occupancy, size + 1);
}

/**
 * The fewest agents meeting a service level (e.g. 0.8 answered within 20 s).
 * @throws CapacityInputError for a target outside (0, 1) or a negative time.
 */
export function agentsForServiceLevel(
  load: Pick<QueueLoad, 'callsPerHour' | 'ahtSeconds'>,
  target: number,
  withinSeconds: number,
): number {
  if (!(target > 0 && target < 1))
    throw new CapacityInputError(`service level target is ${target}; use a share in (0, 1) such as 0.8`);
  if (!(withinSeconds >= 0))
    throw new CapacityInputError(`target seconds is ${withinSeconds}; use 0 or more`);
  const erlangs = offeredLoad(load);
  for (let agents = Math.max(1, Math.floor(erlangs) + 1); agents <= 100_000; agents += 1) {
    if (serviceLevel({ ...load, agents }, withinSeconds) >= target) return agents;
  }
  throw new CapacityInputError(
    `no staffing up to 100000 agents meets the target for ${erlangs.toFixed(1)} Erlangs`,
  );
}

/** P(at least `m` of `n` independent trials succeed), each with probability `p`. */
export function binomialAtLeast(m: number, n: number, p: number): number {
  let total = 0;
  let coefficient = 1;
  for (let k = 0; k <= n; k += 1) {
    if (k > 0) coefficient = (coefficient * (n - k + 1)) / k;
    if (k >= m) total += coefficient * Math.pow(p, k) * Math.pow(1 - p, n - k);
  }
  return Math.min(1, Math.max(0, total));
}

/** An M-of-N alarm on 1-minute datapoints. */
export interface AlarmWindow {
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/**
 * Probability that a 1-minute `LongestQueueWaitTime` datapoint exceeds `thresholdSeconds`: at least
 * one of the minute's arrivals waits longer (arrivals treated as independent; a rough, documented
 * approximation).
 */
export function minuteWaitBreachProbability(load: QueueLoad, thresholdSeconds: number): number {
  const arrivalsPerMinute = load.callsPerHour / 60;
  const p = probabilityWaitExceeds(load, thresholdSeconds);
  return 1 - Math.pow(1 - p, arrivalsPerMinute);
}

/** Probability that the wait alarm fires in one evaluation window (datapoints treated as independent). */
export function waitAlarmProbability(load: QueueLoad, thresholdSeconds: number, window: AlarmWindow): number {
  return binomialAtLeast(
    window.datapointsToAlarm,
    window.evaluationPeriods,
    minuteWaitBreachProbability(load, thresholdSeconds),
  );
}

/** Probability that the size alarm (`QueueSize` > threshold) fires in one evaluation window. */
export function sizeAlarmProbability(load: QueueLoad, queueSize: number, window: AlarmWindow): number {
  return binomialAtLeast(
    window.datapointsToAlarm,
    window.evaluationPeriods,
    probabilityQueueExceeds(load, queueSize),
  );
}

/** A recommended wait alarm. */
export interface ThresholdRecommendation {
  readonly longestWaitSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Probability the alarm fires in a window at planned staffing (false alarm). */
  readonly falseAlarmProbability: number;
}

/**
 * The lowest `LongestQueueWaitTime` threshold (a multiple of 10 s, at least 30 s) whose M-of-N alarm
 * fires in at most `maxFalseAlarm` of windows at planned staffing.
 */
export function recommendWaitThreshold(
  load: QueueLoad,
  window: AlarmWindow = { evaluationPeriods: 5, datapointsToAlarm: 3 },
  maxFalseAlarm = 0.01,
): ThresholdRecommendation {
  for (let seconds = 30; seconds <= 3600; seconds += 10) {
    const probability = waitAlarmProbability(load, seconds, window);
    if (probability <= maxFalseAlarm) {
      return { longestWaitSeconds: seconds, ...window, falseAlarmProbability: probability };
    }
  }
  return {
    longestWaitSeconds: 3600,
    ...window,
    falseAlarmProbability: waitAlarmProbability(load, 3600, window),
  };
}
