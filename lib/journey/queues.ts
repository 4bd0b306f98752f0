/**
 * Queue helpers for the CDK wiring and the operations tooling: look-ups and the effective alarm
 * thresholds of a queue (the stage defaults with the journey map's per-queue overrides).
 */
import type { QueueAlarmThresholds } from '../config/stage-config';
import { routingModeKey } from '../integrations/contracts';
import type { JourneyMap, QueueSpec } from './types';

/** The queue with this id. @throws RangeError when there is none */
export function queueById(map: JourneyMap, id: string): QueueSpec {
  const queue = map.queues.find((q) => q.id === id);
  if (queue === undefined) throw new RangeError(`journey map has no queue '${id}'`);
  return queue;
}

/** A queue's alarm thresholds: the stage defaults overridden by the queue's own `alarms`. */
export function alarmThresholdsFor(queue: QueueSpec, defaults: QueueAlarmThresholds): QueueAlarmThresholds {
  const merged = { ...defaults, ...(queue.alarms ?? {}) };
  // An override of evaluationPeriods alone must not leave datapointsToAlarm above it.
  return { ...merged, datapointsToAlarm: Math.min(merged.datapointsToAlarm, merged.evaluationPeriods) };
}

/** Queue ids whose routing mode the `routing-context` function must return (as `mode_<id>`). */
export function routingModeKeys(map: JourneyMap): { readonly queueId: string; readonly key: string }[] {
  return map.queues.map((q) => ({ queueId: q.id, key: routingModeKey(q.id) }));
}
