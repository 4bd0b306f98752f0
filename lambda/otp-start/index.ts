/** otp-start handler: texts a one-time password to the customer's registered number. */
import * as z from 'zod/mini';
import { startOtp } from '../domain/otp';
import { defaultDocumentClient, DynamoCustomerRepository, DynamoOtpStore } from '../shared/aws/dynamodb';
import { DynamoGuardStore } from '../shared/aws/guards';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { defaultSnsClient, smsPortFor } from '../shared/aws/sns';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { param } from '../shared/parameters';
import { pseudonymsFor } from '../shared/pseudonyms';

/**
 * Dependencies of otp-start. Env: CUSTOMERS_TABLE, OTP_TABLE, MAC_KEY_ID, OUTBOUND_POLICY,
 * SMS_SENDER_ID (optional).
 */
export type OtpStartDeps = Pick<
  IntegrationDeps,
  | 'doc'
  | 'kms'
  | 'sns'
  | 'tables'
  | 'macKeyId'
  | 'smsSenderId'
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
export function createHandler(overrides: Partial<OtpStartDeps> = {}): ConnectIntegrationHandler {
  const deps: OtpStartDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    sns: overrides.sns ?? defaultSnsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'otp-start',
    parameters: z.object({ customerId: param.customerId }),
    ...deps,
    run: (params, contact, signal, signals) =>
      startOtp(
        {
          customers: new DynamoCustomerRepository(deps.doc, tableName(deps.tables, 'Customers'), signal),
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          guards: new DynamoGuardStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          pseudonyms: pseudonymsFor(deps, signal),
          mac: macPortFor(deps, signal),
          sms: smsPortFor(deps, signal),
          clock: deps.clock,
          random: deps.random,
          signals,
        },
        { outbound: deps.outbound },
        contact,
        params.customerId,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
