/**
 * callback-number on DynamoDB Local and the loopback KMS: the outbound policy for callbacks, the
 * per-number and global callback limits counted once per contact, and nothing but a status back.
 */
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { STAGES } from '../../lib/config/stages';
import { SECURITY } from '../../lib/integrations/contracts';
import { createHandler, type CallbackNumberDeps } from '../../lambda/callback-number';
import { callbackMarker } from '../../lambda/domain/callback-number';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('callback');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

/** A fresh valid GB mobile (07400 9xxxxx), so per-number limits start at zero. */
function newMobile(): string {
  return `+4474009${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
}

const handlerWith = (extra: Partial<CallbackNumberDeps> = {}) =>
  createHandler({ ...env.deps(), callbackCountry: 'GB', ...extra });

const fromCaller = (
  caller: string | null,
  contactId = newContactId(),
  extra: Partial<CallbackNumberDeps> = {},
) => handlerWith(extra)(connectEvent({ contactId, caller, parameters: { source: 'caller' } }));

const entered = (number: string | undefined, extra: Partial<CallbackNumberDeps> = {}) =>
  handlerWith(extra)(
    connectEvent({ caller: newMobile(), parameters: { source: 'entered', ...(number ? { number } : {}) } }),
  );

describe('callback-number', () => {
  it('allows a callback to the calling mobile or landline and answers nothing but the status', async () => {
    expect(await fromCaller(newMobile())).toEqual({ status: 'ALLOWED' });
    expect(await fromCaller('+442079460123')).toEqual({ status: 'ALLOWED' });
  });

  it('reads keyed-in national numbers with the journey’s callback country', async () => {
    const mobile = newMobile();
    expect(await entered(`0${mobile.slice(3)}`)).toEqual({ status: 'ALLOWED' });
    expect(await entered(`00${mobile.slice(1)}`)).toEqual({ status: 'ALLOWED' });
    expect(await entered('02079460124')).toEqual({ status: 'ALLOWED' });
  });

  it.each([
    ['premium rate', '09098790000'],
    ['toll free', '08001234567'],
    ['personal', '07012345678'],
    ['Guernsey', '01481256789'],
    ['satellite', '00881612345678'],
    ['another country', '0034612345678'],
    ['too short', '12345'],
    ['keypad symbols', '*#123#'],
    ['nothing keyed in', undefined],
  ])('answers REFUSED for a keyed-in %s number', async (_label, number) => {
    expect(await entered(number)).toEqual({ status: 'REFUSED' });
  });

  it.each([
    ['premium rate', '+449098790000'],
    ['satellite', '+88216000000'],
    ['Isle of Man', '+447624123456'],
    ['another country', '+12015550123'],
    ['withheld', 'anonymous'],
    ['missing', null],
  ])('answers REFUSED for a %s calling number', async (_label, caller) => {
    expect(await fromCaller(caller)).toEqual({ status: 'REFUSED' });
  });

  it('refuses national numbers when no callback country is configured', async () => {
    expect(await entered('07400900123', { callbackCountry: undefined })).toEqual({ status: 'REFUSED' });
    expect(await entered('00447400900124', { callbackCountry: undefined })).toEqual({ status: 'ALLOWED' });
  });

  it('refuses every number when the stage policy is missing (fail closed)', async () => {
    expect(await fromCaller(newMobile(), newContactId(), { outbound: undefined })).toEqual({
      status: 'REFUSED',
    });
  });

  it('answers INVALID_INPUT for a missing or unknown source and foreign characters', async () => {
    const handler = handlerWith();
    expect(await handler(connectEvent({ parameters: {} }))).toEqual({ status: 'INVALID_INPUT' });
    expect(await handler(connectEvent({ parameters: { source: 'agent' } }))).toEqual({
      status: 'INVALID_INPUT',
    });
    expect(
      await handler(connectEvent({ parameters: { source: 'entered', number: '07400 9001234; DROP' } })),
    ).toEqual({ status: 'INVALID_INPUT' });
  });

  it('counts a contact once however often Connect retries, then applies the per-number limit', async () => {
    const number = newMobile();
    const perHour = SECURITY.callbacksPerNumber[0]!.max;
    const contactId = newContactId();
    const retries = await Promise.all([1, 2, 3].map(() => fromCaller(number, contactId)));
    expect(retries).toEqual([{ status: 'ALLOWED' }, { status: 'ALLOWED' }, { status: 'ALLOWED' }]);
    expect(await fromCaller(number, contactId)).toEqual({ status: 'ALLOWED' });
    for (let i = 1; i < perHour; i++) expect(await fromCaller(number)).toEqual({ status: 'ALLOWED' });
    expect(await fromCaller(number)).toEqual({ status: 'RATE_LIMITED' });
    // The same number keyed in counts against the same limit.
    expect(await entered(`0${number.slice(3)}`)).toEqual({ status: 'RATE_LIMITED' });
    const marker = await env.doc.send(
      new GetCommand({ TableName: env.tables.OtpChallenges, Key: { pk: callbackMarker(contactId) } }),
    );
    expect(marker.Item).toBeDefined();
  });

  it('limits the keyed-in numbers one calling number may ask callbacks for', async () => {
    const caller = newMobile();
    const perHour = SECURITY.callbacksPerCaller[0]!.max;
    const ask = (number: string) =>
      handlerWith()(
        connectEvent({ caller, parameters: { source: 'entered', number: `0${number.slice(3)}` } }),
      );
    for (let i = 0; i < perHour; i++) expect(await ask(newMobile())).toEqual({ status: 'ALLOWED' });
    expect(await ask(newMobile())).toEqual({ status: 'RATE_LIMITED' });
    // The caller's own number is not a keyed-in list: a callback to it is still allowed.
    expect(await fromCaller(caller)).toEqual({ status: 'ALLOWED' });
  });

  it('answers RATE_LIMITED once the global callback budget is spent', async () => {
    const outbound = { ...STAGES.dev.outbound, callbacksPerHour: 2 };
    // The hourly counter is the table's, shared with the other tests of this file: whatever they
    // counted, a budget of 2 is spent by the fourth callback of this test.
    const before = await fromCaller(newMobile(), newContactId(), { outbound });
    const answers = [before];
    for (let i = 0; i < 3; i++) answers.push(await fromCaller(newMobile(), newContactId(), { outbound }));
    expect(answers.map((a) => a.status)).toContain('RATE_LIMITED');
    expect(answers.at(-1)).toEqual({ status: 'RATE_LIMITED' });
  });

  it('never logs or stores the number in clear', async () => {
    const number = newMobile();
    output.take();
    await fromCaller(number);
    await entered(`0${number.slice(3)}`);
    const logs = output.take();
    expect(logs).toContain('callback-number');
    expect(logs).not.toContain(number.slice(3));
    const items = await env.doc.send(new ScanCommand({ TableName: env.tables.OtpChallenges }));
    expect(JSON.stringify(items.Items)).not.toContain(number.slice(3));
  });
});
