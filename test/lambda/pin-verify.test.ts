import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SECURITY } from '../../lib/integrations/contracts';
import { verifyAuthToken } from '../../lambda/domain/auth-token';
import { createHandler } from '../../lambda/pin-verify';
import { KmsMacPort } from '../../lambda/shared/aws/kms';
import { DEMO_ACCOUNTS } from '../../tools/demo-data';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('pin');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

/** Each test uses its own demo account so lock state does not leak between tests. */
function account(index: number): { accountNumber: string; pin: string; customerId: string; wrong: string } {
  const demo = DEMO_ACCOUNTS[index]!;
  const wrong = demo.demoPin === '0000' ? '1111' : '0000';
  return { accountNumber: demo.accountNumber, pin: demo.demoPin, customerId: demo.customerId, wrong };
}

function check(accountNumber: string, pin: string, contactId = newContactId()) {
  return createHandler(env.deps())(connectEvent({ contactId, parameters: { accountNumber, pin } }));
}

async function failures(accountNumber: string): Promise<Record<string, unknown> | undefined> {
  const { Item: item } = await env.doc.send(
    new GetCommand({ TableName: env.tables.Accounts, Key: { accountNumber }, ConsistentRead: true }),
  );
  return item;
}

describe('pin-verify', () => {
  it('verifies the PIN and returns a PIN-level token bound to the account and the contact', async () => {
    const { accountNumber, pin, customerId } = account(0);
    const contactId = newContactId();
    const response = await check(accountNumber, pin, contactId);
    expect(response).toEqual({ status: 'VERIFIED', authToken: expect.any(String), customerId });
    const claims = await verifyAuthToken(new KmsMacPort(env.kms, env.macKeyId), response.authToken!, {
      contactIds: [contactId],
      levels: ['PIN'],
      now: env.clock.now(),
    });
    expect(claims).toMatchObject({ contactId, customerId, level: 'PIN', accountNumber });
  });

  it('answers INVALID_PIN for a wrong PIN and counts the failure on the account', async () => {
    const { accountNumber, wrong } = account(1);
    expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    expect(await failures(accountNumber)).toMatchObject({ failedAttempts: 1 });
  });

  it('answers an unknown account exactly like a wrong PIN (no enumeration)', async () => {
    const { accountNumber, wrong } = account(2);
    const known = await check(accountNumber, wrong);
    const unknown = await check('99999999', wrong);
    expect(unknown).toEqual(known);
    expect(await failures('99999999')).toBeUndefined();
  });

  it('locks the account after the fifth wrong PIN, for 30 minutes, whoever calls', async () => {
    const { accountNumber, pin, wrong } = account(3);
    for (let i = 1; i < SECURITY.pinMaxFailures; i++) {
      expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    }
    expect(await check(accountNumber, wrong)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    // The right PIN from another contact (another caller) is refused while locked.
    expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    env.clock.advance(SECURITY.pinLockSeconds * 1000 - 1);
    expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    env.clock.advance(1);
    expect(await check(accountNumber, pin)).toMatchObject({ status: 'VERIFIED' });
  });

  it('counts failures afresh after a lock lapses', async () => {
    const { accountNumber, wrong } = account(4);
    for (let i = 0; i < SECURITY.pinMaxFailures; i++) await check(accountNumber, wrong);
    env.clock.advance(SECURITY.pinLockSeconds * 1000);
    expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    expect(await failures(accountNumber)).toMatchObject({ failedAttempts: 1 });
  });

  it('resets the failure count after a correct PIN', async () => {
    const { accountNumber, pin, wrong } = account(5);
    for (let i = 1; i < SECURITY.pinMaxFailures; i++) await check(accountNumber, wrong);
    expect((await check(accountNumber, pin)).status).toBe('VERIFIED');
    expect(await failures(accountNumber)).toMatchObject({ failedAttempts: 0 });
    for (let i = 1; i < SECURITY.pinMaxFailures; i++) {
      expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    }
  });

  it('never lets a burst of concurrent guesses exceed the failure budget', async () => {
    const { accountNumber, pin } = account(6);
    const guesses = Array.from({ length: 40 }, (_, i) => String(1000 + i)).filter((guess) => guess !== pin);
    const handler = createHandler(env.deps());
    const responses = await Promise.all(
      guesses.map((guess) => handler(connectEvent({ parameters: { accountNumber, pin: guess } }))),
    );
    const invalid = responses.filter((r) => r.status === 'INVALID_PIN').length;
    expect(invalid).toBeLessThan(SECURITY.pinMaxFailures);
    expect(responses.every((r) => r.status === 'INVALID_PIN' || r.status === 'LOCKED')).toBe(true);
    expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
  });

  it.each([
    ['a non-digit PIN', { accountNumber: '41020001', pin: 'abcd' }],
    ['a 3-digit PIN', { accountNumber: '41020001', pin: '123' }],
    ['a 9-digit PIN', { accountNumber: '41020001', pin: '123456789' }],
    ['a short account number', { accountNumber: '4102', pin: '1234' }],
    ['a missing PIN', { accountNumber: '41020001' }],
  ])('answers INVALID_INPUT for %s', async (_label, parameters) => {
    expect(await createHandler(env.deps())(connectEvent({ parameters }))).toEqual({
      status: 'INVALID_INPUT',
    });
  });

  it('answers UNAVAILABLE when the accounts table is missing', async () => {
    const handler = createHandler(env.deps({ tables: { ...env.tables, Accounts: 'missing-table' } }));
    expect(await handler(connectEvent({ parameters: { accountNumber: '41020001', pin: '4827' } }))).toEqual({
      status: 'UNAVAILABLE',
    });
  });

  it('never logs the PIN or the token', async () => {
    const { accountNumber, pin } = account(7);
    output.take();
    const response = await check(accountNumber, pin);
    const text = output.take();
    expect(text).not.toContain(`"${pin}"`);
    expect(text).not.toContain(response.authToken!);
  });
});
