/**
 * The flow interpreter: runs one simulated call through a {@link FlowSet} with Amazon Connect's
 * documented semantics for the actions the product uses
 * (docs.aws.amazon.com/connect/latest/APIReference/flow-language-actions*.html):
 *
 * - transitions: `Conditions` in order (first match wins), then `NextAction`; an error takes its
 *   `Errors` branch, or the `NoMatchingError` branch ("if no other Error matches");
 * - data: `$.Attributes` (contact, persisted), `$.FlowAttributes` (this flow run only), `$.External`
 *   (the last successful Lambda result only), `$.StoredCustomerInput`, `$.Metrics.*` (after
 *   GetMetricData), `$.CustomerEndpoint.Address`, `$.Queue`;
 * - input: a menu takes one key and branches on `Equals` conditions (no key: InputTimeLimitExceeded,
 *   an unknown key: NoMatchingCondition); stored input keeps the digits (or `Timeout`) in
 *   `$.StoredCustomerInput` and always takes the success branch (phone-number validation aside);
 * - Lambda: the event Connect sends, the flow's time limit (a slower answer takes the error branch),
 *   STRING_MAP response validation;
 * - hours at the simulated instant, queue metrics and capacity from the scenario, callbacks, target
 *   queue, event hooks (the customer queue flow runs once the caller is queued), TransferToFlow, Loop.
 *
 * Any other action type or parameter stops the call with a {@link SimulationError} naming the flow,
 * the action and its type; a step limit stops calls that never end.
 */
import { INTEGRATIONS, type IntegrationName } from '../../lib/integrations/contracts';
import type { Language } from '../../lib/journey/types';
import { SimulationError } from './errors';
import { isOpen } from './hours';
import {
  interpolate,
  isReference,
  lookup,
  resolveValue,
  type FlowData,
  type Lookup,
  type MetricsData,
} from './jsonpath';
import { parseSimId, type FlowSet, type SimAction, type SimFlow, type SimQueue } from './model';
import {
  EXTENDED_PARAMETERS,
  isExtendedType,
  runExtendedAction,
  type ActionContext,
  type LexStub,
  type Step,
  type StepEnd,
} from './actions/extended';

export type { LexResult, LexStub } from './actions/extended';

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/** A queue's real-time state, as the scenario describes it. */
export interface QueueState {
  /** `$.Metrics.Queue.EstimatedWaitTime` (seconds); null: no estimate. @default 0 */
  readonly estimatedWaitSeconds?: number | null;
  /** `$.Metrics.Queue.OldestContactAge` (seconds). @default 0 */
  readonly oldestContactAgeSeconds?: number;
  /** `$.Metrics.Queue.Size`. @default 0 */
  readonly contactsInQueue?: number;
  /** @default 5 */
  readonly agentsOnline?: number;
  /** @default 2 */
  readonly agentsAvailable?: number;
  /** @default 5 */
  readonly agentsStaffed?: number;
  /** The queue is full: a transfer takes QueueAtCapacity. @default contactsInQueue >= the queue's MaxContacts */
  readonly atCapacity?: boolean;
}

/** What the caller does at one prompt. */
export type CallerAnswer = { readonly kind: 'keys'; readonly keys: string } | { readonly kind: 'silence' };

/** The prompt the caller is answering. */
export interface PromptContext {
  readonly flow: string;
  readonly action: string;
  /** What the caller hears. */
  readonly text: string;
  /** True for `Store customer input` (digits kept), false for a menu (one key). */
  readonly storeInput: boolean;
}

/** The caller's side of the call: answers each prompt (keys or silence). */
export interface Caller {
  answer(prompt: PromptContext): CallerAnswer;
}

/** The event Connect sends to a Lambda function from a flow. */
export interface ConnectLambdaEvent {
  readonly Name: 'ContactFlowEvent';
  readonly Details: {
    readonly ContactData: Readonly<Record<string, unknown>>;
    readonly Parameters: Readonly<Record<string, string>>;
  };
}

/** One SMS a function sent during an invocation (shown in the transcript). */
export interface SentSms {
  readonly to: string;
  readonly text: string;
  readonly purpose: string;
}

/** A function invocation as the flow asked for it. */
export interface InvokeRequest {
  readonly name: IntegrationName;
  readonly event: ConnectLambdaEvent;
  /** The flow's InvocationTimeLimitSeconds in ms. */
  readonly timeLimitMs: number;
  readonly flow: string;
  readonly action: string;
}

/** What the function did: answered (in `durationMs`) or failed (threw, throttled, unreachable). */
export type InvokeResult =
  | {
      readonly kind: 'response';
      readonly response: unknown;
      readonly durationMs: number;
      readonly sms?: readonly SentSms[];
    }
  | {
      readonly kind: 'failure';
      readonly reason: string;
      readonly durationMs: number;
      readonly sms?: readonly SentSms[];
    };

/** Invokes an integration function (the real handler, or a fake in unit tests). */
export type FunctionInvoker = (request: InvokeRequest) => Promise<InvokeResult>;

/** The simulated wall clock, shared with the handlers so they see the call's time. */
export class SimClock {
  constructor(private current: number) {}
  /** Milliseconds since the epoch. */
  now(): number {
    return this.current;
  }
  /** Moves time forward. */
  advance(ms: number): void {
    if (ms > 0) this.current += Math.round(ms);
  }
}

/** How a JSONPath that reads nothing is treated when setting attributes. */
export type MissingReferencePolicy = 'error' | 'empty';

/** Options of {@link runCall}. */
export interface CallOptions {
  readonly flows: FlowSet;
  readonly contactId: string;
  /** Caller ID (E.164), or null when withheld. */
  readonly callerNumber: string | null;
  readonly clock: SimClock;
  readonly caller: Caller;
  readonly invoke: FunctionInvoker;
  /** Real-time state per journey queue id. */
  readonly queues?: Readonly<Record<string, QueueState>>;
  /**
   * Interruptions of the hold loop the caller sits through in the customer queue flow before an
   * adviser answers. @default 0
   */
  readonly holdInterruptions?: number;
  /** Callback numbers starting with one of these are not dialable by the instance. @default none */
  readonly notDialablePrefixes?: readonly string[];
  /**
   * Set contact/flow attributes whose value references something missing: `error` takes the error
   * branch and sets nothing (the block is all-or-nothing), `empty` sets ''. @default 'error'
   */
  readonly missingReference?: MissingReferencePolicy;
  /**
   * Stands in for Lex bots (ConnectParticipantWithLexBot): the intent each turn resolves to. Without
   * it a call that reaches a bot ends "not simulated". @default none
   */
  readonly lex?: LexStub;
  /** Actions run before the call is stopped with `step-limit`. @default 2000 */
  readonly maxSteps?: number;
  /** Called with each transcript event as it happens. */
  readonly onEvent?: (event: TimedEvent) => void;
}

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

/** One line of the transcript. */
export type TranscriptEvent =
  | {
      readonly kind: 'flow';
      readonly flow: string;
      readonly flowType: string;
      readonly reason: 'start' | 'transfer' | 'queue';
    }
  | {
      readonly kind: 'action';
      readonly flow: string;
      readonly action: string;
      readonly type: string;
      readonly branch: string;
      readonly note?: string;
    }
  | {
      readonly kind: 'say';
      readonly flow: string;
      readonly action: string;
      readonly text: string;
      readonly voice?: string;
      readonly language?: Language;
    }
  | {
      readonly kind: 'prompt';
      readonly flow: string;
      readonly action: string;
      readonly text: string;
      readonly voice?: string;
      readonly language?: Language;
      readonly storeInput: boolean;
    }
  | { readonly kind: 'keys'; readonly keys: string; readonly storeInput: boolean }
  | { readonly kind: 'silence'; readonly storeInput: boolean }
  | {
      readonly kind: 'hold';
      readonly flow: string;
      readonly action: string;
      readonly messages: readonly string[];
      readonly interrupted: boolean;
    }
  | {
      readonly kind: 'lambda';
      readonly flow: string;
      readonly action: string;
      readonly name: string;
      readonly parameters: readonly string[];
      readonly outcome: 'ok' | 'timeout' | 'failed' | 'invalid-response';
      readonly status?: string;
      readonly durationMs: number;
      readonly timeLimitMs: number;
      readonly detail?: string;
    }
  | { readonly kind: 'sms'; readonly to: string; readonly text: string; readonly purpose: string }
  | { readonly kind: 'queued'; readonly queue: string }
  | { readonly kind: 'callback'; readonly queue: string; readonly number: string }
  | { readonly kind: 'agent'; readonly queue: string }
  | { readonly kind: 'hangup'; readonly flow: string; readonly action: string }
  | { readonly kind: 'warning'; readonly message: string; readonly flow?: string; readonly action?: string }
  | { readonly kind: 'error'; readonly error: SimulationErrorInfo };

/** A transcript event with the simulated time since the call started. */
export type TimedEvent = TranscriptEvent & { readonly at: number };

/** How the call ended. */
export type Disposition =
  /** Placed in a queue; `answered` when the customer queue flow ran until an adviser answered. */
  | { readonly type: 'queue'; readonly queue: string; readonly answered: boolean }
  /** A callback was queued, then the call ended. */
  | { readonly type: 'callback'; readonly queue: string; readonly number: string }
  /** Disconnected; `afterMessage` when the last thing the caller heard was a message (a goodbye). */
  | { readonly type: 'disconnect'; readonly afterMessage: boolean; readonly lastHeard?: string }
  /** EndFlowExecution outside a queue flow: the contact ends with no transfer. */
  | { readonly type: 'ended'; readonly flow: string }
  /** The simulation stopped (unsupported action, step limit, ...). */
  | { readonly type: 'error'; readonly code: string; readonly message: string };

/** A stopped simulation, for results and the transcript. */
export interface SimulationErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly flow?: string;
  readonly action?: string;
  readonly actionType?: string;
}

/** What the caller heard, in order. */
export interface HeardLine {
  readonly kind: 'message' | 'prompt' | 'hold';
  readonly flow: string;
  readonly action: string;
  readonly text: string;
  readonly voice?: string;
  readonly language?: Language;
}

/** One function call. */
export interface FunctionCall {
  readonly name: string;
  readonly flow: string;
  readonly action: string;
  readonly outcome: 'ok' | 'timeout' | 'failed' | 'invalid-response';
  readonly status?: string;
  readonly durationMs: number;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A callback the flow queued. */
export interface CallbackRequest {
  readonly queue: string;
  readonly number: string;
  readonly initialDelaySeconds?: number;
  readonly maxAttempts?: number;
  readonly retryDelaySeconds?: number;
}

/** What Connect would write to the flow log (only while logging is Enabled). */
export interface FlowLogEntry {
  readonly flow: string;
  readonly action: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The result of one simulated call. */
export interface CallResult {
  readonly disposition: Disposition;
  readonly events: readonly TimedEvent[];
  readonly heard: readonly HeardLine[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly calls: readonly FunctionCall[];
  readonly callbacks: readonly CallbackRequest[];
  readonly flowLog: readonly FlowLogEntry[];
  readonly sms: readonly SentSms[];
  /** Digits the caller keyed into PCI inputs (PIN, one-time code): must never be logged or stored. */
  readonly secrets: readonly string[];
  /** The contact's language (`$.Attributes.language`) or the voice's, at the end. */
  readonly language?: Language;
  readonly steps: number;
  /** Simulated call length. */
  readonly simulatedMs: number;
  readonly warnings: readonly string[];
  readonly error?: SimulationErrorInfo;
}

// ---------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------

type FlowRole = 'inbound' | 'queue' | 'transfer';

interface FlowRun {
  readonly flow: SimFlow;
  readonly role: FlowRole;
  readonly flowAttributes: Record<string, string>;
  external: unknown;
  readonly loops: Map<string, number>;
}

type FlowEnd = StepEnd;

/**
 * The call reached real Connect behaviour the simulator does not run (a Lex bot without a stub, a
 * third-party call, a module): the call ends with the `not-simulated` disposition.
 */
export class NotSimulatedError extends Error {
  constructor(
    message: string,
    readonly flow: string,
    readonly action: string,
    readonly actionType: string,
  ) {
    super(message);
    this.name = 'NotSimulatedError';
  }
}

/** Parameters each supported action type accepts; anything else is `unsupported-parameter`. */
const PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  MessageParticipant: ['Text', 'SSML', 'PromptId', 'Media'],
  MessageParticipantIteratively: ['Messages', 'InterruptFrequencySeconds'],
  GetParticipantInput: [
    'Text',
    'SSML',
    'PromptId',
    'Media',
    'InputTimeLimitSeconds',
    'StoreInput',
    'InputValidation',
    'InputEncryption',
    'DTMFConfiguration',
  ],
  InvokeLambdaFunction: [
    'LambdaFunctionARN',
    'InvocationTimeLimitSeconds',
    'InvocationType',
    'LambdaInvocationAttributes',
    'ResponseValidation',
  ],
  Compare: ['ComparisonValue'],
  UpdateContactAttributes: ['Attributes', 'TargetContact'],
  UpdateFlowAttributes: ['FlowAttributes'],
  CheckHoursOfOperation: ['HoursOfOperationId'],
  GetMetricData: ['QueueId', 'AgentId', 'QueueChannel'],
  CheckMetricData: ['MetricType', 'QueueId', 'AgentId'],
  UpdateContactTargetQueue: ['QueueId', 'AgentId'],
  TransferContactToQueue: [],
  UpdateContactCallbackNumber: ['CallbackNumber'],
  CreateCallbackContact: [
    'QueueId',
    'AgentId',
    'InitialCallDelaySeconds',
    'MaximumConnectionAttempts',
    'RetryDelaySeconds',
    'ContactFlowId',
  ],
  TransferToFlow: ['ContactFlowId'],
  UpdateContactEventHooks: ['EventHooks'],
  UpdateFlowLoggingBehavior: ['FlowLoggingBehavior'],
  UpdateContactRecordingBehavior: ['RecordingBehavior'],
  UpdateContactTextToSpeechVoice: ['TextToSpeechVoice', 'TextToSpeechEngine', 'TextToSpeechStyle'],
  DisconnectParticipant: [],
  EndFlowExecution: [],
  Loop: ['LoopCount'],
};

/** Action types the interpreter implements (some end the call "not simulated", with a reason). */
export const SUPPORTED_ACTION_TYPES: readonly string[] = [
  ...Object.keys(PARAMETERS),
  ...Object.keys(EXTENDED_PARAMETERS),
];

/** BCP 47 language of common Polly voices (for `LanguageCode` in Lambda events). */
const VOICE_LANGUAGE_CODES: Readonly<Record<string, string>> = {
  Amy: 'en-GB',
  Brian: 'en-GB',
  Emma: 'en-GB',
  Arthur: 'en-GB',
  Joanna: 'en-US',
  Matthew: 'en-US',
  Lea: 'fr-FR',
  Celine: 'fr-FR',
  Mathieu: 'fr-FR',
  Remi: 'fr-FR',
  Gabrielle: 'fr-CA',
  Liam: 'fr-CA',
};

const SYSTEM_NUMBER = '+442079460000';
const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/00000000-0000-4000-8000-000000000000';
const E164 = /^\+[1-9]\d{6,14}$/;

/** Calling codes of the countries a `Local` phone-number validation may name. */
const CALLING_CODES: Readonly<
  Record<string, { readonly code: string; readonly national: readonly number[] }>
> = {
  GB: { code: '44', national: [9, 10] },
  FR: { code: '33', national: [9] },
  IE: { code: '353', national: [7, 8, 9] },
  DE: { code: '49', national: [6, 7, 8, 9, 10, 11] },
  US: { code: '1', national: [10] },
  CA: { code: '1', national: [10] },
};

const words = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;
/** Text-to-speech time: about 150 words a minute. */
const speechMs = (text: string): number => Math.max(800, words(text) * 400);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class CallEngine {
  private readonly events: TimedEvent[] = [];
  private readonly secrets: string[] = [];
  private readonly heard: HeardLine[] = [];
  private readonly calls: FunctionCall[] = [];
  private readonly callbacks: CallbackRequest[] = [];
  private readonly flowLog: FlowLogEntry[] = [];
  private readonly sms: SentSms[] = [];
  private readonly warnings: string[] = [];
  private readonly attributes: Record<string, string> = {};
  private readonly hooks: Record<string, string> = {};
  private storedInput: string | undefined;
  private metrics: MetricsData | undefined;
  private targetQueue: SimQueue | undefined;
  /** The queue the contact is in (after a successful transfer). */
  private inQueue: SimQueue | undefined;
  private callbackNumber: string | undefined;
  private voice: string | undefined;
  private logging = false;
  private lastHeard: HeardLine['kind'] | 'none' = 'none';
  private steps = 0;
  private holdInterruptionsLeft: number;
  private readonly startedAt: number;

  constructor(private readonly options: CallOptions) {
    this.holdInterruptionsLeft = options.holdInterruptions ?? 0;
    this.startedAt = options.clock.now();
  }

  async run(): Promise<CallResult> {
    let disposition: Disposition;
    let error: SimulationErrorInfo | undefined;
    try {
      disposition = await this.contact();
    } catch (caught) {
      if (caught instanceof NotSimulatedError) {
        error = {
          code: 'not-simulated',
          message: `not simulated: ${caught.message}`,
          flow: caught.flow,
          action: caught.action,
          actionType: caught.actionType,
        };
        this.emit({ kind: 'error', error });
        disposition = { type: 'error', code: 'not-simulated', message: describeError(error) };
        return this.result(disposition, error);
      }
      if (!(caught instanceof SimulationError)) throw caught;
      error = {
        code: caught.code,
        message: caught.message,
        ...(caught.flow ? { flow: caught.flow } : {}),
        ...(caught.action ? { action: caught.action } : {}),
        ...(caught.actionType ? { actionType: caught.actionType } : {}),
      };
      this.emit({ kind: 'error', error });
      disposition = { type: 'error', code: caught.code, message: describeError(error) };
    }
    return this.result(disposition, error);
  }

  private result(disposition: Disposition, error: SimulationErrorInfo | undefined): CallResult {
    const language = this.attributes.language ?? this.voiceLanguage();
    return {
      disposition,
      events: this.events,
      heard: this.heard,
      attributes: { ...this.attributes },
      calls: this.calls,
      callbacks: this.callbacks,
      flowLog: this.flowLog,
      sms: this.sms,
      secrets: this.secrets,
      ...(language === 'en' || language === 'fr' ? { language } : {}),
      steps: this.steps,
      simulatedMs: this.options.clock.now() - this.startedAt,
      warnings: this.warnings,
      ...(error ? { error } : {}),
    };
  }

  /** The whole contact: the entry flow, flow transfers, then the customer queue flow once queued. */
  private async contact(): Promise<Disposition> {
    const { flows } = this.options;
    let flow = this.flow(flows.entry);
    let end = await this.runFlow(flow, 'inbound', 'start');
    while (end.kind === 'transfer-flow') {
      flow = this.flow(end.flow);
      end = await this.runFlow(flow, 'transfer', 'transfer');
    }
    switch (end.kind) {
      case 'disconnect':
        return this.disconnected();
      case 'end-flow':
        return { type: 'ended', flow: flow.name };
      case 'agent':
        throw new SimulationError(
          'missing-branch',
          `flow '${flow.name}' ended waiting for an agent outside a queue`,
        );
      case 'queued': {
        const queueFlowKey = this.hooks.CustomerQueue;
        if (queueFlowKey === undefined) {
          this.emit({ kind: 'agent', queue: end.queue });
          return { type: 'queue', queue: end.queue, answered: true };
        }
        const queueEnd = await this.runFlow(this.flow(queueFlowKey), 'queue', 'queue');
        if (queueEnd.kind === 'disconnect') return this.disconnected();
        if (queueEnd.kind === 'transfer-flow') {
          throw new SimulationError(
            'unsupported-action',
            `TransferToFlow from a customer queue flow is not simulated`,
          );
        }
        const answered = queueEnd.kind === 'agent' || queueEnd.kind === 'end-flow';
        // A queue-to-queue transfer (DequeueContactAndTransferToQueue) moved the contact.
        const queue = this.inQueue?.id ?? end.queue;
        if (answered) this.emit({ kind: 'agent', queue });
        return { type: 'queue', queue, answered };
      }
    }
  }

  private disconnected(): Disposition {
    const callback = this.callbacks[this.callbacks.length - 1];
    if (callback !== undefined) return { type: 'callback', queue: callback.queue, number: callback.number };
    const last = [...this.heard].reverse()[0];
    return {
      type: 'disconnect',
      afterMessage: this.lastHeard === 'message',
      ...(last ? { lastHeard: last.text } : {}),
    };
  }

  private flow(key: string): SimFlow {
    const flow = this.options.flows.flows.get(key);
    if (flow === undefined) {
      throw new SimulationError(
        'unresolved-reference',
        `there is no flow '${key}' in ${this.options.flows.origin}`,
      );
    }
    return flow;
  }

  private async runFlow(
    flow: SimFlow,
    role: FlowRole,
    reason: 'start' | 'transfer' | 'queue',
  ): Promise<FlowEnd> {
    this.emit({ kind: 'flow', flow: flow.name, flowType: flow.type, reason });
    // A new flow run: flow attributes, $.External and loop counters are per run.
    const run: FlowRun = { flow, role, flowAttributes: {}, external: undefined, loops: new Map() };
    let id = flow.startAction;
    const maxSteps = this.options.maxSteps ?? 2000;
    for (;;) {
      const action = flow.actions.get(id);
      if (action === undefined) {
        throw new SimulationError(
          'missing-branch',
          `flow '${flow.name}' goes to '${id}', which is not one of its actions`,
          flow.name,
          id,
        );
      }
      this.steps += 1;
      if (this.steps > maxSteps) {
        throw new SimulationError(
          'step-limit',
          `the call ran ${maxSteps} actions without ending (last at '${action.Identifier}' in flow '${flow.name}'): a loop the caller never leaves`,
          flow.name,
          action.Identifier,
          action.Type,
        );
      }
      const step = await this.execute(run, action);
      this.emit({
        kind: 'action',
        flow: flow.name,
        action: action.Identifier,
        type: action.Type,
        branch: 'end' in step ? 'end' : step.branch,
        ...(step.note ? { note: step.note } : {}),
      });
      if ('end' in step) return step.end;
      id = step.next;
    }
  }

  // ----- helpers --------------------------------------------------------------------------------

  private emit(event: TranscriptEvent): void {
    const timed: TimedEvent = { ...event, at: this.options.clock.now() - this.startedAt };
    this.events.push(timed);
    this.options.onEvent?.(timed);
  }

  private warn(message: string, run?: FlowRun, action?: SimAction): void {
    this.warnings.push(action ? `${run?.flow.name}/${action.Identifier}: ${message}` : message);
    this.emit({
      kind: 'warning',
      message,
      ...(run ? { flow: run.flow.name } : {}),
      ...(action ? { action: action.Identifier } : {}),
    });
  }

  private data(run: FlowRun): FlowData {
    const queue = this.inQueue ?? this.targetQueue;
    const voiceCode = this.voice ? VOICE_LANGUAGE_CODES[this.voice] : undefined;
    return {
      contactId: this.options.contactId,
      initialContactId: this.options.contactId,
      channel: 'VOICE',
      attributes: this.attributes,
      flowAttributes: run.flowAttributes,
      external: run.external,
      storedCustomerInput: this.storedInput,
      customerEndpoint:
        this.options.callerNumber === null
          ? undefined
          : { Address: this.options.callerNumber, Type: 'TELEPHONE_NUMBER' },
      systemEndpoint: { Address: SYSTEM_NUMBER, Type: 'TELEPHONE_NUMBER' },
      metrics: this.metrics,
      queue: queue ? { ARN: `sim:queue:${queue.id}`, Name: queue.name } : undefined,
      languageCode: voiceCode,
    };
  }

  private where(run: FlowRun, action: SimAction): { flow: string; action: string } {
    return { flow: run.flow.name, action: action.Identifier };
  }

  private fail(
    code: 'unsupported-parameter' | 'unresolved-reference' | 'missing-branch',
    run: FlowRun,
    action: SimAction,
    message: string,
  ): never {
    throw new SimulationError(code, message, run.flow.name, action.Identifier, action.Type);
  }

  private param(action: SimAction, name: string): unknown {
    return action.Parameters[name];
  }

  private stringParam(run: FlowRun, action: SimAction, name: string): string | undefined {
    const value = this.param(action, name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `${action.Type} '${action.Identifier}' parameter ${name} is not a string`,
      );
    return value;
  }

  private success(run: FlowRun, action: SimAction, note?: string): Step {
    const next = action.Transitions.NextAction;
    if (next === undefined)
      this.fail(
        'missing-branch',
        run,
        action,
        `${action.Type} '${action.Identifier}' in flow '${run.flow.name}' has no NextAction`,
      );
    return { next, branch: 'next', ...(note ? { note } : {}) };
  }

  private error(run: FlowRun, action: SimAction, errorType: string, note?: string): Step {
    const errors = action.Transitions.Errors ?? [];
    const hit =
      errors.find((e) => e.ErrorType === errorType) ?? errors.find((e) => e.ErrorType === 'NoMatchingError');
    if (hit === undefined) {
      this.fail(
        'missing-branch',
        run,
        action,
        `${action.Type} '${action.Identifier}' in flow '${run.flow.name}' failed with ${errorType} and has no branch for it (nor NoMatchingError)`,
      );
    }
    return { next: hit.NextAction, branch: `error ${errorType}`, ...(note ? { note } : {}) };
  }

  /** First condition that holds for `value`, else the NoMatchingCondition error. */
  private conditions(run: FlowRun, action: SimAction, value: string | undefined, note?: string): Step {
    for (const c of action.Transitions.Conditions ?? []) {
      const operand = c.Condition.Operands[0];
      if (c.Condition.Operands.length !== 1 || operand === undefined) {
        this.fail(
          'unsupported-parameter',
          run,
          action,
          `${action.Type} '${action.Identifier}' has a condition with ${c.Condition.Operands.length} operands (the simulator supports one)`,
        );
      }
      if (this.holds(run, action, c.Condition.Operator, operand, value)) {
        return {
          next: c.NextAction,
          branch: `${c.Condition.Operator} ${operand}`,
          ...(note ? { note } : {}),
        };
      }
    }
    return this.error(run, action, 'NoMatchingCondition', note);
  }

  private holds(
    run: FlowRun,
    action: SimAction,
    operator: string,
    operand: string,
    value: string | undefined,
  ): boolean {
    const num = (s: string | undefined): number | undefined =>
      s === undefined || s.trim() === '' || !Number.isFinite(Number(s)) ? undefined : Number(s);
    switch (operator) {
      case 'Equals':
        return value === operand;
      case 'TextStartsWith':
        return value !== undefined && value.startsWith(operand);
      case 'TextEndsWith':
        return value !== undefined && value.endsWith(operand);
      case 'TextContains':
        return value !== undefined && value.includes(operand);
      case 'NumberGreaterThan':
      case 'NumberGreaterOrEqualTo':
      case 'NumberLessThan':
      case 'NumberLessOrEqualTo': {
        const a = num(value);
        const b = num(operand);
        if (a === undefined || b === undefined) return false;
        if (operator === 'NumberGreaterThan') return a > b;
        if (operator === 'NumberGreaterOrEqualTo') return a >= b;
        if (operator === 'NumberLessThan') return a < b;
        return a <= b;
      }
      default:
        return this.fail(
          'unsupported-parameter',
          run,
          action,
          `${action.Type} '${action.Identifier}' uses operator ${operator}, which the simulator does not implement`,
        );
    }
  }

  private log(run: FlowRun, action: SimAction, data: Record<string, unknown>): void {
    if (this.logging)
      this.flowLog.push({ flow: run.flow.name, action: action.Identifier, type: action.Type, data });
  }

  private voiceLanguage(): Language | undefined {
    if (this.voice === undefined) return undefined;
    const voices = this.options.flows.map.voices;
    return (Object.keys(voices) as Language[]).find((lang) => voices[lang].voice === this.voice);
  }

  private hear(kind: HeardLine['kind'], run: FlowRun, action: SimAction, text: string): void {
    const language = this.voiceLanguage();
    this.heard.push({
      kind,
      flow: run.flow.name,
      action: action.Identifier,
      text,
      ...(this.voice ? { voice: this.voice } : {}),
      ...(language ? { language } : {}),
    });
    this.lastHeard = kind;
  }

  /** The text a prompt speaks (Text or SSML, references filled in). */
  private promptText(run: FlowRun, action: SimAction): string {
    const kinds = ['Text', 'SSML', 'PromptId', 'Media'].filter((k) => action.Parameters[k] !== undefined);
    if (kinds.length !== 1) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `${action.Type} '${action.Identifier}' needs exactly one of Text, SSML, PromptId, Media (it has ${kinds.join(', ') || 'none'})`,
      );
    }
    const kind = kinds[0] as string;
    if (kind === 'PromptId' || kind === 'Media') {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `${action.Type} '${action.Identifier}' plays ${kind}: recorded audio is not simulated (use Text or SSML)`,
      );
    }
    const raw = this.stringParam(run, action, kind) as string;
    const { text, missing } = interpolate(this.data(run), raw, this.where(run, action));
    for (const ref of missing)
      this.warn(`the prompt reads ${ref}, which is not set: the caller hears nothing for it`, run, action);
    return kind === 'SSML'
      ? text
          .replace(/<[^>]+>/g, '')
          .replace(/\s{2,}/g, ' ')
          .trim()
      : text;
  }

  private resolveQueue(run: FlowRun, action: SimAction, value: string): SimQueue {
    const resolved = resolveValue(this.data(run), value, this.where(run, action));
    const id = resolved.found ? parseSimId(resolved.value) : undefined;
    const queue = id?.kind === 'queue' ? this.options.flows.queues.get(id.name) : undefined;
    if (queue === undefined) {
      this.fail(
        'unresolved-reference',
        run,
        action,
        `${action.Type} '${action.Identifier}' names queue '${resolved.found ? resolved.value : value}', which is not a queue of ${this.options.flows.origin}`,
      );
    }
    return queue;
  }

  private queueState(queue: SimQueue): QueueState {
    return this.options.queues?.[queue.id] ?? {};
  }

  private resolveAll(
    run: FlowRun,
    action: SimAction,
    values: Readonly<Record<string, string>>,
  ): { readonly values: Record<string, string>; readonly missing: readonly string[] } {
    const out: Record<string, string> = {};
    const missing: string[] = [];
    for (const [key, raw] of Object.entries(values)) {
      if (typeof raw !== 'string')
        this.fail(
          'unsupported-parameter',
          run,
          action,
          `${action.Type} '${action.Identifier}' value of ${key} is not a string`,
        );
      const hit: Lookup = resolveValue(this.data(run), raw, this.where(run, action));
      if (hit.found) out[key] = hit.value;
      else {
        missing.push(raw);
        out[key] = '';
      }
    }
    return { values: out, missing };
  }

  // ----- actions --------------------------------------------------------------------------------

  private async execute(run: FlowRun, action: SimAction): Promise<Step> {
    if (isExtendedType(action.Type)) {
      const accepted = EXTENDED_PARAMETERS[action.Type] ?? [];
      for (const key of Object.keys(action.Parameters)) {
        if (accepted.length > 0 && !accepted.includes(key))
          this.fail(
            'unsupported-parameter',
            run,
            action,
            `${action.Type} '${action.Identifier}' has parameter ${key}, which the simulator does not implement`,
          );
      }
      return runExtendedAction(this.context(run, action), action);
    }
    const accepted = PARAMETERS[action.Type];
    if (accepted === undefined) {
      throw new SimulationError(
        'unsupported-action',
        `flow '${run.flow.name}' reached action '${action.Identifier}' of type ${action.Type}, which the simulator does not implement`,
        run.flow.name,
        action.Identifier,
        action.Type,
      );
    }
    for (const key of Object.keys(action.Parameters)) {
      if (!accepted.includes(key)) {
        this.fail(
          'unsupported-parameter',
          run,
          action,
          `${action.Type} '${action.Identifier}' in flow '${run.flow.name}' has parameter ${key}, which the simulator does not implement`,
        );
      }
    }
    switch (action.Type) {
      case 'MessageParticipant':
        return this.messageParticipant(run, action);
      case 'MessageParticipantIteratively':
        return this.holdLoop(run, action);
      case 'GetParticipantInput':
        return this.getInput(run, action);
      case 'InvokeLambdaFunction':
        return this.invokeLambda(run, action);
      case 'Compare':
        return this.compare(run, action);
      case 'UpdateContactAttributes':
        return this.setContactAttributes(run, action);
      case 'UpdateFlowAttributes':
        return this.setFlowAttributes(run, action);
      case 'CheckHoursOfOperation':
        return this.checkHours(run, action);
      case 'GetMetricData':
        return this.getMetrics(run, action);
      case 'CheckMetricData':
        return this.checkMetric(run, action);
      case 'UpdateContactTargetQueue':
        return this.setTargetQueue(run, action);
      case 'TransferContactToQueue':
        return this.transferToQueue(run, action);
      case 'UpdateContactCallbackNumber':
        return this.setCallbackNumber(run, action);
      case 'CreateCallbackContact':
        return this.createCallback(run, action);
      case 'TransferToFlow':
        return this.transferToFlow(run, action);
      case 'UpdateContactEventHooks':
        return this.setEventHooks(run, action);
      case 'UpdateFlowLoggingBehavior': {
        const value = this.stringParam(run, action, 'FlowLoggingBehavior');
        if (value !== 'Enabled' && value !== 'Disabled') {
          this.fail(
            'unsupported-parameter',
            run,
            action,
            `FlowLoggingBehavior '${String(value)}' is not Enabled or Disabled`,
          );
        }
        this.logging = value === 'Enabled';
        this.log(run, action, { FlowLoggingBehavior: value });
        return this.success(run, action, `logging ${value.toLowerCase()}`);
      }
      case 'UpdateContactRecordingBehavior':
        this.log(run, action, { RecordingBehavior: action.Parameters.RecordingBehavior });
        return this.success(run, action);
      case 'UpdateContactTextToSpeechVoice': {
        const voice = this.stringParam(run, action, 'TextToSpeechVoice');
        if (voice === undefined)
          this.fail(
            'unsupported-parameter',
            run,
            action,
            `UpdateContactTextToSpeechVoice '${action.Identifier}' has no TextToSpeechVoice`,
          );
        this.voice = voice;
        this.log(run, action, { TextToSpeechVoice: voice });
        return this.success(run, action, `voice ${voice}`);
      }
      case 'DisconnectParticipant':
        this.log(run, action, {});
        this.emit({ kind: 'hangup', flow: run.flow.name, action: action.Identifier });
        return { end: { kind: 'disconnect' } };
      case 'EndFlowExecution':
        return { end: { kind: 'end-flow' } };
      case 'Loop':
        return this.loop(run, action);
      default:
        // By design (issue 7): an action the simulator does not model stops the run, naming the flow,
        // the action and its type, rather than guessing Connect's behaviour.
        throw new SimulationError(
          'unsupported-action',
          `action type ${action.Type} is outside the flow language the simulator models (${SUPPORTED_ACTION_TYPES.join(', ')})`,
          run.flow.name,
          action.Identifier,
          action.Type,
        );
    }
  }

  /** The engine as an extended action (tools/simulator/actions/extended.ts) sees it. */
  private context(run: FlowRun, action: SimAction): ActionContext {
    return {
      role: run.role,
      flowName: run.flow.name,
      success: (note) => this.success(run, action, note),
      error: (errorType, note) => this.error(run, action, errorType, note),
      conditions: (value, note) => this.conditions(run, action, value, note),
      notSimulated: (reason) => {
        throw new NotSimulatedError(
          `${reason} (flow '${run.flow.name}', action '${action.Identifier}', type ${action.Type})`,
          run.flow.name,
          action.Identifier,
          action.Type,
        );
      },
      stringParam: (name) => this.stringParam(run, action, name),
      resolveQueue: (value) => this.resolveQueue(run, action, value),
      atCapacity: (queue) => {
        const state = this.queueState(queue);
        return (
          state.atCapacity ??
          (queue.maxContacts !== undefined && (state.contactsInQueue ?? 0) >= queue.maxContacts)
        );
      },
      enqueue: (queue) => {
        this.inQueue = queue;
        this.emit({ kind: 'queued', queue: queue.id });
      },
      log: (data) => this.log(run, action, data),
      warn: (message) => this.warn(message, run, action),
      promptText: () =>
        ['Text', 'SSML', 'PromptId', 'Media'].some((k) => action.Parameters[k] !== undefined)
          ? this.promptText(run, action)
          : undefined,
      hear: (text) => {
        this.emit({
          kind: 'prompt',
          flow: run.flow.name,
          action: action.Identifier,
          text,
          storeInput: false,
          ...this.voiceTag(),
        });
        this.hear('prompt', run, action, text);
      },
      ...(this.options.lex ? { lex: this.options.lex } : {}),
    };
  }

  private messageParticipant(run: FlowRun, action: SimAction): Step {
    const text = this.promptText(run, action);
    this.emit({ kind: 'say', flow: run.flow.name, action: action.Identifier, text, ...this.voiceTag() });
    this.hear('message', run, action, text);
    this.log(run, action, { Text: text });
    this.options.clock.advance(speechMs(text));
    return this.success(run, action);
  }

  private voiceTag(): { voice?: string; language?: Language } {
    const language = this.voiceLanguage();
    return { ...(this.voice ? { voice: this.voice } : {}), ...(language ? { language } : {}) };
  }

  private holdLoop(run: FlowRun, action: SimAction): Step {
    if (run.role !== 'queue') {
      this.warn(
        'MessageParticipantIteratively only runs in customer queue and hold flows: NoMatchingError',
        run,
        action,
      );
      return this.error(run, action, 'NoMatchingError');
    }
    const messages = action.Parameters.Messages;
    if (!Array.isArray(messages) || messages.length === 0) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `MessageParticipantIteratively '${action.Identifier}' has no Messages list`,
      );
    }
    const texts = messages.map((m, i) => {
      if (!isRecord(m) || (typeof m.Text !== 'string' && typeof m.SSML !== 'string')) {
        this.fail(
          'unsupported-parameter',
          run,
          action,
          `message ${i} of '${action.Identifier}' is not Text or SSML (recorded prompts are not simulated)`,
        );
      }
      const raw = (typeof m.Text === 'string' ? m.Text : m.SSML) as string;
      const { text } = interpolate(this.data(run), raw, this.where(run, action));
      return typeof m.Text === 'string' ? text : text.replace(/<[^>]+>/g, '').trim();
    });
    const frequency = this.stringParam(run, action, 'InterruptFrequencySeconds');
    const interrupt = frequency !== undefined && this.holdInterruptionsLeft > 0;
    this.emit({
      kind: 'hold',
      flow: run.flow.name,
      action: action.Identifier,
      messages: texts,
      interrupted: interrupt,
    });
    this.hear('hold', run, action, texts.join(' '));
    this.log(run, action, { Messages: texts });
    if (!interrupt) {
      // The caller holds here until an adviser answers.
      this.options.clock.advance(texts.reduce((ms, t) => ms + speechMs(t), 0));
      return { end: { kind: 'agent' }, note: 'an adviser answers' };
    }
    this.holdInterruptionsLeft -= 1;
    this.options.clock.advance(Number(frequency) * 1000);
    return this.conditions(run, action, 'MessagesInterrupted');
  }

  private getInput(run: FlowRun, action: SimAction): Step {
    const text = this.promptText(run, action);
    const store = action.Parameters.StoreInput === 'True';
    if (
      action.Parameters.StoreInput !== undefined &&
      action.Parameters.StoreInput !== 'True' &&
      action.Parameters.StoreInput !== 'False'
    ) {
      this.fail('unsupported-parameter', run, action, `StoreInput must be "True" or "False"`);
    }
    const limit = Number(this.stringParam(run, action, 'InputTimeLimitSeconds') ?? '5');
    if (action.Parameters.InputEncryption !== undefined) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `GetParticipantInput '${action.Identifier}' encrypts the input (InputEncryption): encrypted input is not simulated`,
      );
    }
    this.emit({
      kind: 'prompt',
      flow: run.flow.name,
      action: action.Identifier,
      text,
      storeInput: store,
      ...this.voiceTag(),
    });
    this.hear('prompt', run, action, text);
    this.options.clock.advance(speechMs(text));
    const answer = this.options.caller.answer({
      flow: run.flow.name,
      action: action.Identifier,
      text,
      storeInput: store,
    });
    if (answer.kind === 'silence') {
      this.emit({ kind: 'silence', storeInput: store });
      this.options.clock.advance(limit * 1000);
    } else {
      this.emit({ kind: 'keys', keys: answer.keys, storeInput: store });
      this.options.clock.advance(1000 + 300 * answer.keys.length);
    }

    if (!store) {
      for (const c of action.Transitions.Conditions ?? []) {
        if (c.Condition.Operator !== 'Equals') {
          this.fail(
            'unsupported-parameter',
            run,
            action,
            `a DTMF menu only supports Equals conditions ('${action.Identifier}' uses ${c.Condition.Operator})`,
          );
        }
      }
      if (answer.kind === 'silence') {
        this.log(run, action, { Text: text, Result: 'Timeout' });
        return this.error(run, action, 'InputTimeLimitExceeded', 'no key pressed');
      }
      const key = answer.keys.charAt(0);
      this.log(run, action, { Text: text, Result: key });
      return this.conditions(run, action, key, `key ${key}`);
    }

    if ((action.Transitions.Conditions ?? []).length > 0) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `stored input '${action.Identifier}' has conditions; Store customer input supports none`,
      );
    }
    const validation = action.Parameters.InputValidation;
    if (!isRecord(validation)) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `stored input '${action.Identifier}' has no InputValidation`,
      );
    }
    if (answer.kind === 'silence') {
      this.storedInput = 'Timeout';
      this.log(run, action, { Text: text, StoredCustomerInput: 'Timeout' });
      return this.success(run, action, 'stored Timeout');
    }
    const dtmf = isRecord(action.Parameters.DTMFConfiguration) ? action.Parameters.DTMFConfiguration : {};
    const terminator =
      typeof dtmf.InputTerminationSequence === 'string' ? dtmf.InputTerminationSequence : '#';
    let digits = answer.keys;
    const cut = terminator === '' ? -1 : digits.indexOf(terminator);
    if (cut >= 0) digits = digits.slice(0, cut);

    if (isRecord(validation.CustomValidation)) {
      const max = Number(validation.CustomValidation.MaximumLength);
      if (Number.isFinite(max) && max > 0) digits = digits.slice(0, max);
      this.storedInput = digits;
      if (run.flow.inputs?.[action.Identifier]?.dataClass === 'PCI' && digits !== '')
        this.secrets.push(digits);
      this.log(run, action, { Text: text, StoredCustomerInput: digits });
      return this.success(run, action, `stored ${digits.length} digits`);
    }
    if (isRecord(validation.PhoneNumberValidation)) {
      const number = toE164(digits, validation.PhoneNumberValidation);
      if (number === undefined) {
        this.log(run, action, { Text: text, Result: 'InvalidPhoneNumber' });
        return this.error(run, action, 'InvalidPhoneNumber', 'not a valid phone number');
      }
      this.storedInput = number;
      this.log(run, action, { Text: text, StoredCustomerInput: number });
      return this.success(run, action, 'stored a phone number');
    }
    return this.fail(
      'unsupported-parameter',
      run,
      action,
      `InputValidation of '${action.Identifier}' is neither CustomValidation nor PhoneNumberValidation`,
    );
  }

  private async invokeLambda(run: FlowRun, action: SimAction): Promise<Step> {
    const arnParam = this.stringParam(run, action, 'LambdaFunctionARN');
    if (arnParam === undefined)
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `InvokeLambdaFunction '${action.Identifier}' has no LambdaFunctionARN`,
      );
    const arn = resolveValue(this.data(run), arnParam, this.where(run, action));
    const id = arn.found ? parseSimId(arn.value) : undefined;
    const name = id?.kind === 'function' ? (id.name as IntegrationName) : undefined;
    if (name === undefined || !Object.prototype.hasOwnProperty.call(INTEGRATIONS, name)) {
      this.fail(
        'unresolved-reference',
        run,
        action,
        `InvokeLambdaFunction '${action.Identifier}' calls '${arn.found ? arn.value : arnParam}', which is not an integration function`,
      );
    }
    const type = this.stringParam(run, action, 'InvocationType') ?? 'SYNCHRONOUS';
    if (type !== 'SYNCHRONOUS') {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `InvokeLambdaFunction '${action.Identifier}' is ${type}: only synchronous invocation is simulated`,
      );
    }
    const limitText = this.stringParam(run, action, 'InvocationTimeLimitSeconds') ?? '';
    const limit = Number(limitText);
    if (!/^[1-8]$/.test(limitText)) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `InvocationTimeLimitSeconds '${limitText}' of '${action.Identifier}' is not an integer from 1 to 8`,
      );
    }
    const validation = action.Parameters.ResponseValidation;
    const responseType =
      isRecord(validation) && typeof validation.ResponseType === 'string'
        ? validation.ResponseType
        : 'STRING_MAP';
    if (responseType !== 'STRING_MAP' && responseType !== 'JSON') {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `ResponseType '${responseType}' is not STRING_MAP or JSON`,
      );
    }
    const rawParams = action.Parameters.LambdaInvocationAttributes ?? {};
    if (!isRecord(rawParams))
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `LambdaInvocationAttributes of '${action.Identifier}' is not a map`,
      );
    const { values: parameters, missing } = this.resolveAll(run, action, rawParams as Record<string, string>);
    for (const ref of missing)
      this.warn(`parameter reads ${ref}, which is not set: the function receives ''`, run, action);

    const queue = this.inQueue ?? this.targetQueue;
    const event: ConnectLambdaEvent = {
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: {
          Attributes: { ...this.attributes },
          Channel: 'VOICE',
          ContactId: this.options.contactId,
          CustomerEndpoint:
            this.options.callerNumber === null
              ? null
              : { Address: this.options.callerNumber, Type: 'TELEPHONE_NUMBER' },
          InitialContactId: this.options.contactId,
          InitiationMethod: 'INBOUND',
          InstanceARN: INSTANCE_ARN,
          LanguageCode: (this.voice ? VOICE_LANGUAGE_CODES[this.voice] : undefined) ?? 'en-US',
          PreviousContactId: this.options.contactId,
          Queue: queue ? { ARN: `sim:queue:${queue.id}`, Name: queue.name } : null,
          SystemEndpoint: { Address: SYSTEM_NUMBER, Type: 'TELEPHONE_NUMBER' },
        },
        Parameters: parameters,
      },
    };
    const timeLimitMs = limit * 1000;
    const result = await this.options.invoke({
      name,
      event,
      timeLimitMs,
      flow: run.flow.name,
      action: action.Identifier,
    });
    for (const sms of result.sms ?? []) {
      this.sms.push(sms);
      this.emit({ kind: 'sms', ...sms });
    }
    this.options.clock.advance(Math.min(result.durationMs, timeLimitMs));
    const record = (outcome: FunctionCall['outcome'], status?: string, detail?: string): void => {
      this.calls.push({
        name,
        flow: run.flow.name,
        action: action.Identifier,
        outcome,
        ...(status ? { status } : {}),
        durationMs: result.durationMs,
        parameters,
      });
      this.emit({
        kind: 'lambda',
        flow: run.flow.name,
        action: action.Identifier,
        name,
        parameters: Object.keys(parameters),
        outcome,
        ...(status ? { status } : {}),
        durationMs: result.durationMs,
        timeLimitMs,
        ...(detail ? { detail } : {}),
      });
    };
    this.log(run, action, { LambdaFunction: name, Parameters: parameters });
    if (result.kind === 'failure') {
      record('failed', undefined, result.reason);
      return this.error(run, action, 'NoMatchingError', 'the invocation failed');
    }
    if (result.durationMs > timeLimitMs) {
      record('timeout');
      return this.error(run, action, 'NoMatchingError', 'over the time limit');
    }
    const response = result.response;
    const flat = isRecord(response) && Object.values(response).every((v) => typeof v === 'string');
    if (!isRecord(response) || (responseType === 'STRING_MAP' && !flat)) {
      record('invalid-response', undefined, `the response is not a flat string map`);
      return this.error(run, action, 'NoMatchingError', 'response validation failed');
    }
    run.external = response;
    const status = typeof response.status === 'string' ? response.status : undefined;
    record('ok', status);
    this.log(run, action, { LambdaFunction: name, External: response });
    return this.success(run, action, status ? `status ${status}` : undefined);
  }

  private compare(run: FlowRun, action: SimAction): Step {
    const reference = this.stringParam(run, action, 'ComparisonValue');
    if (reference === undefined || !isReference(reference)) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `Compare '${action.Identifier}' ComparisonValue '${String(reference)}' is not a single JSONPath`,
      );
    }
    const hit = lookup(this.data(run), reference, this.where(run, action));
    const value = hit.found ? hit.value : undefined;
    this.log(run, action, { ComparisonValue: reference, Value: value });
    return this.conditions(run, action, value, hit.found ? undefined : `${reference} is not set`);
  }

  private setContactAttributes(run: FlowRun, action: SimAction): Step {
    const target = this.stringParam(run, action, 'TargetContact') ?? 'Current';
    if (target !== 'Current')
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `TargetContact '${target}' is not simulated (only Current)`,
      );
    const attributes = action.Parameters.Attributes;
    if (!isRecord(attributes))
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `UpdateContactAttributes '${action.Identifier}' has no Attributes map`,
      );
    const { values, missing } = this.resolveAll(run, action, attributes as Record<string, string>);
    if (missing.length > 0 && (this.options.missingReference ?? 'error') === 'error') {
      this.warn(
        `reads ${missing.join(', ')}, which is not set: no attribute is set (all or nothing) and the error branch is taken`,
        run,
        action,
      );
      return this.error(run, action, 'NoMatchingError', 'a value is missing');
    }
    Object.assign(this.attributes, values);
    this.log(run, action, { Attributes: values });
    return this.success(run, action, Object.keys(values).join(', '));
  }

  private setFlowAttributes(run: FlowRun, action: SimAction): Step {
    const raw = action.Parameters.FlowAttributes;
    if (!isRecord(raw))
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `UpdateFlowAttributes '${action.Identifier}' has no FlowAttributes map`,
      );
    const flat: Record<string, string> = {};
    for (const [key, entry] of Object.entries(raw)) {
      if (!isRecord(entry) || typeof entry.Value !== 'string') {
        this.fail(
          'unsupported-parameter',
          run,
          action,
          `flow attribute ${key} of '${action.Identifier}' is not {Value: string}`,
        );
      }
      flat[key] = entry.Value;
    }
    const { values, missing } = this.resolveAll(run, action, flat);
    if (missing.length > 0 && (this.options.missingReference ?? 'error') === 'error') {
      this.warn(
        `reads ${missing.join(', ')}, which is not set: no flow attribute is set and the error branch is taken`,
        run,
        action,
      );
      return this.error(run, action, 'NoMatchingError', 'a value is missing');
    }
    Object.assign(run.flowAttributes, values);
    this.log(run, action, { FlowAttributes: values });
    return this.success(run, action, Object.keys(values).join(', '));
  }

  private checkHours(run: FlowRun, action: SimAction): Step {
    const param = this.stringParam(run, action, 'HoursOfOperationId');
    let hoursId: string | undefined;
    if (param !== undefined) {
      const resolved = resolveValue(this.data(run), param, this.where(run, action));
      const id = resolved.found ? parseSimId(resolved.value) : undefined;
      if (id?.kind !== 'hours' || !this.options.flows.hours.has(id.name)) {
        this.fail(
          'unresolved-reference',
          run,
          action,
          `CheckHoursOfOperation '${action.Identifier}' names hours '${resolved.found ? resolved.value : param}', which are not in ${this.options.flows.origin}`,
        );
      }
      hoursId = id.name;
    } else {
      hoursId = (this.inQueue ?? this.targetQueue)?.hoursId;
      if (hoursId === undefined)
        return this.error(run, action, 'NoMatchingError', 'no hours and no target queue');
    }
    const calendar = this.options.flows.hours.get(hoursId);
    if (calendar === undefined) return this.error(run, action, 'NoMatchingError', `no hours '${hoursId}'`);
    const at = new Date(this.options.clock.now());
    const open = isOpen(calendar, at);
    this.log(run, action, { HoursOfOperation: calendar.name, Result: open ? 'True' : 'False' });
    return this.conditions(
      run,
      action,
      open ? 'True' : 'False',
      `${open ? 'open' : 'closed'} at ${at.toISOString()}`,
    );
  }

  private metricQueue(run: FlowRun, action: SimAction): SimQueue | undefined {
    if (action.Parameters.AgentId !== undefined) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `${action.Type} '${action.Identifier}' reads an agent queue (AgentId): not simulated`,
      );
    }
    const queueParam = this.stringParam(run, action, 'QueueId');
    return queueParam !== undefined
      ? this.resolveQueue(run, action, queueParam)
      : (this.inQueue ?? this.targetQueue);
  }

  private getMetrics(run: FlowRun, action: SimAction): Step {
    const queue = this.metricQueue(run, action);
    if (queue === undefined) return this.error(run, action, 'NoMatchingError', 'no queue to read');
    const channel = this.stringParam(run, action, 'QueueChannel');
    if (channel !== undefined && channel !== 'Voice' && channel !== 'Chat') {
      this.fail('unsupported-parameter', run, action, `QueueChannel '${channel}' is not Voice or Chat`);
    }
    const state = this.queueState(queue);
    const voice = channel === undefined || channel === 'Voice';
    const queueMetrics: Record<string, string> = {
      Name: queue.name,
      ARN: `sim:queue:${queue.id}`,
      Size: String(voice ? (state.contactsInQueue ?? 0) : 0),
      OldestContactAge: String(voice ? (state.oldestContactAgeSeconds ?? 0) : 0),
    };
    // Estimated wait time is returned only when a single channel is asked for.
    const ewt = state.estimatedWaitSeconds === undefined ? 0 : state.estimatedWaitSeconds;
    if (channel !== undefined && ewt !== null)
      queueMetrics.EstimatedWaitTime = String(channel === 'Voice' ? ewt : 0);
    const staffed = state.agentsStaffed ?? 5;
    // Agent metrics are not returned when there are no agents.
    const agents: Record<string, { Count: string }> =
      staffed > 0
        ? {
            Online: { Count: String(state.agentsOnline ?? staffed) },
            Available: { Count: String(state.agentsAvailable ?? 2) },
            Staffed: { Count: String(staffed) },
          }
        : {};
    this.metrics = { Queue: queueMetrics, Agents: agents };
    this.log(run, action, { Metrics: this.metrics });
    const ewtNote =
      queueMetrics.EstimatedWaitTime !== undefined
        ? `, estimated wait ${queueMetrics.EstimatedWaitTime} s`
        : '';
    return this.success(
      run,
      action,
      `${queue.id}: ${queueMetrics.Size} in queue, oldest ${queueMetrics.OldestContactAge} s${ewtNote}`,
    );
  }

  private checkMetric(run: FlowRun, action: SimAction): Step {
    const queue = this.metricQueue(run, action);
    if (queue === undefined) return this.error(run, action, 'NoMatchingError', 'no queue to read');
    const metric = this.stringParam(run, action, 'MetricType');
    const state = this.queueState(queue);
    const staffed = state.agentsStaffed ?? 5;
    const values: Record<string, number> = {
      NumberOfAgentsAvailable: state.agentsAvailable ?? 2,
      NumberOfAgentsStaffed: staffed,
      NumberOfAgentsOnline: state.agentsOnline ?? staffed,
      OldestContactInQueueAgeSeconds: state.oldestContactAgeSeconds ?? 0,
      NumberOfContactsInQueue: state.contactsInQueue ?? 0,
    };
    if (metric === undefined || values[metric] === undefined) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `MetricType '${String(metric)}' is not one CheckMetricData supports`,
      );
    }
    return this.conditions(run, action, String(values[metric]), `${metric} ${values[metric]}`);
  }

  private setTargetQueue(run: FlowRun, action: SimAction): Step {
    if (action.Parameters.AgentId !== undefined) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `UpdateContactTargetQueue '${action.Identifier}' targets an agent (AgentId): not simulated`,
      );
    }
    const param = this.stringParam(run, action, 'QueueId');
    if (param === undefined)
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `UpdateContactTargetQueue '${action.Identifier}' has no QueueId`,
      );
    this.targetQueue = this.resolveQueue(run, action, param);
    this.log(run, action, { QueueId: this.targetQueue.id });
    return this.success(run, action, `working queue ${this.targetQueue.id}`);
  }

  private transferToQueue(run: FlowRun, action: SimAction): Step {
    if (run.role === 'queue') {
      this.warn(
        'TransferContactToQueue is not supported in customer queue flows: NoMatchingError',
        run,
        action,
      );
      return this.error(run, action, 'NoMatchingError');
    }
    const queue = this.targetQueue;
    if (queue === undefined) return this.error(run, action, 'NoMatchingError', 'no working queue set');
    const state = this.queueState(queue);
    const full =
      state.atCapacity ??
      (queue.maxContacts !== undefined && (state.contactsInQueue ?? 0) >= queue.maxContacts);
    this.log(run, action, { Queue: queue.id, AtCapacity: full });
    if (full) return this.error(run, action, 'QueueAtCapacity', `${queue.id} is at capacity`);
    this.inQueue = queue;
    this.emit({ kind: 'queued', queue: queue.id });
    return { end: { kind: 'queued', queue: queue.id }, note: `queued in ${queue.id}` };
  }

  private setCallbackNumber(run: FlowRun, action: SimAction): Step {
    const reference = this.stringParam(run, action, 'CallbackNumber');
    if (reference === undefined || !isReference(reference)) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `CallbackNumber of '${action.Identifier}' must be a single JSONPath`,
      );
    }
    const hit = lookup(this.data(run), reference, this.where(run, action));
    if (!hit.found || !E164.test(hit.value)) {
      return this.error(
        run,
        action,
        'InvalidCallbackNumber',
        hit.found ? 'not an E.164 number' : `${reference} is not set`,
      );
    }
    if ((this.options.notDialablePrefixes ?? []).some((p) => hit.value.startsWith(p))) {
      return this.error(run, action, 'CallbackNumberNotDialable', 'the instance cannot dial it');
    }
    this.callbackNumber = hit.value;
    this.log(run, action, { CallbackNumber: hit.value });
    return this.success(run, action, 'callback number set');
  }

  private createCallback(run: FlowRun, action: SimAction): Step {
    if (action.Parameters.AgentId !== undefined) {
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `CreateCallbackContact '${action.Identifier}' targets an agent (AgentId): not simulated`,
      );
    }
    const queueParam = this.stringParam(run, action, 'QueueId');
    const queue = queueParam !== undefined ? this.resolveQueue(run, action, queueParam) : this.targetQueue;
    if (queue === undefined) return this.error(run, action, 'NoMatchingError', 'no queue for the callback');
    const number = this.callbackNumber ?? this.options.callerNumber ?? undefined;
    if (number === undefined || number === null)
      return this.error(run, action, 'NoMatchingError', 'no number to call back');
    const int = (name: string): number | undefined => {
      const v = this.stringParam(run, action, name);
      return v === undefined ? undefined : Number(v);
    };
    const delay = int('InitialCallDelaySeconds');
    const attempts = int('MaximumConnectionAttempts');
    const retry = int('RetryDelaySeconds');
    const callback: CallbackRequest = {
      queue: queue.id,
      number,
      ...(delay !== undefined ? { initialDelaySeconds: delay } : {}),
      ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
      ...(retry !== undefined ? { retryDelaySeconds: retry } : {}),
    };
    this.callbacks.push(callback);
    this.emit({ kind: 'callback', queue: queue.id, number });
    this.log(run, action, { ...callback });
    return this.success(run, action, `callback queued in ${queue.id}`);
  }

  private flowRef(run: FlowRun, action: SimAction, value: string): string {
    const resolved = resolveValue(this.data(run), value, this.where(run, action));
    const id = resolved.found ? parseSimId(resolved.value) : undefined;
    if (id?.kind !== 'flow' || !this.options.flows.flows.has(id.name)) {
      this.fail(
        'unresolved-reference',
        run,
        action,
        `${action.Type} '${action.Identifier}' names flow '${resolved.found ? resolved.value : value}', which is not in ${this.options.flows.origin}`,
      );
    }
    return id.name;
  }

  private transferToFlow(run: FlowRun, action: SimAction): Step {
    const param = this.stringParam(run, action, 'ContactFlowId');
    if (param === undefined)
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `TransferToFlow '${action.Identifier}' has no ContactFlowId`,
      );
    const key = this.flowRef(run, action, param);
    this.log(run, action, { ContactFlowId: key });
    return { end: { kind: 'transfer-flow', flow: key }, note: `to flow ${key}` };
  }

  private setEventHooks(run: FlowRun, action: SimAction): Step {
    const hooks = action.Parameters.EventHooks;
    if (!isRecord(hooks))
      this.fail(
        'unsupported-parameter',
        run,
        action,
        `UpdateContactEventHooks '${action.Identifier}' has no EventHooks map`,
      );
    const set: string[] = [];
    for (const [hook, value] of Object.entries(hooks)) {
      if (typeof value !== 'string')
        this.fail('unsupported-parameter', run, action, `event hook ${hook} is not a string`);
      this.hooks[hook] = this.flowRef(run, action, value);
      set.push(`${hook} = ${this.hooks[hook]}`);
    }
    this.log(run, action, { EventHooks: { ...this.hooks } });
    return this.success(run, action, set.join(', '));
  }

  private loop(run: FlowRun, action: SimAction): Step {
    const raw = this.stringParam(run, action, 'LoopCount');
    const resolved =
      raw === undefined ? undefined : resolveValue(this.data(run), raw, this.where(run, action));
    const count = resolved?.found ? Number(resolved.value) : NaN;
    if (!Number.isInteger(count) || count < 0 || count > 100) {
      return this.error(run, action, 'NoMatchingError', `LoopCount '${String(raw)}' is not 0-100`);
    }
    // The same action returns ContinueLooping LoopCount times, then DoneLooping once, then resets.
    const done = run.loops.get(action.Identifier) ?? 0;
    if (done < count) {
      run.loops.set(action.Identifier, done + 1);
      return this.conditions(run, action, 'ContinueLooping', `${done + 1} of ${count}`);
    }
    run.loops.delete(action.Identifier);
    return this.conditions(run, action, 'DoneLooping', `done after ${count}`);
  }
}

/** A phone number keyed in, as E.164 under `PhoneNumberValidation`, or undefined when invalid. */
export function toE164(digits: string, validation: Readonly<Record<string, unknown>>): string | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  if (validation.NumberFormat === 'E164') {
    const number = `+${digits}`;
    return E164.test(number) ? number : undefined;
  }
  if (validation.NumberFormat !== 'Local') return undefined;
  const country =
    typeof validation.CountryCode === 'string' ? CALLING_CODES[validation.CountryCode] : undefined;
  if (country === undefined) return undefined;
  const national = digits.startsWith('0') ? digits.slice(1) : digits;
  if (!country.national.includes(national.length)) return undefined;
  return `+${country.code}${national}`;
}

/** A one-line description of a stopped simulation. */
export function describeError(error: SimulationErrorInfo): string {
  const where = [
    error.flow ? `flow '${error.flow}'` : undefined,
    error.action ? `action '${error.action}'` : undefined,
    error.actionType ? `type ${error.actionType}` : undefined,
  ].filter((s) => s !== undefined);
  return `${error.code}: ${error.message}${where.length > 0 && !error.message.includes(`'${error.action}'`) ? ` (${where.join(', ')})` : ''}`;
}

/** Runs one call through the flows. Never throws for a flow problem: the result carries it. */
export async function runCall(options: CallOptions): Promise<CallResult> {
  return new CallEngine(options).run();
}
