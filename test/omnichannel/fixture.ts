/**
 * A small app for the omnichannel tests: the data stack, a stand-in contact-centre stack (a Connect
 * instance, hours, the journey's queues and a flow log group) and the OmnichannelStack wired to it,
 * so the tests do not depend on the contact-centre stack's flows and functions.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { createApp } from '../../lib/app-context';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  acknowledgeCrossStackLogKey,
  acknowledgeShortLogRetention,
} from '../../lib/compliance/acknowledgements';
import { STAGES } from '../../lib/config/stages';
import type { StageConfig } from '../../lib/config/stage-config';
import { IsolatedNetwork } from '../../lib/constructs/isolated-network';
import { DEFAULT_JOURNEY_MAP, validateJourneyMap } from '../../lib/journey';
import { DataStack } from '../../lib/stacks/data-stack';
import { OmnichannelStack, type OmnichannelStackProps } from '../../lib/stacks/omnichannel-stack';

/** The fixture's stacks. */
export interface OmnichannelFixture {
  readonly app: App;
  readonly data: DataStack;
  readonly connectStack: Stack;
  readonly omnichannel: OmnichannelStack;
}

/** Builds the fixture app (not synthesized). */
export function buildOmnichannelFixture(
  options: { config?: StageConfig; outdir?: string; overrides?: Partial<OmnichannelStackProps> } = {},
): OmnichannelFixture {
  const config = options.config ?? STAGES.dev;
  const app = createApp(options.outdir ? { outdir: options.outdir } : {});
  const data = new DataStack(app, 'Data', { config });
  const connectStack = new Stack(app, 'Connect');
  const instance = new connect.CfnInstance(connectStack, 'Instance', {
    identityManagementType: 'CONNECT_MANAGED',
    instanceAlias: `${config.instanceAlias}-test`,
    attributes: { inboundCalls: true, outboundCalls: true },
  });
  const hours = new connect.CfnHoursOfOperation(connectStack, 'Hours', {
    instanceArn: instance.attrArn,
    name: 'hours',
    timeZone: 'Europe/London',
    config: [{ day: 'MONDAY', startTime: { hours: 8, minutes: 0 }, endTime: { hours: 20, minutes: 0 } }],
  });
  const queues = new Map<string, connect.CfnQueue>();
  for (const q of DEFAULT_JOURNEY_MAP.queues) {
    queues.set(
      q.id,
      new connect.CfnQueue(connectStack, `Queue${q.id}`, {
        instanceArn: instance.attrArn,
        name: q.name,
        hoursOfOperationArn: hours.attrHoursOfOperationArn,
      }),
    );
  }
  const flowLogs = new logs.LogGroup(connectStack, 'FlowLogs', {
    encryptionKey: data.keys.dataKey,
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  acknowledgeCrossStackLogKey(flowLogs);
  acknowledgeShortLogRetention(flowLogs, 30);
  const network = config.lambdasInVpc
    ? new IsolatedNetwork(connectStack, 'Network', {
        encryptionKey: data.keys.dataKey,
        logRetention: config.logRetentionDays as logs.RetentionDays,
      })
    : undefined;
  const omnichannel = new OmnichannelStack(app, 'Omnichannel', {
    config,
    journey: validateJourneyMap(DEFAULT_JOURNEY_MAP),
    store: data.store,
    dataKey: data.keys.dataKey,
    macKey: data.keys.macKey,
    instance,
    queues,
    flowLogs,
    network,
    ...options.overrides,
  });
  return { app, data, connectStack, omnichannel };
}
