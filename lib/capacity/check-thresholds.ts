/**
 * Checks configured queue alarm thresholds against the Erlang C model of each queue's forecast:
 * an alarm that fires often at planned staffing is noise (and flips routing modes for nothing); one
 * that rarely fires when the queue is a few agents short misses real congestion.
 */
import type { QueueAlarmThresholds } from '../config/stage-config';
import {
  modelQueue,
  recommendWaitThreshold,
  sizeAlarmProbability,
  waitAlarmProbability,
  type QueueLoad,
} from './erlang-c';

/** One queue: its thresholds and its forecast for the busiest planned interval. */
export interface ThresholdCheckInput {
  readonly queueId: string;
  readonly thresholds: QueueAlarmThresholds;
  readonly forecast: QueueLoad;
}

/** Limits of the check. */
export interface ThresholdCheckOptions {
  /** Highest acceptable probability that an alarm fires in a window at planned staffing. @default 0.01 */
  readonly maxFalseAlarm?: number;
  /** Agents short of plan at which the wait alarm should fire. @default 3 */
  readonly shortfallAgents?: number;
  /** Lowest acceptable probability that the wait alarm fires per window at that shortfall. @default 0.5 */
  readonly minDetection?: number;
}

/** The verdict for one queue. */
export interface ThresholdCheckResult {
  readonly queueId: string;
  readonly ok: boolean;
  readonly erlangs: number;
  readonly occupancy: number;
  /** Probability each alarm fires in one window at planned staffing. */
  readonly waitFalseAlarm: number;
  readonly sizeFalseAlarm: number;
  /** Probability the wait alarm fires in one window with `shortfallAgents` fewer agents. */
  readonly waitDetection: number;
  /** The model's lowest threshold meeting `maxFalseAlarm` with the configured M of N. */
  readonly recommendedLongestWaitSeconds: number;
  /** One sentence per problem, naming the queue, the field and a fix. */
  readonly problems: readonly string[];
}

function percent(p: number): string {
  return `${(p * 100).toFixed(p < 0.01 ? 2 : 1)} %`;
}

/** Checks each queue's thresholds against its forecast. Pure. */
export function checkThresholds(
  inputs: readonly ThresholdCheckInput[],
  options: ThresholdCheckOptions = {},
): ThresholdCheckResult[] {
  const maxFalseAlarm = options.maxFalseAlarm ?? 0.01;
  const shortfall = options.shortfallAgents ?? 3;
  const minDetection = options.minDetection ?? 0.5;
  return inputs.map(({ queueId, thresholds, forecast }) => {
    const model = modelQueue(forecast);
    const window = {
      evaluationPeriods: thresholds.evaluationPeriods,
      datapointsToAlarm: thresholds.datapointsToAlarm,
    };
    const waitFalseAlarm = waitAlarmProbability(forecast, thresholds.longestWaitSeconds, window);
    const sizeFalseAlarm = sizeAlarmProbability(forecast, thresholds.queueSize, window);
    const shortAgents = Math.max(1, forecast.agents - shortfall);
    const waitDetection = waitAlarmProbability(
      { ...forecast, agents: shortAgents },
      thresholds.longestWaitSeconds,
      window,
    );
    const recommended = recommendWaitThreshold(forecast, window, maxFalseAlarm).longestWaitSeconds;
    const problems: string[] = [];
    const where = `queue '${queueId}' (${model.erlangs.toFixed(1)} Erlangs on ${forecast.agents} agents)`;
    if (!model.stable) {
      problems.push(
        `${where} is understaffed at plan: the queue grows without bound; staff more than ${Math.ceil(model.erlangs)} agents`,
      );
    } else {
      if (waitFalseAlarm > maxFalseAlarm) {
        problems.push(
          `${where}: longestWaitSeconds ${thresholds.longestWaitSeconds} fires in ${percent(waitFalseAlarm)} of ${window.datapointsToAlarm}-of-${window.evaluationPeriods} windows at planned staffing (limit ${percent(maxFalseAlarm)}); raise it to at least ${recommended} s`,
        );
      }
      if (sizeFalseAlarm > maxFalseAlarm) {
        problems.push(
          `${where}: queueSize ${thresholds.queueSize} fires in ${percent(sizeFalseAlarm)} of windows at planned staffing (limit ${percent(maxFalseAlarm)}); raise it`,
        );
      }
      if (waitDetection < minDetection) {
        problems.push(
          `${where}: longestWaitSeconds ${thresholds.longestWaitSeconds} fires in only ${percent(waitDetection)} of windows when ${shortfall} agents short (want ${percent(minDetection)}); lower it towards ${recommended} s`,
        );
      }
    }
    return {
      queueId,
      ok: problems.length === 0,
      erlangs: model.erlangs,
      occupancy: model.occupancy,
      waitFalseAlarm,
      sizeFalseAlarm,
      waitDetection,
      recommendedLongestWaitSeconds: recommended,
      problems,
    };
  });
}
