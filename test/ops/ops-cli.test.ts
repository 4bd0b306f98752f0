/**
 * `npm run ops` against DynamoDB Local: the command functions run in-process through `runOps` with
 * an endpoint override, exactly as an operator's shell would call them.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { routingContext } from '../../lambda/domain/routing';
import { handleAlarmEvent } from '../../lambda/routing-mode/handler';
import { DynamoRoutingStateStore } from '../../lambda/routing-mode/store';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { runOps, type AlarmSummary, type OpsRuntime } from '../../tools/ops';
import { localClients, uniquePrefix } from '../support/clients';
import { createTables } from '../support/tables';
import { alarmEvent, PREFIX } from './events';

const { ddb, doc } = localClients();
let tables: Awaited<ReturnType<typeof createTables>>;
let table: string;
const NOW = Date.parse('2026-11-23T10:00:00.000Z');

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function ops(argv: string[], extra: Partial<OpsRuntime> = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runOps([...argv, '--table', table, '--by', 'alice'], {
    env: {},
    now: () => NOW,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    documentClient: () => doc,
    ...extra,
  });
  return { code, out, err };
}

async function item(queue: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { queue }, ConsistentRead: true }));
  return Item;
}

beforeAll(async () => {
  tables = await createTables(ddb, uniquePrefix('opscli'));
  table = tables.RoutingState;
});

beforeEach(async () => {
  const { Items } = await doc.send(new ScanCommand({ TableName: table }));
  for (const i of Items ?? [])
    await doc.send(new DeleteCommand({ TableName: table, Key: { queue: i.queue } }));
});

afterAll(async () => {
  for (const name of Object.values(tables))
    await ddb.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
  ddb.destroy();
});

describe('npm run ops (DynamoDB Local)', () => {
  it('validates queues against the journey map', async () => {
    const ids = DEFAULT_JOURNEY_MAP.queues.map((q) => q.id);
    expect(ids).toContain('billing');
    const { code, err } = await ops(['override', 'set', 'nosuchqueue', 'CALLBACK', '--reason', 'x']);
    expect(code).toBe(2);
    expect(err[0]).toBe(`error: unknown queue 'nosuchqueue'; known queues: ${ids.join(', ')}.`);
    expect(await item('nosuchqueue')).toBeUndefined();
  });

  it('sets an override that wins over the alarms, survives an alarm OK, and clears back to the alarm mode', async () => {
    const store = new DynamoRoutingStateStore(doc, table);
    const loop = {
      config: { alarmPrefix: PREFIX, queueModes: { billing: 'OVERFLOW' as const } },
      store,
      now: () => NOW,
      log: { info: () => undefined, warn: () => undefined },
      metrics: { modeChanged: () => undefined, eventIgnored: () => undefined },
    };
    await handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'ALARM', at: NOW - 60_000 }), loop);

    const set = await ops([
      'override',
      'set',
      'billing',
      'DEFLECT',
      '--reason',
      'INC-1 overflow team saturated',
      '--until',
      '2026-11-23T12:00:00Z',
    ]);
    expect(set).toMatchObject({ code: 0, err: [] });
    expect(set.out[0]).toBe(
      'queue billing: callers get DEFLECT until 2026-11-23T12:00:00.000Z (override by alice: INC-1 overflow team saturated)',
    );
    expect(await item('billing')).toMatchObject({
      mode: 'OVERFLOW',
      version: 1,
      override: {
        mode: 'DEFLECT',
        reason: 'INC-1 overflow team saturated',
        by: 'alice',
        until: '2026-11-23T12:00:00.000Z',
      },
    });

    await handleAlarmEvent(alarmEvent({ queue: 'billing', state: 'OK', at: NOW }), loop);
    const stored = await item('billing');
    expect(stored).toMatchObject({ mode: 'NORMAL', override: { mode: 'DEFLECT' } });
    expect(routingContext([stored as never], 'en', NOW)).toMatchObject({ mode_billing: 'DEFLECT' });

    const status = await ops(['status']);
    expect(status.code).toBe(0);
    const line = status.out.find((l) => l.startsWith('billing '));
    expect(line).toMatch(
      /^billing\s+DEFLECT\s+NORMAL\s+2026-11-23T10:00:00\.000Z\s+OVERRIDE DEFLECT by alice until 2026-11-23T12:00:00\.000Z: INC-1/,
    );
    expect(status.out.find((l) => l.startsWith('general '))).toMatch(/^general\s+NORMAL\s+NORMAL\s+-/);

    const clear = await ops(['override', 'clear', 'billing']);
    expect(clear.out).toEqual(['queue billing: override cleared; callers get the alarm-driven mode NORMAL']);
    const cleared = await item('billing');
    expect(cleared).not.toHaveProperty('override');
    expect(cleared).toMatchObject({ mode: 'NORMAL', version: 2 });
    expect((await ops(['override', 'clear', 'billing'])).out).toEqual([
      'queue billing has no override; nothing to clear',
    ]);
  });

  it('shows a lapsed override as lapsed', async () => {
    await ops([
      'override',
      'set',
      'orders',
      'CALLBACK',
      '--reason',
      'short',
      '--until',
      '2026-11-23T10:05:00Z',
    ]);
    const later = await ops(['status'], { now: () => NOW + 3_600_000 });
    expect(later.out.find((l) => l.startsWith('orders '))).toMatch(
      /^orders\s+NORMAL\s+NORMAL .*OVERRIDE CALLBACK \(lapsed\)/,
    );
  });

  it.each([
    [
      ['override', 'set', 'billing', 'PANIC', '--reason', 'x'],
      /invalid mode "PANIC"; use one of NORMAL, CALLBACK, OVERFLOW, DEFLECT/,
    ],
    [['override', 'set', 'billing', 'CALLBACK'], /--reason is required/],
    [['override', 'set', 'billing', 'CALLBACK', '--reason', '   '], /--reason is required/],
    [
      ['override', 'set', 'billing', 'CALLBACK', '--reason', 'x', '--until', 'tomorrow'],
      /--until "tomorrow" is not an ISO 8601 time/,
    ],
    [
      ['override', 'set', 'billing', 'CALLBACK', '--reason', 'x', '--until', '2026-11-23T12:00:00'],
      /not an ISO 8601 time with a zone/,
    ],
    [
      ['override', 'set', 'billing', 'CALLBACK', '--reason', 'x', '--until', '2020-01-01T00:00:00Z'],
      /already in the past/,
    ],
    [['override', 'set'], /name the queue/],
    [['override', 'set', 'billing', 'CALLBACK', 'extra', '--reason', 'x'], /unexpected argument "extra"/],
    [['announce', 'set', '--en', 'Closed'], /--fr is required and must not be empty/],
    [['announce', 'set', '--en', '', '--fr', 'Fermé'], /--en is required and must not be empty/],
    [['announce', 'set', '--en', 'x'.repeat(1001), '--fr', 'y'], /--en is 1001 characters/],
    [['announce', 'set', '--en', '<speak>hi</speak>', '--fr', 'salut'], /plain text, not SSML/],
    [['reboot'], /unknown command 'reboot'/],
    [[], /name a command/],
    [['status', '--colour', 'red'], /unknown option --colour/],
  ])(
    'refuses bad input (case %#) with a sentence on stderr and exit code 2, writing nothing',
    async (argv, message) => {
      const run = await ops(argv as string[]);
      expect(run.code).toBe(2);
      expect(run.err[0]).toMatch(/^error: /);
      expect(run.err[0]).toMatch(message);
      expect(run.out).toEqual([]);
      const { Items } = await doc.send(new ScanCommand({ TableName: table }));
      expect(Items).toEqual([]);
    },
  );

  it('sets and clears the announcement read by routing-context', async () => {
    const set = await ops([
      'announce',
      'set',
      '--en',
      'Our offices are closed for the holiday.',
      '--fr',
      'Nos bureaux sont fermés pour le jour férié.',
      '--until',
      '2026-11-24T00:00:00Z',
    ]);
    expect(set.code).toBe(0);
    const stored = await item('#announcement');
    expect(stored).toMatchObject({
      queue: '#announcement',
      text: {
        en: 'Our offices are closed for the holiday.',
        fr: 'Nos bureaux sont fermés pour le jour férié.',
      },
      until: '2026-11-24T00:00:00.000Z',
      by: 'alice',
    });
    expect(routingContext([stored as never], 'fr', NOW)).toMatchObject({
      hasAnnouncement: 'true',
      announcement: 'Nos bureaux sont fermés pour le jour férié.',
    });
    expect((await ops(['status'])).out.at(-1)).toMatch(
      /^announcement until 2026-11-24T00:00:00.000Z: \[en\] Our offices/,
    );
    expect((await ops(['announce', 'clear'])).out).toEqual(['announcement cleared']);
    expect(await item('#announcement')).toBeUndefined();
    expect((await ops(['status'])).out.at(-1)).toBe('announcement: none');
  });

  it('accepts a --queues list instead of the journey map', async () => {
    const run = await ops([
      'override',
      'set',
      'vip',
      'OVERFLOW',
      '--reason',
      'test',
      '--queues',
      'vip,general',
    ]);
    expect(run.code).toBe(0);
    expect(await item('vip')).toMatchObject({ override: { mode: 'OVERFLOW' } });
    expect(
      (await ops(['override', 'set', 'billing', 'OVERFLOW', '--reason', 'x', '--queues', 'vip'])).err[0],
    ).toMatch(/unknown queue 'billing'; known queues: vip/);
  });

  it('needs a table name', async () => {
    const err: string[] = [];
    const code = await runOps(['status'], {
      env: {},
      err: (l) => err.push(l),
      out: () => undefined,
      documentClient: () => doc,
    });
    expect(code).toBe(2);
    expect(err[0]).toMatch(
      /pass --stage <stage> .*--table \(its RoutingTableName output\) or set ROUTING_TABLE/,
    );
  });

  it('finds the table from the deployed operations stack of a --stage', async () => {
    const asked: string[] = [];
    const out: string[] = [];
    const code = await runOps(['status', '--stage', 'prod'], {
      env: {},
      now: () => NOW,
      out: (l) => out.push(l),
      err: () => undefined,
      documentClient: () => doc,
      stackOutputs: () => async (stackName) => {
        asked.push(stackName);
        return { RoutingTableName: table, AlarmPrefix: 'cccode-prod' };
      },
    });
    expect(code).toBe(0);
    expect(asked).toEqual(['Cccode-prod-Operations']);
    expect(out.join('\n')).toMatch(/billing/);
  });

  it('says which stack it could not read, and how to go on', async () => {
    const err: string[] = [];
    const code = await runOps(['status', '--stage', 'qa'], {
      env: {},
      err: (l) => err.push(l),
      out: () => undefined,
      documentClient: () => doc,
      stackOutputs: () => async () => {
        throw new Error('Stack with id Cccode-qa-Operations does not exist');
      },
    });
    expect(code).toBe(1);
    expect(err[0]).toBe(
      'error: could not read the outputs of stack Cccode-qa-Operations (Stack with id Cccode-qa-Operations does not exist); pass --table instead',
    );
  });

  it('lists this app’s alarms in ALARM by prefix', async () => {
    const asked: string[] = [];
    const lister = async (prefix: string): Promise<AlarmSummary[]> => {
      asked.push(prefix);
      return [
        {
          name: 'cccode-prod-callers-affected',
          type: 'CompositeAlarm',
          since: new Date(NOW),
          reason: 'billing wait',
        },
        {
          name: 'cccode-prod-queue-billing-wait',
          type: 'MetricAlarm',
          since: new Date(NOW),
          reason: 'Threshold Crossed',
        },
      ];
    };
    const run = await ops(['alarms', '--stage', 'prod'], { alarmLister: () => lister });
    expect(asked).toEqual(['cccode-prod']);
    expect(run.out).toEqual([
      'cccode-prod-callers-affected (CompositeAlarm) since 2026-11-23T10:00:00.000Z: billing wait',
      'cccode-prod-queue-billing-wait (MetricAlarm) since 2026-11-23T10:00:00.000Z: Threshold Crossed',
    ]);
    const none = await ops(['alarms', '--alarm-prefix', 'cccode-dev'], { alarmLister: () => async () => [] });
    expect(none.out).toEqual(['no alarm starting with cccode-dev is in ALARM']);
    const missing = await ops(['alarms'], { alarmLister: () => lister });
    expect(missing.err[0]).toMatch(/pass --alarm-prefix/);
  });
});

describe('the ops and capacity commands as processes', () => {
  const root = path.join(__dirname, '..', '..');
  function run(script: string, args: string[]): { status: number | null; stderr: string } {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'tools', script), ...args],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, ROUTING_TABLE: 'unused', AWS_REGION: 'eu-west-2' },
        timeout: 30_000,
      },
    );
    return { status: result.status, stderr: result.stderr };
  }

  it('exits non-zero with a sentence on stderr for an unknown queue', () => {
    const { status, stderr } = run('ops.ts', ['override', 'set', 'nope', 'CALLBACK', '--reason', 'x']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: unknown queue 'nope'; known queues: /);
  });

  it('exits non-zero for missing capacity inputs', () => {
    const { status, stderr } = run('capacity.ts', ['--aht', '240']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^error: --calls-per-hour is required/);
  });
});
