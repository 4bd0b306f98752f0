import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { queueAlarmName, queueAlarmPrefix } from '../../lambda/domain/routing-mode';
import { STAGES } from '../../lib/config/stages';
import { RUNBOOK_KINDS, RUNBOOK_REFERENCE, runbookPath } from '../../lib/constructs/ops-runbooks';
import { WATCHED_TABLE_OPERATIONS } from '../../lib/constructs/backend-alarms';
import { buildOpsFixture, FIXTURE_FLOWS, fixtureQueues } from './fixture';

const ROOT = path.join(__dirname, '..', '..');
const config = STAGES.dev;
const fixture = buildOpsFixture();
const template = Template.fromStack(fixture.ops);
const PREFIX = 'cccode-dev';
const INSTANCE_ID = '11111111-2222-3333-4444-555555555555';

type Resource = { Properties: Record<string, unknown> };
const metricAlarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
const compositeAlarms = template.findResources('AWS::CloudWatch::CompositeAlarm') as Record<string, Resource>;
const allAlarms = { ...metricAlarms, ...compositeAlarms };
const alarmNames = Object.values(allAlarms).map((a) => String(a.Properties.AlarmName));
const topicLogicalId = Object.keys(template.findResources('AWS::SNS::Topic'))[0];

/** Alarm dimensions as CDK renders them (sorted by name). */
function dims(map: Record<string, string>): { Name: string; Value: string }[] {
  return Object.keys(map)
    .sort()
    .map((Name) => ({ Name, Value: map[Name] }));
}

function logicalIdOf(name: string): string {
  const found = Object.entries(allAlarms).find(([, a]) => a.Properties.AlarmName === name);
  if (!found) throw new Error(`no alarm named ${name}`);
  return found[0];
}

function alarmNamed(name: string): Resource {
  const found = Object.values(allAlarms).find((a) => a.Properties.AlarmName === name);
  if (!found) throw new Error(`no alarm named ${name}; have ${alarmNames.join(', ')}`);
  return found;
}

describe('operations stack: queue alarms', () => {
  it.each(fixtureQueues(config).map((q) => [q.id, q] as const))(
    'gives queue %s a wait and a size alarm on its Connect metrics with its thresholds',
    (_id, queue) => {
      const dimensions = dims({ InstanceId: INSTANCE_ID, MetricGroup: 'Queue', QueueName: queue.name });
      for (const [metric, metricName, threshold] of [
        ['wait', 'LongestQueueWaitTime', queue.thresholds.longestWaitSeconds],
        ['size', 'QueueSize', queue.thresholds.queueSize],
      ] as const) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          AlarmName: queueAlarmName(PREFIX, queue.id, metric),
          Namespace: 'AWS/Connect',
          MetricName: metricName,
          Dimensions: Match.arrayEquals(dimensions),
          Statistic: 'Maximum',
          Period: 60,
          Threshold: threshold,
          ComparisonOperator: 'GreaterThanThreshold',
          EvaluationPeriods: queue.thresholds.evaluationPeriods,
          DatapointsToAlarm: queue.thresholds.datapointsToAlarm,
          TreatMissingData: 'notBreaching',
        });
      }
    },
  );

  it('uses a queue’s own thresholds from the journey map over the stage defaults', () => {
    expect(alarmNamed('cccode-dev-queue-orders-wait').Properties).toMatchObject({
      Threshold: 240,
      DatapointsToAlarm: 2,
    });
    expect(alarmNamed('cccode-dev-queue-billing-wait').Properties).toMatchObject({
      Threshold: config.alarms.longestWaitSeconds,
      DatapointsToAlarm: config.alarms.datapointsToAlarm,
    });
  });
});

describe('operations stack: instance, flow, function and table alarms', () => {
  it('alarms on the instance voice metrics with their metric group', () => {
    for (const [name, metricName, statistic, threshold] of [
      ['instance-throttled-calls', 'ThrottledCalls', 'Sum', 1],
      ['instance-concurrency-quota', 'CallsBreachingConcurrencyQuota', 'Sum', 1],
      ['instance-missed-calls', 'MissedCalls', 'Sum', 5],
      ['instance-concurrent-calls', 'ConcurrentCallsPercentage', 'Maximum', 0.8],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${PREFIX}-${name}`,
        Namespace: 'AWS/Connect',
        MetricName: metricName,
        Statistic: statistic,
        Threshold: threshold,
        Dimensions: Match.arrayEquals(dims({ InstanceId: INSTANCE_ID, MetricGroup: 'VoiceCalls' })),
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it.each([...FIXTURE_FLOWS])('alarms on errors and fatal errors of flow %s', (flowName) => {
    for (const metricName of ['ContactFlowErrors', 'ContactFlowFatalErrors']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Connect',
        MetricName: metricName,
        Statistic: 'Sum',
        Dimensions: Match.arrayEquals(
          dims({ InstanceId: INSTANCE_ID, MetricGroup: 'ContactFlow', ContactFlowName: flowName }),
        ),
      });
    }
  });

  it.each([
    ['identify-caller', 3],
    ['routing-context', 2],
    ['routing-mode', 10],
  ])('alarms on errors, throttles and p99 latency against the time limit of %s', (name, limitSeconds) => {
    expect(alarmNamed(`${PREFIX}-lambda-${name}-errors`).Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
    });
    expect(alarmNamed(`${PREFIX}-lambda-${name}-throttles`).Properties).toMatchObject({
      MetricName: 'Throttles',
    });
    expect(alarmNamed(`${PREFIX}-lambda-${name}-latency`).Properties).toMatchObject({
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: limitSeconds * 1000 * 0.8,
    });
  });

  it('alarms on throttles and system errors of every table, summed over operations', () => {
    for (const id of ['Customers', 'Accounts', 'Orders', 'OtpChallenges', 'RoutingState']) {
      for (const [suffix, metricName] of [
        ['throttles', 'ThrottledRequests'],
        ['system-errors', 'SystemErrors'],
      ]) {
        const metrics = alarmNamed(`${PREFIX}-dynamodb-${id}-${suffix}`).Properties.Metrics as {
          Expression?: string;
          MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
        }[];
        const stats = metrics.filter((m) => m.MetricStat);
        expect(stats).toHaveLength(WATCHED_TABLE_OPERATIONS.length);
        expect(stats.length).toBeLessThanOrEqual(10);
        expect(new Set(stats.map((m) => m.MetricStat!.Metric.MetricName))).toEqual(new Set([metricName]));
        expect(metrics.find((m) => m.Expression)?.Expression).toMatch(/^FILL\(m0, 0\) \+ /);
      }
    }
  });

  it('combines the caller-facing alarms into one composite alarm', () => {
    const rule = JSON.stringify(alarmNamed(`${PREFIX}-callers-affected`).Properties.AlarmRule);
    const inputs = [
      ...fixtureQueues(config).map((q) => queueAlarmName(PREFIX, q.id, 'wait')),
      ...['instance-throttled-calls', 'instance-concurrency-quota'].map((n) => `${PREFIX}-${n}`),
      ...['Main-inbound', 'Customer-queue'].map((f) => `${PREFIX}-flow-${f}-fatal-errors`),
    ];
    for (const name of inputs) expect(rule).toContain(`{"Fn::GetAtt":["${logicalIdOf(name)}","Arn"]}`);
    expect(rule.match(/ALARM\(/g)).toHaveLength(inputs.length);
  });
});

describe('operations stack: notifications and runbooks', () => {
  it('notifies the ops topic on ALARM and on OK for every alarm', () => {
    for (const [id, alarm] of Object.entries(allAlarms)) {
      const topic = [{ Ref: topicLogicalId }];
      expect({ id, actions: alarm.Properties.AlarmActions, ok: alarm.Properties.OKActions }).toEqual({
        id,
        actions: topic,
        ok: topic,
      });
    }
  });

  it('names an existing runbook in every alarm description, with the configured base URL', () => {
    // 2 per queue, 4 instance, 2 per flow, 3 per function (2 + routing-mode), 2 per table, 2 failure queues, 1 composite, 9 security.
    expect(Object.keys(allAlarms)).toHaveLength(3 * 2 + 4 + 2 * 2 + 3 * 3 + 2 * 5 + 2 + 1 + 9);
    for (const alarm of Object.values(allAlarms)) {
      const description = String(alarm.Properties.AlarmDescription);
      const match = RUNBOOK_REFERENCE.exec(description);
      expect({ name: alarm.Properties.AlarmName, runbook: match?.[1] }).toEqual({
        name: alarm.Properties.AlarmName,
        runbook: expect.stringMatching(/^docs\/runbooks\//),
      });
      expect(fs.existsSync(path.join(ROOT, match![1]))).toBe(true);
      expect(description).toContain(`(https://example.com/cccode/blob/main/${match![1]})`);
      expect(description.length).toBeLessThanOrEqual(1024);
    }
  });

  it('has one runbook per alarm kind, each saying what happened, what to check and how to override and undo', () => {
    for (const kind of RUNBOOK_KINDS) {
      const text = fs.readFileSync(path.join(ROOT, runbookPath(kind)), 'utf8');
      for (const heading of [
        '## What it means',
        '## What the automation already did',
        '## What to check',
        '## Override',
        '## Undo',
      ]) {
        expect({ kind, has: text.includes(heading) }).toEqual({ kind, has: true });
      }
      expect(text).toContain('npm run ops --');
    }
  });

  it('encrypts the topic with the data key, refuses plain-text publishing and lets only this app’s alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':alarm:cccode-dev-\\*$')])],
                },
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('operations stack: routing loop', () => {
  const rules = template.findResources('AWS::Events::Rule') as Record<string, Resource>;
  const [ruleId, rule] = Object.entries(rules)[0];
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: Match.stringLikeRegexp('^applies queue alarm state changes') },
  });
  const functionId = Object.keys(functions)[0];
  const queues = template.findResources('AWS::SQS::Queue') as Record<string, Resource>;
  const failuresId = Object.entries(queues).find(
    ([, q]) => q.Properties.QueueName === 'cccode-dev-routing-failures',
  )![0];

  it('has exactly one rule, matching only this app’s queue alarm state changes to ALARM or OK', () => {
    expect(Object.keys(rules)).toHaveLength(1);
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      account: [{ Ref: 'AWS::AccountId' }],
      detail: { alarmName: [{ prefix: 'cccode-dev-queue-' }], state: { value: ['ALARM', 'OK'] } },
    });
    const prefix = queueAlarmPrefix(PREFIX);
    const queueAlarms = fixtureQueues(config).flatMap((q) => [
      queueAlarmName(PREFIX, q.id, 'wait'),
      queueAlarmName(PREFIX, q.id, 'size'),
    ]);
    expect(alarmNames.filter((name) => name.startsWith(prefix)).sort()).toEqual(queueAlarms.sort());
  });

  it('targets the routing-mode function with retries and the failure queue as dead-letter queue', () => {
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [failuresId, 'Arn'] } },
      }),
    ]);
    expect(ruleId).toBeDefined();
  });

  it('sends events the function still fails after its retries to the failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failuresId, 'Arn'] } } },
    });
  });

  it('passes the routing configuration to the function', () => {
    const env = (functions[functionId] as Resource).Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(env.Variables).toMatchObject({
      ALARM_PREFIX: PREFIX,
      QUEUE_MODES: JSON.stringify({ billing: 'CALLBACK', orders: 'OVERFLOW', 'tech-support': 'DEFLECT' }),
      ROUTING_TABLE: { 'Fn::ImportValue': expect.stringMatching(/RoutingState/) },
    });
  });

  it('lets the function read and write the RoutingState table items only', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy') as Record<string, Resource>;
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
          .Statement,
    );
    const dynamo = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect([dynamo[0].Action].flat().sort()).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(JSON.stringify(dynamo[0].Resource)).toMatch(/RoutingState/);
    expect(JSON.stringify(dynamo[0].Resource)).not.toMatch(/Customers|Accounts|Orders|Otp/);
  });

  it('encrypts both failure queues with the data key, enforces TLS and alarms on any message', () => {
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues)) {
      expect(queue.Properties.KmsMasterKeyId).toEqual({
        'Fn::ImportValue': expect.stringMatching(/DataKey/),
      });
    }
    expect(queues[failuresId].Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    template.resourcePropertiesCountIs(
      'AWS::SQS::QueuePolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      2,
    );
    expect(alarmNamed(`${PREFIX}-routing-mode-failures`).Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
  });
});

describe('operations stack: dashboard and outputs', () => {
  it('graphs queues against thresholds, mode changes, outcomes and latency against the budget', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard') as Record<string, Resource>;
    const body = JSON.stringify(Object.values(dashboards)[0].Properties.DashboardBody);
    for (const expected of [
      'LongestQueueWaitTime',
      'QueueSize',
      'RoutingModeChanged',
      'MetricName=\\\\\\"Outcome\\\\\\"',
      'routing mode changed',
      'p99',
      'time limit',
      'ConcurrentCallsPercentage',
      '## Security',
      'SMSMonthToDateSpentUSD',
    ]) {
      expect({ expected, found: body.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  it('outputs what the ops CLI needs', () => {
    for (const name of [
      'RoutingTableName',
      'AlarmPrefix',
      'QueueAlarmPrefix',
      'OpsTopicArn',
      'DashboardName',
    ]) {
      template.hasOutput(name, {});
    }
  });
});

describe('operations stack: validation', () => {
  function build(overrides: NonNullable<Parameters<typeof buildOpsFixture>[0]>['overrides']): () => void {
    return () => buildOpsFixture({ overrides });
  }
  const base = fixtureQueues(config)[0];

  it('refuses a queue name Connect cannot publish to CloudWatch', () => {
    expect(build({ queues: [{ ...base, name: 'Facturación' }] })).toThrow(/does not publish to CloudWatch/);
  });

  it('refuses duplicate queue ids and bad thresholds with a sentence naming them', () => {
    expect(build({ queues: [base, base] })).toThrow(/queue id 'billing' appears twice/);
    expect(
      build({ queues: [{ ...base, thresholds: { ...base.thresholds, datapointsToAlarm: 9 } }] }),
    ).toThrow(/queue 'billing' alarm threshold datapointsToAlarm is 9/);
  });

  it('refuses a concurrent-calls threshold given as a percentage', () => {
    expect(build({ instanceThresholds: { concurrentCallsFraction: 80 } })).toThrow(/published as a fraction/);
  });

  it('runs the routing-mode function in the isolated network when the stage asks for it', () => {
    const prod = Template.fromStack(buildOpsFixture({ config: STAGES.prod }).ops);
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^applies queue alarm state changes'),
      VpcConfig: {
        SubnetIds: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('isolatedSubnet') }]),
        SecurityGroupIds: [{ 'Fn::ImportValue': Match.stringLikeRegexp('NetworkFunctions') }],
      },
      ReservedConcurrentExecutions: STAGES.prod.reservedConcurrency,
    });
  });

  it('is environment-agnostic and builds with a fresh app', () => {
    expect(Stack.of(fixture.ops).environment).toBe('aws://unknown-account/unknown-region');
    expect(new App()).toBeDefined();
  });
});
