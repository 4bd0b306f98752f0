/** order-status handler: verifies the auth token, returns an order's status for speech. */
import * as z from 'zod/mini';
import { lookupOrderStatus } from '../domain/order-status';
import { defaultDocumentClient, DynamoOrderRepository } from '../shared/aws/dynamodb';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';

/** Dependencies of order-status. Env: ORDERS_TABLE, MAC_KEY_ID. */
export type OrderStatusDeps = Pick<
  IntegrationDeps,
  'doc' | 'kms' | 'tables' | 'macKeyId' | 'mac' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<OrderStatusDeps> = {}): ConnectIntegrationHandler {
  const deps: OrderStatusDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'order-status',
    parameters: z.object({
      authToken: param.authToken,
      orderId: param.orderId,
      language: optional(param.language),
    }),
    ...deps,
    run: (params, contact, signal) =>
      lookupOrderStatus(
        {
          orders: new DynamoOrderRepository(deps.doc, tableName(deps.tables, 'Orders'), signal),
          mac: macPortFor(deps, signal),
          clock: deps.clock,
        },
        contact,
        params,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
