/**
 * The runbook of every alarm kind and the alarm description that links it. Every alarm the
 * operations stack creates names its runbook (`Runbook: docs/runbooks/<kind>.md`), and a test checks
 * that each named file exists. This module must not import aws-cdk-lib (tests and tools read it).
 */

/** Alarm kinds, one runbook each. */
export const RUNBOOK_KINDS = [
  'queue-wait',
  'queue-size',
  'flow-errors',
  'flow-fatal-errors',
  'throttled-calls',
  'concurrency-quota',
  'missed-calls',
  'concurrent-calls',
  'lambda-errors',
  'lambda-throttles',
  'lambda-latency',
  'dynamodb-throttles',
  'dynamodb-system-errors',
  'callers-affected',
  'routing-mode-failures',
  'security-auth-failures',
  'security-auth-lockouts',
  'security-auth-hard-locks',
  'security-rate-limited',
  'security-budget-exhausted',
  'security-number-refusals',
  'security-sms-volume',
  'security-callback-volume',
  'security-sms-spend',
] as const;
export type RunbookKind = (typeof RUNBOOK_KINDS)[number];

/** Runbook kinds of the security alarms; their runbooks also say how to tell an attack from a fault. */
export const SECURITY_RUNBOOK_KINDS: readonly RunbookKind[] = RUNBOOK_KINDS.filter((kind) =>
  kind.startsWith('security-'),
);

/** Folder of the runbooks, relative to the repository root. */
export const RUNBOOK_DIR = 'docs/runbooks';

/** Repository-relative path of a runbook. */
export function runbookPath(kind: RunbookKind): string {
  return `${RUNBOOK_DIR}/${kind}.md`;
}

/** Pattern finding the runbook reference in an alarm description. */
export const RUNBOOK_REFERENCE = /Runbook: (docs\/runbooks\/[a-z0-9-]+\.md)/;

/** Longest alarm description CloudWatch accepts. */
const MAX_DESCRIPTION = 1024;

/**
 * An alarm description: what the alarm means, then `Runbook: docs/runbooks/<kind>.md` and, when a
 * base URL is configured (e.g. the repository's web view), the full link.
 */
export function alarmDescription(summary: string, kind: RunbookKind, baseUrl?: string): string {
  const path = runbookPath(kind);
  const link = baseUrl ? ` (${baseUrl.replace(/\/+$/, '')}/${path})` : '';
  const tail = ` Runbook: ${path}${link}`;
  return `${summary.slice(0, MAX_DESCRIPTION - tail.length)}${tail}`;
}
