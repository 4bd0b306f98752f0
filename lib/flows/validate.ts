/**
 * Static validation of flow-language documents: the compiled flows at synth, and any JSON file
 * (console exports included) through `tools/flows-validate.ts`. It reads untrusted input, so it
 * never throws on a malformed document: every defect becomes a `FlowProblem` naming the action.
 */
import {
  ACTION_RULES,
  FLOW_LANGUAGE_VERSION,
  MAX_FLOW_ACTIONS,
  MAX_FLOW_CONTENT_CHARS,
  identifierProblem,
  isModelledType,
  type FlowErrorType,
} from './model';

/** Kinds of defect the validator reports. */
export type FlowProblemCode =
  | 'invalid-document'
  | 'version'
  | 'start-action'
  | 'too-many-actions'
  | 'content-too-large'
  | 'invalid-action'
  | 'invalid-identifier'
  | 'duplicate-identifier'
  | 'unknown-action-type'
  | 'unresolved-transition'
  | 'unreachable'
  | 'dead-end'
  | 'missing-error-branch'
  | 'unexpected-error-type'
  | 'invalid-conditions'
  | 'non-string-parameter'
  | 'invalid-parameter'
  | 'invocation-time-limit'
  | 'hard-coded-account'
  | 'literal-arn'
  | 'stored-input-in-attributes';

/** One defect of a flow. */
export interface FlowProblem {
  readonly flow: string;
  /** Identifier of the action at fault, when the defect belongs to one. */
  readonly action?: string;
  readonly code: FlowProblemCode;
  readonly message: string;
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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Types whose successful run ends the flow; a missing success branch is expected. */
const TERMINAL_TYPES = new Set([
  'DisconnectParticipant',
  'EndFlowExecution',
  'EndFlowModuleExecution',
  'TransferContactToQueue',
  'TransferToFlow',
  'TransferContactToAgent',
]);

/** Types that branch by conditions, so `NextAction` is optional when NoMatchingCondition is handled. */
const BRANCHING_TYPES = new Set([
  'Compare',
  'CheckHoursOfOperation',
  'CheckMetricData',
  'GetParticipantInput',
  'MessageParticipantIteratively',
]);

// Twelve digits on their own; a leading + makes it an E.164 phone number instead.
const ACCOUNT_ID = /(^|[^\d+])\d{12}(\D|$)/;
/** Unresolved CDK tokens (`${Token[TOKEN.123]}`): references, whatever digits they carry. */
const CDK_TOKEN = /\$\{Token\[[^\]]*\]\}/g;
const LITERAL_ARN = /(^|[^A-Za-z0-9])arn:/;
const JSON_PATH = /^\$\.[A-Za-z0-9_.\-[\]'"]+$/;
const INTEGER = /^(0|[1-9]\d*)$/;
const PROMPT_KEYS = ['Text', 'SSML', 'PromptId', 'Media'] as const;

/** Every string leaf of a JSON value, with its path. */
function* stringLeaves(value: Json, path: string): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') yield { path, value };
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* stringLeaves(v, `${path}[${i}]`);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) yield* stringLeaves(v, `${path}.${k}`);
}

/** Every non-string scalar leaf of a JSON value, with its path. */
function* nonStringLeaves(value: Json, path: string): Generator<{ path: string; value: Json }> {
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* nonStringLeaves(v, `${path}[${i}]`);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) yield* nonStringLeaves(v, `${path}.${k}`);
  else if (typeof value !== 'string') yield { path, value };
}

interface ParsedAction {
  readonly id: string;
  readonly type: string;
  readonly parameters: JsonObject;
  readonly next?: string;
  readonly errors: readonly { type: string; next: string }[];
  readonly conditions: readonly { next: string; operator: string; operands: readonly Json[] }[];
}

/**
 * Checks one flow document.
 * @param flow the parsed JSON (any value: malformed input is reported, not thrown)
 * @param name the flow's name, used in every problem
 */
export function validateFlow(flow: unknown, name: string): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = (code: FlowProblemCode, message: string, action?: string): void => {
    problems.push(
      action === undefined ? { flow: name, code, message } : { flow: name, action, code, message },
    );
  };

  if (!isObject(flow)) {
    report('invalid-document', 'is not a JSON object with Version, StartAction and Actions');
    return problems;
  }
  if (flow.Version !== FLOW_LANGUAGE_VERSION) {
    report(
      'version',
      `has Version ${JSON.stringify(flow.Version)}; the flow language only accepts "${FLOW_LANGUAGE_VERSION}"`,
    );
  }
  if (!Array.isArray(flow.Actions)) {
    report('invalid-document', 'has no Actions list');
    return problems;
  }
  const content = JSON.stringify(flow);
  if (content.length > MAX_FLOW_CONTENT_CHARS) {
    report(
      'content-too-large',
      `serializes to ${content.length} characters; the limit is ${MAX_FLOW_CONTENT_CHARS}`,
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
  flow.Actions.forEach((raw, index) => {
    const parsed = parseAction(raw, index, report);
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

  for (const action of actions) checkAction(action, ids, report);

  // Reachability from the start over every branch.
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
  return problems;
}

/** Like `validateFlow`, but throws a `FlowValidationError` when there is any problem. */
export function assertValidFlow(flow: unknown, name: string): void {
  const problems = validateFlow(flow, name);
  if (problems.length > 0) throw new FlowValidationError(name, problems);
}

function targets(action: ParsedAction): string[] {
  const out: string[] = [];
  const add = (t: string | undefined): void => {
    if (t !== undefined && !out.includes(t)) out.push(t);
  };
  for (const c of action.conditions) add(c.next);
  add(action.next);
  for (const e of action.errors) add(e.next);
  return out;
}

function parseAction(
  raw: Json,
  index: number,
  report: (code: FlowProblemCode, message: string, action?: string) => void,
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
  return { id, type, parameters, next, errors, conditions };
}

/** Required and allowed error types of one action, refined by its parameters. */
function errorRules(
  action: ParsedAction,
): { required: FlowErrorType[]; allowed: FlowErrorType[] } | undefined {
  if (!isModelledType(action.type)) return undefined;
  const rules = ACTION_RULES[action.type];
  const p = action.parameters;
  if (action.type === 'GetParticipantInput') {
    if (p.StoreInput === 'True') {
      const phone = isObject(p.InputValidation) && p.InputValidation.PhoneNumberValidation !== undefined;
      const errs: FlowErrorType[] = phone ? ['InvalidPhoneNumber', 'NoMatchingError'] : ['NoMatchingError'];
      return { required: errs, allowed: errs };
    }
    const errs: FlowErrorType[] = ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError'];
    return { required: errs, allowed: errs };
  }
  if (action.type === 'CheckMetricData') {
    const queueMetric =
      p.MetricType === 'OldestContactInQueueAgeSeconds' || p.MetricType === 'NumberOfContactsInQueue';
    return {
      required: ['NoMatchingError'],
      allowed: queueMetric ? ['NoMatchingError', 'NoMatchingCondition'] : ['NoMatchingError'],
    };
  }
  return { required: [...rules.required], allowed: [...rules.allowed] };
}

function checkAction(
  action: ParsedAction,
  ids: ReadonlySet<string>,
  report: (code: FlowProblemCode, message: string, action?: string) => void,
): void {
  const { id, type, parameters: p } = action;
  const modelled = isModelledType(type);
  if (!modelled) {
    report(
      'unknown-action-type',
      `has Type '${type}', which this validator does not model; check it by hand`,
      id,
    );
  }

  for (const t of targets(action)) {
    if (!ids.has(t))
      report('unresolved-transition', `has a transition to '${t}', which is not an action of this flow`, id);
  }

  const terminal = TERMINAL_TYPES.has(type);
  if (!terminal && targets(action).length === 0) {
    report(
      'dead-end',
      'has no transitions, so the contact stops here; only a disconnect or a transfer may end a flow',
      id,
    );
  } else if (modelled && !terminal && action.next === undefined) {
    const handlesNoMatch = action.errors.some((e) => e.type === 'NoMatchingCondition');
    if (!(BRANCHING_TYPES.has(type) && (handlesNoMatch || type === 'CheckHoursOfOperation'))) {
      report('dead-end', 'has no NextAction, so its success branch goes nowhere', id);
    }
  }

  const rules = errorRules(action);
  if (rules !== undefined) {
    const present = new Set(action.errors.map((e) => e.type));
    for (const required of rules.required) {
      if (!present.has(required)) report('missing-error-branch', `has no '${required}' error branch`, id);
    }
    for (const e of action.errors) {
      if (!(rules.allowed as string[]).includes(e.type)) {
        report('unexpected-error-type', `has an '${e.type}' error branch, which ${type} never takes`, id);
      }
    }
  }
  if (modelled) checkConditions(action, report);

  for (const leaf of nonStringLeaves(p, 'Parameters')) {
    report(
      'non-string-parameter',
      `has ${leaf.path} = ${JSON.stringify(leaf.value)}; every parameter value must be a string`,
      id,
    );
  }
  for (const leaf of stringLeaves(p, 'Parameters')) {
    const value = leaf.value.replace(CDK_TOKEN, '');
    if (LITERAL_ARN.test(value)) {
      report(
        'literal-arn',
        `has a literal ARN in ${leaf.path}; pass resources as references (CDK tokens)`,
        id,
      );
    } else if (ACCOUNT_ID.test(value)) {
      report(
        'hard-coded-account',
        `has a 12-digit account id in ${leaf.path}; pass resources as references (CDK tokens)`,
        id,
      );
    }
  }
  if (modelled) checkParameters(action, report);
}

function checkConditions(
  action: ParsedAction,
  report: (code: FlowProblemCode, message: string, action?: string) => void,
): void {
  const { id, type, conditions, parameters: p } = action;
  const rules = isModelledType(type) ? ACTION_RULES[type] : undefined;
  const operandsOf = (c: { operands: readonly Json[] }): string => c.operands.map((o) => String(o)).join(',');
  if (rules?.exactConditions !== undefined) {
    const got = conditions.map(operandsOf).sort();
    const want = [...rules.exactConditions].sort();
    const ok =
      conditions.every((c) => c.operator === 'Equals') && JSON.stringify(got) === JSON.stringify(want);
    if (!ok)
      report(
        'invalid-conditions',
        `must have exactly the conditions Equals ${rules.exactConditions.join(' and Equals ')}`,
        id,
      );
    return;
  }
  switch (type) {
    case 'Compare':
      if (conditions.length === 0) report('invalid-conditions', 'has no conditions to compare against', id);
      return;
    case 'GetParticipantInput':
      if (p.StoreInput === 'True') {
        if (conditions.length > 0)
          report('invalid-conditions', 'stores input, so it cannot branch on conditions', id);
      } else {
        for (const c of conditions) {
          const single =
            c.operands.length === 1 && typeof c.operands[0] === 'string' && /^[0-9*#]$/.test(c.operands[0]);
          if (c.operator !== 'Equals' || !single) {
            report(
              'invalid-conditions',
              `has condition ${c.operator} ${operandsOf(c)}; a menu only branches on Equals one key (0-9, *, #)`,
              id,
            );
          }
        }
      }
      return;
    case 'MessageParticipantIteratively':
      for (const c of conditions) {
        if (c.operator !== 'Equals' || operandsOf(c) !== 'MessagesInterrupted') {
          report('invalid-conditions', 'may only branch on Equals MessagesInterrupted', id);
        }
      }
      return;
    case 'CheckMetricData':
      if (typeof p.MetricType === 'string' && p.MetricType.startsWith('NumberOfAgents')) {
        for (const c of conditions) {
          if (c.operator !== 'NumberGreaterThan' || operandsOf(c) !== '0') {
            report(
              'invalid-conditions',
              `checks ${p.MetricType}, which only supports NumberGreaterThan 0`,
              id,
            );
          }
        }
      }
      return;
    default:
      if (conditions.length > 0)
        report('invalid-conditions', `is a ${type}, which does not support conditions`, id);
  }
}

function checkParameters(
  action: ParsedAction,
  report: (code: FlowProblemCode, message: string, action?: string) => void,
): void {
  const { id, type, parameters: p } = action;
  const bad = (message: string): void => report('invalid-parameter', message, id);
  const promptCount = (o: JsonObject): number => PROMPT_KEYS.filter((k) => o[k] !== undefined).length;
  const intIn = (key: string, value: Json | undefined, min: number, max: number): void => {
    if (typeof value !== 'string' || !INTEGER.test(value) || Number(value) < min || Number(value) > max) {
      bad(`has ${key} ${JSON.stringify(value)}; expected an integer string from ${min} to ${max}`);
    }
  };
  switch (type) {
    case 'MessageParticipant':
      if (promptCount(p) !== 1) bad('must have exactly one of Text, SSML, PromptId or Media');
      return;
    case 'MessageParticipantIteratively':
      if (!Array.isArray(p.Messages) || p.Messages.length === 0) bad('has no Messages');
      else if (p.Messages.some((m) => !isObject(m) || promptCount(m) !== 1))
        bad('has a message without exactly one of Text, SSML, PromptId or Media');
      if (p.InterruptFrequencySeconds !== undefined)
        intIn('InterruptFrequencySeconds', p.InterruptFrequencySeconds, 1, 86400);
      return;
    case 'GetParticipantInput': {
      if (promptCount(p) > 1) bad('has more than one of Text, SSML, PromptId or Media');
      intIn('InputTimeLimitSeconds', p.InputTimeLimitSeconds, 1, 3600);
      const stored = p.StoreInput === 'True';
      if (p.StoreInput !== undefined && p.StoreInput !== 'True' && p.StoreInput !== 'False')
        bad('has StoreInput other than "True" or "False"');
      const v = p.InputValidation;
      if (stored !== (v !== undefined)) bad('must have InputValidation if and only if StoreInput is "True"');
      if (isObject(v)) {
        const phone = v.PhoneNumberValidation;
        const custom = v.CustomValidation;
        if ((phone === undefined) === (custom === undefined))
          bad('must have exactly one of PhoneNumberValidation or CustomValidation');
        if (isObject(phone)) {
          if (phone.NumberFormat !== 'Local' && phone.NumberFormat !== 'E164')
            bad('has a NumberFormat other than Local or E164');
          if (phone.NumberFormat === 'Local' && typeof phone.CountryCode !== 'string')
            bad('needs a CountryCode for Local phone numbers');
        }
        if (isObject(custom)) intIn('CustomValidation.MaximumLength', custom.MaximumLength, 1, 128);
      }
      if (p.InputEncryption !== undefined && !(isObject(v) && v.CustomValidation !== undefined)) {
        bad('has InputEncryption without CustomValidation');
      }
      const dtmf = p.DTMFConfiguration;
      if (isObject(dtmf) && dtmf.InputTerminationSequence !== undefined) {
        const seq = dtmf.InputTerminationSequence;
        if (typeof seq !== 'string' || !/^[0-9*#]{1,5}$/.test(seq))
          bad('has an InputTerminationSequence other than 1-5 keys');
      }
      return;
    }
    case 'InvokeLambdaFunction': {
      if (typeof p.LambdaFunctionARN !== 'string' || p.LambdaFunctionARN.length === 0)
        bad('has no LambdaFunctionARN');
      const limit = p.InvocationTimeLimitSeconds;
      if (typeof limit !== 'string' || !INTEGER.test(limit) || Number(limit) < 1 || Number(limit) > 8) {
        report(
          'invocation-time-limit',
          `has InvocationTimeLimitSeconds ${JSON.stringify(limit)}; synchronous invocations allow "1" to "8"`,
          id,
        );
      }
      return;
    }
    case 'Compare':
      if (typeof p.ComparisonValue !== 'string' || !JSON_PATH.test(p.ComparisonValue))
        bad('needs a ComparisonValue that is one JSONPath');
      return;
    case 'UpdateContactAttributes':
      if (!isObject(p.Attributes) || Object.keys(p.Attributes).length === 0) bad('has no Attributes to set');
      else
        for (const [key, value] of Object.entries(p.Attributes)) {
          if (typeof value === 'string' && value.includes('$.StoredCustomerInput')) {
            report(
              'stored-input-in-attributes',
              `copies $.StoredCustomerInput into contact attribute '${key}', which is persisted on the contact record`,
              id,
            );
          }
        }
      return;
    case 'UpdateFlowAttributes':
      if (!isObject(p.FlowAttributes) || Object.keys(p.FlowAttributes).length === 0)
        bad('has no FlowAttributes to set');
      else if (Object.values(p.FlowAttributes).some((v) => !isObject(v) || typeof v.Value !== 'string'))
        bad('has a flow attribute without a string Value');
      return;
    case 'UpdateContactTargetQueue':
      if ((p.QueueId === undefined) === (p.AgentId === undefined))
        bad('must have exactly one of QueueId or AgentId');
      return;
    case 'UpdateContactCallbackNumber':
      if (typeof p.CallbackNumber !== 'string' || !JSON_PATH.test(p.CallbackNumber))
        bad('needs a CallbackNumber that is one JSONPath (it cannot be static)');
      return;
    case 'CreateCallbackContact':
      if (p.QueueId !== undefined && p.AgentId !== undefined) bad('has both QueueId and AgentId');
      intIn('InitialCallDelaySeconds', p.InitialCallDelaySeconds, 1, 259200);
      intIn('MaximumConnectionAttempts', p.MaximumConnectionAttempts, 1, 1000);
      intIn('RetryDelaySeconds', p.RetryDelaySeconds, 1, 259200);
      return;
    case 'TransferToFlow':
      if (typeof p.ContactFlowId !== 'string' || p.ContactFlowId.length === 0) bad('has no ContactFlowId');
      return;
    case 'UpdateContactEventHooks':
      if (!isObject(p.EventHooks) || Object.keys(p.EventHooks).length !== 1)
        bad('must set exactly one event hook');
      return;
    case 'UpdateFlowLoggingBehavior':
      if (p.FlowLoggingBehavior !== 'Enabled' && p.FlowLoggingBehavior !== 'Disabled')
        bad('needs FlowLoggingBehavior Enabled or Disabled');
      return;
    case 'Loop':
      if (!(typeof p.LoopCount === 'string' && JSON_PATH.test(p.LoopCount)))
        intIn('LoopCount', p.LoopCount, 0, 100);
      return;
    case 'CheckMetricData':
      if (
        ![
          'NumberOfAgentsAvailable',
          'NumberOfAgentsStaffed',
          'NumberOfAgentsOnline',
          'OldestContactInQueueAgeSeconds',
          'NumberOfContactsInQueue',
        ].includes(String(p.MetricType))
      ) {
        bad(`has MetricType ${JSON.stringify(p.MetricType)}`);
      }
      return;
    case 'GetMetricData':
      if (p.QueueId !== undefined && p.AgentId !== undefined) bad('has both QueueId and AgentId');
      if (p.QueueChannel !== undefined && p.QueueChannel !== 'Voice' && p.QueueChannel !== 'Chat')
        bad('has a QueueChannel other than Voice or Chat');
      return;
    case 'UpdateContactTextToSpeechVoice':
      if (typeof p.TextToSpeechVoice !== 'string' || p.TextToSpeechVoice.length === 0)
        bad('has no TextToSpeechVoice');
      return;
    default:
      return;
  }
}
