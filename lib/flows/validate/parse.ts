/**
 * Reads one action of an untrusted flow document into a loose shape the rules share. Never throws:
 * a malformed part is reported and read as empty.
 */
import type { FlowProblemCode } from './rules';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Whether a value is a JSON object (not an array). */
export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Records one finding; `action` is the Identifier at fault, when there is one. */
export type Report = (code: FlowProblemCode, message: string, action?: string) => void;

/** One action as the rules read it. */
export interface ParsedAction {
  readonly id: string;
  readonly type: string;
  readonly parameters: JsonObject;
  readonly next?: string;
  readonly errors: readonly { readonly type: string; readonly next: string }[];
  readonly conditions: readonly {
    readonly next: string;
    readonly operator: string;
    readonly operands: readonly Json[];
  }[];
}

/** Action types that take no parameters, so an export may leave `Parameters` out. */
const NO_PARAMETERS = new Set([
  'TransferContactToQueue',
  'DisconnectParticipant',
  'EndFlowExecution',
  'EndFlowModuleExecution',
  'TransferContactToAgent',
]);

/** Every target of an action's transitions, in order, without duplicates. */
export function targets(action: ParsedAction): string[] {
  const out: string[] = [];
  const add = (t: string | undefined): void => {
    if (t !== undefined && !out.includes(t)) out.push(t);
  };
  for (const c of action.conditions) add(c.next);
  add(action.next);
  for (const e of action.errors) add(e.next);
  return out;
}

/** Reads `Actions[index]`, or reports why it cannot be read. */
export function parseAction(
  raw: Json,
  index: number,
  report: Report,
  identifierProblem: (id: string) => string | undefined,
): ParsedAction | undefined {
  if (!isObject(raw) || typeof raw.Identifier !== 'string' || typeof raw.Type !== 'string') {
    report('invalid-action', `Actions[${index}] has no string Identifier and Type`);
    return undefined;
  }
  const id = raw.Identifier;
  const type = raw.Type;
  const problem = identifierProblem(id);
  if (problem !== undefined) report('invalid-identifier', `has an Identifier that ${problem}`, id);
  let parameters: JsonObject = {};
  if (raw.Parameters === undefined) {
    // Console exports leave Parameters out of TransferContactToQueue, and Connect accepts them.
    if (!NO_PARAMETERS.has(type))
      report('invalid-action', 'has no Parameters object (use {} when there are none)', id);
  } else if (!isObject(raw.Parameters)) {
    report('invalid-action', 'has Parameters that are not an object', id);
  } else {
    parameters = raw.Parameters;
  }
  const transitions = raw.Transitions === undefined ? {} : raw.Transitions;
  if (!isObject(transitions)) {
    report('invalid-action', 'has Transitions that are not an object', id);
    return { id, type, parameters, errors: [], conditions: [] };
  }
  let next: string | undefined;
  if (transitions.NextAction !== undefined) {
    if (typeof transitions.NextAction === 'string') next = transitions.NextAction;
    else report('invalid-action', 'has a NextAction that is not a string', id);
  }
  const errors: { type: string; next: string }[] = [];
  if (transitions.Errors !== undefined) {
    if (!Array.isArray(transitions.Errors)) report('invalid-action', 'has Errors that are not a list', id);
    else
      for (const e of transitions.Errors) {
        if (isObject(e) && typeof e.ErrorType === 'string' && typeof e.NextAction === 'string') {
          errors.push({ type: e.ErrorType, next: e.NextAction });
        } else report('invalid-action', 'has an Errors entry without string ErrorType and NextAction', id);
      }
  }
  const conditions: { next: string; operator: string; operands: Json[] }[] = [];
  if (transitions.Conditions !== undefined) {
    if (!Array.isArray(transitions.Conditions))
      report('invalid-action', 'has Conditions that are not a list', id);
    else
      for (const c of transitions.Conditions) {
        const cond = isObject(c) ? c.Condition : undefined;
        if (
          isObject(c) &&
          typeof c.NextAction === 'string' &&
          isObject(cond) &&
          typeof cond.Operator === 'string' &&
          Array.isArray(cond.Operands)
        ) {
          conditions.push({ next: c.NextAction, operator: cond.Operator, operands: cond.Operands });
        } else
          report('invalid-action', 'has a Conditions entry without NextAction, Operator and Operands', id);
      }
  }
  return { id, type, parameters, ...(next !== undefined ? { next } : {}), errors, conditions };
}
