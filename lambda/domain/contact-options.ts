/**
 * Domain of the contact-options API: ranked channels for an intent, web callback requests and page
 * journey events. Receives its ports (routing state, live queue metrics, the callback store, the
 * Connect callback starter) as arguments; imports no AWS SDK.
 *
 * Every rejection is an {@link ApiError} raised before anything is written: an unknown intent, a
 * malformed body, an invalid or barred phone number, a callback the decision does not offer, or a
 * rate limit (the counters and the pending callback are written in one transaction that fails as a
 * whole).
 */
import { createHash } from 'node:crypto';
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
import { describeIssues, type InputProblem } from '../shared/connect-event';
import { normaliseE164 } from './phone';
import type { Clock, RandomSource, RateCounter, RoutingStateRepository } from './ports';
import { callerKey } from './rate-limits';
import { effectiveMode, ANNOUNCEMENT_QUEUE } from './routing';

/** A client error or refusal the API answers with a JSON body; `status` is the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly InputProblem[] = [],
    readonly retryAfterSeconds?: number,
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

/** Pending callbacks and their rate counters (the OtpChallenges table). */
export interface CallbackStore {
  /**
   * Writes the pending callback and increments every counter below its ceiling, all or nothing.
   * `rate-limited` when a counter is at its ceiling: nothing is written.
   */
  reserve(
    pending: PendingCallback,
    counters: readonly RateCounter[],
    ttl: number,
  ): Promise<'written' | 'rate-limited'>;
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

/** Web callbacks allowed per phone number per window. */
export const CALLBACKS_PER_NUMBER = 3;

/** Web callbacks allowed per client (source address) per window. */
export const CALLBACKS_PER_CLIENT = 10;

/** Length of a rate window (seconds). */
export const CALLBACK_WINDOW_SECONDS = 3600;

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
 * Validates a number for a web callback: E.164 (separators and a `00` prefix tolerated), in the
 * journey's country, outside barred ranges. Raises 400 INVALID_PHONE with a message for the form.
 */
export function callbackNumber(model: OmnichannelModel, raw: string): string {
  const e164 = normaliseE164(raw);
  const example = model.callback.allowedPrefixes[0] === '+33' ? '+33 6 12 34 56 78' : '+44 7700 900123';
  if (e164 === undefined) {
    throw new ApiError(
      400,
      'INVALID_PHONE',
      `phone must be an international (E.164) number starting with + and the country code, such as ${example}`,
    );
  }
  const { allowedPrefixes, blockedPrefixes } = model.callback;
  if (allowedPrefixes.length > 0 && !allowedPrefixes.some((p) => e164.startsWith(p))) {
    throw new ApiError(
      400,
      'INVALID_PHONE',
      `we can only call numbers starting with ${allowedPrefixes.join(' or ')}`,
    );
  }
  if (blockedPrefixes.some((p) => e164.startsWith(p))) {
    throw new ApiError(400, 'INVALID_PHONE', 'we cannot call premium-rate or personal numbering ranges');
  }
  return e164;
}

function counter(kind: 'num' | 'client', key: string, max: number, nowMs: number): RateCounter {
  const index = Math.floor(nowMs / 1000 / CALLBACK_WINDOW_SECONDS);
  return { key: `rate#webcb#${kind}#${key}#${index}`, max, ttl: (index + 2) * CALLBACK_WINDOW_SECONDS };
}

/** Pseudonymous key of a client address (never stored raw). */
export function clientKey(address: string): string {
  return createHash('sha256').update(`client:v1:${address}`, 'utf8').digest('base64url').slice(0, 32);
}

/** Rate counters a callback request for this number from this client increments. */
export function callbackCounters(phoneE164: string, client: string, nowMs: number): RateCounter[] {
  return [
    counter('num', callerKey(phoneE164), CALLBACKS_PER_NUMBER, nowMs),
    counter('client', clientKey(client), CALLBACKS_PER_CLIENT, nowMs),
  ];
}

/** Ports of a web callback request. */
export interface CallbackPorts extends ContactOptionsPorts {
  readonly store: CallbackStore;
  readonly callbacks: CallbackPort;
  readonly random: RandomSource;
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
 * Books a web callback: validates, checks the callback is offered now, counts it against the number
 * and the client in one transaction with the pending record, then starts the Connect task.
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
  const phone = callbackNumber(model, body.phone);
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
  const reserved = await ports.store.reserve(pending, callbackCounters(phone, client, now), ttl);
  if (reserved === 'rate-limited') {
    const elapsed = Math.floor(now / 1000) % CALLBACK_WINDOW_SECONDS;
    throw new ApiError(
      429,
      'RATE_LIMITED',
      'too many call back requests for this number or from this device; please try again later',
      [],
      CALLBACK_WINDOW_SECONDS - elapsed,
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
