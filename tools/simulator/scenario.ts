/**
 * Scenarios as data: one JSON file per call under `scenarios/`, validated with zod. A scenario says
 * who calls and when, what they press at which prompt, the state of the world (queue metrics,
 * routing modes, an announcement, faults) and what must happen (disposition, prompts heard in
 * order, attributes set and not set, functions called). See docs/simulator.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { INTEGRATIONS, ROUTING_MODES, type IntegrationName } from '../../lib/integrations/contracts';
import type { TableId } from '../../lib/data/schema';
import { LANGUAGES } from '../../lib/journey/types';
import { ScenarioError, SimulationError } from './errors';
import type { Caller, CallerAnswer, PromptContext } from './interpreter';
import type { SmsOutbox } from './handlers';

const integrationName = z.enum(Object.keys(INTEGRATIONS) as [IntegrationName, ...IntegrationName[]]);
const tableId = z.enum([
  'Customers',
  'Accounts',
  'Orders',
  'OtpChallenges',
  'RoutingState',
] satisfies TableId[]);
const keys = z.string().regex(/^[0-9*#]{1,40}$/, 'must be DTMF keys: digits, * or #');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +447700900123');
/** An ISO 8601 instant with an explicit zone (Z or an offset), so the hours check is unambiguous. */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO time with a zone, e.g. 2026-11-23T10:15:00Z',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date and time');

const answerSchema = z
  .strictObject({
    /** Action id (or its language variant `<id>-en`) or a case-insensitive part of what is said. */
    prompt: z.string().min(1).optional(),
    /** Keys pressed (a menu takes the first one). */
    press: keys.optional(),
    /** Say nothing until the time limit. */
    silence: z.literal(true).optional(),
    /** Key in the 6-digit code of the last SMS. */
    fromOutbox: z.literal('otp').optional(),
    /** Use this answer for this many prompts in a row. @default 1 */
    times: z.number().int().min(1).max(50).optional(),
  })
  .refine((a) => [a.press, a.silence, a.fromOutbox].filter((v) => v !== undefined).length === 1, {
    message: 'needs exactly one of press, silence or fromOutbox',
  });

const queueStateSchema = z.strictObject({
  estimatedWaitSeconds: z.number().min(0).nullable().optional(),
  oldestContactAgeSeconds: z.number().min(0).optional(),
  contactsInQueue: z.number().int().min(0).optional(),
  agentsOnline: z.number().int().min(0).optional(),
  agentsAvailable: z.number().int().min(0).optional(),
  agentsStaffed: z.number().int().min(0).optional(),
  atCapacity: z.boolean().optional(),
});

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dynamodb-unavailable'), functions: z.array(integrationName).optional() }),
  z.strictObject({ kind: z.literal('kms-unavailable'), functions: z.array(integrationName).optional() }),
  z.strictObject({
    kind: z.literal('table-missing'),
    table: tableId,
    functions: z.array(integrationName).optional(),
  }),
  z.strictObject({
    kind: z.literal('slow'),
    function: integrationName,
    delayMs: z.number().int().min(0).max(60_000),
    times: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    kind: z.literal('lambda-error'),
    function: integrationName,
    times: z.number().int().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal('sms-fails'), times: z.number().int().min(1).optional() }),
]);

const dispositionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('queue'), queue: z.string().min(1) }),
  z.strictObject({ type: z.literal('callback'), queue: z.string().min(1) }),
  z.strictObject({ type: z.literal('disconnect') }),
  z.strictObject({ type: z.literal('error'), code: z.string().optional() }),
]);

const expectSchema = z.strictObject({
  disposition: dispositionSchema,
  /** Parts of what the caller hears, in this order (case-insensitive; other prompts may come between). */
  heard: z.array(z.string().min(1)).optional(),
  /** Part of the very first thing the caller hears. */
  firstHeard: z.string().min(1).optional(),
  /** Parts of prompts the caller must never hear. */
  notHeard: z.array(z.string().min(1)).optional(),
  /** Contact attributes that must have exactly these values at the end. */
  attributes: z.record(z.string(), z.string()).optional(),
  /** Contact attributes that must not be set at all (e.g. pin, authToken). */
  attributesAbsent: z.array(z.string().min(1)).optional(),
  /** Strings that must appear in no contact attribute and no flow-log entry. */
  neverExposed: z.array(z.string().min(1)).optional(),
  /** Function calls in this order (other calls may come between); status is the returned `status`. */
  functions: z
    .array(
      z.strictObject({
        name: integrationName,
        status: z.string().optional(),
        outcome: z.enum(['ok', 'timeout', 'failed', 'invalid-response']).optional(),
      }),
    )
    .optional(),
  /** Language the caller is served in (every prompt after the voice is set, and the language attribute). */
  language: z.enum(LANGUAGES).optional(),
  /** A callback was requested to this number. */
  callbackNumber: e164.optional(),
});

/** The scenario file format. */
export const scenarioSchema = z.strictObject({
  /** Editor hint only. */
  $schema: z.string().optional(),
  /** @default the file name without `.json` */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes')
    .optional(),
  description: z.string().min(1),
  call: z.strictObject({
    /** Caller ID, or null when withheld. */
    from: e164.nullable(),
    at: instant,
    /** The caller's language (documentation; checked by `expect.language` when given). */
    language: z.enum(LANGUAGES).optional(),
  }),
  answers: z.array(answerSchema).default([]),
  /** Real-time state per journey queue id (queues not listed are quiet). */
  queues: z.record(z.string(), queueStateSchema).optional(),
  /** Routing mode per queue id; every other queue is NORMAL. */
  routing: z.record(z.string(), z.enum(ROUTING_MODES)).optional(),
  /**
   * `normal`: every queue not in `routing` has a NORMAL item (as once the routing-mode function has
   * seen each queue's alarms); `none`: only the queues in `routing` have an item. @default normal
   */
  routingDefaults: z.enum(['normal', 'none']).optional(),
  /** The emergency or holiday announcement (text per language), with an optional end. */
  announcement: z
    .strictObject({ text: z.record(z.string(), z.string().min(1)), until: instant.optional() })
    .optional(),
  /**
   * Callback numbers the instance cannot dial (Set callback number takes CallbackNumberNotDialable),
   * by prefix, e.g. `+447` (UK mobiles need a quota increase on a new instance). @default none
   */
  notDialablePrefixes: z.array(z.string().regex(/^\+\d{1,14}$/, 'must be a + and digits')).optional(),
  /** Hold-loop interruptions before an adviser answers (customer queue flow). @default 0 */
  holdInterruptions: z.number().int().min(0).max(20).optional(),
  faults: z.array(faultSchema).optional(),
  expect: expectSchema,
});

/** A parsed scenario (`name` filled in). */
export type Scenario = z.infer<typeof scenarioSchema> & { readonly name: string; readonly file?: string };

/** One scripted answer. */
export type ScenarioAnswer = z.infer<typeof answerSchema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  return `${where} ${issue.message}`;
}

/**
 * Validates a scenario object.
 * @throws ScenarioError naming the first problem in one sentence
 */
export function parseScenario(value: unknown, name: string, file?: string): Scenario {
  const parsed = scenarioSchema.safeParse(value);
  const label = file ?? name;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScenarioError(
      `scenario ${label} is malformed: ${issue ? describeIssue(issue) : 'unknown problem'}.`,
    );
  }
  const scenario = parsed.data;
  const unknownQueues = [
    ...Object.keys(scenario.queues ?? {}),
    ...Object.keys(scenario.routing ?? {}),
  ].filter((q) => !/^[a-z0-9]+$/.test(q));
  if (unknownQueues.length > 0) {
    throw new ScenarioError(
      `scenario ${label} is malformed: queue id '${unknownQueues[0]}' is not a journey queue id.`,
    );
  }
  return { ...scenario, name: scenario.name ?? name, ...(file ? { file } : {}) };
}

/**
 * Reads and validates a scenario file.
 * @throws ScenarioError when the file does not exist, is not JSON or is malformed
 */
export function loadScenario(file: string): Scenario {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new ScenarioError(`scenario file ${file} does not exist.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ScenarioError(`scenario ${file} is not valid JSON: ${(error as Error).message}.`);
  }
  return parseScenario(value, path.basename(file).replace(/\.json$/, ''), file);
}

/** Every `*.json` scenario of a folder, sorted by file name. */
export function loadScenarioDir(dir: string): Scenario[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ScenarioError(`scenario folder ${dir} does not exist.`);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new ScenarioError(`scenario folder ${dir} has no .json scenarios.`);
  return files.map((f) => loadScenario(path.join(dir, f)));
}

/** Whether an answer's `prompt` matches the prompt being played. */
export function promptMatches(matcher: string, prompt: PromptContext): boolean {
  return (
    prompt.action === matcher ||
    prompt.action.startsWith(`${matcher}-`) ||
    prompt.text.toLowerCase().includes(matcher.toLowerCase())
  );
}

/**
 * The caller of a scenario: answers are used in order; an answer with `prompt` waits (the caller is
 * silent at other prompts) until a prompt it matches; with no answer left the caller is silent.
 */
export class ScriptedCaller implements Caller {
  private index = 0;
  private usedTimes = 0;
  /** For each prompt, the answer index used (or -1 for silence). */
  readonly log: { readonly prompt: string; readonly answer: number }[] = [];

  constructor(
    private readonly answers: readonly ScenarioAnswer[],
    private readonly outbox: SmsOutbox,
  ) {}

  answer(prompt: PromptContext): CallerAnswer {
    const current = this.answers[this.index];
    if (current === undefined || (current.prompt !== undefined && !promptMatches(current.prompt, prompt))) {
      this.log.push({ prompt: prompt.action, answer: -1 });
      return { kind: 'silence' };
    }
    const used = this.index;
    this.usedTimes += 1;
    if (this.usedTimes >= (current.times ?? 1)) {
      this.index += 1;
      this.usedTimes = 0;
    }
    this.log.push({ prompt: prompt.action, answer: used });
    if (current.silence) return { kind: 'silence' };
    if (current.fromOutbox !== undefined) {
      const code = this.outbox.lastCode();
      if (code === undefined) {
        throw new SimulationError(
          'scenario',
          `answer ${used + 1} keys in the code from the last SMS at '${prompt.action}', but no SMS with a 6-digit code was sent`,
          prompt.flow,
          prompt.action,
        );
      }
      return { kind: 'keys', keys: code };
    }
    return { kind: 'keys', keys: current.press ?? '' };
  }

  /** Answers never (fully) used, described for a failure message. */
  unused(): string[] {
    return this.answers.slice(this.index).map((a, i) => {
      const what =
        a.press !== undefined ? `press ${a.press}` : a.silence ? 'silence' : 'the code from the SMS';
      const at = a.prompt !== undefined ? ` at '${a.prompt}'` : '';
      const times = i === 0 && this.usedTimes > 0 ? ` (used ${this.usedTimes} of ${a.times ?? 1} times)` : '';
      return `answer ${this.index + i + 1} (${what}${at})${times}`;
    });
  }
}
