/**
 * routing-context handler: routing mode per queue and the current announcement. Routing must never
 * block calls, so when the state cannot be read in time it answers OK with every known queue
 * NORMAL, no announcement and `degraded = 'true'` (never UNAVAILABLE for a dependency failure).
 */
import * as z from 'zod/mini';
import { degradedRoutingContext, routingContext } from '../domain/routing';
import { defaultDocumentClient, DynamoRoutingStateRepository } from '../shared/aws/dynamodb';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';

/** Dependencies of routing-context. Env: ROUTING_TABLE, ROUTING_QUEUE_IDS (optional). */
export type RoutingContextDeps = Pick<
  IntegrationDeps,
  'doc' | 'tables' | 'routingQueues' | 'holidayMessages' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<RoutingContextDeps> = {}): ConnectIntegrationHandler {
  const deps: RoutingContextDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'routing-context',
    parameters: z.object({ language: optional(param.language) }),
    ...deps,
    run: async (params, _contact, signal) => {
      const items = await new DynamoRoutingStateRepository(
        deps.doc,
        tableName(deps.tables, 'RoutingState'),
        signal,
      ).all();
      return routingContext(
        items,
        params.language,
        deps.clock.now(),
        deps.routingQueues,
        deps.holidayMessages,
      );
    },
    fallback: () => degradedRoutingContext(deps.routingQueues),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
