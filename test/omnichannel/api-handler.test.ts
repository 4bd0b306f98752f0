/**
 * The contact-options handler against DynamoDB Local (real RoutingState reads, real limits and
 * pending callbacks), the loopback Connect stand-in (real SDK client for GetCurrentMetricData and
 * StartTaskContact) and the loopback KMS (keyed pseudonyms). No DynamoDB mocks.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler as createWebCallbackHandler } from '../../lambda/web-callback/index';
import {
  CALLBACK_WINDOW_SECONDS,
  CALLBACKS_PER_CLIENT,
  CALLBACKS_PER_NUMBER,
  CLIENT_LIMIT_PREFIX,
  pendingKey,
} from '../../lambda/domain/contact-options';
import { callbackBudget, callbackNumberLimits } from '../../lambda/domain/rate-limits';
import { writeLimited } from '../../lambda/shared/aws/limits';
import { createLogger } from '../../lambda/shared/observability';
import {
  CALLBACK_QUEUE_ATTRIBUTE,
  CALLBACK_REF_ATTRIBUTE,
  type ChannelDecision,
} from '../../lib/omnichannel';
import {
  alwaysClosed,
  alwaysOpen,
  apiRequest,
  bodyOf,
  FakeQueueMetrics,
  QUEUE_ARNS,
  startApiEnv,
  StdoutCapture,
  TEST_ORIGIN_SECRET,
  TEST_OUTBOUND,
  type ApiEnv,
} from './support/api-env';

let env: ApiEnv;
const output = new StdoutCapture();

beforeAll(async () => {
  env = await startApiEnv('omniapi');
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

beforeEach(() => {
  output.install();
  output.lines();
  env.connect.calls.length = 0;
  env.connect.metrics = {};
});

afterEach(() => {
  output.uninstall();
});

async function setMode(
  queue: string,
  mode: string,
  override?: { mode: string; until?: string },
): Promise<void> {
  await env.doc.send(
    new PutCommand({
      TableName: env.tables.RoutingState,
      Item: { queue, mode, since: new Date().toISOString(), ...(override ? { override } : {}) },
    }),
  );
}

/** Items of OtpChallenges web callbacks write (pending records, their limits, shared callback limits). */
async function webCallbackItems(target: ApiEnv = env): Promise<Record<string, unknown>[]> {
  return (await target.scan('OtpChallenges')).filter((item) =>
    /^(webcb#|rate#webcb#|rate#callback#)/.test(String(item.pk)),
  );
}

let numberSeq = 0;
/** A fresh valid UK mobile number per call (keeps per-number limits apart). */
function freshMobile(): string {
  numberSeq += 1;
  return `+447400${String((process.pid * 7919 + numberSeq) % 1_000_000).padStart(6, '0')}`;
}

type ErrorBody = { error: { code: string; message: string } };

describe('GET /api/intents and /api/options', () => {
  it('lists the intent tiles in the requested language', async () => {
    const response = await env.handler()(apiRequest('GET', '/api/intents', { query: { lang: 'fr' } }));
    expect(response.statusCode).toBe(200);
    const body = bodyOf<{ intents: { id: string; title: string }[]; phoneNumber: string }>(response);
    expect(body.intents.map((i) => i.id)).toEqual(['balance', 'orderStatus', 'passwordReset', 'adviser']);
    expect(body.intents[3].title).toBe('Parler à un conseiller');
    expect(body.phoneNumber).toBe('+442079460123');
  });

  it('ranks channels from the routing state and live metrics read through Connect', async () => {
    env.connect.metrics = {
      [QUEUE_ARNS.general]: {
        AGENTS_AVAILABLE: 2,
        AGENTS_ONLINE: 6,
        OLDEST_CONTACT_AGE: 40,
        ESTIMATED_WAIT_TIME: 75,
      },
    };
    const handler = env.handler();
    const normal = await handler(apiRequest('GET', '/api/options', { query: { intent: 'adviser' } }));
    expect(normal.statusCode).toBe(200);
    expect(normal.headers['cache-control']).toBe('no-store');
    const decision = bodyOf<ChannelDecision & { degraded: boolean }>(normal);
    expect(decision.recommended?.channel).toBe('phone');
    expect(decision.recommended?.reason).toBe('About 1 minute wait.');
    expect(decision.degraded).toBe(false);
    const metricCall = env.connect.calls.find((c) => c.operation === 'GetCurrentMetricData')!;
    expect(metricCall.path).toBe('/metrics/current/11111111-2222-3333-4444-555555555555');
    expect(metricCall.body).toMatchObject({
      Filters: { Channels: ['VOICE'] },
      Groupings: ['QUEUE', 'CHANNEL'],
    });

    await setMode('general', 'CALLBACK');
    const callback = bodyOf<ChannelDecision>(
      await handler(apiRequest('GET', '/api/options', { query: { intent: 'adviser', lang: 'fr' } })),
    );
    expect(callback.recommended?.channel).toBe('callback');
    expect(callback.alternatives.find((o) => o.channel === 'phone')?.reason).toBe(
      'Nos conseillers sont très occupés ; rappel proposé à la place.',
    );

    // An operator override back to NORMAL wins; an expired one does not.
    await setMode('general', 'CALLBACK', {
      mode: 'NORMAL',
      until: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(
      bodyOf<ChannelDecision>(
        await handler(apiRequest('GET', '/api/options', { query: { intent: 'adviser' } })),
      ).recommended?.channel,
    ).toBe('phone');
    await setMode('general', 'CALLBACK', {
      mode: 'NORMAL',
      until: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(
      bodyOf<ChannelDecision>(
        await handler(apiRequest('GET', '/api/options', { query: { intent: 'adviser' } })),
      ).recommended?.channel,
    ).toBe('callback');
    await setMode('general', 'NORMAL');
  });

  it('caches live metrics for a few seconds, then reads them again', async () => {
    const metrics = new FakeQueueMetrics();
    const handler = env.handler({ queueMetrics: metrics, metricsCacheMs: 5000 });
    for (let i = 0; i < 3; i++)
      await handler(apiRequest('GET', '/api/options', { query: { intent: 'balance' } }));
    expect(metrics.calls).toBe(1);
    env.clock.offset = 6000;
    await handler(apiRequest('GET', '/api/options', { query: { intent: 'balance' } }));
    env.clock.offset = 0;
    expect(metrics.calls).toBe(2);
  });

  it('still answers, marked degraded, when Connect metrics fail', async () => {
    env.connect.failNext(10);
    const response = await env.handler()(apiRequest('GET', '/api/options', { query: { intent: 'adviser' } }));
    env.connect.failNext(0);
    expect(response.statusCode).toBe(200);
    const decision = bodyOf<ChannelDecision & { degraded: boolean }>(response);
    expect(decision.degraded).toBe(true);
    expect(decision.recommended?.channel).toBe('phone');
    expect(decision.recommended?.reason).toBe('The waiting time is not known right now.');
  });

  it.each([
    [
      'an unknown intent',
      { intent: 'lostCard' },
      404,
      'UNKNOWN_INTENT',
      /intent 'lostCard' is not offered; known intents: balance/,
    ],
    ['a missing intent', {}, 400, 'INVALID_REQUEST', /the query is invalid: check intent/],
    [
      'an unknown parameter',
      { intent: 'adviser', debug: '1' },
      400,
      'INVALID_REQUEST',
      /check \(body\)|check debug/,
    ],
    ['an unsupported language', { intent: 'adviser', lang: 'de' }, 400, 'INVALID_REQUEST', /check lang/],
    [
      'a malformed segment',
      { intent: 'adviser', segment: '<script>' },
      400,
      'INVALID_REQUEST',
      /check segment/,
    ],
  ])('refuses %s with a clear JSON error', async (_name, query, status, code, message) => {
    const response = await env.handler()(apiRequest('GET', '/api/options', { query }));
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = bodyOf<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
  });

  it('answers unknown routes and wrong methods with JSON', async () => {
    const handler = env.handler();
    const missing = await handler(apiRequest('GET', '/api/nothing'));
    expect([missing.statusCode, bodyOf<{ error: { code: string } }>(missing).error.code]).toEqual([
      404,
      'NOT_FOUND',
    ]);
    const wrong = await handler(apiRequest('DELETE', '/api/options'));
    expect([wrong.statusCode, wrong.headers.allow]).toEqual([405, 'GET']);
  });
});

describe('POST /api/callback', () => {
  it('creates the callback through Connect with only an opaque reference in the task', async () => {
    const phone = freshMobile();
    const before = (await webCallbackItems()).length;
    const response = await env.handler()(
      apiRequest('POST', '/api/callback', {
        body: {
          intent: 'adviser',
          phone: `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
          lang: 'fr',
          requestId: 'req-12345678',
        },
      }),
    );
    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({
      status: 'QUEUED',
      message: 'Merci. Un conseiller vous rappellera dès que possible.',
    });

    const task = env.connect.calls.find((c) => c.operation === 'StartTaskContact')!;
    expect(task.body).toMatchObject({
      InstanceId: '11111111-2222-3333-4444-555555555555',
      ContactFlowId: 'flow-0000-web-callback',
      ClientToken: 'req-12345678',
      Attributes: { [CALLBACK_QUEUE_ATTRIBUTE]: 'general', intent: 'adviser', language: 'fr' },
    });
    // The number never leaves for Connect attributes, the name or the description.
    expect(JSON.stringify(task.body)).not.toContain(phone.slice(3));
    const ref = (task.body.Attributes as Record<string, string>)[CALLBACK_REF_ATTRIBUTE];

    const items = await webCallbackItems();
    // The pending record, the number's two windows, the client's window, and the global budget's
    // hour and day counters (created by the first callback of the table).
    expect(items.length).toBeGreaterThanOrEqual(before + 4);
    const pending = items.find((i) => i.pk === pendingKey(ref))!;
    expect(pending).toMatchObject({ phoneE164: phone, queueId: 'general', intent: 'adviser', used: false });
    const numberKeys = (await callbackNumberLimits(env.pseudonyms, phone)).map((l) => l.key);
    expect(items.filter((i) => numberKeys.includes(String(i.pk)))).toHaveLength(2);
    // Keys are keyed pseudonyms: no number in any key.
    expect(items.map((i) => String(i.pk)).join('\n')).not.toContain(phone.slice(3));

    // The web callback flow claims it once, within its life.
    const claim = createWebCallbackHandler({
      doc: env.doc,
      tables: env.tables,
      clock: env.clock,
      logger: createLogger('t'),
    });
    const event = (r: string) => ({
      Name: 'ContactFlowEvent',
      Details: {
        ContactData: { ContactId: '00000000-0000-4000-8000-000000000001', Channel: 'TASK' },
        Parameters: { ref: r },
      },
    });
    expect(await claim(event(ref))).toEqual({ status: 'FOUND', callbackNumber: phone, queue: 'general' });
    expect(await claim(event(ref))).toEqual({ status: 'NOT_FOUND' });
    expect(await claim(event('not a ref'))).toEqual({ status: 'INVALID_INPUT' });
    const logs = output
      .lines()
      .map((l) => JSON.stringify(l))
      .join('\n');
    expect(logs).not.toContain(phone);
  });

  const INVALID = /valid international number starting with \+/;
  const REFUSED = /^we cannot call this number back; please call us instead$/;
  it.each([
    ['a national number', '07400 123456', INVALID],
    ['letters', 'call me maybe', INVALID],
    ['a number of a country outside the policy', '+1 212 555 0100', REFUSED],
    ['a premium-rate number', '+44 909 876 5432', REFUSED],
    ['a Guernsey mobile (+44, not GB)', '+44 7781 123456', REFUSED],
    ['a Jersey mobile (+44, not GB)', '+44 7797 123456', REFUSED],
    ['an Isle of Man mobile (+44, not GB)', '+44 7624 123456', REFUSED],
    ['a 055 corporate number', '+44 55 1234 5678', REFUSED],
    ['a 056 number', '+44 56 1234 5678', REFUSED],
    ['a freephone number', '+44 800 123 4567', REFUSED],
    ['a 0500 number', '+44 500 123456', INVALID],
    ['an 082 number', '+44 82 1234 5678', INVALID],
    ['a five-digit number', '+44 12345', INVALID],
    ['an Ofcom drama number', '+44 7700 900123', INVALID],
  ])('refuses %s with 400 INVALID_PHONE and writes nothing', async (_name, phone, message) => {
    const before = await webCallbackItems();
    const response = await env.handler()(
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone } }),
    );
    expect(response.statusCode).toBe(400);
    const body = bodyOf<ErrorBody>(response);
    expect(body.error.code).toBe('INVALID_PHONE');
    expect(body.error.message).toMatch(message);
    expect(await webCallbackItems()).toEqual(before);
    expect(env.connect.calls.filter((c) => c.operation === 'StartTaskContact')).toEqual([]);
  });

  it('books numbers of every country of the stage policy (one rule for IVR and web)', async () => {
    const response = await env.handler()(
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone: '+33 6 12 34 56 78' } }),
    );
    expect(response.statusCode).toBe(202);
  });

  it.each([
    ['an unknown intent', { intent: 'lostCard', phone: '+447700900001' }, 404, 'UNKNOWN_INTENT'],
    ['a missing phone', { intent: 'adviser' }, 400, 'INVALID_REQUEST'],
    ['an extra field', { intent: 'adviser', phone: '+447700900001', name: 'Ann' }, 400, 'INVALID_REQUEST'],
  ])('refuses %s and writes nothing', async (_name, body, status, code) => {
    const before = await webCallbackItems();
    const response = await env.handler()(apiRequest('POST', '/api/callback', { body }));
    expect([response.statusCode, bodyOf<{ error: { code: string } }>(response).error.code]).toEqual([
      status,
      code,
    ]);
    expect(await webCallbackItems()).toEqual(before);
  });

  it('refuses bodies that are not JSON, too large or of another type', async () => {
    const handler = env.handler();
    const notJson = await handler(apiRequest('POST', '/api/callback', { rawBody: '{intent:' }));
    expect([notJson.statusCode, bodyOf<{ error: { code: string } }>(notJson).error.code]).toEqual([
      400,
      'INVALID_JSON',
    ]);
    const large = await handler(
      apiRequest('POST', '/api/callback', { rawBody: JSON.stringify({ pad: 'x'.repeat(5000) }) }),
    );
    expect(large.statusCode).toBe(413);
    const form = await handler(
      apiRequest('POST', '/api/callback', {
        rawBody: 'intent=adviser',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(form.statusCode).toBe(415);
  });

  it('enforces the per-number limit (shared with IVR callbacks): the refused request writes nothing', async () => {
    const phone = freshMobile();
    const handler = env.handler();
    const request = (i: number) =>
      apiRequest('POST', '/api/callback', {
        body: { intent: 'adviser', phone },
        sourceIp: `198.51.100.${i}`,
      });
    for (let i = 0; i < CALLBACKS_PER_NUMBER; i++) expect((await handler(request(i))).statusCode).toBe(202);
    const before = await webCallbackItems();
    const refused = await handler(request(99));
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(bodyOf<{ error: { code: string } }>(refused).error.code).toBe('RATE_LIMITED');
    expect(await webCallbackItems()).toEqual(before);
  });

  it('counts IVR callbacks to the number: after the IVR used its limit, the web is refused', async () => {
    const phone = freshMobile();
    // What the IVR's callback-number function writes: a marker with the shared number limits and budget.
    const limits = [
      ...(await callbackNumberLimits(env.pseudonyms, phone)),
      ...callbackBudget(TEST_OUTBOUND.callbacksPerHour, TEST_OUTBOUND.callbacksPerDay),
    ];
    for (let i = 0; i < CALLBACKS_PER_NUMBER; i++) {
      const put = {
        Put: {
          TableName: env.tables.OtpChallenges,
          Item: { pk: `sent#callback#test-${phone}-${i}`, ttl: 0 },
        },
      };
      expect((await writeLimited(env.doc, env.tables.OtpChallenges, put, limits, Date.now(), {})).kind).toBe(
        'written',
      );
    }
    const refused = await env.handler()(
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone } }),
    );
    expect(refused.statusCode).toBe(429);
  });

  it('enforces the per-client limit across different numbers (CloudFront viewer address)', async () => {
    const handler = env.handler();
    const viewer = `192.0.2.${(process.pid % 200) + 1}:443`;
    const request = () =>
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone: freshMobile() }, viewer });
    const statuses: number[] = [];
    for (let i = 0; i < CALLBACKS_PER_CLIENT + 2; i++) statuses.push((await handler(request())).statusCode);
    expect(statuses.filter((s) => s === 202)).toHaveLength(CALLBACKS_PER_CLIENT);
    expect(statuses.slice(CALLBACKS_PER_CLIENT)).toEqual([429, 429]);
  });

  it('counts every IPv6 address of one /64 as one client, keyed by a pseudonym of the /64', async () => {
    const handler = env.handler();
    const net = `2001:db8:${(process.pid % 0xffff).toString(16)}:7`;
    const statuses: number[] = [];
    for (let i = 0; i < CALLBACKS_PER_CLIENT + 1; i++) {
      // Different interface ids (and ports) in the same /64, as a client rotating addresses would use.
      const viewer = `${net}:${(i + 1).toString(16)}:${(i * 257).toString(16)}::${i + 1}:${50000 + i}`;
      const response = await handler(
        apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone: freshMobile() }, viewer }),
      );
      statuses.push(response.statusCode);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(CALLBACKS_PER_CLIENT);
    expect(statuses[CALLBACKS_PER_CLIENT]).toBe(429);
    const key = await env.pseudonyms.of('client', `v6:${net}::/64`);
    const items = await webCallbackItems();
    const clientItem = items.find((i) => i.pk === `${CLIENT_LIMIT_PREFIX}${key}#${CALLBACK_WINDOW_SECONDS}`);
    expect(clientItem?.sends).toHaveLength(CALLBACKS_PER_CLIENT);
    expect(items.map((i) => String(i.pk)).join('\n')).not.toContain('2001:db8');
    // Another /64 is another client.
    const other = await handler(
      apiRequest('POST', '/api/callback', {
        body: { intent: 'adviser', phone: freshMobile() },
        viewer: `${net.replace(/:7$/, ':8')}::1:443`,
      }),
    );
    expect(other.statusCode).toBe(202);
  });

  it('a flood of concurrent requests for one number books at most the limit', async () => {
    const phone = freshMobile();
    const handler = env.handler();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        handler(
          apiRequest('POST', '/api/callback', {
            body: { intent: 'adviser', phone },
            sourceIp: `203.0.113.${i + 100}`,
          }),
        ),
      ),
    );
    const accepted = responses.filter((r) => r.statusCode === 202).length;
    expect(accepted).toBeLessThanOrEqual(CALLBACKS_PER_NUMBER);
    expect(responses.every((r) => [202, 429].includes(r.statusCode))).toBe(true);
    const pending = (await webCallbackItems()).filter((i) => i.phoneE164 === phone);
    expect(pending).toHaveLength(accepted);
  });

  it('answers 409 when the callback is not offered now (closed, callback only while open), writing nothing', async () => {
    const before = await webCallbackItems();
    const handler = env.handler({ model: alwaysClosed() });
    const response = await handler(
      apiRequest('POST', '/api/callback', { body: { intent: 'passwordReset', phone: freshMobile() } }),
    );
    expect(response.statusCode).toBe(409);
    expect(bodyOf<{ error: { code: string; message: string } }>(response).error).toEqual({
      code: 'CALLBACK_NOT_OFFERED',
      message: expect.stringMatching(/^a call back is not offered right now: Closed now/),
    });
    expect(await webCallbackItems()).toEqual(before);
  });

  it('answers 503 when Connect fails, and releases the pending callback', async () => {
    const phone = freshMobile();
    // More failures than the client's attempts.
    env.connect.failNext(5);
    const response = await env.handler({ model: alwaysOpen(), queueMetrics: new FakeQueueMetrics() })(
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone } }),
    );
    expect(response.statusCode).toBe(503);
    expect(bodyOf<{ error: { code: string } }>(response).error.code).toBe('UNAVAILABLE');
    expect((await webCallbackItems()).filter((i) => i.phoneE164 === phone)).toEqual([]);
  });
});

describe('only through CloudFront (origin secret)', () => {
  it.each([
    ['no origin secret, a forged viewer address', { 'CloudFront-Viewer-Address': '192.0.2.77:443' }],
    ['no origin secret, a forged X-Forwarded-For', { 'X-Forwarded-For': '192.0.2.78' }],
    [
      'a wrong origin secret',
      {
        'x-origin-verify': `${TEST_ORIGIN_SECRET.slice(0, -1)}X`,
        'CloudFront-Viewer-Address': '192.0.2.79:443',
      },
    ],
    ['an empty origin secret', { 'x-origin-verify': '', 'CloudFront-Viewer-Address': '192.0.2.80:443' }],
  ])('refuses a callback with %s: 403, nothing written, no task', async (_name, headers) => {
    const before = await webCallbackItems();
    const response = await env.handler()(
      apiRequest('POST', '/api/callback', {
        body: { intent: 'adviser', phone: freshMobile() },
        headers,
        viaCloudFront: false,
      }),
    );
    expect(response.statusCode).toBe(403);
    expect(bodyOf<ErrorBody>(response).error).toEqual({
      code: 'FORBIDDEN',
      message: 'the request was refused',
    });
    expect(await webCallbackItems()).toEqual(before);
    expect(env.connect.calls).toEqual([]);
  });

  it('refuses every route of the direct execute-api path, reads included', async () => {
    const handler = env.handler();
    for (const request of [
      apiRequest('GET', '/api/intents', { viaCloudFront: false }),
      apiRequest('GET', '/api/options', { query: { intent: 'adviser' }, viaCloudFront: false }),
      apiRequest('POST', '/api/events', {
        body: { events: [{ type: 'intent-chosen', intent: 'balance' }] },
        viaCloudFront: false,
      }),
    ]) {
      expect((await handler(request)).statusCode).toBe(403);
    }
    expect(env.connect.calls).toEqual([]);
    expect(output.lines().filter((l) => l._aws !== undefined)).toEqual([]);
  });

  it('refuses a repeated origin secret header', async () => {
    const response = await env.handler()(
      apiRequest('GET', '/api/intents', {
        multiValueHeaders: { 'x-origin-verify': [TEST_ORIGIN_SECRET, TEST_ORIGIN_SECRET] },
      }),
    );
    expect(response.statusCode).toBe(403);
  });

  it.each([
    ['no viewer address', undefined],
    ['a viewer address without a port', '192.0.2.90'],
    ['two viewer addresses', '192.0.2.91:443, 192.0.2.92:443'],
    ['a host name', 'example.com:443'],
  ])('refuses a callback through CloudFront with %s, writing nothing', async (_name, viewer) => {
    const before = await webCallbackItems();
    const request = apiRequest('POST', '/api/callback', {
      body: { intent: 'adviser', phone: freshMobile() },
    });
    const headers = { ...request.headers } as Record<string, string>;
    delete headers['CloudFront-Viewer-Address'];
    if (viewer !== undefined) headers['CloudFront-Viewer-Address'] = viewer;
    const response = await env.handler()({ ...request, headers });
    expect(response.statusCode).toBe(403);
    expect(await webCallbackItems()).toEqual(before);
  });

  it("refuses a repeated viewer address (a client-sent one next to CloudFront's)", async () => {
    const response = await env.handler()(
      apiRequest('POST', '/api/callback', {
        body: { intent: 'adviser', phone: freshMobile() },
        multiValueHeaders: { 'CloudFront-Viewer-Address': ['192.0.2.93:443', '198.51.100.7:5555'] },
      }),
    );
    expect(response.statusCode).toBe(403);
  });

  it('keys the client on the viewer address, never on X-Forwarded-For', async () => {
    const handler = env.handler();
    const viewer = `192.0.2.${(process.pid % 50) + 200}:443`;
    const statuses: number[] = [];
    for (let i = 0; i < CALLBACKS_PER_CLIENT + 1; i++) {
      const response = await handler(
        apiRequest('POST', '/api/callback', {
          body: { intent: 'adviser', phone: freshMobile() },
          viewer,
          headers: { 'X-Forwarded-For': `198.51.100.${i}, 203.0.113.1` },
        }),
      );
      statuses.push(response.statusCode);
    }
    expect(statuses[CALLBACKS_PER_CLIENT]).toBe(429);
  });

  it('will not start without an origin secret of at least 32 characters', () => {
    expect(() => env.handler({ originSecret: 'short' })).toThrow(/ORIGIN_SECRET has 5 characters/);
  });
});

describe('global callback budget (shared with IVR callbacks)', () => {
  let budgetEnv: ApiEnv;
  beforeAll(async () => {
    budgetEnv = await startApiEnv('omnibudget');
  });
  afterAll(async () => {
    await budgetEnv.close();
  });

  it('refuses callbacks once the hourly budget is spent, with the same answer as any limit', async () => {
    const handler = budgetEnv.handler({ outbound: { ...TEST_OUTBOUND, callbacksPerHour: 2 } });
    const book = () =>
      handler(apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone: freshMobile() } }));
    expect((await book()).statusCode).toBe(202);
    expect((await book()).statusCode).toBe(202);
    const before = await webCallbackItems(budgetEnv);
    const refused = await book();
    expect(refused.statusCode).toBe(429);
    expect(bodyOf<ErrorBody>(refused).error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await webCallbackItems(budgetEnv)).toEqual(before);
    // Counted like any refused request (the reason goes to the function's warning log only).
    expect(output.lines().some((l) => l._aws !== undefined && l.Outcome === 'RATE_LIMITED')).toBe(true);
  });

  it('refuses every number when the outbound policy is missing (fail closed)', async () => {
    const response = await budgetEnv.handler({ outbound: undefined })(
      apiRequest('POST', '/api/callback', { body: { intent: 'adviser', phone: freshMobile() } }),
    );
    expect([response.statusCode, bodyOf<ErrorBody>(response).error.code]).toEqual([400, 'INVALID_PHONE']);
  });
});

describe('POST /api/events', () => {
  it('turns page events into EMF metrics with closed-list dimensions only', async () => {
    const response = await env.handler()(
      apiRequest('POST', '/api/events', {
        body: {
          events: [
            { type: 'intent-chosen', intent: 'balance' },
            { type: 'option-shown', intent: 'balance', channel: 'self-service' },
            { type: 'option-taken', intent: 'balance', channel: 'self-service' },
            { type: 'abandoned', intent: 'adviser', step: 'callback-form' },
          ],
        },
      }),
    );
    expect(response.statusCode).toBe(204);
    const emf = output.lines().filter((l) => l._aws !== undefined);
    expect(emf).toHaveLength(4);
    expect(
      emf.map((l) =>
        Object.keys(l)
          .filter((k) => !['_aws'].includes(k))
          .sort(),
      ),
    ).toEqual([
      ['Intent', 'IntentChosen', 'Surface', 'service'],
      ['Channel', 'Intent', 'OptionShown', 'Surface', 'service'],
      ['Channel', 'Intent', 'OptionTaken', 'Surface', 'service'],
      ['Abandoned', 'Intent', 'Step', 'Surface', 'service'],
    ]);
    expect(emf[2]).toMatchObject({
      Channel: 'self-service',
      Intent: 'balance',
      Surface: 'web',
      OptionTaken: 1,
      service: 'contact-options',
    });
    expect(
      (emf[0]._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0].Namespace,
    ).toBe('ContactCentre/Journey');
  });

  it.each([
    [
      'free text smuggled in',
      { events: [{ type: 'intent-chosen', intent: 'balance', email: 'ann@example.com' }] },
    ],
    ['an unknown intent', { events: [{ type: 'intent-chosen', intent: 'lostCard' }] }],
    ['a channel missing on option-taken', { events: [{ type: 'option-taken', intent: 'balance' }] }],
    [
      'a step on a non-abandon event',
      { events: [{ type: 'intent-chosen', intent: 'balance', step: 'options' }] },
    ],
    ['an unknown event type', { events: [{ type: 'page-viewed', intent: 'balance' }] }],
    [
      'too many events',
      { events: Array.from({ length: 11 }, () => ({ type: 'intent-chosen', intent: 'balance' })) },
    ],
    ['no events', { events: [] }],
  ])('refuses %s with 400 and records nothing', async (_name, body) => {
    const response = await env.handler()(apiRequest('POST', '/api/events', { body }));
    expect(response.statusCode).toBe(400);
    expect(bodyOf<{ error: { code: string } }>(response).error.code).toBe('INVALID_REQUEST');
    expect(output.lines().filter((l) => l._aws !== undefined)).toEqual([]);
  });
});
