/**
 * The web callback contact flow. The contact-options API starts a TASK contact on it
 * (`StartTaskContact`) with only an opaque reference, the intent and the target queue in the task's
 * attributes; the flow turns the task into a queued (agent-first) callback:
 *
 * 1. `resolve-number`: invokes the `web-callback` function with the reference; it returns the
 *    customer's number as an external attribute (never written to contact attributes) and burns the
 *    reference (single use);
 * 2. `set-number`: `UpdateContactCallbackNumber` from `$.External.callbackNumber`;
 * 3. `pick-queue`: one `CreateCallbackContact` per queue (the queue ARN must be static or a single
 *    JSONPath, so the queue id attribute selects a branch with a literal reference);
 * 4. `end`: the task is disconnected; the callback contact waits in the queue for an adviser.
 *
 * `StartOutboundVoiceContact` is not used: it dials the customer at once (60-second dial timeout) and
 * would hold them on the line in the queue, which is the opposite of a callback.
 */
import {
  FlowBuilder,
  compare,
  createCallback,
  disconnect,
  invokeLambda,
  setCallbackNumber,
  when,
} from '../flows/builder';
import type { FlowDocument } from '../flows/model';

/** Task attribute carrying the opaque reference of the pending callback. */
export const CALLBACK_REF_ATTRIBUTE = 'webCallbackRef';

/** Task attribute carrying the target queue id. */
export const CALLBACK_QUEUE_ATTRIBUTE = 'queue';

/** Task attribute carrying the intent id (reporting, agent context). */
export const CALLBACK_INTENT_ATTRIBUTE = 'intent';

/** Flow time limit of the `web-callback` invocation (seconds). */
export const RESOLVE_TIME_LIMIT_SECONDS = 3;

/** What the flow needs. */
export interface CallbackFlowResources {
  /** ARN of the `web-callback` function. */
  readonly functionArn: string;
  /** Queue ids that may receive web callbacks, with their ARNs. */
  readonly queues: readonly { readonly id: string; readonly arn: string }[];
  readonly callback: {
    readonly initialDelaySeconds: number;
    readonly maxAttempts: number;
    readonly retryDelaySeconds: number;
  };
}

/** Builds the web callback flow document (validate it with `assertValidFlow` before deploying). */
export function buildCallbackFlow(resources: CallbackFlowResources): FlowDocument {
  const b = new FlowBuilder('web-callback');
  b.add(
    invokeLambda(
      'resolve-number',
      resources.functionArn,
      RESOLVE_TIME_LIMIT_SECONDS,
      { ref: `$.Attributes.${CALLBACK_REF_ATTRIBUTE}` },
      'check-found',
      'end',
    ),
  );
  b.add(compare('check-found', '$.External.status', [when('Equals', 'FOUND', 'set-number')], 'end'));
  b.add(setCallbackNumber('set-number', '$.External.callbackNumber', 'pick-queue', 'end'));
  b.add(
    compare(
      'pick-queue',
      `$.Attributes.${CALLBACK_QUEUE_ATTRIBUTE}`,
      resources.queues.map((q) => when('Equals', q.id, `callback-${q.id}`)),
      'end',
    ),
  );
  for (const q of resources.queues) {
    b.add(createCallback(`callback-${q.id}`, q.arn, resources.callback, 'end', 'end'));
  }
  b.add(disconnect('end'));
  return b.build('resolve-number');
}
