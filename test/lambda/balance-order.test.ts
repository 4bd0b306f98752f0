import { SECURITY } from '../../lib/integrations/contracts';
import { createHandler as createBalance } from '../../lambda/balance-lookup';
import { createHandler as createOrder } from '../../lambda/order-status';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('balord');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

async function balance(parameters: Record<string, string>, contactId: string, initialContactId?: string) {
  return createBalance(env.deps())(
    connectEvent({ contactId, ...(initialContactId ? { initialContactId } : {}), parameters }),
  );
}

describe('balance-lookup', () => {
  it('reads the PIN token’s account and speaks the balance in English', async () => {
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: 'CUST0001',
      level: 'PIN',
      accountNumber: '41020001',
    });
    expect(await balance({ authToken }, contactId)).toEqual({
      status: 'SUCCESS',
      balanceSpeech: '2,543 pounds and 10 pence',
    });
  });

  it('speaks euros in French and an overdrawn balance as overdrawn', async () => {
    const contactId = newContactId();
    const fr = await env.token({
      contactId,
      customerId: 'CUST0006',
      level: 'PIN',
      accountNumber: '76030001',
    });
    expect(await balance({ authToken: fr, language: 'fr' }, contactId)).toEqual({
      status: 'SUCCESS',
      balanceSpeech: '5 320 euros et 75 centimes',
    });
    const od = await env.token({
      contactId,
      customerId: 'CUST0002',
      level: 'PIN',
      accountNumber: '41020027',
    });
    expect(await balance({ authToken: od }, contactId)).toEqual({
      status: 'SUCCESS',
      balanceSpeech: 'overdrawn by 45 pounds and 12 pence',
    });
  });

  it('with an OTP token reads the first account, or a named account of the same customer', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    expect(await balance({ authToken }, contactId)).toEqual({
      status: 'SUCCESS',
      balanceSpeech: '2,543 pounds and 10 pence',
    });
    expect(await balance({ authToken, accountNumber: '41020019' }, contactId)).toEqual({
      status: 'SUCCESS',
      balanceSpeech: '12,500 pounds',
    });
  });

  it('answers NOT_FOUND for another customer’s account, exactly like a missing one', async () => {
    const contactId = newContactId();
    const otp = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    expect(await balance({ authToken: otp, accountNumber: '41020027' }, contactId)).toEqual({
      status: 'NOT_FOUND',
    });
    expect(await balance({ authToken: otp, accountNumber: '41029999' }, contactId)).toEqual({
      status: 'NOT_FOUND',
    });
    const pin = await env.token({
      contactId,
      customerId: 'CUST0001',
      level: 'PIN',
      accountNumber: '41020001',
    });
    expect(await balance({ authToken: pin, accountNumber: '41020019' }, contactId)).toEqual({
      status: 'NOT_FOUND',
    });
    const noAccounts = await env.token({ contactId, customerId: 'CUST9999', level: 'OTP' });
    expect(await balance({ authToken: noAccounts }, contactId)).toEqual({ status: 'NOT_FOUND' });
  });

  it('accepts a token minted earlier in the same call chain (InitialContactId)', async () => {
    const first = newContactId();
    const authToken = await env.token({ contactId: first, customerId: 'CUST0001', level: 'OTP' });
    expect((await balance({ authToken }, newContactId(), first)).status).toBe('SUCCESS');
  });

  it('answers UNAUTHORIZED for a token of another contact, an expired, forged or tampered token', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    expect(await balance({ authToken }, newContactId())).toEqual({ status: 'UNAUTHORIZED' });

    const [payload, mac] = authToken.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, u: 'CUST0002' })).toString('base64url');
    expect(await balance({ authToken: `${forged}.${mac}` }, contactId)).toEqual({ status: 'UNAUTHORIZED' });
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`;
    expect(await balance({ authToken: `${payload}.${flipped}` }, contactId)).toEqual({
      status: 'UNAUTHORIZED',
    });
    expect(await balance({ authToken: 'abc.def' }, contactId)).toEqual({ status: 'UNAUTHORIZED' });

    env.clock.advance(SECURITY.authTokenLifetimeSeconds * 1000);
    expect(await balance({ authToken }, contactId)).toEqual({ status: 'UNAUTHORIZED' });
  });

  it('answers INVALID_INPUT without a token or with a malformed account number', async () => {
    const contactId = newContactId();
    expect(await balance({}, contactId)).toEqual({ status: 'INVALID_INPUT' });
    expect(await balance({ authToken: 'not a token' }, contactId)).toEqual({ status: 'INVALID_INPUT' });
    const authToken = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    expect(await balance({ authToken, accountNumber: '4102-0001' }, contactId)).toEqual({
      status: 'INVALID_INPUT',
    });
  });

  it('answers UNAVAILABLE when the accounts table is missing', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    const handler = createBalance(env.deps({ tables: { ...env.tables, Accounts: 'missing-table' } }));
    expect(await handler(connectEvent({ contactId, parameters: { authToken } }))).toEqual({
      status: 'UNAVAILABLE',
    });
  });

  it('never logs the balance or the token', async () => {
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: 'CUST0003',
      level: 'PIN',
      accountNumber: '41020035',
    });
    output.take();
    const response = await balance({ authToken }, contactId);
    const text = output.take();
    expect(response.balanceSpeech).toBe('876 pounds and 5 pence');
    expect(text).not.toContain('876 pounds');
    expect(text).not.toContain('87605');
    expect(text).not.toContain(authToken);
  });
});

async function order(parameters: Record<string, string>, contactId: string) {
  return createOrder(env.deps())(connectEvent({ contactId, parameters }));
}

describe('order-status', () => {
  it('speaks the status and the expected date of the customer’s own order', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0002', level: 'OTP' });
    // DEMO_BASE_DATE is Monday 23 November 2026; the delayed order is expected 4 days later.
    expect(await order({ authToken, orderId: '50023456' }, contactId)).toEqual({
      status: 'SUCCESS',
      orderStatus: 'DELAYED',
      statusSpeech: 'Your order is delayed.',
      expectedDateSpeech: expect.stringContaining('Friday 27 November'),
    });
  });

  it('speaks French', async () => {
    const contactId = newContactId();
    const authToken = await env.token({
      contactId,
      customerId: 'CUST0006',
      level: 'PIN',
      accountNumber: '76030001',
    });
    expect(await order({ authToken, orderId: '50067890', language: 'fr' }, contactId)).toEqual({
      status: 'SUCCESS',
      orderStatus: 'SHIPPED',
      statusSpeech: 'Votre commande a été expédiée.',
      expectedDateSpeech: expect.stringContaining('mercredi 25 novembre'),
    });
  });

  it('refuses another customer’s order with the same NOT_FOUND as a missing order', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });
    expect(await order({ authToken, orderId: '50023456' }, contactId)).toEqual({ status: 'NOT_FOUND' });
    expect(await order({ authToken, orderId: '59999999' }, contactId)).toEqual({ status: 'NOT_FOUND' });
  });

  it('answers UNAUTHORIZED without a valid token for this contact', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId: newContactId(), customerId: 'CUST0002', level: 'OTP' });
    expect(await order({ authToken, orderId: '50023456' }, contactId)).toEqual({ status: 'UNAUTHORIZED' });
  });

  it.each(['1234567', '123456789', '5002345a', ''])(
    'answers INVALID_INPUT for order id %j',
    async (orderId) => {
      const contactId = newContactId();
      const authToken = await env.token({ contactId, customerId: 'CUST0002', level: 'OTP' });
      expect(await order({ authToken, orderId }, contactId)).toEqual({ status: 'INVALID_INPUT' });
    },
  );

  it('answers UNAVAILABLE when the orders table is missing', async () => {
    const contactId = newContactId();
    const authToken = await env.token({ contactId, customerId: 'CUST0002', level: 'OTP' });
    const handler = createOrder(env.deps({ tables: { ...env.tables, Orders: 'missing-table' } }));
    expect(
      await handler(connectEvent({ contactId, parameters: { authToken, orderId: '50023456' } })),
    ).toEqual({
      status: 'UNAVAILABLE',
    });
  });
});
