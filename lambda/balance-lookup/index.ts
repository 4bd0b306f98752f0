/** balance-lookup handler: verifies the auth token, returns a balance formatted for speech. */
import * as z from 'zod/mini';
import { lookupBalance } from '../domain/balance';
import { defaultDocumentClient, DynamoAccountRepository } from '../shared/aws/dynamodb';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';

/** Dependencies of balance-lookup. Env: ACCOUNTS_TABLE, MAC_KEY_ID. */
export type BalanceLookupDeps = Pick<
  IntegrationDeps,
  'doc' | 'kms' | 'tables' | 'macKeyId' | 'mac' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<BalanceLookupDeps> = {}): ConnectIntegrationHandler {
  const deps: BalanceLookupDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'balance-lookup',
    parameters: z.object({
      authToken: param.authToken,
      accountNumber: optional(param.accountNumber),
      language: optional(param.language),
    }),
    ...deps,
    run: (params, contact, signal) =>
      lookupBalance(
        {
          accounts: new DynamoAccountRepository(deps.doc, tableName(deps.tables, 'Accounts'), signal),
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
