/**
 * The simulator's view of a set of flows: the flow documents with every resource reference turned
 * into a local identifier (`sim:function:otp-start`, `sim:queue:billing`, `sim:hours:<id>`,
 * `sim:flow:customer-queue`), plus what those identifiers stand for (queues, hours, functions).
 *
 * Actions are kept loosely typed on purpose: the simulator must be able to load a flow that uses an
 * action type or parameter it does not implement and stop *when a call reaches it*, naming the
 * flow, action and type, rather than refusing the whole document.
 */
import type { CollectedInput } from '../../lib/flows/compile';
import type { IntegrationName } from '../../lib/integrations/contracts';
import type { JourneyMap } from '../../lib/journey/types';
import type { HoursCalendar } from './hours';

/** Kinds of resource a flow can reference. */
export type SimResourceKind = 'function' | 'queue' | 'hours' | 'flow';

/** Prefix of every local identifier. */
export const SIM_ID_PREFIX = 'sim:';

/** The local identifier of a resource, e.g. `sim:queue:billing`. */
export function simId(kind: SimResourceKind, name: string): string {
  return `${SIM_ID_PREFIX}${kind}:${name}`;
}

/** The kind and name of a local identifier, or undefined for any other string. */
export function parseSimId(
  value: string,
): { readonly kind: SimResourceKind; readonly name: string } | undefined {
  const match = /^sim:(function|queue|hours|flow):(.+)$/.exec(value);
  if (!match) return undefined;
  return { kind: match[1] as SimResourceKind, name: match[2] as string };
}

/** Transitions as read from a document: error types and operators are checked when they are used. */
export interface SimTransitions {
  readonly NextAction?: string;
  readonly Errors?: readonly { readonly ErrorType: string; readonly NextAction: string }[];
  readonly Conditions?: readonly {
    readonly NextAction: string;
    readonly Condition: { readonly Operator: string; readonly Operands: readonly string[] };
  }[];
}

/** One action as the simulator reads it (parameters untyped until the action runs). */
export interface SimAction {
  readonly Identifier: string;
  readonly Type: string;
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: SimTransitions;
}

/** One flow, ready to run. */
export interface SimFlow {
  /** Key used in `sim:flow:<key>` references: the compiled flow name (`inbound`, `customer-queue`). */
  readonly key: string;
  /** Display name (the deployed `Name` for synthesized flows). */
  readonly name: string;
  /** Connect flow type, e.g. `CONTACT_FLOW`, `CUSTOMER_QUEUE`. */
  readonly type: string;
  readonly startAction: string;
  readonly actions: ReadonlyMap<string, SimAction>;
  /** Stored-input actions and what they collect, when the flow comes from the compiler. */
  readonly inputs?: Readonly<Record<string, CollectedInput>>;
}

/** A queue a flow can route to. */
export interface SimQueue {
  /** Journey-map queue id, e.g. `billing`. */
  readonly id: string;
  /** Connect queue name, e.g. `Billing`. */
  readonly name: string;
  /** Hours of this queue (`CheckHoursOfOperation` without an id uses the target queue's). */
  readonly hoursId?: string;
  /** Contacts the queue holds before a transfer takes the QueueAtCapacity branch. */
  readonly maxContacts?: number;
}

/** An integration function as deployed. */
export interface SimFunction {
  readonly name: IntegrationName;
  /** Lambda timeout in seconds, when known (from the template). */
  readonly timeoutSeconds?: number;
  /** Literal environment variables of the function (template values that are not references). */
  readonly environment: Readonly<Record<string, string>>;
}

/** Everything the interpreter needs to run calls. */
export interface FlowSet {
  /** Where the flows came from. */
  readonly source: 'compiled' | 'template';
  /** Human-readable origin: a template path or `compileJourney(<map name>)`. */
  readonly origin: string;
  readonly flows: ReadonlyMap<string, SimFlow>;
  /** Key of the flow that answers calls. */
  readonly entry: string;
  readonly queues: ReadonlyMap<string, SimQueue>;
  readonly hours: ReadonlyMap<string, HoursCalendar>;
  readonly functions: ReadonlyMap<IntegrationName, SimFunction>;
  /** The journey map the flows were built from (voices, queue names, inputs). */
  readonly map: JourneyMap;
}
