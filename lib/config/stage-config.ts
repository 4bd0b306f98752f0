/**
 * Typed stage configuration (`-c stage=dev|prod`).
 *
 * A stage is a plain typed object; `validateStageConfig` checks every field before any construct is
 * built, so a bad value fails synth with one sentence naming the field, the value and what is allowed.
 */
import { isSupportedCountry } from 'libphonenumber-js/max';

/** Log retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Queue-wait alarm thresholds, applied per queue unless a queue overrides them in the journey map. */
export interface QueueAlarmThresholds {
  /** `LongestQueueWaitTime` (Maximum, seconds) above which the queue is considered congested. */
  readonly longestWaitSeconds: number;
  /** `QueueSize` (Maximum, contacts) above which the queue is considered congested. */
  readonly queueSize: number;
  /** Number of 1-minute periods evaluated (N of "M of N"). */
  readonly evaluationPeriods: number;
  /** Breaching datapoints needed to alarm (M of "M of N"). */
  readonly datapointsToAlarm: number;
}

/** Optional phone number to claim and associate with the inbound flow. */
export interface PhoneNumberConfig {
  /** ISO 3166-1 alpha-2 country code, e.g. `GB`. */
  readonly countryCode: string;
  readonly type: 'DID' | 'TOLL_FREE';
}

/**
 * Number types of libphonenumber-js (`getType()`), used by the outbound number policy. Everything
 * not listed in a policy is refused: PREMIUM_RATE, SHARED_COST, PERSONAL_NUMBER, UAN, VOIP, PAGER,
 * VOICEMAIL, TOLL_FREE and numbers of unknown type unless a stage allows them.
 */
export const NUMBER_TYPES = [
  'MOBILE',
  'FIXED_LINE',
  'FIXED_LINE_OR_MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'PERSONAL_NUMBER',
  'UAN',
  'VOIP',
  'PAGER',
  'VOICEMAIL',
] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

/**
 * One policy for every number the contact centre texts or calls back (SMS links, OTP, password
 * reset, IVR callbacks, web callbacks), and the global budgets that cap spend if it is abused.
 */
export interface OutboundPolicyConfig {
  /** ISO 3166-1 alpha-2 countries SMS and callbacks may go to, e.g. `['GB', 'IE']`. */
  readonly countries: readonly string[];
  /** Number types an SMS may go to. @default ['MOBILE', 'FIXED_LINE_OR_MOBILE'] */
  readonly smsNumberTypes?: readonly NumberType[];
  /** Number types a callback may dial. @default ['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE'] */
  readonly callbackNumberTypes?: readonly NumberType[];
  /** Global SMS budget (all purposes) per hour and per day. */
  readonly smsPerHour: number;
  readonly smsPerDay: number;
  /** Global callback budget (IVR and web together) per hour and per day. */
  readonly callbacksPerHour: number;
  readonly callbacksPerDay: number;
  /**
   * Accept the ranges regulators reserve for drama (Ofcom 07700 900xxx, Arcep 06 39 98 xx xx) as
   * mobiles, so demo customers work end to end in a test stage. Nobody owns them; never needed in
   * production. @default false
   */
  readonly allowFictionalNumbers?: boolean;
  /** SNS account-level monthly SMS spend limit (USD), set at deploy; an alarm fires at 80 %. */
  readonly smsMonthlySpendLimitUsd: number;
}

/** One stage of the application. */
export interface StageConfig {
  /** Stage name, used as a prefix of stack names. */
  readonly stage: string;
  /** Amazon Connect instance alias: globally unique, lowercase letters, digits and hyphens. */
  readonly instanceAlias: string;
  /**
   * Fixed deployment environment. Leave both unset to keep synth environment-agnostic
   * (no account or region lookups, no credentials needed).
   */
  readonly account?: string;
  readonly region?: string;
  /** Run Lambda functions in an isolated VPC with endpoints (compliance-first default). */
  readonly lambdasInVpc: boolean;
  /** Retention of every log group the app creates, in days. */
  readonly logRetentionDays: number;
  /** Reserved concurrency per integration function; 0 disables the reservation. */
  readonly reservedConcurrency: number;
  /** Days an AWS Backup recovery point is kept. */
  readonly backupRetentionDays: number;
  /** Days call recordings and chat transcripts are kept. */
  readonly recordingRetentionDays: number;
  /** Seconds a contact waits in a primary queue before the overflow agent pool may take it. */
  readonly overflowDelaySeconds: number;
  /** Alphanumeric SMS sender id shown to customers (where the destination country supports it). */
  readonly smsSenderId: string;
  /** HTTPS base URL of the self-service pages sent by SMS for deflection. */
  readonly selfServiceBaseUrl: string;
  /** HTTPS base URL of the password reset page. */
  readonly resetBaseUrl: string;
  /** Default queue alarm thresholds. */
  readonly alarms: QueueAlarmThresholds;
  /**
   * Web application firewall of the contact page: the ARN of a CLOUDFRONT-scope web ACL (created in
   * us-east-1) for the distribution, and whether to put a regional web ACL on the API.
   * @default none
   */
  readonly waf?: {
    readonly distributionWebAclArn?: string;
    readonly protectApi?: boolean;
    /**
     * Bot control on web callback requests (needs `protectApi`): a WAF Challenge or CAPTCHA rule on
     * `POST /api/callback`, and the page loads the web ACL's JavaScript integration from
     * `integrationUrl` (console: AWS WAF > Application integration, after the first deploy of the
     * web ACL; `https://<id>.<region>.sdk.awswaf.com/<id>/<id>/challenge.js`, or `jsapi.js` for CAPTCHA).
     * @default none (per-client, per-number and global limits still apply)
     */
    readonly callbackChallenge?: {
      readonly action: 'challenge' | 'captcha';
      readonly integrationUrl: string;
    };
  };
  /** Outbound number policy and global SMS/callback budgets. */
  readonly outbound: OutboundPolicyConfig;
  /** Phone number to claim, or none. */
  readonly phoneNumber?: PhoneNumberConfig;
  /** Tags applied to every resource. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Raised when the stage configuration is invalid; the message is one sentence naming the field. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`stage config field '${field}' is ${JSON.stringify(value) ?? 'undefined'}; allowed: ${allowed}.`);
    this.name = 'ConfigError';
  }
}

const ALIAS = /^[a-z][a-z0-9-]{0,43}[a-z0-9]$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** Regions where Amazon Connect is offered (voice). */
export const CONNECT_REGIONS = [
  'us-east-1',
  'us-west-2',
  'af-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-2',
  'us-gov-west-1',
] as const;

function integerIn(field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(field, value, `an integer from ${min} to ${max}`);
  }
}

/** Most sends or callbacks a global budget may allow (far above any real contact centre's volume). */
const MAX_BUDGET = 10_000_000;

function validateNumberTypes(field: string, value: unknown): void {
  if (value === undefined) return;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((type) => (NUMBER_TYPES as readonly unknown[]).includes(type))
  ) {
    throw new ConfigError(
      field,
      value,
      `a non-empty list of ${NUMBER_TYPES.join(', ')} (or leave it out for the default)`,
    );
  }
}

function validateOutbound(outbound: OutboundPolicyConfig | undefined): void {
  if (outbound === undefined || outbound === null || typeof outbound !== 'object') {
    throw new ConfigError(
      'outbound',
      outbound,
      'an object with countries, smsPerHour, smsPerDay, callbacksPerHour, callbacksPerDay, smsMonthlySpendLimitUsd',
    );
  }
  const countries: unknown = outbound.countries;
  if (!Array.isArray(countries) || countries.length === 0) {
    throw new ConfigError(
      'outbound.countries',
      countries,
      'a non-empty list of ISO 3166-1 alpha-2 codes such as GB',
    );
  }
  countries.forEach((country: unknown, index) => {
    // isSupportedCountry is case sensitive and knows only codes with a numbering plan, so `gb`,
    // `UK` and `EU` are refused here rather than silently refusing every number at run time.
    if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) {
      throw new ConfigError(
        `outbound.countries[${index}]`,
        country,
        'an upper-case ISO 3166-1 alpha-2 code with a numbering plan, such as GB or IE (UK is not a code: use GB)',
      );
    }
  });
  validateNumberTypes('outbound.smsNumberTypes', outbound.smsNumberTypes);
  validateNumberTypes('outbound.callbackNumberTypes', outbound.callbackNumberTypes);
  integerIn('outbound.smsPerHour', outbound.smsPerHour, 1, MAX_BUDGET);
  integerIn('outbound.smsPerDay', outbound.smsPerDay, outbound.smsPerHour, MAX_BUDGET);
  integerIn('outbound.callbacksPerHour', outbound.callbacksPerHour, 1, MAX_BUDGET);
  integerIn('outbound.callbacksPerDay', outbound.callbacksPerDay, outbound.callbacksPerHour, MAX_BUDGET);
  const spend: unknown = outbound.smsMonthlySpendLimitUsd;
  if (typeof spend !== 'number' || !Number.isFinite(spend) || spend <= 0) {
    throw new ConfigError('outbound.smsMonthlySpendLimitUsd', spend, 'a positive number of US dollars');
  }
  const fictional: unknown = outbound.allowFictionalNumbers;
  if (fictional !== undefined && typeof fictional !== 'boolean') {
    throw new ConfigError(
      'outbound.allowFictionalNumbers',
      fictional,
      'true or false (omit it in production)',
    );
  }
}

/**
 * Checks every field of a stage configuration and returns it unchanged.
 * @throws ConfigError naming the first invalid field.
 */
export function validateStageConfig(config: StageConfig): StageConfig {
  if (typeof config.stage !== 'string' || !/^[a-z][a-z0-9]{0,15}$/.test(config.stage)) {
    throw new ConfigError(
      'stage',
      config.stage,
      'lowercase letters and digits, starting with a letter, 1-16 characters',
    );
  }
  if (typeof config.instanceAlias !== 'string' || !ALIAS.test(config.instanceAlias)) {
    throw new ConfigError(
      'instanceAlias',
      config.instanceAlias,
      'lowercase letters, digits and hyphens, 2-45 characters, starting with a letter and not ending with a hyphen',
    );
  }
  if ((config.account === undefined) !== (config.region === undefined)) {
    throw new ConfigError(
      config.account === undefined ? 'account' : 'region',
      undefined,
      'set account and region together, or neither for an environment-agnostic synth',
    );
  }
  if (config.account !== undefined && !ACCOUNT.test(config.account)) {
    throw new ConfigError('account', config.account, 'a 12-digit AWS account id');
  }
  if (config.region !== undefined) {
    if (!REGION.test(config.region)) {
      throw new ConfigError('region', config.region, 'an AWS region name such as eu-west-2');
    }
    if (!(CONNECT_REGIONS as readonly string[]).includes(config.region)) {
      throw new ConfigError(
        'region',
        config.region,
        `a region where Amazon Connect runs (${CONNECT_REGIONS.join(', ')})`,
      );
    }
  }
  if (typeof config.lambdasInVpc !== 'boolean') {
    throw new ConfigError('lambdasInVpc', config.lambdasInVpc, 'true or false');
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(config.logRetentionDays)) {
    throw new ConfigError(
      'logRetentionDays',
      config.logRetentionDays,
      `one of ${LOG_RETENTION_DAYS.join(', ')}`,
    );
  }
  integerIn('reservedConcurrency', config.reservedConcurrency, 0, 1000);
  integerIn('backupRetentionDays', config.backupRetentionDays, 7, 3650);

  integerIn('recordingRetentionDays', config.recordingRetentionDays, 1, 3650);
  integerIn('overflowDelaySeconds', config.overflowDelaySeconds, 0, 9999);
  if (
    typeof config.smsSenderId !== 'string' ||
    !/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(config.smsSenderId)
  ) {
    throw new ConfigError(
      'smsSenderId',
      config.smsSenderId,
      '1-11 letters and digits with at least one letter',
    );
  }
  for (const field of ['selfServiceBaseUrl', 'resetBaseUrl'] as const) {
    const value = config[field];
    if (
      typeof value !== 'string' ||
      !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~/-]*)?$/.test(value) ||
      value.endsWith('/')
    ) {
      throw new ConfigError(field, value, 'an https:// URL without query, fragment or trailing slash');
    }
  }

  const alarms = config.alarms as QueueAlarmThresholds | undefined;
  if (alarms === undefined || typeof alarms !== 'object') {
    throw new ConfigError(
      'alarms',
      alarms,
      'an object with longestWaitSeconds, queueSize, evaluationPeriods, datapointsToAlarm',
    );
  }
  integerIn('alarms.longestWaitSeconds', alarms.longestWaitSeconds, 10, 3600);
  integerIn('alarms.queueSize', alarms.queueSize, 1, 10000);
  integerIn('alarms.evaluationPeriods', alarms.evaluationPeriods, 1, 60);
  integerIn('alarms.datapointsToAlarm', alarms.datapointsToAlarm, 1, alarms.evaluationPeriods);

  if (config.waf !== undefined) {
    const arn = config.waf.distributionWebAclArn;
    if (
      arn !== undefined &&
      !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/.test(arn)
    ) {
      throw new ConfigError(
        'waf.distributionWebAclArn',
        arn,
        'the ARN of a CLOUDFRONT-scope web ACL, which lives in us-east-1 (arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
      );
    }
    const challenge = config.waf.callbackChallenge;
    if (challenge !== undefined) {
      if (challenge.action !== 'challenge' && challenge.action !== 'captcha') {
        throw new ConfigError('waf.callbackChallenge.action', challenge.action, "'challenge' or 'captcha'");
      }
      if (
        typeof challenge.integrationUrl !== 'string' ||
        !/^https:\/\/[a-z0-9.-]+\.sdk\.awswaf\.com\/[\w/-]+\/(challenge|jsapi)\.js$/.test(
          challenge.integrationUrl,
        )
      ) {
        throw new ConfigError(
          'waf.callbackChallenge.integrationUrl',
          challenge.integrationUrl,
          "the web ACL's JavaScript integration URL (https://<id>.<region>.sdk.awswaf.com/.../challenge.js or jsapi.js)",
        );
      }
      if (config.waf.protectApi !== true) {
        throw new ConfigError(
          'waf.protectApi',
          config.waf.protectApi,
          'true when waf.callbackChallenge is set',
        );
      }
    }
    if (config.waf.protectApi !== undefined && typeof config.waf.protectApi !== 'boolean') {
      throw new ConfigError('waf.protectApi', config.waf.protectApi, 'true or false');
    }
  }
  validateOutbound(config.outbound as OutboundPolicyConfig | undefined);
  if (config.phoneNumber !== undefined) {
    if (!/^[A-Z]{2}$/.test(config.phoneNumber.countryCode)) {
      throw new ConfigError(
        'phoneNumber.countryCode',
        config.phoneNumber.countryCode,
        'an ISO 3166-1 alpha-2 code such as GB',
      );
    }
    if (config.phoneNumber.type !== 'DID' && config.phoneNumber.type !== 'TOLL_FREE') {
      throw new ConfigError('phoneNumber.type', config.phoneNumber.type, 'DID or TOLL_FREE');
    }
  }
  if (config.tags === null || typeof config.tags !== 'object') {
    throw new ConfigError('tags', config.tags, 'an object of string keys and values');
  }
  for (const [key, value] of Object.entries(config.tags)) {
    if (!TAG_KEY.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw new ConfigError(
        `tags.${key}`,
        key,
        'a tag key of 1-128 letters, digits, spaces or _.:/=+-@ not starting with aws:',
      );
    }
    if (typeof value !== 'string' || !TAG_VALUE.test(value)) {
      throw new ConfigError(`tags.${key}`, value, 'a tag value of 0-256 letters, digits, spaces or _.:/=+-@');
    }
  }
  return config;
}
