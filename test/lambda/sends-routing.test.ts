import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SECURITY } from '../../lib/integrations/contracts';
import { createHandler as createPasswordReset } from '../../lambda/password-reset';
import { resetIdHash } from '../../lambda/domain/password-reset';
import { createHandler as createRoutingContext } from '../../lambda/routing-context';
import { createHandler as createSmsLink } from '../../lambda/sms-link';
import { createSnsClient } from '../../lambda/shared/aws/sns';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../support/clients';
import { STAGES } from '../../lib/config/stages';
import { sendPasswordReset } from '../../lambda/domain/password-reset';
import { DerivedKeyPseudonyms } from '../../lambda/shared/pseudonyms';
import {
  DynamoCustomerRepository,
  DynamoOtpStore,
  DynamoResetGrantStore,
} from '../../lambda/shared/aws/dynamodb';
import { KmsMacPort } from '../../lambda/shared/aws/kms';
import { cryptoRandom } from '../../lambda/shared/system';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('sends');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

beforeEach(() => {
  env.outbox.messages.length = 0;
  env.outbox.failures = 0;
});

/** A minimal SNS endpoint (query protocol) recording Publish calls, to exercise the real SNS port. */
async function startSnsStub(): Promise<{
  endpoint: string;
  bodies: URLSearchParams[];
  close(): Promise<void>;
}> {
  const bodies: URLSearchParams[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(
        '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>' +
          '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A customer registered with `phoneE164`. The demo customers' numbers are in fiction ranges
 * (Ofcom 07700 900xxx, Arcep 06 39 98) that the outbound policy refuses as invalid, so these tests
 * register numbers of allocated mobile ranges (texts go to the outbox, never out).
 */
async function newCustomer(phoneE164: string, language = 'en'): Promise<string> {
  const customerId = `RESET${Math.floor(Math.random() * 1e9)}`;
  await env.doc.send(
    new PutCommand({
      TableName: env.tables.Customers,
      Item: { customerId, phoneE164, firstName: 'T', language },
    }),
  );
  return customerId;
}

describe('password-reset', () => {
  it('texts a single-use reset link to the registered number for an OTP-level token', async () => {
    const contactId = newContactId();
    const customerId = await newCustomer('+33612345678', 'fr');
    const authToken = await env.token({ contactId, customerId, level: 'OTP' });
    const response = await createPasswordReset(env.deps())(
      connectEvent({ contactId, caller: newMobile(), parameters: { authToken } }),
    );
    expect(response).toEqual({ status: 'SENT', phoneHint: '78' });
    expect(env.outbox.messages).toHaveLength(1);
    const [message] = env.outbox.messages;
    expect(message).toMatchObject({ to: '+33612345678', purpose: 'password-reset' });
    expect(message?.text).toMatch(
      /^Pour réinitialiser .* https:\/\/account\.example\.com\/reset\?t=[A-Za-z0-9_-]{22}$/,
    );
  });

  it('stores only the hash of the reset id, bound to customer and contact, valid 15 minutes, once per contact', async () => {
    const contactId = newContactId();
    const customerId = await newCustomer(newMobile());
    const authToken = await env.token({ contactId, customerId, level: 'OTP' });
    const handler = createPasswordReset(env.deps());
    const event = connectEvent({ contactId, parameters: { authToken } });
    const before = env.outbox.messages.length;
    expect(await handler(event)).toMatchObject({ status: 'SENT' });
    // Connect retries the invocation: no second link.
    expect(await handler(event)).toMatchObject({ status: 'SENT' });
    const sent = env.outbox.messages.slice(before);
    expect(sent).toHaveLength(1);
    const resetId = /\?t=([A-Za-z0-9_-]+)$/.exec(sent[0]!.text)![1]!;
    const grant = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `reset#${resetIdHash(resetId)}` } }),
    );
    expect(grant.Item).toMatchObject({
      customerId,
      contactId,
      used: false,
      kind: 'password-reset',
    });
    expect(Number(grant.Item!.expiresAt) - Number(grant.Item!.createdAt)).toBe(15 * 60 * 1000);
    expect(JSON.stringify(grant.Item)).not.toContain(resetId);
  });

  it('sends through SNS Publish as a transactional SMS', async () => {
    const sns = await startSnsStub();
    try {
      const contactId = newContactId();
      const phone = newMobile();
      const authToken = await env.token({ contactId, customerId: await newCustomer(phone), level: 'OTP' });
      const client = createSnsClient({
        endpoint: sns.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      const handler = createPasswordReset(env.deps({ sms: undefined, sns: client, smsSenderId: 'ACME' }));
      expect(await handler(connectEvent({ contactId, parameters: { authToken } }))).toEqual({
        status: 'SENT',
        phoneHint: phone.slice(-2),
      });
      expect(sns.bodies).toHaveLength(1);
      const body = sns.bodies[0]!;
      expect(body.get('Action')).toBe('Publish');
      expect(body.get('PhoneNumber')).toBe(phone);
      const attributes = [...body.entries()]
        .filter(([key]) => key.startsWith('MessageAttributes'))
        .map(([, v]) => v);
      expect(attributes).toEqual(
        expect.arrayContaining(['AWS.SNS.SMS.SMSType', 'Transactional', 'AWS.SNS.SMS.SenderID', 'ACME']),
      );
      client.destroy();
    } finally {
      await sns.close();
    }
  });

  it('answers UNAUTHORIZED for a PIN-level token (possession of the phone is required)', async () => {
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: 'CUST0001',
      level: 'PIN',
      accountNumber: '41020001',
    });
    expect(
      await createPasswordReset(env.deps())(connectEvent({ contactId, parameters: { authToken } })),
    ).toEqual({
      status: 'UNAUTHORIZED',
    });
    expect(env.outbox.messages).toHaveLength(0);
  });

  it('answers NOT_FOUND when the token’s customer has no registered number', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST9999', level: 'OTP' });
    expect(
      await createPasswordReset(env.deps())(connectEvent({ contactId, parameters: { authToken } })),
    ).toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('answers INVALID_INPUT without a token and UNAVAILABLE when the SMS fails', async () => {
    expect(await createPasswordReset(env.deps())(connectEvent({ parameters: {} }))).toEqual({
      status: 'INVALID_INPUT',
    });
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: await newCustomer(newMobile()),
      level: 'OTP',
    });
    env.outbox.failures = 1;
    expect(
      await createPasswordReset(env.deps())(connectEvent({ contactId, parameters: { authToken } })),
    ).toEqual({
      status: 'UNAVAILABLE',
    });
  });

  it('never logs the link or the phone number', async () => {
    const contactId = newContactId();
    const phone = newMobile();
    const authToken = await env.token({ contactId, customerId: await newCustomer(phone), level: 'OTP' });
    output.take();
    await createPasswordReset(env.deps())(connectEvent({ contactId, parameters: { authToken } }));
    const text = output.take();
    const link = /https:\S+/.exec(env.outbox.messages[0]!.text)![0];
    expect(text).not.toContain(link.split('?t=')[1]!);
    expect(text).not.toContain(phone.slice(1));
  });

  it.each([
    ['a premium-rate number', '+449098790000'],
    ['a landline', '+442079460123'],
    ['a Guernsey mobile', '+447781123456'],
    ['a satellite number', '+881612345678'],
    ['a number of another country', '+34612345678'],
  ])('answers NOT_FOUND for %s the policy refuses, writing and sending nothing', async (_label, phone) => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: await newCustomer(phone), level: 'OTP' });
    expect(
      await createPasswordReset(env.deps())(connectEvent({ contactId, parameters: { authToken } })),
    ).toEqual({ status: 'NOT_FOUND' });
    expect(env.outbox.messages).toHaveLength(0);
    const contactItem = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `reset-contact#${contactId}` } }),
    );
    expect(contactItem.Item).toBeUndefined();
  });

  it('answers NOT_FOUND for every number without a stage policy (fail closed)', async () => {
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: await newCustomer(newMobile()),
      level: 'OTP',
    });
    expect(
      await createPasswordReset(env.deps({ outbound: undefined }))(
        connectEvent({ contactId, parameters: { authToken } }),
      ),
    ).toEqual({ status: 'NOT_FOUND' });
  });

  // Through the domain function with the real adapters: the handler can only answer RATE_LIMITED
  // once the password-reset contract lists it (until then the adapter turns it into UNAVAILABLE).
  it('refuses a 4th reset text to one number within the hour (RATE_LIMITED), and the global budget', async () => {
    const phone = newMobile();
    const customerId = await newCustomer(phone);
    const mac = new KmsMacPort(env.kms, env.macKeyId);
    const ports = {
      customers: new DynamoCustomerRepository(env.doc, env.tables.Customers),
      grants: new DynamoResetGrantStore(env.doc, env.tables.OtpChallenges),
      otp: new DynamoOtpStore(env.doc, env.tables.OtpChallenges),
      pseudonyms: new DerivedKeyPseudonyms(mac),
      mac,
      sms: env.outbox,
      clock: env.clock,
      random: cryptoRandom,
    };
    const reset = async (outbound = STAGES.dev.outbound) => {
      const contactId = newContactId();
      const authToken = await env.token({ contactId, customerId, level: 'OTP' });
      const config = { resetBaseUrl: 'https://account.example.com/reset', outbound };
      return (await sendPasswordReset(ports, config, { contactId }, { authToken })).status;
    };
    const perHour = SECURITY.smsPerNumber[0]!.max;
    for (let i = 0; i < perHour; i++) expect(await reset()).toBe('SENT');
    expect(await reset()).toBe('RATE_LIMITED');
    expect(env.outbox.messages).toHaveLength(perHour);
    const other = await newCustomer(newMobile());
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: other, level: 'OTP' });
    const spent = { ...STAGES.dev.outbound, smsPerHour: 1 };
    const config = { resetBaseUrl: 'https://account.example.com/reset', outbound: spent };
    expect((await sendPasswordReset(ports, config, { contactId }, { authToken })).status).toBe(
      'RATE_LIMITED',
    );
  });
});

/** A fresh GB mobile of an allocated range (07400 9xxxxx), so per-number limits start at zero. */
function newMobile(): string {
  return `+4474009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

describe('sms-link', () => {
  const send = (caller: string | null, parameters: Record<string, string>, contactId = newContactId()) =>
    createSmsLink(env.deps())(connectEvent({ contactId, caller, parameters }));

  it('texts the self-service link for the intent to the calling mobile', async () => {
    const caller = newMobile();
    expect(await send(caller, { intent: 'order-status' })).toEqual({ status: 'SENT' });
    expect(env.outbox.messages).toEqual([
      {
        to: caller,
        purpose: 'self-service-link',
        text: 'As promised during your call, here is your link: https://help.example.com/self-service/order-status',
      },
    ]);
  });

  it('sends once per contact and intent, however often Connect retries', async () => {
    const caller = newMobile();
    const contactId = newContactId();
    const responses = await Promise.all([1, 2, 3].map(() => send(caller, { intent: 'billing' }, contactId)));
    expect(responses).toEqual([{ status: 'SENT' }, { status: 'SENT' }, { status: 'SENT' }]);
    expect(env.outbox.messages).toHaveLength(1);
  });

  it('allows 3 links per number per hour, then RATE_LIMITED', async () => {
    const caller = newMobile();
    for (let i = 0; i < SECURITY.smsPerNumber[0]!.max; i++) {
      expect(await send(caller, { intent: 'billing' })).toEqual({ status: 'SENT' });
    }
    expect(await send(caller, { intent: 'billing' })).toEqual({ status: 'RATE_LIMITED' });
  });

  it.each([
    ['a landline', '+442079460123'],
    ['a French landline', '+33140000000'],
    ['a premium-rate number', '+449098790000'],
    ['an Isle of Man mobile', '+447624123456'],
    ['a satellite number', '+88216000000'],
    ['a mobile of another country', '+34612345678'],
    ['a withheld number', 'anonymous'],
    ['no number at all', null],
  ])('answers INVALID_INPUT for %s', async (_label, caller) => {
    expect(await send(caller, { intent: 'billing' })).toEqual({ status: 'INVALID_INPUT' });
    expect(env.outbox.messages).toHaveLength(0);
  });

  it('answers INVALID_INPUT for a malformed intent', async () => {
    for (const intent of ['Billing', '../admin', 'a'.repeat(41), '']) {
      expect(await send(newMobile(), { intent })).toEqual({ status: 'INVALID_INPUT' });
    }
  });

  it('answers UNAVAILABLE when the SMS fails, and a retry sends it', async () => {
    const caller = newMobile();
    const contactId = newContactId();
    env.outbox.failures = 1;
    expect(await send(caller, { intent: 'billing' }, contactId)).toEqual({ status: 'UNAVAILABLE' });
    expect(await send(caller, { intent: 'billing' }, contactId)).toEqual({ status: 'SENT' });
    expect(env.outbox.messages).toHaveLength(1);
  });
});

describe('routing-context', () => {
  const now = () => env.clock.now();

  async function putRouting(item: Record<string, unknown>): Promise<void> {
    await env.doc.send(new PutCommand({ TableName: env.tables.RoutingState, Item: item }));
  }

  it('returns each queue’s effective mode (an active override wins) and the announcement', async () => {
    await putRouting({
      queue: 'general',
      mode: 'NORMAL',
      since: new Date(now()).toISOString(),
      reason: 'alarm OK',
    });
    await putRouting({
      queue: 'billing',
      mode: 'CALLBACK',
      since: new Date(now()).toISOString(),
      reason: 'wait',
      alarm: 'a1',
    });
    await putRouting({
      queue: 'sales',
      mode: 'OVERFLOW',
      since: new Date(now()).toISOString(),
      override: { mode: 'DEFLECT', reason: 'storm', until: new Date(now() + 3_600_000).toISOString() },
    });
    await putRouting({
      queue: 'support',
      mode: 'CALLBACK',
      since: new Date(now()).toISOString(),
      override: { mode: 'NORMAL', reason: 'old', until: new Date(now() - 1).toISOString() },
    });
    await putRouting({
      queue: '#announcement',
      text: {
        en: 'Our lines are busy due to a storm.',
        fr: 'Nos lignes sont saturées en raison d’une tempête.',
      },
      until: new Date(now() + 3_600_000).toISOString(),
    });
    const handler = createRoutingContext(env.deps());
    expect(await handler(connectEvent({ parameters: {} }))).toEqual({
      status: 'OK',
      mode_general: 'NORMAL',
      mode_billing: 'CALLBACK',
      mode_sales: 'DEFLECT',
      mode_support: 'CALLBACK',
      announcement: 'Our lines are busy due to a storm.',
      hasAnnouncement: 'true',
    });
    expect(await handler(connectEvent({ parameters: { language: 'fr' } }))).toMatchObject({
      announcement: 'Nos lignes sont saturées en raison d’une tempête.',
    });
  });

  it('drops an announcement whose time is over', async () => {
    env.clock.advance(3_600_001);
    const response = await createRoutingContext(env.deps())(connectEvent({ parameters: {} }));
    expect(response).toMatchObject({ status: 'OK', hasAnnouncement: 'false', mode_sales: 'OVERFLOW' });
    expect(response.announcement).toBeUndefined();
  });

  it('answers OK, degraded, with every known queue NORMAL when the state cannot be read', async () => {
    const handler = createRoutingContext(
      env.deps({
        tables: { ...env.tables, RoutingState: 'missing-table' },
        routingQueues: ['general', 'billing'],
      }),
    );
    expect(await handler(connectEvent({ parameters: {} }))).toEqual({
      status: 'OK',
      mode_general: 'NORMAL',
      mode_billing: 'NORMAL',
      hasAnnouncement: 'false',
      degraded: 'true',
    });
  });

  it('answers INVALID_INPUT for a malformed language', async () => {
    expect(
      await createRoutingContext(env.deps())(connectEvent({ parameters: { language: 'english!' } })),
    ).toEqual({
      status: 'INVALID_INPUT',
    });
  });
});

describe('fiction ranges (demo customers)', () => {
  const noFiction = () => env.deps({ outbound: { ...STAGES.dev.outbound, allowFictionalNumbers: false } });

  it('texts a fiction-range number only where the stage allows fiction ranges', async () => {
    const contactId = newContactId();
    const event = connectEvent({ contactId, caller: '+447700900998', parameters: { intent: 'billing' } });
    expect(await createSmsLink(noFiction())(event)).toEqual({ status: 'INVALID_INPUT' });
    expect(await createSmsLink(env.deps())(event)).toEqual({ status: 'SENT' });
  });

  it('answers password-reset NOT_FOUND for a fiction-range number where they are not allowed', async () => {
    const contactId = newContactId();
    const customerId = await newCustomer('+447700900997');
    const authToken = await env.token({ contactId, customerId, level: 'OTP' });
    const before = env.outbox.messages.length;
    expect(
      await createPasswordReset(noFiction())(connectEvent({ contactId, parameters: { authToken } })),
    ).toEqual({ status: 'NOT_FOUND' });
    expect(env.outbox.messages).toHaveLength(before);
  });
});

describe('password-reset retries', () => {
  it('sends a fresh link when Connect retries after the SMS failed (no SENT for a link never delivered)', async () => {
    const contactId = newContactId();
    const customerId = await newCustomer('+447400900555');
    const authToken = await env.token({ contactId, customerId, level: 'OTP' });
    const event = connectEvent({ contactId, parameters: { authToken } });
    env.outbox.failures = 1;
    expect(await createPasswordReset(env.deps())(event)).toEqual({ status: 'UNAVAILABLE' });
    const before = env.outbox.messages.length;
    expect(await createPasswordReset(env.deps())(event)).toMatchObject({ status: 'SENT' });
    expect(env.outbox.messages).toHaveLength(before + 1);
    // A second retry answers SENT without a second text.
    expect(await createPasswordReset(env.deps())(event)).toMatchObject({ status: 'SENT' });
    expect(env.outbox.messages).toHaveLength(before + 1);
  });
});
