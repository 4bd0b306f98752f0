/** sms-link handler: texts a self-service link for an intent to the calling (mobile) number. */
import * as z from 'zod/mini';
import { sendSelfServiceLink } from '../domain/sms-link';
import { defaultDocumentClient, DynamoOtpStore } from '../shared/aws/dynamodb';
import { defaultSnsClient, smsPortFor } from '../shared/aws/sns';
import { baseDeps, requireSetting, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional, param } from '../shared/parameters';

/** Dependencies of sms-link. Env: OTP_TABLE, SELF_SERVICE_BASE_URL, SMS_SENDER_ID (optional). */
export type SmsLinkDeps = Pick<
  IntegrationDeps,
  | 'doc'
  | 'sns'
  | 'tables'
  | 'smsSenderId'
  | 'selfServiceBaseUrl'
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
    sns: overrides.sns ?? defaultSnsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'sms-link',
    parameters: z.object({ intent: param.intent, language: optional(param.language) }),
    ...deps,
    run: (params, contact, signal) =>
      sendSelfServiceLink(
        {
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          sms: smsPortFor(deps, signal),
          clock: deps.clock,
        },
        { selfServiceBaseUrl: requireSetting(deps.selfServiceBaseUrl, 'SELF_SERVICE_BASE_URL') },
        contact,
        params,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
