/**
 * The contact journey map: one typed object that answers, per reason for contact (intent), why the
 * customer calls, how identity is checked, what is collected and how sensitive it is, which
 * integration answers, which queue takes the call and what happens under load. Flows, queues,
 * hours, alarms and diagrams are all derived from it.
 *
 * Pure data: no aws-cdk-lib import, so the compiler, the simulator and the CLIs can use it.
 */
import type { QueueAlarmThresholds } from '../config/stage-config';
import type { IntegrationName } from '../integrations/contracts';

/** Languages a journey can speak. */
export const LANGUAGES = ['en', 'fr'] as const;

/** A language a journey can speak. */
export type Language = (typeof LANGUAGES)[number];

/**
 * A text in every language. `{name}` placeholders are filled in by the flow (see
 * `PROMPT_PLACEHOLDERS` and the intent `result` placeholders).
 */
export type Localized = Readonly<Record<Language, string>>;

/** What a queue does for a caller when it is congested. */
export const UNDER_LOAD_MODES = ['CALLBACK', 'OVERFLOW', 'DEFLECT'] as const;

/** What a queue does for a caller when it is congested. */
export type UnderLoadMode = (typeof UNDER_LOAD_MODES)[number];

/** A Connect queue and its behaviour under load. */
export interface QueueSpec {
  /** Lowercase letters and digits, e.g. `general`; used in action identifiers and `mode_<id>`. */
  readonly id: string;
  /**
   * Connect queue name. It is also the `QueueName` dimension of the `AWS/Connect` metrics the alarms
   * watch, so only letters, digits, space, `_`, `-` and `.`.
   */
  readonly name: string;
  readonly description: string;
  /** Maximum contacts in the queue; beyond it a transfer takes the QueueAtCapacity branch. */
  readonly maxContacts?: number;
  readonly underLoad: {
    /** What to offer when this queue is congested. */
    readonly mode: UnderLoadMode;
    /** Queue that takes the overflow; required for OVERFLOW. @default the map's `overflowQueueId` otherwise */
    readonly overflowQueueId?: string;
    /**
     * Per-call in-flow threshold: when the queue's estimated wait or oldest contact exceeds this many
     * seconds, a caller is offered the under-load behaviour even though the alarm has not fired.
     */
    readonly estimatedWaitThresholdSeconds: number;
  };
  /** Alarm thresholds that override the stage defaults for this queue. */
  readonly alarms?: Partial<QueueAlarmThresholds>;
  /**
   * Busy-hour forecast (arrivals per hour, mean handle time in seconds, agents staffed). When set,
   * tests check the queue's alarm thresholds against an Erlang C model of it (`lib/capacity`).
   */
  readonly forecast?: { readonly callsPerHour: number; readonly ahtSeconds: number; readonly agents: number };
}

/** Days of the week, in Connect's spelling. */
export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

/** A day of the week, in Connect's spelling. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening hours with holiday closures. */
export interface HoursSpec {
  /** Connect hours-of-operation name. */
  readonly name: string;
  readonly description: string;
  /** IANA time zone, e.g. `Europe/London`. */
  readonly timeZone: string;
  /** Opening ranges; a day without a range is closed. */
  readonly weekly: readonly { readonly day: Weekday; readonly start: string; readonly end: string }[];
  /** Whole days closed (`YYYY-MM-DD`), with an optional message read at call start. */
  readonly holidays: readonly {
    readonly date: string;
    readonly name: string;
    readonly message?: Localized;
  }[];
}

/** Compliance class of a collected value; drives logging, storage and encryption. */
export type DataClass = 'PUBLIC' | 'PII' | 'PCI';

/** A value the caller keys in. */
export interface InputSpec {
  /** Letters and digits, starting with a lowercase letter, e.g. `accountNumber`. */
  readonly id: string;
  /**
   * PCI values (PIN, one-time code) are collected as stored customer input, passed straight to the
   * function that checks them and never written to contact or flow attributes; flow logging is off
   * around them. PII values are kept in flow attributes only (not persisted) with logging off.
   */
  readonly dataClass: DataClass;
  readonly minDigits: number;
  readonly maxDigits: number;
  readonly prompt: Localized;
  /** Encrypt the digits with the instance's input-encryption key (needs `FlowResources.inputEncryption`). */
  readonly encrypt?: boolean;
  /** Name of the integration parameter this input fills. @default the input id */
  readonly parameter?: string;
}

/** How an intent checks the caller's identity before self-service. */
export type AuthMethod = 'NONE' | 'OTP' | 'PIN' | 'PIN_OR_OTP';

/** A reason for contact. */
export interface IntentSpec {
  /** Letters and digits, starting with a lowercase letter, e.g. `balance`. */
  readonly id: string;
  /** Menu key, `1` to `9`. */
  readonly dtmf: string;
  /** What the menu calls it: "For {label}, press {key}". */
  readonly label: Localized;
  readonly auth: AuthMethod;
  /** Inputs collected after authentication, in order (ids of `JourneyMap.inputs`). */
  readonly inputs: readonly string[];
  /** Self-service integration that answers the intent. */
  readonly integration?: IntegrationName;
  /** Queue that takes the call when the caller wants an adviser or self-service cannot help. */
  readonly queueId: string;
  /** Whether the intent can be completed without an adviser (also: may be deflected to an SMS link). */
  readonly selfService: boolean;
  /** Spoken on the integration's success status; `{output}` placeholders are the integration's outputs. */
  readonly result?: Localized;
  /** Spoken when the integration returns NOT_FOUND or INVALID_INPUT. @default prompts.notFound */
  readonly notFound?: Localized;
}

/** A proactive notice `identify-caller` can return in its `notice` output (e.g. a delayed order). */
export interface NoticeSpec {
  /** Upper-case code the function returns, e.g. `ORDER_DELAYED`. */
  readonly code: string;
  readonly message: Localized;
}

/** Polly voice per language. */
export interface VoiceSpec {
  readonly voice: string;
  readonly engine?: 'Standard' | 'Neural';
}

/**
 * What the flow does when a caller whose number matched one customer verifies with the account
 * number and PIN of another: `replace` (the verified customer becomes the caller's identity for the
 * rest of the call: OTP, self-service and the adviser's screen) or `refuse` (no self-service; the
 * caller is passed to an adviser with identity NONE).
 */
export const CALLER_ID_MISMATCH_POLICIES = ['replace', 'refuse'] as const;

/** What the flow does when the PIN verifies another customer than the caller-ID match. */
export type CallerIdMismatchPolicy = (typeof CALLER_ID_MISMATCH_POLICIES)[number];

/** Which inputs the authentication steps collect. */
export interface AuthSpec {
  /** Input holding the one-time code (PCI). */
  readonly otpCodeInputId: string;
  /** Input holding the account number checked with the PIN. */
  readonly accountNumberInputId: string;
  /** Input holding the PIN (PCI). */
  readonly pinInputId: string;
  /** Tries the caller gets for a code or PIN before being passed to an adviser. */
  readonly maxAttempts: number;
  /**
   * A PIN that verifies another customer than the one the caller's number matched (caller ID can
   * be spoofed): `replace` the caller's identity with the verified customer, or `refuse` it (an
   * adviser, identity NONE). `refuse` needs pin-verify to report the match (`callerMatch`).
   * @default 'replace'
   */
  readonly callerIdMismatch?: CallerIdMismatchPolicy;
}

/**
 * Personalisation from the caller-ID lookup, before the caller is verified. Caller ID can be
 * spoofed, so each of these discloses something about the customer whose number is presented;
 * all are off unless the map turns them on, and the caller then hears a generic greeting.
 */
export interface PersonalisationSpec {
  /** Greet a recognised number by first name (`prompts.welcomeBack`). @default false */
  readonly greetByName?: boolean;
  /** Speak a proactive notice (`notices`, e.g. a delayed order) to a recognised number. @default false */
  readonly proactiveNotice?: boolean;
  /**
   * Speak the last digits of the phone a one-time code was texted to (`{phoneHint}` in
   * `prompts.otpSent`, which may use it only when this is true). @default false
   */
  readonly speakPhoneHint?: boolean;
}

/** Keys of {@link PersonalisationSpec}. */
export const PERSONALISATION_KEYS = ['greetByName', 'proactiveNotice', 'speakPhoneHint'] as const;

/** Fixed prompts of the flows, in every language. Placeholders: see `PROMPT_PLACEHOLDERS`. */
export interface PromptSet {
  /** Said when the caller's number is not known. */
  readonly welcome: Localized;
  /** Said when the caller's number is known and `personalisation.greetByName` is on; `{firstName}`. */
  readonly welcomeBack: Localized;
  /** Each language's own line of the language menu: "For English, press {key}". */
  readonly languageOption: Localized;
  readonly menuIntro: Localized;
  /** One menu line per intent; `{label}`, `{key}`. */
  readonly menuOption: Localized;
  readonly menuRetry: Localized;
  readonly menuGiveUp: Localized;
  readonly afterHours: Localized;
  readonly afterHoursCallbackOffer: Localized;
  readonly callbackOffer: Localized;
  readonly callbackNumberChoice: Localized;
  readonly callbackEnterNumber: Localized;
  readonly callbackInvalidNumber: Localized;
  readonly callbackUnavailable: Localized;
  readonly callbackConfirmed: Localized;
  readonly transferring: Localized;
  readonly overflowNotice: Localized;
  readonly queueFull: Localized;
  readonly technicalFailure: Localized;
  readonly technicalFailureGoodbye: Localized;
  readonly goodbye: Localized;
  readonly anythingElse: Localized;
  readonly inputTimeout: Localized;
  readonly authChoice: Localized;
  readonly authNotIdentified: Localized;
  /** `{phoneHint}` only with `personalisation.speakPhoneHint`. */
  readonly otpSent: Localized;
  readonly otpInvalid: Localized;
  readonly otpUnavailable: Localized;
  readonly authLocked: Localized;
  readonly authFailed: Localized;
  readonly pinInvalid: Localized;
  readonly notFound: Localized;
  readonly deflectOffer: Localized;
  readonly deflectSent: Localized;
  readonly deflectUnavailable: Localized;
}

/** Placeholders each fixed prompt may use. */
export const PROMPT_PLACEHOLDERS: Readonly<Partial<Record<keyof PromptSet, readonly string[]>>> = {
  welcomeBack: ['firstName'],
  languageOption: ['key'],
  menuOption: ['label', 'key'],
  otpSent: ['phoneHint'],
};

/** What the customer queue flow says while the caller waits. */
export interface QueueFlowSpec {
  /** Seconds of hold messages between wait announcements and callback offers. */
  readonly interruptSeconds: number;
  /** Estimated-wait bands, ascending: the first band whose `maxSeconds` is not exceeded is said. */
  readonly waitBands: readonly { readonly maxSeconds: number; readonly message: Localized }[];
  /** Said when the wait is longer than the last band. */
  readonly waitLong: Localized;
  /** Said when no estimate is available. */
  readonly waitUnknown: Localized;
  /** Looped while the caller holds. */
  readonly holdMessages: readonly Localized[];
  readonly callbackOffer: Localized;
}

/** The whole journey. */
export interface JourneyMap {
  /** Short name of the contact centre, used in descriptions. */
  readonly name: string;
  readonly defaultLanguage: Language;
  /** Languages spoken; the first menu offers a choice when more than one and the caller is unknown. */
  readonly languages: readonly Language[];
  readonly voices: Readonly<Record<Language, VoiceSpec>>;
  readonly hours: HoursSpec;
  readonly queues: readonly QueueSpec[];
  readonly inputs: readonly InputSpec[];
  readonly intents: readonly IntentSpec[];
  readonly auth: AuthSpec;
  /** Spoken to a recognised number only with `personalisation.proactiveNotice`. */
  readonly notices: readonly NoticeSpec[];
  /** Caller-ID personalisation before verification. @default everything off */
  readonly personalisation?: PersonalisationSpec;
  readonly prompts: PromptSet;
  readonly queueFlow: QueueFlowSpec;
  /** Queue for "speak to an adviser" fallbacks and technical failures. */
  readonly agentQueueId: string;
  /** Queue that receives queued callbacks. */
  readonly callbackQueueId: string;
  /** Default overflow queue (alarm-driven OVERFLOW mode of a queue without its own). */
  readonly overflowQueueId: string;
  readonly callback: {
    /** Seconds before a queued callback is first routed (gives the caller time to hang up). */
    readonly initialDelaySeconds: number;
    readonly maxAttempts: number;
    readonly retryDelaySeconds: number;
    /** ISO country of locally formatted callback numbers the caller keys in, e.g. `GB`. */
    readonly countryCode: string;
  };
  /** Seconds the caller has to start keying in at a menu or input. */
  readonly inputTimeLimitSeconds: number;
  /** Menu attempts before the caller is passed to an adviser. */
  readonly menuAttempts: number;
  /** Record agent and customer once an adviser answers. */
  readonly recordAgentCalls: boolean;
}
