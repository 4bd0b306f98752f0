/**
 * Builds flow documents action by action, with readable identifiers (`identify-caller`,
 * `offer-callback`) checked as they are added, and small constructors for each action type that
 * fill in the error branches the action needs, so a compiled flow cannot forget one.
 */
import {
  FLOW_LANGUAGE_VERSION,
  identifierProblem,
  targetsOf,
  type CheckMetricType,
  type ConditionOperator,
  type FlowAction,
  type FlowCondition,
  type FlowDocument,
  type FlowErrorBranch,
  type FlowErrorType,
  type InputValidation,
  type PromptContent,
} from './model';

/** Raised when a flow is built wrongly (duplicate or invalid identifier, missing start). */
export class FlowBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowBuildError';
  }
}

/** Collects the actions of one flow; identifiers are unique and valid by construction. */
export class FlowBuilder {
  private readonly actions = new Map<string, FlowAction>();

  constructor(readonly flowName: string) {}

  /** Adds an action and returns its identifier. */
  add(action: FlowAction): string {
    const problem = identifierProblem(action.Identifier);
    if (problem !== undefined) {
      throw new FlowBuildError(
        `flow '${this.flowName}': action identifier '${action.Identifier}' ${problem}`,
      );
    }
    if (this.actions.has(action.Identifier)) {
      throw new FlowBuildError(
        `flow '${this.flowName}': action identifier '${action.Identifier}' is used twice`,
      );
    }
    this.actions.set(action.Identifier, action);
    return action.Identifier;
  }

  /** Whether an action with this identifier exists. */
  has(id: string): boolean {
    return this.actions.has(id);
  }

  /**
   * Emits a shared fragment once: the first call runs `emit`, later calls only return `id`. Shared
   * fragments (technical failure, callback offer) keep the flow well under the action limit.
   */
  once(id: string, emit: () => void): string {
    if (!this.actions.has(id) && !this.pending.has(id)) {
      // Marked before emitting so a fragment that (indirectly) refers to itself terminates.
      this.pending.add(id);
      emit();
      this.pending.delete(id);
      if (!this.actions.has(id)) {
        throw new FlowBuildError(
          `flow '${this.flowName}': fragment '${id}' did not emit an action named '${id}'`,
        );
      }
    }
    return id;
  }

  private readonly pending = new Set<string>();

  /** The finished document, actions in insertion order, with designer positions in `Metadata`. */
  build(startAction: string): FlowDocument {
    if (!this.actions.has(startAction)) {
      throw new FlowBuildError(`flow '${this.flowName}': start action '${startAction}' does not exist`);
    }
    const actions = [...this.actions.values()];
    return {
      Version: FLOW_LANGUAGE_VERSION,
      StartAction: startAction,
      Metadata: layoutMetadata(startAction, actions),
      Actions: actions,
    };
  }
}

/**
 * Designer positions: one column per distance from the start, so a human opening the flow in the
 * console sees a left-to-right layout instead of every block stacked at the origin.
 */
function layoutMetadata(start: string, actions: readonly FlowAction[]): Record<string, unknown> {
  const byId = new Map(actions.map((a) => [a.Identifier, a]));
  const depth = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const action = byId.get(id);
    if (action === undefined) continue;
    for (const next of targetsOf(action)) {
      if (!depth.has(next) && byId.has(next)) {
        depth.set(next, (depth.get(id) ?? 0) + 1);
        queue.push(next);
      }
    }
  }
  const rows = new Map<number, number>();
  const actionMetadata: Record<string, { position: { x: number; y: number } }> = {};
  for (const a of actions) {
    const column = depth.get(a.Identifier) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    actionMetadata[a.Identifier] = { position: { x: 240 + column * 260, y: 40 + row * 170 } };
  }
  return { entryPointPosition: { x: 40, y: 40 }, ActionMetadata: actionMetadata };
}

const errors = (entries: readonly (readonly [FlowErrorType, string])[]): FlowErrorBranch[] =>
  entries.map(([ErrorType, NextAction]) => ({ ErrorType, NextAction }));

/** A condition branch. */
export function when(operator: ConditionOperator, operand: string, next: string): FlowCondition {
  return { NextAction: next, Condition: { Operator: operator, Operands: [operand] } };
}

/** `MessageParticipant` with text; a failed prompt carries on to `next` rather than stopping. */
export function message(
  id: string,
  content: PromptContent,
  next: string,
  onError: string = next,
): FlowAction {
  return {
    Identifier: id,
    Type: 'MessageParticipant',
    Parameters: content,
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** A DTMF menu: single-digit options, then the timeout / no-match / error branches. */
export function menu(
  id: string,
  content: PromptContent,
  options: readonly { readonly key: string; readonly next: string }[],
  fallbacks: { readonly timeout: string; readonly noMatch: string; readonly error: string },
  inputTimeLimitSeconds: number,
): FlowAction {
  return {
    Identifier: id,
    Type: 'GetParticipantInput',
    Parameters: { ...content, InputTimeLimitSeconds: String(inputTimeLimitSeconds), StoreInput: 'False' },
    Transitions: {
      NextAction: fallbacks.noMatch,
      Conditions: options.map((o) => when('Equals', o.key, o.next)),
      Errors: errors([
        ['InputTimeLimitExceeded', fallbacks.timeout],
        ['NoMatchingCondition', fallbacks.noMatch],
        ['NoMatchingError', fallbacks.error],
      ]),
    },
  };
}

/** Options of a stored-input collection (`Store customer input`). */
export interface StoredInputOptions {
  readonly validation: InputValidation;
  readonly encryption?: { readonly keyId: string; readonly certificate: string };
  /** Ends variable-length input early, e.g. `#`. */
  readonly terminator?: string;
  readonly inputTimeLimitSeconds: number;
}

/**
 * Collects digits into `$.StoredCustomerInput` (never into a contact attribute). A timeout takes the
 * success branch with the value `Timeout`, so callers compare for it.
 */
export function storedInput(
  id: string,
  content: PromptContent,
  options: StoredInputOptions,
  next: string,
  onError: string,
  onInvalidPhoneNumber?: string,
): FlowAction {
  const phone = 'PhoneNumberValidation' in options.validation;
  return {
    Identifier: id,
    Type: 'GetParticipantInput',
    Parameters: {
      ...content,
      InputTimeLimitSeconds: String(options.inputTimeLimitSeconds),
      StoreInput: 'True',
      InputValidation: options.validation,
      ...(options.encryption
        ? {
            InputEncryption: {
              EncryptionKeyId: options.encryption.keyId,
              Key: options.encryption.certificate,
            },
          }
        : {}),
      ...(options.terminator ? { DTMFConfiguration: { InputTerminationSequence: options.terminator } } : {}),
    },
    Transitions: {
      NextAction: next,
      Errors: errors([
        ...(phone ? ([['InvalidPhoneNumber', onInvalidPhoneNumber ?? onError]] as const) : []),
        ['NoMatchingError', onError],
      ]),
    },
  };
}

/** `InvokeLambdaFunction`, synchronous, flat string-map response. */
export function invokeLambda(
  id: string,
  functionArn: string,
  timeLimitSeconds: number,
  attributes: Readonly<Record<string, string>>,
  next: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'InvokeLambdaFunction',
    Parameters: {
      LambdaFunctionARN: functionArn,
      InvocationTimeLimitSeconds: String(timeLimitSeconds),
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      ...(Object.keys(attributes).length > 0 ? { LambdaInvocationAttributes: attributes } : {}),
    },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `Compare` on one JSONPath value; `otherwise` takes both the default and NoMatchingCondition. */
export function compare(
  id: string,
  value: string,
  conditions: readonly FlowCondition[],
  otherwise: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'Compare',
    Parameters: { ComparisonValue: value },
    Transitions: {
      NextAction: otherwise,
      Conditions: conditions,
      Errors: errors([['NoMatchingCondition', otherwise]]),
    },
  };
}

/** `UpdateContactAttributes` (persisted on the contact record: never secrets). */
export function setContactAttributes(
  id: string,
  attributes: Readonly<Record<string, string>>,
  next: string,
  onError: string = next,
): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactAttributes',
    Parameters: { Attributes: attributes, TargetContact: 'Current' },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `UpdateFlowAttributes` (flow scope: not persisted, not carried to other flows). */
export function setFlowAttributes(
  id: string,
  attributes: Readonly<Record<string, string>>,
  next: string,
  onError: string = next,
): FlowAction {
  const flowAttributes: Record<string, { Value: string }> = {};
  for (const [k, v] of Object.entries(attributes)) flowAttributes[k] = { Value: v };
  return {
    Identifier: id,
    Type: 'UpdateFlowAttributes',
    Parameters: { FlowAttributes: flowAttributes },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `CheckHoursOfOperation` against one hours-of-operation resource. */
export function checkHours(
  id: string,
  hoursArn: string,
  open: string,
  closed: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'CheckHoursOfOperation',
    Parameters: { HoursOfOperationId: hoursArn },
    Transitions: {
      NextAction: closed,
      Conditions: [when('Equals', 'True', open), when('Equals', 'False', closed)],
      Errors: errors([['NoMatchingError', onError]]),
    },
  };
}

/** `GetMetricData` for one queue's voice channel (a single channel so estimated wait is filled in). */
export function getQueueMetrics(
  id: string,
  queueArn: string | undefined,
  next: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'GetMetricData',
    Parameters: { ...(queueArn !== undefined ? { QueueId: queueArn } : {}), QueueChannel: 'Voice' },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `CheckMetricData` on a queue-time or queue-count metric (which supports NoMatchingCondition). */
export function checkQueueMetric(
  id: string,
  metric: Extract<CheckMetricType, 'OldestContactInQueueAgeSeconds' | 'NumberOfContactsInQueue'>,
  queueArn: string,
  conditions: readonly FlowCondition[],
  otherwise: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'CheckMetricData',
    Parameters: { MetricType: metric, QueueId: queueArn },
    Transitions: {
      NextAction: otherwise,
      Conditions: conditions,
      Errors: errors([
        ['NoMatchingCondition', otherwise],
        ['NoMatchingError', onError],
      ]),
    },
  };
}

/** `UpdateContactTargetQueue` (set working queue). */
export function setWorkingQueue(id: string, queueArn: string, next: string, onError: string): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactTargetQueue',
    Parameters: { QueueId: queueArn },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/**
 * `TransferContactToQueue`: ends the flow on success. `NextAction` mirrors the console, which points
 * it at the capacity branch; the service only follows it when the transfer does not happen.
 */
export function transferToQueue(id: string, atCapacity: string, onError: string): FlowAction {
  return {
    Identifier: id,
    Type: 'TransferContactToQueue',
    Parameters: {},
    Transitions: {
      NextAction: atCapacity,
      Errors: errors([
        ['QueueAtCapacity', atCapacity],
        ['NoMatchingError', onError],
      ]),
    },
  };
}

/** `UpdateContactCallbackNumber` from a JSONPath (`$.CustomerEndpoint.Address`, `$.StoredCustomerInput`). */
export function setCallbackNumber(id: string, jsonPath: string, next: string, onInvalid: string): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactCallbackNumber',
    Parameters: { CallbackNumber: jsonPath },
    Transitions: {
      NextAction: next,
      Errors: errors([
        ['InvalidCallbackNumber', onInvalid],
        ['CallbackNumberNotDialable', onInvalid],
      ]),
    },
  };
}

/** Callback settings of `CreateCallbackContact`. */
export interface CallbackSettings {
  readonly initialDelaySeconds: number;
  readonly maxAttempts: number;
  readonly retryDelaySeconds: number;
}

/** `CreateCallbackContact` into a queue. */
export function createCallback(
  id: string,
  queueArn: string,
  settings: CallbackSettings,
  next: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'CreateCallbackContact',
    Parameters: {
      QueueId: queueArn,
      InitialCallDelaySeconds: String(settings.initialDelaySeconds),
      MaximumConnectionAttempts: String(settings.maxAttempts),
      RetryDelaySeconds: String(settings.retryDelaySeconds),
    },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `UpdateContactEventHooks` with the customer queue flow. */
export function setCustomerQueueFlow(
  id: string,
  flowArn: string,
  next: string,
  onError: string = next,
): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactEventHooks',
    Parameters: { EventHooks: { CustomerQueue: flowArn } },
    Transitions: { NextAction: next, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `UpdateFlowLoggingBehavior`. */
export function logging(id: string, enabled: boolean, next: string): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateFlowLoggingBehavior',
    Parameters: { FlowLoggingBehavior: enabled ? 'Enabled' : 'Disabled' },
    Transitions: { NextAction: next },
  };
}

/** `UpdateContactTextToSpeechVoice`. */
export function voice(
  id: string,
  voiceName: string,
  engine: 'Standard' | 'Neural' | undefined,
  next: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactTextToSpeechVoice',
    Parameters: { TextToSpeechVoice: voiceName, ...(engine ? { TextToSpeechEngine: engine } : {}) },
    Transitions: { NextAction: next },
  };
}

/** `UpdateContactRecordingBehavior`: records agent and customer once an agent answers. */
export function recordAgentCalls(id: string, next: string): FlowAction {
  return {
    Identifier: id,
    Type: 'UpdateContactRecordingBehavior',
    Parameters: { RecordingBehavior: { RecordedParticipants: ['Agent', 'Customer'] } },
    Transitions: { NextAction: next },
  };
}

/** `Loop`: `count` times to `again`, then once to `done`, then it resets. */
export function loop(id: string, count: number, again: string, done: string): FlowAction {
  return {
    Identifier: id,
    Type: 'Loop',
    Parameters: { LoopCount: String(count) },
    Transitions: {
      // The service requires NextAction on Loop; the console points it at the DoneLooping branch.
      NextAction: done,
      Conditions: [when('Equals', 'ContinueLooping', again), when('Equals', 'DoneLooping', done)],
    },
  };
}

/** `MessageParticipantIteratively` (queue flows), interrupted every `interruptSeconds`. */
export function holdLoop(
  id: string,
  messages: readonly PromptContent[],
  interruptSeconds: number,
  interrupted: string,
  onError: string,
): FlowAction {
  return {
    Identifier: id,
    Type: 'MessageParticipantIteratively',
    Parameters: { Messages: messages, InterruptFrequencySeconds: String(interruptSeconds) },
    Transitions: {
      NextAction: interrupted,
      Conditions: [when('Equals', 'MessagesInterrupted', interrupted)],
      Errors: errors([['NoMatchingError', onError]]),
    },
  };
}

/** `TransferToFlow`: ends this flow on success. */
export function transferToFlow(id: string, flowArn: string, onError: string): FlowAction {
  return {
    Identifier: id,
    Type: 'TransferToFlow',
    Parameters: { ContactFlowId: flowArn },
    Transitions: { NextAction: onError, Errors: errors([['NoMatchingError', onError]]) },
  };
}

/** `DisconnectParticipant`. */
export function disconnect(id: string): FlowAction {
  return { Identifier: id, Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
}
