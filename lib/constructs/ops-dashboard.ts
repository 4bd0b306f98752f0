import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ROUTING_METRICS } from '../../lambda/domain/routing-mode';
import { FlowFunction } from './flow-function';
import { CONNECT_NAMESPACE, QueueAlarms, queueMetric } from './queue-alarms';
import { RUNBOOK_KINDS, runbookPath } from './ops-runbooks';
import type { SecuritySignal } from './security-alarms';

/** Namespace of the product's own EMF metrics (integrations and routing-mode). */
export const PRODUCT_NAMESPACE = 'ContactCentre';

/** Properties of {@link OpsDashboard}. */
export interface OpsDashboardProps {
  readonly dashboardName: string;
  /** Amazon Connect instance id and ARN (shown and used as the metrics' `InstanceId`). */
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly queueAlarms: QueueAlarms;
  /** Integration functions, graphed as p99 latency against their time limit. */
  readonly functions: readonly FlowFunction[];
  /** The routing-mode function (its log group feeds the mode timeline). */
  readonly routingFunction: FlowFunction;
  /** Alarms shown in the status widget, most important first (at most 100 are shown). */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** Concurrent-call fraction at which the instance alarm fires (drawn on the graph). */
  readonly concurrentCallsFraction: number;
  /** Share of a function's time limit its latency alarm allows (drawn on the graphs). */
  readonly latencyBudgetFraction: number;
  /** Base URL prepended to runbook paths. @default paths only */
  readonly runbookBaseUrl?: string;
  /**
   * Security signals graphed against their alarm thresholds in a "Security" row.
   * @default none (no Security row)
   */
  readonly securitySignals?: readonly SecuritySignal[];
}

/**
 * The operations dashboard: alarm status; per queue, longest wait and queue size against their
 * alarm thresholds; routing-mode changes per queue and mode (EMF metric and a log timeline);
 * outcomes of every integration by status; p99 latency of every function against its time limit;
 * instance voice metrics and flow errors; and a "Security" row (security alarm states and each
 * signal against its threshold).
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    const base = props.runbookBaseUrl?.replace(/\/+$/, '');
    const runbooks = RUNBOOK_KINDS.map((kind) =>
      base ? `[${kind}](${base}/${runbookPath(kind)})` : `\`${runbookPath(kind)}\``,
    ).join(' · ');

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: [
          `# Contact centre operations`,
          `Instance \`${props.instanceArn}\`. Routing overrides: \`npm run ops -- status\`, \`npm run ops -- override set <queue> <mode> --reason "..."\`.`,
          `Runbooks: ${runbooks}`,
        ].join('\n\n'),
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: props.alarms.slice(0, 100),
        width: 24,
        height: 4,
        sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
      }),
    );

    for (const pair of props.queueAlarms.alarms.values()) {
      const { queue } = pair;
      const t = queue.thresholds;
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${queue.id}: longest wait (s) — ${queue.mode} above ${t.longestWaitSeconds} s`,
          left: [
            queueMetric(props.instanceId, queue.name, 'wait').with({ label: 'LongestQueueWaitTime (max)' }),
          ],
          leftAnnotations: [
            {
              value: t.longestWaitSeconds,
              label: `alarm > ${t.longestWaitSeconds} s (${t.datapointsToAlarm}/${t.evaluationPeriods})`,
              color: '#d62728',
            },
          ],
          width: 12,
          height: 5,
        }),
        new cloudwatch.GraphWidget({
          title: `${queue.id}: contacts in queue — ${queue.mode} above ${t.queueSize}`,
          left: [queueMetric(props.instanceId, queue.name, 'size').with({ label: 'QueueSize (max)' })],
          leftAnnotations: [
            {
              value: t.queueSize,
              label: `alarm > ${t.queueSize} (${t.datapointsToAlarm}/${t.evaluationPeriods})`,
              color: '#d62728',
            },
          ],
          width: 12,
          height: 5,
        }),
      );
    }

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Routing mode changes per queue and new mode (left), ignored alarm events per reason (right)',
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${PRODUCT_NAMESPACE},mode,queue,service} MetricName="${ROUTING_METRICS.modeChanged}"', 'Sum', 60)`,
            label: '',
            period: minute,
          }),
        ],
        right: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${PRODUCT_NAMESPACE},reason,service} MetricName="${ROUTING_METRICS.eventIgnored}"', 'Sum', 60)`,
            label: 'ignored',
            period: minute,
          }),
        ],
        view: cloudwatch.GraphWidgetView.TIME_SERIES,
        width: 12,
        height: 6,
      }),
      new cloudwatch.LogQueryWidget({
        title: 'Routing mode timeline (alarm-driven; an active override wins)',
        logGroupNames: [props.routingFunction.encryptedLogGroup.logGroupName],
        queryLines: [
          'fields @timestamp, queue, previousMode, mode, effectiveMode, overrideActive, reason',
          "filter message = 'routing mode changed'",
          'sort @timestamp desc',
          'limit 50',
        ],
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: 12,
        height: 6,
      }),
    );

    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Integration outcomes by function and status (count per 5 minutes)',
        left: [
          new cloudwatch.MathExpression({
            expression: `SEARCH('{${PRODUCT_NAMESPACE},function,service,status} MetricName="Outcome"', 'Sum', 300)`,
            label: '',
            period: Duration.minutes(5),
          }),
        ],
        stacked: true,
        width: 24,
        height: 6,
      }),
    );

    const latency = props.functions.map((fn) => {
      const limitMs = fn.timeLimitSeconds * 1000;
      return new cloudwatch.GraphWidget({
        title: `${fn.shortName}: p99 duration vs ${fn.timeLimitSeconds} s limit`,
        left: [fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period: minute, label: 'p99 (ms)' })],
        leftAnnotations: [
          { value: Math.round(limitMs * props.latencyBudgetFraction), label: 'alarm', color: '#ff7f0e' },
          { value: limitMs, label: 'time limit', color: '#d62728' },
        ],
        leftYAxis: { min: 0, max: limitMs * 1.1 },
        width: 8,
        height: 5,
      });
    });
    if (latency.length > 0) this.dashboard.addWidgets(...latency);

    const security = props.securitySignals ?? [];
    if (security.length > 0) {
      const securityRunbooks = RUNBOOK_KINDS.filter((kind) => kind.startsWith('security-'))
        .map((kind) => (base ? `[${kind}](${base}/${runbookPath(kind)})` : `\`${runbookPath(kind)}\``))
        .join(' · ');
      this.dashboard.addWidgets(
        new cloudwatch.TextWidget({
          markdown: [
            '## Security',
            `Authentication, SMS and callback abuse signals (EMF \`${PRODUCT_NAMESPACE}\`, dimension \`function\`) and the SNS SMS spend. Hard locks: \`npm run ops -- unlock\`. Runbooks: ${securityRunbooks}`,
          ].join('\n\n'),
          width: 24,
          height: 2,
        }),
      );
      this.dashboard.addWidgets(
        new cloudwatch.AlarmStatusWidget({
          title: 'Security alarms',
          alarms: security.map((signal) => signal.alarm),
          width: 24,
          height: 3,
        }),
      );
      this.dashboard.addWidgets(
        ...security.map(
          (signal) =>
            new cloudwatch.GraphWidget({
              title: signal.title,
              left: [signal.metric],
              leftAnnotations: [{ value: signal.threshold, label: 'alarm', color: '#d62728' }],
              leftYAxis: { min: 0 },
              width: 8,
              height: 5,
            }),
        ),
      );
    }

    const voice = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: CONNECT_NAMESPACE,
        metricName,
        dimensionsMap: { InstanceId: props.instanceId, MetricGroup: 'VoiceCalls' },
        statistic,
        period: minute,
      });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Concurrent calls (fraction of quota)',
        left: [voice('ConcurrentCallsPercentage', cloudwatch.Stats.MAXIMUM)],
        leftAnnotations: [{ value: props.concurrentCallsFraction, label: 'alarm', color: '#d62728' }],
        leftYAxis: { min: 0, max: 1 },
        width: 8,
        height: 5,
      }),
      new cloudwatch.GraphWidget({
        title: 'Rejected and missed calls (per minute)',
        left: [
          voice('ThrottledCalls', cloudwatch.Stats.SUM),
          voice('CallsBreachingConcurrencyQuota', cloudwatch.Stats.SUM),
          voice('MissedCalls', cloudwatch.Stats.SUM),
        ],
        width: 8,
        height: 5,
      }),
      new cloudwatch.GraphWidget({
        title: 'Flow errors and fatal errors (per flow)',
        left: ['ContactFlowErrors', 'ContactFlowFatalErrors'].map(
          (metricName) =>
            new cloudwatch.MathExpression({
              expression: `SEARCH('{${CONNECT_NAMESPACE},ContactFlowName,InstanceId,MetricGroup} MetricName="${metricName}" InstanceId="${props.instanceId}"', 'Sum', 300)`,
              label: '',
              period: Duration.minutes(5),
            }),
        ),
        width: 8,
        height: 5,
      }),
    );
  }
}
