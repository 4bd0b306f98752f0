/**
 * Validation of a journey map before anything is derived from it: the schema (`schema.ts`) checks
 * each field, then the cross-field checks here (duplicate keys, unknown queues and inputs, languages
 * and their texts, authentication, placeholders, ...). Every problem is collected, each as
 * `{ path, message, hint }` with the path in the map's own terms (`intents[balance].auth`), so a bad
 * map is reported in one pass, by the CLI and at synth alike.
 */
import type * as z from 'zod';
import { INTEGRATIONS } from '../integrations/contracts';
import { minutesOf } from './hours';
import { isPollyLanguage } from './languages';
import { resolveJourney } from './resolve';
import {
  BCP47_PATTERN,
  CALLER_ID_MISMATCH_POLICIES,
  journeyInputSchema,
  PROMPT_PLACEHOLDERS,
  SELF_SERVICE_INTEGRATIONS,
  type IntentSpec,
  type JourneyInput,
  type JourneyMap,
  type PersonalisationSpec,
} from './schema';
import { packFor, PACK_LANGUAGES, PROMPT_KEYS, type LanguagePack } from './packs';

/** One problem of a journey map. */
export interface JourneyProblem {
  /** Where, in the map's terms: `intents[balance].auth`, `queues[billing].underLoad.mode`. */
  readonly path: string;
  /** What is wrong, e.g. `is "SOMETIMES"`. */
  readonly message: string;
  /** How to fix it, e.g. `use one of NONE, OTP, PIN, PIN_OR_OTP`. */
  readonly hint: string;
}

/** One line per problem: `path: message; hint`. */
export function formatProblem(p: JourneyProblem): string {
  return `${p.path}: ${p.message}; ${p.hint}`;
}

/** Raised when a journey map is invalid; lists every problem. */
export class JourneyError extends Error {
  /** Path of the first problem (kept for callers that report one field). */
  readonly field: string;

  constructor(readonly problems: readonly JourneyProblem[]) {
    const n = problems.length;
    super(
      `the journey map has ${n} problem${n === 1 ? '' : 's'} (journey map field: problem; fix):\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'JourneyError';
    this.field = problems[0]?.path ?? '';
  }
}

/** Placeholder names used in a text. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);
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
export function providedParameters(
  map: { readonly inputs: readonly { readonly id: string; readonly parameter?: string }[] },
  intent: Pick<IntentSpec, 'auth' | 'inputs'>,
): Set<string> {
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

// ---------------------------------------------------------------------------------------------
// Reading the map as written. The cross-field checks run even when the schema found problems, so
// they read the raw value defensively: anything of the wrong shape is the schema's to report.

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const objects = (v: unknown): Raw[] => list(v).filter(isObject);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const show = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/** `[id]` for an array element with an id or code, else `[index]`. */
function elementKey(element: unknown, index: number): string {
  if (isObject(element)) {
    const key = str(element.id) ?? str(element.code) ?? str(element.date);
    if (key !== undefined && key !== '') return `[${key}]`;
  }
  return `[${index}]`;
}

/** A zod path in the map's terms: `['intents', 0, 'auth']` -> `intents[balance].auth`. */
export function mapPath(raw: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = raw;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += elementKey(list(node)[segment], segment);
      node = list(node)[segment];
    } else {
      const key = String(segment);
      out += out === '' ? key : `.${key}`;
      node = isObject(node) ? node[key] : undefined;
    }
  }
  return out === '' ? '(map)' : out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const segment of path) {
    if (typeof segment === 'number') node = list(node)[segment];
    else node = isObject(node) ? node[String(segment)] : undefined;
  }
  return node;
}

/** Problems of one zod issue, in the map's terms. */
function problemsOfIssue(raw: unknown, issue: z.core.$ZodIssue): JourneyProblem[] {
  const path = mapPath(raw, issue.path);
  const value = valueAt(raw, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: path === '(map)' ? key : `${path}.${key}`,
        message: 'is not a field of the journey map here',
        hint: 'remove it or check its spelling (schema/journey.schema.json lists the fields)',
      }));
    case 'invalid_type':
      if (value === undefined) {
        return [{ path, message: 'is missing', hint: `add it: ${hintText(issue.message, issue.expected)}` }];
      }
      return [{ path, message: `is ${show(value)}`, hint: `use ${hintText(issue.message, issue.expected)}` }];
    case 'invalid_union':
      return [{ path, message: `is ${show(value)}`, hint: `use ${issue.message}` }];
    default:
      return [{ path, message: `is ${show(value)}`, hint: `use ${hintText(issue.message, '')}` }];
  }
}

// zod's own messages ("Invalid input: ...") are replaced by what the field expects.
function hintText(message: string, expected: string): string {
  if (/^(Invalid|Too (small|big))/.test(message)) return expected === '' ? message : `a ${expected}`;
  return message;
}

/** Collects cross-field problems. */
class Problems {
  readonly list: JourneyProblem[] = [];
  add(path: string, message: string, hint: string): void {
    this.list.push({ path, message, hint });
  }
}

interface Context {
  readonly raw: Raw;
  readonly languages: readonly string[];
  readonly problems: Problems;
}

function languageCodes(raw: Raw): string[] {
  return list(raw.languages)
    .map((l) => (isObject(l) ? str(l.code) : str(l)))
    .filter((c): c is string => c !== undefined && BCP47_PATTERN.test(c));
}

/** A map text: exactly the map's languages, non-empty, only the allowed placeholders. */
function localized(
  ctx: Context,
  path: string,
  value: unknown,
  placeholders: readonly string[] = [],
  options: { readonly optional?: boolean; readonly fallback?: (lang: string) => string | undefined } = {},
): void {
  if (value === undefined) {
    if (!options.optional)
      ctx.problems.add(path, 'is missing', `add a text for each of ${ctx.languages.join(', ')}`);
    return;
  }
  if (!isObject(value)) return; // the schema reports it
  for (const lang of ctx.languages) {
    const t = value[lang];
    if (t === undefined) {
      if (options.fallback?.(lang) !== undefined) continue;
      ctx.problems.add(
        `${path}.${lang}`,
        'is missing',
        `add the '${lang}' text (every language of the map needs one)`,
      );
    } else if (typeof t === 'string' && t.trim() === '') {
      ctx.problems.add(`${path}.${lang}`, 'is empty', `write the '${lang}' text`);
    } else if (typeof t === 'string') {
      for (const name of placeholdersOf(t)) {
        if (!placeholders.includes(name)) {
          ctx.problems.add(
            `${path}.${lang}`,
            `uses the placeholder {${name}}`,
            placeholders.length > 0
              ? `use only ${placeholders.map((p) => `{${p}}`).join(', ')}`
              : 'remove it: this text takes no placeholders',
          );
        }
      }
    }
  }
  for (const lang of Object.keys(value)) {
    if (!ctx.languages.includes(lang)) {
      ctx.problems.add(
        `${path}.${lang}`,
        `is a text in '${lang}', which is not a language of the map (${ctx.languages.join(', ')})`,
        `remove it, or add '${lang}' to languages`,
      );
    }
  }
}

function duplicates(ctx: Context, path: string, items: readonly unknown[], what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'string') continue;
    if (seen.has(item)) ctx.problems.add(path, `has '${item}' twice`, `give each ${what} once`);
    seen.add(item);
  }
}

function checkLanguages(ctx: Context): void {
  const { raw, problems } = ctx;
  const voices = isObject(raw.voices) ? raw.voices : {};
  duplicates(ctx, 'languages', ctx.languages, 'language');
  list(raw.languages).forEach((l, i) => {
    const code = isObject(l) ? str(l.code) : str(l);
    if (code === undefined || !BCP47_PATTERN.test(code)) return; // the schema reports it
    const path = `languages[${code}]`;
    if (!isPollyLanguage(code)) {
      problems.add(
        path,
        `is '${code}', a language Amazon Polly does not speak`,
        'use a BCP-47 code of a Polly language, such as en-GB, fr-FR, es-ES, es-MX or de-DE',
      );
    }
    if (!isObject(l) && !isObject(voices[code])) {
      problems.add(
        path,
        'has no voice',
        `write it as { code: ${code}, voice: <Polly voice> }, or add voices.${code}`,
      );
    }
    void i;
  });
  for (const code of Object.keys(voices)) {
    if (!ctx.languages.includes(code)) {
      problems.add(
        `voices.${code}`,
        `is a voice for '${code}', which is not a language of the map`,
        'remove it',
      );
    }
  }
  const fallback = str(raw.defaultLanguage);
  if (fallback !== undefined && !ctx.languages.includes(fallback)) {
    problems.add(
      'defaultLanguage',
      `is '${fallback}', which is not a language of the map`,
      `use one of ${ctx.languages.join(', ')}, or leave it out for the first language`,
    );
  }
}

function checkHours(ctx: Context): void {
  const hours = isObject(ctx.raw.hours) ? ctx.raw.hours : {};
  const weekly = objects(hours.weekly);
  const valid = (t: unknown): t is string => typeof t === 'string' && /^\d{2}:\d{2}$/.test(t);
  weekly.forEach((range, i) => {
    const { day, start, end } = range;
    if (!valid(start) || !valid(end)) return;
    if (minutesOf(start) >= minutesOf(end)) {
      ctx.problems.add(`hours.weekly[${i}]`, `opens at ${start} and closes at ${end}`, 'open before closing');
      return;
    }
    const overlapping = weekly.find(
      (other, j) =>
        j < i &&
        other.day === day &&
        valid(other.start) &&
        valid(other.end) &&
        minutesOf(other.start) < minutesOf(end) &&
        minutesOf(start) < minutesOf(other.end),
    );
    if (overlapping) {
      ctx.problems.add(
        `hours.weekly[${i}]`,
        `overlaps ${String(overlapping.day)} ${String(overlapping.start)}-${String(overlapping.end)}`,
        'use ranges that do not overlap',
      );
    }
  });
  const holidays = objects(hours.holidays);
  duplicates(
    ctx,
    'hours.holidays',
    holidays.map((h) => h.date),
    'date',
  );
  for (const h of holidays) {
    localized(ctx, `hours.holidays[${String(h.date)}].message`, h.message, [], { optional: true });
  }
}

function checkQueues(ctx: Context): void {
  const { raw, problems } = ctx;
  const queues = objects(raw.queues);
  const ids = queues.map((q) => str(q.id)).filter((id): id is string => id !== undefined);
  duplicates(ctx, 'queues', ids, 'queue id');
  duplicates(
    ctx,
    'queues',
    queues.map((q) => q.name),
    'queue name',
  );
  for (const q of queues) {
    const path = `queues[${String(q.id)}]`;
    const underLoad = isObject(q.underLoad) ? q.underLoad : {};
    const overflow = str(underLoad.overflowQueueId);
    if (underLoad.mode === 'OVERFLOW' && underLoad.overflowQueueId === undefined) {
      problems.add(
        `${path}.underLoad.overflowQueueId`,
        'is missing for mode OVERFLOW',
        `name the queue that takes the overflow (${ids.filter((i) => i !== q.id).join(', ')})`,
      );
    }
    if (overflow !== undefined && (!ids.includes(overflow) || overflow === q.id)) {
      problems.add(
        `${path}.underLoad.overflowQueueId`,
        overflow === q.id ? 'is the queue itself' : `is '${overflow}', which is not a queue`,
        `use another queue: ${ids.filter((i) => i !== q.id).join(', ')}`,
      );
    }
    const alarms = isObject(q.alarms) ? q.alarms : {};
    const periods = typeof alarms.evaluationPeriods === 'number' ? alarms.evaluationPeriods : 60;
    if (typeof alarms.datapointsToAlarm === 'number' && alarms.datapointsToAlarm > periods) {
      problems.add(
        `${path}.alarms.datapointsToAlarm`,
        `is ${alarms.datapointsToAlarm}, more than evaluationPeriods (${periods})`,
        `use at most ${periods}`,
      );
    }
  }
  for (const key of ['agentQueueId', 'callbackQueueId', 'overflowQueueId'] as const) {
    const id = str(raw[key]);
    if (id !== undefined && !ids.includes(id)) {
      problems.add(key, `is '${id}', which is not a queue`, `use one of ${ids.join(', ')}`);
    }
  }
}

function checkInputs(ctx: Context): void {
  const inputs = objects(ctx.raw.inputs);
  duplicates(
    ctx,
    'inputs',
    inputs.map((i) => i.id),
    'input id',
  );
  for (const input of inputs) {
    const path = `inputs[${String(input.id)}]`;
    const { minDigits, maxDigits } = input;
    if (typeof minDigits === 'number' && typeof maxDigits === 'number' && maxDigits < minDigits) {
      ctx.problems.add(
        `${path}.maxDigits`,
        `is ${maxDigits}, less than minDigits (${minDigits})`,
        `use ${minDigits} to 20`,
      );
    }
    if (input.encrypt === true && input.dataClass === 'PUBLIC') {
      ctx.problems.add(
        `${path}.encrypt`,
        'is true for PUBLIC data',
        'encrypt PII or PCI inputs only, or remove it',
      );
    }
    localized(ctx, `${path}.prompt`, input.prompt);
  }
}

function checkIntents(ctx: Context): void {
  const { raw, problems } = ctx;
  const intents = objects(raw.intents);
  const inputs = objects(raw.inputs);
  const queueIds = objects(raw.queues).map((q) => q.id);
  const auth = isObject(raw.auth) ? raw.auth : {};
  const authInputs = [
    auth.otpCodeInputId ?? 'otpCode',
    auth.accountNumberInputId ?? 'accountNumber',
    auth.pinInputId ?? 'pin',
  ];
  duplicates(
    ctx,
    'intents',
    intents.map((i) => i.id),
    'intent id',
  );
  intents.forEach((intent, index) => {
    const path = `intents[${String(intent.id)}]`;
    const clash = intents.find((other, j) => j < index && other.dtmf === intent.dtmf);
    if (clash && typeof intent.dtmf === 'string') {
      problems.add(
        `${path}.dtmf`,
        `is '${intent.dtmf}', already used by intent '${String(clash.id)}'`,
        'use a key from 1 to 9 that no other intent uses',
      );
    }
    localized(ctx, `${path}.label`, intent.label);
    if (typeof intent.queueId === 'string' && !queueIds.includes(intent.queueId)) {
      problems.add(
        `${path}.queueId`,
        `is '${intent.queueId}', which is not a queue`,
        `use one of ${queueIds.join(', ')}`,
      );
    }
    const inputIds = list(intent.inputs ?? []).filter((i): i is string => typeof i === 'string');
    duplicates(ctx, `${path}.inputs`, inputIds, 'input');
    inputIds.forEach((inputId, i) => {
      const input = inputs.find((x) => x.id === inputId);
      if (input === undefined) {
        problems.add(
          `${path}.inputs[${i}]`,
          `is '${inputId}', which no input defines`,
          `use one of ${inputs.map((x) => String(x.id)).join(', ') || '(no inputs yet: add it under inputs)'}`,
        );
      } else if (authInputs.includes(inputId)) {
        problems.add(
          `${path}.inputs[${i}]`,
          `is '${inputId}', which authentication collects`,
          'set auth instead of listing the authentication input',
        );
      } else if (input.dataClass === 'PCI' && i !== inputIds.length - 1) {
        // A PCI value cannot be kept in an attribute, so it must go straight to the integration.
        problems.add(
          `${path}.inputs[${i}]`,
          `is the PCI input '${inputId}' before other inputs`,
          'put a PCI input last',
        );
      }
    });
    const integration = str(intent.integration);
    if (integration === undefined) {
      if (intent.selfService === true) {
        problems.add(
          `${path}.integration`,
          'is missing for a self-service intent',
          `add one of ${SELF_SERVICE_INTEGRATIONS.join(', ')}, or set selfService: false`,
        );
      }
      if (inputIds.length > 0) {
        problems.add(
          `${path}.inputs`,
          'lists inputs but the intent has no integration to use them',
          'remove the inputs, or add an integration',
        );
      }
      if (intent.result !== undefined) {
        problems.add(
          `${path}.result`,
          'is set but the intent has no integration to answer',
          'remove it, or add an integration',
        );
      }
      return;
    }
    const contract = SELF_SERVICE_INTEGRATIONS.find((n) => n === integration);
    if (contract === undefined) return; // the schema reports it
    const { parameters, outputs } = INTEGRATIONS[contract];
    const auth = typeof intent.auth === 'string' ? intent.auth : 'NONE';
    const knownInputs = inputs.flatMap((x) =>
      typeof x.id === 'string' ? [{ id: x.id, parameter: str(x.parameter) }] : [],
    );
    const provided = providedParameters(
      { inputs: knownInputs.map((x) => (x.parameter ? { id: x.id, parameter: x.parameter } : { id: x.id })) },
      { auth: auth as IntentSpec['auth'], inputs: inputIds },
    );
    for (const parameter of parameters) {
      if (parameter.endsWith('?') || provided.has(parameter)) continue;
      problems.add(
        `${path}.integration`,
        `is '${integration}', which needs parameter '${parameter}' that no input or step of the intent provides`,
        parameter === 'authToken' || parameter === 'customerId'
          ? `set auth to OTP, PIN or PIN_OR_OTP, or use an integration that does not need '${parameter}'`
          : `add an input whose parameter is '${parameter}'`,
      );
    }
    const accepted = new Set(parameters.map((p) => p.replace(/\?$/, '')));
    for (const inputId of inputIds) {
      const parameter = knownInputs.find((x) => x.id === inputId)?.parameter ?? inputId;
      if (!accepted.has(parameter)) {
        problems.add(
          `${path}.inputs`,
          `collects '${inputId}' for parameter '${parameter}', which '${integration}' does not take`,
          `collect only inputs for ${[...accepted].join(', ')}`,
        );
      }
    }
    if (intent.result === undefined) {
      problems.add(
        `${path}.result`,
        'is missing for an intent with an integration',
        `add the text spoken on success in each of ${ctx.languages.join(', ')} (placeholders: ${outputs.map((o) => `{${o}}`).join(', ')})`,
      );
    } else {
      localized(ctx, `${path}.result`, intent.result, outputs);
    }
    localized(ctx, `${path}.notFound`, intent.notFound, [], { optional: true });
  });
}

function checkAuth(ctx: Context): void {
  const { raw, problems } = ctx;
  const auth = isObject(raw.auth) ? raw.auth : {};
  const inputs = objects(raw.inputs);
  const used = new Set(objects(raw.intents).map((i) => i.auth));
  const needs = (method: 'OTP' | 'PIN'): boolean => used.has(method) || used.has('PIN_OR_OTP');
  const check = (
    key: 'otpCodeInputId' | 'accountNumberInputId' | 'pinInputId',
    fallback: string,
    classes: readonly string[],
  ): void => {
    const id = auth[key] ?? fallback;
    const input = inputs.find((i) => i.id === id);
    if (input === undefined) {
      problems.add(
        `auth.${key}`,
        `is ${show(id)}${auth[key] === undefined ? ' (the default)' : ''}, which no input defines`,
        `add an input '${String(id)}' (${classes.join(' or ')}), or name one of ${inputs.map((i) => String(i.id)).join(', ') || 'the map inputs'}`,
      );
    } else if (!classes.includes(String(input.dataClass))) {
      problems.add(
        `inputs[${String(input.id)}].dataClass`,
        `is ${String(input.dataClass)} for an authentication secret`,
        `use ${classes.join(' or ')}`,
      );
    }
  };
  if (auth.callerIdMismatch === 'refuse' && needs('PIN')) {
    // The flow cannot compare two attributes: pin-verify reports whether the account's customer is
    // the caller-ID match.
    const pin = INTEGRATIONS['pin-verify'];
    if (!pin.parameters.includes('callerCustomerId?') || !pin.outputs.includes('callerMatch')) {
      problems.add(
        'auth.callerIdMismatch',
        "is 'refuse', but pin-verify takes no 'callerCustomerId' parameter and returns no 'callerMatch' (lib/integrations/contracts.ts)",
        `use ${CALLER_ID_MISMATCH_POLICIES.map((p) => `'${p}'`).join(' or ')} with a pin-verify contract that has both`,
      );
    }
  }
  if (needs('OTP')) check('otpCodeInputId', 'otpCode', ['PCI']);
  if (needs('PIN')) {
    check('accountNumberInputId', 'accountNumber', ['PII', 'PCI']);
    check('pinInputId', 'pin', ['PCI']);
  }
}

/** Prompts and queue-flow texts: from the map, else its language pack, else a problem per language. */
function checkTexts(ctx: Context): void {
  const { raw, problems } = ctx;
  const prompts = isObject(raw.prompts) ? raw.prompts : {};
  const personalisation = isObject(raw.personalisation) ? raw.personalisation : {};
  const packs = new Map<string, LanguagePack | undefined>(ctx.languages.map((l) => [l, packFor(l)]));
  const missing = new Map<string, string[]>();
  const need = (lang: string, what: string): void => {
    missing.set(lang, [...(missing.get(lang) ?? []), what]);
  };
  for (const key of PROMPT_KEYS) {
    localized(ctx, `prompts.${key}`, prompts[key], PROMPT_PLACEHOLDERS[key] ?? [], {
      optional: true,
      fallback: (lang) => packs.get(lang)?.prompts[key],
    });
    for (const lang of ctx.languages) {
      const own = isObject(prompts[key]) ? prompts[key][lang] : undefined;
      if (own === undefined && packs.get(lang) === undefined) need(lang, `prompts.${key}`);
    }
  }
  // The phone hint is spoken before the caller is verified: only when the map turns it on.
  if (personalisation.speakPhoneHint !== true && isObject(prompts.otpSent)) {
    for (const [lang, t] of Object.entries(prompts.otpSent)) {
      if (typeof t === 'string' && placeholdersOf(t).includes('phoneHint')) {
        problems.add(
          `prompts.otpSent.${lang}`,
          'uses the placeholder {phoneHint}, which speaks the last digits of the phone before the caller is verified',
          'remove it, or set personalisation.speakPhoneHint: true',
        );
      }
    }
  }
  const qf = isObject(raw.queueFlow) ? raw.queueFlow : {};
  const fromPack = (what: string, value: unknown): void => {
    for (const lang of ctx.languages) {
      if (value === undefined && packs.get(lang) === undefined) need(lang, `queueFlow.${what}`);
    }
  };
  const bands = objects(qf.waitBands);
  bands.forEach((band, i) => {
    const previous = i === 0 ? 0 : Number(bands[i - 1]?.maxSeconds ?? 0);
    if (typeof band.maxSeconds === 'number' && band.maxSeconds <= previous) {
      problems.add(
        `queueFlow.waitBands[${i}].maxSeconds`,
        `is ${band.maxSeconds}`,
        `use more than ${previous} (bands go up)`,
      );
    }
    localized(ctx, `queueFlow.waitBands[${i}].message`, band.message);
  });
  fromPack('waitBands', qf.waitBands);
  for (const key of ['waitLong', 'waitUnknown', 'callbackOffer'] as const) {
    localized(ctx, `queueFlow.${key}`, qf[key], [], {
      optional: true,
      fallback: (lang) => packs.get(lang)?.queueFlow[key],
    });
    for (const lang of ctx.languages) {
      const own = isObject(qf[key]) ? qf[key][lang] : undefined;
      if (own === undefined && packs.get(lang) === undefined) need(lang, `queueFlow.${key}`);
    }
  }
  list(qf.holdMessages).forEach((m, i) => localized(ctx, `queueFlow.holdMessages[${i}]`, m));
  fromPack('holdMessages', qf.holdMessages);
  for (const [lang, what] of missing) {
    problems.add(
      `languages[${lang}]`,
      `has no language pack (packs ship for ${PACK_LANGUAGES.join(', ')}) and the map leaves ${what.length} built-in text${what.length === 1 ? '' : 's'} unwritten: ${what.join(', ')}`,
      `write these texts in '${lang}', or use a language with a pack`,
    );
  }
}

function checkNotices(ctx: Context): void {
  const notices = objects(ctx.raw.notices);
  duplicates(
    ctx,
    'notices',
    notices.map((n) => n.code),
    'notice code',
  );
  for (const n of notices) localized(ctx, `notices[${String(n.code)}].message`, n.message);
}

/** Every problem of a map as written (or resolved), in the map's terms; empty when it is valid. */
export function journeyProblems(map: unknown): JourneyProblem[] {
  const parsed = journeyInputSchema.safeParse(map);
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((i) => problemsOfIssue(map, i));
  if (!isObject(map)) return schemaProblems;
  const ctx: Context = { raw: map, languages: languageCodes(map), problems: new Problems() };
  for (const check of [
    checkLanguages,
    checkHours,
    checkQueues,
    checkInputs,
    checkIntents,
    checkAuth,
    checkTexts,
    checkNotices,
  ]) {
    check(ctx);
  }
  // A field the schema already rejected is not reported twice.
  const reported = schemaProblems.map((p) => p.path);
  const cross = ctx.problems.list.filter(
    (p) => !reported.some((r) => p.path === r || p.path.startsWith(`${r}.`) || p.path.startsWith(`${r}[`)),
  );
  return [...schemaProblems, ...cross];
}

/**
 * Checks a journey map (as written or already resolved) and returns the resolved map: language
 * codes with their voices, every prompt in every language (the map's own text, else its language
 * pack) and every default filled in. A resolved map resolves to an equal map.
 * @throws JourneyError listing every problem, each with its path and a fix hint.
 */
export function validateJourneyMap(map: JourneyMap | JourneyInput): JourneyMap {
  const problems = journeyProblems(map);
  if (problems.length > 0) throw new JourneyError(problems);
  return resolveJourney(journeyInputSchema.parse(map));
}
