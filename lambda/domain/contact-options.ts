/**
 * Domain of the contact-options API: ranked channels for an intent, web callback requests and page
 * journey events. Receives its ports (routing state, live queue metrics, the callback store, the
 * Connect callback starter) as arguments; imports no AWS SDK.
 *
 * Every rejection is an {@link ApiError} raised before anything is written: an unknown intent, a
 * malformed body, a number the outbound number policy refuses (`./number-policy.ts`, shared with the
 * IVR), a callback the decision does not offer, or a limit: per number (shared with IVR callbacks),
 * per client (the viewer's address, IPv6 grouped by /64, keyed pseudonym) and the global callback
 * budget (shared with IVR callbacks). The limits and the pending callback are written in one
 * transaction that fails as a whole.
 */
import { isIP } from 'node:net';
import * as z from 'zod/mini';
import { isOpenAt } from '../../lib/journey/hours';
import type { Language } from '../../lib/journey/types';
import { decideChannels, intentOf, UnknownIntentError } from '../../lib/omnichannel/decide';
import {
  journeyMetric,
  JOURNEY_EVENTS,
  PAGE_STEPS,
  type JourneyEvent,
  type JourneyMetric,
} from '../../lib/omnichannel/reporting';
import {
  CHANNELS,
  DEVICES,
  type ChannelDecision,
  type DecisionContext,
  type Device,
  type OmnichannelModel,
  type QueueStatus,
} from '../../lib/omnichannel/types';
import { SEGMENT_PATTERN } from '../../lib/omnichannel/validate';
import { SECURITY, SECURITY_ITEMS } from '../../lib/integrations/contracts';
import { describeIssues, type InputProblem } from '../shared/connect-event';
import { checkOutboundNumber, type NumberPolicy } from './number-policy';
import type {
  Clock,
  LimitRefusal,
  PseudonymPort,
  RandomSource,
  RateLimit,
  RoutingStateRepository,
} from './ports';
import { callbackBudget, callbackNumberLimits, PSEUDONYM, slidingLimits } from './rate-limits';
import { effectiveMode, ANNOUNCEMENT_QUEUE } from './routing';

/** A client error or refusal the API answers with a JSON body; `status` is the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly InputProblem[] = [],
    readonly retryAfterSeconds?: number,
    /** Internal detail for metrics and logs only (never in the response), e.g. `budget-exhausted`. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Live metrics of one queue as the metrics port reports them. */
export interface QueueMetrics {
  readonly estimatedWaitSeconds?: number;
  readonly agentsAvailable?: number;
  readonly agentsOnline?: number;
}

/** Live queue metrics (Connect `GetCurrentMetricData` in production). */
export interface QueueMetricsPort {
  /** Current metrics of these queue ids; a queue missing from the answer has unknown metrics. */
  current(queueIds: readonly string[], signal?: AbortSignal): Promise<Readonly<Record<string, QueueMetrics>>>;
}

/** A callback waiting for the web callback flow to pick up its number. */
export interface PendingCallback {
  readonly ref: string;
  readonly phoneE164: string;
  readonly queueId: string;
  readonly intent: string;
  readonly language: Language;
  readonly createdAt: number;
  /** Epoch ms after which the flow may no longer claim it. */
  readonly expiresAt: number;
}

/** Pending callbacks and their limits (the OtpChallenges table). */
export interface CallbackStore {
  /**
   * Writes the pending callback and counts one send against every limit at `pending.createdAt`, all
   * or nothing. A refusal (a per-subject limit reached, or the global budget spent) writes nothing.
   */
  reserve(
    pending: PendingCallback,
    limits: readonly RateLimit[],
    ttl: number,
  ): Promise<'written' | LimitRefusal>;
  /** Deletes a pending callback that could not be started (best effort). */
  release(ref: string): Promise<void>;
  /** Marks the pending callback used and returns it; undefined when unknown, used or expired at `now`. */
  claim(ref: string, now: number): Promise<PendingCallback | undefined>;
}

/** What the Connect callback starter needs. */
export interface CallbackStart {
  readonly ref: string;
  readonly queueId: string;
  readonly intent: string;
  readonly language: Language;
  /** Idempotency token (a retried request creates one task). */
  readonly clientToken: string;
}

/** Starts the web callback (Connect `StartTaskContact` on the web callback flow in production). */
export interface CallbackPort {
  start(request: CallbackStart, signal?: AbortSignal): Promise<{ readonly contactId: string }>;
}

/** Ports of the contact-options domain. */
export interface ContactOptionsPorts {
  readonly model: OmnichannelModel;
  readonly routing: RoutingStateRepository;
  readonly metrics: QueueMetricsPort;
  readonly clock: Clock;
}

/**
 * Callbacks allowed per phone number in the shortest window, IVR and web together
 * (`SECURITY.callbacksPerNumber`; the items are shared with the IVR's callback-number function).
 */
export const CALLBACKS_PER_NUMBER = SECURITY.callbacksPerNumber[0].max;

/** Web callbacks allowed per client (viewer address, IPv6 by /64) per {@link CALLBACK_WINDOW_SECONDS}. */
export const CALLBACKS_PER_CLIENT = 10;

/** Length of the per-client window (seconds). */
export const CALLBACK_WINDOW_SECONDS = 3600;

/** Partition-key prefix of the per-client limits of web callbacks. */
export const CLIENT_LIMIT_PREFIX = `${SECURITY_ITEMS.webCallbackRate}client#`;

/** How long the flow may take to claim a pending callback (ms). */
export const PENDING_LIFETIME_MS = 15 * 60 * 1000;

/** Partition key of a pending web callback. */
export function pendingKey(ref: string): string {
  return `webcb#${ref}`;
}

/** Opaque references: base64url, 16-43 characters. */
export const CALLBACK_REF_PATTERN = /^[A-Za-z0-9_-]{16,43}$/;

const language = z.enum(['en', 'fr']);
const intentId = z.string().check(z.regex(/^[a-z][a-zA-Z0-9]{0,15}$/));

/** Query of `GET /api/options`. */
export const optionsQuerySchema = z.strictObject({
  intent: intentId,
  lang: z.optional(language),
  device: z.optional(z.enum(['mobile', 'desktop'])),
  segment: z.optional(z.string().check(z.regex(SEGMENT_PATTERN))),
});

/** Body of `POST /api/callback`. */
export const callbackBodySchema = z.strictObject({
  intent: intentId,
  phone: z.string().check(z.minLength(1), z.maxLength(32)),
  lang: z.optional(language),
  device: z.optional(z.enum(['mobile', 'desktop'])),
  requestId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/))),
});

const eventSchema = z.strictObject({
  type: z.enum(JOURNEY_EVENTS),
  intent: intentId,
  channel: z.optional(z.enum(CHANNELS)),
  step: z.optional(z.enum(PAGE_STEPS)),
});

/** Body of `POST /api/events`: 1 to 10 events of the page. */
export const eventsBodySchema = z.strictObject({
  events: z.array(eventSchema).check(z.minLength(1), z.maxLength(10)),
});

/** Query of `GET /api/intents`. */
export const intentsQuerySchema = z.strictObject({ lang: z.optional(language) });

interface SafeParser<T> {
  safeParse(input: unknown):
    | { readonly success: true; readonly data: T }
    | {
        readonly success: false;
        readonly error: { readonly issues: ReadonlyArray<{ code: string; path: PropertyKey[] }> };
      };
}

/** Parses input or raises a 400 naming the fields (never their values). */
export function parseRequest<T>(schema: SafeParser<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = describeIssues(parsed.error.issues);
  const fields = [...new Set(problems.map((p) => p.path || '(body)'))].join(', ');
  throw new ApiError(400, 'INVALID_REQUEST', `the ${what} is invalid: check ${fields}`, problems);
}

function unknownIntent(model: OmnichannelModel, intent: string): ApiError {
  return new ApiError(
    404,
    'UNKNOWN_INTENT',
    `intent '${intent}' is not offered; known intents: ${model.intents.map((i) => i.id).join(', ')}`,
  );
}

/** Routing state and live metrics of the model's queues, as decision input. */
export async function queueStatuses(
  ports: ContactOptionsPorts,
  queueIds: readonly string[],
  signal?: AbortSignal,
): Promise<{ readonly queues: Record<string, QueueStatus>; readonly degraded: boolean }> {
  const now = ports.clock.now();
  const [items, live] = await Promise.all([
    ports.routing.all().then(
      (value) => ({ ok: true as const, value }),
      () => ({ ok: false as const }),
    ),
    ports.metrics.current(queueIds, signal).then(
      (value) => ({ ok: true as const, value }),
      () => ({ ok: false as const }),
    ),
  ]);
  const queues: Record<string, QueueStatus> = {};
  for (const id of queueIds) {
    const item = items.ok
      ? items.value.find((i) => i.queue === id && i.queue !== ANNOUNCEMENT_QUEUE)
      : undefined;
    const metrics = live.ok ? live.value[id] : undefined;
    queues[id] = {
      mode: item ? effectiveMode(item, now) : 'NORMAL',
      ...(metrics?.estimatedWaitSeconds !== undefined
        ? { estimatedWaitSeconds: metrics.estimatedWaitSeconds }
        : {}),
      ...(metrics?.agentsAvailable !== undefined ? { agentsAvailable: metrics.agentsAvailable } : {}),
      ...(metrics?.agentsOnline !== undefined ? { agentsOnline: metrics.agentsOnline } : {}),
    };
  }
  return { queues, degraded: !items.ok || !live.ok };
}

/** Inputs of a web decision. */
export interface WebDecisionInput {
  readonly intent: string;
  readonly language: Language;
  readonly device: Device;
  readonly segment?: string;
}

/** Ranked channels for the contact page; `degraded` when routing state or metrics were unreadable. */
export async function contactOptions(
  ports: ContactOptionsPorts,
  input: WebDecisionInput,
  signal?: AbortSignal,
): Promise<ChannelDecision & { readonly degraded: boolean }> {
  const { model } = ports;
  if (!model.intents.some((i) => i.id === input.intent)) throw unknownIntent(model, input.intent);
  const { queues, degraded } = await queueStatuses(ports, model.queueIds, signal);
  const now = ports.clock.now();
  const context: DecisionContext = {
    now: new Date(now),
    open: isOpenAt(model.hours, new Date(now)),
    queues,
    device: DEVICES.includes(input.device) ? input.device : 'desktop',
    language: input.language,
    ...(input.segment !== undefined ? { segment: input.segment } : {}),
    surface: 'web',
  };
  try {
    return { ...decideChannels(model, input.intent, context), degraded };
  } catch (error) {
    if (error instanceof UnknownIntentError) throw unknownIntent(model, input.intent);
    throw error;
  }
}

/** The language to answer in: the requested one when the model speaks it, else the default. */
export function answerLanguage(model: OmnichannelModel, requested: Language | undefined): Language {
  return requested !== undefined && model.languages.includes(requested) ? requested : model.defaultLanguage;
}

/** The intents for the page's tiles. */
export function intentTiles(
  model: OmnichannelModel,
  lang: Language,
): {
  name: string;
  language: Language;
  languages: readonly Language[];
  phoneNumber: string;
  intents: { id: string; title: string; description?: string }[];
} {
  return {
    name: model.name,
    language: lang,
    languages: model.languages,
    phoneNumber: model.phoneNumber,
    intents: model.intents.map((i) => ({
      id: i.id,
      title: i.title[lang],
      ...(i.description ? { description: i.description[lang] } : {}),
    })),
  };
}

/**
 * Validates a number for a web callback with the outbound number policy (the same rule as IVR
 * callbacks and SMS): international format, an allowed country, an ordinary subscriber type. Raises
 * 400 INVALID_PHONE; every policy refusal (country, type) gets one message, so the form does not
 * become an oracle for how a number is classified.
 */
export function callbackNumber(policy: NumberPolicy, raw: string): string {
  const checked = checkOutboundNumber(raw, 'callback', policy);
  if (checked.ok) return checked.e164;
  if (checked.reason === 'INVALID') {
    throw new ApiError(
      400,
      'INVALID_PHONE',
      'phone must be a valid international number starting with + and the country code, such as +44 7400 123456',
    );
  }
  throw new ApiError(
    400,
    'INVALID_PHONE',
    'we cannot call this number back; please call us instead',
    [],
    undefined,
    'number-refused',
  );
}

/**
 * The per-client group of a viewer IP: an IPv4 address whole, an IPv6 address by its /64 (one
 * customer site or device usually holds a whole /64, so keying full IPv6 addresses would give one
 * attacker 2^64 clients), an IPv4-mapped IPv6 address as its IPv4. Undefined for anything else.
 */
export function clientGroup(ip: string): string | undefined {
  const version = isIP(ip);
  if (version === 4) return `v4:${ip.split('.').map(Number).join('.')}`;
  if (version !== 6) return undefined;
  const groups = ipv6Groups(ip);
  if (!groups) return undefined;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `v4:${[groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.')}`;
  }
  return `v6:${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, ...more] = text.split('::');
  if (more.length > 0) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? undefined : tail ? tail.split(':') : [];
  const all =
    right === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (all.length !== 8) return undefined;
  const groups = all.map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

/**
 * The viewer IP of a `CloudFront-Viewer-Address` value (`ip:port`; an IPv6 address is written
 * without brackets, the port after its last colon; brackets are accepted too). Undefined when the
 * value is not exactly one address and a port.
 */
export function viewerIp(value: string): string | undefined {
  const text = value.trim();
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const [ip, port] = bracketed
    ? [bracketed[1], bracketed[2]]
    : [text.slice(0, text.lastIndexOf(':')), text.slice(text.lastIndexOf(':') + 1)];
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) return undefined;
  return isIP(ip) === 0 ? undefined : ip;
}

/**
 * Limits one web callback counts against: the number's (shared with IVR callbacks), the client's
 * (viewer address group, keyed pseudonym: never stored raw) and the global callback budget (shared
 * with IVR callbacks).
 */
export async function callbackLimits(
  pseudonyms: PseudonymPort,
  phoneE164: string,
  clientGroupKey: string,
  budget: CallbackBudget,
): Promise<RateLimit[]> {
  const [number, client] = await Promise.all([
    callbackNumberLimits(pseudonyms, phoneE164),
    pseudonyms.of(PSEUDONYM.client, clientGroupKey),
  ]);
  return [
    ...number,
    ...slidingLimits(`${CLIENT_LIMIT_PREFIX}${client}`, [
      { max: CALLBACKS_PER_CLIENT, windowSeconds: CALLBACK_WINDOW_SECONDS },
    ]),
    ...callbackBudget(budget.perHour, budget.perDay),
  ];
}

/** The global callback budget of the stage (`OutboundPolicyConfig.callbacksPerHour/PerDay`). */
export interface CallbackBudget {
  readonly perHour: number;
  readonly perDay: number;
}

/** Ports of a web callback request. */
export interface CallbackPorts extends ContactOptionsPorts {
  readonly store: CallbackStore;
  readonly callbacks: CallbackPort;
  readonly random: RandomSource;
  /** Keyed pseudonyms of the number and the client (the KMS HMAC key in production). */
  readonly pseudonyms: PseudonymPort;
  /** The stage's outbound number policy. */
  readonly policy: NumberPolicy;
  /** The stage's global callback budget. */
  readonly budget: CallbackBudget;
}

/** Confirmation of a queued web callback. */
export interface CallbackAccepted {
  readonly status: 'QUEUED';
  readonly message: string;
}

const CONFIRMATION: Readonly<Record<Language, string>> = {
  en: 'Thank you. An adviser will call you back as soon as possible.',
  fr: 'Merci. Un conseiller vous rappellera dès que possible.',
};

/**
 * Books a web callback: validates the number with the outbound policy, checks the callback is offered
 * now, counts it against the number, the client and the global budget in one transaction with the
 * pending record, then starts the Connect task. `client` is the viewer's {@link clientGroup}, taken
 * only from a request that came through CloudFront (the adapter checks the origin secret).
 */
export async function requestCallback(
  ports: CallbackPorts,
  body: z.infer<typeof callbackBodySchema>,
  client: string,
  signal?: AbortSignal,
): Promise<CallbackAccepted> {
  const { model } = ports;
  const lang = answerLanguage(model, body.lang);
  if (!model.intents.some((i) => i.id === body.intent)) throw unknownIntent(model, body.intent);
  const phone = callbackNumber(ports.policy, body.phone);
  const decision = await contactOptions(
    ports,
    { intent: body.intent, language: lang, device: body.device ?? 'desktop' },
    signal,
  );
  const offered = [decision.recommended, ...decision.alternatives].find((o) => o?.channel === 'callback');
  if (!offered) {
    const refused = decision.unavailable.find((o) => o.channel === 'callback');
    throw new ApiError(
      409,
      'CALLBACK_NOT_OFFERED',
      refused
        ? `a call back is not offered right now: ${refused.reason}`
        : `intent '${body.intent}' does not offer a call back`,
    );
  }
  const queueId = offered.queueId ?? intentOf(model, body.intent).queueId;
  const now = ports.clock.now();
  const ref = ports.random.token(18);
  const pending: PendingCallback = {
    ref,
    phoneE164: phone,
    queueId,
    intent: body.intent,
    language: lang,
    createdAt: now,
    expiresAt: now + PENDING_LIFETIME_MS,
  };
  const ttl = Math.floor(now / 1000) + 24 * 3600;
  const limits = await callbackLimits(ports.pseudonyms, phone, client, ports.budget);
  const reserved = await ports.store.reserve(pending, limits, ttl);
  if (reserved !== 'written') {
    // One answer for the number's limit, the client's and the global budget: telling them apart
    // would reveal whether someone else asked for this number recently.
    const elapsed = Math.floor(now / 1000) % CALLBACK_WINDOW_SECONDS;
    throw new ApiError(
      429,
      'RATE_LIMITED',
      'we cannot book more call backs right now; please try again later or call us',
      [],
      CALLBACK_WINDOW_SECONDS - elapsed,
      reserved,
    );
  }
  try {
    await ports.callbacks.start(
      { ref, queueId, intent: body.intent, language: lang, clientToken: body.requestId ?? ref },
      signal,
    );
  } catch (error) {
    await ports.store.release(ref).catch(() => undefined);
    throw error;
  }
  return { status: 'QUEUED', message: CONFIRMATION[lang] };
}

/** Validates page events against the model and maps each to its metric. */
export function journeyEvents(
  model: OmnichannelModel,
  body: z.infer<typeof eventsBodySchema>,
): JourneyMetric[] {
  return body.events.map((e, index) => {
    if (!model.intents.some((i) => i.id === e.intent)) {
      throw new ApiError(400, 'INVALID_REQUEST', `events[${index}].intent '${e.intent}' is not an intent`, [
        { path: `events.${index}.intent`, issue: 'unknown_intent' },
      ]);
    }
    const needsChannel = e.type === 'option-shown' || e.type === 'option-taken';
    if (needsChannel !== (e.channel !== undefined)) {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        `events[${index}].channel is ${needsChannel ? 'required' : 'not allowed'} for type '${e.type}'`,
        [{ path: `events.${index}.channel`, issue: needsChannel ? 'required' : 'not_allowed' }],
      );
    }
    if ((e.type === 'abandoned') !== (e.step !== undefined)) {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        `events[${index}].step is ${e.type === 'abandoned' ? 'required' : 'not allowed'} for type '${e.type}'`,
        [{ path: `events.${index}.step`, issue: e.type === 'abandoned' ? 'required' : 'not_allowed' }],
      );
    }
    const event: JourneyEvent = {
      type: e.type,
      surface: 'web',
      intent: e.intent,
      ...(e.channel ? { channel: e.channel } : {}),
      ...(e.step ? { step: e.step } : {}),
    };
    return journeyMetric(event);
  });
}

/** Claims a pending callback for the web callback flow (single use, within its lifetime). */
export async function claimCallback(
  store: CallbackStore,
  clock: Clock,
  ref: string,
): Promise<{ status: 'FOUND'; callbackNumber: string; queue: string } | { status: 'NOT_FOUND' }> {
  if (!CALLBACK_REF_PATTERN.test(ref)) return { status: 'NOT_FOUND' };
  const pending = await store.claim(ref, clock.now());
  return pending
    ? { status: 'FOUND', callbackNumber: pending.phoneE164, queue: pending.queueId }
    : { status: 'NOT_FOUND' };
}
