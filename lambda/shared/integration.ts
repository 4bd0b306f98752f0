/**
 * The adapter every integration handler is made of: parse the Connect event (zod) -> run the
 * domain function under the deadline guard -> flat string map with a `status` from the contract.
 * It never throws: malformed input is INVALID_INPUT, any infrastructure failure or a blown time
 * budget is UNAVAILABLE (or the function's own fallback), and the status is checked against
 * `statusesOf(name)` so a handler cannot answer something the flow does not branch on.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { INTEGRATIONS, statusesOf, type IntegrationName } from '../../lib/integrations/contracts';
import type { SecurityMetric } from '../../lib/integrations/contracts';
import type { SignalSink } from '../domain/guess-guard';
import type { ContactContext, Outcome } from '../domain/outcome';
import type { Clock } from '../domain/ports';
import { describeIssues, parseConnectEvent, type InputProblem } from './connect-event';
import { DeadlineExceededError, withDeadline } from './deadline';
import { recordOutcome } from './observability';
import { INVALID_INPUT, toResponse, UNAVAILABLE, type IntegrationResponse } from './response';

/** Time kept back from the flow's limit for the invoke round trip and Lambda overhead (ms). */
export const DEADLINE_MARGIN_MS = 400;

/** Smallest budget ever given to the work (ms). */
const MIN_BUDGET_MS = 250;

/** Cold-start time counted against the first invocation at most (ms). */
const MAX_COLD_START_CHARGE_MS = 1000;

const moduleLoadedAt = Date.now();

/** The part of the Lambda context the handlers read. */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
}

/** A Connect integration handler: any input in, a flat string map with `status` out, never a throw. */
export type ConnectIntegrationHandler = (
  event: unknown,
  context?: LambdaContextLike,
) => Promise<IntegrationResponse>;

/** What a parameter schema must offer (a zod or zod/mini object schema does). */
export interface ParameterSchema<P> {
  safeParse(input: unknown):
    | { readonly success: true; readonly data: P }
    | {
        readonly success: false;
        readonly error: { readonly issues: ReadonlyArray<{ code: string; path: PropertyKey[] }> };
      };
}

/** One integration: its contract name, parameters and domain call. */
export interface IntegrationSpec<P> {
  readonly name: IntegrationName;
  readonly parameters: ParameterSchema<P>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  /** @default the contract's timeLimitSeconds * 1000 - DEADLINE_MARGIN_MS */
  readonly deadlineMs?: number;
  /**
   * The domain call; `signal` aborts when the budget runs out; `signals` counts security signals,
   * published with the outcome metrics of the invocation.
   */
  readonly run: (
    params: P,
    contact: ContactContext,
    signal: AbortSignal,
    signals: SignalSink,
  ) => Promise<Outcome>;
  /**
   * Answer when the work failed or ran out of time.
   * @default UNAVAILABLE
   */
  readonly fallback?: () => Outcome;
}

/** The default time budget of an integration (ms). */
export function defaultBudgetMs(name: IntegrationName): number {
  return INTEGRATIONS[name].timeLimitSeconds * 1000 - DEADLINE_MARGIN_MS;
}

/** Builds the handler for an integration. */
export function defineIntegration<P>(spec: IntegrationSpec<P>): ConnectIntegrationHandler {
  const allowed = new Set(statusesOf(spec.name));
  let firstInvocation = true;

  const budgetFor = (startedAt: number, context: LambdaContextLike | undefined): number => {
    let budget = spec.deadlineMs ?? defaultBudgetMs(spec.name);
    if (firstInvocation && spec.deadlineMs === undefined) {
      // Connect's timer started before this environment initialised: charge the init time.
      const sinceLoad = startedAt - moduleLoadedAt;
      if (sinceLoad < 2 * MAX_COLD_START_CHARGE_MS) budget -= Math.min(sinceLoad, MAX_COLD_START_CHARGE_MS);
    }
    const remaining = context?.getRemainingTimeInMillis?.();
    if (typeof remaining === 'number' && Number.isFinite(remaining))
      budget = Math.min(budget, remaining - 200);
    return Math.max(MIN_BUDGET_MS, budget);
  };

  const finish = (
    response: IntegrationResponse,
    startedAt: number,
    contactId: string | undefined,
    coldStart: boolean,
    extra: Record<string, unknown> = {},
    signals: readonly SecurityMetric[] = [],
  ): IntegrationResponse => {
    const latencyMs = Date.now() - startedAt;
    try {
      spec.logger.info('integration outcome', {
        function: spec.name,
        status: response.status,
        latencyMs,
        contactId,
        coldStart,
        ...extra,
      });
      recordOutcome(spec.metrics, spec.name, response.status, latencyMs, signals);
    } catch {
      // Telemetry must never change the answer.
    }
    return response;
  };

  const invalid = (
    startedAt: number,
    contactId: string | undefined,
    cold: boolean,
    problems: InputProblem[],
  ) => finish(INVALID_INPUT, startedAt, contactId, cold, { problems });

  return async (event, context) => {
    const startedAt = Date.now();
    const coldStart = firstInvocation;
    let contactId: string | undefined;
    try {
      const parsed = parseConnectEvent(event);
      if (!parsed.ok) return invalid(startedAt, undefined, coldStart, parsed.problems);
      contactId = parsed.value.contact.contactId;
      const params = spec.parameters.safeParse(parsed.value.parameters);
      if (!params.success) {
        return invalid(startedAt, contactId, coldStart, describeIssues(params.error.issues));
      }
      const budget = budgetFor(startedAt, context);
      firstInvocation = false;
      let outcome: Outcome;
      const emitted: SecurityMetric[] = [];
      const sink: SignalSink = { count: (metric) => void emitted.push(metric) };
      try {
        outcome = await withDeadline(budget, (signal) =>
          spec.run(params.data, parsed.value.contact, signal, sink),
        );
      } catch (error) {
        return failed(error, startedAt, contactId, coldStart, budget, emitted);
      }
      const response = toResponse(outcome);
      if (!allowed.has(response.status)) {
        return failed(
          new Error(`status ${response.status} is not in the contract`),
          startedAt,
          contactId,
          coldStart,
        );
      }
      return finish(response, startedAt, contactId, coldStart, {}, emitted);
    } catch (error) {
      return failed(error, startedAt, contactId, coldStart);
    } finally {
      firstInvocation = false;
    }
  };

  function failed(
    error: unknown,
    startedAt: number,
    contactId: string | undefined,
    coldStart: boolean,
    budgetMs?: number,
    signals: readonly SecurityMetric[] = [],
  ): IntegrationResponse {
    let response: IntegrationResponse = UNAVAILABLE;
    try {
      if (spec.fallback) response = toResponse(spec.fallback());
    } catch {
      response = UNAVAILABLE;
    }
    const name = error instanceof Error ? error.name : typeof error;
    const message = error instanceof Error ? error.message.slice(0, 300) : '';
    try {
      spec.logger.error('integration dependency failed', {
        function: spec.name,
        contactId,
        errorName: name,
        errorMessage: message,
        timedOut: error instanceof DeadlineExceededError,
        ...(budgetMs === undefined ? {} : { budgetMs }),
      });
    } catch {
      // Telemetry must never change the answer.
    }
    return finish(response, startedAt, contactId, coldStart, {}, signals);
  }
}
