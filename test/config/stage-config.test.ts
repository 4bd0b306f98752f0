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
