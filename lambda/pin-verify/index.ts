/** pin-verify handler: checks an account PIN (with guessing limits) and returns an auth token. */
import * as z from 'zod/mini';
import { verifyPin } from '../domain/pin';
import { defaultDocumentClient, DynamoAccountRepository } from '../shared/aws/dynamodb';
import { DynamoGuardStore } from '../shared/aws/guards';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { pseudonymsFor } from '../shared/pseudonyms';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { textParam } from '../shared/connect-event';
import { optional, param } from '../shared/parameters';

/** Dependencies of pin-verify. Env: ACCOUNTS_TABLE, OTP_TABLE (guards), MAC_KEY_ID. */
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
    parameters: z.object({
      accountNumber: param.accountNumber,
      pin: param.pin,
      // Empty when the caller's number matched nobody (the flow passes the attribute as it is).
      callerCustomerId: optional(textParam(/^(?:[A-Za-z0-9_-]{1,64})?$/)),
    }),
    ...deps,
    run: (params, contact, signal, signals) =>
      verifyPin(
        {
          accounts: new DynamoAccountRepository(deps.doc, tableName(deps.tables, 'Accounts'), signal),
          guards: new DynamoGuardStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          pseudonyms: pseudonymsFor(deps, signal),
          mac: macPortFor(deps, signal),
          clock: deps.clock,
          signals,
        },
        contact,
        params.accountNumber,
        params.pin,
        params.callerCustomerId || undefined,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
