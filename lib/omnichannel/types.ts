/**
 * The omnichannel referential: for every intent of the journey map, the channels that can solve it,
 * in order of preference, with the rules that decide when each is offered. The contact page, the
 * contact-options API and the IVR's deflection choice all rank channels from it with the one pure
 * decision function (`decide.ts`).
 *
 * Pure data: no aws-cdk-lib or AWS SDK import, so Lambda bundles, the page tooling and tests can
 * use it.
 */
import type { RoutingMode } from '../integrations/contracts';
import type { HoursSpec, Language, Localized, Weekday } from '../journey/types';

/** Channels a customer can be offered, in the referential's spelling. */
export const CHANNELS = ['self-service', 'chat', 'callback', 'phone', 'sms-link'] as const;

/** A channel that can solve an intent. */
export type Channel = (typeof CHANNELS)[number];

/** Channels answered by an adviser from a Connect queue. */
export const QUEUED_CHANNELS: readonly Channel[] = ['chat', 'callback', 'phone'];

/** Where the decision is shown: the contact page or the IVR (deflection choice while queued). */
export const SURFACES = ['web', 'ivr'] as const;

/** Where the decision is shown. */
export type Surface = (typeof SURFACES)[number];

/**
 * The customer's device. The page tells `mobile` from `desktop`; the IVR passes `mobile` when the
 * calling number can take an SMS and `landline` otherwise.
 */
export const DEVICES = ['mobile', 'desktop', 'landline'] as const;

/** The customer's device. */
export type Device = (typeof DEVICES)[number];

/** Opening-hours rule of a solution: offered only while open, only while closed, or always. */
export const HOURS_RULES = ['open', 'closed', 'any'] as const;

/** Opening-hours rule of a solution. */
export type HoursRule = (typeof HOURS_RULES)[number];

/**
 * Surfaces on which each channel can be acted on. Chat is a web widget; an SMS link is sent by the
 * IVR to the calling number (on the page the self-service link itself is one click away).
 */
export const CHANNEL_SURFACES: Readonly<Record<Channel, readonly Surface[]>> = {
  'self-service': ['web', 'ivr'],
  chat: ['web'],
  callback: ['web', 'ivr'],
  phone: ['web', 'ivr'],
  'sms-link': ['ivr'],
};

/** When a solution is offered. Every rule that is set must hold. */
export interface EligibilityRules {
  /** @default `open` for phone and chat, `any` for the others */
  readonly hours?: HoursRule;
  /** Routing modes of the solution's queue in which it is offered. @default every mode */
  readonly routingModes?: readonly RoutingMode[];
  /**
   * Longest live estimated wait (seconds) at which phone or chat is still recommended; above it the
   * channel is ranked after every alternative (and a callback, when offered, takes its place).
   * @default no limit
   */
  readonly maxWaitSeconds?: number;
  /** Devices it is offered on. @default every device (`mobile` only for `sms-link`) */
  readonly devices?: readonly Device[];
  /** Languages it is offered in. @default every language of the map */
  readonly languages?: readonly Language[];
  /**
   * Customer segments it is offered to. An unknown segment (anonymous visitor, unidentified caller)
   * does not match a list. @default every customer
   */
  readonly segments?: readonly string[];
}

/** One way of solving an intent. */
export interface SolutionSpec {
  readonly channel: Channel;
  /**
   * Self-service only: HTTPS page that solves the intent.
   * @default `<selfServiceBaseUrl>/<intent id>` (the page the IVR's SMS link opens)
   */
  readonly url?: string;
  /** Phone, chat and callback: the queue that answers. @default the intent's queue */
  readonly queueId?: string;
  /** Eligibility. @default the channel's defaults */
  readonly when?: EligibilityRules;
  /** Text of the option on the page. @default the channel's standard label */
  readonly label?: Localized;
}

/** An intent's entry in the referential. */
export interface IntentChannels {
  /** Tile title on the contact page, e.g. "Account balance". */
  readonly title: Localized;
  /** One line under the title. */
  readonly description?: Localized;
  /** Solutions in order of preference; at most one per channel. */
  readonly solutions: readonly SolutionSpec[];
}

/** The whole referential, keyed by the journey map's intent ids. */
export interface OmnichannelReferential {
  /** The contact centre's number as callers dial it, E.164 (shown and linked as `tel:`). */
  readonly phoneNumber: string;
  /** HTTPS page hosting the chat widget; required when any intent offers chat. */
  readonly chatUrl?: string;
  readonly intents: Readonly<Record<string, IntentChannels>>;
}

/** A solution with every default resolved (what the decision function reads). */
export interface ResolvedSolution {
  readonly channel: Channel;
  readonly label: Localized;
  /** Self-service page or chat page. */
  readonly url?: string;
  /** Queue of phone, chat and callback. */
  readonly queueId?: string;
  readonly hours: HoursRule;
  readonly routingModes?: readonly RoutingMode[];
  readonly maxWaitSeconds?: number;
  readonly devices?: readonly Device[];
  readonly languages?: readonly Language[];
  readonly segments?: readonly string[];
}

/** An intent as the decision function and the page see it. */
export interface ModelIntent {
  readonly id: string;
  readonly title: Localized;
  readonly description?: Localized;
  /** The intent's own queue in the journey map. */
  readonly queueId: string;
  readonly solutions: readonly ResolvedSolution[];
}

/**
 * Everything the decision needs, derived from a validated journey map and referential: small,
 * JSON-serialisable (it is compiled into the contact-options function) and free of prompts.
 */
export interface OmnichannelModel {
  readonly name: string;
  readonly languages: readonly Language[];
  readonly defaultLanguage: Language;
  readonly hours: HoursSpec;
  readonly queueIds: readonly string[];
  readonly phoneNumber: string;
  readonly intents: readonly ModelIntent[];
  /** Callback settings of the journey map (initial delay, attempts) and the numbers we call. */
  readonly callback: {
    readonly initialDelaySeconds: number;
    readonly maxAttempts: number;
    readonly retryDelaySeconds: number;
    /** E.164 prefixes a web callback may dial (the journey's country); empty: any. */
    readonly allowedPrefixes: readonly string[];
    /** E.164 prefixes never dialled (premium-rate and personal numbering: toll fraud). */
    readonly blockedPrefixes: readonly string[];
  };
}

/** Live state of one queue. */
export interface QueueStatus {
  /** Effective routing mode (alarm-driven or operator override). */
  readonly mode: RoutingMode;
  /** Live estimated wait in seconds; undefined when unknown. */
  readonly estimatedWaitSeconds?: number;
  /** Advisers free to take a contact now; undefined when unknown. */
  readonly agentsAvailable?: number;
  /** Advisers logged in; undefined when unknown. */
  readonly agentsOnline?: number;
}

/** What the decision knows about the moment and the customer. */
export interface DecisionContext {
  readonly now: Date;
  /** Whether the centre is open (hours with holidays; see `isOpenAt`). */
  readonly open: boolean;
  /** Live state per queue id; a queue without an entry is NORMAL with unknown metrics. */
  readonly queues: Readonly<Record<string, QueueStatus>>;
  readonly device: Device;
  readonly language: Language;
  /** Customer segment when known (identified caller, signed-in visitor). */
  readonly segment?: string;
  readonly surface: Surface;
}

/** Why an option is ranked where it is, or why it is not offered. */
export const REASON_CODES = [
  // available
  'self-service',
  'deflect',
  'sms-link',
  'wait',
  'wait-unknown',
  'wait-long',
  'wait-long-callback',
  'busy',
  'busy-callback',
  'busy-online',
  'no-advisers',
  'callback',
  'callback-keeps-place',
  'callback-closed',
  'chat',
  // not available
  'closed',
  'open-hours-only-outside',
  'mode',
  'no-agents',
  'device',
  'language',
  'segment',
  'surface',
] as const;

/** Why an option is ranked where it is, or why it is not offered. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** Reason codes of options that are not offered. */
export const UNAVAILABLE_REASONS: readonly ReasonCode[] = [
  'closed',
  'open-hours-only-outside',
  'mode',
  'no-agents',
  'device',
  'language',
  'segment',
  'surface',
];

/** One ranked channel. */
export interface ChannelOption {
  readonly channel: Channel;
  readonly available: boolean;
  readonly recommended: boolean;
  /** Label in the context's language. */
  readonly label: string;
  readonly reasonCode: ReasonCode;
  /** Why, in the context's language, e.g. "About 12 minutes wait; callback offered instead." */
  readonly reason: string;
  /** Self-service or chat page. */
  readonly url?: string;
  /** Phone only: the number to dial (E.164). */
  readonly phoneNumber?: string;
  readonly queueId?: string;
  /** Live estimated wait of the queue, when known (phone, chat, callback). */
  readonly estimatedWaitSeconds?: number;
}

/** When the centre opens next, in its own time zone. */
export interface NextOpening {
  /** `YYYY-MM-DD` local date. */
  readonly date: string;
  readonly day: Weekday;
  /** `HH:MM` local time. */
  readonly time: string;
  /** 0 today, 1 tomorrow, ... */
  readonly daysAhead: number;
}

/** The ranked answer for one intent. */
export interface ChannelDecision {
  readonly intent: string;
  readonly language: Language;
  /** `NONE_AVAILABLE` when no channel can be offered now (the headline says what to do). */
  readonly status: 'OK' | 'NONE_AVAILABLE';
  readonly recommended?: ChannelOption;
  /** Other offered channels, best first. */
  readonly alternatives: readonly ChannelOption[];
  /** Channels of the intent not offered now, with the reason. */
  readonly unavailable: readonly ChannelOption[];
  /** One sentence in the context's language: what we suggest. */
  readonly headline: string;
  readonly open: boolean;
  /** Set when the centre is closed. */
  readonly nextOpening?: NextOpening;
}
