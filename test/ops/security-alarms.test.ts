import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { STAGES } from '../../lib/config/stages';
import { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { OpsNotifications } from '../../lib/constructs/ops-notifications';
import { RUNBOOK_REFERENCE, runbookPath, SECURITY_RUNBOOK_KINDS } from '../../lib/constructs/ops-runbooks';
import { SecurityAlarms, SecurityAlarmsProps } from '../../lib/constructs/security-alarms';
import { SECURITY_METRICS } from '../../lib/integrations/contracts';
import { buildOpsFixture } from './fixture';

const ROOT = path.join(__dirname, '..', '..');
const outbound: OutboundPolicyConfig = {
  ...STAGES.prod.outbound,
  smsPerHour: 1000,
  callbacksPerHour: 200,
  smsMonthlySpendLimitUsd: 2000,
};

type Resource = { Properties: Record<string, unknown> };
interface MetricEntry {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

function build(props: Partial<SecurityAlarmsProps> = {}): { template: Template; alarms: SecurityAlarms } {
  const stack = new Stack(new App(), 'Ops');
  const notifications = new OpsNotifications(stack, 'Topic', {
    encryptionKey: new kms.Key(stack, 'Key'),
    displayName: 'ops',
    alarmPrefix: 'cccode-test',
  });
  const alarms = new SecurityAlarms(stack, 'SecurityAlarms', {
    outbound,
    alarmPrefix: 'cccode-test',
    notifications,
    runbookBaseUrl: 'https://example.com/repo/blob/main',
    ...props,
  });
  return { template: Template.fromStack(stack), alarms };
}

const { template } = build();
const alarms = template.findResources('AWS::CloudWatch::Alarm') as Record<string, Resource>;
function alarmNamed(name: string): Resource {
  const found = Object.values(alarms).find((a) => a.Properties.AlarmName === name);
  if (!found) throw new Error(`no alarm ${name}`);
  return found;
}
/** The summed functions and period of a metric-math security alarm. */
function summed(name: string): { metric: string; functions: string[]; period: number; expression: string } {
  const metrics = alarmNamed(name).Properties.Metrics as MetricEntry[];
  const stats = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!);
  for (const s of stats) {
    expect(s.Metric.Namespace).toBe('ContactCentre');
    expect(s.Stat).toBe('Sum');
    // The single dimension `function`.
    expect(s.Metric.Dimensions.map((d) => d.Name)).toEqual(['function']);
  }
  expect(new Set(stats.map((s) => s.Metric.MetricName)).size).toBe(1);
  expect(new Set(stats.map((s) => s.Period)).size).toBe(1);
  return {
    metric: stats[0].Metric.MetricName,
    functions: stats.map((s) => s.Metric.Dimensions[0].Value).sort(),
    period: stats[0].Period,
    expression: metrics.find((m) => m.Expression)!.Expression!,
  };
}

describe('security alarms', () => {
  it('sums wrong PINs and OTPs over pin-verify and otp-verify per 5 minutes', () => {
    expect(summed('cccode-test-security-auth-failures')).toEqual({
      metric: SECURITY_METRICS.authFailure,
      functions: ['otp-verify', 'pin-verify'],
      period: 300,
      expression: 'FILL(m0, 0) + FILL(m1, 0)',
    });
    expect(alarmNamed('cccode-test-security-auth-failures').Properties).toMatchObject({
      Threshold: 30,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
  });

  it('alarms on any hard lock and any budget refusal', () => {
    expect(summed('cccode-test-security-auth-hard-locks').metric).toBe(SECURITY_METRICS.authHardLock);
    expect(alarmNamed('cccode-test-security-auth-hard-locks').Properties.Threshold).toBe(1);
    const budget = summed('cccode-test-security-budget-exhausted');
    expect(budget.metric).toBe(SECURITY_METRICS.budgetExhausted);
    expect(budget.functions).toEqual(
      ['callback-number', 'otp-start', 'password-reset', 'sms-link', 'web-callback'].sort(),
    );
    expect(alarmNamed('cccode-test-security-budget-exhausted').Properties.Threshold).toBe(1);
  });

  it('alarms on lockouts, rate-limited requests and number refusals per 5 minutes', () => {
    for (const [name, metric, threshold] of [
      ['security-auth-lockouts', SECURITY_METRICS.authLockout, 5],
      ['security-rate-limited', SECURITY_METRICS.rateLimited, 20],
      ['security-number-refusals', SECURITY_METRICS.numberRefused, 10],
    ] as const) {
      expect(summed(`cccode-test-${name}`)).toMatchObject({ metric, period: 300 });
      expect(alarmNamed(`cccode-test-${name}`).Properties.Threshold).toBe(threshold);
    }
  });

  it('alarms on SMS sent and callbacks per hour at 80 % of the stage’s global budgets', () => {
    expect(summed('cccode-test-security-sms-volume')).toMatchObject({
      metric: SECURITY_METRICS.smsSent,
      functions: ['otp-start', 'password-reset', 'sms-link'],
      period: 3600,
    });
    expect(alarmNamed('cccode-test-security-sms-volume').Properties.Threshold).toBe(800);
    expect(summed('cccode-test-security-callback-volume')).toMatchObject({
      metric: SECURITY_METRICS.callbackRequested,
      functions: ['callback-number', 'web-callback'],
      period: 3600,
    });
    expect(alarmNamed('cccode-test-security-callback-volume').Properties.Threshold).toBe(160);
  });

  it('alarms on the account’s month-to-date SMS spend at 80 % of the SNS monthly spend limit', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cccode-test-security-sms-spend',
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      Threshold: 1600,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Dimensions: Match.absent(),
    });
  });

  it('treats missing data as not breaching and pages the ops topic on ALARM and OK', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    expect(Object.keys(alarms)).toHaveLength(9);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties).toMatchObject({
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topic }],
        OKActions: [{ Ref: topic }],
      });
    }
  });

  it('names a security runbook in every description, and each runbook tells an attack from a fault', () => {
    const named = new Set<string>();
    for (const alarm of Object.values(alarms)) {
      const match = RUNBOOK_REFERENCE.exec(String(alarm.Properties.AlarmDescription));
      expect(match?.[1]).toMatch(/^docs\/runbooks\/security-/);
      named.add(match![1]);
    }
    expect([...named].sort()).toEqual(SECURITY_RUNBOOK_KINDS.map(runbookPath).sort());
    const index = fs.readFileSync(path.join(ROOT, 'docs', 'runbooks', 'README.md'), 'utf8');
    for (const kind of SECURITY_RUNBOOK_KINDS) {
      const text = fs.readFileSync(path.join(ROOT, runbookPath(kind)), 'utf8');
      expect({ kind, attackOrFault: text.includes('## Attack or fault?') }).toEqual({
        kind,
        attackOrFault: true,
      });
      expect(index).toContain(`(${kind}.md)`);
    }
    expect(fs.readFileSync(path.join(ROOT, runbookPath('security-auth-hard-locks')), 'utf8')).toContain(
      'npm run ops -- guard unlock',
    );
    expect(fs.readFileSync(path.join(ROOT, runbookPath('security-sms-spend')), 'utf8')).toMatch(
      /delivery logs by destination country/,
    );
  });

  it('refuses bad thresholds, budgets and emitter lists, listing every problem', () => {
    expect(() =>
      build({
        thresholds: { authFailuresPer5Minutes: 0, spendFraction: 80 },
        outbound: { ...outbound, smsPerHour: 0 },
      }),
    ).toThrow(
      /authFailuresPer5Minutes is 0.*spendFraction is 80; use a share in \(0, 1\].*outbound.smsPerHour is 0/,
    );
    expect(() => build({ emitters: { [SECURITY_METRICS.smsSent]: [] } })).toThrow(
      /SmsSent lists 0 functions/,
    );
    expect(() =>
      build({ emitters: { [SECURITY_METRICS.authFailure]: ['pin-verify', 'pin-verify'] } }),
    ).toThrow(/lists a function twice/);
  });
});

describe('security alarms in the operations stack', () => {
  const fixture = buildOpsFixture();
  const ops = Template.fromStack(fixture.ops);

  it('uses the stage’s outbound budgets and spend limit', () => {
    const { outbound: dev } = STAGES.dev;
    ops.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cccode-dev-security-sms-spend',
      Threshold: Math.round(dev.smsMonthlySpendLimitUsd * 0.8 * 100) / 100,
    });
    ops.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'cccode-dev-security-sms-volume',
      Threshold: Math.floor(dev.smsPerHour * 0.8),
    });
  });

  it('shows a Security row on the dashboard with every security alarm and signal', () => {
    const [dashboard] = Object.values(ops.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain('## Security');
    expect(body).toContain('Security alarms');
    for (const metric of [...Object.values(SECURITY_METRICS), 'SMSMonthToDateSpentUSD']) {
      expect({ metric, shown: body.includes(metric) }).toEqual({ metric, shown: true });
    }
    for (const alarm of fixture.ops.securityAlarms.all) {
      const logicalId = fixture.ops.getLogicalId(alarm.node.defaultChild as never);
      expect(body).toContain(logicalId);
    }
  });
});
