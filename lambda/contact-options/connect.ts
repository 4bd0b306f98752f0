/**
 * Amazon Connect adapters of the contact-options ports:
 *
 * - {@link ConnectQueueMetrics}: `GetCurrentMetricData` filtered by the queues and the VOICE channel,
 *   grouped by queue and channel (the only grouping `ESTIMATED_WAIT_TIME` supports). The estimate is
 *   asked for in its own request so that an instance without it still returns the other metrics;
 *   without an estimate the age of the oldest contact stands in for it.
 * - {@link ConnectCallbacks}: `StartTaskContact` on the web callback flow, which turns the task into a
 *   queued callback (see `lib/omnichannel/callback-flow.ts`).
 */
import {
  ConnectClient,
  GetCurrentMetricDataCommand,
  StartTaskContactCommand,
  type CurrentMetric,
  type CurrentMetricResult,
} from '@aws-sdk/client-connect';
import {
  CALLBACK_INTENT_ATTRIBUTE,
  CALLBACK_QUEUE_ATTRIBUTE,
  CALLBACK_REF_ATTRIBUTE,
} from '../../lib/omnichannel/callback-flow';
import type { CallbackPort, CallbackStart, QueueMetrics, QueueMetricsPort } from '../domain/contact-options';
import { clientConfig, type ClientOptions } from '../shared/aws/http';

/** A Connect client with the integrations' timeouts. */
export function createConnectClient(options: ClientOptions = {}): ConnectClient {
  return new ConnectClient(clientConfig(options));
}

const COUNTS: CurrentMetric[] = [
  { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' },
  { Name: 'AGENTS_ONLINE', Unit: 'COUNT' },
  { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' },
];

const ESTIMATE: CurrentMetric[] = [{ Name: 'ESTIMATED_WAIT_TIME', Unit: 'SECONDS' }];

/** Live queue metrics from Connect. `queueArns` maps the journey's queue ids to Connect queue ARNs. */
export class ConnectQueueMetrics implements QueueMetricsPort {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
    private readonly queueArns: Readonly<Record<string, string>>,
  ) {}

  private async fetch(
    arns: string[],
    metrics: CurrentMetric[],
    signal?: AbortSignal,
  ): Promise<CurrentMetricResult[]> {
    const result = await this.client.send(
      new GetCurrentMetricDataCommand({
        InstanceId: this.instanceId,
        Filters: { Queues: arns, Channels: ['VOICE'] },
        Groupings: ['QUEUE', 'CHANNEL'],
        CurrentMetrics: metrics,
        MaxResults: 100,
      }),
      signal ? { abortSignal: signal } : {},
    );
    return result.MetricResults ?? [];
  }

  async current(queueIds: readonly string[], signal?: AbortSignal): Promise<Record<string, QueueMetrics>> {
    const byArn = new Map<string, string>();
    for (const id of queueIds) {
      const arn = this.queueArns[id];
      if (arn) byArn.set(arn, id);
    }
    if (byArn.size === 0) return {};
    const arns = [...byArn.keys()];
    const [counts, estimates] = await Promise.all([
      this.fetch(arns, COUNTS, signal),
      this.fetch(arns, ESTIMATE, signal).catch(() => [] as CurrentMetricResult[]),
    ]);
    const idOf = (result: CurrentMetricResult): string | undefined => {
      const queue = result.Dimensions?.Queue;
      if (queue?.Arn && byArn.has(queue.Arn)) return byArn.get(queue.Arn);
      if (queue?.Id) {
        for (const [arn, id] of byArn) if (arn.endsWith(`/queue/${queue.Id}`)) return id;
      }
      return undefined;
    };
    const values = new Map<string, Map<string, number>>();
    for (const result of [...counts, ...estimates]) {
      const id = idOf(result);
      if (id === undefined) continue;
      const entry = values.get(id) ?? new Map<string, number>();
      values.set(id, entry);
      for (const collection of result.Collections ?? []) {
        const name = collection.Metric?.Name;
        if (name && typeof collection.Value === 'number' && Number.isFinite(collection.Value)) {
          entry.set(name, collection.Value);
        }
      }
    }
    const out: Record<string, QueueMetrics> = {};
    for (const [id, entry] of values) {
      const wait = entry.get('ESTIMATED_WAIT_TIME') ?? entry.get('OLDEST_CONTACT_AGE');
      const available = entry.get('AGENTS_AVAILABLE');
      const online = entry.get('AGENTS_ONLINE');
      out[id] = {
        ...(wait !== undefined ? { estimatedWaitSeconds: Math.max(0, Math.round(wait)) } : {}),
        ...(available !== undefined ? { agentsAvailable: Math.max(0, Math.round(available)) } : {}),
        ...(online !== undefined ? { agentsOnline: Math.max(0, Math.round(online)) } : {}),
      };
    }
    return out;
  }
}

/** Starts web callbacks as tasks on the web callback flow. */
export class ConnectCallbacks implements CallbackPort {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
    private readonly contactFlowId: string,
  ) {}

  async start(request: CallbackStart, signal?: AbortSignal): Promise<{ contactId: string }> {
    const result = await this.client.send(
      new StartTaskContactCommand({
        InstanceId: this.instanceId,
        ContactFlowId: this.contactFlowId,
        Name: `Web callback: ${request.intent}`,
        Description: `Call back requested on the contact page (${request.intent}, ${request.language}).`,
        // Only an opaque reference: the number stays in the encrypted table, never in contact attributes.
        Attributes: {
          [CALLBACK_REF_ATTRIBUTE]: request.ref,
          [CALLBACK_QUEUE_ATTRIBUTE]: request.queueId,
          [CALLBACK_INTENT_ATTRIBUTE]: request.intent,
          language: request.language,
        },
        ClientToken: request.clientToken,
      }),
      signal ? { abortSignal: signal } : {},
    );
    if (!result.ContactId) throw new Error('StartTaskContact returned no ContactId');
    return { contactId: result.ContactId };
  }
}
