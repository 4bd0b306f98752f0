import { ConfigError, StageConfig, validateStageConfig } from './stage-config';

/** The stages this repository ships. Copy one to add a stage. */
export const STAGES: Readonly<Record<string, StageConfig>> = {
  dev: {
    stage: 'dev',
    instanceAlias: 'cccode-dev',
    lambdasInVpc: false,
    logRetentionDays: 30,
    reservedConcurrency: 0,
    backupRetentionDays: 7,
    recordingRetentionDays: 30,
    overflowDelaySeconds: 60,
    smsSenderId: 'ExampleCo',
    selfServiceBaseUrl: 'https://dev.example.com/help',
    resetBaseUrl: 'https://dev.example.com/reset',
    alarms: { longestWaitSeconds: 180, queueSize: 15, evaluationPeriods: 5, datapointsToAlarm: 3 },
    outbound: {
      countries: ['GB', 'IE', 'FR', 'BE', 'DE'],
      // Demo customers use Ofcom's and Arcep's fiction ranges: accepted here, never in prod.
      allowFictionalNumbers: true,
      smsPerHour: 100,
      smsPerDay: 500,
      callbacksPerHour: 100,
      callbacksPerDay: 500,
      smsMonthlySpendLimitUsd: 50,
    },
    tags: { project: 'contact-centre-as-code', stage: 'dev', 'data-classification': 'confidential' },
  },
  prod: {
    stage: 'prod',
    instanceAlias: 'cccode-prod',
    lambdasInVpc: true,
    logRetentionDays: 365,
    reservedConcurrency: 50,
    backupRetentionDays: 35,
    recordingRetentionDays: 365,
    overflowDelaySeconds: 45,
    smsSenderId: 'ExampleCo',
    selfServiceBaseUrl: 'https://www.example.com/help',
    resetBaseUrl: 'https://www.example.com/reset',
    alarms: { longestWaitSeconds: 180, queueSize: 20, evaluationPeriods: 5, datapointsToAlarm: 3 },
    outbound: {
      countries: ['GB', 'IE', 'FR', 'BE', 'DE'],
      smsPerHour: 1000,
      smsPerDay: 8000,
      callbacksPerHour: 600,
      callbacksPerDay: 4000,
      smsMonthlySpendLimitUsd: 2000,
    },
    // Production puts a regional web ACL on the contact-options API; attach a CloudFront web ACL to the
    // page with waf.distributionWebAclArn once one exists in us-east-1.
    waf: { protectApi: true },
    tags: { project: 'contact-centre-as-code', stage: 'prod', 'data-classification': 'confidential' },
  },
};

/**
 * Returns the validated configuration of the named stage.
 * @throws ConfigError when the stage is unknown or its configuration invalid.
 */
export function loadStage(
  name: unknown,
  stages: Readonly<Record<string, StageConfig>> = STAGES,
): StageConfig {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(stages, name)) {
    throw new ConfigError('stage', name, `one of ${Object.keys(stages).join(', ')} (pass -c stage=<name>)`);
  }
  return validateStageConfig(stages[name]);
}
