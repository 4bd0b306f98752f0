import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { QueueAlarmThresholds } from '../config/stage-config';
import {
  isUnderLoadMode,
  QUEUE_ALARM_METRIC_NAMES,
  queueAlarmName,
  type QueueAlarmMetric,
  type UnderLoadMode,
} from '../../lambda/domain/routing-mode';
import { QUEUE_ID_PATTERN } from '../../lambda/domain/routing';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription, RunbookKind } from './ops-runbooks';

/** Namespace of the metrics Amazon Connect publishes. */
export const CONNECT_NAMESPACE = 'AWS/Connect';

/**
 * Characters Amazon Connect keeps in queue and flow names it publishes to CloudWatch; a name with
 * any other character (accents included) never shows up, so its alarm could never fire.
 */
export const CLOUDWATCH_NAME_PATTERN = /^[0-9A-Za-z.,\-_/#:$@|&{}+?% ]{1,127}$/;

/** A queue the operations stack watches. */
export interface OperatedQueue {
  /** Journey-map queue id (`mode_<id>` in routing-context, part of the alarm names). */
  readonly id: string;
  /** The Connect queue name: the `QueueName` dimension of its metrics. */
  readonly name: string;
  /** The routing mode the queue switches to while one of its alarms is in ALARM. */
  readonly mode: UnderLoadMode;
  readonly thresholds: QueueAlarmThresholds;
}

/** Stage defaults overlaid with a queue's own thresholds from the journey map. */
export function resolveQueueThresholds(
  defaults: QueueAlarmThresholds,
  overrides?: Partial<QueueAlarmThresholds>,
): QueueAlarmThresholds {
  return { ...defaults, ...(overrides ?? {}) };
}

function checkInteger(queueId: string, field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `queue '${queueId}' alarm threshold ${field} is ${value}; use an integer from ${min} to ${max}`,
    );
  }
}

/** Validates a queue for alarming; throws a sentence naming the queue and the field. */
export function validateOperatedQueue(queue: OperatedQueue): void {
  if (!QUEUE_ID_PATTERN.test(queue.id)) {
    throw new Error(`queue id ${JSON.stringify(queue.id)} is invalid; use 1-64 letters, digits, '_' or '-'`);
  }
  if (!Token.isUnresolved(queue.name) && !CLOUDWATCH_NAME_PATTERN.test(queue.name)) {
    throw new Error(
      `queue '${queue.id}' name ${JSON.stringify(queue.name)} has characters Amazon Connect does not publish to CloudWatch, so its alarms could never fire; use only 0-9 A-Z a-z space . , - _ / # : $ @ | & { } + ? %`,
    );
  }
  if (!isUnderLoadMode(queue.mode)) {
    throw new Error(
      `queue '${queue.id}' under-load mode is ${JSON.stringify(queue.mode)}; use CALLBACK, OVERFLOW or DEFLECT`,
    );
  }
  const t = queue.thresholds;
  checkInteger(queue.id, 'longestWaitSeconds', t.longestWaitSeconds, 10, 3600);
  checkInteger(queue.id, 'queueSize', t.queueSize, 1, 10000);
  checkInteger(queue.id, 'evaluationPeriods', t.evaluationPeriods, 1, 60);
  checkInteger(queue.id, 'datapointsToAlarm', t.datapointsToAlarm, 1, t.evaluationPeriods);
}

/** Properties of {@link QueueAlarms}. */
export interface QueueAlarmsProps {
  /** Amazon Connect instance id (the `InstanceId` dimension; not the ARN). */
  readonly instanceId: string;
  readonly queues: readonly OperatedQueue[];
  /** Alarm name prefix of the app; queue alarms are `<prefix>-queue-<id>-<wait|size>`. */
  readonly alarmPrefix: string;
  /** Topic notified on ALARM and OK. */
  readonly notifications: OpsNotifications;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/** The two alarms of one queue. */
export interface QueueAlarmPair {
  readonly queue: OperatedQueue;
  readonly wait: cloudwatch.Alarm;
  readonly size: cloudwatch.Alarm;
}

/**
 * Two alarms per queue on the metrics Connect publishes every minute: `LongestQueueWaitTime` and
 * `QueueSize` (both Maximum over 1 minute, dimensions InstanceId, MetricGroup=Queue, QueueName),
 * alarming on M of N breaching minutes, missing data not breaching (an empty queue publishes
 * nothing). Their state changes drive the routing loop and page the ops topic.
 */
export class QueueAlarms extends Construct {
  /** Alarm pairs by queue id. */
  readonly alarms: ReadonlyMap<string, QueueAlarmPair>;

  constructor(scope: Construct, id: string, props: QueueAlarmsProps) {
    super(scope, id);
    if (props.queues.length === 0) {
      throw new Error('queue alarms need at least one queue; the journey map defines none');
    }
    const alarms = new Map<string, QueueAlarmPair>();
    for (const queue of props.queues) {
      validateOperatedQueue(queue);
      if (alarms.has(queue.id))
        throw new Error(`queue id '${queue.id}' appears twice; queue ids must be unique`);
      const t = queue.thresholds;
      const alarm = (metric: QueueAlarmMetric, threshold: number, kind: RunbookKind, what: string) =>
        props.notifications.watch(
          new cloudwatch.Alarm(this, `${queue.id}-${metric}`, {
            alarmName: queueAlarmName(props.alarmPrefix, queue.id, metric),
            alarmDescription: alarmDescription(
              `Queue '${queue.id}' (${queue.name}): ${what} above ${threshold} in ${t.datapointsToAlarm} of ${t.evaluationPeriods} minutes. While in ALARM the routing-mode function switches the queue to ${queue.mode}; on OK (and the queue's other alarm OK) back to NORMAL.`,
              kind,
              props.runbookBaseUrl,
            ),
            metric: queueMetric(props.instanceId, queue.name, metric),
            threshold,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: t.evaluationPeriods,
            datapointsToAlarm: t.datapointsToAlarm,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        );
      alarms.set(queue.id, {
        queue,
        wait: alarm('wait', t.longestWaitSeconds, 'queue-wait', 'longest wait (s)'),
        size: alarm('size', t.queueSize, 'queue-size', 'contacts in queue'),
      });
    }
    this.alarms = alarms;
  }

  /** Every alarm of every queue. */
  get all(): cloudwatch.Alarm[] {
    return [...this.alarms.values()].flatMap((pair) => [pair.wait, pair.size]);
  }
}

/** A queue metric of Amazon Connect: Maximum over 1 minute. */
export function queueMetric(
  instanceId: string,
  queueName: string,
  metric: QueueAlarmMetric,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CONNECT_NAMESPACE,
    metricName: QUEUE_ALARM_METRIC_NAMES[metric],
    dimensionsMap: { InstanceId: instanceId, MetricGroup: 'Queue', QueueName: queueName },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(1),
  });
}
