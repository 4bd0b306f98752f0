import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ALARM_PREFIX_PATTERN, queueAlarmPrefix, type UnderLoadMode } from '../../lambda/domain/routing-mode';
import { StageConfig } from '../config/stage-config';
import { BackendAlarms } from '../constructs/backend-alarms';
import { CallersAffectedAlarm } from '../constructs/callers-affected-alarm';
import { CustomerStore } from '../constructs/customer-store';
import { FlowFunction } from '../constructs/flow-function';
import { InstanceAlarms, InstanceAlarmThresholds } from '../constructs/instance-alarms';
import { IsolatedNetwork } from '../constructs/isolated-network';
import { OpsDashboard } from '../constructs/ops-dashboard';
import { OpsNotifications } from '../constructs/ops-notifications';
import { OperatedQueue, QueueAlarms } from '../constructs/queue-alarms';
import { RoutingLoop } from '../constructs/routing-loop';
import { SecurityAlarms, SecurityAlarmThresholds } from '../constructs/security-alarms';

/** Properties of {@link OperationsStack}. */
export interface OperationsStackProps extends StackProps {
  readonly config: StageConfig;
  /** Amazon Connect instance id (the `InstanceId` dimension of its metrics). */
  readonly instanceId: string;
  /** Amazon Connect instance ARN (shown on the dashboard). */
  readonly instanceArn: string;
  /**
   * Queues to alarm on and route, with their Connect name, under-load mode and resolved thresholds
   * (stage defaults overlaid with the journey map's; see `resolveQueueThresholds`).
   */
  readonly queues: readonly OperatedQueue[];
  /** Names of the contact flows, for the flow error alarms. */
  readonly flowNames: readonly string[];
  /** Integration functions to alarm on (errors, throttles, p99 latency against `timeLimitSeconds`). */
  readonly functions: readonly FlowFunction[];
  /** Tables to alarm on (throttles, system errors). */
  readonly tables: readonly dynamodb.ITable[];
  /** The customer store; the routing-mode function writes its RoutingState table. */
  readonly store: CustomerStore;
  /** The customer managed data key: topic, failure queues and log group. */
  readonly dataKey: kms.IKey;
  /** Isolated network for the routing-mode function. @default none (outside a VPC) */
  readonly network?: IsolatedNetwork;
  /** Prefix of every alarm name. @default `cccode-<stage>` */
  readonly alarmPrefix?: string;
  /** Base URL of the repository's web view, prepended to runbook paths. @default paths only */
  readonly runbookBaseUrl?: string;
  /** E-mail addresses subscribed to the ops topic. @default none */
  readonly alarmEmails?: readonly string[];
  /** Instance and flow alarm thresholds. @default DEFAULT_INSTANCE_THRESHOLDS */
  readonly instanceThresholds?: Partial<InstanceAlarmThresholds>;
  /** Share of a function's time limit its p99 may use before alarming. @default 0.8 */
  readonly latencyBudgetFraction?: number;
  /** Security alarm thresholds. @default DEFAULT_SECURITY_THRESHOLDS */
  readonly securityThresholds?: Partial<SecurityAlarmThresholds>;
}

/**
 * Operations: per-queue alarms that switch routing modes through the routing loop, instance, flow,
 * function and table alarms, a composite "callers affected" alarm, security alarms (authentication
 * abuse, SMS and callback volume, SMS spend), the KMS-encrypted ops topic
 * notified on ALARM and OK, and the operations dashboard. Every alarm description names its runbook.
 */
export class OperationsStack extends Stack {
  readonly alarmPrefix: string;
  readonly notifications: OpsNotifications;
  readonly queueAlarms: QueueAlarms;
  readonly instanceAlarms: InstanceAlarms;
  readonly backendAlarms: BackendAlarms;
  readonly routingLoop: RoutingLoop;
  readonly callersAffected: CallersAffectedAlarm;
  readonly securityAlarms: SecurityAlarms;
  readonly dashboard: OpsDashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.alarmPrefix = props.alarmPrefix ?? `cccode-${config.stage}`;
    if (!ALARM_PREFIX_PATTERN.test(this.alarmPrefix)) {
      throw new Error(
        `alarm prefix ${JSON.stringify(this.alarmPrefix)} is invalid; use 1-100 letters, digits, '-', '_' or '.', starting with a letter or digit`,
      );
    }
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const latencyBudgetFraction = props.latencyBudgetFraction ?? 0.8;
    const common = { alarmPrefix: this.alarmPrefix, runbookBaseUrl: props.runbookBaseUrl };

    this.notifications = new OpsNotifications(this, 'OpsTopic', {
      encryptionKey: props.dataKey,
      displayName: `Contact centre ${config.stage} operations`,
      alarmPrefix: this.alarmPrefix,
      emails: props.alarmEmails,
    });
    const notifications = this.notifications;

    this.queueAlarms = new QueueAlarms(this, 'QueueAlarms', {
      ...common,
      instanceId: props.instanceId,
      queues: props.queues,
      notifications,
    });
    const queueModes: Record<string, UnderLoadMode> = {};
    for (const queue of props.queues) queueModes[queue.id] = queue.mode;

    this.routingLoop = new RoutingLoop(this, 'RoutingLoop', {
      ...common,
      store: props.store,
      encryptionKey: props.dataKey,
      logRetention,
      queueModes,
      notifications,
      reservedConcurrency: config.reservedConcurrency,
      network: props.network,
    });

    this.instanceAlarms = new InstanceAlarms(this, 'InstanceAlarms', {
      ...common,
      instanceId: props.instanceId,
      flowNames: props.flowNames,
      notifications,
      thresholds: props.instanceThresholds,
    });

    this.backendAlarms = new BackendAlarms(this, 'BackendAlarms', {
      ...common,
      functions: [...props.functions, this.routingLoop.function],
      tables: props.tables,
      notifications,
      latencyBudgetFraction,
    });

    this.callersAffected = new CallersAffectedAlarm(this, 'CallersAffected', {
      ...common,
      inputs: [
        ...[...this.queueAlarms.alarms.values()].map((pair) => pair.wait),
        ...this.instanceAlarms.callerFacing,
      ],
      notifications,
    });

    this.securityAlarms = new SecurityAlarms(this, 'SecurityAlarms', {
      ...common,
      outbound: config.outbound,
      notifications,
      thresholds: props.securityThresholds,
    });

    const alarms: cloudwatch.IAlarm[] = [
      this.callersAffected.alarm,
      ...this.queueAlarms.all,
      ...this.instanceAlarms.all,
      ...this.routingLoop.alarms,
      ...this.backendAlarms.all,
      ...this.securityAlarms.all,
    ];
    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      dashboardName: `${this.alarmPrefix}-operations`,
      instanceId: props.instanceId,
      instanceArn: props.instanceArn,
      queueAlarms: this.queueAlarms,
      functions: props.functions,
      routingFunction: this.routingLoop.function,
      alarms,
      concurrentCallsFraction: this.instanceAlarms.thresholds.concurrentCallsFraction,
      latencyBudgetFraction,
      runbookBaseUrl: props.runbookBaseUrl,
      securitySignals: this.securityAlarms.signals,
    });

    // What `npm run ops` needs (pass as --table / --alarm-prefix, or export as env).
    new CfnOutput(this, 'RoutingTableName', { value: props.store.tables.RoutingState.tableName });
    new CfnOutput(this, 'AlarmPrefix', { value: this.alarmPrefix });
    new CfnOutput(this, 'QueueAlarmPrefix', { value: queueAlarmPrefix(this.alarmPrefix) });
    new CfnOutput(this, 'OpsTopicArn', { value: this.notifications.topic.topicArn });
    new CfnOutput(this, 'RoutingFailureQueueUrl', { value: this.routingLoop.failures.queueUrl });
    new CfnOutput(this, 'DashboardName', { value: `${this.alarmPrefix}-operations` });
  }
}
