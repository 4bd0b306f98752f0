/**
 * Static validation of flow-language documents: the compiled flows at synth, and any flow brought in
 * by `tools/flows-validate.ts` or `tools/flows-import.ts` (console exports, DescribeContactFlow
 * responses, synthesized templates). It reads untrusted input, so it never throws on a malformed
 * document: every defect becomes a `FlowProblem` naming the action.
 *
 * Findings come in three weights (`lib/flows/validate/rules.ts`, listed in docs/flows-validator.md):
 * errors are what Connect refuses at CreateContactFlow, each citing its documentation page; lints
 * are this project's policy (literal ARNs, unreachable canvas blocks, missing error branches,
 * sensitive input in attributes); `unsupported` means the flow holds an action type the validator
 * cannot judge. `checkFlow` reports them apart; `validateFlow` / `assertValidFlow` are the strict
 * mode the product uses for its own flows, where every lint fails too.
 */
import {
  DOCUMENTED_UNMODELLED_TYPES,
  FLOW_LANGUAGE_VERSION,
  MAX_FLOW_ACTIONS,
  MAX_FLOW_CONTENT_CHARS,
  identifierProblem,
  isModelledType,
  type ContactChannel,
  type ContactFlowType,
} from './model';
import { checkBranches, checkConditions, checkParameters } from './validate/actions';
import { checkChannels, checkFlowType } from './validate/flow-types';
import { isObject, parseAction, targets, type Json, type ParsedAction, type Report } from './validate/parse';
import { checkResourceReferences, checkSensitiveInput } from './validate/policy';
import { RULES, isLintCode, type FlowProblemCode, type LintCode, type Severity } from './validate/rules';

export { RULES, isLintCode } from './validate/rules';
export type {
  ErrorCode,
  FlowProblemCode,
  LintCode,
  RuleInfo,
  Severity,
  UnsupportedCode,
} from './validate/rules';
export { JSONPATH_ROOTS, jsonPathProblem } from './validate/actions';

/** One defect of a flow. */
export interface FlowProblem {
  readonly flow: string;
  /** Identifier of the action at fault, when the defect belongs to one. */
  readonly action?: string;
  readonly code: FlowProblemCode;
  readonly message: string;
  /** Its weight after configuration (a lint can be raised to an error). */
  readonly severity: Severity;
  /** The documentation page (or policy) the rule comes from. */
  readonly source: string;
}

/** Raised by `assertValidFlow`; the message names the flow and the first faulty action. */
export class FlowValidationError extends Error {
  constructor(
    readonly flow: string,
    readonly problems: readonly FlowProblem[],
  ) {
    const first = problems[0];
    const where = first?.action !== undefined ? `action '${first.action}' ` : '';
    const more =
      problems.length > 1
        ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})`
        : '';
    super(`flow '${flow}' is invalid: ${where}${first?.message ?? 'unknown problem'}${more}`);
    this.name = 'FlowValidationError';
  }
}

/** What to do with one lint: drop it, report it as a lint, or raise it to an error. */
export type LintLevel = 'off' | 'lint' | 'error';

/** Options of `checkFlow`. */
export interface CheckOptions {
  /** The flow's type; per-type restrictions are checked only when it is known. @default unknown */
  readonly flowType?: ContactFlowType;
  /** Channels the flow serves; channel restrictions are checked only when given. @default unknown */
  readonly channels?: readonly ContactChannel[];
  /** Per-lint level. @default every lint reported as a lint */
  readonly lints?: Readonly<Partial<Record<LintCode, LintLevel>>>;
  /** Length of the Content string as deployed, when known (else the compact JSON of the document). */
  readonly contentLength?: number;
}

/** Size of a flow against Connect's limits. */
export interface FlowBudget {
  readonly actions: number;
  readonly maxActions: number;
  readonly characters: number;
  readonly maxCharacters: number;
}

/** Everything `checkFlow` found, by weight. */
export interface FlowReport {
  readonly flow: string;
  readonly flowType?: ContactFlowType;
  readonly budget: FlowBudget;
  /** Connect would refuse the flow for each of these. */
  readonly errors: readonly FlowProblem[];
  /** Project policy. */
  readonly lints: readonly FlowProblem[];
  /** The validator could not judge these (unknown action types). */
  readonly unsupported: readonly FlowProblem[];
}

/** Every lint raised to an error: the product's own flows. */
export const STRICT_LINTS: Readonly<Record<LintCode, LintLevel>> = Object.fromEntries(
  (Object.keys(RULES) as FlowProblemCode[]).filter(isLintCode).map((c) => [c, 'error']),
) as Record<LintCode, LintLevel>;

/**
 * Checks one flow document and reports errors, lints and unsupported findings apart.
 * @param flow the parsed JSON (any value: malformed input is reported, not thrown)
 * @param name the flow's name, used in every finding
 */
export function checkFlow(flow: unknown, name: string, options: CheckOptions = {}): FlowReport {
  const found: FlowProblem[] = [];
  const report: Report = (code, message, action) => {
    const rule = RULES[code];
    let severity: Severity = rule.severity;
    if (isLintCode(code)) {
      const level = options.lints?.[code] ?? 'lint';
      if (level === 'off') return;
      if (level === 'error') severity = 'error';
    }
    found.push({
      flow: name,
      ...(action !== undefined ? { action } : {}),
      code,
      message,
      severity,
      source: rule.source,
    });
  };
  const actionCount = isObject(flow) && Array.isArray(flow.Actions) ? flow.Actions.length : 0;
  const characters = options.contentLength ?? (flow === undefined ? 0 : JSON.stringify(flow).length);
  checkDocument(flow, report, characters, options);
  return {
    flow: name,
    ...(options.flowType !== undefined ? { flowType: options.flowType } : {}),
    budget: {
      actions: actionCount,
      maxActions: MAX_FLOW_ACTIONS,
      characters,
      maxCharacters: MAX_FLOW_CONTENT_CHARS,
    },
    errors: found.filter((p) => p.severity === 'error'),
    lints: found.filter((p) => p.severity === 'lint'),
    unsupported: found.filter((p) => p.severity === 'unsupported'),
  };
}

/**
 * Strict mode: every finding of one flow, lints included (the product's compiled flows keep every
 * lint as an error). Options other than `lints` are passed to `checkFlow`.
 */
export function validateFlow(flow: unknown, name: string, options: CheckOptions = {}): FlowProblem[] {
  const r = checkFlow(flow, name, { ...options, lints: { ...STRICT_LINTS, ...options.lints } });
  return [...r.errors, ...r.lints, ...r.unsupported];
}

/** Like `validateFlow`, but throws a `FlowValidationError` when there is any problem. */
export function assertValidFlow(flow: unknown, name: string, options: CheckOptions = {}): void {
  const problems = validateFlow(flow, name, options);
  if (problems.length > 0) throw new FlowValidationError(name, problems);
}

function checkDocument(flow: unknown, report: Report, characters: number, options: CheckOptions): void {
  if (!isObject(flow)) {
    report('invalid-document', 'is not a JSON object with Version, StartAction and Actions');
    return;
  }
  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    report(
      'version',
      `has Version ${JSON.stringify(flow.Version)}; the flow language only accepts "${FLOW_LANGUAGE_VERSION}"`,
    );
  }
  if (!Array.isArray(flow.Actions)) {
    report('invalid-document', 'has no Actions list');
    return;
  }
  if (characters > MAX_FLOW_CONTENT_CHARS) {
    report(
      'content-too-large',
      `serializes to ${characters} characters; the limit is ${MAX_FLOW_CONTENT_CHARS}`,
    );
  }
  if (flow.Actions.length > MAX_FLOW_ACTIONS) {
    report(
      'too-many-actions',
      `has ${flow.Actions.length} actions; a flow may have at most ${MAX_FLOW_ACTIONS}`,
    );
  }

  const actions: ParsedAction[] = [];
  const seen = new Set<string>();
  flow.Actions.forEach((raw: Json, index: number) => {
    const parsed = parseAction(raw, index, report, identifierProblem);
    if (parsed === undefined) return;
    if (seen.has(parsed.id)) report('duplicate-identifier', 'is used by more than one action', parsed.id);
    seen.add(parsed.id);
    actions.push(parsed);
  });
  const ids = new Set(actions.map((a) => a.id));
  const start = flow.StartAction;
  if (typeof start !== 'string' || !ids.has(start)) {
    report('start-action', `StartAction ${JSON.stringify(start)} is not the identifier of an action`);
  }

  for (const action of actions) {
    if (!isModelledType(action.type)) {
      if (DOCUMENTED_UNMODELLED_TYPES.has(action.type))
        report(
          'unmodelled-action-type',
          `has Type '${action.type}', which the flow language documents but this model does not type: only its transitions are checked`,
          action.id,
        );
      else
        report(
          'unknown-action-type',
          `has Type '${action.type}', which this validator does not model; check it by hand`,
          action.id,
        );
    }
    for (const t of targets(action)) {
      if (!ids.has(t))
        report(
          'unresolved-transition',
          `has a transition to '${t}', which is not an action of this flow`,
          action.id,
        );
    }
    checkBranches(action, report);
    checkConditions(action, report);
    checkNonStrings(action, report);
    checkResourceReferences(action, report);
    checkParameters(action, report);
    checkSensitiveInput(action, report);
    checkFlowType(action, options.flowType, report);
    checkChannels(action, options.channels, report);
  }

  // Reachability from the start over every branch (blocks left on the canvas are a lint).
  if (typeof start === 'string' && ids.has(start)) {
    const byId = new Map(actions.map((a) => [a.id, a]));
    const reached = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      const action = byId.get(queue.shift() as string);
      if (action === undefined) continue;
      for (const next of targets(action)) {
        if (!reached.has(next) && byId.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    for (const action of actions) {
      if (!reached.has(action.id)) report('unreachable', 'cannot be reached from the StartAction', action.id);
    }
  }
}

/** Every non-string scalar leaf of a JSON value, with its path. */
function* nonStringLeaves(value: Json, path: string): Generator<{ path: string; value: Json }> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* nonStringLeaves(v, `${path}[${i}]`);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) yield* nonStringLeaves(v, `${path}.${k}`);
  else if (typeof value !== 'string') yield { path, value };
}

function checkNonStrings(action: ParsedAction, report: Report): void {
  for (const leaf of nonStringLeaves(action.parameters, 'Parameters')) {
    report(
      'non-string-parameter',
      `has ${leaf.path} = ${JSON.stringify(leaf.value)}; every parameter value must be a string`,
      action.id,
    );
  }
}
