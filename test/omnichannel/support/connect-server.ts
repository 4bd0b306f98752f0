/**
 * A loopback stand-in for the two Amazon Connect operations the contact-options adapters call, over
 * Connect's REST-JSON protocol, so the real SDK client and its serialisation are exercised:
 * `PUT /contact/task` (StartTaskContact) and `POST /metrics/current/{InstanceId}`
 * (GetCurrentMetricData). It records every request and can be told to fail.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One recorded request. */
export interface ConnectCall {
  readonly operation: 'StartTaskContact' | 'GetCurrentMetricData';
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** Per-queue metric values the server answers with (by queue ARN). */
export type QueueMetricValues = Record<string, Partial<Record<string, number>>>;

/** A running stand-in. */
export interface ConnectServer {
  readonly endpoint: string;
  readonly calls: ConnectCall[];
  /** Metric values by queue ARN. */
  metrics: QueueMetricValues;
  /** Answer the next `n` requests with a 500 ServiceQuotaExceeded-like error. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startConnectServer(): Promise<ConnectServer> {
  const calls: ConnectCall[] = [];
  let failures = 0;
  let counter = 0;
  const state = { metrics: {} as QueueMetricValues };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const url = request.url ?? '';
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(payload));
      };
      if (failures > 0) {
        failures -= 1;
        send(500, { message: 'internal failure' }, { 'x-amzn-errortype': 'InternalServiceException' });
        return;
      }
      if (request.method === 'PUT' && url === '/contact/task') {
        calls.push({ operation: 'StartTaskContact', path: url, body });
        counter += 1;
        send(200, { ContactId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}` });
        return;
      }
      if (request.method === 'POST' && url.startsWith('/metrics/current/')) {
        calls.push({ operation: 'GetCurrentMetricData', path: url, body });
        const filters = (body.Filters ?? {}) as { Queues?: string[] };
        const wanted = ((body.CurrentMetrics ?? []) as { Name: string; Unit: string }[]).map((m) => m);
        const results = (filters.Queues ?? [])
          .filter((arn) => state.metrics[arn] !== undefined)
          .map((arn) => ({
            Dimensions: { Queue: { Arn: arn, Id: arn.split('/').pop() }, Channel: 'VOICE' },
            Collections: wanted
              .filter((m) => state.metrics[arn]?.[m.Name] !== undefined)
              .map((m) => ({ Metric: { Name: m.Name, Unit: m.Unit }, Value: state.metrics[arn]?.[m.Name] })),
          }));
        send(200, { MetricResults: results, DataSnapshotTime: Date.now() / 1000 });
        return;
      }
      send(
        404,
        { message: `no route ${request.method} ${url}` },
        { 'x-amzn-errortype': 'ResourceNotFoundException' },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    get metrics() {
      return state.metrics;
    },
    set metrics(value: QueueMetricValues) {
      state.metrics = value;
    },
    failNext(n: number) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
