import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { OutboundPolicyConfig } from '../config/stage-config';
import {
  INTEGRATION_LIST,
  SECURITY_METRICS,
  SecurityMetric,
  WEB_CALLBACK_SIGNAL_SOURCE,
} from '../integrations/contracts';
import { OpsNotifications } from './ops-notifications';
import { alarmDescription, RunbookKind } from './ops-runbooks';

/** Namespace of the security signals (the handlers' EMF namespace). */
export const SECURITY_NAMESPACE = 'ContactCentre';

/** Most metrics one CloudWatch alarm may use (metric math included). */
const MAX_ALARM_METRICS = 10;

/** Thresholds of the security alarms. Counts are per evaluation period (5 minutes unless named). */
export interface SecurityAlarmThresholds {
  /** Wrong PINs and OTPs (`AuthFailure`, summed over the verifying functions) in 5 minutes. */
  readonly authFailuresPer5Minutes: number;
  /** Temporary locks set (`AuthLockout`) in 5 minutes. */
  readonly lockoutsPer5Minutes: number;
  /** Requests refused by a per-number, per-caller or per-customer limit (`RateLimited`) in 5 minutes. */
  readonly rateLimitedPer5Minutes: number;
  /** Numbers refused by the outbound number policy (`NumberRefused`) in 5 minutes. */
  readonly numberRefusalsPer5Minutes: number;
  /**
   * Share of the stage's global SMS budget (`outbound.smsPerHour`) that `SmsSent` in one hour may
   * reach before alarming; in (0, 1].
   */
  readonly smsHourlyFraction: number;
  /** Share of the stage's global callback budget (`outbound.callbacksPerHour`); in (0, 1]. */
  readonly callbackHourlyFraction: number;
  /** Share of `outbound.smsMonthlySpendLimitUsd` the month-to-date SMS spend may reach; in (0, 1]. */
  readonly spendFraction: number;
}

/** Defaults of {@link SecurityAlarmThresholds}. */
export const DEFAULT_SECURITY_THRESHOLDS: SecurityAlarmThresholds = {
  authFailuresPer5Minutes: 30,
  lockoutsPer5Minutes: 5,
  rateLimitedPer5Minutes: 20,
  numberRefusalsPer5Minutes: 10,
  smsHourlyFraction: 0.8,
  callbackHourlyFraction: 0.8,
  spendFraction: 0.8,
};

/** Functions (the `function` dimension) that emit each security metric. */
export type SecurityEmitters = Readonly<Record<SecurityMetric, readonly string[]>>;

const VERIFIERS = ['pin-verify', 'otp-verify'];
const SMS_SENDERS = INTEGRATION_LIST.filter((c) => c.sendsSms).map((c) => c.name as string);
/** The web callback API function (contact-options API construct) emits like an integration. */
const CALLBACK_TAKERS = ['callback-number', WEB_CALLBACK_SIGNAL_SOURCE];
const OUTBOUND_GATES = [...SMS_SENDERS, ...CALLBACK_TAKERS];

/**
 * Who emits what: the verifying functions emit the authentication signals, SMS senders and callback
 * takers the outbound ones (see `SECURITY_METRICS` in `lib/integrations/contracts.ts`).
 */
export const DEFAULT_SECURITY_EMITTERS: SecurityEmitters = {
  [SECURITY_METRICS.authFailure]: VERIFIERS,
  [SECURITY_METRICS.authLockout]: VERIFIERS,
  [SECURITY_METRICS.authHardLock]: VERIFIERS,
  [SECURITY_METRICS.rateLimited]: OUTBOUND_GATES,
  [SECURITY_METRICS.budgetExhausted]: OUTBOUND_GATES,
  [SECURITY_METRICS.numberRefused]: OUTBOUND_GATES,
  [SECURITY_METRICS.smsSent]: SMS_SENDERS,
  [SECURITY_METRICS.callbackRequested]: CALLBACK_TAKERS,
};

/** Properties of {@link SecurityAlarms}. */
export interface SecurityAlarmsProps {
  /** The stage's outbound policy: global SMS and callback budgets and the SNS monthly spend limit. */
  readonly outbound: OutboundPolicyConfig;
  /** Alarm name prefix of the app. */
  readonly alarmPrefix: string;
  readonly notifications: OpsNotifications;
  /** @default DEFAULT_SECURITY_THRESHOLDS */
  readonly thresholds?: Partial<SecurityAlarmThresholds>;
  /** Functions summed per metric. @default DEFAULT_SECURITY_EMITTERS */
  readonly emitters?: Partial<SecurityEmitters>;
  /** Base URL prepended to runbook paths in alarm descriptions. @default paths only */
  readonly runbookBaseUrl?: string;
}

/** One alarmed security signal: what the dashboard graphs next to its alarm. */
export interface SecuritySignal {
  /** Graph title. */
  readonly title: string;
  readonly alarm: cloudwatch.Alarm;
  /** The alarmed metric (a sum over functions, or the SNS spend metric). */
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
}

/**
 * Alarms on the security signals the handlers emit (EMF, namespace `ContactCentre`, dimension
 * `function` only; each alarm sums its functions with metric math): authentication failures,
 * lockouts and any hard lock, rate-limited and budget-refused requests, number-policy refusals, SMS
 * and callback volume against the stage's hourly budgets, and the account's month-to-date SMS spend
 * (`AWS/SNS` `SMSMonthToDateSpentUSD`) against the SNS monthly spend limit. Missing data is not
 * breaching: no traffic is no signal.
 */
export class SecurityAlarms extends Construct {
  /** Every alarm of this construct. */
  readonly all: readonly cloudwatch.Alarm[];
  /** The signals in dashboard order. */
  readonly signals: readonly SecuritySignal[];
  readonly thresholds: SecurityAlarmThresholds;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);
    const t = { ...DEFAULT_SECURITY_THRESHOLDS, ...(props.thresholds ?? {}) };
    const problems: string[] = [];
    for (const field of [
      'authFailuresPer5Minutes',
      'lockoutsPer5Minutes',
      'rateLimitedPer5Minutes',
      'numberRefusalsPer5Minutes',
    ] as const) {
      if (!(Number.isInteger(t[field]) && t[field] >= 1))
        problems.push(`security alarm threshold ${field} is ${t[field]}; use an integer of at least 1`);
    }
    for (const field of ['smsHourlyFraction', 'callbackHourlyFraction', 'spendFraction'] as const) {
      if (!(t[field] > 0 && t[field] <= 1))
        problems.push(`security alarm threshold ${field} is ${t[field]}; use a share in (0, 1], such as 0.8`);
    }
    const { smsPerHour, callbacksPerHour, smsMonthlySpendLimitUsd } = props.outbound;
    for (const [field, value] of Object.entries({ smsPerHour, callbacksPerHour, smsMonthlySpendLimitUsd })) {
      if (!(Number.isFinite(value) && value > 0))
        problems.push(`outbound.${field} is ${value}; security alarms need a positive number`);
    }
    const emitters: SecurityEmitters = { ...DEFAULT_SECURITY_EMITTERS, ...(props.emitters ?? {}) };
    for (const [metric, names] of Object.entries(emitters)) {
      if (names.length === 0 || names.length > MAX_ALARM_METRICS)
        problems.push(
          `security metric ${metric} lists ${names.length} functions; list 1-${MAX_ALARM_METRICS} (one alarm sums at most ${MAX_ALARM_METRICS} metrics)`,
        );
      if (new Set(names).size !== names.length)
        problems.push(
          `security metric ${metric} lists a function twice (${names.join(', ')}); list each once`,
        );
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.thresholds = t;

    const all: cloudwatch.Alarm[] = [];
    const signals: SecuritySignal[] = [];
    const alarm = (spec: {
      constructId: string;
      name: string;
      kind: RunbookKind;
      title: string;
      summary: string;
      metric: cloudwatch.IMetric;
      threshold: number;
    }): cloudwatch.Alarm => {
      const created = props.notifications.watch(
        new cloudwatch.Alarm(this, spec.constructId, {
          alarmName: `${props.alarmPrefix}-${spec.name}`,
          alarmDescription: alarmDescription(spec.summary, spec.kind, props.runbookBaseUrl),
          metric: spec.metric,
          threshold: spec.threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
      all.push(created);
      signals.push({ title: spec.title, alarm: created, metric: spec.metric, threshold: spec.threshold });
      return created;
    };
    const fiveMinutes = Duration.minutes(5);
    const hour = Duration.hours(1);
    const sum = (metric: SecurityMetric, period: Duration) =>
      sumOverFunctions(metric, emitters[metric], period);
    const list = (metric: SecurityMetric) => emitters[metric].join(', ');

    alarm({
      constructId: 'AuthFailures',
      name: 'security-auth-failures',
      kind: 'security-auth-failures',
      title: 'Wrong PINs and OTPs (per 5 minutes)',
      summary: `At least ${t.authFailuresPer5Minutes} wrong PINs or OTPs in 5 minutes (${SECURITY_METRICS.authFailure}, ${list(SECURITY_METRICS.authFailure)}): guessing or credential stuffing, or a fault making right answers fail.`,
      metric: sum(SECURITY_METRICS.authFailure, fiveMinutes),
      threshold: t.authFailuresPer5Minutes,
    });
    alarm({
      constructId: 'AuthLockouts',
      name: 'security-auth-lockouts',
      kind: 'security-auth-lockouts',
      title: 'Temporary locks set (per 5 minutes)',
      summary: `At least ${t.lockoutsPer5Minutes} temporary PIN/OTP locks set in 5 minutes (${SECURITY_METRICS.authLockout}): guessing across many accounts or customers.`,
      metric: sum(SECURITY_METRICS.authLockout, fiveMinutes),
      threshold: t.lockoutsPer5Minutes,
    });
    alarm({
      constructId: 'AuthHardLocks',
      name: 'security-auth-hard-locks',
      kind: 'security-auth-hard-locks',
      title: 'Hard locks set (per 5 minutes)',
      summary: `A PIN or OTP was hard-locked (${SECURITY_METRICS.authHardLock}): only an operator releases it, and the customer cannot authenticate in the IVR until then.`,
      metric: sum(SECURITY_METRICS.authHardLock, fiveMinutes),
      threshold: 1,
    });
    alarm({
      constructId: 'RateLimited',
      name: 'security-rate-limited',
      kind: 'security-rate-limited',
      title: 'Requests refused by a per-number/caller/customer limit (per 5 minutes)',
      summary: `At least ${t.rateLimitedPer5Minutes} SMS or callback requests in 5 minutes were refused by a per-number, per-caller or per-customer limit (${SECURITY_METRICS.rateLimited}): SMS pumping or callback flooding attempts.`,
      metric: sum(SECURITY_METRICS.rateLimited, fiveMinutes),
      threshold: t.rateLimitedPer5Minutes,
    });
    alarm({
      constructId: 'BudgetExhausted',
      name: 'security-budget-exhausted',
      kind: 'security-budget-exhausted',
      title: 'Requests refused by the global SMS/callback budget (per 5 minutes)',
      summary: `The global SMS or callback budget (${props.outbound.smsPerHour} SMS/h, ${props.outbound.smsPerDay} SMS/day, ${props.outbound.callbacksPerHour} callbacks/h, ${props.outbound.callbacksPerDay} callbacks/day) refused a request (${SECURITY_METRICS.budgetExhausted}): genuine customers no longer get OTPs, links or callbacks.`,
      metric: sum(SECURITY_METRICS.budgetExhausted, fiveMinutes),
      threshold: 1,
    });
    alarm({
      constructId: 'NumberRefusals',
      name: 'security-number-refusals',
      kind: 'security-number-refusals',
      title: 'Numbers refused by the outbound number policy (per 5 minutes)',
      summary: `At least ${t.numberRefusalsPer5Minutes} numbers in 5 minutes were refused by the outbound number policy (countries ${props.outbound.countries.join(', ')}; ${SECURITY_METRICS.numberRefused}): premium-rate or foreign numbers being tried.`,
      metric: sum(SECURITY_METRICS.numberRefused, fiveMinutes),
      threshold: t.numberRefusalsPer5Minutes,
    });
    const smsThreshold = Math.max(1, Math.floor(smsPerHour * t.smsHourlyFraction));
    alarm({
      constructId: 'SmsVolume',
      name: 'security-sms-volume',
      kind: 'security-sms-volume',
      title: `SMS sent per hour (global budget ${smsPerHour}/h)`,
      summary: `At least ${smsThreshold} SMS sent in an hour (${Math.round(t.smsHourlyFraction * 100)} % of the global budget of ${smsPerHour}/h; ${SECURITY_METRICS.smsSent}): the budget will soon refuse genuine customers, or SMS is being pumped.`,
      metric: sum(SECURITY_METRICS.smsSent, hour),
      threshold: smsThreshold,
    });
    const callbackThreshold = Math.max(1, Math.floor(callbacksPerHour * t.callbackHourlyFraction));
    alarm({
      constructId: 'CallbackVolume',
      name: 'security-callback-volume',
      kind: 'security-callback-volume',
      title: `Callbacks requested per hour (global budget ${callbacksPerHour}/h)`,
      summary: `At least ${callbackThreshold} callbacks accepted in an hour (${Math.round(t.callbackHourlyFraction * 100)} % of the global budget of ${callbacksPerHour}/h; ${SECURITY_METRICS.callbackRequested}): a queue surge, or callbacks used to dial numbers at the contact centre's cost.`,
      metric: sum(SECURITY_METRICS.callbackRequested, hour),
      threshold: callbackThreshold,
    });
    const spendThreshold = Math.round(smsMonthlySpendLimitUsd * t.spendFraction * 100) / 100;
    alarm({
      constructId: 'SmsSpend',
      name: 'security-sms-spend',
      kind: 'security-sms-spend',
      title: `SMS spend this month, USD (limit ${smsMonthlySpendLimitUsd})`,
      summary: `The account's SMS spend this month reached ${spendThreshold} USD (${Math.round(t.spendFraction * 100)} % of the SNS monthly spend limit of ${smsMonthlySpendLimitUsd} USD; AWS/SNS SMSMonthToDateSpentUSD): at the limit SNS stops sending every SMS of the account, OTPs included.`,
      // Account-wide, per Region, no dimensions ("Amazon SNS metrics", Amazon SNS Developer Guide:
      // https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html).
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: cloudwatch.Stats.MAXIMUM,
        period: hour,
      }),
      threshold: spendThreshold,
    });
    this.all = all;
    this.signals = signals;
  }
}

/**
 * A security metric summed over the functions that emit it, each missing value filled with 0 (a
 * function that saw no such event publishes nothing).
 */
export function sumOverFunctions(
  metricName: SecurityMetric,
  functionNames: readonly string[],
  period: Duration,
): cloudwatch.MathExpression {
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  functionNames.forEach((name, index) => {
    usingMetrics[`m${index}`] = new cloudwatch.Metric({
      namespace: SECURITY_NAMESPACE,
      metricName,
      dimensionsMap: { function: name },
      statistic: cloudwatch.Stats.SUM,
      period,
    });
  });
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((key) => `FILL(${key}, 0)`)
      .join(' + '),
    usingMetrics,
    label: `${metricName} (${functionNames.join(', ')})`,
    period,
  });
}
