/** The flat string map Connect reads back (`STRING_MAP` response validation). */
import type { Outcome } from '../domain/outcome';

/** What every integration handler returns: flat string values, always with `status`. */
export type IntegrationResponse = Readonly<Record<string, string>> & { readonly status: string };

/** Drops undefined outputs; every value is a string. */
export function toResponse(outcome: Outcome): IntegrationResponse {
  const response: Record<string, string> = { status: outcome.status };
  for (const [key, value] of Object.entries(outcome)) {
    if (value !== undefined) response[key] = String(value);
  }
  return response as IntegrationResponse;
}

/** The answer to malformed input. */
export const INVALID_INPUT: IntegrationResponse = Object.freeze({ status: 'INVALID_INPUT' });

/** The answer when a dependency failed or the time budget ran out. */
export const UNAVAILABLE: IntegrationResponse = Object.freeze({ status: 'UNAVAILABLE' });
