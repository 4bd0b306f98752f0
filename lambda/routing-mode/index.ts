/**
 * routing-mode Lambda entry point (asynchronous, invoked by the EventBridge rule on this app's
 * queue alarms). Environment: `ROUTING_TABLE`, `ALARM_PREFIX`, `QUEUE_MODES` (JSON map of queue id
 * to its under-load mode). A bad configuration fails the cold start on purpose: every event then
 * lands in the on-failure queue instead of being routed with a wrong mode.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TABLES } from '../../lib/data/schema';
import { ROUTING_METRICS, routingModeConfigFromEnv, RoutingConfigError } from '../domain/routing-mode';
import { clientConfig } from '../shared/aws/http';
import { createLogger, createMetrics } from '../shared/observability';
import { handleAlarmEvent, type RoutingModeResult } from './handler';
import { DynamoRoutingStateStore } from './store';

const logger = createLogger('routing-mode');
const metrics = createMetrics('routing-mode');

const tableName = process.env[TABLES.RoutingState.envVar];
if (!tableName) throw new RoutingConfigError(`${TABLES.RoutingState.envVar} is not set`);
const config = routingModeConfigFromEnv(process.env);

// Not on a caller's clock: allow slower attempts than the Connect-facing integrations.
const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient(clientConfig({ maxAttempts: 4, requestTimeoutMs: 2000, connectionTimeoutMs: 1000 })),
  { marshallOptions: { removeUndefinedValues: true } },
);
const store = new DynamoRoutingStateStore(doc, tableName);

/** Lambda handler. */
export async function handler(event: unknown): Promise<RoutingModeResult> {
  return handleAlarmEvent(event, {
    config,
    store,
    now: () => Date.now(),
    log: {
      info: (message, attributes) => logger.info(message, attributes),
      warn: (message, attributes) => logger.warn(message, attributes),
    },
    metrics: {
      modeChanged: (queue, mode) => {
        const metric = metrics.singleMetric();
        metric.addDimensions({ queue, mode });
        metric.addMetric(ROUTING_METRICS.modeChanged, MetricUnit.Count, 1);
      },
      eventIgnored: (reason) => {
        const metric = metrics.singleMetric();
        metric.addDimension('reason', reason);
        metric.addMetric(ROUTING_METRICS.eventIgnored, MetricUnit.Count, 1);
      },
    },
  });
}
