import fc from 'fast-check';
import {
  applyAlarmEvent,
  parseAlarmEvent,
  parseQueueAlarmName,
  parseTime,
  queueAlarmName,
  queueAlarmPrefix,
  QUEUE_ALARM_METRICS,
  routingModeConfigFromEnv,
  RoutingConfigError,
  type AlarmStateChange,
  type QueueRoutingState,
  type RoutingModeConfig,
} from '../../lambda/domain/routing-mode';
import { alarmEvent, PREFIX } from './events';

const config: RoutingModeConfig = {
  alarmPrefix: PREFIX,
  queueModes: { billing: 'CALLBACK', orders: 'OVERFLOW', 'tech-support': 'DEFLECT' },
};
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

function parsed(options: Parameters<typeof alarmEvent>[0]): AlarmStateChange {
  const result = parseAlarmEvent(alarmEvent(options));
  if (!result.ok) throw new Error(`fixture did not parse: ${result.detail}`);
  return result.event;
}

describe('queue alarm names', () => {
  it('round-trips every queue id and metric', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        fc.constantFrom(...QUEUE_ALARM_METRICS),
        (queueId, metric) => {
          expect(parseQueueAlarmName(PREFIX, queueAlarmName(PREFIX, queueId, metric))).toEqual({
            queueId,
            metric,
          });
        },
      ),
    );
  });

  it('keeps queue alarms under one prefix that no other stage shares', () => {
    expect(queueAlarmName('cccode-dev', 'billing', 'wait')).toBe('cccode-dev-queue-billing-wait');
    expect(queueAlarmPrefix('cccode-dev')).toBe('cccode-dev-queue-');
    expect(parseQueueAlarmName('cccode-dev', 'cccode-dev2-queue-billing-wait')).toBeUndefined();
    expect(parseQueueAlarmName('cccode-dev', 'cccode-dev-flow-main-errors')).toBeUndefined();
    expect(parseQueueAlarmName('cccode-dev', 'cccode-dev-queue-billing-latency')).toBeUndefined();
    expect(parseQueueAlarmName('cccode-dev', 'cccode-dev-queue-a b-wait')).toBeUndefined();
  });

  it('refuses an invalid queue id or prefix with a sentence naming it', () => {
    expect(() => queueAlarmName(PREFIX, 'bad id', 'wait')).toThrow(/queue id "bad id" is invalid/);
    expect(() => queueAlarmName('-x', 'billing', 'wait')).toThrow(/alarm prefix "-x" is invalid/);
  });
});

describe('parseAlarmEvent', () => {
  it('reads the documented event shape, using the precise state timestamp', () => {
    const result = parseAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 + 989, id: 'e-1' }));
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({
        eventId: 'e-1',
        alarmName: 'cccode-test-queue-billing-wait',
        state: 'ALARM',
        previousState: 'OK',
        changedAt: T0 + 989,
      }),
    });
  });

  it('parses CloudWatch offsets without a colon and rejects garbage times', () => {
    expect(parseTime('2019-10-02T17:04:40.989+0000')).toBe(Date.parse('2019-10-02T17:04:40.989Z'));
    expect(parseTime('2019-10-02T19:04:40+0200')).toBe(Date.parse('2019-10-02T17:04:40Z'));
    expect(parseTime('yesterday')).toBeUndefined();
    expect(parseTime('2019-10-02')).toBeUndefined();
  });

  it('classifies foreign and malformed input without throwing', () => {
    expect(parseAlarmEvent(undefined)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseAlarmEvent('ALARM')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(
      parseAlarmEvent({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
    ).toMatchObject({
      ok: false,
      reason: 'foreign',
    });
    const noState = alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 });
    delete (noState.detail as Record<string, unknown>).state;
    expect(parseAlarmEvent(noState)).toMatchObject({ ok: false, reason: 'malformed' });
    const badTime = alarmEvent({ queue: 'billing', state: 'ALARM', at: T0 });
    badTime.time = 'soon';
    (badTime.detail as { state: { timestamp: string } }).state.timestamp = 'later';
    expect(parseAlarmEvent(badTime)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('never throws and never accepts anything but a well-formed state change (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = parseAlarmEvent(value);
        expect(result.ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          source: fc.constantFrom('aws.cloudwatch', 'aws.connect'),
          'detail-type': fc.constantFrom('CloudWatch Alarm State Change', 'Other'),
          id: fc.oneof(fc.string(), fc.integer()),
          time: fc.oneof(fc.string(), fc.constant('2026-01-01T00:00:00Z')),
          detail: fc.anything(),
        }),
        (value) => {
          const result = parseAlarmEvent(value);
          if (result.ok) {
            expect(typeof result.event.alarmName).toBe('string');
            expect(['OK', 'ALARM', 'INSUFFICIENT_DATA']).toContain(result.event.state);
          }
        },
      ),
    );
  });
});

describe('applyAlarmEvent', () => {
  function apply(current: QueueRoutingState | undefined, event: AlarmStateChange, now = T0) {
    return applyAlarmEvent(config, current, event, now);
  }
  function next(current: QueueRoutingState | undefined, event: AlarmStateChange): QueueRoutingState {
    const t = apply(current, event);
    if (t.kind !== 'apply') throw new Error(`expected apply, got ${t.reason}`);
    return { ...t.update, override: current?.override, version: (current?.version ?? 0) + 1 };
  }

  it('switches to the queue’s configured mode on ALARM and back to NORMAL on OK', () => {
    const alarm = apply(undefined, parsed({ queue: 'orders', state: 'ALARM', at: T0 }));
    expect(alarm).toMatchObject({
      kind: 'apply',
      changed: true,
      previousMode: 'NORMAL',
      update: { mode: 'OVERFLOW' },
    });
    const state = next(undefined, parsed({ queue: 'orders', state: 'ALARM', at: T0 }));
    expect(state.since).toBe(new Date(T0).toISOString());
    const ok = apply(state, parsed({ queue: 'orders', state: 'OK', at: T0 + 60_000 }));
    expect(ok).toMatchObject({ kind: 'apply', changed: true, update: { mode: 'NORMAL', alarmsInAlarm: [] } });
  });

  it('returns to NORMAL only when both alarms of the queue are OK', () => {
    let state = next(undefined, parsed({ queue: 'billing', metric: 'wait', state: 'ALARM', at: T0 }));
    state = next(state, parsed({ queue: 'billing', metric: 'size', state: 'ALARM', at: T0 + 1000 }));
    expect(state.alarmsInAlarm).toEqual(['cccode-test-queue-billing-size', 'cccode-test-queue-billing-wait']);
    expect(state.since).toBe(new Date(T0).toISOString());
    const waitOk = apply(state, parsed({ queue: 'billing', metric: 'wait', state: 'OK', at: T0 + 2000 }));
    expect(waitOk).toMatchObject({ kind: 'apply', changed: false, update: { mode: 'CALLBACK' } });
    if (waitOk.kind === 'apply')
      expect(waitOk.update.reason).toMatch(/still in ALARM: cccode-test-queue-billing-size/);
    state = next(state, parsed({ queue: 'billing', metric: 'wait', state: 'OK', at: T0 + 2000 }));
    expect(next(state, parsed({ queue: 'billing', metric: 'size', state: 'OK', at: T0 + 3000 })).mode).toBe(
      'NORMAL',
    );
  });

  it('ignores alarm names left over from another prefix when deciding the mode', () => {
    const leftover: QueueRoutingState = {
      queue: 'billing',
      mode: 'CALLBACK',
      alarmsInAlarm: ['old-prefix-queue-billing-wait'],
    };
    expect(apply(leftover, parsed({ queue: 'billing', state: 'OK', at: T0 }))).toMatchObject({
      kind: 'apply',
      update: { mode: 'NORMAL', alarmsInAlarm: [] },
    });
  });

  it('treats a redelivered event as a duplicate and an older one as stale', () => {
    const event = parsed({ queue: 'billing', state: 'ALARM', at: T0, id: 'same' });
    const state = next(undefined, event);
    expect(apply(state, event)).toMatchObject({ kind: 'ignored', reason: 'duplicate' });
    expect(apply(state, parsed({ queue: 'billing', state: 'OK', at: T0 - 1 }))).toMatchObject({
      kind: 'ignored',
      reason: 'stale',
    });
  });

  it('keeps INSUFFICIENT_DATA, unknown alarms and unknown queues from changing any mode', () => {
    expect(apply(undefined, parsed({ queue: 'billing', state: 'INSUFFICIENT_DATA', at: T0 }))).toMatchObject({
      kind: 'ignored',
      reason: 'insufficient-data',
    });
    expect(apply(undefined, parsed({ queue: 'nowhere', state: 'ALARM', at: T0 }))).toMatchObject({
      kind: 'ignored',
      reason: 'unknown-queue',
      queue: 'nowhere',
    });
    expect(
      apply(
        undefined,
        parsed({ queue: 'billing', state: 'ALARM', at: T0, alarmName: 'someone-elses-alarm' }),
      ),
    ).toMatchObject({ kind: 'ignored', reason: 'unknown-alarm' });
  });

  it('reports an active override as the effective mode without touching it', () => {
    const current: QueueRoutingState = {
      queue: 'billing',
      override: { mode: 'DEFLECT', reason: 'storm', until: new Date(T0 + 3_600_000).toISOString() },
    };
    const t = apply(current, parsed({ queue: 'billing', state: 'ALARM', at: T0 }));
    expect(t).toMatchObject({
      kind: 'apply',
      effectiveMode: 'DEFLECT',
      overrideActive: true,
      update: { mode: 'CALLBACK' },
    });
    if (t.kind === 'apply') expect(t.update).not.toHaveProperty('override');
    const lapsed = applyAlarmEvent(
      config,
      current,
      parsed({ queue: 'billing', state: 'ALARM', at: T0 }),
      T0 + 7_200_000,
    );
    expect(lapsed).toMatchObject({ effectiveMode: 'CALLBACK', overrideActive: false });
  });

  it('ends in the state of the newest event of each alarm, whatever the delivery order (property)', () => {
    const eventArb = fc.record({
      metric: fc.constantFrom('wait' as const, 'size' as const),
      state: fc.constantFrom('ALARM' as const, 'OK' as const),
    });
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 12 }),
        fc.func(fc.integer()),
        (specs, order) => {
          const events = specs.map((spec, i) =>
            parsed({ queue: 'orders', ...spec, at: T0 + i * 1000, id: `e${i}` }),
          );
          const shuffled = [...events].sort(
            (a, b) => order(a.changedAt) - order(b.changedAt) || a.changedAt - b.changedAt,
          );
          let state: QueueRoutingState | undefined;
          for (const event of [...shuffled, ...shuffled]) {
            const t = applyAlarmEvent(config, state, event, T0);
            if (t.kind === 'apply') state = { ...t.update, version: (state?.version ?? 0) + 1 };
          }
          const latest = new Map<string, 'ALARM' | 'OK'>();
          for (const event of events) latest.set(event.alarmName, event.state as 'ALARM' | 'OK');
          const anyAlarm = [...latest.values()].includes('ALARM');
          expect(state?.mode).toBe(anyAlarm ? 'OVERFLOW' : 'NORMAL');
        },
      ),
    );
  });
});

describe('routingModeConfigFromEnv', () => {
  it('reads the prefix and queue modes', () => {
    expect(
      routingModeConfigFromEnv({ ALARM_PREFIX: 'cccode-dev', QUEUE_MODES: '{"billing":"CALLBACK"}' }),
    ).toEqual({
      alarmPrefix: 'cccode-dev',
      queueModes: { billing: 'CALLBACK' },
    });
  });

  it.each([
    [{ ALARM_PREFIX: '', QUEUE_MODES: '{}' }, /ALARM_PREFIX/],
    [{ ALARM_PREFIX: 'p', QUEUE_MODES: 'nope' }, /QUEUE_MODES is not JSON/],
    [{ ALARM_PREFIX: 'p', QUEUE_MODES: '[]' }, /must be a JSON object/],
    [{ ALARM_PREFIX: 'p', QUEUE_MODES: '{"billing":"NORMAL"}' }, /"billing": "NORMAL" is invalid/],
  ])('refuses a bad environment %#', (env, message) => {
    expect(() => routingModeConfigFromEnv(env)).toThrow(RoutingConfigError);
    expect(() => routingModeConfigFromEnv(env)).toThrow(message);
  });
});
