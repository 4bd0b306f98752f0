/** callback-number handler: checks a callback number against the outbound policy and the callback limits. */
import * as z from 'zod/mini';
import { CALLBACK_SOURCES, checkCallbackNumber } from '../domain/callback-number';
import { defaultDocumentClient, DynamoOtpStore } from '../shared/aws/dynamodb';
import { defaultKmsClient } from '../shared/aws/kms';
import { textParam } from '../shared/connect-event';
import { baseDeps, tableName, type IntegrationDeps } from '../shared/deps';
import { defineIntegration, type ConnectIntegrationHandler } from '../shared/integration';
import { optional } from '../shared/parameters';
import { pseudonymsFor } from '../shared/pseudonyms';

/**
 * Keyed-in numbers as a Get customer input block stores them: digits, possibly with `*` or `#` or a
 * leading `+`. Anything the policy cannot parse answers REFUSED, not INVALID_INPUT, so the flow can
 * ask again; only oversize or foreign characters are malformed input.
 */
const ENTERED_NUMBER = /^[\d*#+ ()-]{1,32}$/;

/** Dependencies of callback-number. Env: OTP_TABLE, MAC_KEY_ID, OUTBOUND_POLICY, CALLBACK_COUNTRY. */
export type CallbackNumberDeps = Pick<
  IntegrationDeps,
  | 'doc'
  | 'kms'
  | 'tables'
  | 'macKeyId'
  | 'outbound'
  | 'callbackCountry'
  | 'mac'
  | 'clock'
  | 'logger'
  | 'metrics'
  | 'deadlineMs'
>;

/** Builds the handler; missing deps come from the environment and module-scope clients. */
export function createHandler(overrides: Partial<CallbackNumberDeps> = {}): ConnectIntegrationHandler {
  const deps: CallbackNumberDeps = {
    ...baseDeps(),
    doc: overrides.doc ?? defaultDocumentClient(),
    kms: overrides.kms ?? defaultKmsClient(),
    ...overrides,
  };
  return defineIntegration({
    name: 'callback-number',
    parameters: z.object({
      source: z.enum(CALLBACK_SOURCES),
      number: optional(textParam(ENTERED_NUMBER, 32)),
    }),
    ...deps,
    run: (params, contact, signal, signals) =>
      checkCallbackNumber(
        {
          otp: new DynamoOtpStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
          // Derived-key pseudonyms cached per key id, so one KMS call per cold start, not per check.
          pseudonyms: pseudonymsFor(deps, signal),
          clock: deps.clock,
          signals,
        },
        {
          outbound: deps.outbound,
          ...(deps.callbackCountry ? { callbackCountry: deps.callbackCountry } : {}),
        },
        contact,
        params,
      ),
  });
}

/** The Lambda entry point. */
export const handler = createHandler();
