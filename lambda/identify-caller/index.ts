/** identify-caller handler: Connect event -> customer lookup by caller number -> flat map. */
import * as z from 'zod/mini';
import { identifyCaller } from '../domain/identify-caller';
import {
  defaultDocumentClient,
  DynamoCustomerRepository,
  DynamoOrderRepository,
} from '../shared/aws/dynamodb';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';

/** Dependencies of identify-caller. Env: CUSTOMERS_TABLE, ORDERS_TABLE, JOURNEY_LANGUAGES. */
export type IdentifyCallerDeps = Pick<
  IntegrationDeps,
  'doc' | 'tables' | 'journeyLanguages' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<IdentifyCallerDeps> = {}): ConnectIntegrationHandler {
  const deps: IdentifyCallerDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'identify-caller',
    parameters: z.object({}),
    ...deps,
    run: (_params, contact, signal) =>
      identifyCaller(
        {
          customers: new DynamoCustomerRepository(deps.doc, tableName(deps.tables, 'Customers'), signal),
          orders: new DynamoOrderRepository(deps.doc, tableName(deps.tables, 'Orders'), signal),
        },
        contact.callerNumber,
        deps.journeyLanguages,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
