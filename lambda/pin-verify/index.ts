/** pin-verify handler: checks an account PIN (with lockout) and returns an auth token. */
import * as z from 'zod/mini';
import { verifyPin } from '../domain/pin';
import { defaultDocumentClient, DynamoAccountRepository } from '../shared/aws/dynamodb';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { param } from '../shared/parameters';

/** Dependencies of pin-verify. Env: ACCOUNTS_TABLE, MAC_KEY_ID. */
export type PinVerifyDeps = Pick<
  IntegrationDeps,
  'doc' | 'kms' | 'tables' | 'macKeyId' | 'mac' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<PinVerifyDeps> = {}): ConnectIntegrationHandler {
  const deps: PinVerifyDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'pin-verify',
    parameters: z.object({ accountNumber: param.accountNumber, pin: param.pin }),
    ...deps,
    run: (params, contact, signal) =>
      verifyPin(
        {
          accounts: new DynamoAccountRepository(deps.doc, tableName(deps.tables, 'Accounts'), signal),
          mac: macPortFor(deps, signal),
          clock: deps.clock,
        },
        contact,
        params.accountNumber,
        params.pin,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
