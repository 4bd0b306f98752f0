/**
 * Per-action rules: success and error branches, conditions and parameters, each from the action's
 * flow-language reference page (`ACTION_RULES[type].doc`).
 */
import { ACTION_RULES, FLOW_ERROR_TYPES, isModelledType, type FlowErrorType } from '../model';
import { isObject, targets, type Json, type JsonObject, type ParsedAction, type Report } from './parse';

const JSON_PATH = /^\$\.[A-Za-z0-9_.\-[\]'"]+$/;
const INTEGER = /^(0|[1-9]\d*)$/;
const PROMPT_KEYS = ['Text', 'SSML', 'PromptId', 'Media'] as const;

/**
 * Roots a JSONPath may start with: the namespaces of the contact attribute reference
 * (adminguide/connect-attrib-list.html).
 */
export const JSONPATH_ROOTS: ReadonlySet<string> = new Set([
  'Attributes',
  'FlowAttributes',
  'External',
  'StoredCustomerInput',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Queue',
  'Metrics',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'RelatedContactId',
  'InstanceARN',
  'InitiationMethod',
  'Lex',
  'Customer',
  'LambdaInvocation',
  'Name',
  'Description',
  'Media',
  'MediaStreams',
  'LanguageCode',
  'TextToSpeechVoice',
  'Tags',
  'References',
  'SegmentAttributes',
  'Case',
  'Wisdom',
  'Campaign',
  'ContactDetails',
  'Agent',
  'AuthenticationStatus',
  'Customer',
  'Modules',
  'Module',
  'DataTable',
  'TaskContactId',
  'AgentId',
  'Email',
  'Attachments',
  'ChatMetrics',
  'CustomerId',
  'Routing',
  'RoutingCriteria',
  'QueueTimeAdjustmentSeconds',
  'QueuePriority',
]);

/** Why `value` is not one JSONPath with a known root, or undefined when it is. */
export function jsonPathProblem(value: Json | undefined): string | undefined {
  if (typeof value !== 'string' || !JSON_PATH.test(value)) return 'is not one JSONPath ($.Namespace.key)';
  const root = /^\$\.([A-Za-z0-9_-]+)/.exec(value)?.[1] ?? '';
  if (!JSONPATH_ROOTS.has(root)) return `starts with $.${root}, which is not a namespace Connect defines`;
  return undefined;
}

const isJsonPathLike = (v: Json | undefined): boolean => typeof v === 'string' && v.startsWith('$.');

/** Required (policy) and documented error types of one action, refined by its parameters. */
export function errorRules(
  action: ParsedAction,
): { required: readonly FlowErrorType[]; allowed: readonly FlowErrorType[] | undefined } | undefined {
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
  return { required: rules.required, allowed: rules.allowed };
}

/** Success branches (`dead-end`) and error branches (`unknown-error-type`, lints). */
export function checkBranches(action: ParsedAction, report: Report): void {
  const { id, type } = action;
  const modelled = isModelledType(type);
  const rules = modelled ? ACTION_RULES[type] : undefined;
  if (rules?.terminal !== true && rules?.noNextAction !== true && action.next === undefined) {
    // A branching action may leave NextAction out when its conditions and NoMatchingCondition (or an
    // exact set of conditions) cover every result.
    const covered =
      rules?.branching === true &&
      (action.errors.some((e) => e.type === 'NoMatchingCondition') || rules.exactConditions !== undefined);
    if (!covered && (modelled || targets(action).length === 0)) {
      report(
        'dead-end',
        targets(action).length === 0
          ? 'has no transitions, so the contact stops here; only a disconnect, a transfer or an end of flow may end one'
          : 'has no NextAction, so its success branch goes nowhere',
        id,
      );
    }
  }
  for (const e of action.errors) {
    if (!(FLOW_ERROR_TYPES as readonly string[]).includes(e.type))
      report(
        'unknown-error-type',
        `has an error branch of type '${e.type}', which the flow language does not define`,
        id,
      );
  }
  const errs = errorRules(action);
  if (errs === undefined) return;
  const present = new Set(action.errors.map((e) => e.type));
  for (const required of errs.required) {
    if (!present.has(required)) report('missing-error-branch', `has no '${required}' error branch`, id);
  }
  if (errs.allowed === undefined) return;
  for (const e of action.errors) {
    if (
      (FLOW_ERROR_TYPES as readonly string[]).includes(e.type) &&
      !(errs.allowed as string[]).includes(e.type)
    ) {
      report('unexpected-error-type', `has an '${e.type}' error branch, which ${type} never takes`, id);
    }
  }
}

const operandsOf = (c: { operands: readonly Json[] }): string => c.operands.map((o) => String(o)).join(',');

/** `invalid-conditions`: the operators and operands each action's page allows. */
export function checkConditions(action: ParsedAction, report: Report): void {
  const { id, type, conditions, parameters: p } = action;
  if (!isModelledType(type)) return;
  const rules = ACTION_RULES[type];
  if (rules.exactConditions !== undefined) {
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
  const onlyEquals = (what: string, allowed?: (operand: string) => boolean): void => {
    for (const c of conditions) {
      const operand = operandsOf(c);
      if (c.operator !== 'Equals' || c.operands.length !== 1 || (allowed !== undefined && !allowed(operand)))
        report('invalid-conditions', `has condition ${c.operator} ${operand}; ${what}`, id);
    }
  };
  switch (type) {
    case 'Compare':
      if (conditions.length === 0) report('invalid-conditions', 'has no conditions to compare against', id);
      return;
    case 'GetParticipantInput':
      if (p.StoreInput === 'True') {
        if (conditions.length > 0)
          report('invalid-conditions', 'stores input, so it cannot branch on conditions', id);
      } else onlyEquals('a menu only branches on Equals one key (0-9, *, #)', (o) => /^[0-9*#]$/.test(o));
      return;
    case 'MessageParticipantIteratively':
      onlyEquals(
        'Loop prompts only branch on Equals MessagesInterrupted',
        (o) => o === 'MessagesInterrupted',
      );
      return;
    case 'ConnectParticipantWithLexBot':
      onlyEquals('a Lex bot branches on Equals an intent name');
      return;
    case 'Wait': {
      const events = Array.isArray(p.Events) ? p.Events.map(String) : [];
      const allowed = ['WaitCompleted', ...events];
      onlyEquals(`Wait only branches on Equals ${allowed.join(' / ')}`, (o) => allowed.includes(o));
      const got = new Set(conditions.map(operandsOf));
      for (const want of allowed)
        if (!got.has(want)) report('invalid-conditions', `needs a condition Equals ${want}`, id);
      return;
    }
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

/** `invalid-parameter`, `invalid-jsonpath`, `invocation-time-limit`: each action's Parameter object. */
export function checkParameters(action: ParsedAction, report: Report): void {
  const { id, type, parameters: p } = action;
  if (!isModelledType(type)) return;
  const bad = (message: string): void => report('invalid-parameter', message, id);
  const path = (key: string, value: Json | undefined): void => {
    const problem = jsonPathProblem(value);
    if (problem !== undefined)
      report(
        'invalid-jsonpath',
        `needs a ${key} that is one JSONPath; ${JSON.stringify(value)} ${problem}`,
        id,
      );
  };
  const promptCount = (o: JsonObject): number => PROMPT_KEYS.filter((k) => o[k] !== undefined).length;
  const intIn = (key: string, value: Json | undefined, min: number, max: number, dynamic = false): void => {
    if (dynamic && isJsonPathLike(value)) return path(key, value);
    if (typeof value !== 'string' || !INTEGER.test(value) || Number(value) < min || Number(value) > max) {
      bad(`has ${key} ${JSON.stringify(value)}; expected an integer string from ${min} to ${max}`);
    }
  };
  const oneOf = (key: string, allowed: readonly string[]): void => {
    if (!allowed.includes(String(p[key])))
      bad(`has ${key} ${JSON.stringify(p[key])}; expected one of ${allowed.join(', ')}`);
  };
  const exclusive = (a: string, b: string, required: boolean): void => {
    if (p[a] !== undefined && p[b] !== undefined) bad(`has both ${a} and ${b}`);
    if (required && p[a] === undefined && p[b] === undefined) bad(`needs ${a} or ${b}`);
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
      const asynchronous = p.InvocationType === 'ASYNCHRONOUS';
      const max = asynchronous ? 60 : 8;
      if (typeof limit !== 'string' || !INTEGER.test(limit) || Number(limit) < 1 || Number(limit) > max) {
        report(
          'invocation-time-limit',
          `has InvocationTimeLimitSeconds ${JSON.stringify(limit)}; ${asynchronous ? 'asynchronous' : 'synchronous'} invocations allow "1" to "${max}"`,
          id,
        );
      }
      return;
    }
    case 'Compare':
      path('ComparisonValue', p.ComparisonValue);
      return;
    case 'UpdateContactAttributes':
      if (!isObject(p.Attributes) || Object.keys(p.Attributes).length === 0) bad('has no Attributes to set');
      return;
    case 'UpdateFlowAttributes':
      if (!isObject(p.FlowAttributes) || Object.keys(p.FlowAttributes).length === 0)
        bad('has no FlowAttributes to set');
      else if (Object.values(p.FlowAttributes).some((v) => !isObject(v) || typeof v.Value !== 'string'))
        bad('has a flow attribute without a string Value');
      return;
    case 'UpdateContactTargetQueue':
      exclusive('QueueId', 'AgentId', true);
      return;
    case 'UpdateContactCallbackNumber':
      path('CallbackNumber', p.CallbackNumber);
      return;
    case 'CreateCallbackContact':
      exclusive('QueueId', 'AgentId', false);
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
      oneOf('FlowLoggingBehavior', ['Enabled', 'Disabled']);
      return;
    case 'Loop':
      intIn('LoopCount', p.LoopCount, 0, 100, true);
      return;
    case 'CheckMetricData':
      oneOf('MetricType', [
        'NumberOfAgentsAvailable',
        'NumberOfAgentsStaffed',
        'NumberOfAgentsOnline',
        'OldestContactInQueueAgeSeconds',
        'NumberOfContactsInQueue',
      ]);
      return;
    case 'GetMetricData':
      exclusive('QueueId', 'AgentId', false);
      if (p.QueueChannel !== undefined) oneOf('QueueChannel', ['Voice', 'Chat']);
      return;
    case 'UpdateContactTextToSpeechVoice':
      if (typeof p.TextToSpeechVoice !== 'string' || p.TextToSpeechVoice.length === 0)
        bad('has no TextToSpeechVoice');
      return;
    case 'InvokeFlowModule':
      if (typeof p.FlowModuleId !== 'string' || p.FlowModuleId.length === 0) bad('has no FlowModuleId');
      return;
    case 'ConnectParticipantWithLexBot': {
      if (promptCount(p) > 1) bad('has more than one of Text, SSML, PromptId or Media');
      const v2 = isObject(p.LexV2Bot) ? p.LexV2Bot : undefined;
      const v1 = isObject(p.LexBot) ? p.LexBot : undefined;
      if ((v2 === undefined) === (v1 === undefined)) bad('must have exactly one of LexV2Bot or LexBot');
      if (v2 !== undefined && (typeof v2.AliasArn !== 'string' || v2.AliasArn.length === 0))
        bad('has a LexV2Bot without AliasArn');
      if (v1 !== undefined && (typeof v1.Name !== 'string' || typeof v1.Alias !== 'string'))
        bad('has a LexBot without Name and Alias');
      return;
    }
    case 'DequeueContactAndTransferToQueue':
      exclusive('QueueId', 'AgentId', true);
      return;
    case 'TransferParticipantToThirdParty':
      if (p.ThirdPartyConnectionTimeLimitSeconds !== undefined)
        intIn('ThirdPartyConnectionTimeLimitSeconds', p.ThirdPartyConnectionTimeLimitSeconds, 0, 600, true);
      if (p.ContinueFlowExecution !== undefined) oneOf('ContinueFlowExecution', ['True', 'False']);
      if (
        typeof p.ThirdPartyDTMFDigits === 'string' &&
        !isJsonPathLike(p.ThirdPartyDTMFDigits) &&
        !/^[0-9,*#]{0,50}$/.test(p.ThirdPartyDTMFDigits)
      )
        bad('has ThirdPartyDTMFDigits other than up to 50 of 0-9 , * #');
      return;
    case 'Wait':
      intIn('TimeoutSeconds', p.TimeoutSeconds, 1, 604800, true);
      if (
        p.Events !== undefined &&
        (!Array.isArray(p.Events) ||
          p.Events.some((e) => e !== 'CustomerReturned' && e !== 'BotParticipantDisconnected'))
      )
        bad('has Events other than CustomerReturned and BotParticipantDisconnected');
      return;
    case 'CreateTask':
      if (p.ContactFlowId === undefined && p.TaskTemplateId === undefined)
        bad('needs a ContactFlowId (or a TaskTemplateId)');
      if (p.DelaySeconds !== undefined && p.ScheduledTime !== undefined)
        bad('has both DelaySeconds and ScheduledTime');
      if (p.DelaySeconds !== undefined) intIn('DelaySeconds', p.DelaySeconds, 1, 518400);
      return;
    case 'UpdateContactRoutingBehavior':
      exclusive('QueuePriority', 'QueueTimeAdjustmentSeconds', true);
      if (
        p.QueuePriority !== undefined &&
        !(typeof p.QueuePriority === 'string' && /^[1-9]\d*$/.test(p.QueuePriority))
      )
        bad(
          `has QueuePriority ${JSON.stringify(p.QueuePriority)}; expected a static integer larger than zero`,
        );
      if (
        p.QueueTimeAdjustmentSeconds !== undefined &&
        !(typeof p.QueueTimeAdjustmentSeconds === 'string' && /^-?\d+$/.test(p.QueueTimeAdjustmentSeconds))
      )
        bad(
          `has QueueTimeAdjustmentSeconds ${JSON.stringify(p.QueueTimeAdjustmentSeconds)}; expected a static integer`,
        );
      return;
    case 'UpdateContactMediaStreamingBehavior':
      oneOf('MediaStreamingState', ['Enabled', 'Disabled']);
      if (p.MediaStreamType !== undefined) oneOf('MediaStreamType', ['Audio']);
      return;
    case 'UpdatePreviousContactParticipantState':
      oneOf('PreviousContactParticipantState', ['AgentOnHold', 'CustomerOnHold', 'OffHold']);
      return;
    case 'GetCustomerProfile':
    case 'UpdateCustomerProfile':
      if (!isObject(p.ProfileRequestData)) bad('has no ProfileRequestData object');
      return;
    default:
      return;
  }
}
