/**
 * A typed model of the Amazon Connect flow language (`Version: "2019-10-30"`), limited to the action
 * types this project emits. Shapes follow the API reference pages
 * (docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions*.html) and real console
 * exports: every scalar parameter is a string ("3", "True"), transitions are `NextAction`, `Errors`
 * and `Conditions`, and an action's `Identifier` is any string of at most 50 characters without
 * `% : ( \ / ) = $ , ; [ ] { }`.
 *
 * The model is pure data: no aws-cdk-lib import, so the compiler, the validator, the simulator and
 * the CLIs can all use it. Resource references (function, queue, hours, flow ARNs) are plain strings;
 * at synth time they are CDK token strings that `Stack.toJsonString` resolves.
 */

/** The only flow-language version Connect accepts. */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/** Largest `Content` string CloudFormation and the API accept (AWS::Connect::ContactFlow). */
export const MAX_FLOW_CONTENT_CHARS = 256_000;

/** Largest number of actions in one flow (flow-language example page). */
export const MAX_FLOW_ACTIONS = 250;

/** Longest action `Identifier` the flow language accepts. */
export const MAX_IDENTIFIER_CHARS = 50;

/** Characters the flow language forbids in an action `Identifier`. */
export const FORBIDDEN_IDENTIFIER_CHARS = /[%:()\\/=$,;[\]{}]/;

/** Strings the flow language forbids as an action `Identifier`. */
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  '__defineGetter__',
  '__defineSetter__',
  'toString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'valueOf',
]);

/** Error types used in `Transitions.Errors`. */
export type FlowErrorType =
  | 'NoMatchingError'
  | 'NoMatchingCondition'
  | 'InputTimeLimitExceeded'
  | 'InvalidPhoneNumber'
  | 'QueueAtCapacity'
  | 'InvalidCallbackNumber'
  | 'CallbackNumberNotDialable';

/** Operators a condition can use. */
export type ConditionOperator =
  | 'Equals'
  | 'NumberGreaterThan'
  | 'NumberGreaterOrEqualTo'
  | 'NumberLessThan'
  | 'NumberLessOrEqualTo'
  | 'TextStartsWith'
  | 'TextEndsWith'
  | 'TextContains';

/** One conditional branch: the first condition that holds wins. */
export interface FlowCondition {
  readonly NextAction: string;
  readonly Condition: { readonly Operator: ConditionOperator; readonly Operands: readonly string[] };
}

/** One error branch. */
export interface FlowErrorBranch {
  readonly NextAction: string;
  readonly ErrorType: FlowErrorType;
}

/** Where an action goes next. Terminal actions use `{}`. */
export interface FlowTransitions {
  readonly NextAction?: string;
  readonly Errors?: readonly FlowErrorBranch[];
  readonly Conditions?: readonly FlowCondition[];
}

interface ActionOf<T extends string, P> {
  readonly Identifier: string;
  readonly Type: T;
  readonly Parameters: P;
  readonly Transitions: FlowTransitions;
}

/** What a prompt says: exactly one of text, SSML or a prompt id/ARN. */
export type PromptContent =
  { readonly Text: string } | { readonly SSML: string } | { readonly PromptId: string };

/** `Play prompt`. Errors: NoMatchingError. */
export type MessageParticipantAction = ActionOf<'MessageParticipant', PromptContent>;

/** `Loop prompts` (queue flows). Condition: Equals MessagesInterrupted. Errors: NoMatchingError. */
export type MessageParticipantIterativelyAction = ActionOf<
  'MessageParticipantIteratively',
  { readonly Messages: readonly PromptContent[]; readonly InterruptFrequencySeconds?: string }
>;

/** `InputValidation` of stored input: exactly one of phone-number or custom validation. */
export type InputValidation =
  | {
      readonly PhoneNumberValidation: {
        readonly NumberFormat: 'Local' | 'E164';
        readonly CountryCode?: string;
      };
    }
  | { readonly CustomValidation: { readonly MaximumLength: string } };

/** Parameters of `GetParticipantInput`, for both a DTMF menu and `Store customer input`. */
export type GetParticipantInputParameters = PromptContent & {
  readonly InputTimeLimitSeconds: string;
  readonly StoreInput: 'True' | 'False';
  /** Required if and only if StoreInput is True. */
  readonly InputValidation?: InputValidation;
  /** Only with CustomValidation: encrypts the digits with the instance's uploaded key. */
  readonly InputEncryption?: { readonly EncryptionKeyId: string; readonly Key: string };
  readonly DTMFConfiguration?: {
    readonly InputTerminationSequence?: string;
    readonly DisableCancelKey?: 'True' | 'False';
  };
};

/**
 * `Get customer input` / `Store customer input`. A menu (StoreInput False) branches on single-digit
 * Equals conditions and needs InputTimeLimitExceeded, NoMatchingCondition and NoMatchingError; stored
 * input has no conditions, puts the digits in `$.StoredCustomerInput` ("Timeout" when none) and needs
 * NoMatchingError (plus InvalidPhoneNumber with phone-number validation).
 */
export type GetParticipantInputAction = ActionOf<'GetParticipantInput', GetParticipantInputParameters>;

/** `Invoke AWS Lambda function`. The result is under `$.External`. Errors: NoMatchingError. */
export type InvokeLambdaFunctionAction = ActionOf<
  'InvokeLambdaFunction',
  {
    readonly LambdaFunctionARN: string;
    /** "1" to "8", static. */
    readonly InvocationTimeLimitSeconds: string;
    readonly ResponseValidation?: { readonly ResponseType: 'STRING_MAP' | 'JSON' };
    readonly LambdaInvocationAttributes?: Readonly<Record<string, string>>;
  }
>;

/** `Check contact attributes`: branches on one JSONPath value. Errors: NoMatchingCondition. */
export type CompareAction = ActionOf<'Compare', { readonly ComparisonValue: string }>;

/** `Set contact attributes` (persisted on the contact record). Errors: NoMatchingError. */
export type UpdateContactAttributesAction = ActionOf<
  'UpdateContactAttributes',
  { readonly Attributes: Readonly<Record<string, string>>; readonly TargetContact?: 'Current' | 'Related' }
>;

/** `Set contact attributes` with flow scope: not persisted, not carried to other flows. */
export type UpdateFlowAttributesAction = ActionOf<
  'UpdateFlowAttributes',
  { readonly FlowAttributes: Readonly<Record<string, { readonly Value: string }>> }
>;

/** `Check hours of operation`: conditions Equals True and Equals False. Errors: NoMatchingError. */
export type CheckHoursOfOperationAction = ActionOf<
  'CheckHoursOfOperation',
  { readonly HoursOfOperationId?: string }
>;

/** `Get queue metrics`: fills `$.Metrics.Queue.*`. Errors: NoMatchingError. */
export type GetMetricDataAction = ActionOf<
  'GetMetricData',
  { readonly QueueId?: string; readonly AgentId?: string; readonly QueueChannel?: 'Voice' | 'Chat' }
>;

/** Metric types `CheckMetricData` supports. */
export type CheckMetricType =
  | 'NumberOfAgentsAvailable'
  | 'NumberOfAgentsStaffed'
  | 'NumberOfAgentsOnline'
  | 'OldestContactInQueueAgeSeconds'
  | 'NumberOfContactsInQueue';

/** `Check queue status` / `Check staffing`. Errors: NoMatchingError (+ NoMatchingCondition for queue metrics). */
export type CheckMetricDataAction = ActionOf<
  'CheckMetricData',
  { readonly MetricType: CheckMetricType; readonly QueueId?: string; readonly AgentId?: string }
>;

/** `Set working queue`. Errors: NoMatchingError. */
export type UpdateContactTargetQueueAction = ActionOf<
  'UpdateContactTargetQueue',
  { readonly QueueId: string } | { readonly AgentId: string }
>;

/** `Transfer to queue`: ends the flow on success. Errors: QueueAtCapacity, NoMatchingError. */
export type TransferContactToQueueAction = ActionOf<
  'TransferContactToQueue',
  Readonly<Record<string, never>>
>;

/** `Set callback number`. Errors: InvalidCallbackNumber, CallbackNumberNotDialable. */
export type UpdateContactCallbackNumberAction = ActionOf<
  'UpdateContactCallbackNumber',
  /** A single JSONPath, never static. */
  { readonly CallbackNumber: string }
>;

/** `Transfer to queue` (callback tab): queues a callback contact. Errors: NoMatchingError. */
export type CreateCallbackContactAction = ActionOf<
  'CreateCallbackContact',
  {
    readonly QueueId?: string;
    readonly AgentId?: string;
    /** "1" to "259200", static. */
    readonly InitialCallDelaySeconds: string;
    /** Positive integer, static. */
    readonly MaximumConnectionAttempts: string;
    /** "1" to "259200", static. */
    readonly RetryDelaySeconds: string;
  }
>;

/** `Transfer to flow`: ends this flow on success. Errors: NoMatchingError. */
export type TransferToFlowAction = ActionOf<'TransferToFlow', { readonly ContactFlowId: string }>;

/** Contact event hooks a flow can set (one per action). */
export type EventHookName =
  'CustomerQueue' | 'CustomerHold' | 'CustomerWhisper' | 'AgentHold' | 'AgentWhisper';

/** `Set customer queue flow` and friends: exactly one hook per action. Errors: NoMatchingError. */
export type UpdateContactEventHooksAction = ActionOf<
  'UpdateContactEventHooks',
  { readonly EventHooks: Readonly<Partial<Record<EventHookName, string>>> }
>;

/** `Set logging behavior`. No errors. */
export type UpdateFlowLoggingBehaviorAction = ActionOf<
  'UpdateFlowLoggingBehavior',
  { readonly FlowLoggingBehavior: 'Enabled' | 'Disabled' }
>;

/** `Disconnect / hang up`: terminal. */
export type DisconnectParticipantAction = ActionOf<'DisconnectParticipant', Readonly<Record<string, never>>>;

/** `End flow / Resume`: terminal (in a queue flow the caller stays in queue). */
export type EndFlowExecutionAction = ActionOf<'EndFlowExecution', Readonly<Record<string, never>>>;

/**
 * `Loop`: the same action returns ContinueLooping `LoopCount` times, then DoneLooping once, then
 * resets. Conditions Equals ContinueLooping and Equals DoneLooping, no errors.
 */
export type LoopAction = ActionOf<'Loop', { readonly LoopCount: string }>;

/** `Set recording and analytics behavior`. No errors. */
export type UpdateContactRecordingBehaviorAction = ActionOf<
  'UpdateContactRecordingBehavior',
  { readonly RecordingBehavior: { readonly RecordedParticipants: readonly ('Agent' | 'Customer')[] } }
>;

/** `Set voice`: the Polly voice for text to speech. No errors. */
export type UpdateContactTextToSpeechVoiceAction = ActionOf<
  'UpdateContactTextToSpeechVoice',
  { readonly TextToSpeechVoice: string; readonly TextToSpeechEngine?: 'Standard' | 'Neural' | 'Generative' }
>;

/** Every action type this project models. */
export type FlowAction =
  | MessageParticipantAction
  | MessageParticipantIterativelyAction
  | GetParticipantInputAction
  | InvokeLambdaFunctionAction
  | CompareAction
  | UpdateContactAttributesAction
  | UpdateFlowAttributesAction
  | CheckHoursOfOperationAction
  | GetMetricDataAction
  | CheckMetricDataAction
  | UpdateContactTargetQueueAction
  | TransferContactToQueueAction
  | UpdateContactCallbackNumberAction
  | CreateCallbackContactAction
  | TransferToFlowAction
  | UpdateContactEventHooksAction
  | UpdateFlowLoggingBehaviorAction
  | DisconnectParticipantAction
  | EndFlowExecutionAction
  | LoopAction
  | UpdateContactRecordingBehaviorAction
  | UpdateContactTextToSpeechVoiceAction;

/** The `Type` of a modelled action. */
export type FlowActionType = FlowAction['Type'];

/** A modelled action of one type. */
export type ActionOfType<T extends FlowActionType> = Extract<FlowAction, { Type: T }>;

/** A flow document: the value of `AWS::Connect::ContactFlow.Content` before serialization. */
export interface FlowDocument {
  readonly Version: typeof FLOW_LANGUAGE_VERSION;
  readonly StartAction: string;
  /** Designer data (block positions); ignored by the service. */
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly Actions: readonly FlowAction[];
}

/**
 * Per action type: which error branches must be present (`required`) and which may be present
 * (`allowed`), what condition operands it branches on, and whether a successful run ends the flow.
 * Sources: the API reference "Errors" section of each action, and console exports (which add
 * NoMatchingError to UpdateFlowAttributes and Compare).
 */
export interface ActionRules {
  readonly required: readonly FlowErrorType[];
  readonly allowed: readonly FlowErrorType[];
  /** The action ends the flow (or the caller's time in it) when it succeeds. */
  readonly terminal: boolean;
  /** Operands the action's conditions must cover exactly (CheckHoursOfOperation, Loop). */
  readonly exactConditions?: readonly string[];
}

/** Error-branch and termination rules of every modelled action type. */
export const ACTION_RULES: Readonly<Record<FlowActionType, ActionRules>> = {
  MessageParticipant: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  MessageParticipantIteratively: {
    required: ['NoMatchingError'],
    allowed: ['NoMatchingError'],
    terminal: false,
  },
  // Refined per action by `requiredErrors` (menu vs stored input).
  GetParticipantInput: {
    required: ['NoMatchingError'],
    allowed: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
    terminal: false,
  },
  InvokeLambdaFunction: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  Compare: {
    required: ['NoMatchingCondition'],
    allowed: ['NoMatchingCondition', 'NoMatchingError'],
    terminal: false,
  },
  UpdateContactAttributes: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  UpdateFlowAttributes: { required: [], allowed: ['NoMatchingError'], terminal: false },
  CheckHoursOfOperation: {
    required: ['NoMatchingError'],
    allowed: ['NoMatchingError'],
    terminal: false,
    exactConditions: ['True', 'False'],
  },
  GetMetricData: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  // Refined per action by `requiredErrors` (NoMatchingCondition only for queue-time/count metrics).
  CheckMetricData: {
    required: ['NoMatchingError'],
    allowed: ['NoMatchingError', 'NoMatchingCondition'],
    terminal: false,
  },
  UpdateContactTargetQueue: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  TransferContactToQueue: {
    required: ['QueueAtCapacity', 'NoMatchingError'],
    allowed: ['QueueAtCapacity', 'NoMatchingError'],
    terminal: true,
  },
  UpdateContactCallbackNumber: {
    required: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
    allowed: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
    terminal: false,
  },
  CreateCallbackContact: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  TransferToFlow: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: true },
  UpdateContactEventHooks: { required: ['NoMatchingError'], allowed: ['NoMatchingError'], terminal: false },
  UpdateFlowLoggingBehavior: { required: [], allowed: [], terminal: false },
  DisconnectParticipant: { required: [], allowed: [], terminal: true },
  EndFlowExecution: { required: [], allowed: [], terminal: true },
  Loop: { required: [], allowed: [], terminal: false, exactConditions: ['ContinueLooping', 'DoneLooping'] },
  UpdateContactRecordingBehavior: { required: [], allowed: [], terminal: false },
  UpdateContactTextToSpeechVoice: { required: [], allowed: ['NoMatchingError'], terminal: false },
};

/** Whether `type` is one of the modelled action types. */
export function isModelledType(type: string): type is FlowActionType {
  return Object.prototype.hasOwnProperty.call(ACTION_RULES, type);
}

/** Every action identifier a transition of `action` points to, in order, without duplicates. */
export function targetsOf(action: { readonly Transitions?: FlowTransitions }): string[] {
  const t = action.Transitions ?? {};
  const out: string[] = [];
  const add = (id: string | undefined): void => {
    if (typeof id === 'string' && !out.includes(id)) out.push(id);
  };
  for (const c of t.Conditions ?? []) add(c.NextAction);
  add(t.NextAction);
  for (const e of t.Errors ?? []) add(e.NextAction);
  return out;
}

/** Why an identifier is not acceptable to the flow language, or undefined when it is. */
export function identifierProblem(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_IDENTIFIER_CHARS)
    return `is ${id.length} characters long (at most ${MAX_IDENTIFIER_CHARS})`;
  if (FORBIDDEN_IDENTIFIER_CHARS.test(id)) return 'contains one of % : ( \\ / ) = $ , ; [ ] { }';
  if (RESERVED_IDENTIFIERS.has(id)) return 'is a reserved word';
  return undefined;
}
