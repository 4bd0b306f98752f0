/**
 * The action types real flows use beyond the product's own (issue 12): modules, Lex bots, agent and
 * third-party transfers, queue-to-queue transfers, Wait, tasks, routing priority, media streaming,
 * hold state, outbound calls and customer profiles. Each follows its flow-language page; what the
 * simulator cannot run offline (a Lex bot without a scenario stub, a third-party call, a module, a
 * customer profile) ends the call with a "not simulated" disposition naming the flow, action and type.
 */
import { DOCUMENTED_UNMODELLED_TYPES } from '../../../lib/flows/model';
import type { SimAction, SimQueue } from '../model';

/** Where the flow goes after one action. */
export type StepEnd =
  | { readonly kind: 'queued'; readonly queue: string }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'end-flow' }
  | { readonly kind: 'transfer-flow'; readonly flow: string }
  | { readonly kind: 'agent' };

/** One step of a flow run. */
export type Step =
  | { readonly next: string; readonly branch: string; readonly note?: string }
  | { readonly end: StepEnd; readonly note?: string };

/** What a Lex bot stub answers for one ConnectParticipantWithLexBot (a scenario stands in for the bot). */
export type LexResult =
  | { readonly kind: 'intent'; readonly intent: string; readonly slots?: Readonly<Record<string, string>> }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error' };

/** The bot side of a call: the intent the caller's words resolve to. */
export type LexStub = (request: {
  readonly flow: string;
  readonly action: string;
  /** The bot alias (or V1 bot name) the action names. */
  readonly bot: string;
  /** What the caller hears before speaking. */
  readonly text: string;
}) => LexResult;

/** The call's engine as the extended actions use it. */
export interface ActionContext {
  /** Role of the running flow. */
  readonly role: 'inbound' | 'queue' | 'transfer';
  readonly flowName: string;
  success(note?: string): Step;
  error(errorType: string, note?: string): Step;
  conditions(value: string | undefined, note?: string): Step;
  /** Stops the call: the action is real Connect behaviour the simulator does not run. */
  notSimulated(reason: string): never;
  stringParam(name: string): string | undefined;
  resolveQueue(value: string): SimQueue;
  /** The queue is full (QueueAtCapacity). */
  atCapacity(queue: SimQueue): boolean;
  /** The contact moves to `queue` (queue-to-queue transfer). */
  enqueue(queue: SimQueue): void;
  log(data: Record<string, unknown>): void;
  warn(message: string): void;
  /** The prompt text of the action, if it has one. */
  promptText(): string | undefined;
  hear(text: string): void;
  readonly lex?: LexStub;
}

/** Parameters each extended action type accepts (anything else is `unsupported-parameter`). */
export const EXTENDED_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  InvokeFlowModule: ['FlowModuleId'],
  EndFlowModuleExecution: [],
  ConnectParticipantWithLexBot: [
    'Text',
    'SSML',
    'PromptId',
    'Media',
    'LexV2Bot',
    'LexBot',
    'LexSessionAttributes',
    'LexInitializationData',
    'LexInitilizationData',
    'LexTimeoutSeconds',
  ],
  TransferContactToAgent: [],
  DequeueContactAndTransferToQueue: ['QueueId', 'AgentId'],
  TransferParticipantToThirdParty: [
    'ThirdPartyPhoneNumber',
    'ThirdPartyConnectionTimeLimitSeconds',
    'ThirdPartyConnectionTimeoutSeconds',
    'ContinueFlowExecution',
    'ThirdPartyDTMFDigits',
    'CallerId',
    'VoiceConnector',
  ],
  Wait: ['TimeoutSeconds', 'Events'],
  CreateTask: [
    'ContactFlowId',
    'Name',
    'Description',
    'Attributes',
    'References',
    'DelaySeconds',
    'ScheduledTime',
    'TaskTemplateId',
  ],
  UpdateContactRoutingBehavior: ['QueuePriority', 'QueueTimeAdjustmentSeconds'],
  UpdateContactMediaStreamingBehavior: ['MediaStreamingState', 'MediaStreamType', 'Participants'],
  UpdatePreviousContactParticipantState: ['PreviousContactParticipantState'],
  CompleteOutboundCall: ['CallerId', 'VoiceConnector', 'ConnectionTimeLimitSeconds'],
  GetCustomerProfile: ['ProfileRequestData', 'ProfileResponseData'],
  UpdateCustomerProfile: ['ProfileRequestData', 'ProfileResponseData'],
};

/** Whether the interpreter should hand `type` to {@link runExtendedAction}. */
export function isExtendedType(type: string): boolean {
  return type in EXTENDED_PARAMETERS || DOCUMENTED_UNMODELLED_TYPES.has(type);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs one extended action with Connect's documented branches. */
export function runExtendedAction(ctx: ActionContext, action: SimAction): Step {
  const p = action.Parameters;
  if (DOCUMENTED_UNMODELLED_TYPES.has(action.Type)) {
    return ctx.notSimulated(`${action.Type} is documented by Connect but not modelled by the simulator`);
  }
  switch (action.Type) {
    case 'InvokeFlowModule':
      return ctx.notSimulated(
        `InvokeFlowModule runs module '${String(p.FlowModuleId)}': flow modules are not loaded by the simulator`,
      );
    case 'EndFlowModuleExecution':
      ctx.log({});
      return { end: { kind: 'end-flow' }, note: 'module returns' };
    case 'ConnectParticipantWithLexBot': {
      const bot = isRecord(p.LexV2Bot)
        ? String(p.LexV2Bot.AliasArn)
        : isRecord(p.LexBot)
          ? String(p.LexBot.Name)
          : '?';
      if (ctx.lex === undefined)
        return ctx.notSimulated(`a Lex bot (${bot}) needs a scenario stub giving the intent`);
      const text = ctx.promptText() ?? '';
      if (text !== '') ctx.hear(text);
      const result = ctx.lex({ flow: ctx.flowName, action: action.Identifier, bot, text });
      if (result.kind === 'timeout') return ctx.error('InputTimeLimitExceeded', 'the caller said nothing');
      if (result.kind === 'error') return ctx.error('NoMatchingError', 'the bot failed');
      ctx.log({ Bot: bot, IntentName: result.intent, Slots: result.slots ?? {} });
      // Conditions are on the intent name; no match takes NoMatchingCondition.
      return ctx.conditions(result.intent, `intent ${result.intent}`);
    }
    case 'TransferContactToAgent':
      return ctx.notSimulated(
        'TransferContactToAgent hands the call to one agent (a quick connect transfer)',
      );
    case 'DequeueContactAndTransferToQueue': {
      if (ctx.role !== 'queue') {
        ctx.warn('DequeueContactAndTransferToQueue only runs in customer queue flows: NoMatchingError');
        return ctx.error('NoMatchingError');
      }
      if (p.AgentId !== undefined) return ctx.notSimulated('a transfer to an agent queue (AgentId)');
      const param = ctx.stringParam('QueueId');
      if (param === undefined) return ctx.error('NoMatchingError', 'no QueueId');
      const queue = ctx.resolveQueue(param);
      ctx.log({ QueueId: queue.id });
      if (ctx.atCapacity(queue)) return ctx.error('QueueAtCapacity', `${queue.id} is at capacity`);
      ctx.enqueue(queue);
      return { end: { kind: 'agent' }, note: `moved to queue ${queue.id}; an adviser answers` };
    }
    case 'TransferParticipantToThirdParty':
      return ctx.notSimulated(
        `a call to a third party (${String(p.ThirdPartyPhoneNumber ?? 'a voice connector')})`,
      );
    case 'Wait':
      // Wait is supported only by the chat channel; the simulator plays voice calls.
      ctx.warn('Wait is supported only on chat; a voice contact takes NoMatchingError');
      return ctx.error('NoMatchingError', 'Wait on a voice contact');
    case 'CreateTask':
      ctx.log({ Name: p.Name, ContactFlowId: p.ContactFlowId });
      return ctx.success(`task '${String(p.Name ?? '')}' created`);
    case 'UpdateContactRoutingBehavior':
      ctx.log({ QueuePriority: p.QueuePriority, QueueTimeAdjustmentSeconds: p.QueueTimeAdjustmentSeconds });
      return ctx.success(
        p.QueuePriority !== undefined
          ? `priority ${String(p.QueuePriority)}`
          : `routing age +${String(p.QueueTimeAdjustmentSeconds)} s`,
      );
    case 'UpdateContactMediaStreamingBehavior':
      ctx.log({ MediaStreamingState: p.MediaStreamingState });
      return ctx.success(`media streaming ${String(p.MediaStreamingState).toLowerCase()}`);
    case 'UpdatePreviousContactParticipantState':
      // A simulated call is a new inbound contact: there is no previous participant to hold.
      return ctx.error('NoMatchingError', 'no previous contact participant on a new inbound call');
    case 'CompleteOutboundCall':
      return ctx.notSimulated(
        'CompleteOutboundCall places an outbound call; the simulator plays inbound calls',
      );
    case 'GetCustomerProfile':
    case 'UpdateCustomerProfile':
      return ctx.notSimulated(`${action.Type} reads Customer Profiles, which the simulator has no stub for`);
    default:
      return ctx.notSimulated(`${action.Type} is not simulated`);
  }
}
