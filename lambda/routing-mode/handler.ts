/**
 * The routing-mode adapter: EventBridge alarm state change -> {@link applyAlarmEvent} -> conditional
 * write. Bad input (malformed, foreign, unknown alarm or queue, duplicate, stale) is logged, counted
 * and answered with `IGNORED`; only infrastructure failures throw, so Lambda's asynchronous retries
 * and the on-failure destination handle exactly those.
 */
import {
  applyAlarmEvent,
  parseAlarmEvent,
  routeEvent,
  type IgnoreReason,
  type RoutingModeConfig,
} from '../domain/routing-mode';
import type { RoutingMode } from '../../lib/integrations/contracts';
import type { RoutingStateStore } from './store';

/** Attempts of the read-apply-write cycle before giving up on write contention. */
export const MAX_WRITE_ATTEMPTS = 5;

/** Structured log lines (the Powertools logger in production). */
export interface RoutingLog {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** Metrics of the loop (EMF in production, see `ROUTING_METRICS`). */
export interface RoutingMetrics {
  modeChanged(queue: string, mode: RoutingMode): void;
  eventIgnored(reason: IgnoreReason): void;
}

/** What the handler needs. */
export interface RoutingModeDeps {
  readonly config: RoutingModeConfig;
  readonly store: RoutingStateStore;
  readonly log: RoutingLog;
  readonly metrics: RoutingMetrics;
  /** Epoch ms. */
  readonly now: () => number;
}

/** What one invocation did (returned for tests and the async on-success record). */
export type RoutingModeResult =
  | { readonly status: 'IGNORED'; readonly reason: IgnoreReason; readonly queue?: string }
  | {
      readonly status: 'APPLIED';
      readonly queue: string;
      readonly mode: RoutingMode;
      readonly changed: boolean;
      readonly effectiveMode: RoutingMode;
    };

/** Write contention did not settle within {@link MAX_WRITE_ATTEMPTS}; Lambda retries the event. */
export class RoutingWriteConflictError extends Error {
  constructor(queue: string) {
    super(`routing state of queue ${queue} kept changing during ${MAX_WRITE_ATTEMPTS} attempts`);
    this.name = 'RoutingWriteConflictError';
  }
}

function ignore(
  deps: RoutingModeDeps,
  reason: IgnoreReason,
  detail: string,
  extra: Record<string, unknown>,
  queue?: string,
): RoutingModeResult {
  deps.log.warn('alarm event ignored', { reason, detail, ...(queue ? { queue } : {}), ...extra });
  deps.metrics.eventIgnored(reason);
  return queue ? { status: 'IGNORED', reason, queue } : { status: 'IGNORED', reason };
}

/** Handles one event. Throws only for infrastructure failures. */
export async function handleAlarmEvent(raw: unknown, deps: RoutingModeDeps): Promise<RoutingModeResult> {
  const parsed = parseAlarmEvent(raw);
  if (!parsed.ok) return ignore(deps, parsed.reason, parsed.detail, {});
  const event = parsed.event;
  const context = { alarm: event.alarmName, state: event.state, eventId: event.eventId };
  const route = routeEvent(deps.config, event);
  if (!route.ok) return ignore(deps, route.reason, route.detail, context, route.queue);

  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
    const current = await deps.store.get(route.queueId);
    const transition = applyAlarmEvent(deps.config, current, event, deps.now());
    if (transition.kind === 'ignored') {
      return ignore(deps, transition.reason, transition.detail, context, transition.queue);
    }
    if (!(await deps.store.write(transition.update, current?.version))) continue;

    const { update } = transition;
    const attributes = {
      ...context,
      queue: update.queue,
      mode: update.mode,
      previousMode: transition.previousMode,
      effectiveMode: transition.effectiveMode,
      overrideActive: transition.overrideActive,
      alarmsInAlarm: update.alarmsInAlarm,
      since: update.since,
      reason: update.reason,
      attempt,
    };
    if (transition.changed) {
      deps.log.info('routing mode changed', attributes);
      deps.metrics.modeChanged(update.queue, update.mode);
    } else {
      deps.log.info('alarm applied, routing mode unchanged', attributes);
    }
    return {
      status: 'APPLIED',
      queue: update.queue,
      mode: update.mode,
      changed: transition.changed,
      effectiveMode: transition.effectiveMode,
    };
  }
  throw new RoutingWriteConflictError(route.queueId);
}
