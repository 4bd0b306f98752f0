/**
 * Validation of a journey map before anything is derived from it. Every rule fails with one
 * sentence naming the field (with the intent, queue or input id) and what is allowed, so a bad map
 * stops synth with a message a platform engineer can act on.
 */
import { INTEGRATIONS, type IntegrationName } from '../integrations/contracts';
import { isIsoDate, isTimeZone, minutesOf, parseTimeOfDay } from './hours';
import {
  CALLER_ID_MISMATCH_POLICIES,
  LANGUAGES,
  PERSONALISATION_KEYS,
  PROMPT_PLACEHOLDERS,
  UNDER_LOAD_MODES,
  WEEKDAYS,
  type AuthMethod,
  type DataClass,
  type IntentSpec,
  type JourneyMap,
  type Language,
  type Localized,
  type PersonalisationSpec,
  type PromptSet,
} from './types';

/** Raised when a journey map is invalid; the message is one sentence naming the field. */
export class JourneyError extends Error {
  constructor(
    readonly field: string,
    problem: string,
    readonly allowed: string,
  ) {
    super(`journey map field '${field}' ${problem}; allowed: ${allowed}.`);
    this.name = 'JourneyError';
  }
}

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

const ID = /^[a-z][a-z0-9]{0,15}$/;
const CAMEL_ID = /^[a-z][a-zA-Z0-9]{0,15}$/;
const QUEUE_NAME = /^[A-Za-z0-9 _.-]{1,127}$/;
const NOTICE_CODE = /^[A-Z][A-Z0-9_]{0,31}$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const DATA_CLASSES: readonly DataClass[] = ['PUBLIC', 'PII', 'PCI'];
const AUTH_METHODS: readonly AuthMethod[] = ['NONE', 'OTP', 'PIN', 'PIN_OR_OTP'];

// Typed as a record so adding a prompt to PromptSet without validating it fails to compile.
const PROMPT_KEYS: Readonly<Record<keyof PromptSet, true>> = {
  welcome: true,
  welcomeBack: true,
  languageOption: true,
  menuIntro: true,
  menuOption: true,
  menuRetry: true,
  menuGiveUp: true,
  afterHours: true,
  afterHoursCallbackOffer: true,
  callbackOffer: true,
  callbackNumberChoice: true,
  callbackEnterNumber: true,
  callbackInvalidNumber: true,
  callbackUnavailable: true,
  callbackConfirmed: true,
  transferring: true,
  overflowNotice: true,
  queueFull: true,
  technicalFailure: true,
  technicalFailureGoodbye: true,
  goodbye: true,
  anythingElse: true,
  inputTimeout: true,
  authChoice: true,
  authNotIdentified: true,
  otpSent: true,
  otpInvalid: true,
  otpUnavailable: true,
  authLocked: true,
  authFailed: true,
  pinInvalid: true,
  notFound: true,
  deflectOffer: true,
  deflectSent: true,
  deflectUnavailable: true,
};

// Not a type guard on purpose: narrowing a readonly array with Array.isArray widens it to any[].
const isList = (value: unknown): boolean => Array.isArray(value);

const show = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

function integerIn(field: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new JourneyError(field, `is ${show(value)}`, `an integer from ${min} to ${max}`);
  }
}

function nonEmpty(field: string, value: unknown, max = 250): void {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new JourneyError(field, `is ${show(value)}`, `a non-empty text of at most ${max} characters`);
  }
}

/** Placeholder names used in a text. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

function localized(
  field: string,
  value: Localized | undefined,
  languages: readonly Language[],
  placeholders: readonly string[] = [],
): void {
  if (value === undefined || value === null || typeof value !== 'object') {
    throw new JourneyError(field, `is ${show(value)}`, `a text for each of ${languages.join(', ')}`);
  }
  for (const lang of languages) {
    const text = (value as Partial<Record<Language, unknown>>)[lang];
    if (typeof text !== 'string' || text.trim().length === 0) {
      throw new JourneyError(
        `${field}.${lang}`,
        'is missing its translation',
        `a non-empty text in '${lang}'`,
      );
    }
    for (const name of placeholdersOf(text)) {
      if (!placeholders.includes(name)) {
        throw new JourneyError(
          `${field}.${lang}`,
          `uses the placeholder {${name}}`,
          placeholders.length > 0 ? placeholders.map((p) => `{${p}}`).join(', ') : 'no placeholders',
        );
      }
    }
  }
}

function unique<T>(field: string, items: readonly T[], key: (t: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new JourneyError(field, `has '${k}' twice`, `each ${what} once`);
    seen.add(k);
  }
}

/** The map's caller-ID personalisation with its defaults (everything off). */
export function personalisationOf(map: JourneyMap): Required<PersonalisationSpec> {
  return {
    greetByName: map.personalisation?.greetByName ?? false,
    proactiveNotice: map.personalisation?.proactiveNotice ?? false,
    speakPhoneHint: map.personalisation?.speakPhoneHint ?? false,
  };
}

/** The map's caller-ID mismatch policy with its default (`replace`). */
export function callerIdMismatchOf(map: JourneyMap): NonNullable<JourneyMap['auth']['callerIdMismatch']> {
  return map.auth.callerIdMismatch ?? 'replace';
}

/** Integration parameters a step or input of `intent` provides at run time. */
export function providedParameters(map: JourneyMap, intent: IntentSpec): Set<string> {
  const provided = new Set(['language', 'intent']);
  if (intent.auth !== 'NONE') {
    provided.add('authToken');
    provided.add('customerId');
  }
  for (const inputId of intent.inputs) {
    const input = map.inputs.find((i) => i.id === inputId);
    if (input) provided.add(input.parameter ?? input.id);
  }
  return provided;
}

function validateHours(map: JourneyMap): void {
  const { hours, languages } = map;
  if (hours === undefined || hours === null) throw new JourneyError('hours', 'is missing', 'an hours object');
  nonEmpty('hours.name', hours.name, 127);
  nonEmpty('hours.description', hours.description);
  if (typeof hours.timeZone !== 'string' || !isTimeZone(hours.timeZone)) {
    throw new JourneyError(
      'hours.timeZone',
      `is ${show(hours.timeZone)}`,
      'an IANA time zone such as Europe/London',
    );
  }
  if (!isList(hours.weekly) || hours.weekly.length === 0) {
    throw new JourneyError('hours.weekly', 'is empty', 'at least one opening range');
  }
  hours.weekly.forEach((range, i) => {
    const field = `hours.weekly[${i}]`;
    if (!WEEKDAYS.includes(range.day)) {
      throw new JourneyError(`${field}.day`, `is ${show(range.day)}`, WEEKDAYS.join(', '));
    }
    for (const key of ['start', 'end'] as const) {
      if (typeof range[key] !== 'string' || parseTimeOfDay(range[key]) === undefined) {
        throw new JourneyError(
          `${field}.${key}`,
          `is ${show(range[key])}`,
          'a time HH:MM from 00:00 to 24:00',
        );
      }
    }
    if (minutesOf(range.start) >= minutesOf(range.end)) {
      throw new JourneyError(
        field,
        `opens at ${range.start} and closes at ${range.end}`,
        'a start before the end',
      );
    }
    const overlapping = hours.weekly.find(
      (other, j) =>
        j < i &&
        other.day === range.day &&
        minutesOf(other.start) < minutesOf(range.end) &&
        minutesOf(range.start) < minutesOf(other.end),
    );
    if (overlapping) {
      throw new JourneyError(
        field,
        `overlaps ${overlapping.day} ${overlapping.start}-${overlapping.end}`,
        'ranges that do not overlap',
      );
    }
  });
  unique('hours.holidays', hours.holidays ?? [], (h) => h.date, 'date');
  (hours.holidays ?? []).forEach((holiday, i) => {
    const field = `hours.holidays[${i}]`;
    if (typeof holiday.date !== 'string' || !isIsoDate(holiday.date)) {
      throw new JourneyError(`${field}.date`, `is ${show(holiday.date)}`, 'a calendar date YYYY-MM-DD');
    }
    nonEmpty(`${field}.name`, holiday.name, 127);
    if (holiday.message !== undefined) localized(`${field}.message`, holiday.message, languages);
  });
}

function validateQueues(map: JourneyMap): void {
  if (!isList(map.queues) || map.queues.length === 0) {
    throw new JourneyError('queues', 'is empty', 'at least one queue');
  }
  const ids = new Set(map.queues.map((q) => q.id));
  unique('queues', map.queues, (q) => q.id, 'queue id');
  unique('queues', map.queues, (q) => q.name, 'queue name');
  for (const q of map.queues) {
    const field = `queues[${q.id}]`;
    if (typeof q.id !== 'string' || !ID.test(q.id)) {
      throw new JourneyError(
        `${field}.id`,
        `is ${show(q.id)}`,
        'lowercase letters and digits, starting with a letter, 1-16 characters',
      );
    }
    if (typeof q.name !== 'string' || !QUEUE_NAME.test(q.name) || q.name.trim() !== q.name) {
      throw new JourneyError(
        `${field}.name`,
        `is ${show(q.name)}`,
        'letters, digits, spaces, _ - and . only (it is the CloudWatch QueueName dimension), 1-127 characters, no leading or trailing space',
      );
    }
    nonEmpty(`${field}.description`, q.description);
    if (q.maxContacts !== undefined) integerIn(`${field}.maxContacts`, q.maxContacts, 1, 100000);
    if (q.underLoad === undefined || !UNDER_LOAD_MODES.includes(q.underLoad.mode)) {
      throw new JourneyError(
        `${field}.underLoad.mode`,
        `is ${show(q.underLoad?.mode)}`,
        UNDER_LOAD_MODES.join(', '),
      );
    }
    if (q.underLoad.mode === 'OVERFLOW' && q.underLoad.overflowQueueId === undefined) {
      throw new JourneyError(
        `${field}.underLoad.overflowQueueId`,
        'is missing for mode OVERFLOW',
        'the id of another queue',
      );
    }
    if (q.underLoad.overflowQueueId !== undefined) {
      if (!ids.has(q.underLoad.overflowQueueId) || q.underLoad.overflowQueueId === q.id) {
        throw new JourneyError(
          `${field}.underLoad.overflowQueueId`,
          `is ${show(q.underLoad.overflowQueueId)}`,
          `the id of another queue (${[...ids].filter((i) => i !== q.id).join(', ')})`,
        );
      }
    }
    integerIn(
      `${field}.underLoad.estimatedWaitThresholdSeconds`,
      q.underLoad.estimatedWaitThresholdSeconds,
      10,
      86400,
    );
    const a = q.alarms;
    if (a !== undefined) {
      if (a.longestWaitSeconds !== undefined)
        integerIn(`${field}.alarms.longestWaitSeconds`, a.longestWaitSeconds, 10, 86400);
      if (a.queueSize !== undefined) integerIn(`${field}.alarms.queueSize`, a.queueSize, 1, 10000);
      if (a.evaluationPeriods !== undefined)
        integerIn(`${field}.alarms.evaluationPeriods`, a.evaluationPeriods, 1, 60);
      if (a.datapointsToAlarm !== undefined) {
        integerIn(`${field}.alarms.datapointsToAlarm`, a.datapointsToAlarm, 1, a.evaluationPeriods ?? 60);
      }
    }
  }
  for (const key of ['agentQueueId', 'callbackQueueId', 'overflowQueueId'] as const) {
    if (!ids.has(map[key])) {
      throw new JourneyError(
        key,
        `is ${show(map[key])}, which is not a queue`,
        `one of ${[...ids].join(', ')}`,
      );
    }
  }
}

function validateInputs(map: JourneyMap): void {
  unique('inputs', map.inputs ?? [], (i) => i.id, 'input id');
  for (const input of map.inputs ?? []) {
    const field = `inputs[${input.id}]`;
    if (typeof input.id !== 'string' || !CAMEL_ID.test(input.id)) {
      throw new JourneyError(
        `${field}.id`,
        `is ${show(input.id)}`,
        'letters and digits starting with a lowercase letter, 1-16 characters',
      );
    }
    if (!DATA_CLASSES.includes(input.dataClass)) {
      throw new JourneyError(`${field}.dataClass`, `is ${show(input.dataClass)}`, DATA_CLASSES.join(', '));
    }
    integerIn(`${field}.minDigits`, input.minDigits, 1, 20);
    integerIn(`${field}.maxDigits`, input.maxDigits, input.minDigits, 20);
    if (input.parameter !== undefined && !/^[a-zA-Z][a-zA-Z0-9]{0,63}$/.test(input.parameter)) {
      throw new JourneyError(
        `${field}.parameter`,
        `is ${show(input.parameter)}`,
        'an integration parameter name',
      );
    }
    if (input.encrypt === true && input.dataClass === 'PUBLIC') {
      throw new JourneyError(
        `${field}.encrypt`,
        'is true for PUBLIC data',
        'encryption for PII or PCI inputs only',
      );
    }
    localized(`${field}.prompt`, input.prompt, map.languages);
  }
}

function validateAuth(map: JourneyMap): void {
  const used = new Set(map.intents.map((i) => i.auth));
  const needs = (method: 'OTP' | 'PIN'): boolean => used.has(method) || used.has('PIN_OR_OTP');
  integerIn('auth.maxAttempts', map.auth?.maxAttempts, 1, 5);
  const check = (key: keyof JourneyMap['auth'], classes: readonly DataClass[]): void => {
    const id = map.auth[key];
    const input = map.inputs.find((i) => i.id === id);
    if (input === undefined) {
      throw new JourneyError(
        `auth.${key}`,
        `is ${show(id)}, which no input defines`,
        `one of ${map.inputs.map((i) => i.id).join(', ') || 'the map inputs'}`,
      );
    }
    if (!classes.includes(input.dataClass)) {
      throw new JourneyError(
        `inputs[${input.id}].dataClass`,
        `is ${input.dataClass} for an authentication secret`,
        classes.join(' or '),
      );
    }
  };
  const mismatch: unknown = map.auth.callerIdMismatch;
  if (mismatch !== undefined && !(CALLER_ID_MISMATCH_POLICIES as readonly unknown[]).includes(mismatch)) {
    throw new JourneyError(
      'auth.callerIdMismatch',
      `is ${show(mismatch)}`,
      `${CALLER_ID_MISMATCH_POLICIES.map((p) => `'${p}'`).join(' or ')} (leave it out for 'replace')`,
    );
  }
  if (mismatch === 'refuse' && needs('PIN')) {
    // The flow cannot compare two attributes: pin-verify reports whether the account's customer is
    // the caller-ID match.
    const pin = INTEGRATIONS['pin-verify'];
    if (!pin.parameters.includes('callerCustomerId?') || !pin.outputs.includes('callerMatch')) {
      throw new JourneyError(
        'auth.callerIdMismatch',
        "is 'refuse', but pin-verify takes no 'callerCustomerId' parameter and returns no 'callerMatch' (lib/integrations/contracts.ts)",
        "'replace', or a pin-verify contract with both",
      );
    }
  }
  if (needs('OTP')) check('otpCodeInputId', ['PCI']);
  if (needs('PIN')) {
    check('accountNumberInputId', ['PII', 'PCI']);
    check('pinInputId', ['PCI']);
  }
}

function validatePersonalisation(map: JourneyMap): void {
  const p: unknown = map.personalisation;
  if (p === undefined) return;
  if (typeof p !== 'object' || p === null || isList(p)) {
    throw new JourneyError(
      'personalisation',
      `is ${show(p)}`,
      `an object with ${PERSONALISATION_KEYS.join(', ')} (each true or false)`,
    );
  }
  for (const [key, value] of Object.entries(p)) {
    if (!(PERSONALISATION_KEYS as readonly string[]).includes(key)) {
      throw new JourneyError(`personalisation.${key}`, 'is not a setting', PERSONALISATION_KEYS.join(', '));
    }
    if (value !== undefined && typeof value !== 'boolean') {
      throw new JourneyError(`personalisation.${key}`, `is ${show(value)}`, 'true or false (default false)');
    }
  }
}

function validateIntents(map: JourneyMap): void {
  const { intents, languages } = map;
  if (!isList(intents) || intents.length === 0 || intents.length > 9) {
    throw new JourneyError(
      'intents',
      `has ${isList(intents) ? intents.length : 0} intents`,
      'from 1 to 9 intents',
    );
  }
  const queueIds = new Set(map.queues.map((q) => q.id));
  const authInputs = new Set([map.auth.otpCodeInputId, map.auth.accountNumberInputId, map.auth.pinInputId]);
  unique('intents', intents, (i) => i.id, 'intent id');
  intents.forEach((intent, index) => {
    const field = `intents[${intent.id}]`;
    if (typeof intent.id !== 'string' || !CAMEL_ID.test(intent.id)) {
      throw new JourneyError(
        `${field}.id`,
        `is ${show(intent.id)}`,
        'letters and digits starting with a lowercase letter, 1-16 characters',
      );
    }
    if (typeof intent.dtmf !== 'string' || !/^[1-9]$/.test(intent.dtmf)) {
      throw new JourneyError(`${field}.dtmf`, `is ${show(intent.dtmf)}`, 'a single key from 1 to 9');
    }
    const clash = intents.find((other, j) => j < index && other.dtmf === intent.dtmf);
    if (clash) {
      throw new JourneyError(
        `${field}.dtmf`,
        `is '${intent.dtmf}', already used by intent '${clash.id}'`,
        'a key from 1 to 9 that no other intent uses',
      );
    }
    localized(`${field}.label`, intent.label, languages);
    if (!AUTH_METHODS.includes(intent.auth)) {
      throw new JourneyError(`${field}.auth`, `is ${show(intent.auth)}`, AUTH_METHODS.join(', '));
    }
    if (!queueIds.has(intent.queueId)) {
      throw new JourneyError(
        `${field}.queueId`,
        `is ${show(intent.queueId)}, which is not a queue`,
        `one of ${[...queueIds].join(', ')}`,
      );
    }
    if (!isList(intent.inputs))
      throw new JourneyError(`${field}.inputs`, 'is not a list', 'a list of input ids');
    unique(`${field}.inputs`, intent.inputs, (i) => i, 'input');
    intent.inputs.forEach((inputId, i) => {
      const input = map.inputs.find((x) => x.id === inputId);
      if (input === undefined) {
        throw new JourneyError(
          `${field}.inputs[${i}]`,
          `is '${inputId}', which no input defines`,
          `one of ${map.inputs.map((x) => x.id).join(', ')}`,
        );
      }
      if (authInputs.has(inputId)) {
        throw new JourneyError(
          `${field}.inputs[${i}]`,
          `is '${inputId}', which authentication collects`,
          'inputs other than the auth inputs (set auth instead)',
        );
      }
      // A PCI value cannot be kept in an attribute, so it must go straight to the integration.
      if (input.dataClass === 'PCI' && i !== intent.inputs.length - 1) {
        throw new JourneyError(
          `${field}.inputs[${i}]`,
          `is the PCI input '${inputId}' before other inputs`,
          'a PCI input only as the last input',
        );
      }
    });
    if (typeof intent.selfService !== 'boolean') {
      throw new JourneyError(`${field}.selfService`, `is ${show(intent.selfService)}`, 'true or false');
    }
    if (intent.integration === undefined) {
      if (intent.selfService) {
        throw new JourneyError(
          `${field}.integration`,
          'is missing for a self-service intent',
          SELF_SERVICE_INTEGRATIONS.join(', '),
        );
      }
      if (intent.inputs.length > 0) {
        throw new JourneyError(
          `${field}.inputs`,
          'lists inputs but the intent has no integration to use them',
          'no inputs, or an integration',
        );
      }
      return;
    }
    if (!SELF_SERVICE_INTEGRATIONS.includes(intent.integration)) {
      throw new JourneyError(
        `${field}.integration`,
        `is ${show(intent.integration)}`,
        SELF_SERVICE_INTEGRATIONS.join(', '),
      );
    }
    const contract = INTEGRATIONS[intent.integration];
    const provided = providedParameters(map, intent);
    for (const parameter of contract.parameters) {
      if (parameter.endsWith('?')) continue;
      if (!provided.has(parameter)) {
        throw new JourneyError(
          `${field}.integration`,
          `is '${intent.integration}', which needs parameter '${parameter}' that no input or step of the intent provides`,
          parameter === 'authToken' || parameter === 'customerId'
            ? `auth other than NONE, or an integration that does not need '${parameter}'`
            : `an input whose parameter is '${parameter}'`,
        );
      }
    }
    const accepted = new Set(contract.parameters.map((p) => p.replace(/\?$/, '')));
    for (const inputId of intent.inputs) {
      const input = map.inputs.find((x) => x.id === inputId);
      const parameter = input?.parameter ?? inputId;
      if (!accepted.has(parameter)) {
        throw new JourneyError(
          `${field}.inputs`,
          `collects '${inputId}' for parameter '${parameter}', which '${intent.integration}' does not take`,
          `inputs for ${[...accepted].join(', ')}`,
        );
      }
    }
    if (intent.result === undefined) {
      throw new JourneyError(
        `${field}.result`,
        'is missing for an intent with an integration',
        'a text for each language',
      );
    }
    localized(`${field}.result`, intent.result, languages, contract.outputs);
    if (intent.notFound !== undefined) localized(`${field}.notFound`, intent.notFound, languages);
  });
}

/**
 * Checks a journey map and returns it unchanged.
 * @throws JourneyError naming the first invalid field.
 */
export function validateJourneyMap(map: JourneyMap): JourneyMap {
  nonEmpty('name', map.name, 64);
  if (!isList(map.languages) || map.languages.length === 0) {
    throw new JourneyError(
      'languages',
      `is ${show(map.languages)}`,
      `a non-empty list of ${LANGUAGES.join(', ')}`,
    );
  }
  for (const lang of map.languages) {
    if (!LANGUAGES.includes(lang))
      throw new JourneyError('languages', `has ${show(lang)}`, LANGUAGES.join(', '));
  }
  unique('languages', map.languages, (l) => l, 'language');
  if (!map.languages.includes(map.defaultLanguage)) {
    throw new JourneyError(
      'defaultLanguage',
      `is ${show(map.defaultLanguage)}`,
      `one of the map languages (${map.languages.join(', ')})`,
    );
  }
  for (const lang of map.languages) {
    const v = map.voices?.[lang];
    if (v === undefined || typeof v.voice !== 'string' || !/^[A-Za-z]{2,20}$/.test(v.voice)) {
      throw new JourneyError(
        `voices.${lang}`,
        `is ${show(v)}`,
        'an Amazon Polly voice name such as Amy or Lea',
      );
    }
  }
  validateHours(map);
  validateQueues(map);
  validateInputs(map);
  if (map.auth === undefined)
    throw new JourneyError('auth', 'is missing', 'the ids of the OTP code, account number and PIN inputs');
  validateIntents(map);
  validateAuth(map);

  unique('notices', map.notices ?? [], (n) => n.code, 'notice code');
  for (const notice of map.notices ?? []) {
    if (typeof notice.code !== 'string' || !NOTICE_CODE.test(notice.code)) {
      throw new JourneyError(
        `notices[${notice.code}].code`,
        `is ${show(notice.code)}`,
        'upper-case letters, digits and _, 1-32 characters',
      );
    }
    localized(`notices[${notice.code}].message`, notice.message, map.languages);
  }

  validatePersonalisation(map);
  const { speakPhoneHint } = personalisationOf(map);
  if (map.prompts === undefined) throw new JourneyError('prompts', 'is missing', 'every fixed prompt');
  // The phone hint is spoken before the caller is verified: only when the map turns it on.
  if (!speakPhoneHint) {
    for (const lang of map.languages) {
      const text = map.prompts.otpSent?.[lang];
      if (typeof text === 'string' && placeholdersOf(text).includes('phoneHint')) {
        throw new JourneyError(
          `prompts.otpSent.${lang}`,
          'uses the placeholder {phoneHint}, which speaks the last digits of the phone before the caller is verified',
          'no placeholders, or set personalisation.speakPhoneHint: true',
        );
      }
    }
  }
  const promptKeys = Object.keys(PROMPT_KEYS) as (keyof PromptSet)[];
  for (const key of promptKeys) {
    localized(`prompts.${key}`, map.prompts[key], map.languages, PROMPT_PLACEHOLDERS[key] ?? []);
  }

  const qf = map.queueFlow;
  if (qf === undefined) throw new JourneyError('queueFlow', 'is missing', 'the customer queue flow settings');
  integerIn('queueFlow.interruptSeconds', qf.interruptSeconds, 20, 600);
  if (!isList(qf.waitBands) || qf.waitBands.length === 0) {
    throw new JourneyError('queueFlow.waitBands', 'is empty', 'at least one wait band');
  }
  qf.waitBands.forEach((band, i) => {
    const previous = i === 0 ? 0 : (qf.waitBands[i - 1]?.maxSeconds ?? 0);
    integerIn(`queueFlow.waitBands[${i}].maxSeconds`, band.maxSeconds, previous + 1, 86400);
    localized(`queueFlow.waitBands[${i}].message`, band.message, map.languages);
  });
  localized('queueFlow.waitLong', qf.waitLong, map.languages);
  localized('queueFlow.waitUnknown', qf.waitUnknown, map.languages);
  localized('queueFlow.callbackOffer', qf.callbackOffer, map.languages);
  if (!isList(qf.holdMessages) || qf.holdMessages.length === 0) {
    throw new JourneyError('queueFlow.holdMessages', 'is empty', 'at least one hold message');
  }
  qf.holdMessages.forEach((m, i) => localized(`queueFlow.holdMessages[${i}]`, m, map.languages));

  integerIn('callback.initialDelaySeconds', map.callback?.initialDelaySeconds, 1, 259200);
  integerIn('callback.maxAttempts', map.callback.maxAttempts, 1, 10);
  integerIn('callback.retryDelaySeconds', map.callback.retryDelaySeconds, 1, 259200);
  if (typeof map.callback.countryCode !== 'string' || !/^[A-Z]{2}$/.test(map.callback.countryCode)) {
    throw new JourneyError(
      'callback.countryCode',
      `is ${show(map.callback.countryCode)}`,
      'an ISO 3166-1 alpha-2 code such as GB',
    );
  }
  integerIn('inputTimeLimitSeconds', map.inputTimeLimitSeconds, 1, 60);
  integerIn('menuAttempts', map.menuAttempts, 1, 5);
  if (typeof map.recordAgentCalls !== 'boolean') {
    throw new JourneyError('recordAgentCalls', `is ${show(map.recordAgentCalls)}`, 'true or false');
  }
  return map;
}
