/**
 * Helpers of the simulator tests: hand-made flow sets (no compiler, no template), a scripted caller
 * and a fake function invoker, so the interpreter's semantics are tested without any I/O.
 */
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { calendarFromJourney } from '../../tools/simulator/hours';
import {
  runCall,
  SimClock,
  type CallOptions,
  type CallResult,
  type CallerAnswer,
  type InvokeRequest,
  type InvokeResult,
} from '../../tools/simulator/interpreter';
import {
  simId,
  type FlowSet,
  type SimAction,
  type SimFlow,
  type SimTransitions,
} from '../../tools/simulator/model';

/** A hand-written action (parameters untyped, as the simulator reads them). */
export function act(
  Identifier: string,
  Type: string,
  Parameters: Record<string, unknown> = {},
  Transitions: SimTransitions = {},
): SimAction {
  return { Identifier, Type, Parameters, Transitions };
}

/** Transitions helpers. */
export const to = (next: string, errors: Record<string, string> = {}): SimTransitions => ({
  NextAction: next,
  Errors: Object.entries(errors).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
});

/** Conditions on `Equals` operands, plus errors. */
export const on = (
  conditions: Record<string, string>,
  errors: Record<string, string> = {},
  next?: string,
): SimTransitions => ({
  ...(next !== undefined ? { NextAction: next } : {}),
  Conditions: Object.entries(conditions).map(([operand, NextAction]) => ({
    NextAction,
    Condition: { Operator: 'Equals' as const, Operands: [operand] },
  })),
  Errors: Object.entries(errors).map(([ErrorType, NextAction]) => ({ ErrorType, NextAction })),
});

/** `say <text>` then `next`. */
export const say = (id: string, text: string, next: string): SimAction =>
  act(id, 'MessageParticipant', { Text: text }, to(next, { NoMatchingError: next }));

/** A terminal disconnect. */
export const hangUp = (id = 'bye'): SimAction => act(id, 'DisconnectParticipant');

/** A flow from actions; the first is the start unless given. */
export function flow(
  key: string,
  actions: readonly SimAction[],
  type = 'CONTACT_FLOW',
  start?: string,
): SimFlow {
  return {
    key,
    name: key,
    type,
    startAction: start ?? (actions[0] as SimAction).Identifier,
    actions: new Map(actions.map((a) => [a.Identifier, a])),
  };
}

/** A flow set around hand-made flows; the journey map's queues and hours are the resources. */
export function flowSet(flows: readonly SimFlow[], entry?: string): FlowSet {
  const map = DEFAULT_JOURNEY_MAP;
  return {
    source: 'compiled',
    origin: 'hand-made flows',
    flows: new Map(flows.map((f) => [f.key, f])),
    entry: entry ?? (flows[0] as SimFlow).key,
    queues: new Map(map.queues.map((q) => [q.id, { id: q.id, name: q.name, hoursId: 'journey' }])),
    hours: new Map([['journey', calendarFromJourney('journey', map.hours)]]),
    functions: new Map(),
    map,
  };
}

/** Local identifiers, as the flows reference resources. */
export const ref = {
  fn: (name: string): string => simId('function', name),
  queue: (id: string): string => simId('queue', id),
  hours: simId('hours', 'journey'),
  flow: (key: string): string => simId('flow', key),
};

/** A function fake: answers by name, in order; each entry a response, a failure, or a slow response. */
export type FakeAnswer =
  | Record<string, unknown>
  | { readonly fail: string }
  | { readonly slowMs: number; readonly response: Record<string, string> };

/** Options of {@link simulate}. */
export interface SimulateOptions extends Partial<Omit<CallOptions, 'flows' | 'caller' | 'invoke' | 'clock'>> {
  /** Keys (or null for silence) for each prompt in order. */
  readonly keys?: readonly (string | null)[];
  /** Answers per function name, used in order (the last one repeats). */
  readonly functions?: Readonly<Record<string, readonly FakeAnswer[]>>;
  /** Call start. @default Monday 2026-11-23 10:00 UTC (open) */
  readonly at?: string;
}

/** Runs a call through hand-made flows; returns the result and the invocations the fake saw. */
export async function simulate(
  flows: FlowSet,
  options: SimulateOptions = {},
): Promise<{ result: CallResult; invocations: InvokeRequest[] }> {
  const keys = [...(options.keys ?? [])];
  const invocations: InvokeRequest[] = [];
  const seen = new Map<string, number>();
  const result = await runCall({
    contactId: '11111111-2222-4333-8444-555555555555',
    callerNumber: '+447700900123',
    ...options,
    flows,
    clock: new SimClock(Date.parse(options.at ?? '2026-11-23T10:00:00Z')),
    caller: {
      answer: (): CallerAnswer => {
        const next = keys.shift();
        return next === undefined || next === null ? { kind: 'silence' } : { kind: 'keys', keys: next };
      },
    },
    invoke: async (request): Promise<InvokeResult> => {
      invocations.push(request);
      const answers = options.functions?.[request.name] ?? [{ status: 'OK' }];
      const index = seen.get(request.name) ?? 0;
      seen.set(request.name, index + 1);
      const answer = answers[Math.min(index, answers.length - 1)] as FakeAnswer;
      if ('fail' in answer) return { kind: 'failure', reason: String(answer.fail), durationMs: 5 };
      if ('slowMs' in answer && 'response' in answer) {
        return { kind: 'response', response: answer.response, durationMs: Number(answer.slowMs) };
      }
      return { kind: 'response', response: answer, durationMs: 5 };
    },
  });
  return { result, invocations };
}

/** The texts the caller heard. */
export const heardTexts = (result: CallResult): string[] => result.heard.map((h) => h.text);
