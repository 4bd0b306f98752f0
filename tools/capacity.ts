/**
 * Capacity calculator (Erlang C): `npm run capacity -- --calls-per-hour N --aht S --agents N
 * [--target-seconds T] [--service-level 0.8] [--evaluation-periods 5] [--datapoints 3]`.
 *
 * Prints the probability of waiting, the mean wait, the service level within T, the agents needed
 * for the service-level target, and a recommended `LongestQueueWaitTime` alarm threshold with its
 * M-of-N datapoints and false-alarm rate at the given staffing.
 */
import {
  agentsForServiceLevel,
  CapacityInputError,
  modelQueue,
  recommendWaitThreshold,
  serviceLevel,
  waitAlarmProbability,
  type QueueLoad,
} from '../lib/capacity/erlang-c';

/** Parsed arguments. */
export interface CapacityArgs {
  readonly load: QueueLoad;
  readonly targetSeconds: number;
  readonly serviceLevelTarget: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly maxFalseAlarm: number;
}

const USAGE =
  'usage: npm run capacity -- --calls-per-hour <n> --aht <seconds> --agents <n> [--target-seconds 20] [--service-level 0.8] [--evaluation-periods 5] [--datapoints 3] [--max-false-alarm 0.01]';

/** A command-line mistake; the message is one sentence for stderr. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

function numberFlag(flags: Map<string, string>, name: string, fallback?: number): number {
  const raw = flags.get(name);
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${name} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

/** Parses `--name value` pairs. */
export function parseCapacityArgs(argv: readonly string[]): CapacityArgs {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? argv[i + 1];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (inline === undefined) i += 1;
    flags.set(name, value);
  }
  const known = new Set([
    'calls-per-hour',
    'aht',
    'agents',
    'target-seconds',
    'service-level',
    'evaluation-periods',
    'datapoints',
    'max-false-alarm',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
  const evaluationPeriods = numberFlag(flags, 'evaluation-periods', 5);
  const datapointsToAlarm = numberFlag(flags, 'datapoints', Math.min(3, evaluationPeriods));
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1 || evaluationPeriods > 60) {
    throw new UsageError('--evaluation-periods must be a whole number from 1 to 60');
  }
  if (
    !Number.isInteger(datapointsToAlarm) ||
    datapointsToAlarm < 1 ||
    datapointsToAlarm > evaluationPeriods
  ) {
    throw new UsageError('--datapoints must be a whole number from 1 to --evaluation-periods');
  }
  return {
    load: {
      callsPerHour: numberFlag(flags, 'calls-per-hour'),
      ahtSeconds: numberFlag(flags, 'aht'),
      agents: numberFlag(flags, 'agents'),
    },
    targetSeconds: numberFlag(flags, 'target-seconds', 20),
    serviceLevelTarget: numberFlag(flags, 'service-level', 0.8),
    evaluationPeriods,
    datapointsToAlarm,
    maxFalseAlarm: numberFlag(flags, 'max-false-alarm', 0.01),
  };
}

function pct(p: number): string {
  return `${(p * 100).toFixed(1)} %`;
}

/** The report for parsed arguments. */
export function capacityReport(args: CapacityArgs): string {
  const { load } = args;
  const model = modelQueue(load);
  const lines = [
    `offered load        ${model.erlangs.toFixed(2)} Erlangs (${load.callsPerHour} calls/h x ${load.ahtSeconds} s) on ${load.agents} agents`,
    `occupancy           ${pct(model.occupancy)}`,
  ];
  if (!model.stable) {
    lines.push(
      `UNSTABLE: the offered load needs more than ${Math.ceil(model.erlangs)} agents; every caller waits and the queue grows without bound`,
    );
  } else {
    lines.push(
      `P(wait)             ${pct(model.probabilityOfWaiting)}`,
      `mean wait (ASA)     ${model.meanWaitSeconds.toFixed(1)} s`,
      `service level       ${pct(serviceLevel(load, args.targetSeconds))} answered within ${args.targetSeconds} s`,
    );
  }
  const window = { evaluationPeriods: args.evaluationPeriods, datapointsToAlarm: args.datapointsToAlarm };
  lines.push(
    `agents for target   ${agentsForServiceLevel(load, args.serviceLevelTarget, args.targetSeconds)} for ${pct(args.serviceLevelTarget)} within ${args.targetSeconds} s`,
  );
  if (model.stable) {
    const recommendation = recommendWaitThreshold(load, window, args.maxFalseAlarm);
    const short = Math.max(1, load.agents - 3);
    lines.push(
      `wait alarm          LongestQueueWaitTime > ${recommendation.longestWaitSeconds} s in ${recommendation.datapointsToAlarm} of ${recommendation.evaluationPeriods} minutes`,
      `  false alarms      ${pct(recommendation.falseAlarmProbability)} of windows at ${load.agents} agents`,
      `  detection         ${pct(waitAlarmProbability({ ...load, agents: short }, recommendation.longestWaitSeconds, window))} of windows at ${short} agents`,
      'Erlang C ignores abandonment, so real waits are shorter; re-derive per interval from the forecast.',
    );
  }
  return lines.join('\n');
}

/** Runs the command; returns the exit code. */
export function runCapacity(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): number {
  try {
    out(capacityReport(parseCapacityArgs(argv)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof CapacityInputError) {
      err(`error: ${error.message}`);
      if (error instanceof UsageError) err(USAGE);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runCapacity(process.argv.slice(2));
}
