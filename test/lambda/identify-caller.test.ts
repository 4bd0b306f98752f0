import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { matchLanguage } from '../../lambda/domain/identify-caller';
import { createHandler } from '../../lambda/identify-caller';
import { connectEvent, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('idcaller');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

describe('identify-caller', () => {
  it('finds the customer by the E.164 caller number and returns the personalisation data', async () => {
    const handler = createHandler(env.deps());
    const response = await handler(connectEvent({ caller: '+447700900123' }));
    expect(response).toEqual({
      status: 'FOUND',
      customerId: 'CUST0001',
      firstName: 'Olivia',
      language: 'en',
      openCases: '0',
      lastSentiment: 'POSITIVE',
      segment: 'premium',
      notice: 'NONE',
    });
  });

  it("answers the journey map's own language code for the customer's stored one", async () => {
    const caller = '+447400900321';
    await env.doc.send(
      new PutCommand({
        TableName: env.tables.Customers,
        Item: { customerId: 'CUSTES01', phoneE164: caller, firstName: 'Lucía', language: 'es' },
      }),
    );
    const answer = async (journeyLanguages?: string[]) =>
      (await createHandler(env.deps(journeyLanguages ? { journeyLanguages } : {}))(connectEvent({ caller })))
        .language;
    expect(await answer(['es-ES', 'ca-ES'])).toBe('es-ES');
    expect(await answer(['de-DE', 'en-GB'])).toBe(''); // not spoken here: the flow asks
    expect(await answer()).toBe('es');
  });

  it('matches language tags exactly, then by primary subtag', () => {
    expect(matchLanguage('FR', ['en', 'fr'])).toBe('fr');
    expect(matchLanguage('fr-CA', ['en', 'fr'])).toBe('fr');
    expect(matchLanguage('pt-BR', ['pt-PT', 'pt-BR'])).toBe('pt-BR');
    expect(matchLanguage(undefined, ['en'])).toBe('');
  });

  it.each(['0044 7700 900123', '+44 7700 900 123', '+44-7700-900123'])(
    'normalises %s to E.164',
    async (caller) => {
      const response = await createHandler(env.deps())(connectEvent({ caller }));
      expect(response).toMatchObject({ status: 'FOUND', customerId: 'CUST0001' });
    },
  );

  it('flags a delayed order with the ORDER_DELAYED notice', async () => {
    const response = await createHandler(env.deps())(connectEvent({ caller: '+447700900456' }));
    expect(response).toMatchObject({ status: 'FOUND', customerId: 'CUST0002', notice: 'ORDER_DELAYED' });
    const french = await createHandler(env.deps())(connectEvent({ caller: '+33639980456' }));
    expect(french).toMatchObject({ status: 'FOUND', language: 'fr', notice: 'ORDER_DELAYED' });
  });

  it.each([
    ['an unknown number', '+447700900999'],
    ['a withheld number', 'anonymous'],
    ['a national number without country code', '07700900123'],
  ])('answers NOT_FOUND for %s', async (_label, caller) => {
    expect(await createHandler(env.deps())(connectEvent({ caller }))).toEqual({ status: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND when there is no caller number (chat)', async () => {
    expect(await createHandler(env.deps())(connectEvent({ caller: null }))).toEqual({ status: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for a number shared by two customers rather than personalise for the wrong one', async () => {
    for (const customerId of ['CUSTSH01', 'CUSTSH02']) {
      await env.doc.send(
        new PutCommand({
          TableName: env.tables.Customers,
          Item: { customerId, phoneE164: '+447700900555', firstName: 'X' },
        }),
      );
    }
    expect(await createHandler(env.deps())(connectEvent({ caller: '+447700900555' }))).toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('answers INVALID_INPUT for a malformed event', async () => {
    const handler = createHandler(env.deps());
    expect(await handler({ Name: 'ContactFlowEvent' })).toEqual({ status: 'INVALID_INPUT' });
    expect(await handler(null)).toEqual({ status: 'INVALID_INPUT' });
    expect(await handler(connectEvent({ contactId: 'not a contact id!' }))).toEqual({
      status: 'INVALID_INPUT',
    });
  });

  it('answers UNAVAILABLE when the table does not exist', async () => {
    const handler = createHandler(env.deps({ tables: { ...env.tables, Customers: 'missing-table' } }));
    expect(await handler(connectEvent({ caller: '+447700900123' }))).toEqual({ status: 'UNAVAILABLE' });
  });

  it('logs status, function, latency and contact id, but not the caller number', async () => {
    output.take();
    const event = connectEvent({ caller: '+447700900123' });
    await createHandler(env.deps())(event);
    const text = output.take();
    expect(text).not.toContain('447700900123');
    const line = text
      .split('\n')
      .filter((l) => l.includes('integration outcome'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)[0];
    expect(line).toMatchObject({ function: 'identify-caller', status: 'FOUND' });
    expect(typeof line?.latencyMs).toBe('number');
    expect(line?.contactId).toBe(
      (event.Details as { ContactData: { ContactId: string } }).ContactData.ContactId,
    );
  });
});
