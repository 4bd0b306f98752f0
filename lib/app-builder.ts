import { App, Tags } from 'aws-cdk-lib';
import { StageConfig } from './config/stage-config';
import { DataStack } from './stacks/data-stack';

/** The stacks of one stage. */
export interface ContactCentreApp {
  readonly data: DataStack;
}

/**
 * Builds every stack of a stage into `app`. The configuration must already be validated.
 * With no account/region in the config the stacks are environment-agnostic: synth needs no credentials.
 */
export function buildStage(app: App, config: StageConfig): ContactCentreApp {
  const env =
    config.account && config.region ? { account: config.account, region: config.region } : undefined;
  const prefix = `Cccode-${config.stage}`;
  const data = new DataStack(app, `${prefix}-Data`, {
    env,
    config,
    description: `Contact centre (${config.stage}): keys, customer store, backups`,
  });
  for (const [key, value] of Object.entries(config.tags)) {
    Tags.of(app).add(key, value);
  }
  return { data };
}
