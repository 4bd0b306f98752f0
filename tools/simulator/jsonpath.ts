/**
 * The flow run data a flow's JSONPath references read (`$.Attributes.x`, `$.External.status`, ...),
 * and the two ways Connect uses them: a parameter that is a single reference takes the referenced
 * value; text (a prompt) may embed references, each replaced by its value.
 *
 * Only the namespaces the product uses are modelled; any other reference stops the call with an
 * `unsupported-reference` error naming it, rather than silently reading nothing.
 */
import { SimulationError } from './errors';

/** Queue metrics as `GetMetricData` exposes them under `$.Metrics`. */
export interface MetricsData {
  readonly Queue: Readonly<Record<string, string>>;
  readonly Agents: Readonly<Record<string, { readonly Count: string }>>;
}

/** The flow run data of one contact in one flow. */
export interface FlowData {
  readonly contactId: string;
  readonly initialContactId: string;
  readonly channel: 'VOICE';
  /** Contact attributes (persisted, shared by every flow of the contact). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Flow attributes (this flow run only). */
  readonly flowAttributes: Readonly<Record<string, string>>;
  /** Result of the most recent successful Lambda invocation. */
  readonly external: unknown;
  readonly storedCustomerInput: string | undefined;
  readonly customerEndpoint: { readonly Address: string; readonly Type: 'TELEPHONE_NUMBER' } | undefined;
  readonly systemEndpoint: { readonly Address: string; readonly Type: 'TELEPHONE_NUMBER' };
  readonly metrics: MetricsData | undefined;
  /** The contact's queue (target queue, or the queue it is in). */
  readonly queue: { readonly ARN: string; readonly Name: string } | undefined;
  readonly languageCode: string | undefined;
}

/** A reference's value: a string, or missing. */
export type Lookup = { readonly found: true; readonly value: string } | { readonly found: false };

const MISSING: Lookup = { found: false };
const PATH = /^\$\.[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
/** A reference embedded in text: `$.` then dot-separated names (a trailing full stop is not part of it). */
const EMBEDDED_WITH_SPACE = /(\$\.[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*)( (?=[.,]))?/g;

/** Whether a parameter value is one whole JSONPath reference (dynamic) rather than static text. */
export function isReference(value: string): boolean {
  return value.startsWith('$.') && PATH.test(value);
}

function scalar(value: unknown): Lookup {
  if (value === undefined || value === null) return MISSING;
  if (typeof value === 'string') return { found: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { found: true, value: String(value) };
  return { found: true, value: JSON.stringify(value) };
}

function walk(root: unknown, parts: readonly string[]): Lookup {
  let node: unknown = root;
  for (const part of parts) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return MISSING;
    if (!Object.prototype.hasOwnProperty.call(node, part)) return MISSING;
    node = (node as Record<string, unknown>)[part];
  }
  return scalar(node);
}

function one(record: Readonly<Record<string, string>>, parts: readonly string[]): Lookup {
  if (parts.length !== 1) return MISSING;
  const key = parts[0] as string;
  return Object.prototype.hasOwnProperty.call(record, key)
    ? { found: true, value: record[key] as string }
    : MISSING;
}

/**
 * Reads one reference. `where` names the flow and action for the error.
 * @throws SimulationError (`unsupported-reference`) for a namespace the simulator does not model
 */
export function lookup(
  data: FlowData,
  reference: string,
  where: { flow?: string; action?: string } = {},
): Lookup {
  if (!PATH.test(reference)) {
    throw new SimulationError(
      'unsupported-reference',
      `'${reference}' is not a dotted JSONPath the simulator understands`,
      where.flow,
      where.action,
    );
  }
  const [root, ...rest] = reference.slice(2).split('.') as [string, ...string[]];
  switch (root) {
    case 'Attributes':
      return one(data.attributes, rest);
    case 'FlowAttributes':
      return one(data.flowAttributes, rest);
    case 'External':
      return rest.length === 0 ? MISSING : walk(data.external, rest);
    case 'StoredCustomerInput':
      return rest.length === 0 && data.storedCustomerInput !== undefined
        ? { found: true, value: data.storedCustomerInput }
        : MISSING;
    case 'CustomerEndpoint':
      return walk(data.customerEndpoint, rest);
    case 'SystemEndpoint':
      return walk(data.systemEndpoint, rest);
    case 'ContactId':
      return rest.length === 0 ? { found: true, value: data.contactId } : MISSING;
    case 'InitialContactId':
      return rest.length === 0 ? { found: true, value: data.initialContactId } : MISSING;
    case 'Channel':
      return rest.length === 0 ? { found: true, value: data.channel } : MISSING;
    case 'LanguageCode':
      return rest.length === 0 && data.languageCode ? { found: true, value: data.languageCode } : MISSING;
    case 'Metrics':
      return walk(data.metrics, rest);
    case 'Queue':
      return walk(data.queue, rest);
    default:
      throw new SimulationError(
        'unsupported-reference',
        `'${reference}' reads $.${root}, a namespace the simulator does not model`,
        where.flow,
        where.action,
      );
  }
}

/** A parameter value: a single reference is looked up; anything else is static text. */
export function resolveValue(
  data: FlowData,
  value: string,
  where: { flow?: string; action?: string } = {},
): Lookup {
  return isReference(value) ? lookup(data, value, where) : { found: true, value };
}

/** Text with every embedded reference replaced by its value (missing ones by nothing, and listed). */
export function interpolate(
  data: FlowData,
  text: string,
  where: { flow?: string; action?: string } = {},
): { readonly text: string; readonly missing: readonly string[] } {
  const missing: string[] = [];
  // The compiler writes `$.External.balance .` so the full stop is not read as part of the path:
  // that one space goes with the reference.
  const out = text.replace(
    EMBEDDED_WITH_SPACE,
    (_whole: string, reference: string, space: string | undefined) => {
      const hit = lookup(data, reference, where);
      if (hit.found) return hit.value;
      missing.push(reference);
      return space === undefined ? '' : ' ';
    },
  );
  return { text: out.replace(/ {2,}/g, ' ').trim(), missing };
}
