/**
 * The journey map schema: the one source of the map's TypeScript types, its runtime validation (with
 * the cross-field checks of `validate.ts`) and the published JSON Schema (`schema/journey.schema.json`,
 * for editor completion in YAML and JSON maps).
 *
 * Two shapes come out of it: the map as written (`JourneyInput`: languages with their voices, optional
 * prompts and defaults left out) and the resolved map the compiler reads (`JourneyMap`: language codes,
 * a voice per language, every prompt in every language from the map or its language pack).
 *
 * Pure data: no aws-cdk-lib import, so the compiler, the simulator and the CLIs can use it.
 */
import * as z from 'zod';
import { INTEGRATIONS, type IntegrationName } from '../integrations/contracts';
import { isIsoDate, isTimeZone, parseTimeOfDay } from './hours';
import { PROMPT_DESCRIPTIONS, PROMPT_KEYS, type PromptKey } from './packs/pack';

/** A deeply read-only version of a type (the map is data: nothing derived from it may change it). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * A BCP-47 language tag in its canonical case: language (2-3 lowercase letters), optional script
 * (`Hant`) and region (`GB`, `419`), e.g. `en`, `en-GB`, `es-419`, `zh-Hant-TW`.
 */
export const BCP47_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$/;

/** Integrations the compiler invokes itself; an intent cannot name them as its self-service integration. */
export const STEP_INTEGRATIONS: readonly IntegrationName[] = [
  'identify-caller',
  'otp-start',
  'otp-verify',
  'pin-verify',
  'routing-context',
  'sms-link',
  'callback-number',
];

/** Integrations an intent may use for self-service. */
export const SELF_SERVICE_INTEGRATIONS: readonly IntegrationName[] = (
  Object.keys(INTEGRATIONS) as IntegrationName[]
).filter((n) => !STEP_INTEGRATIONS.includes(n));

/** What a queue does for a caller when it is congested. */
export const UNDER_LOAD_MODES = ['CALLBACK', 'OVERFLOW', 'DEFLECT'] as const;

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

/** Compliance classes of a collected value. */
export const DATA_CLASSES = ['PUBLIC', 'PII', 'PCI'] as const;

/** How an intent can check the caller's identity. */
export const AUTH_METHODS = ['NONE', 'OTP', 'PIN', 'PIN_OR_OTP'] as const;

/** Text-to-speech engines a voice can use. */
export const VOICE_ENGINES = ['Standard', 'Neural'] as const;

/**
 * What the flow does when a caller whose number matched one customer verifies with the account
 * number and PIN of another: `replace` (the verified customer becomes the caller's identity for the
 * rest of the call) or `refuse` (no self-service; an adviser, identity NONE).
 */
export const CALLER_ID_MISMATCH_POLICIES = ['replace', 'refuse'] as const;

/** Keys of the personalisation settings. */
export const PERSONALISATION_KEYS = ['greetByName', 'proactiveNotice', 'speakPhoneHint'] as const;

/** Placeholders each fixed prompt may use. */
export const PROMPT_PLACEHOLDERS: Readonly<Partial<Record<PromptKey, readonly string[]>>> = {
  welcomeBack: ['firstName'],
  languageOption: ['key'],
  menuOption: ['label', 'key'],
  otpSent: ['phoneHint'],
};

/** Defaults the schema fills in when a map leaves a setting out. */
export const JOURNEY_DEFAULTS = {
  auth: {
    otpCodeInputId: 'otpCode',
    accountNumberInputId: 'accountNumber',
    pinInputId: 'pin',
    maxAttempts: 3,
  },
  callback: { initialDelaySeconds: 60, maxAttempts: 3, retryDelaySeconds: 600 },
  inputTimeLimitSeconds: 8,
  menuAttempts: 3,
  recordAgentCalls: false,
  queueFlowInterruptSeconds: 60,
} as const;

const int = (min: number, max: number, what = 'an integer'): z.ZodNumber =>
  z
    .number({ error: `${what} from ${min} to ${max}` })
    .int({ error: `${what} from ${min} to ${max}` })
    .min(min, { error: `${what} from ${min} to ${max}` })
    .max(max, { error: `${what} from ${min} to ${max}` });

const text = (max: number): z.ZodString =>
  z
    .string({ error: `a text of at most ${max} characters` })
    .regex(/\S/, { error: `a non-empty text of at most ${max} characters` })
    .max(max, { error: `a non-empty text of at most ${max} characters` });

const languageCode = z
  .string({ error: 'a BCP-47 language code such as en-GB or es-ES' })
  .regex(BCP47_PATTERN, {
    error: 'a BCP-47 language code in canonical case, such as en, en-GB, es-419 or zh-Hant-TW',
  });

const voiceName = z
  .string({ error: 'an Amazon Polly voice name such as Amy, Lucia or Vicki' })
  .regex(/^[A-Za-z]{2,20}$/, { error: 'an Amazon Polly voice name such as Amy, Lucia or Vicki' })
  .describe('Amazon Polly voice, e.g. Amy (en-GB), Lea (fr-FR), Lucia (es-ES), Vicki (de-DE).');

const engine = z
  .enum(VOICE_ENGINES, { error: VOICE_ENGINES.join(' or ') })
  .describe('Polly engine; the voice must support it. Default: the voice default (Standard).');

const localizedSchema = z
  .record(z.string(), z.string({ error: 'a text' }))
  .describe('A text per language of the map, keyed by language code: exactly the map languages.');

/** Polly voice of a language. */
export const voiceSpecSchema = z.strictObject({ voice: voiceName, engine: engine.optional() });

/** A language as written in a map: its code and voice. */
export const languageSpecSchema = z
  .strictObject({ code: languageCode, voice: voiceName, engine: engine.optional() })
  .describe('A language the journey speaks and the Polly voice that speaks it.');

const queueId = z.string({ error: 'a queue id' }).regex(/^[a-z][a-z0-9]{0,15}$/, {
  error: 'lowercase letters and digits, starting with a letter, 1-16 characters',
});

const camelId = z.string({ error: 'an id' }).regex(/^[a-z][a-zA-Z0-9]{0,15}$/, {
  error: 'letters and digits starting with a lowercase letter, 1-16 characters',
});

const timeOfDay = z
  .string({ error: 'a time HH:MM from 00:00 to 24:00' })
  .refine((t) => parseTimeOfDay(t) !== undefined, { error: 'a time HH:MM from 00:00 to 24:00' });

/** A Connect queue and its behaviour under load. */
export const queueSpecSchema = z.strictObject({
  id: queueId.describe('Lowercase letters and digits, e.g. `general`; used in action ids and `mode_<id>`.'),
  name: z
    .string({ error: 'a queue name' })
    .regex(/^[A-Za-z0-9_.-]([A-Za-z0-9 _.-]{0,125}[A-Za-z0-9_.-])?$/, {
      error:
        'letters, digits, spaces, _ - and . only (it is the CloudWatch QueueName dimension), 1-127 characters, no leading or trailing space',
    })
    .describe('Connect queue name, also the QueueName dimension of the queue metrics.'),
  description: text(250),
  maxContacts: int(1, 100000)
    .optional()
    .describe('Maximum contacts in the queue; beyond it a transfer takes the QueueAtCapacity branch.'),
  underLoad: z.strictObject({
    mode: z
      .enum(UNDER_LOAD_MODES, { error: UNDER_LOAD_MODES.join(', ') })
      .describe('What to offer when this queue is congested.'),
    overflowQueueId: queueId
      .optional()
      .describe('Queue that takes the overflow; required for OVERFLOW. Default: the map overflowQueueId.'),
    estimatedWaitThresholdSeconds: int(10, 86400).describe(
      'Per call: above this estimated wait (seconds) the caller is offered the under-load behaviour.',
    ),
  }),
  alarms: z
    .strictObject({
      longestWaitSeconds: int(10, 86400).optional(),
      queueSize: int(1, 10000).optional(),
      evaluationPeriods: int(1, 60).optional(),
      datapointsToAlarm: int(1, 60).optional(),
    })
    .optional()
    .describe('Alarm thresholds that override the stage defaults for this queue.'),
  forecast: z
    .strictObject({
      callsPerHour: z.number().positive({ error: 'a positive number' }),
      ahtSeconds: z.number().positive({ error: 'a positive number' }),
      agents: int(1, 100000),
    })
    .optional()
    .describe('Busy-hour forecast; tests check the alarm thresholds against an Erlang C model of it.'),
});

/** Opening hours with holiday closures. */
export const hoursSpecSchema = z.strictObject({
  name: text(127).describe('Connect hours-of-operation name.'),
  description: text(250),
  timeZone: z
    .string({ error: 'an IANA time zone such as Europe/London' })
    .refine(isTimeZone, { error: 'an IANA time zone such as Europe/London' }),
  weekly: z
    .array(
      z.strictObject({
        day: z.enum(WEEKDAYS, { error: WEEKDAYS.join(', ') }),
        start: timeOfDay,
        end: timeOfDay,
      }),
    )
    .min(1, { error: 'at least one opening range' })
    .describe('Opening ranges; a day without a range is closed.'),
  holidays: z
    .array(
      z.strictObject({
        date: z
          .string({ error: 'a calendar date YYYY-MM-DD' })
          .refine(isIsoDate, { error: 'a calendar date YYYY-MM-DD' }),
        name: text(127),
        message: localizedSchema.optional().describe('Read at call start on that day.'),
      }),
    )
    .default(() => [])
    .describe('Whole days closed.'),
});

/** A value the caller keys in. */
export const inputSpecSchema = z.strictObject({
  id: camelId,
  dataClass: z
    .enum(DATA_CLASSES, { error: DATA_CLASSES.join(', ') })
    .describe('PCI: stored input only, straight to the function; PII: flow attributes only, logging off.'),
  minDigits: int(1, 20),
  maxDigits: int(1, 20),
  prompt: localizedSchema,
  encrypt: z
    .boolean({ error: 'true or false' })
    .optional()
    .describe("Encrypt the digits with the instance's input-encryption key (PII or PCI only)."),
  parameter: z
    .string({ error: 'an integration parameter name' })
    .regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, { error: 'an integration parameter name' })
    .optional()
    .describe('Integration parameter this input fills. Default: the input id.'),
});

/** A reason for contact. */
export const intentSpecSchema = z.strictObject({
  id: camelId,
  dtmf: z
    .string({ error: "a single key from '1' to '9' (quoted in YAML)" })
    .regex(/^[1-9]$/, { error: "a single key from '1' to '9' (quoted in YAML)" })
    .describe('Menu key.'),
  label: localizedSchema.describe('What the menu calls it: "For {label}, press {key}".'),
  auth: z.enum(AUTH_METHODS, { error: AUTH_METHODS.join(', ') }),
  inputs: z
    .array(z.string({ error: 'an input id' }))
    .default(() => [])
    .describe('Inputs collected after authentication, in order (ids of `inputs`).'),
  integration: z
    .enum(SELF_SERVICE_INTEGRATIONS as [IntegrationName, ...IntegrationName[]], {
      error: `a self-service integration: ${SELF_SERVICE_INTEGRATIONS.join(', ')}`,
    })
    .optional()
    .describe('Self-service integration that answers the intent.'),
  queueId: queueId.describe('Queue that takes the call when the caller wants an adviser.'),
  selfService: z
    .boolean({ error: 'true or false' })
    .describe('Whether the intent can be completed without an adviser (or deflected to an SMS link).'),
  result: localizedSchema
    .optional()
    .describe("Spoken on the integration's success status; {output} placeholders are its outputs."),
  notFound: localizedSchema
    .optional()
    .describe('Spoken on NOT_FOUND or INVALID_INPUT. Default: prompts.notFound.'),
});

/** A proactive notice `identify-caller` can return in its `notice` output. */
export const noticeSpecSchema = z.strictObject({
  code: z
    .string({ error: 'upper-case letters, digits and _, 1-32 characters' })
    .regex(/^[A-Z][A-Z0-9_]{0,31}$/, { error: 'upper-case letters, digits and _, 1-32 characters' }),
  message: localizedSchema,
});

/** Which inputs the authentication steps collect. */
export const authSpecSchema = z
  .strictObject({
    otpCodeInputId: z
      .string()
      .default(JOURNEY_DEFAULTS.auth.otpCodeInputId)
      .describe('Input of the one-time code (PCI).'),
    accountNumberInputId: z
      .string()
      .default(JOURNEY_DEFAULTS.auth.accountNumberInputId)
      .describe('Input of the account number checked with the PIN.'),
    pinInputId: z.string().default(JOURNEY_DEFAULTS.auth.pinInputId).describe('Input of the PIN (PCI).'),
    maxAttempts: int(1, 5).default(JOURNEY_DEFAULTS.auth.maxAttempts).describe('Tries for a code or PIN.'),
    callerIdMismatch: z
      .enum(CALLER_ID_MISMATCH_POLICIES, {
        error: `${CALLER_ID_MISMATCH_POLICIES.map((p) => `'${p}'`).join(' or ')} (leave it out for 'replace')`,
      })
      .optional()
      .describe(
        'A PIN for another customer than the caller-ID match: replace the identity, or refuse. Default: replace.',
      ),
  })
  .prefault({});

/** Caller-ID personalisation before the caller is verified; everything is off by default. */
export const personalisationSpecSchema = z.strictObject({
  greetByName: z.boolean({ error: 'true or false (default false)' }).optional(),
  proactiveNotice: z.boolean({ error: 'true or false (default false)' }).optional(),
  speakPhoneHint: z.boolean({ error: 'true or false (default false)' }).optional(),
});

const promptShape = <T extends z.ZodType>(value: (key: PromptKey) => T): Record<PromptKey, T> =>
  Object.fromEntries(PROMPT_KEYS.map((k) => [k, value(k)])) as Record<PromptKey, T>;

/** Every fixed prompt in every language of the map (the resolved map). */
export const promptSetSchema = z.strictObject(
  promptShape((k) => localizedSchema.describe(PROMPT_DESCRIPTIONS[k])),
);

/** Prompts a map overrides; the others (and missing languages) come from the language packs. */
export const promptOverridesSchema = z
  .strictObject(promptShape((k) => localizedSchema.optional().describe(PROMPT_DESCRIPTIONS[k])))
  .describe('Overrides of the language-pack prompts, per prompt per language.');

const waitBands = (message: typeof localizedSchema) =>
  z
    .array(z.strictObject({ maxSeconds: int(1, 86400), message }))
    .min(1, { error: 'at least one wait band' })
    .describe('Estimated-wait bands, ascending: the first band whose maxSeconds is not exceeded is said.');

/** What the customer queue flow says while the caller waits (the resolved map). */
export const queueFlowSpecSchema = z.strictObject({
  interruptSeconds: int(20, 600).describe('Seconds of hold messages between announcements.'),
  waitBands: waitBands(localizedSchema),
  waitLong: localizedSchema.describe('Said when the wait is longer than the last band.'),
  waitUnknown: localizedSchema.describe('Said when no estimate is available.'),
  holdMessages: z.array(localizedSchema).min(1, { error: 'at least one hold message' }),
  callbackOffer: localizedSchema,
});

/** The queue flow as written: every part optional, the texts from the language packs. */
export const queueFlowInputSchema = z
  .strictObject({
    interruptSeconds: queueFlowSpecSchema.shape.interruptSeconds.default(
      JOURNEY_DEFAULTS.queueFlowInterruptSeconds,
    ),
    waitBands: waitBands(localizedSchema).optional(),
    waitLong: localizedSchema.optional(),
    waitUnknown: localizedSchema.optional(),
    holdMessages: queueFlowSpecSchema.shape.holdMessages.optional(),
    callbackOffer: localizedSchema.optional(),
  })
  .describe('Customer queue flow; texts left out come from the language packs.');

const callbackSchema = z.strictObject({
  initialDelaySeconds: int(1, 259200)
    .default(JOURNEY_DEFAULTS.callback.initialDelaySeconds)
    .describe('Seconds before a queued callback is first routed.'),
  maxAttempts: int(1, 10).default(JOURNEY_DEFAULTS.callback.maxAttempts),
  retryDelaySeconds: int(1, 259200).default(JOURNEY_DEFAULTS.callback.retryDelaySeconds),
  countryCode: z
    .string({ error: 'an ISO 3166-1 alpha-2 code such as GB' })
    .regex(/^[A-Z]{2}$/, { error: 'an ISO 3166-1 alpha-2 code such as GB' })
    .describe('ISO country of locally formatted callback numbers the caller keys in.'),
});

const commonShape = {
  name: text(64).describe('Short name of the contact centre, used in descriptions.'),
  hours: hoursSpecSchema,
  queues: z.array(queueSpecSchema).min(1, { error: 'at least one queue' }),
  inputs: z.array(inputSpecSchema).default(() => []),
  intents: z
    .array(intentSpecSchema)
    .min(1, { error: 'from 1 to 9 intents' })
    .max(9, { error: 'from 1 to 9 intents' }),
  auth: authSpecSchema,
  notices: z
    .array(noticeSpecSchema)
    .default(() => [])
    .describe('Spoken to a recognised number only with personalisation.proactiveNotice.'),
  personalisation: personalisationSpecSchema
    .optional()
    .describe('Caller-ID personalisation before verification. Default: everything off.'),
  agentQueueId: queueId.describe('Queue for "speak to an adviser" fallbacks and technical failures.'),
  callbackQueueId: queueId.describe('Queue that receives queued callbacks.'),
  overflowQueueId: queueId.describe('Default overflow queue (OVERFLOW mode of a queue without its own).'),
  callback: callbackSchema,
  inputTimeLimitSeconds: int(1, 60)
    .default(JOURNEY_DEFAULTS.inputTimeLimitSeconds)
    .describe('Seconds the caller has to start keying in.'),
  menuAttempts: int(1, 5).default(JOURNEY_DEFAULTS.menuAttempts).describe('Menu attempts before an adviser.'),
  recordAgentCalls: z
    .boolean({ error: 'true or false' })
    .default(JOURNEY_DEFAULTS.recordAgentCalls)
    .describe('Record agent and customer once an adviser answers.'),
};

/**
 * The journey map as written (TypeScript, YAML or JSON). Languages are listed with their voices (the
 * first is the default); prompts and queue-flow texts are optional overrides of the language packs.
 * A resolved {@link JourneyMap} is also accepted (`languages` as codes with `voices` and
 * `defaultLanguage`), so validating a map twice gives the same map.
 */
export const journeyInputSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Where editors find this schema; ignored.'),
    ...commonShape,
    languages: z
      .array(
        z.union([languageCode, languageSpecSchema], {
          error: 'a language { code, voice, engine? } or a BCP-47 code with its voice under `voices`',
        }),
      )
      .min(1, { error: 'from 1 to 9 languages' })
      .max(9, { error: 'from 1 to 9 languages' })
      .describe('Languages the journey speaks, each with its Polly voice; the first is the default.'),
    defaultLanguage: languageCode.optional().describe('Default: the first language.'),
    voices: z
      .record(z.string(), voiceSpecSchema)
      .optional()
      .describe('Voices of languages listed as plain codes, keyed by code.'),
    prompts: promptOverridesSchema.optional(),
    queueFlow: queueFlowInputSchema.optional(),
  })
  .describe('A contact journey map: see docs/journey-maps.md.')
  .meta({ title: 'Contact journey map' });

/** The resolved journey map: what the compiler, the constructs and the tools read. */
export const journeyMapSchema = z.strictObject({
  ...commonShape,
  languages: z.array(languageCode).min(1),
  defaultLanguage: languageCode,
  voices: z.record(z.string(), voiceSpecSchema),
  prompts: promptSetSchema,
  queueFlow: queueFlowSpecSchema,
});

/** A language the journey speaks: a BCP-47 code such as `en`, `en-GB` or `es-ES`. */
export type Language = string;

/** A text in each language of the map. `{name}` placeholders are filled in by the flow. */
export type Localized = Readonly<Record<Language, string>>;

/** What a queue does for a caller when it is congested. */
export type UnderLoadMode = (typeof UNDER_LOAD_MODES)[number];

/** A day of the week, in Connect's spelling. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Compliance class of a collected value; drives logging, storage and encryption. */
export type DataClass = (typeof DATA_CLASSES)[number];

/** How an intent checks the caller's identity before self-service. */
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** What the flow does when the PIN verifies another customer than the caller-ID match. */
export type CallerIdMismatchPolicy = (typeof CALLER_ID_MISMATCH_POLICIES)[number];

/** A Connect queue and its behaviour under load. */
export type QueueSpec = DeepReadonly<z.output<typeof queueSpecSchema>>;

/** Opening hours with holiday closures. */
export type HoursSpec = DeepReadonly<z.output<typeof hoursSpecSchema>>;

/** A value the caller keys in. */
export type InputSpec = DeepReadonly<z.output<typeof inputSpecSchema>>;

/** A reason for contact. */
export type IntentSpec = DeepReadonly<z.output<typeof intentSpecSchema>>;

/** A proactive notice `identify-caller` can return (e.g. a delayed order). */
export type NoticeSpec = DeepReadonly<z.output<typeof noticeSpecSchema>>;

/** Polly voice of a language. */
export type VoiceSpec = DeepReadonly<z.output<typeof voiceSpecSchema>>;

/** A language as written in a map: code, voice and engine. */
export type LanguageSpec = DeepReadonly<z.output<typeof languageSpecSchema>>;

/** Which inputs the authentication steps collect. */
export type AuthSpec = DeepReadonly<z.output<typeof authSpecSchema>>;

/** Caller-ID personalisation before verification. */
export type PersonalisationSpec = DeepReadonly<z.output<typeof personalisationSpecSchema>>;

/** Fixed prompts of the flows, in every language. Placeholders: see `PROMPT_PLACEHOLDERS`. */
export type PromptSet = DeepReadonly<z.output<typeof promptSetSchema>>;

/** What the customer queue flow says while the caller waits. */
export type QueueFlowSpec = DeepReadonly<z.output<typeof queueFlowSpecSchema>>;

/** The resolved journey map (every default and language-pack text filled in). */
export type JourneyMap = DeepReadonly<z.output<typeof journeyMapSchema>>;

/** A journey map as written: what `defineJourney`, YAML and JSON maps give. */
export type JourneyInput = DeepReadonly<z.input<typeof journeyInputSchema>>;

/**
 * Identity function for a journey map written in TypeScript: it gives the editor the schema's
 * input type (completion, documentation, errors as you type). Validate with `validateJourneyMap`.
 */
export function defineJourney<const T extends JourneyInput>(map: T): T {
  return map;
}

/** The JSON Schema of a journey map as written (`schema/journey.schema.json`). */
export function journeyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(journeyInputSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
