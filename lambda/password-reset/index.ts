/** password-reset handler: verifies an OTP-level token and texts a single-use reset link. */
import * as z from 'zod/mini';
import { sendPasswordReset } from '../domain/password-reset';
import {
  defaultDocumentClient,
  DynamoCustomerRepository,
  DynamoOtpStore,
  DynamoResetGrantStore,
} from '../shared/aws/dynamodb';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { defaultSnsClient, smsPortFor } from '../shared/aws/sns';
import { baseDeps, requireSetting, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';
import { pseudonymsFor } from '../shared/pseudonyms';

/**
 * Dependencies of password-reset. Env: CUSTOMERS_TABLE, OTP_TABLE, MAC_KEY_ID, RESET_BASE_URL,
 * OUTBOUND_POLICY, SMS_SENDER_ID (optional).
 */
export type PasswordResetDeps = Pick<
  IntegrationDeps,
  | 'doc'
  | 'kms'
  | 'sns'
  | 'tables'
  | 'macKeyId'
  | 'smsSenderId'
  | 'resetBaseUrl'
  | 'outbound'
  | 'mac'
  | 'sms'
  | 'clock'
  | 'random'
  | 'logger'
  | 'metrics'
  | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<PasswordResetDeps> = {}): ConnectIntegrationHandler {
  const deps: PasswordResetDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    sns: overrides.sns ?? defaultSnsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'password-reset',
    parameters: z.object({ authToken: param.authToken, language: optional(param.language) }),
    ...deps,
    run: (params, contact, signal, signals) =>
      sendPasswordReset(
        {
          customers: new DynamoCustomerRepository(deps.doc, tableName(deps.tables, 'Customers'), signal),
          grants: new DynamoResetGrantStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          pseudonyms: pseudonymsFor(deps, signal),
          mac: macPortFor(deps, signal),
          sms: smsPortFor(deps, signal),
          clock: deps.clock,
          random: deps.random,
          signals,
        },
        { resetBaseUrl: requireSetting(deps.resetBaseUrl, 'RESET_BASE_URL'), outbound: deps.outbound },
        contact,
        params,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
