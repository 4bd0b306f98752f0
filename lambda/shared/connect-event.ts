/**
 * The Amazon Connect contact flow event (Invoke AWS Lambda function block), validated with zod.
 * Only the fields the integrations use are declared; unknown fields are ignored. Every declared
 * value is bounded so that oversize input is refused before any work is done.
 */
import * as z from 'zod/mini';
import type { ContactContext } from '../domain/outcome';

/** Longest parameter value accepted. */
export const MAX_PARAMETER_LENGTH = 1024;

/** Most parameters accepted in one event. */
export const MAX_PARAMETERS = 32;

/** Contact ids are UUIDs; anything id-like and short is accepted (the simulator mints its own). */
export const CONTACT_ID_PATTERN = /^[A-Za-z0-9-]{1,128}$/;

const contactId = z.string().check(z.regex(CONTACT_ID_PATTERN));

const parametersSchema = z
  .record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(MAX_PARAMETER_LENGTH)))
  .check(z.refine((parameters) => Object.keys(parameters).length <= MAX_PARAMETERS));

/** The subset of the Connect event the integrations read. */
export const connectEventSchema = z.object({
  Name: z.literal('ContactFlowEvent'),
  Details: z.object({
    ContactData: z.object({
      ContactId: contactId,
      InitialContactId: z.optional(z.nullable(contactId)),
      Channel: z.optional(z.nullable(z.string().check(z.maxLength(32)))),
      CustomerEndpoint: z.optional(
        z.nullable(
          z.object({
            Address: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
            Type: z.optional(z.nullable(z.string().check(z.maxLength(32)))),
          }),
        ),
      ),
    }),
    Parameters: z.optional(z.nullable(parametersSchema)),
  }),
});

/** A validated event: who is calling and what the flow sent. */
export interface ParsedConnectEvent {
  readonly contact: ContactContext;
  /** Parameters with empty values removed (Connect sends '' for unset attributes). */
  readonly parameters: Readonly<Record<string, string>>;
}

/** A parse failure, described without the offending values (they may be secrets). */
export interface InputProblem {
  readonly path: string;
  readonly issue: string;
}

/** Validates an event; returns the problems (paths and issue codes only) when it is malformed. */
export function parseConnectEvent(
  event: unknown,
):
  | { readonly ok: true; readonly value: ParsedConnectEvent }
  | { readonly ok: false; readonly problems: InputProblem[] } {
  const parsed = connectEventSchema.safeParse(event);
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error.issues) };
  const data = parsed.data.Details.ContactData;
  const parameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.data.Details.Parameters ?? {})) {
    if (value !== '') parameters[key] = value;
  }
  const endpoint = data.CustomerEndpoint;
  return {
    ok: true,
    value: {
      contact: {
        contactId: data.ContactId,
        ...(data.InitialContactId ? { initialContactId: data.InitialContactId } : {}),
        ...(endpoint?.Address && (endpoint.Type ?? 'TELEPHONE_NUMBER') === 'TELEPHONE_NUMBER'
          ? { callerNumber: endpoint.Address }
          : {}),
        ...(data.Channel ? { channel: data.Channel } : {}),
      },
      parameters,
    },
  };
}

/** Issue descriptions safe to log: where and what kind, never the value. */
export function describeIssues(
  issues: ReadonlyArray<{ readonly code: string; readonly path: ReadonlyArray<PropertyKey> }>,
): InputProblem[] {
  return issues.slice(0, 5).map((issue) => ({
    path: issue.path
      .map((segment) => String(segment))
      .join('.')
      .slice(0, 100),
    issue: issue.code,
  }));
}

/** Text parameter bounded in length and matching a pattern. */
export function textParam(pattern: RegExp, maxLength = 64): z.ZodMiniString<string> {
  return z.string().check(z.maxLength(maxLength), z.regex(pattern));
}
