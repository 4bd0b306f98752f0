/**
 * The one place Logger and Metrics are created. Logs go through the redaction layer
 * (`redaction.ts`); metrics are EMF in namespace `ContactCentre` with low-cardinality dimensions
 * only (function and status, never ids, numbers or secrets).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { IntegrationName, SecurityMetric } from '../../lib/integrations/contracts';
import { redactingReplacer } from './redaction';

/** CloudWatch namespace of the integration metrics. */
export const METRICS_NAMESPACE = 'ContactCentre';

/** Name of the count metric emitted once per invocation. */
export const OUTCOME_METRIC = 'Outcome';

/** Name of the latency metric emitted once per invocation. */
export const LATENCY_METRIC = 'Latency';

/** A Logger whose every line passes the redaction layer. `POWERTOOLS_*` variables still apply. */
export function createLogger(serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'contact-centre'): Logger {
  return new Logger({ serviceName, jsonReplacerFn: redactingReplacer });
}

/** EMF metrics in {@link METRICS_NAMESPACE} (unless `POWERTOOLS_METRICS_NAMESPACE` says otherwise). */
export function createMetrics(
  serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'contact-centre',
): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName,
  });
}

/** Module-scope logger shared by the handlers of one bundle. */
export const logger = createLogger();

/** Module-scope metrics shared by the handlers of one bundle. */
export const metrics = createMetrics();

/**
 * Emits one EMF record per invocation: `Outcome` (count) and `Latency` (ms), dimensions function
 * and status. The three calls run synchronously in one tick, so concurrent invocations in one
 * process (tests, the simulator) cannot interleave their dimensions; this is ~10x cheaper than a
 * `singleMetric()` per value, which builds a new Metrics instance each time.
 */
export function recordOutcome(
  target: Metrics,
  name: IntegrationName,
  status: string,
  latencyMs: number,
  signals: readonly SecurityMetric[] = [],
): void {
  target.addDimensions({ function: name, status });
  target.addMetric(OUTCOME_METRIC, MetricUnit.Count, 1);
  target.addMetric(LATENCY_METRIC, MetricUnit.Milliseconds, latencyMs);
  target.publishStoredMetrics();
  publishSecuritySignals(name, signals);
}

/**
 * EMF metrics for security signals: no default dimensions (Powertools adds `service` to every other
 * instance), so each signal carries exactly one dimension, `function`, which the security alarms of
 * the operations stack match (`lib/constructs/security-alarms.ts`).
 */
function createSecurityMetrics(): Metrics {
  const instance = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE });
  instance.clearDefaultDimensions();
  return instance;
}

let securityMetrics: Metrics | undefined;

/**
 * Publishes the security signals of one invocation (counts per metric, dimension `function` only).
 * `name` is the integration name, or `web-callback` for the contact-options API's callback route.
 */
export function publishSecuritySignals(name: string, signals: readonly SecurityMetric[]): void {
  if (signals.length === 0) return;
  securityMetrics ??= createSecurityMetrics();
  const counts = new Map<SecurityMetric, number>();
  for (const metric of signals) counts.set(metric, (counts.get(metric) ?? 0) + 1);
  securityMetrics.addDimensions({ function: name });
  for (const [metric, count] of counts) securityMetrics.addMetric(metric, MetricUnit.Count, count);
  securityMetrics.publishStoredMetrics();
}
