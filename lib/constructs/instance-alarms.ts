import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription, RunbookKind } from './ops-runbooks';
import { CLOUDWATCH_NAME_PATTERN, CONNECT_NAMESPACE } from './queue-alarms';

/** Thresholds of the instance and flow alarms. */
export interface InstanceAlarmThresholds {
  /** `ContactFlowErrors` (Sum) per flow in 5 minutes at or above which the flow alarms. */
  readonly flowErrorsPer5Minutes: number;
  /** `ContactFlowFatalErrors` (Sum) per flow in 1 minute. */
  readonly flowFatalErrorsPerMinute: number;
  /** `ThrottledCalls` (Sum) in 1 minute. */
  readonly throttledCallsPerMinute: number;
  /** `CallsBreachingConcurrencyQuota` (Sum) in 1 minute. */
  readonly callsBreachingQuotaPerMinute: number;
  /** `MissedCalls` (Sum) in 5 minutes. */
  readonly missedCallsPer5Minutes: number;
  /**
   * `ConcurrentCallsPercentage` (Maximum) as a fraction of the quota: Connect publishes this metric
   * as a decimal (0.8 = 80 %), unlike the chat and task percentages.
   */
  readonly concurrentCallsFraction: number;
}

/** Defaults of {@link InstanceAlarmThresholds}. */
export const DEFAULT_INSTANCE_THRESHOLDS: InstanceAlarmThresholds = {
  flowErrorsPer5Minutes: 5,
  flowFatalErrorsPerMinute: 1,
  throttledCallsPerMinute: 1,
  callsBreachingQuotaPerMinute: 1,
  missedCallsPer5Minutes: 5,
  concurrentCallsFraction: 0.8,
};

/** Properties of {@link InstanceAlarms}. */
export interface InstanceAlarmsProps {
  /** Amazon Connect instance id (the `InstanceId` dimension). */
  readonly instanceId: string;
  /** Names of the contact flows (the `ContactFlowName` dimension). */
  readonly flowNames: readonly string[];
  /** Alarm name prefix of the app. */
  readonly alarmPrefix: string;
  readonly notifications: OpsNotifications;
  /** @default DEFAULT_INSTANCE_THRESHOLDS */
  readonly thresholds?: Partial<InstanceAlarmThresholds>;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/** A flow name as it may appear in an alarm name and composite alarm rule. */
export function alarmSlug(name: string): string {
  return name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/**
 * Alarms on the instance-wide voice metrics (throttled calls, calls over the concurrency quota,
 * missed calls, concurrent-call quota usage) and on each contact flow's errors and fatal errors.
 */
export class InstanceAlarms extends Construct {
  /** Alarms whose ALARM state means callers are failed right now (inputs of "callers affected"). */
  readonly callerFacing: readonly cloudwatch.Alarm[];
  /** Every alarm of this construct. */
  readonly all: readonly cloudwatch.Alarm[];
  readonly thresholds: InstanceAlarmThresholds;

  constructor(scope: Construct, id: string, props: InstanceAlarmsProps) {
    super(scope, id);
    const t = { ...DEFAULT_INSTANCE_THRESHOLDS, ...(props.thresholds ?? {}) };
    if (!(t.concurrentCallsFraction > 0 && t.concurrentCallsFraction <= 1)) {
      throw new Error(
        `concurrentCallsFraction is ${t.concurrentCallsFraction}; ConcurrentCallsPercentage is published as a fraction, use a value in (0, 1] such as 0.8`,
      );
    }
    for (const [field, value] of Object.entries(t)) {
      if (field !== 'concurrentCallsFraction' && !(Number.isInteger(value) && value >= 1)) {
        throw new Error(`instance alarm threshold ${field} is ${value}; use an integer of at least 1`);
      }
    }
    this.thresholds = t;
    const all: cloudwatch.Alarm[] = [];
    const callerFacing: cloudwatch.Alarm[] = [];

    const alarm = (
      constructId: string,
      name: string,
      kind: RunbookKind,
      summary: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      datapoints: { evaluationPeriods: number; datapointsToAlarm: number },
    ): cloudwatch.Alarm => {
      const created = props.notifications.watch(
        new cloudwatch.Alarm(this, constructId, {
          alarmName: `${props.alarmPrefix}-${name}`,
          alarmDescription: alarmDescription(summary, kind, props.runbookBaseUrl),
          metric,
          threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          ...datapoints,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      all.push(created);
      return created;
    };
    const voice = (metricName: string, statistic: string, minutes: number) =>
      new cloudwatch.Metric({
        namespace: CONNECT_NAMESPACE,
        metricName,
        dimensionsMap: { InstanceId: props.instanceId, MetricGroup: 'VoiceCalls' },
        statistic,
        period: Duration.minutes(minutes),
      });
    const once = { evaluationPeriods: 1, datapointsToAlarm: 1 };

    callerFacing.push(
      alarm(
        'ThrottledCalls',
        'instance-throttled-calls',
        'throttled-calls',
        `Amazon Connect rejected at least ${t.throttledCallsPerMinute} call(s) in a minute because the call rate exceeded the quota: callers heard a busy/failure.`,
        voice('ThrottledCalls', cloudwatch.Stats.SUM, 1),
        t.throttledCallsPerMinute,
        once,
      ),
      alarm(
        'ConcurrencyQuota',
        'instance-concurrency-quota',
        'concurrency-quota',
        `At least ${t.callsBreachingQuotaPerMinute} call(s) in a minute exceeded the instance's concurrent-call quota.`,
        voice('CallsBreachingConcurrencyQuota', cloudwatch.Stats.SUM, 1),
        t.callsBreachingQuotaPerMinute,
        once,
      ),
    );
    alarm(
      'MissedCalls',
      'instance-missed-calls',
      'missed-calls',
      `At least ${t.missedCallsPer5Minutes} calls in 5 minutes were not answered by the agent they were offered to within 20 s.`,
      voice('MissedCalls', cloudwatch.Stats.SUM, 5),
      t.missedCallsPer5Minutes,
      once,
    );
    alarm(
      'ConcurrentCalls',
      'instance-concurrent-calls',
      'concurrent-calls',
      `Concurrent calls reached ${Math.round(t.concurrentCallsFraction * 100)} % of the instance quota (ConcurrentCallsPercentage >= ${t.concurrentCallsFraction}) in 2 of 3 minutes.`,
      voice('ConcurrentCallsPercentage', cloudwatch.Stats.MAXIMUM, 1),
      t.concurrentCallsFraction,
      { evaluationPeriods: 3, datapointsToAlarm: 2 },
    );

    const slugs = new Map<string, string>();
    for (const flowName of props.flowNames) {
      if (!Token.isUnresolved(flowName) && !CLOUDWATCH_NAME_PATTERN.test(flowName)) {
        throw new Error(
          `flow name ${JSON.stringify(flowName)} has characters Amazon Connect does not publish to CloudWatch, so its alarms could never fire; use only 0-9 A-Z a-z space . , - _ / # : $ @ | & { } + ? %`,
        );
      }
      const slug = alarmSlug(flowName);
      const clash = slugs.get(slug);
      if (!slug || clash !== undefined) {
        throw new Error(
          `flow name ${JSON.stringify(flowName)} gives the alarm name part '${slug}'${clash !== undefined ? `, as does ${JSON.stringify(clash)}` : ''}; rename one flow`,
        );
      }
      slugs.set(slug, flowName);
      const flowMetric = (metricName: string, minutes: number) =>
        new cloudwatch.Metric({
          namespace: CONNECT_NAMESPACE,
          metricName,
          dimensionsMap: {
            InstanceId: props.instanceId,
            MetricGroup: 'ContactFlow',
            ContactFlowName: flowName,
          },
          statistic: cloudwatch.Stats.SUM,
          period: Duration.minutes(minutes),
        });
      alarm(
        `Flow-${slug}-Errors`,
        `flow-${slug}-errors`,
        'flow-errors',
        `Flow '${flowName}' took its error branch at least ${t.flowErrorsPer5Minutes} times in 5 minutes (integration timeouts, failed transfers, invalid responses).`,
        flowMetric('ContactFlowErrors', 5),
        t.flowErrorsPer5Minutes,
        once,
      );
      callerFacing.push(
        alarm(
          `Flow-${slug}-FatalErrors`,
          `flow-${slug}-fatal-errors`,
          'flow-fatal-errors',
          `Flow '${flowName}' failed to run because of a system error at least ${t.flowFatalErrorsPerMinute} time(s) in a minute: those callers were dropped.`,
          flowMetric('ContactFlowFatalErrors', 1),
          t.flowFatalErrorsPerMinute,
          once,
        ),
      );
    }
    this.all = all;
    this.callerFacing = callerFacing;
  }
}
