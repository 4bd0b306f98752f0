/** sms-link handler: texts a self-service link for an intent to the calling number, if the policy allows it. */
import * as z from 'zod/mini';
import { sendSelfServiceLink } from '../domain/sms-link';
import { defaultDocumentClient, DynamoOtpStore } from '../shared/aws/dynamodb';
import { defaultKmsClient } from '../shared/aws/kms';
import { defaultSnsClient, smsPortFor } from '../shared/aws/sns';
import { baseDeps, requireSetting, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';
import { pseudonymsFor } from '../shared/pseudonyms';

/**
 * Dependencies of sms-link. Env: OTP_TABLE, MAC_KEY_ID, SELF_SERVICE_BASE_URL, OUTBOUND_POLICY,
 * SMS_SENDER_ID (optional).
 */
export type SmsLinkDeps = Pick<
  IntegrationDeps,
  | 'doc'
  | 'kms'
  | 'sns'
  | 'tables'
  | 'macKeyId'
  | 'smsSenderId'
  | 'selfServiceBaseUrl'
  | 'outbound'
  | 'mac'
  | 'sms'
  | 'clock'
  | 'logger'
  | 'metrics'
  | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<SmsLinkDeps> = {}): ConnectIntegrationHandler {
  const deps: SmsLinkDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    sns: overrides.sns ?? defaultSnsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'sms-link',
    parameters: z.object({ intent: param.intent, language: optional(param.language) }),
    ...deps,
    run: (params, contact, signal, signals) =>
      sendSelfServiceLink(
        {
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          sms: smsPortFor(deps, signal),
          // Derived-key pseudonyms cached per key id, so one KMS call per cold start, not per send.
          pseudonyms: pseudonymsFor(deps, signal),
          clock: deps.clock,
          signals,
        },
        {
          selfServiceBaseUrl: requireSetting(deps.selfServiceBaseUrl, 'SELF_SERVICE_BASE_URL'),
          outbound: deps.outbound,
        },
        contact,
        params,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
