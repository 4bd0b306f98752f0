/**
 * A small app for the operations tests: the data stack, a stack of two stand-in integration
 * functions, and the OperationsStack wired to it, so the tests do not depend on the contact-centre
 * stack.
 */
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { STAGES } from '../../lib/config/stages';
import { StageConfig } from '../../lib/config/stage-config';
import { FlowFunction } from '../../lib/constructs/flow-function';
import { IsolatedNetwork } from '../../lib/constructs/isolated-network';
import { OperatedQueue, resolveQueueThresholds } from '../../lib/constructs/queue-alarms';
import { DataStack } from '../../lib/stacks/data-stack';
import { OperationsStack, OperationsStackProps } from '../../lib/stacks/operations-stack';

/** The queues of the fixture (one with its own thresholds). */
export function fixtureQueues(config: StageConfig): OperatedQueue[] {
  return [
    { id: 'billing', name: 'Billing', mode: 'CALLBACK', thresholds: resolveQueueThresholds(config.alarms) },
    {
      id: 'orders',
      name: 'Orders and deliveries',
      mode: 'OVERFLOW',
      thresholds: resolveQueueThresholds(config.alarms, { longestWaitSeconds: 240, datapointsToAlarm: 2 }),
    },
    {
      id: 'tech-support',
      name: 'Tech support',
      mode: 'DEFLECT',
      thresholds: resolveQueueThresholds(config.alarms),
    },
  ];
}

/** Flow names of the fixture. */
export const FIXTURE_FLOWS = ['Main inbound', 'Customer queue'] as const;

export interface OpsFixture {
  readonly app: App;
  readonly data: DataStack;
  readonly platform: Stack;
  readonly ops: OperationsStack;
  readonly functions: readonly FlowFunction[];
}

/** Builds the fixture app (not synthesized). */
export function buildOpsFixture(
  options: { config?: StageConfig; outdir?: string; overrides?: Partial<OperationsStackProps> } = {},
): OpsFixture {
  const config = options.config ?? STAGES.dev;
  const app = new App(options.outdir ? { outdir: options.outdir } : {});
  const data = new DataStack(app, 'Data', { config });
  const { keys, store } = data;
  const platform = new Stack(app, 'Integrations');
  const network = config.lambdasInVpc
    ? new IsolatedNetwork(platform, 'Network', {
        encryptionKey: keys.dataKey,
        logRetention: config.logRetentionDays as logs.RetentionDays,
      })
    : undefined;
  const entry = path.join(__dirname, '..', '..', 'lambda', 'routing-mode', 'index.ts');
  const functions = [
    { name: 'identify-caller', timeLimitSeconds: 3 },
    { name: 'routing-context', timeLimitSeconds: 2 },
  ].map(
    (spec) =>
      new FlowFunction(platform, spec.name, {
        ...spec,
        description: `${spec.name} (test stand-in)`,
        logKey: keys.dataKey,
        logRetention: config.logRetentionDays as logs.RetentionDays,
        reservedConcurrency: config.reservedConcurrency,
        network,
        entry,
      }),
  );
  const ops = new OperationsStack(app, 'Operations', {
    config,
    instanceId: '11111111-2222-3333-4444-555555555555',
    instanceArn: 'arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555',
    queues: fixtureQueues(config),
    flowNames: [...FIXTURE_FLOWS],
    functions,
    tables: store.tableList,
    store,
    dataKey: keys.dataKey,
    network,
    runbookBaseUrl: 'https://example.com/cccode/blob/main',
    ...options.overrides,
  });
  return { app, data, platform, ops, functions };
}
