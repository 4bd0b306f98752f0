/**
 * Lints: this project's policy on top of what Connect enforces. Connect accepts all of these; the
 * product's own compiled flows still fail the synth on any of them (strict mode).
 */
import { isObject, type Json, type ParsedAction, type Report } from './parse';

// Twelve digits on their own; a leading + makes it an E.164 phone number instead.
const ACCOUNT_ID = /(^|[^\d+])\d{12}(\D|$)/;
/** Unresolved CDK tokens (`${Token[TOKEN.123]}`): references, whatever digits they carry. */
const CDK_TOKEN = /\$\{Token\[[^\]]*\]\}/g;
const LITERAL_ARN = /(^|[^A-Za-z0-9])arn:/;

/** Every string leaf of a JSON value, with its path. */
export function* stringLeaves(value: Json, path: string): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') yield { path, value };
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* stringLeaves(v, `${path}[${i}]`);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) yield* stringLeaves(v, `${path}.${k}`);
}

/** Literal ARNs and account ids in parameters (`literal-arn`, `hard-coded-account`). */
export function checkResourceReferences(action: ParsedAction, report: Report): void {
  for (const leaf of stringLeaves(action.parameters, 'Parameters')) {
    const value = leaf.value.replace(CDK_TOKEN, '');
    if (LITERAL_ARN.test(value)) {
      report(
        'literal-arn',
        `has a literal ARN in ${leaf.path}; pass resources as references (CDK tokens, or names from flows:import)`,
        action.id,
      );
    } else if (ACCOUNT_ID.test(value)) {
      report(
        'hard-coded-account',
        `has a 12-digit account id in ${leaf.path}; pass resources as references (CDK tokens)`,
        action.id,
      );
    }
  }
}

/** Stored customer input copied into persisted contact attributes (`stored-input-in-attributes`). */
export function checkSensitiveInput(action: ParsedAction, report: Report): void {
  const maps: [string, Json | undefined][] = [
    [
      'contact attribute',
      action.type === 'UpdateContactAttributes' ? action.parameters.Attributes : undefined,
    ],
    ['task attribute', action.type === 'CreateTask' ? action.parameters.Attributes : undefined],
  ];
  for (const [what, map] of maps) {
    if (!isObject(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      if (typeof value === 'string' && value.includes('$.StoredCustomerInput')) {
        report(
          'stored-input-in-attributes',
          `copies $.StoredCustomerInput into ${what} '${key}', which is persisted on the contact record`,
          action.id,
        );
      }
    }
  }
}
