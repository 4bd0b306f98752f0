/**
 * The routing-mode handler against DynamoDB Local (the RoutingState table created from the shared
 * schema), with real-shaped EventBridge alarm state change events.
 */
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IgnoreReason, RoutingModeConfig } from '../../lambda/domain/routing-mode';
import type { RoutingMode } from '../../lib/integrations/contracts';
import { handleAlarmEvent, type RoutingModeDeps } from '../../lambda/routing-mode/handler';
import { DynamoRoutingStateStore, type RoutingStateStore } from '../../lambda/routing-mode/store';
import { routingContext } from '../../lambda/domain/routing';
import { localClients, uniquePrefix } from '../support/clients';
import { createTables } from '../support/tables';
import { alarmEvent, PREFIX } from './events';

const { ddb, doc } = localClients();
let tables: Awaited<ReturnType<typeof createTables>>;
let table: string;

const config: RoutingModeConfig = {
  alarmPrefix: PREFIX,
  queueModes: { billing: 'CALLBACK', orders: 'OVERFLOW', support: 'DEFLECT' },
};
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

interface Recorder {
  readonly logs: { level: 'info' | 'warn'; message: string; attributes: Record<string, unknown> }[];
  readonly changed: { queue: string; mode: RoutingMode }[];
  readonly ignored: IgnoreReason[];
}

function deps(
  store: RoutingStateStore = new DynamoRoutingStateStore(doc, table),
): RoutingModeDeps & { rec: Recorder } {
  const rec: Recorder = { logs: [], changed: [], ignored: [] };
  return {
    rec,
    config,
    store,
    now: () => T0,
    log: {
      info: (message, attributes) => rec.logs.push({ level: 'info', message, attributes }),
      warn: (message, attributes) => rec.logs.push({ level: 'warn', message, attributes }),
    },
    metrics: {
      modeChanged: (queue, mode) => rec.changed.push({ queue, mode }),
      eventIgnored: (reason) => rec.ignored.push(reason),
    },
  };
}

async function item(queue: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { queue }, ConsistentRead: true }));
  return Item;
}

beforeAll(async () => {
  tables = await createTables(ddb, uniquePrefix('routingmode'));
});

beforeEach(async () => {
  // A fresh table per test keeps the cases independent.
  table = tables.RoutingState;
  const { ScanCommand, DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { Items } = await doc.send(new ScanCommand({ TableName: table }));
  for (const i of Items ?? [])
    await doc.send(new DeleteCommand({ TableName: table, Key: { queue: i.queue } }));
});

afterAll(async () => {
  for (const name of Object.values(tables))
    await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  ddb.destroy();
});

describe('routing-mode handler (DynamoDB Local)', () => {
  it('switches a queue to its configured mode on ALARM and back to NORMAL on OK', async () => {
    const d = deps();
    await expect(
      handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), d),
    ).resolves.toEqual({
      status: 'APPLIED',
      queue: 'billing',
      mode: 'CALLBACK',
      changed: true,
      effectiveMode: 'CALLBACK',
    });
    const alarmed = await item('billing');
    expect(alarmed).toMatchObject({
      queue: 'billing',
      mode: 'CALLBACK',
      since: new Date(T0).toISOString(),
      alarm: 'cccode-test-queue-billing-wait',
      eventTime: new Date(T0).toISOString(),
      version: 1,
    });
    expect(alarmed?.alarmsInAlarm).toEqual(new Set(['cccode-test-queue-billing-wait']));
    expect(String(alarmed?.reason)).toMatch(
      /^LongestQueueWaitTime alarm cccode-test-queue-billing-wait ALARM: Threshold Crossed/,
    );

    await handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'OK', at: T0 + 300_000 }), d);
    const recovered = await item('billing');
    expect(recovered).toMatchObject({
      mode: 'NORMAL',
      since: new Date(T0 + 300_000).toISOString(),
      version: 2,
    });
    expect(recovered).not.toHaveProperty('alarmsInAlarm');
    expect(d.rec.changed).toEqual([
      { queue: 'billing', mode: 'CALLBACK' },
      { queue: 'billing', mode: 'NORMAL' },
    ]);
    expect(d.rec.logs.map((l) => l.message)).toEqual(['routing mode changed', 'routing mode changed']);
    // What the routing-context function then answers.
    expect(routingContext([recovered as never], 'en', T0)).toMatchObject({ mode_billing: 'NORMAL' });
  });

  it('applies a redelivered event once', async () => {
    const d = deps();
    const event = alarmEvent({ queue: 'orders', state: 'ALARM', at: T0, id: 'redelivered' });
    await handleAlarmEvent(event, d);
    await expect(handleAlarmEvent(event, d)).resolves.toEqual({
      status: 'IGNORED',
      reason: 'duplicate',
      queue: 'orders',
    });
    await expect(handleAlarmEvent(structuredClone(event), d)).resolves.toMatchObject({ reason: 'duplicate' });
    expect((await item('orders'))?.version).toBe(1);
    expect(d.rec.changed).toHaveLength(1);
    expect(d.rec.ignored).toEqual(['duplicate', 'duplicate']);
  });

  it('ignores an ALARM older than the OK already applied (out-of-order delivery)', async () => {
    const d = deps();
    await handleAlarmEvent(alarmEvent({ queue: 'orders', state: 'OK', at: T0 + 120_000 }), d);
    await expect(
      handleAlarmEvent(alarmEvent({ queue: 'orders', state: 'ALARM', at: T0 }), d),
    ).resolves.toEqual({
      status: 'IGNORED',
      reason: 'stale',
      queue: 'orders',
    });
    expect(await item('orders')).toMatchObject({
      mode: 'NORMAL',
      eventTime: new Date(T0 + 120_000).toISOString(),
    });
  });

  it('keeps an operator override through OK, and callers get the override', async () => {
    const d = deps();
    await handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), d);
    const override = {
      mode: 'DEFLECT',
      reason: 'storm',
      by: 'ops',
      until: new Date(T0 + 3_600_000).toISOString(),
    };
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { queue: 'billing' },
        UpdateExpression: 'SET #o = :o',
        ExpressionAttributeNames: { '#o': 'override' },
        ExpressionAttributeValues: { ':o': override },
      }),
    );
    await expect(
      handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'OK', at: T0 + 60_000 }), d),
    ).resolves.toMatchObject({
      status: 'APPLIED',
      mode: 'NORMAL',
      effectiveMode: 'DEFLECT',
    });
    const stored = await item('billing');
    expect(stored).toMatchObject({ mode: 'NORMAL', override });
    expect(routingContext([stored as never], 'en', T0 + 60_000)).toMatchObject({ mode_billing: 'DEFLECT' });
    expect(d.rec.logs.at(-1)?.attributes).toMatchObject({ overrideActive: true, effectiveMode: 'DEFLECT' });
  });

  it('creates the queue item under an override set before any alarm', async () => {
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { queue: 'support', override: { mode: 'NORMAL', reason: 'test' } },
      }),
    );
    await handleAlarmEvent(alarmEvent({ queue: 'support', state: 'ALARM', at: T0 }), deps());
    expect(await item('support')).toMatchObject({
      mode: 'DEFLECT',
      override: { mode: 'NORMAL' },
      version: 1,
    });
  });

  it('returns to NORMAL only after both alarms of a queue are OK', async () => {
    const d = deps();
    await handleAlarmEvent(alarmEvent({ queue: 'billing', metric: 'wait', state: 'ALARM', at: T0 }), d);
    await handleAlarmEvent(
      alarmEvent({ queue: 'billing', metric: 'size', state: 'ALARM', at: T0 + 1000 }),
      d,
    );
    await handleAlarmEvent(alarmEvent({ queue: 'billing', metric: 'wait', state: 'OK', at: T0 + 2000 }), d);
    const halfway = await item('billing');
    expect(halfway).toMatchObject({ mode: 'CALLBACK', since: new Date(T0).toISOString() });
    expect(halfway?.alarmsInAlarm).toEqual(new Set(['cccode-test-queue-billing-size']));
    await handleAlarmEvent(alarmEvent({ queue: 'billing', metric: 'size', state: 'OK', at: T0 + 3000 }), d);
    expect(await item('billing')).toMatchObject({ mode: 'NORMAL' });
    expect(d.rec.logs.map((l) => l.message)).toEqual([
      'routing mode changed',
      'alarm applied, routing mode unchanged',
      'alarm applied, routing mode unchanged',
      'routing mode changed',
    ]);
  });

  it('handles concurrent events for two queues and for both alarms of one queue', async () => {
    const d = deps();
    const results = await Promise.all([
      handleAlarmEvent(alarmEvent({ queue: 'billing', metric: 'wait', state: 'ALARM', at: T0 }), d),
      handleAlarmEvent(alarmEvent({ queue: 'orders', metric: 'wait', state: 'ALARM', at: T0 }), d),
      handleAlarmEvent(alarmEvent({ queue: 'orders', metric: 'size', state: 'ALARM', at: T0 + 5 }), d),
      handleAlarmEvent(alarmEvent({ queue: 'support', metric: 'size', state: 'ALARM', at: T0 }), d),
      handleAlarmEvent(alarmEvent({ queue: 'support', metric: 'wait', state: 'ALARM', at: T0 + 5 }), d),
    ]);
    expect(results.every((r) => r.status === 'APPLIED')).toBe(true);
    expect(await item('billing')).toMatchObject({ mode: 'CALLBACK' });
    const orders = await item('orders');
    expect(orders).toMatchObject({ mode: 'OVERFLOW', version: 2 });
    expect(orders?.alarmsInAlarm).toEqual(
      new Set(['cccode-test-queue-orders-size', 'cccode-test-queue-orders-wait']),
    );
    expect((await item('support'))?.alarmsInAlarm).toEqual(
      new Set(['cccode-test-queue-support-size', 'cccode-test-queue-support-wait']),
    );
    // Exactly one mode change per queue, whoever won the race.
    expect(d.rec.changed.map((c) => c.queue).sort()).toEqual(['billing', 'orders', 'support']);
  });

  it('ignores malformed, foreign and unknown events with a log line and a metric, writing nothing', async () => {
    const d = deps();
    const foreignAlarm = alarmEvent({
      queue: 'billing',
      state: 'ALARM',
      at: T0,
      alarmName: 'other-app-queue-billing-wait',
    });
    const inputs: unknown[] = [
      undefined,
      null,
      'ALARM',
      { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: {} },
      { ...alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), detail: { alarmName: 'x' } },
      foreignAlarm,
      alarmEvent({ queue: 'unknown', state: 'ALARM', at: T0 }),
      alarmEvent({ queue: 'billing', state: 'INSUFFICIENT_DATA', at: T0 }),
    ];
    const results = [];
    for (const input of inputs) results.push(await handleAlarmEvent(input, d));
    expect(results.map((r) => r.status)).toEqual(Array(inputs.length).fill('IGNORED'));
    expect(d.rec.ignored).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'foreign',
      'malformed',
      'unknown-alarm',
      'unknown-queue',
      'insufficient-data',
    ]);
    expect(d.rec.logs.every((l) => l.level === 'warn' && l.message === 'alarm event ignored')).toBe(true);
    expect(await item('billing')).toBeUndefined();
    expect(await item('unknown')).toBeUndefined();
  });

  it('leaves the announcement item alone', async () => {
    const announcement = { queue: '#announcement', text: { en: 'Closed today', fr: "Fermé aujourd'hui" } };
    await doc.send(new PutCommand({ TableName: table, Item: announcement }));
    await handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), deps());
    expect(await item('#announcement')).toEqual(announcement);
  });

  it('throws on an infrastructure failure so Lambda retries and the on-failure destination applies', async () => {
    const broken = new DynamoRoutingStateStore(doc, 'no-such-table');
    await expect(
      handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), deps(broken)),
    ).rejects.toThrow();
  });

  it('gives up with an error after persistent write contention', async () => {
    const real = new DynamoRoutingStateStore(doc, table);
    const contended: RoutingStateStore = { get: (q) => real.get(q), write: async () => false };
    await expect(
      handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 }), deps(contended)),
    ).rejects.toThrow(/kept changing/);
  });
});
