import { App, Tags } from 'aws-cdk-lib';
import { StageConfig } from './config/stage-config';
import { alarmThresholdsFor, DEFAULT_JOURNEY_MAP, JourneyMap, validateJourneyMap } from './journey';
import { ContactCentreStack } from './stacks/contact-centre-stack';
import { DataStack } from './stacks/data-stack';
import { OmnichannelStack } from './stacks/omnichannel-stack';
import { OperationsStack } from './stacks/operations-stack';

/** The stacks of one stage. */
export interface ContactCentreApp {
  readonly data: DataStack;
  readonly contactCentre: ContactCentreStack;
  readonly operations: OperationsStack;
  readonly omnichannel: OmnichannelStack;
}

/**
 * Builds every stack of a stage into `app`. The configuration must already be validated; the journey
 * map is validated here, before any construct is built. With no account/region in the config the
 * stacks are environment-agnostic: synth needs no credentials.
 */
export function buildStage(
  app: App,
  config: StageConfig,
  journey: JourneyMap = DEFAULT_JOURNEY_MAP,
): ContactCentreApp {
  const map = validateJourneyMap(journey);
  const env =
    config.account && config.region ? { account: config.account, region: config.region } : undefined;
  const prefix = `Cccode-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, {
    env,
    config,
    description: `Contact centre (${config.stage}): keys, customer store, backups`,
  });
  const contactCentre = new ContactCentreStack(app, `${prefix}-ContactCentre`, {
    env,
    config,
    journey: map,
    store: data.store,
    dataKey: data.keys.dataKey,
    macKey: data.keys.macKey,
    description: `Contact centre (${config.stage}): Connect instance, queues, flows, integrations`,
  });
  const operations = new OperationsStack(app, `${prefix}-Operations`, {
    env,
    config,
    instanceId: contactCentre.connect.instance.attrId,
    instanceArn: contactCentre.connect.instance.attrArn,
    queues: map.queues.map((q) => ({
      id: q.id,
      name: q.name,
      mode: q.underLoad.mode,
      thresholds: alarmThresholdsFor(q, config.alarms),
    })),
    flowNames: contactCentre.flows.deployedNames,
    functions: [...contactCentre.integrations.functions.values()],
    tables: data.store.tableList,
    store: data.store,
    dataKey: data.keys.dataKey,
    network: contactCentre.network,
    description: `Contact centre (${config.stage}): alarms, routing-mode loop, paging, dashboard`,
  });
  const omnichannel = new OmnichannelStack(app, `${prefix}-Omnichannel`, {
    env,
    config,
    journey: map,
    store: data.store,
    dataKey: data.keys.dataKey,
    macKey: data.keys.macKey,
    instance: contactCentre.connect.instance,
    queues: contactCentre.routing.queues,
    flowLogs: contactCentre.connect.flowLogs,
    network: contactCentre.network,
    waf: config.waf,
    description: `Contact centre (${config.stage}): contact-options API, contact page, journey reporting`,
  });
  for (const [key, value] of Object.entries(config.tags)) {
    Tags.of(app).add(key, value);
  }
  return { data, contactCentre, operations, omnichannel };
}
