/**
 * web-callback: invoked by the web callback contact flow with the task's opaque reference; claims the
 * pending callback (single use, 15-minute life) and returns the number as an external attribute for
 * `UpdateContactCallbackNumber`, so the number never lands in contact attributes.
 *
 * Answers `status` FOUND (with `callbackNumber` and `queue`), NOT_FOUND, INVALID_INPUT or UNAVAILABLE;
 * the flow ends the task on anything but FOUND.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RESOLVE_TIME_LIMIT_SECONDS } from '../../lib/omnichannel/callback-flow';
import { CALLBACK_REF_PATTERN, claimCallback } from '../domain/contact-options';
import type { Clock } from '../domain/ports';
import { defaultDocumentClient } from '../shared/aws/dynamodb';
import { parseConnectEvent } from '../shared/connect-event';
import { withDeadline } from '../shared/deadline';
import { baseDeps, tableName, type TableNames } from '../shared/deps';
import { DynamoCallbackStore } from '../contact-options/store';

/** Dependencies of web-callback. Env: OTP_TABLE. */
export interface WebCallbackDeps {
  readonly doc: DynamoDBDocumentClient;
  readonly tables: TableNames;
  readonly clock: Clock;
  readonly logger: Logger;
  /** @default the flow's time limit minus 400 ms */
  readonly deadlineMs?: number;
}

/** The flat string map the flow reads. */
export type WebCallbackResponse = Readonly<Record<string, string>> & { readonly status: string };

/** Builds the handler; missing deps come from the environment. */
export function createHandler(
  overrides: Partial<WebCallbackDeps> = {},
): (event: unknown) => Promise<WebCallbackResponse> {
  const base = baseDeps();
  const deps: WebCallbackDeps = {
    tables: base.tables,
    clock: base.clock,
    logger: base.logger,
    doc: overrides.doc ?? defaultDocumentClient(),
    ...overrides,
  };
  return async (event) => {
    const started = Date.now();
    const parsed = parseConnectEvent(event);
    const ref = parsed.ok ? parsed.value.parameters.ref : undefined;
    let response: WebCallbackResponse;
    if (!parsed.ok || ref === undefined || !CALLBACK_REF_PATTERN.test(ref)) {
      response = { status: 'INVALID_INPUT' };
    } else {
      try {
        response = await withDeadline(deps.deadlineMs ?? RESOLVE_TIME_LIMIT_SECONDS * 1000 - 400, (signal) =>
          claimCallback(
            new DynamoCallbackStore(deps.doc, tableName(deps.tables, 'OtpChallenges'), signal),
            deps.clock,
            ref,
          ),
        );
      } catch (error) {
        deps.logger.error('claim failed', { error: error instanceof Error ? error.name : 'unknown' });
        response = { status: 'UNAVAILABLE' };
      }
    }
    // The number is never logged (and the redaction layer would mask it anyway).
    deps.logger.info('web callback claim', {
      status: response.status,
      contactId: parsed.ok ? parsed.value.contact.contactId : undefined,
      latencyMs: Date.now() - started,
    });
    return response;
  };
}

/** The Lambda entry point. */
export const handler = createHandler();
