/**
 * Validation of the omnichannel referential against the journey map it belongs to, in the journey
 * map's style: every rule fails with one sentence naming the field (with the intent id and the
 * solution's position) and what is allowed. Also builds the {@link OmnichannelModel} the decision
 * function and the contact-options function read.
 */
import { ROUTING_MODES, type RoutingMode } from '../integrations/contracts';
import type { JourneyMap, Language, Localized } from '../journey/types';
import { CHANNEL_LABELS } from './messages';
import {
  CHANNEL_SURFACES,
  CHANNELS,
  DEVICES,
  HOURS_RULES,
  QUEUED_CHANNELS,
  type Channel,
  type Device,
  type EligibilityRules,
  type HoursRule,
  type ModelIntent,
  type OmnichannelModel,
  type OmnichannelReferential,
  type ResolvedSolution,
  type SolutionSpec,
} from './types';

/** Raised when the referential is invalid; the message is one sentence naming the field. */
export class ReferentialError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    readonly allowed: string,
  ) {
    super(`omnichannel referential field '${field}' ${problem}; allowed: ${allowed}.`);
    this.name = 'ReferentialError';
  }
}

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** Customer segment names (as `identify-caller` returns them). */
export const SEGMENT_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const HTTPS_URL =
  /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?(\?[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$/;

const show = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

// Not a type guard on purpose: narrowing a readonly array with Array.isArray widens it to any[].
const isList = (value: unknown): boolean => Array.isArray(value);

function localized(
  field: string,
  value: Localized | undefined,
  languages: readonly Language[],
  max = 120,
): void {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new ReferentialError(field, `is ${show(value)}`, `a text for each of ${languages.join(', ')}`);
  }
  for (const lang of languages) {
    const text = (value as Partial<Record<Language, unknown>>)[lang];
    if (typeof text !== 'string' || text.trim().length === 0 || text.length > max) {
      throw new ReferentialError(
        `${field}.${lang}`,
        typeof text === 'string' && text.length > max
          ? `is longer than ${max} characters`
          : 'is missing its translation',
        `a non-empty text of at most ${max} characters in '${lang}'`,
      );
    }
  }
}

function subsetOf<T extends string>(
  field: string,
  value: readonly T[] | undefined,
  allowed: readonly T[],
  what: string,
): void {
  if (value === undefined) return;
  if (!isList(value) || value.length === 0) {
    throw new ReferentialError(
      field,
      `is ${show(value)}`,
      `a non-empty list of ${what} (${allowed.join(', ')})`,
    );
  }
  const seen = new Set<string>();
  for (const item of value) {
    if (!allowed.includes(item)) {
      throw new ReferentialError(field, `has ${show(item)}`, `${what} among ${allowed.join(', ')}`);
    }
    if (seen.has(item)) throw new ReferentialError(field, `lists ${show(item)} twice`, `each ${what} once`);
    seen.add(item);
  }
}

function validateRules(field: string, channel: Channel, rules: EligibilityRules, map: JourneyMap): void {
  if (rules.hours !== undefined && !HOURS_RULES.includes(rules.hours)) {
    throw new ReferentialError(`${field}.hours`, `is ${show(rules.hours)}`, HOURS_RULES.join(', '));
  }
  subsetOf(`${field}.routingModes`, rules.routingModes, ROUTING_MODES, 'routing mode');
  if (rules.maxWaitSeconds !== undefined) {
    if (channel !== 'phone' && channel !== 'chat') {
      throw new ReferentialError(
        `${field}.maxWaitSeconds`,
        `is set for channel '${channel}'`,
        'maxWaitSeconds on phone and chat only (the channels a customer waits on)',
      );
    }
    const v = rules.maxWaitSeconds;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 86400) {
      throw new ReferentialError(`${field}.maxWaitSeconds`, `is ${show(v)}`, 'an integer from 0 to 86400');
    }
  }
  subsetOf(`${field}.devices`, rules.devices, DEVICES, 'device');
  subsetOf(`${field}.languages`, rules.languages, map.languages, 'language of the journey map');
  if (rules.segments !== undefined) {
    if (!isList(rules.segments) || rules.segments.length === 0) {
      throw new ReferentialError(
        `${field}.segments`,
        `is ${show(rules.segments)}`,
        'a non-empty list of segment names',
      );
    }
    for (const segment of rules.segments) {
      if (typeof segment !== 'string' || !SEGMENT_PATTERN.test(segment)) {
        throw new ReferentialError(
          `${field}.segments`,
          `has ${show(segment)}`,
          'segment names of 1-32 letters, digits, _ or -',
        );
      }
    }
  }
}

function validateSolution(
  field: string,
  solution: SolutionSpec,
  intentId: string,
  map: JourneyMap,
  ref: OmnichannelReferential,
): void {
  if (!CHANNELS.includes(solution.channel)) {
    throw new ReferentialError(`${field}.channel`, `is ${show(solution.channel)}`, CHANNELS.join(', '));
  }
  const intent = map.intents.find((i) => i.id === intentId);
  if (solution.url !== undefined) {
    if (solution.channel !== 'self-service') {
      throw new ReferentialError(
        `${field}.url`,
        `is set for channel '${solution.channel}'`,
        'a url on self-service solutions only',
      );
    }
    if (typeof solution.url !== 'string' || !HTTPS_URL.test(solution.url) || solution.url.length > 500) {
      throw new ReferentialError(
        `${field}.url`,
        `is ${show(solution.url)}`,
        'an https:// URL of at most 500 characters',
      );
    }
  }
  if (solution.queueId !== undefined) {
    if (!QUEUED_CHANNELS.includes(solution.channel)) {
      throw new ReferentialError(
        `${field}.queueId`,
        `is set for channel '${solution.channel}'`,
        'a queueId on phone, chat and callback solutions only',
      );
    }
    if (!map.queues.some((q) => q.id === solution.queueId)) {
      throw new ReferentialError(
        `${field}.queueId`,
        `is ${show(solution.queueId)}, which is not a queue`,
        `one of ${map.queues.map((q) => q.id).join(', ')}`,
      );
    }
  }
  if (solution.channel === 'sms-link' && intent !== undefined && !intent.selfService) {
    throw new ReferentialError(
      `${field}.channel`,
      `is 'sms-link' for intent '${intentId}', which cannot be completed without an adviser`,
      'sms-link only for intents with selfService: true (the link opens their self-service page)',
    );
  }
  if (solution.channel === 'chat' && ref.chatUrl === undefined) {
    throw new ReferentialError(
      'chatUrl',
      `is missing but intent '${intentId}' offers chat`,
      'the https:// page hosting the chat widget',
    );
  }
  if (solution.label !== undefined) localized(`${field}.label`, solution.label, map.languages, 60);
  if (solution.when !== undefined) {
    if (typeof solution.when !== 'object' || solution.when === null) {
      throw new ReferentialError(
        `${field}.when`,
        `is ${show(solution.when)}`,
        'an object of eligibility rules',
      );
    }
    validateRules(`${field}.when`, solution.channel, solution.when, map);
  }
}

/**
 * Checks a referential against its journey map and returns it unchanged: every key is an intent of
 * the map, every intent of the map has solutions, every solution is well formed.
 * @throws ReferentialError naming the first invalid field.
 */
export function validateReferential(ref: OmnichannelReferential, map: JourneyMap): OmnichannelReferential {
  if (typeof ref.phoneNumber !== 'string' || !E164_PATTERN.test(ref.phoneNumber)) {
    throw new ReferentialError(
      'phoneNumber',
      `is ${show(ref.phoneNumber)}`,
      'an E.164 number such as +442071234567',
    );
  }
  if (ref.chatUrl !== undefined && (typeof ref.chatUrl !== 'string' || !HTTPS_URL.test(ref.chatUrl))) {
    throw new ReferentialError('chatUrl', `is ${show(ref.chatUrl)}`, 'an https:// URL');
  }
  if (ref.intents === null || typeof ref.intents !== 'object' || isList(ref.intents)) {
    throw new ReferentialError('intents', `is ${show(ref.intents)}`, 'an object keyed by journey intent id');
  }
  const intentIds = map.intents.map((i) => i.id);
  for (const key of Object.keys(ref.intents)) {
    if (!intentIds.includes(key)) {
      throw new ReferentialError(
        `intents[${key}]`,
        'is not an intent of the journey map',
        `one of ${intentIds.join(', ')}`,
      );
    }
  }
  for (const intent of map.intents) {
    const field = `intents[${intent.id}]`;
    const entry = ref.intents[intent.id];
    if (entry === undefined) {
      throw new ReferentialError(
        field,
        'is missing for a journey intent',
        'an entry with a title and at least one solution',
      );
    }
    localized(`${field}.title`, entry.title, map.languages, 60);
    if (entry.description !== undefined)
      localized(`${field}.description`, entry.description, map.languages, 160);
    if (!isList(entry.solutions) || entry.solutions.length === 0) {
      throw new ReferentialError(
        `${field}.solutions`,
        `is ${show(entry.solutions)}`,
        'a non-empty list of solutions',
      );
    }
    entry.solutions.forEach((solution, index) => {
      const at = `${field}.solutions[${index}]`;
      validateSolution(at, solution, intent.id, map, ref);
      const twin = entry.solutions.findIndex((other, j) => j < index && other.channel === solution.channel);
      if (twin >= 0) {
        throw new ReferentialError(
          `${at}.channel`,
          `is '${solution.channel}', already used by solutions[${twin}]`,
          'each channel once per intent',
        );
      }
    });
    if (!entry.solutions.some((s) => CHANNEL_SURFACES[s.channel].includes('web'))) {
      throw new ReferentialError(
        `${field}.solutions`,
        'has no channel the contact page can offer',
        `at least one of ${CHANNELS.filter((c) => CHANNEL_SURFACES[c].includes('web')).join(', ')}`,
      );
    }
  }
  return ref;
}

/**
 * Numbers a web callback may dial, by the journey's callback country: its calling code, minus the
 * ranges that cost the centre money or reach personal redirection (toll-fraud targets). A country
 * not listed allows any E.164 number; add it here before going live there.
 */
export const CALLBACK_PREFIXES: Readonly<
  Record<string, { readonly allowed: readonly string[]; readonly blocked: readonly string[] }>
> = {
  // UK: 09 premium rate, 087/084 revenue-sharing, 070 personal numbering, 076 pagers.
  GB: { allowed: ['+44'], blocked: ['+449', '+4487', '+4484', '+4470', '+4476'] },
  // France: 08 9x premium rate.
  FR: { allowed: ['+33'], blocked: ['+3389'] },
  // Ireland: 15xx premium rate.
  IE: { allowed: ['+353'], blocked: ['+35315'] },
};

function defaultHours(channel: Channel): HoursRule {
  return channel === 'phone' || channel === 'chat' ? 'open' : 'any';
}

function defaultDevices(channel: Channel): readonly Device[] | undefined {
  return channel === 'sms-link' ? ['mobile'] : undefined;
}

/** Options of {@link buildOmnichannelModel}. */
export interface ModelOptions {
  /** Base of the self-service pages (`<base>/<intent id>`), as the IVR's SMS links use it. */
  readonly selfServiceBaseUrl: string;
}

/**
 * Validates both maps and derives the {@link OmnichannelModel}: defaults resolved, compact, no
 * prompts. The contact-options function receives exactly this object.
 */
export function buildOmnichannelModel(
  map: JourneyMap,
  ref: OmnichannelReferential,
  options: ModelOptions,
): OmnichannelModel {
  validateReferential(ref, map);
  const base = options.selfServiceBaseUrl.replace(/\/+$/, '');
  if (!HTTPS_URL.test(base)) {
    throw new ReferentialError(
      'selfServiceBaseUrl',
      `is ${show(options.selfServiceBaseUrl)}`,
      'an https:// URL',
    );
  }
  const intents: ModelIntent[] = map.intents.map((intent) => {
    const entry = ref.intents[intent.id];
    const solutions: ResolvedSolution[] = entry.solutions.map((s) => {
      const rules = s.when ?? {};
      const queued = QUEUED_CHANNELS.includes(s.channel);
      const url =
        s.channel === 'self-service'
          ? (s.url ?? `${base}/${intent.id}`)
          : s.channel === 'chat'
            ? ref.chatUrl
            : undefined;
      const devices = rules.devices ?? defaultDevices(s.channel);
      return {
        channel: s.channel,
        label: s.label ?? CHANNEL_LABELS[s.channel],
        ...(url !== undefined ? { url } : {}),
        ...(queued ? { queueId: s.queueId ?? intent.queueId } : {}),
        hours: rules.hours ?? defaultHours(s.channel),
        ...(rules.routingModes ? { routingModes: [...rules.routingModes] as RoutingMode[] } : {}),
        ...(rules.maxWaitSeconds !== undefined ? { maxWaitSeconds: rules.maxWaitSeconds } : {}),
        ...(devices ? { devices: [...devices] } : {}),
        ...(rules.languages ? { languages: [...rules.languages] } : {}),
        ...(rules.segments ? { segments: [...rules.segments] } : {}),
      };
    });
    return {
      id: intent.id,
      title: entry.title,
      ...(entry.description ? { description: entry.description } : {}),
      queueId: intent.queueId,
      solutions,
    };
  });
  return {
    name: map.name,
    languages: [...map.languages],
    defaultLanguage: map.defaultLanguage,
    hours: map.hours,
    queueIds: map.queues.map((q) => q.id),
    phoneNumber: ref.phoneNumber,
    intents,
    callback: {
      initialDelaySeconds: map.callback.initialDelaySeconds,
      maxAttempts: map.callback.maxAttempts,
      retryDelaySeconds: map.callback.retryDelaySeconds,
      allowedPrefixes: [...(CALLBACK_PREFIXES[map.callback.countryCode]?.allowed ?? [])],
      blockedPrefixes: [...(CALLBACK_PREFIXES[map.callback.countryCode]?.blocked ?? [])],
    },
  };
}

/** The queues a model's phone, chat and callback solutions use (whose metrics the API reads). */
export function modelQueueIds(model: OmnichannelModel): string[] {
  const ids = new Set<string>();
  for (const intent of model.intents) for (const s of intent.solutions) if (s.queueId) ids.add(s.queueId);
  return [...ids].sort();
}
