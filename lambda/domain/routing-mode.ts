/**
 * routing-mode: turns CloudWatch "Alarm State Change" events of the per-queue alarms into the
 * alarm-driven routing mode of each queue (the RoutingState item `routing-context` reads).
 *
 * Pure: the alarm naming convention (shared with the CDK constructs, which cannot be imported by
 * Lambda code), the event parser and the state transition. The handler (`lambda/routing-mode/`)
 * reads the item, calls {@link applyAlarmEvent} and writes the result conditionally.
 *
 * Rules:
 * - each queue has two alarms (wait and size); the queue is under load while any of them is in ALARM
 *   (`alarmsInAlarm`), then its mode is the queue's configured under-load mode, otherwise NORMAL;
 * - events are ordered per alarm by the state-change timestamp: an event not newer than the last one
 *   applied for the same alarm is a duplicate (same event id) or stale, and changes nothing;
 * - an operator override is never touched here (`routing-context` lets it win while active);
 * - malformed, foreign and unknown events are ignored with a reason, never turned into a mode.
 */
import * as z from 'zod/mini';
import { ROUTING_MODES, type RoutingMode } from '../../lib/integrations/contracts';
import type { RoutingOverride } from './ports';
import { ANNOUNCEMENT_QUEUE, effectiveMode, QUEUE_ID_PATTERN, untilMs } from './routing';

/** The two alarms every queue has: `LongestQueueWaitTime` (wait) and `QueueSize` (size). */
export const QUEUE_ALARM_METRICS = ['wait', 'size'] as const;
export type QueueAlarmMetric = (typeof QUEUE_ALARM_METRICS)[number];

/** The CloudWatch metric behind each queue alarm. */
export const QUEUE_ALARM_METRIC_NAMES: Readonly<Record<QueueAlarmMetric, string>> = {
  wait: 'LongestQueueWaitTime',
  size: 'QueueSize',
};

/** Modes a queue can be switched to under load (everything but NORMAL). */
export const UNDER_LOAD_MODES = ['CALLBACK', 'OVERFLOW', 'DEFLECT'] as const;
export type UnderLoadMode = (typeof UNDER_LOAD_MODES)[number];

/** Alarm name prefixes: start with a letter or digit; letters, digits, `-`, `_`, `.`; at most 100. */
export const ALARM_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Longest `reason` stored on the item. */
export const MAX_REASON_LENGTH = 300;

/** The `detail-type` of CloudWatch alarm state change events. */
export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

/**
 * EMF metrics of the routing-mode function (namespace `ContactCentre`, plus the Powertools
 * `service` dimension): a mode change per queue and mode, and ignored events per reason.
 */
export const ROUTING_METRICS = {
  /** Count; dimensions `queue`, `mode` (the new alarm-driven mode). */
  modeChanged: 'RoutingModeChanged',
  /** Count; dimension `reason` (an {@link IgnoreReason}). */
  eventIgnored: 'RoutingEventIgnored',
} as const;

/** Whether a value is one of the under-load modes. */
export function isUnderLoadMode(value: unknown): value is UnderLoadMode {
  return typeof value === 'string' && (UNDER_LOAD_MODES as readonly string[]).includes(value);
}

/** Whether a value is a routing mode (NORMAL included). */
export function isRoutingMode(value: unknown): value is RoutingMode {
  return typeof value === 'string' && (ROUTING_MODES as readonly string[]).includes(value);
}

function checkPrefix(prefix: string): void {
  if (!ALARM_PREFIX_PATTERN.test(prefix)) {
    throw new Error(
      `alarm prefix ${JSON.stringify(prefix)} is invalid; use 1-100 letters, digits, '-', '_' or '.', starting with a letter or digit`,
    );
  }
}

/**
 * The common prefix of every queue alarm of an app (`<prefix>-queue-`): the EventBridge rule matches
 * on it, so no other alarm of the app or the account reaches the routing-mode function.
 */
export function queueAlarmPrefix(prefix: string): string {
  checkPrefix(prefix);
  return `${prefix}-queue-`;
}

/** The name of a queue alarm: `<prefix>-queue-<queueId>-<wait|size>`. */
export function queueAlarmName(prefix: string, queueId: string, metric: QueueAlarmMetric): string {
  if (!QUEUE_ID_PATTERN.test(queueId) || queueId === ANNOUNCEMENT_QUEUE) {
    throw new Error(`queue id ${JSON.stringify(queueId)} is invalid; use 1-64 letters, digits, '_' or '-'`);
  }
  return `${queueAlarmPrefix(prefix)}${queueId}-${metric}`;
}

/** The queue and metric of a queue alarm name of this app; undefined for any other name. */
export function parseQueueAlarmName(
  prefix: string,
  alarmName: string,
): { readonly queueId: string; readonly metric: QueueAlarmMetric } | undefined {
  const start = queueAlarmPrefix(prefix);
  if (!alarmName.startsWith(start)) return undefined;
  const match = /^(.+)-(wait|size)$/.exec(alarmName.slice(start.length));
  if (!match || !QUEUE_ID_PATTERN.test(match[1])) return undefined;
  return { queueId: match[1], metric: match[2] as QueueAlarmMetric };
}

/** Alarm states CloudWatch reports. */
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The fields of an alarm state change event the routing loop uses. */
export interface AlarmStateChange {
  /** EventBridge event id (the same on a redelivery). */
  readonly eventId: string;
  readonly alarmName: string;
  readonly state: AlarmState;
  readonly previousState?: AlarmState;
  /** CloudWatch's explanation (`Threshold Crossed: ...`). */
  readonly reason?: string;
  /** When the alarm changed state (`detail.state.timestamp`, else the event `time`), epoch ms. */
  readonly changedAt: number;
}

/** Why an event was not applied. */
export type IgnoreReason =
  'malformed' | 'foreign' | 'unknown-alarm' | 'unknown-queue' | 'insufficient-data' | 'duplicate' | 'stale';

/** Result of parsing a raw event. */
export type ParsedEvent =
  | { readonly ok: true; readonly event: AlarmStateChange }
  | { readonly ok: false; readonly reason: 'malformed' | 'foreign'; readonly detail: string };

const stateValue = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
const bounded = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const eventSchema = z.object({
  id: bounded(128),
  time: bounded(64),
  detail: z.object({
    alarmName: bounded(255),
    state: z.object({
      value: stateValue,
      reason: z.optional(z.string()),
      timestamp: z.optional(z.string().check(z.maxLength(64))),
    }),
    previousState: z.optional(z.object({ value: z.optional(stateValue) })),
  }),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses an EventBridge event. Anything not from `aws.cloudwatch` with detail-type
 * `CloudWatch Alarm State Change` is `foreign`; a state change event missing or mistyping a field
 * the loop needs (or with an unparseable time) is `malformed`. Never throws.
 */
export function parseAlarmEvent(raw: unknown): ParsedEvent {
  if (!isRecord(raw)) return { ok: false, reason: 'malformed', detail: 'event is not an object' };
  if (raw.source !== 'aws.cloudwatch' || raw['detail-type'] !== ALARM_STATE_CHANGE) {
    return {
      ok: false,
      reason: 'foreign',
      detail: `source ${JSON.stringify(raw.source)} detail-type ${JSON.stringify(raw['detail-type'])}`.slice(
        0,
        200,
      ),
    };
  }
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const paths = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return { ok: false, reason: 'malformed', detail: `invalid fields: ${paths}`.slice(0, 200) };
  }
  const { id, time, detail } = parsed.data;
  const changedAt = parseTime(detail.state.timestamp) ?? parseTime(time);
  if (changedAt === undefined) return { ok: false, reason: 'malformed', detail: 'no parseable state time' };
  return {
    ok: true,
    event: {
      eventId: id,
      alarmName: detail.alarmName,
      state: detail.state.value,
      previousState: detail.previousState?.value,
      reason: detail.state.reason,
      changedAt,
    },
  };
}

/** Epoch ms of a CloudWatch time (`2019-10-02T17:04:40.989+0000` or ISO 8601); undefined if unparseable. */
export function parseTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // CloudWatch writes offsets without a colon (+0000), which not every Date parser accepts.
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(normalised))
    return undefined;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** What the routing loop keeps per alarm, to order events and explain the state. */
export interface AlarmRecord {
  readonly state: AlarmState;
  /** Epoch ms of the state change. */
  readonly changedAt: number;
  readonly eventId: string;
}

/** A queue's RoutingState item as the routing-mode function reads and writes it. */
export interface QueueRoutingState {
  readonly queue: string;
  /** Alarm-driven mode. */
  readonly mode?: string;
  /** ISO time the alarm-driven mode last changed. */
  readonly since?: string;
  readonly reason?: string;
  /** The alarm whose event was applied last. */
  readonly alarm?: string;
  /** ISO time and id of the last applied event. */
  readonly eventTime?: string;
  readonly eventId?: string;
  /** Names of this queue's alarms currently in ALARM (a DynamoDB string set; absent when empty). */
  readonly alarmsInAlarm?: ReadonlySet<string> | readonly string[];
  /** Last applied state change per alarm name. */
  readonly alarms?: Readonly<Record<string, AlarmRecord>>;
  /** Optimistic-concurrency counter of the routing-mode function's writes. */
  readonly version?: number;
  /** Operator override: never written here, only reported. */
  readonly override?: RoutingOverride;
}

/** The attributes the routing-mode function writes (everything but queue, override and version). */
export interface RoutingStateUpdate {
  readonly queue: string;
  readonly mode: RoutingMode;
  readonly since: string;
  readonly reason: string;
  readonly alarm: string;
  readonly eventTime: string;
  readonly eventId: string;
  readonly alarmsInAlarm: readonly string[];
  readonly alarms: Readonly<Record<string, AlarmRecord>>;
}

/** The outcome of applying one event to a queue's state. */
export type Transition =
  | {
      readonly kind: 'ignored';
      readonly reason: IgnoreReason;
      readonly queue?: string;
      readonly detail: string;
    }
  | {
      readonly kind: 'apply';
      readonly queue: string;
      readonly update: RoutingStateUpdate;
      /** The alarm-driven mode before and after. */
      readonly previousMode: RoutingMode;
      readonly changed: boolean;
      /** The mode callers get (an active override wins). */
      readonly effectiveMode: RoutingMode;
      readonly overrideActive: boolean;
    };

/** Configuration of the routing loop. */
export interface RoutingModeConfig {
  /** Alarm name prefix of this app (see {@link queueAlarmName}). */
  readonly alarmPrefix: string;
  /** The configured under-load mode of every queue, by queue id. */
  readonly queueModes: Readonly<Record<string, UnderLoadMode>>;
}

/** Resolves an event to its queue; an ignore reason for alarms and queues this app does not route. */
export function routeEvent(
  config: RoutingModeConfig,
  event: AlarmStateChange,
):
  | {
      readonly ok: true;
      readonly queueId: string;
      readonly metric: QueueAlarmMetric;
      readonly mode: UnderLoadMode;
    }
  | { readonly ok: false; readonly reason: IgnoreReason; readonly queue?: string; readonly detail: string } {
  const parsed = parseQueueAlarmName(config.alarmPrefix, event.alarmName);
  if (!parsed)
    return {
      ok: false,
      reason: 'unknown-alarm',
      detail: `alarm ${event.alarmName} is not a queue alarm of this app`,
    };
  const mode = Object.prototype.hasOwnProperty.call(config.queueModes, parsed.queueId)
    ? config.queueModes[parsed.queueId]
    : undefined;
  if (!mode) {
    return {
      ok: false,
      reason: 'unknown-queue',
      queue: parsed.queueId,
      detail: `queue ${parsed.queueId} of alarm ${event.alarmName} has no configured mode`,
    };
  }
  return { ok: true, queueId: parsed.queueId, metric: parsed.metric, mode };
}

function describeEvent(event: AlarmStateChange, metric: QueueAlarmMetric): string {
  const cause = event.reason ? `: ${event.reason}` : '';
  return `${QUEUE_ALARM_METRIC_NAMES[metric]} alarm ${event.alarmName} ${event.state}${cause}`;
}

/**
 * Applies one alarm event to a queue's current state (undefined when the queue has no item yet).
 * Pure: the caller writes `update` only if the item is still at the version it read.
 */
export function applyAlarmEvent(
  config: RoutingModeConfig,
  current: QueueRoutingState | undefined,
  event: AlarmStateChange,
  now: number,
): Transition {
  const route = routeEvent(config, event);
  if (!route.ok) return { kind: 'ignored', reason: route.reason, queue: route.queue, detail: route.detail };
  const { queueId, metric, mode: underLoadMode } = route;
  if (event.state === 'INSUFFICIENT_DATA') {
    // Not evidence of load or of its end: keep the current mode.
    return {
      kind: 'ignored',
      reason: 'insufficient-data',
      queue: queueId,
      detail: `${event.alarmName} has insufficient data`,
    };
  }
  const last = current?.alarms?.[event.alarmName];
  if (last && event.changedAt <= last.changedAt) {
    const duplicate =
      last.eventId === event.eventId || (last.changedAt === event.changedAt && last.state === event.state);
    return {
      kind: 'ignored',
      reason: duplicate ? 'duplicate' : 'stale',
      queue: queueId,
      detail: `${event.alarmName} ${event.state} at ${new Date(event.changedAt).toISOString()} is not newer than the applied ${last.state} at ${new Date(last.changedAt).toISOString()}`,
    };
  }

  // Only this queue's current alarm names count: a name left over from an earlier prefix must not
  // hold the queue in its under-load mode forever.
  const names = new Set(QUEUE_ALARM_METRICS.map((m) => queueAlarmName(config.alarmPrefix, queueId, m)));
  const inAlarm = new Set([...(current?.alarmsInAlarm ?? [])].filter((name) => names.has(name)));
  if (event.state === 'ALARM') inAlarm.add(event.alarmName);
  else inAlarm.delete(event.alarmName);
  const alarmsInAlarm = [...inAlarm].sort();

  const previousMode: RoutingMode = isRoutingMode(current?.mode) ? current.mode : 'NORMAL';
  const mode: RoutingMode = alarmsInAlarm.length > 0 ? underLoadMode : 'NORMAL';
  const changed = mode !== previousMode;
  const eventTime = new Date(event.changedAt).toISOString();
  const others = alarmsInAlarm.filter((name) => name !== event.alarmName);
  const still = event.state === 'OK' && others.length > 0 ? `; still in ALARM: ${others.join(', ')}` : '';
  const reason = `${describeEvent(event, metric)}${still}`.slice(0, MAX_REASON_LENGTH);

  const update: RoutingStateUpdate = {
    queue: queueId,
    mode,
    since: changed || !current?.since ? eventTime : current.since,
    reason,
    alarm: event.alarmName,
    eventTime,
    eventId: event.eventId,
    alarmsInAlarm,
    alarms: {
      ...(current?.alarms ?? {}),
      [event.alarmName]: { state: event.state, changedAt: event.changedAt, eventId: event.eventId },
    },
  };
  const override = current?.override;
  const overrideActive =
    override !== undefined &&
    isRoutingMode(override.mode) &&
    (override.until === undefined || (untilMs(override.until) ?? 0) > now);
  return {
    kind: 'apply',
    queue: queueId,
    update,
    previousMode,
    changed,
    effectiveMode: effectiveMode({ queue: queueId, mode, override }, now),
    overrideActive,
  };
}

/** Invalid `QUEUE_MODES` or `ALARM_PREFIX` configuration (a deployment fault, not bad input). */
export class RoutingConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingConfigError';
  }
}

/**
 * Reads the routing loop's configuration from the function environment.
 * @throws RoutingConfigError naming the bad variable.
 */
export function routingModeConfigFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): RoutingModeConfig {
  const alarmPrefix = env.ALARM_PREFIX ?? '';
  if (!ALARM_PREFIX_PATTERN.test(alarmPrefix)) {
    throw new RoutingConfigError(
      `ALARM_PREFIX ${JSON.stringify(alarmPrefix)} is not a valid alarm name prefix`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.QUEUE_MODES ?? '');
  } catch {
    throw new RoutingConfigError(
      'QUEUE_MODES is not JSON; expected {"<queueId>": "CALLBACK|OVERFLOW|DEFLECT"}',
    );
  }
  if (!isRecord(parsed)) {
    throw new RoutingConfigError(
      'QUEUE_MODES must be a JSON object of queue id to CALLBACK, OVERFLOW or DEFLECT',
    );
  }
  const queueModes: Record<string, UnderLoadMode> = {};
  for (const [queueId, mode] of Object.entries(parsed)) {
    if (!QUEUE_ID_PATTERN.test(queueId) || !isUnderLoadMode(mode)) {
      throw new RoutingConfigError(
        `QUEUE_MODES entry ${JSON.stringify(queueId)}: ${JSON.stringify(mode)} is invalid; queue ids are 1-64 of [A-Za-z0-9_-], modes CALLBACK, OVERFLOW or DEFLECT`,
      );
    }
    queueModes[queueId] = mode;
  }
  return { alarmPrefix, queueModes };
}
