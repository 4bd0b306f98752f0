import { ConfigError, StageConfig, validateStageConfig } from '../../lib/config/stage-config';
import { loadStage, STAGES } from '../../lib/config/stages';

const dev = STAGES.dev;

function withField(patch: Partial<Record<keyof StageConfig, unknown>>): StageConfig {
  return { ...dev, ...patch } as StageConfig;
}

describe('stage configuration', () => {
  it('accepts every shipped stage', () => {
    for (const name of Object.keys(STAGES)) {
      expect(loadStage(name).stage).toBe(name);
    }
  });

  it('names the unknown stage and lists the known ones', () => {
    expect(() => loadStage('qa')).toThrow('stage config field \'stage\' is "qa"; allowed: one of dev, prod');
    expect(() => loadStage(undefined)).toThrow(ConfigError);
  });

  const WAF_URL = 'https://abc123.eu-west-2.sdk.awswaf.com/abc123/def456/challenge.js';

  it.each([
    [{ instanceAlias: 'Has_Upper' }, 'instanceAlias'],
    [{ instanceAlias: 'x'.repeat(46) }, 'instanceAlias'],
    [{ logRetentionDays: 10 }, 'logRetentionDays'],
    [{ reservedConcurrency: -1 }, 'reservedConcurrency'],
    [{ backupRetentionDays: 3 }, 'backupRetentionDays'],
    [{ lambdasInVpc: 'yes' }, 'lambdasInVpc'],
    [{ account: '123', region: 'eu-west-2' }, 'account'],
    [{ account: '123456789012' }, 'region'],
    [{ account: '123456789012', region: 'eu-west-1' }, 'region'],
    [{ alarms: { ...dev.alarms, longestWaitSeconds: 5 } }, 'alarms.longestWaitSeconds'],
    [{ alarms: { ...dev.alarms, datapointsToAlarm: 9 } }, 'alarms.datapointsToAlarm'],
    [{ phoneNumber: { countryCode: 'gb', type: 'DID' } }, 'phoneNumber.countryCode'],
    [{ tags: { 'aws:owner': 'me' } }, 'tags.aws:owner'],
    [{ recordingRetentionDays: 0 }, 'recordingRetentionDays'],
    [
      { waf: { distributionWebAclArn: 'arn:aws:wafv2:eu-west-2:123456789012:regional/webacl/a/b' } },
      'waf.distributionWebAclArn',
    ],
    [{ overflowDelaySeconds: 10000 }, 'overflowDelaySeconds'],
    [{ smsSenderId: 'Too-Long-Sender' }, 'smsSenderId'],
    [{ selfServiceBaseUrl: 'http://insecure.example.com' }, 'selfServiceBaseUrl'],
    [{ resetBaseUrl: 'https://example.com/reset?x=1' }, 'resetBaseUrl'],
    [{ outbound: undefined }, 'outbound'],
    [{ outbound: { ...dev.outbound, countries: [] } }, 'outbound.countries'],
    [{ outbound: { ...dev.outbound, countries: 'GB' } }, 'outbound.countries'],
    [{ outbound: { ...dev.outbound, smsNumberTypes: ['MOBILE', 'PREMIUM'] } }, 'outbound.smsNumberTypes'],
    [{ outbound: { ...dev.outbound, callbackNumberTypes: [] } }, 'outbound.callbackNumberTypes'],
    [{ outbound: { ...dev.outbound, smsPerHour: 0 } }, 'outbound.smsPerHour'],
    [{ outbound: { ...dev.outbound, smsPerDay: dev.outbound.smsPerHour - 1 } }, 'outbound.smsPerDay'],
    [{ outbound: { ...dev.outbound, callbacksPerHour: 1.5 } }, 'outbound.callbacksPerHour'],
    [{ outbound: { ...dev.outbound, callbacksPerDay: -1 } }, 'outbound.callbacksPerDay'],
    [{ outbound: { ...dev.outbound, smsMonthlySpendLimitUsd: 0 } }, 'outbound.smsMonthlySpendLimitUsd'],
    [{ outbound: { ...dev.outbound, smsMonthlySpendLimitUsd: '50' } }, 'outbound.smsMonthlySpendLimitUsd'],
    [{ outbound: { ...dev.outbound, allowFictionalNumbers: 'yes' } }, 'outbound.allowFictionalNumbers'],
    [
      { waf: { protectApi: true, callbackChallenge: { action: 'block', integrationUrl: WAF_URL } } },
      'waf.callbackChallenge.action',
    ],
    [
      {
        waf: {
          protectApi: true,
          callbackChallenge: { action: 'challenge', integrationUrl: 'https://evil.example.com/challenge.js' },
        },
      },
      'waf.callbackChallenge.integrationUrl',
    ],
    [{ waf: { callbackChallenge: { action: 'captcha', integrationUrl: WAF_URL } } }, 'waf.protectApi'],
  ])('rejects %o naming the field %s in one sentence', (patch, field) => {
    let error: unknown;
    try {
      validateStageConfig(withField(patch));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.field).toBe(field);
    expect(configError.message).toMatch(
      new RegExp(`^stage config field '${field.replace('.', '\\.')}' is .*; allowed: .+\\.$`),
    );
    expect(configError.message.split('. ').length).toBe(1);
  });

  it.each([
    [['GB', 'UK'], 'outbound.countries[1]'],
    [['gb'], 'outbound.countries[0]'],
    [['GB', 'XX'], 'outbound.countries[1]'],
    [['EU'], 'outbound.countries[0]'],
    [[44], 'outbound.countries[0]'],
  ])('refuses outbound countries %o libphonenumber-js does not know, naming %s', (countries, field) => {
    let error: unknown;
    try {
      validateStageConfig(withField({ outbound: { ...dev.outbound, countries } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain('ISO 3166-1 alpha-2');
  });

  it('accepts Crown Dependencies and explicit number types in the outbound policy', () => {
    const outbound = {
      ...dev.outbound,
      countries: ['GB', 'GG', 'JE', 'IM'],
      smsNumberTypes: ['MOBILE'],
      callbackNumberTypes: ['MOBILE', 'FIXED_LINE', 'TOLL_FREE'],
    };
    expect(validateStageConfig(withField({ outbound })).outbound).toEqual(outbound);
  });

  it('makes the app exit with the field named when the stage is invalid', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync('npx', ['tsx', 'bin/app.ts'], {
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ stage: 'nope' }),
        CDK_OUTDIR: '.tmp/bad-stage',
      },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: stage config field \'stage\' is "nope"');
  });
});
