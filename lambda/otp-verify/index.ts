/** otp-verify handler: checks a one-time password and returns an auth token. */
import * as z from 'zod/mini';
import { verifyOtp } from '../domain/otp';
import { defaultDocumentClient, DynamoOtpStore } from '../shared/aws/dynamodb';
import { DynamoGuardStore } from '../shared/aws/guards';
import { defaultKmsClient, macPortFor } from '../shared/aws/kms';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { param } from '../shared/parameters';

/** Dependencies of otp-verify. Env: OTP_TABLE, MAC_KEY_ID. */
export type OtpVerifyDeps = Pick<
  IntegrationDeps,
  'doc' | 'kms' | 'tables' | 'macKeyId' | 'mac' | 'clock' | 'logger' | 'metrics' | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<OtpVerifyDeps> = {}): ConnectIntegrationHandler {
  const deps: OtpVerifyDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'otp-verify',
    parameters: z.object({ customerId: param.customerId, code: param.otpCode }),
    ...deps,
    run: (params, contact, signal, signals) =>
      verifyOtp(
        {
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          guards: new DynamoGuardStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          mac: macPortFor(deps, signal),
          clock: deps.clock,
          signals,
        },
        contact,
        params.customerId,
        params.code,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
