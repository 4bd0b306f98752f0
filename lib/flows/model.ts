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
  | 'CallbackNumberNotDialable'
  | 'ParticipantNotFound'
  | 'MultipleFoundError'
  | 'NoneFoundError'
  | 'CallFailed'
  | 'ConnectionTimeLimitExceeded';

/** Every error type the flow-language reference names (any other one is refused). */
export const FLOW_ERROR_TYPES: readonly FlowErrorType[] = [
  'NoMatchingError',
  'NoMatchingCondition',
  'InputTimeLimitExceeded',
  'InvalidPhoneNumber',
  'QueueAtCapacity',
  'InvalidCallbackNumber',
  'CallbackNumberNotDialable',
  'ParticipantNotFound',
  'MultipleFoundError',
  'NoneFoundError',
  'CallFailed',
  'ConnectionTimeLimitExceeded',
];

/**
 * The `Type` of a contact flow (AWS::Connect::ContactFlow `Type`, CreateContactFlow), plus
 * `FLOW_MODULE` for AWS::Connect::ContactFlowModule content.
 */
export type ContactFlowType =
  | 'CONTACT_FLOW'
  | 'CUSTOMER_QUEUE'
  | 'CUSTOMER_HOLD'
  | 'CUSTOMER_WHISPER'
  | 'AGENT_HOLD'
  | 'AGENT_WHISPER'
  | 'OUTBOUND_WHISPER'
  | 'AGENT_TRANSFER'
  | 'QUEUE_TRANSFER'
  | 'CAMPAIGN'
  | 'FLOW_MODULE';

/** Every flow type, in the order of the CreateContactFlow reference. */
export const CONTACT_FLOW_TYPES: readonly ContactFlowType[] = [
  'CONTACT_FLOW',
  'CUSTOMER_QUEUE',
  'CUSTOMER_HOLD',
  'CUSTOMER_WHISPER',
  'AGENT_HOLD',
  'AGENT_WHISPER',
  'OUTBOUND_WHISPER',
  'AGENT_TRANSFER',
  'QUEUE_TRANSFER',
  'CAMPAIGN',
  'FLOW_MODULE',
];

/** Whether `value` names a flow type. */
export function isContactFlowType(value: unknown): value is ContactFlowType {
  return typeof value === 'string' && (CONTACT_FLOW_TYPES as readonly string[]).includes(value);
}

/** Contact channels (a flow serves any of them; some actions only work on some). */
export type ContactChannel = 'VOICE' | 'CHAT' | 'TASK' | 'EMAIL';

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

/** `Invoke module`: runs a flow module, then continues. Errors: NoMatchingError. */
export type InvokeFlowModuleAction = ActionOf<'InvokeFlowModule', { readonly FlowModuleId: string }>;

/** `Return` (from a module): terminal, only in flow modules. */
export type EndFlowModuleExecutionAction = ActionOf<
  'EndFlowModuleExecution',
  Readonly<Record<string, never>>
>;

/** Lex V2 bot of `ConnectParticipantWithLexBot`. */
export interface LexV2BotParameters {
  readonly AliasArn: string;
}

/**
 * `Get customer input` with a Lex bot: branches on the intent name (Equals conditions).
 * Errors: InputTimeLimitExceeded, NoMatchingCondition, NoMatchingError.
 */
export type ConnectParticipantWithLexBotAction = ActionOf<
  'ConnectParticipantWithLexBot',
  Partial<PromptContent> & {
    readonly LexV2Bot?: LexV2BotParameters;
    readonly LexBot?: { readonly Name: string; readonly Region: string; readonly Alias: string };
    readonly LexSessionAttributes?: Readonly<Record<string, string>>;
    readonly LexInitializationData?: { readonly InitialMessage: string };
    readonly LexTimeoutSeconds?: { readonly Text: string };
  }
>;

/** `Transfer to agent`: ends the flow (transfer-to-agent and transfer-to-queue flows). No errors. */
export type TransferContactToAgentAction = ActionOf<
  'TransferContactToAgent',
  Readonly<Record<string, never>>
>;

/** `Transfer to queue` inside a customer queue flow. Errors: QueueAtCapacity, NoMatchingError. */
export type DequeueContactAndTransferToQueueAction = ActionOf<
  'DequeueContactAndTransferToQueue',
  { readonly QueueId?: string; readonly AgentId?: string }
>;

/** `Transfer to phone number`. Errors: CallFailed, ConnectionTimeLimitExceeded, NoMatchingError. */
export type TransferParticipantToThirdPartyAction = ActionOf<
  'TransferParticipantToThirdParty',
  {
    readonly ThirdPartyPhoneNumber?: string;
    /** "0" to "600". */
    readonly ThirdPartyConnectionTimeLimitSeconds?: string;
    readonly ContinueFlowExecution?: 'True' | 'False';
    readonly ThirdPartyDTMFDigits?: string;
    readonly CallerId?: { readonly Number?: string; readonly Name?: string };
  }
>;

/**
 * `Wait` (chat): conditions Equals WaitCompleted and Equals each listed event.
 * Errors: NoMatchingError, ParticipantNotFound.
 */
export type WaitAction = ActionOf<
  'Wait',
  {
    /** Positive integer up to 604800, or one JSONPath. */
    readonly TimeoutSeconds: string;
    readonly Events?: readonly ('CustomerReturned' | 'BotParticipantDisconnected')[];
  }
>;

/** `Create task`. Errors: NoMatchingError. */
export type CreateTaskAction = ActionOf<
  'CreateTask',
  {
    readonly ContactFlowId?: string;
    readonly Name?: string;
    readonly Description?: string;
    readonly Attributes?: Readonly<Record<string, string>>;
    readonly References?: Readonly<Record<string, unknown>>;
    /** "1" to "518400"; not with ScheduledTime. */
    readonly DelaySeconds?: string;
    readonly ScheduledTime?: string;
    readonly TaskTemplateId?: string;
  }
>;

/** `Change routing priority / age`: exactly one of the two. No errors. */
export type UpdateContactRoutingBehaviorAction = ActionOf<
  'UpdateContactRoutingBehavior',
  { readonly QueuePriority?: string; readonly QueueTimeAdjustmentSeconds?: string }
>;

/** `Start/Stop media streaming` (voice). Errors: NoMatchingError. */
export type UpdateContactMediaStreamingBehaviorAction = ActionOf<
  'UpdateContactMediaStreamingBehavior',
  {
    readonly MediaStreamingState: 'Enabled' | 'Disabled';
    readonly MediaStreamType?: 'Audio';
    readonly Participants?: readonly {
      readonly ParticipantType: 'Customer';
      readonly MediaDirections: readonly ('From' | 'To')[];
    }[];
  }
>;

/** `Hold customer or agent`. Errors: NoMatchingError. */
export type UpdatePreviousContactParticipantStateAction = ActionOf<
  'UpdatePreviousContactParticipantState',
  { readonly PreviousContactParticipantState: 'AgentOnHold' | 'CustomerOnHold' | 'OffHold' }
>;

/** `Call phone number` (outbound whisper flows). No errors. */
export type CompleteOutboundCallAction = ActionOf<
  'CompleteOutboundCall',
  { readonly CallerId?: { readonly Number: string }; readonly ConnectionTimeLimitSeconds?: string }
>;

/** `Customer profiles` (get). Errors: NoneFoundError, MultipleFoundError, NoMatchingError. */
export type GetCustomerProfileAction = ActionOf<
  'GetCustomerProfile',
  {
    readonly ProfileRequestData: Readonly<Record<string, unknown>>;
    readonly ProfileResponseData?: readonly string[];
  }
>;

/** `Customer profiles` (update). Errors: NoMatchingError. */
export type UpdateCustomerProfileAction = ActionOf<
  'UpdateCustomerProfile',
  {
    readonly ProfileRequestData: Readonly<Record<string, unknown>>;
    readonly ProfileResponseData?: readonly string[];
  }
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
  | UpdateContactTextToSpeechVoiceAction
  | InvokeFlowModuleAction
  | EndFlowModuleExecutionAction
  | ConnectParticipantWithLexBotAction
  | TransferContactToAgentAction
  | DequeueContactAndTransferToQueueAction
  | TransferParticipantToThirdPartyAction
  | WaitAction
  | CreateTaskAction
  | UpdateContactRoutingBehaviorAction
  | UpdateContactMediaStreamingBehaviorAction
  | UpdatePreviousContactParticipantStateAction
  | CompleteOutboundCallAction
  | GetCustomerProfileAction
  | UpdateCustomerProfileAction;

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

/** Flow-language reference pages (every rule cites one). */
export const DOCS = {
  actions: 'https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions.html',
  example: 'https://docs.aws.amazon.com/connect/latest/APIReference/flow-language-example.html',
  contentLimit:
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-connect-contactflow.html',
  createContactFlow: 'https://docs.aws.amazon.com/connect/latest/APIReference/API_CreateContactFlow.html',
  limits: 'https://docs.aws.amazon.com/connect/latest/adminguide/amazon-connect-service-limits.html',
  flowTypes:
    'https://docs.aws.amazon.com/connect/latest/adminguide/create-contact-flow.html#contact-flow-types',
} as const;

const API_REF = 'https://docs.aws.amazon.com/connect/latest/APIReference/';

/** Inbound and the two transfer flow types: where routing actions run. */
const ROUTING_FLOWS: readonly ContactFlowType[] = ['CONTACT_FLOW', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'];
/** Every flow type except the hold flows (customer and agent hold). */
const NOT_HOLD: readonly ContactFlowType[] = CONTACT_FLOW_TYPES.filter(
  (t) => t !== 'CUSTOMER_HOLD' && t !== 'AGENT_HOLD',
);

/**
 * What the flow-language reference says of one action type, and this project's policy on top:
 * - `documented`: the error types listed on its page (an unlisted one is a lint; `undefined`: not
 *   checked);
 * - `required`: the error branches this project requires (a policy: missing ones are lints, since
 *   Connect accepts them, e.g. AWS's own flows omit NoMatchingError on MessageParticipant);
 * - `flowTypes` / `channels`: the page's Restrictions (`undefined`: every one);
 * - `terminal`: a successful run ends the flow; `branching`: branches on conditions.
 */
export interface ActionRules {
  readonly doc: string;
  readonly required: readonly FlowErrorType[];
  /** Error types the action's page lists. */
  readonly allowed: readonly FlowErrorType[] | undefined;
  /** The action ends the flow (or the caller's time in it) when it succeeds. */
  readonly terminal: boolean;
  /** Operands the action's conditions must cover exactly (CheckHoursOfOperation, Loop). */
  readonly exactConditions?: readonly string[];
  /** Branches on conditions (so a success NextAction may be left out when every result is covered). */
  readonly branching?: boolean;
  /** Flow types the page allows; undefined: all. */
  readonly flowTypes?: readonly ContactFlowType[];
  /** Channels the page allows; undefined: all. */
  readonly channels?: readonly ContactChannel[];
  /** The page says it needs no NextAction (MessageParticipantIteratively loops until interrupted). */
  readonly noNextAction?: boolean;
}

const rule = (page: string, r: Omit<ActionRules, 'doc'>): ActionRules => ({ doc: `${API_REF}${page}`, ...r });
const ERR: readonly FlowErrorType[] = ['NoMatchingError'];

/** Rules of every modelled action type, each from its flow-language reference page. */
export const ACTION_RULES: Readonly<Record<FlowActionType, ActionRules>> = {
  MessageParticipant: rule('participant-actions-messageparticipant.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
    flowTypes: NOT_HOLD,
  }),
  MessageParticipantIteratively: rule('participant-actions-messageparticipantiteratively.html', {
    required: [],
    allowed: ERR,
    terminal: false,
    branching: true,
    noNextAction: true,
    flowTypes: ['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD'],
  }),
  // Refined per action by the validator (menu vs stored input).
  GetParticipantInput: rule('participant-actions-getparticipantinput.html', {
    required: ['NoMatchingError'],
    allowed: ['NoMatchingError', 'NoMatchingCondition', 'InputTimeLimitExceeded', 'InvalidPhoneNumber'],
    terminal: false,
    branching: true,
  }),
  InvokeLambdaFunction: rule('interactions-invokelambdafunction.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
  }),
  Compare: rule('flow-control-actions-compare.html', {
    required: ['NoMatchingCondition'],
    allowed: ['NoMatchingCondition', 'NoMatchingError'],
    terminal: false,
    branching: true,
  }),
  UpdateContactAttributes: rule('contact-actions-updatecontactattributes.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
  }),
  UpdateFlowAttributes: rule('flow-control-actions-updateflowattributes.html', {
    required: [],
    allowed: ERR,
    terminal: false,
  }),
  CheckHoursOfOperation: rule('flow-control-actions-checkhoursofoperation.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
    branching: true,
    exactConditions: ['True', 'False'],
  }),
  GetMetricData: rule('interactions-getmetricdata.html', { required: ERR, allowed: ERR, terminal: false }),
  // Refined per action (NoMatchingCondition only for queue-time/count metrics).
  CheckMetricData: rule('flow-control-actions-checkmetricdata.html', {
    required: ERR,
    allowed: ['NoMatchingError', 'NoMatchingCondition'],
    terminal: false,
    branching: true,
  }),
  UpdateContactTargetQueue: rule('contact-actions-updatecontacttargetqueue.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
    flowTypes: ROUTING_FLOWS,
  }),
  TransferContactToQueue: rule('contact-actions-transfercontacttoqueue.html', {
    required: ['QueueAtCapacity', 'NoMatchingError'],
    allowed: ['QueueAtCapacity', 'NoMatchingError'],
    terminal: true,
    flowTypes: ROUTING_FLOWS,
  }),
  UpdateContactCallbackNumber: rule('contact-actions-updatecontactcallbacknumber.html', {
    required: ['InvalidCallbackNumber', 'CallbackNumberNotDialable'],
    allowed: ['InvalidCallbackNumber', 'CallbackNumberNotDialable', 'NoMatchingError'],
    terminal: false,
  }),
  CreateCallbackContact: rule('interactions-createcallbackcontact.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
  }),
  TransferToFlow: rule('flow-control-actions-transfertoflow.html', {
    required: ERR,
    allowed: ERR,
    terminal: true,
    flowTypes: ROUTING_FLOWS,
  }),
  UpdateContactEventHooks: rule('contact-actions-updatecontacteventhooks.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
  }),
  UpdateFlowLoggingBehavior: rule('flow-control-actions-updateflowloggingbehavior.html', {
    required: [],
    allowed: [],
    terminal: false,
  }),
  DisconnectParticipant: rule('participant-actions-disconnectparticipant.html', {
    required: [],
    allowed: [],
    terminal: true,
  }),
  EndFlowExecution: rule('flow-control-actions-endflowexecution.html', {
    required: [],
    allowed: [],
    terminal: true,
  }),
  Loop: rule('flow-control-actions-loop.html', {
    required: [],
    allowed: [],
    terminal: false,
    branching: true,
    exactConditions: ['ContinueLooping', 'DoneLooping'],
  }),
  UpdateContactRecordingBehavior: rule('contact-actions-updatecontactrecordingbehavior.html', {
    required: [],
    allowed: ERR,
    terminal: false,
  }),
  UpdateContactTextToSpeechVoice: rule('contact-actions-updatecontacttexttospeechvoice.html', {
    required: [],
    allowed: ERR,
    terminal: false,
  }),
  InvokeFlowModule: rule('flow-language-actions-invoke-flow-module.html', {
    required: ERR,
    allowed: undefined,
    terminal: false,
    // "only supports Inbound flow types".
    flowTypes: ['CONTACT_FLOW'],
  }),
  EndFlowModuleExecution: rule('endflowmoduleexecution.html', {
    required: [],
    allowed: [],
    terminal: true,
    flowTypes: ['FLOW_MODULE'],
  }),
  ConnectParticipantWithLexBot: rule('participant-actions-connectparticipantwithlexbot.html', {
    required: ['NoMatchingError'],
    allowed: ['InputTimeLimitExceeded', 'NoMatchingError', 'NoMatchingCondition'],
    terminal: false,
    branching: true,
  }),
  TransferContactToAgent: rule('contact-actions-transfercontacttoagent.html', {
    required: [],
    allowed: undefined,
    terminal: true,
    flowTypes: ['AGENT_TRANSFER', 'QUEUE_TRANSFER'],
    channels: ['VOICE'],
  }),
  DequeueContactAndTransferToQueue: rule('contact-actions-dequeuecontactandtransfertoqueue.html', {
    required: ['QueueAtCapacity', 'NoMatchingError'],
    allowed: ['QueueAtCapacity', 'NoMatchingError'],
    terminal: true,
    flowTypes: ['CUSTOMER_QUEUE'],
  }),
  TransferParticipantToThirdParty: rule('participant-actions-transferparticipanttothirdparty.html', {
    required: ERR,
    allowed: undefined,
    terminal: false,
    channels: ['VOICE'],
  }),
  Wait: rule('flow-control-actions-wait.html', {
    required: ERR,
    allowed: ['NoMatchingError', 'ParticipantNotFound'],
    terminal: false,
    branching: true,
    channels: ['CHAT'],
  }),
  CreateTask: rule('createtask.html', { required: ERR, allowed: undefined, terminal: false }),
  UpdateContactRoutingBehavior: rule('contact-actions-updatecontactroutingbehavior.html', {
    required: [],
    allowed: undefined,
    terminal: false,
    // The API page says inbound only; the block page adds customer queue and transfer flows.
    flowTypes: ['CONTACT_FLOW', 'CUSTOMER_QUEUE', 'AGENT_TRANSFER', 'QUEUE_TRANSFER'],
  }),
  UpdateContactMediaStreamingBehavior: rule('contact-actions-updatecontactmediastreamingbehavior.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
    flowTypes: NOT_HOLD,
    channels: ['VOICE'],
  }),
  UpdatePreviousContactParticipantState: rule('contact-actions-updatepreviouscontactparticipantstate.html', {
    required: ERR,
    allowed: ERR,
    terminal: false,
    flowTypes: ROUTING_FLOWS,
    channels: ['VOICE'],
  }),
  CompleteOutboundCall: rule('contact-actions-completeoutboundcall.html', {
    required: [],
    allowed: undefined,
    terminal: false,
    flowTypes: ['OUTBOUND_WHISPER'],
    channels: ['VOICE'],
  }),
  GetCustomerProfile: rule('interactions-getcustomerprofile.html', {
    required: ERR,
    allowed: undefined,
    terminal: false,
  }),
  UpdateCustomerProfile: rule('interactions-updatecustomerprofile.html', {
    required: ERR,
    allowed: undefined,
    terminal: false,
  }),
};

/**
 * Action types the flow-language reference documents that this model does not type: the validator
 * checks their transitions only, and the simulator stops at them ("not simulated").
 */
export const DOCUMENTED_UNMODELLED_TYPES: ReadonlySet<string> = new Set([
  'CreateCase',
  'CreateWisdomSession',
  'GetCase',
  'StartOutboundChatContact',
  'TagContact',
  'UnTagContact',
  'UpdateCase',
  'UpdateContactData',
  'UpdateContactMediaProcessing',
  'UpdateContactRecordingAndAnalyticsBehavior',
  'ResumeContact',
  'UpdateRoutingCriteria',
  'ShowView',
  'GetCalculatedAttributesForCustomerProfile',
  'GetCustomerProfileObject',
  'CreateCustomerProfile',
  'AssociateContactToCustomerProfile',
]);

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
