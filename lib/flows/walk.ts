/**
 * Path analysis of a flow: proves that every way through it ends in a queue transfer, a queued
 * callback, a transfer to another flow, waiting in queue (customer queue flows), or a spoken
 * message right before a disconnect, i.e. that no caller ever meets a silent dead end.
 *
 * Two tools:
 * - `walkPaths` covers every path, including every unrolling of every loop, without listing them:
 *   it explores the graph of (action, what the caller last heard, logging state, callback booked)
 *   states, which is finite, so the proof stays fast even for the inbound flow, whose paths number
 *   in the millions. A cycle is accepted only when it is bounded: it goes through a `Loop` action
 *   (a counted retry), asks the caller for input (the caller chooses to go round), or plays hold
 *   messages in a customer queue flow (an agent ends it).
 * - `enumeratePaths` lists concrete paths one by one, each action visited at most `maxVisits` times
 *   per path: exhaustive for small flows, and a readable witness for tests and the simulator.
 */
import { targetsOf, type ContactFlowType, type FlowAction, type FlowDocument } from './model';

/** How a path ends. */
export type PathOutcome =
  /** Placed in a queue (TransferContactToQueue succeeded). */
  | 'queue'
  /** A callback was queued, then a spoken goodbye and a disconnect. */
  | 'callback'
  /** A spoken message, then a disconnect. */
  | 'spoken-disconnect'
  /** Handed to another flow (TransferToFlow succeeded). */
  | 'flow'
  /** Customer queue flow: keeps waiting in queue (hold loop, or EndFlowExecution). */
  | 'in-queue';

/** How a path goes wrong. */
export type PathViolationKind =
  /** Disconnect without a message just before it. */
  | 'silent-disconnect'
  /** An action with nowhere to go that is not a disconnect or transfer. */
  | 'dead-end'
  /** A transition to an action that does not exist. */
  | 'unresolved'
  /** A cycle of silent actions with no Loop bound: the caller hears nothing, forever. */
  | 'silent-loop'
  /** Reachable states from which no ending can be reached. */
  | 'no-exit'
  /** EndFlowExecution in an inbound flow (the contact ends with no explanation). */
  | 'silent-end';

/** One way a path goes wrong, with an example path from the start. */
export interface PathViolation {
  readonly kind: PathViolationKind;
  readonly action: string;
  readonly message: string;
  /** Identifiers from the StartAction to `action`. */
  readonly path: readonly string[];
}

/** Flow logging state along a path (`unknown` until the flow sets it). */
export type LoggingState = 'Enabled' | 'Disabled' | 'unknown';

/** Result of `walkPaths`. */
export interface PathWalk {
  /** True when no path has a violation. */
  readonly ok: boolean;
  readonly violations: readonly PathViolation[];
  /** For each outcome, the actions where paths end that way. */
  readonly outcomes: Readonly<Record<PathOutcome, readonly string[]>>;
  /** Distinct (action, heard, logging, callback) states explored: every path is a walk through them. */
  readonly statesExplored: number;
  /** Logging states each reachable action can run in. */
  readonly loggingAt: ReadonlyMap<string, ReadonlySet<LoggingState>>;
}

/** Options of `walkPaths` and `enumeratePaths`. */
export interface WalkOptions {
  /** Queue and hold flows (CUSTOMER_QUEUE, CUSTOMER_HOLD, AGENT_HOLD) may end by staying in queue. @default 'CONTACT_FLOW' */
  readonly flowType?: ContactFlowType;
}

type Heard = 'none' | 'message' | 'input' | 'hold';

interface State {
  readonly action: string;
  readonly heard: Heard;
  readonly logging: LoggingState;
  readonly callback: boolean;
}

const keyOf = (s: State): string =>
  `${s.action}\u0000${s.heard}\u0000${s.logging}\u0000${s.callback ? 1 : 0}`;

/** What the caller hears when an action runs, if anything. */
function heardBy(action: FlowAction): Heard | undefined {
  switch (action.Type) {
    case 'MessageParticipant':
      return 'message';
    case 'GetParticipantInput':
    case 'ConnectParticipantWithLexBot':
      return 'input';
    case 'MessageParticipantIteratively':
      return 'hold';
    default:
      return undefined;
  }
}

/** The branches out of an action: success branches (NextAction, conditions) and error branches. */
function branches(action: FlowAction): { target: string; error: boolean }[] {
  const t = action.Transitions;
  const out: { target: string; error: boolean }[] = [];
  const seen = new Set<string>();
  const add = (target: string, error: boolean): void => {
    const k = `${target}|${error}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ target, error });
    }
  };
  // A successful transfer ends the flow, so its NextAction only matters as an error fallback.
  const endsOnSuccess =
    action.Type === 'TransferContactToQueue' ||
    action.Type === 'TransferToFlow' ||
    action.Type === 'DequeueContactAndTransferToQueue';
  for (const c of t.Conditions ?? []) add(c.NextAction, false);
  if (t.NextAction !== undefined && !endsOnSuccess) add(t.NextAction, false);
  for (const e of t.Errors ?? []) add(e.NextAction, true);
  return out;
}

function successor(action: FlowAction, state: State, target: string, error: boolean): State {
  const heard = heardBy(action) ?? state.heard;
  let logging = state.logging;
  if (action.Type === 'UpdateFlowLoggingBehavior') logging = action.Parameters.FlowLoggingBehavior;
  const callback = state.callback || (action.Type === 'CreateCallbackContact' && !error);
  return { action: target, heard, logging, callback };
}

/** Queue and hold flows: the caller stays in queue when the flow ends. */
function isQueueFlow(type: ContactFlowType | undefined): boolean {
  return type === 'CUSTOMER_QUEUE' || type === 'CUSTOMER_HOLD' || type === 'AGENT_HOLD';
}

/** Proves the no-silent-dead-end property over every path of `flow`. */
export function walkPaths(flow: FlowDocument, options: WalkOptions = {}): PathWalk {
  const queueFlow = isQueueFlow(options.flowType);
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const violations: PathViolation[] = [];
  const outcomes: Record<PathOutcome, Set<string>> = {
    queue: new Set(),
    callback: new Set(),
    'spoken-disconnect': new Set(),
    flow: new Set(),
    'in-queue': new Set(),
  };
  const loggingAt = new Map<string, Set<LoggingState>>();

  // Breadth-first over states, remembering a parent so each violation comes with a shortest example path.
  const start: State = { action: flow.StartAction, heard: 'none', logging: 'unknown', callback: false };
  const states = new Map<string, State>([[keyOf(start), start]]);
  const parent = new Map<string, string | undefined>([[keyOf(start), undefined]]);
  const edges = new Map<string, string[]>();
  const ends = new Set<string>();
  const queue: string[] = [keyOf(start)];
  const pathTo = (key: string): string[] => {
    const path: string[] = [];
    for (let k: string | undefined = key; k !== undefined; k = parent.get(k))
      path.unshift((states.get(k) as State).action);
    return path;
  };
  const violated = new Set<string>();
  const violate = (kind: PathViolationKind, key: string, message: string): void => {
    const action = (states.get(key) as State).action;
    if (violated.has(`${kind}|${action}`)) return;
    violated.add(`${kind}|${action}`);
    violations.push({ kind, action, message, path: pathTo(key) });
  };

  while (queue.length > 0) {
    const key = queue.shift() as string;
    const state = states.get(key) as State;
    const action = byId.get(state.action);
    if (action === undefined) {
      violate('unresolved', key, `'${state.action}' is not an action of this flow`);
      ends.add(key);
      continue;
    }
    const logging = loggingAt.get(action.Identifier) ?? new Set<LoggingState>();
    logging.add(state.logging);
    loggingAt.set(action.Identifier, logging);

    switch (action.Type) {
      case 'DisconnectParticipant':
        ends.add(key);
        if (state.heard === 'message')
          outcomes[state.callback ? 'callback' : 'spoken-disconnect'].add(action.Identifier);
        else
          violate(
            'silent-disconnect',
            key,
            state.heard === 'none'
              ? 'disconnects a caller who has heard nothing'
              : 'disconnects right after a menu or input prompt, without a spoken goodbye',
          );
        continue;
      case 'EndFlowExecution':
        ends.add(key);
        if (queueFlow) outcomes['in-queue'].add(action.Identifier);
        else violate('silent-end', key, 'ends the inbound flow without a transfer or a spoken goodbye');
        continue;
      case 'TransferContactToQueue':
      case 'DequeueContactAndTransferToQueue':
        ends.add(key);
        outcomes.queue.add(action.Identifier);
        break;
      case 'TransferContactToAgent':
        ends.add(key);
        outcomes.queue.add(action.Identifier);
        continue;
      case 'TransferToFlow':
        ends.add(key);
        outcomes.flow.add(action.Identifier);
        break;
      case 'EndFlowModuleExecution':
        // A module returns to the flow that invoked it.
        ends.add(key);
        outcomes.flow.add(action.Identifier);
        continue;
      case 'MessageParticipantIteratively':
        // In a queue flow the caller waits here until an agent answers.
        if (queueFlow) {
          ends.add(key);
          outcomes['in-queue'].add(action.Identifier);
        }
        break;
      default:
        break;
    }

    const out = branches(action);
    if (out.length === 0 && !ends.has(key)) {
      violate('dead-end', key, `${action.Type} has nowhere to go, so the caller is left in silence`);
      ends.add(key);
    }
    const next: string[] = [];
    for (const b of out) {
      const s = successor(action, state, b.target, b.error);
      const k = keyOf(s);
      next.push(k);
      if (!states.has(k)) {
        states.set(k, s);
        parent.set(k, key);
        queue.push(k);
      }
    }
    edges.set(key, next);
  }

  // States from which some ending is reachable (backwards from every ending).
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of edges) for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const canEnd = new Set(ends);
  const back = [...ends];
  while (back.length > 0) {
    for (const from of reverse.get(back.pop() as string) ?? []) {
      if (!canEnd.has(from)) {
        canEnd.add(from);
        back.push(from);
      }
    }
  }
  for (const key of states.keys()) {
    if (!canEnd.has(key)) {
      violate('no-exit', key, 'is on a cycle the caller can never leave');
      break;
    }
  }

  // Cycles made only of silent actions, without a Loop bound.
  for (const cycle of silentCycles(flow)) {
    const firstKey = [...states.entries()].find(([, s]) => s.action === cycle[0])?.[0];
    if (firstKey !== undefined) {
      violate(
        'silent-loop',
        firstKey,
        `cycles through ${cycle.join(' -> ')} without saying anything or a Loop bound`,
      );
    }
  }

  const list = (s: Set<string>): string[] => [...s].sort();
  return {
    ok: violations.length === 0,
    violations,
    outcomes: {
      queue: list(outcomes.queue),
      callback: list(outcomes.callback),
      'spoken-disconnect': list(outcomes['spoken-disconnect']),
      flow: list(outcomes.flow),
      'in-queue': list(outcomes['in-queue']),
    },
    statesExplored: states.size,
    loggingAt,
  };
}

/** Strongly connected components of silent, non-Loop actions that contain a cycle. */
function silentCycles(flow: FlowDocument): string[][] {
  const silent = new Map(
    flow.Actions.filter((a) => heardBy(a) === undefined && a.Type !== 'Loop').map((a) => [a.Identifier, a]),
  );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let counter = 0;
  const connect = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    const action = silent.get(id) as FlowAction;
    const next = branches(action)
      .map((b) => b.target)
      .filter((t) => silent.has(t));
    for (const t of next) {
      if (!index.has(t)) {
        connect(t);
        low.set(id, Math.min(low.get(id) as number, low.get(t) as number));
      } else if (onStack.has(t)) {
        low.set(id, Math.min(low.get(id) as number, index.get(t) as number));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      if (component.length > 1 || next.includes(id)) found.push(component.reverse());
    }
  };
  for (const id of silent.keys()) if (!index.has(id)) connect(id);
  return found;
}

/** One concrete path of `enumeratePaths`. */
export interface EnumeratedPath {
  readonly actions: readonly string[];
  /** How it ends; `loop-bound` when it was cut after `maxVisits` visits of one action. */
  readonly end: PathOutcome | PathViolationKind | 'loop-bound';
}

/**
 * Lists concrete paths depth-first, each action visited at most `maxVisits` times per path, up to
 * `limit` paths. Exhaustive when fewer than `limit` paths exist.
 */
export function* enumeratePaths(
  flow: FlowDocument,
  options: WalkOptions & { readonly maxVisits?: number; readonly limit?: number } = {},
): Generator<EnumeratedPath> {
  const maxVisits = options.maxVisits ?? 2;
  const limit = options.limit ?? 10_000;
  const queueFlow = isQueueFlow(options.flowType);
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  let emitted = 0;
  const visits = new Map<string, number>();
  const path: string[] = [];

  function* walk(state: State): Generator<EnumeratedPath> {
    if (emitted >= limit) return;
    const id = state.action;
    path.push(id);
    const done = (end: EnumeratedPath['end']): EnumeratedPath => {
      emitted += 1;
      return { actions: [...path], end };
    };
    const action = byId.get(id);
    const seen = visits.get(id) ?? 0;
    try {
      if (action === undefined) {
        yield done('unresolved');
        return;
      }
      if (seen >= maxVisits) {
        yield done('loop-bound');
        return;
      }
      visits.set(id, seen + 1);
      switch (action.Type) {
        case 'DisconnectParticipant':
          yield done(
            state.heard === 'message'
              ? state.callback
                ? 'callback'
                : 'spoken-disconnect'
              : 'silent-disconnect',
          );
          return;
        case 'EndFlowExecution':
          yield done(queueFlow ? 'in-queue' : 'silent-end');
          return;
        case 'TransferContactToQueue':
        case 'DequeueContactAndTransferToQueue':
          yield done('queue');
          break;
        case 'TransferContactToAgent':
          yield done('queue');
          return;
        case 'TransferToFlow':
          yield done('flow');
          break;
        case 'EndFlowModuleExecution':
          yield done('flow');
          return;
        case 'MessageParticipantIteratively':
          if (queueFlow) yield done('in-queue');
          break;
        default:
          break;
      }
      const out = branches(action);
      if (
        out.length === 0 &&
        !['TransferContactToQueue', 'TransferToFlow', 'DequeueContactAndTransferToQueue'].includes(
          action.Type,
        )
      ) {
        yield done('dead-end');
        return;
      }
      // Branches that lead to the same state (e.g. a timeout and a no-match to one action) are one path.
      const distinct = new Map(out.map((b) => [keyOf(successor(action, state, b.target, b.error)), b]));
      for (const b of distinct.values()) yield* walk(successor(action, state, b.target, b.error));
    } finally {
      if (action !== undefined && seen < maxVisits) visits.set(id, seen);
      path.pop();
    }
  }

  yield* walk({ action: flow.StartAction, heard: 'none', logging: 'unknown', callback: false });
}

/** Every action reachable from the start (over all branches). */
export function reachableActions(flow: FlowDocument): Set<string> {
  const byId = new Map(flow.Actions.map((a) => [a.Identifier, a]));
  const seen = new Set([flow.StartAction]);
  const queue = [flow.StartAction];
  while (queue.length > 0) {
    const action = byId.get(queue.shift() as string);
    if (action === undefined) continue;
    for (const t of targetsOf(action)) {
      if (!seen.has(t)) {
        seen.add(t);
        queue.push(t);
      }
    }
  }
  return seen;
}
