import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { FlowFunction } from './flow-function';
import { alarmSlug } from './instance-alarms';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription, RunbookKind } from './ops-runbooks';

/** DynamoDB operations whose throttles and system errors are summed per table (at most 10 metrics per alarm). */
export const WATCHED_TABLE_OPERATIONS = [
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
] as const;

/** Properties of {@link BackendAlarms}. */
export interface BackendAlarmsProps {
  /** Functions to watch; their `timeLimitSeconds` is the latency budget. */
  readonly functions: readonly FlowFunction[];
  /** Tables to watch (named in alarms by their construct id, e.g. `RoutingState`). */
  readonly tables: readonly dynamodb.ITable[];
  /** Alarm name prefix of the app. */
  readonly alarmPrefix: string;
  readonly notifications: OpsNotifications;
  /**
   * Share of a function's time limit its p99 duration may use before the latency alarm fires.
   * @default 0.8
   */
  readonly latencyBudgetFraction?: number;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/**
 * Alarms on the Lambda functions (Errors, Throttles, p99 Duration against the caller's time limit)
 * and the DynamoDB tables (ThrottledRequests and SystemErrors summed over operations).
 */
export class BackendAlarms extends Construct {
  readonly all: readonly cloudwatch.Alarm[];
  /** Error alarms of the functions, by function name. */
  readonly functionErrors: ReadonlyMap<string, cloudwatch.Alarm>;

  constructor(scope: Construct, id: string, props: BackendAlarmsProps) {
    super(scope, id);
    const fraction = props.latencyBudgetFraction ?? 0.8;
    if (!(fraction > 0 && fraction <= 1)) {
      throw new Error(
        `latencyBudgetFraction is ${fraction}; use a share of the time limit in (0, 1], such as 0.8`,
      );
    }
    const all: cloudwatch.Alarm[] = [];
    const alarm = (
      owner: Construct,
      constructId: string,
      props2: {
        name: string;
        kind: RunbookKind;
        summary: string;
        metric: cloudwatch.IMetric;
        threshold: number;
      },
      evaluationPeriods: number,
      datapointsToAlarm: number,
    ): cloudwatch.Alarm => {
      const created = props.notifications.watch(
        new cloudwatch.Alarm(owner, constructId, {
          alarmName: `${props.alarmPrefix}-${props2.name}`,
          alarmDescription: alarmDescription(props2.summary, props2.kind, props.runbookBaseUrl),
          metric: props2.metric,
          threshold: props2.threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods,
          datapointsToAlarm,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      all.push(created);
      return created;
    };

    const functionErrors = new Map<string, cloudwatch.Alarm>();
    const minute = Duration.minutes(1);
    for (const fn of props.functions) {
      const name = fn.shortName;
      if (functionErrors.has(name))
        throw new Error(`function '${name}' is listed twice; pass each function once`);
      const owner = new Construct(this, `Function-${name}`);
      const budgetMs = Math.round(fn.timeLimitSeconds * 1000 * fraction);
      functionErrors.set(
        name,
        alarm(
          owner,
          'Errors',
          {
            name: `lambda-${name}-errors`,
            kind: 'lambda-errors',
            summary: `Function '${name}' failed (crash, timeout or unhandled error) in 2 of 3 minutes. Connect callers take the flow's error branch; asynchronous events are retried, then parked in a failure queue.`,
            metric: fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: minute }),
            threshold: 1,
          },
          3,
          2,
        ),
      );
      alarm(
        owner,
        'Throttles',
        {
          name: `lambda-${name}-throttles`,
          kind: 'lambda-throttles',
          summary: `Function '${name}' was throttled (reserved or account concurrency exhausted) in 2 of 3 minutes.`,
          metric: fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: minute }),
          threshold: 1,
        },
        3,
        2,
      );
      alarm(
        owner,
        'Latency',
        {
          name: `lambda-${name}-latency`,
          kind: 'lambda-latency',
          summary: `Function '${name}' p99 duration reached ${budgetMs} ms (${Math.round(fraction * 100)} % of its ${fn.timeLimitSeconds} s time limit) in 3 of 5 minutes; slower calls will time out in the flow.`,
          metric: fn.metricDuration({ statistic: cloudwatch.Stats.p(99), period: minute }),
          threshold: budgetMs,
        },
        5,
        3,
      );
    }

    const tableIds = new Set<string>();
    for (const table of props.tables) {
      const tableId = alarmSlug(table.node.id);
      if (tableIds.has(tableId)) throw new Error(`table '${tableId}' is listed twice; pass each table once`);
      tableIds.add(tableId);
      const owner = new Construct(this, `Table-${tableId}`);
      alarm(
        owner,
        'Throttles',
        {
          name: `dynamodb-${tableId}-throttles`,
          kind: 'dynamodb-throttles',
          summary: `Table '${tableId}' throttled requests in 2 of 3 minutes (hot partition or on-demand scaling limit); integrations answer UNAVAILABLE.`,
          metric: sumOverOperations(table, 'ThrottledRequests'),
          threshold: 1,
        },
        3,
        2,
      );
      alarm(
        owner,
        'SystemErrors',
        {
          name: `dynamodb-${tableId}-system-errors`,
          kind: 'dynamodb-system-errors',
          summary: `Table '${tableId}' returned server errors (HTTP 500) in 2 of 3 minutes; integrations answer UNAVAILABLE.`,
          metric: sumOverOperations(table, 'SystemErrors'),
          threshold: 1,
        },
        3,
        2,
      );
    }
    this.all = all;
    this.functionErrors = functionErrors;
  }
}

/**
 * A DynamoDB metric that only exists per operation, summed over {@link WATCHED_TABLE_OPERATIONS}
 * with missing values filled with 0 (an operation nobody calls publishes nothing).
 */
export function sumOverOperations(table: dynamodb.ITable, metricName: string): cloudwatch.MathExpression {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  WATCHED_TABLE_OPERATIONS.forEach((operation, index) => {
    usingMetrics[`m${index}`] = new cloudwatch.Metric({
      namespace: 'AWS/DynamoDB',
      metricName,
      dimensionsMap: { TableName: table.tableName, Operation: operation },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
    });
  });
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((key) => `FILL(${key}, 0)`)
      .join(' + '),
    usingMetrics,
    label: `${metricName} (all operations)`,
    period: Duration.minutes(1),
  });
}
