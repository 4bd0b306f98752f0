/**
 * Dependencies of the integration handlers. Every handler module exports `createHandler(deps)`
 * taking a `Partial` of (its pick of) {@link IntegrationDeps}; whatever is not given comes from the
 * environment and module-scope clients, so tests and the journey simulator inject only what they
 * replace (clients pointed at DynamoDB Local, an SMS outbox, a clock).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { OutboundPolicyConfig } from '../../lib/config/stage-config';
import { TABLES, type TableId } from '../../lib/data/schema';
import { CALLBACK_COUNTRY_ENV } from '../../lib/journey/environment';
import { OUTBOUND_POLICY_ENV } from '../../lib/integrations/contracts';
import { parseOutboundPolicy } from '../domain/number-policy';
import type { Clock, MacPort, RandomSource, SmsPort } from '../domain/ports';
import { logger, metrics } from './observability';
import { cryptoRandom, systemClock } from './system';

/** Physical table names by logical id. */
export type TableNames = Readonly<Partial<Record<TableId, string>>>;

/** Settings read from the environment. */
export interface IntegrationConfig {
  /** From `TABLES[id].envVar` (CUSTOMERS_TABLE, ACCOUNTS_TABLE, ORDERS_TABLE, OTP_TABLE, ROUTING_TABLE). */
  readonly tables: TableNames;
  /** `MAC_KEY_ID`: id or ARN of the KMS HMAC_256 key. */
  readonly macKeyId?: string;
  /** `SMS_SENDER_ID`: alphanumeric SMS sender id (optional). */
  readonly smsSenderId?: string;
  /** `SELF_SERVICE_BASE_URL`: base of the links sms-link sends. */
  readonly selfServiceBaseUrl?: string;
  /** `RESET_BASE_URL`: the password reset page. */
  readonly resetBaseUrl?: string;
  /**
   * `ROUTING_QUEUE_IDS` (comma-separated, optional): queues routing-context reports as NORMAL when
   * the routing state cannot be read.
   */
  readonly routingQueues: readonly string[];
  /**
   * `HOLIDAY_MESSAGES` (JSON, optional): messages of closure days, spoken by routing-context when no
   * operator announcement is active; `TIME_ZONE` (IANA) decides which day it is.
   */
  readonly holidayMessages?: HolidayMessages;
  /**
   * `OUTBOUND_POLICY` ({@link OUTBOUND_POLICY_ENV}, JSON): the stage's outbound number policy and
   * budgets. Undefined when missing or malformed; every number is then refused (fail closed).
   */
  readonly outbound?: OutboundPolicyConfig;
  /** `JOURNEY_LANGUAGES` (comma-separated, optional): the map's language codes (identify-caller). */
  readonly journeyLanguages?: readonly string[];
  /** `CALLBACK_COUNTRY` (ISO alpha-2, optional): the country of keyed-in callback numbers. */
  readonly callbackCountry?: string;
}

/** Closure-day messages: a message list and the dates (`YYYY-MM-DD`, local) each applies to. */
export interface HolidayMessages {
  readonly timeZone: string;
  readonly messages: readonly Readonly<Record<string, string>>[];
  /** Date -> index into `messages`. */
  readonly dates: Readonly<Record<string, number>>;
}

function parseHolidayMessages(
  json: string | undefined,
  timeZone: string | undefined,
): HolidayMessages | undefined {
  if (!json || !timeZone) return undefined;
  try {
    const parsed = JSON.parse(json) as { messages?: unknown; dates?: unknown };
    if (!Array.isArray(parsed.messages) || typeof parsed.dates !== 'object' || parsed.dates === null)
      return undefined;
    return {
      timeZone,
      messages: parsed.messages as Record<string, string>[],
      dates: parsed.dates as Record<string, number>,
    };
  } catch {
    // A malformed setting must not stop calls: no holiday message is spoken.
    return undefined;
  }
}

/** Everything a handler may depend on. */
export interface IntegrationDeps extends IntegrationConfig {
  readonly doc: DynamoDBDocumentClient;
  readonly kms: KMSClient;
  readonly sns: SNSClient;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** Replaces the KMS MAC port. */
  readonly mac?: MacPort;
  /** Replaces the SNS SMS port (an outbox in tests and the simulator). */
  readonly sms?: SmsPort;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Time budget of one invocation in ms.
   * @default the contract's timeLimitSeconds minus a safety margin
   */
  readonly deadlineMs?: number;
}

/** A required setting was not configured. */
export class ConfigurationError extends Error {
  constructor(setting: string) {
    super(`${setting} is not configured; set it in the function's environment or pass it in deps`);
    this.name = 'ConfigurationError';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The non-empty, trimmed entries of a comma-separated setting. */
function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Reads {@link IntegrationConfig} from environment variables (missing ones stay undefined). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): IntegrationConfig {
  const callbackCountry = nonEmpty(env[CALLBACK_COUNTRY_ENV]);
  const tables: Partial<Record<TableId, string>> = {};
  for (const table of Object.values(TABLES)) {
    const name = nonEmpty(env[table.envVar]);
    if (name) tables[table.id] = name;
  }
  const macKeyId = nonEmpty(env.MAC_KEY_ID);
  const smsSenderId = nonEmpty(env.SMS_SENDER_ID);
  const selfServiceBaseUrl = nonEmpty(env.SELF_SERVICE_BASE_URL);
  const resetBaseUrl = nonEmpty(env.RESET_BASE_URL);
  const holidayMessages = parseHolidayMessages(nonEmpty(env.HOLIDAY_MESSAGES), nonEmpty(env.TIME_ZONE));
  const outbound = parseOutboundPolicy(env[OUTBOUND_POLICY_ENV]);
  return {
    ...(outbound ? { outbound } : {}),
    ...(holidayMessages ? { holidayMessages } : {}),
    tables,
    ...(macKeyId ? { macKeyId } : {}),
    ...(smsSenderId ? { smsSenderId } : {}),
    ...(selfServiceBaseUrl ? { selfServiceBaseUrl } : {}),
    ...(resetBaseUrl ? { resetBaseUrl } : {}),
    ...(nonEmpty(env.JOURNEY_LANGUAGES) ? { journeyLanguages: commaList(env.JOURNEY_LANGUAGES) } : {}),
    ...(callbackCountry ? { callbackCountry } : {}),
    routingQueues: commaList(env.ROUTING_QUEUE_IDS),
  };
}

/** Defaults that need no SDK client: config from the environment, clock, randomness, logger, metrics. */
export function baseDeps(): IntegrationConfig &
  Pick<IntegrationDeps, 'clock' | 'random' | 'logger' | 'metrics'> {
  return { ...configFromEnv(), clock: systemClock, random: cryptoRandom, logger, metrics };
}

/** A table's physical name, or a ConfigurationError naming its environment variable. */
export function tableName(tables: TableNames, id: TableId): string {
  const name = tables[id];
  if (!name) throw new ConfigurationError(TABLES[id].envVar);
  return name;
}

/** A required setting, or a ConfigurationError naming it. */
export function requireSetting(value: string | undefined, setting: string): string {
  if (value === undefined || value === '') throw new ConfigurationError(setting);
  return value;
}
