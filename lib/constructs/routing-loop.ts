import { ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ALARM_STATE_CHANGE, queueAlarmPrefix, type UnderLoadMode } from '../../lambda/domain/routing-mode';
import { CustomerStore } from './customer-store';
import { FlowFunction } from './flow-function';
import { IsolatedNetwork } from './isolated-network';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription } from './ops-runbooks';

/** Properties of {@link RoutingLoop}. */
export interface RoutingLoopProps {
  /** The customer store holding the RoutingState table. */
  readonly store: CustomerStore;
  /** Customer managed key of the failure queues and the function's log group. */
  readonly encryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Alarm name prefix of the app; the rule matches `<prefix>-queue-*` only. */
  readonly alarmPrefix: string;
  /** The under-load mode of each queue, by queue id. */
  readonly queueModes: Readonly<Record<string, UnderLoadMode>>;
  readonly notifications: OpsNotifications;
  /** Reserved concurrency of the function; 0 reserves none. @default 0 */
  readonly reservedConcurrency?: number;
  /** Isolated network to run in. @default none */
  readonly network?: IsolatedNetwork;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/** Time limit of one routing-mode invocation (a DynamoDB read and a conditional write, retried). */
export const ROUTING_MODE_TIME_LIMIT_SECONDS = 10;

/**
 * The routing loop: an EventBridge rule matching only this app's queue alarm state changes (ALARM
 * and OK) invokes the routing-mode function asynchronously; the function writes the queue's mode to
 * the RoutingState table. Delivery failures of the rule and events the function still fails after
 * Lambda's retries land in one KMS-encrypted failure queue (with its own dead-letter queue), and any
 * message there raises an alarm.
 */
export class RoutingLoop extends Construct {
  readonly function: FlowFunction;
  readonly rule: events.Rule;
  /** Events that could not be applied: rule delivery failures and Lambda on-failure records. */
  readonly failures: sqs.Queue;
  readonly failuresDeadLetter: sqs.Queue;
  /** Alarms on the failure queues. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: RoutingLoopProps) {
    super(scope, id);
    if (Object.keys(props.queueModes).length === 0) {
      throw new Error('the routing loop needs at least one queue mode');
    }
    const queueProps: sqs.QueueProps = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    };
    // Named, so operators find them (`<prefix>-routing-failures`) and the dead-letter queue can allow
    // redrive from exactly its source queue without a reference cycle.
    const failuresName = `${props.alarmPrefix}-routing-failures`;
    if (failuresName.length + '-dlq'.length > 80) {
      throw new Error(
        `alarm prefix '${props.alarmPrefix}' is too long for the failure queue names (SQS allows 80 characters); use at most 55 characters`,
      );
    }
    this.failuresDeadLetter = new sqs.Queue(this, 'FailuresDeadLetter', {
      ...queueProps,
      queueName: `${failuresName}-dlq`,
      redriveAllowPolicy: {
        redrivePermission: sqs.RedrivePermission.BY_QUEUE,
        sourceQueues: [
          sqs.Queue.fromQueueArn(
            this,
            'FailuresRef',
            Stack.of(this).formatArn({
              service: 'sqs',
              resource: failuresName,
              arnFormat: ArnFormat.NO_RESOURCE_NAME,
            }),
          ),
        ],
      },
    });
    this.failures = new sqs.Queue(this, 'Failures', {
      ...queueProps,
      queueName: failuresName,
      // Kept for inspection and replay; a record a replay keeps failing on moves aside.
      deadLetterQueue: { queue: this.failuresDeadLetter, maxReceiveCount: 5 },
    });
    for (const queue of [this.failures, this.failuresDeadLetter]) {
      Validations.of(queue).acknowledge({
        id: 'cdk-validator-cfnguard::sqs_queue_encrypted_check',
        reason:
          'the queue is encrypted with the customer managed data key of the data stack; the Guard rule cannot resolve the key ARN passed as Fn::ImportValue (template assertions check KmsMasterKeyId)',
      });
    }
    Validations.of(this.failuresDeadLetter).acknowledge({
      id: 'Serverless::Serverless-SQSRedrivePolicy',
      reason:
        'this is the dead-letter queue of the routing failure queue (RedriveAllowPolicy byQueue names it); a further dead-letter queue would never be read, and its depth is alarmed on instead',
    });

    this.function = new FlowFunction(this, 'RoutingMode', {
      name: 'routing-mode',
      description:
        'applies queue alarm state changes (EventBridge) to the routing mode of each queue in the RoutingState table',
      timeLimitSeconds: ROUTING_MODE_TIME_LIMIT_SECONDS,
      logKey: props.encryptionKey,
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency,
      network: props.network,
      invoker: 'eventbridge',
      memorySize: 256,
      environment: {
        ALARM_PREFIX: props.alarmPrefix,
        QUEUE_MODES: JSON.stringify(props.queueModes),
      },
    });
    this.function.bindTable(props.store, 'RoutingState', 'readWrite');
    if (props.network && Stack.of(props.network) !== Stack.of(this)) {
      Validations.of(this.function).acknowledge({
        id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
        reason:
          'the function runs in the isolated VPC of another stack; the Guard rule cannot resolve subnet and security group ids passed as Fn::ImportValue (template assertions check VpcConfig)',
      });
    }
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(this.failures),
    });
    const asyncFailures =
      'asynchronous failures go to an on-failure destination (AWS::Lambda::EventInvokeConfig -> KMS-encrypted SQS queue with its own DLQ and alarm), which records the event and the error; the rule only recognises the older DeadLetterConfig';
    for (const id of [
      'HIPAA.Security::HIPAA.Security-LambdaDLQ',
      'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
      'Serverless::Serverless-LambdaDLQ',
    ]) {
      Validations.of(this.function).acknowledge({ id, reason: asyncFailures });
    }
    // The on-failure destination's grant (SqsDestination -> grantSendMessages) on the one data key.
    const permissions = this.function.role!.node.findChild('Permissions');
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      Validations.of(permissions).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'granted by the SQS on-failure destination on the single data key ARN (no resource wildcard); the action wildcard only spans the variants KMS needs to encrypt messages for the KMS-encrypted failure queue',
      });
    }

    this.rule = new events.Rule(this, 'QueueAlarmStateChanges', {
      description: `Queue alarm state changes of ${props.alarmPrefix} to the routing-mode function`,
      eventPattern: {
        source: ['aws.cloudwatch'],
        detailType: [ALARM_STATE_CHANGE],
        account: [Aws.ACCOUNT_ID],
        detail: {
          alarmName: events.Match.prefix(queueAlarmPrefix(props.alarmPrefix)),
          state: { value: ['ALARM', 'OK'] },
        },
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function, {
        retryAttempts: 10,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.failures,
      }),
    );

    const visible = (queue: sqs.Queue) =>
      queue.metricApproximateNumberOfMessagesVisible({
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(1),
      });
    const failureAlarm = (constructId: string, name: string, queue: sqs.Queue, what: string) =>
      props.notifications.watch(
        new cloudwatch.Alarm(this, constructId, {
          alarmName: `${props.alarmPrefix}-${name}`,
          alarmDescription: alarmDescription(
            `${what} A queue's routing mode may not match its alarms until the event is replayed or the mode is overridden.`,
            'routing-mode-failures',
            props.runbookBaseUrl,
          ),
          metric: visible(queue),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    this.alarms = [
      failureAlarm(
        'FailuresAlarm',
        'routing-mode-failures',
        this.failures,
        'An alarm state change could not be applied to the routing state (rule delivery failed, or the routing-mode function failed after its retries).',
      ),
      failureAlarm(
        'FailuresDeadLetterAlarm',
        'routing-mode-failures-dead-letter',
        this.failuresDeadLetter,
        'A routing failure record was received 5 times without being deleted and moved to the dead-letter queue.',
      ),
    ];
  }
}
