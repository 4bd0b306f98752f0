import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { STAGES } from '../../lib/config/stages';
import { SECURITY, type SendLimit } from '../../lib/integrations/contracts';
import { maxGuessesWithin } from '../../lambda/domain/guess-guard';
import { verifyAuthToken } from '../../lambda/domain/auth-token';
import { createHandler as createOtpStart } from '../../lambda/otp-start';
import { createHandler as createOtpVerify } from '../../lambda/otp-verify';
import { KmsMacPort } from '../../lambda/shared/aws/kms';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('otp');
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

/** A fresh customer with its own send budget (rate counters are per customer and window). */
async function newCustomer(phoneE164 = '+447400900777'): Promise<string> {
  const customerId = `CUSTT${Math.random().toString(36).slice(2, 10)}`;
  await env.doc.send(
    new PutCommand({
      TableName: env.tables.Customers,
      Item: { customerId, phoneE164, firstName: 'T', language: 'en' },
    }),
  );
  return customerId;
}

/** A caller number nobody else uses (the per-caller budget is keyed on it). */
function newCaller(): string {
  return `+4474009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

async function startFor(customerId: string, contactId = newContactId(), caller = newCaller()) {
  const response = await createOtpStart(env.deps())(
    connectEvent({ contactId, caller, parameters: { customerId } }),
  );
  return { response, contactId, caller };
}

function verify(contactId: string, customerId: string, code: string) {
  return createOtpVerify(env.deps())(connectEvent({ contactId, parameters: { customerId, code } }));
}

function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

describe('otp-start', () => {
  it('texts a 6-digit code to the registered number, not the calling number, and stores only its MAC', async () => {
    const { response, contactId } = await startFor('CUST0001', newContactId(), '+447700900999');
    expect(response).toEqual({ status: 'SENT', phoneHint: '23' });
    expect(env.outbox.messages).toHaveLength(1);
    expect(env.outbox.messages[0]).toMatchObject({ to: '+447700900123', purpose: 'otp' });
    const code = env.outbox.lastCode();
    const { Item: item } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `challenge#${contactId}` } }),
    );
    expect(item).toMatchObject({ customerId: 'CUST0001', attempts: 0, used: false, smsState: 'SENT' });
    expect(item?.expiresAt).toBe(env.clock.now() + SECURITY.otpLifetimeSeconds * 1000);
    expect(item?.ttl).toBeGreaterThan(Math.floor((item?.expiresAt as number) / 1000));
    expect(JSON.stringify(item)).not.toContain(code);
    expect(item?.codeMac).toBeInstanceOf(Uint8Array);
  });

  it('is idempotent per contact: a retry answers SENT without a second SMS or a new code', async () => {
    const customerId = await newCustomer();
    const first = await startFor(customerId);
    const { Item: before } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `challenge#${first.contactId}` } }),
    );
    const retries = await Promise.all(
      [1, 2, 3].map(() =>
        createOtpStart(env.deps())(
          connectEvent({ contactId: first.contactId, caller: first.caller, parameters: { customerId } }),
        ),
      ),
    );
    expect(retries).toEqual([1, 2, 3].map(() => ({ status: 'SENT', phoneHint: '77' })));
    expect(env.outbox.messages).toHaveLength(1);
    const { Item: after } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `challenge#${first.contactId}` } }),
    );
    expect(after?.nonce).toBe(before?.nonce);
  });

  it('sends one SMS when Connect retries concurrently', async () => {
    const customerId = await newCustomer();
    const contactId = newContactId();
    const caller = newCaller();
    const handler = createOtpStart(env.deps());
    const responses = await Promise.all(
      [1, 2, 3].map(() => handler(connectEvent({ contactId, caller, parameters: { customerId } }))),
    );
    expect(responses.every((r) => r.status === 'SENT')).toBe(true);
    expect(env.outbox.messages).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown customer and for one without a phone', async () => {
    expect((await startFor('CUST9999')).response).toEqual({ status: 'NOT_FOUND' });
    await env.doc.send(
      new PutCommand({ TableName: env.tables.Customers, Item: { customerId: 'CUSTNOPHONE' } }),
    );
    expect((await startFor('CUSTNOPHONE')).response).toEqual({ status: 'NOT_FOUND' });
    expect(env.outbox.messages).toHaveLength(0);
  });

  const [shortLimit, dailyLimit] = SECURITY.otpSendsPerCustomer as [SendLimit, SendLimit];

  it('allows 5 sends per customer in any 10 minutes and 10 a day, then RATE_LIMITED', async () => {
    const customerId = await newCustomer();
    for (let i = 0; i < shortLimit.max; i++) {
      expect((await startFor(customerId)).response.status).toBe('SENT');
    }
    expect((await startFor(customerId)).response).toEqual({ status: 'RATE_LIMITED' });
    expect(env.outbox.messages).toHaveLength(shortLimit.max);
    env.clock.advance(shortLimit.windowSeconds * 1000);
    for (let i = shortLimit.max; i < dailyLimit.max; i++) {
      expect((await startFor(customerId)).response.status).toBe('SENT');
    }
    env.clock.advance(shortLimit.windowSeconds * 1000);
    expect((await startFor(customerId)).response).toEqual({ status: 'RATE_LIMITED' });
    env.clock.advance(dailyLimit.windowSeconds * 1000);
    expect((await startFor(customerId)).response.status).toBe('SENT');
  });

  it('lets 10 concurrent sends across a window boundary through only up to the sliding limit', async () => {
    const customerId = await newCustomer();
    for (let i = 0; i < shortLimit.max - 1; i++) {
      expect((await startFor(customerId)).response.status).toBe('SENT');
    }
    // A fixed 10-minute window would restart here; the sliding one still holds the 4 recent sends.
    const windowMs = shortLimit.windowSeconds * 1000;
    env.clock.current = (Math.floor(env.clock.now() / windowMs) + 1) * windowMs + 1;
    env.outbox.messages.length = 0;
    const responses = await Promise.all(Array.from({ length: 10 }, () => startFor(customerId)));
    expect(responses.filter((r) => r.response.status === 'SENT')).toHaveLength(1);
    expect(responses.filter((r) => r.response.status === 'RATE_LIMITED')).toHaveLength(9);
    expect(env.outbox.messages).toHaveLength(1);
  });

  it('stops every customer at the global SMS budget', async () => {
    const deps = env.deps({ outbound: { ...STAGES.dev.outbound, smsPerHour: 3 } });
    const send = async () =>
      (
        await createOtpStart(deps)(
          connectEvent({ caller: newCaller(), parameters: { customerId: await newCustomer() } }),
        )
      ).status;
    // Other tests of this file counted against the same hourly budget item: count from here.
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await send());
    expect(answers.filter((a) => a === 'SENT').length).toBeLessThanOrEqual(3);
    expect(answers.at(-1)).toBe('RATE_LIMITED');
  });

  it('does not text a registered number the outbound policy refuses (premium rate, other country)', async () => {
    for (const phone of ['+449098790000', '+37120000000', '+88216000000']) {
      expect((await startFor(await newCustomer(phone))).response).toEqual({ status: 'NOT_FOUND' });
    }
    expect(env.outbox.messages).toHaveLength(0);
  });

  it('allows 5 sends per calling number per 10 minutes, whatever the customer, then RATE_LIMITED', async () => {
    const caller = newCaller();
    for (let i = 0; i < SECURITY.otpSendsPerCaller[0]!.max; i++) {
      expect((await startFor(await newCustomer(), newContactId(), caller)).response.status).toBe('SENT');
    }
    expect((await startFor(await newCustomer(), newContactId(), caller)).response).toEqual({
      status: 'RATE_LIMITED',
    });
  });

  it('keys the caller counter on a keyed pseudonym, never the raw number or its bare hash', async () => {
    const caller = newCaller();
    await startFor(await newCustomer(), newContactId(), caller);
    const { Items: items = [] } = await env.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: env.tables.OtpChallenges }),
    );
    expect(JSON.stringify(items)).not.toContain(caller.slice(1));
    const bare = createHash('sha256').update(`caller:v1:${caller}`, 'utf8').digest('base64url').slice(0, 32);
    expect(JSON.stringify(items)).not.toContain(bare);
    expect(items.some((item) => String(item.pk).startsWith('rate#otp#caller#'))).toBe(true);
  });

  it('refuses a second customer on the same contact', async () => {
    const contactId = newContactId();
    expect((await startFor(await newCustomer(), contactId)).response.status).toBe('SENT');
    expect((await startFor(await newCustomer(), contactId)).response).toEqual({ status: 'RATE_LIMITED' });
  });

  it('answers UNAVAILABLE when the SMS fails, and a retry then sends a fresh code', async () => {
    const customerId = await newCustomer();
    const contactId = newContactId();
    env.outbox.failures = 1;
    expect((await startFor(customerId, contactId)).response).toEqual({ status: 'UNAVAILABLE' });
    expect((await startFor(customerId, contactId)).response).toEqual({ status: 'SENT', phoneHint: '77' });
    expect(env.outbox.messages).toHaveLength(1);
    expect((await verify(contactId, customerId, env.outbox.lastCode())).status).toBe('VERIFIED');
  });

  it('issues a new code once the old one expired', async () => {
    const customerId = await newCustomer();
    const { contactId } = await startFor(customerId);
    const oldCode = env.outbox.lastCode();
    env.clock.advance(SECURITY.otpLifetimeSeconds * 1000 + 1);
    expect((await startFor(customerId, contactId)).response.status).toBe('SENT');
    expect(env.outbox.messages).toHaveLength(2);
    const newCode = env.outbox.lastCode();
    if (newCode !== oldCode)
      expect((await verify(contactId, customerId, oldCode)).status).toBe('INVALID_CODE');
    expect((await verify(contactId, customerId, newCode)).status).toBe('VERIFIED');
  });

  it('answers INVALID_INPUT for a missing or malformed customer id', async () => {
    const handler = createOtpStart(env.deps());
    expect(await handler(connectEvent({ parameters: {} }))).toEqual({ status: 'INVALID_INPUT' });
    expect(await handler(connectEvent({ parameters: { customerId: 'CUST 0001' } }))).toEqual({
      status: 'INVALID_INPUT',
    });
    expect(await handler(connectEvent({ parameters: { customerId: 'x'.repeat(65) } }))).toEqual({
      status: 'INVALID_INPUT',
    });
  });

  it('never logs the code or the phone number', async () => {
    output.take();
    await startFor(await newCustomer('+447700900778'));
    const text = output.take();
    expect(text).not.toContain(env.outbox.lastCode());
    expect(text).not.toContain('447700900778');
  });
});

describe('otp-verify', () => {
  async function challenge(): Promise<{ contactId: string; customerId: string; code: string }> {
    const customerId = await newCustomer();
    const { contactId } = await startFor(customerId);
    return { contactId, customerId, code: env.outbox.lastCode() };
  }

  it('verifies the code once and returns an OTP-level token bound to the contact', async () => {
    const { contactId, customerId, code } = await challenge();
    const response = await verify(contactId, customerId, code);
    expect(response).toEqual({
      status: 'VERIFIED',
      authToken: expect.any(String),
      attemptsLeft: '4',
      customerId,
    });
    const claims = await verifyAuthToken(new KmsMacPort(env.kms, env.macKeyId), response.authToken!, {
      contactIds: [contactId],
      levels: ['OTP'],
      now: env.clock.now(),
    });
    expect(claims).toMatchObject({ contactId, customerId, level: 'OTP' });
    expect(await verify(contactId, customerId, code)).toEqual({ status: 'EXPIRED' });
  });

  it('counts every wrong code and locks after the fifth check', async () => {
    const { contactId, customerId, code } = await challenge();
    const wrong = wrongCode(code);
    for (const left of ['4', '3', '2', '1']) {
      expect(await verify(contactId, customerId, wrong)).toEqual({
        status: 'INVALID_CODE',
        attemptsLeft: left,
      });
    }
    expect(await verify(contactId, customerId, wrong)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    expect(await verify(contactId, customerId, code)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    const { Item: item } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `challenge#${contactId}` } }),
    );
    expect(item).toMatchObject({ attempts: 5, used: false });
  });

  it('answers EXPIRED after five minutes even though TTL has not removed the item', async () => {
    const { contactId, customerId, code } = await challenge();
    env.clock.advance(SECURITY.otpLifetimeSeconds * 1000);
    expect(await verify(contactId, customerId, code)).toEqual({ status: 'EXPIRED' });
  });

  it('answers NOT_FOUND without a challenge for the contact, or for another customer', async () => {
    expect(await verify(newContactId(), 'CUST0001', '123456')).toEqual({ status: 'NOT_FOUND' });
    const { contactId, code } = await challenge();
    expect(await verify(contactId, 'CUST0002', code)).toEqual({ status: 'NOT_FOUND' });
  });

  it('binds the code to the contact: the right code on another contact fails', async () => {
    const customerId = await newCustomer();
    const a = await startFor(customerId);
    const codeA = env.outbox.lastCode();
    const b = await startFor(customerId);
    const codeB = env.outbox.lastCode();
    if (codeA !== codeB) expect((await verify(b.contactId, customerId, codeA)).status).toBe('INVALID_CODE');
    expect((await verify(a.contactId, customerId, codeA)).status).toBe('VERIFIED');
  });

  it('gives exactly one VERIFIED among 100 concurrent verifications of one code', async () => {
    const { contactId, customerId, code } = await challenge();
    const handler = createOtpVerify(env.deps());
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        handler(connectEvent({ contactId, parameters: { customerId, code } })),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 'VERIFIED')).toHaveLength(1);
    expect(statuses.every((s) => ['VERIFIED', 'EXPIRED', 'LOCKED'].includes(s))).toBe(true);
    const { Item: item } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `challenge#${contactId}` } }),
    );
    expect(item).toMatchObject({ used: true, attempts: SECURITY.otpMaxChecks });
  });

  it('answers INVALID_INPUT for a code that is not 6 digits, without counting it', async () => {
    const { contactId, customerId, code } = await challenge();
    for (const bad of ['12345', '1234567', 'abcdef', '12 456']) {
      expect(await verify(contactId, customerId, bad)).toEqual({ status: 'INVALID_INPUT' });
    }
    expect(await verify(contactId, customerId, code)).toMatchObject({
      status: 'VERIFIED',
      attemptsLeft: '4',
    });
  });

  it('answers UNAVAILABLE when KMS is unreachable, and the attempt stays counted', async () => {
    const { contactId, customerId, code } = await challenge();
    const { createKmsClient } = await import('../../lambda/shared/aws/kms');
    const deadKms = createKmsClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const handler = createOtpVerify(env.deps({ kms: deadKms }));
    expect(await handler(connectEvent({ contactId, parameters: { customerId, code } }))).toEqual({
      status: 'UNAVAILABLE',
    });
    expect(await verify(contactId, customerId, code)).toMatchObject({
      status: 'VERIFIED',
      attemptsLeft: '3',
    });
  });

  it('bounds a 30-day OTP guessing attack on one customer to 0.01 %', async () => {
    const customerId = await newCustomer();
    const policy = SECURITY.otpGuessLimits;
    const periodMs = policy.periodSeconds * 1000;
    env.clock.current = (Math.floor(env.clock.now() / periodMs) + 1) * periodMs - 2 * 86_400_000;
    const end = env.clock.now() + 30 * 86_400_000;
    let compared = 0;
    let locked = 0;
    while (env.clock.now() < end && locked < 40) {
      env.outbox.messages.length = 0;
      const { response, contactId } = await startFor(customerId);
      if (response.status !== 'SENT') {
        env.clock.advance(3_600_000);
        continue;
      }
      const code = env.outbox.lastCode();
      for (let i = 0; i < SECURITY.otpMaxChecks; i++) {
        const answer = await verify(contactId, customerId, wrongCode(code));
        if (
          answer.status === 'INVALID_CODE' ||
          (answer.status === 'LOCKED' && i === SECURITY.otpMaxChecks - 1)
        )
          compared += 1;
        if (answer.status === 'LOCKED') {
          locked += 1;
          break;
        }
      }
      env.clock.advance(11 * 60_000);
    }
    // Every guess the guard let through was compared; with the guard the bound holds whatever the plan.
    const bound = maxGuessesWithin(policy, 30);
    expect(compared).toBeLessThanOrEqual(bound);
    expect(bound / 1_000_000).toBeLessThanOrEqual(0.0001);
    // Without the per-customer guard, 10 sends a day x 5 checks x 30 days = 1,500 guesses.
    const { Item: guard } = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: `guard#otp#${customerId}` } }),
    );
    expect(guard?.hardLockedAt).toBeDefined();
  });

  it('never logs the code or the token', async () => {
    const { contactId, customerId, code } = await challenge();
    output.take();
    const response = await verify(contactId, customerId, code);
    const text = output.take();
    expect(text).not.toContain(code);
    expect(text).not.toContain(response.authToken!);
  });
});
