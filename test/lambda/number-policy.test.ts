/**
 * The outbound number policy: the rule itself (pure), then the three handlers that apply it (sms-link,
 * password-reset, callback-number) against the same table on DynamoDB Local and the loopback KMS.
 */
import fc from 'fast-check';
import { NUMBER_TYPES, type OutboundPolicyConfig } from '../../lib/config/stage-config';
import { STAGES } from '../../lib/config/stages';
import { OUTBOUND_POLICY_ENV } from '../../lib/integrations/contracts';
import {
  checkAgainstConfig,
  checkOutboundNumber,
  DEFAULT_CALLBACK_NUMBER_TYPES,
  DEFAULT_SMS_NUMBER_TYPES,
  parseOutboundPolicy,
  policyFromConfig,
  type NumberPolicy,
} from '../../lambda/domain/number-policy';
import { configFromEnv } from '../../lambda/shared/deps';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHandler as createCallbackNumber } from '../../lambda/callback-number';
import { createHandler as createPasswordReset } from '../../lambda/password-reset';
import { createHandler as createSmsLink } from '../../lambda/sms-link';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

/** The dev stage's policy: GB, IE, FR, BE, DE with the default number types. */
/** The dev countries with the fiction ranges off (as every production stage has them). */
const PROD_LIKE: OutboundPolicyConfig = { ...STAGES.dev.outbound, allowFictionalNumbers: false };
const DEV_POLICY: NumberPolicy = policyFromConfig(PROD_LIKE);

/**
 * Numbers of 17 countries and every number type, with what the dev policy answers for an SMS and a
 * callback (`true` = allowed) and the reason of the refusals.
 */
const POLICY_TABLE: ReadonlyArray<
  readonly [label: string, number: string, sms: boolean, callback: boolean, reason: string | null]
> = [
  ['GB mobile', '+447400123456', true, true, null],
  ['GB mobile written with separators', '+44 7400-123.456', true, true, null],
  ['GB mobile with the 00 prefix', '0044 7400 123456', true, true, null],
  ['GB fixed line (London)', '+442079460123', false, true, 'TYPE'],
  ['GB fixed line (Manchester)', '+441614960000', false, true, 'TYPE'],
  ['GB premium rate 09', '+449098790000', false, false, 'TYPE'],
  ['GB service number 0843 (premium rate in the metadata)', '+448431234567', false, false, 'TYPE'],
  ['GB personal number 070', '+447012345678', false, false, 'TYPE'],
  ['GB UAN 03', '+443001234567', false, false, 'TYPE'],
  ['GB 055 (UAN)', '+445512345678', false, false, 'TYPE'],
  ['GB 056 (VoIP)', '+445612345678', false, false, 'TYPE'],
  ['GB toll free 0800', '+448001234567', false, false, 'TYPE'],
  ['GB pager 076', '+447640123456', false, false, 'TYPE'],
  ['GB 0500 (withdrawn)', '+44500123456', false, false, 'INVALID'],
  ['GB 082 (unallocated)', '+448212345678', false, false, 'INVALID'],
  ['GB drama range 07700 900xxx (never allocated)', '+447700900123', false, false, 'INVALID'],
  ['Guernsey fixed +44 1481 (GG, not GB)', '+441481256789', false, false, 'COUNTRY'],
  ['Guernsey mobile +44 7781 (GG)', '+447781123456', false, false, 'COUNTRY'],
  ['Jersey fixed +44 1534 (JE)', '+441534456789', false, false, 'COUNTRY'],
  ['Jersey mobile +44 7797 (JE)', '+447797712345', false, false, 'COUNTRY'],
  ['Isle of Man fixed +44 1624 (IM)', '+441624756789', false, false, 'COUNTRY'],
  ['Isle of Man mobile +44 7624 (IM)', '+447624123456', false, false, 'COUNTRY'],
  ['satellite +881 (Iridium, no country)', '+881612345678', false, false, 'COUNTRY'],
  ['satellite +882 (international networks, no country)', '+88216000000', false, false, 'COUNTRY'],
  ['IE mobile', '+353851234567', true, true, null],
  ['IE fixed line', '+35315201234', false, true, 'TYPE'],
  ['IE shared cost 1850', '+3531850123456', false, false, 'TYPE'],
  ['IE UAN 0818', '+353818123456', false, false, 'TYPE'],
  ['IE toll free 1800', '+3531800123456', false, false, 'TYPE'],
  ['FR mobile', '+33612345678', true, true, null],
  ['FR mobile 07', '+33756123456', true, true, null],
  ['FR fixed line', '+33140000000', false, true, 'TYPE'],
  ['FR premium rate 089', '+33899123456', false, false, 'TYPE'],
  ['FR shared cost 081', '+33810123456', false, false, 'TYPE'],
  ['FR toll free 0800', '+33800123456', false, false, 'TYPE'],
  ['FR VoIP 09', '+33939123456', false, false, 'TYPE'],
  ['FR fiction range 06 39 98 (never allocated)', '+33639980123', false, false, 'INVALID'],
  ['BE mobile', '+32470123456', true, true, null],
  ['BE fixed line', '+3225551234', false, true, 'TYPE'],
  ['BE premium rate 0902', '+3290212345', false, false, 'TYPE'],
  ['DE mobile', '+4915123456789', true, true, null],
  ['DE fixed line', '+49301234567', false, true, 'TYPE'],
  ['DE premium rate 0900', '+499001234567', false, false, 'TYPE'],
  ['DE shared cost 0180', '+491801234567', false, false, 'TYPE'],
  ['US fixed line or mobile', '+12015550123', false, false, 'COUNTRY'],
  ['US premium rate 900', '+19005550123', false, false, 'COUNTRY'],
  ['CA number', '+16135550123', false, false, 'COUNTRY'],
  ['ES mobile', '+34612345678', false, false, 'COUNTRY'],
  ['IT mobile', '+393123456789', false, false, 'COUNTRY'],
  ['NL mobile', '+31612345678', false, false, 'COUNTRY'],
  ['CH mobile', '+41781234567', false, false, 'COUNTRY'],
  ['AU mobile', '+61412345678', false, false, 'COUNTRY'],
  ['IN mobile', '+919876543210', false, false, 'COUNTRY'],
  ['JP mobile', '+819012345678', false, false, 'COUNTRY'],
  ['BR mobile', '+5511912345678', false, false, 'COUNTRY'],
  ['ZA mobile', '+27821234567', false, false, 'COUNTRY'],
  ['5-digit short code', '12345', false, false, 'INVALID'],
  ['5-digit number with a plus', '+12345', false, false, 'INVALID'],
  ['national number without a country', '07400123456', false, false, 'INVALID'],
  ['number with an extension', '+447400123456 ext 12', false, false, 'INVALID'],
  ['withheld caller id', 'anonymous', false, false, 'INVALID'],
  ['empty', '', false, false, 'INVALID'],
];

describe('checkOutboundNumber under the dev countries (fiction ranges off, as in production)', () => {
  it.each(POLICY_TABLE)('%s (%s): sms %s, callback %s', (_label, number, sms, callback, reason) => {
    const forSms = checkOutboundNumber(number, 'sms', DEV_POLICY);
    const forCallback = checkOutboundNumber(number, 'callback', DEV_POLICY);
    expect(forSms.ok).toBe(sms);
    expect(forCallback.ok).toBe(callback);
    // Every refusal of a row has the same reason (a number's country and type do not depend on the purpose).
    for (const result of [forSms, forCallback]) {
      if (!result.ok) expect(result.reason).toBe(reason);
    }
  });

  it('answers the E.164 form, the country and the type of an allowed number', () => {
    expect(checkOutboundNumber(' +44 7400 123456 ', 'sms', DEV_POLICY)).toEqual({
      ok: true,
      e164: '+447400123456',
      country: 'GB',
      type: 'MOBILE',
    });
    expect(checkOutboundNumber('+442079460123', 'callback', DEV_POLICY)).toEqual({
      ok: true,
      e164: '+442079460123',
      country: 'GB',
      type: 'FIXED_LINE',
    });
  });

  it('takes the country from the number’s ranges, so Channel Islands and Isle of Man numbers are not GB', () => {
    const crownDependencies = { ...DEV_POLICY, countries: ['GG', 'JE', 'IM'] };
    expect(checkOutboundNumber('+441481256789', 'callback', crownDependencies)).toMatchObject({
      ok: true,
      country: 'GG',
    });
    expect(checkOutboundNumber('+447781123456', 'sms', crownDependencies)).toMatchObject({
      ok: true,
      country: 'GG',
    });
    expect(checkOutboundNumber('+441534456789', 'callback', crownDependencies)).toMatchObject({
      ok: true,
      country: 'JE',
    });
    expect(checkOutboundNumber('+447624123456', 'sms', crownDependencies)).toMatchObject({
      ok: true,
      country: 'IM',
    });
    expect(checkOutboundNumber('+447400123456', 'sms', crownDependencies)).toEqual({
      ok: false,
      reason: 'COUNTRY',
    });
  });

  it('lets NANP fixed-line-or-mobile numbers take SMS where the country is allowed, never premium or toll free', () => {
    const us = policyFromConfig({ ...STAGES.dev.outbound, countries: ['US'] });
    expect(checkOutboundNumber('+12015550123', 'sms', us)).toMatchObject({
      ok: true,
      type: 'FIXED_LINE_OR_MOBILE',
    });
    expect(checkOutboundNumber('+12015550123', 'callback', us).ok).toBe(true);
    expect(checkOutboundNumber('+19005550123', 'callback', us)).toEqual({ ok: false, reason: 'TYPE' });
    expect(checkOutboundNumber('+18005550123', 'sms', us)).toEqual({ ok: false, reason: 'TYPE' });
  });

  it('reads national numbers (keyed in the IVR) with the default country, and only with one', () => {
    const gb = { defaultCountry: 'GB' };
    expect(checkOutboundNumber('07400 123456', 'callback', DEV_POLICY, gb)).toMatchObject({
      ok: true,
      e164: '+447400123456',
    });
    expect(checkOutboundNumber('02079460123', 'callback', DEV_POLICY, gb)).toMatchObject({
      ok: true,
      e164: '+442079460123',
    });
    // The country's own international prefix still dials abroad.
    expect(checkOutboundNumber('00353851234567', 'callback', DEV_POLICY, gb)).toMatchObject({
      ok: true,
      country: 'IE',
    });
    expect(checkOutboundNumber('09098790000', 'callback', DEV_POLICY, gb)).toEqual({
      ok: false,
      reason: 'TYPE',
    });
    expect(checkOutboundNumber('01481256789', 'callback', DEV_POLICY, gb)).toEqual({
      ok: false,
      reason: 'COUNTRY',
    });
    expect(checkOutboundNumber('07400123456', 'callback', DEV_POLICY, { defaultCountry: 'gb' }).ok).toBe(
      true,
    );
    expect(checkOutboundNumber('0612345678', 'sms', DEV_POLICY, { defaultCountry: 'FR' })).toMatchObject({
      ok: true,
      e164: '+33612345678',
    });
    // An unknown default country is ignored: national numbers are refused, never guessed.
    expect(checkOutboundNumber('07400123456', 'callback', DEV_POLICY, { defaultCountry: 'XX' })).toEqual({
      ok: false,
      reason: 'INVALID',
    });
    expect(checkOutboundNumber('12345', 'callback', DEV_POLICY, gb)).toEqual({
      ok: false,
      reason: 'INVALID',
    });
  });

  it('refuses everything a policy with no countries or no types allows nothing of', () => {
    const nothing = { ...DEV_POLICY, smsNumberTypes: [], callbackNumberTypes: [] };
    expect(checkOutboundNumber('+447400123456', 'sms', nothing)).toEqual({ ok: false, reason: 'TYPE' });
    expect(checkOutboundNumber('+447400123456', 'callback', { ...DEV_POLICY, countries: [] })).toEqual({
      ok: false,
      reason: 'COUNTRY',
    });
  });

  it('fails closed without a configured policy', () => {
    expect(checkAgainstConfig('+447400123456', 'sms', undefined)).toEqual({ ok: false, reason: 'COUNTRY' });
    expect(checkAgainstConfig('+447400123456', 'callback', undefined).ok).toBe(false);
    expect(checkAgainstConfig('+447400123456', 'sms', STAGES.dev.outbound).ok).toBe(true);
  });
});

describe('policyFromConfig', () => {
  it('fills in the default number types', () => {
    expect(policyFromConfig(STAGES.dev.outbound)).toEqual({
      countries: ['GB', 'IE', 'FR', 'BE', 'DE'],
      smsNumberTypes: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
      callbackNumberTypes: ['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
      allowFictionalNumbers: true,
    });
    expect(policyFromConfig(STAGES.prod.outbound).allowFictionalNumbers).toBe(false);
    expect(DEFAULT_SMS_NUMBER_TYPES).not.toContain('FIXED_LINE');
    expect(DEFAULT_CALLBACK_NUMBER_TYPES).not.toContain('TOLL_FREE');
  });

  it('keeps a stage’s own number types', () => {
    const policy = policyFromConfig({
      ...STAGES.dev.outbound,
      smsNumberTypes: ['MOBILE'],
      callbackNumberTypes: ['MOBILE', 'TOLL_FREE'],
    });
    expect(checkOutboundNumber('+448001234567', 'callback', policy).ok).toBe(true);
    expect(checkOutboundNumber('+442079460123', 'callback', policy).ok).toBe(false);
  });
});

describe('parseOutboundPolicy', () => {
  const dev: OutboundPolicyConfig = STAGES.dev.outbound;

  it('reads the JSON the CDK puts in the environment', () => {
    expect(parseOutboundPolicy(JSON.stringify(dev))).toEqual(dev);
    const withTypes = { ...dev, smsNumberTypes: ['MOBILE'], callbackNumberTypes: ['MOBILE', 'FIXED_LINE'] };
    expect(parseOutboundPolicy(JSON.stringify(withTypes))).toEqual(withTypes);
  });

  it.each([
    ['no value', undefined],
    ['an empty value', ''],
    ['malformed JSON', '{"countries": ['],
    ['JSON null', 'null'],
    ['a list', '["GB"]'],
    ['no countries', JSON.stringify({ ...dev, countries: undefined })],
    ['countries that are not strings', JSON.stringify({ ...dev, countries: [44] })],
    ['a type list that is not a list', JSON.stringify({ ...dev, smsNumberTypes: 'MOBILE' })],
    ['a missing budget', JSON.stringify({ ...dev, smsPerDay: undefined })],
    ['a zero budget', JSON.stringify({ ...dev, callbacksPerHour: 0 })],
    ['a budget that is a string', JSON.stringify({ ...dev, smsPerHour: '100' })],
  ])('answers undefined (every number refused) for %s', (_label, json) => {
    expect(parseOutboundPolicy(json)).toBeUndefined();
  });

  it('drops type names it does not know, so a typo narrows the policy instead of widening it', () => {
    const parsed = parseOutboundPolicy(JSON.stringify({ ...dev, smsNumberTypes: ['MOBILE', 'ANYTHING'] }));
    expect(parsed?.smsNumberTypes).toEqual(['MOBILE']);
  });

  it('is what configFromEnv reads from OUTBOUND_POLICY', () => {
    expect(configFromEnv({ [OUTBOUND_POLICY_ENV]: JSON.stringify(dev) }).outbound).toEqual(dev);
    expect(configFromEnv({ [OUTBOUND_POLICY_ENV]: 'not json' }).outbound).toBeUndefined();
    expect(configFromEnv({}).outbound).toBeUndefined();
  });
});

describe('checkOutboundNumber properties', () => {
  const policies = fc.constantFrom<NumberPolicy>(
    DEV_POLICY,
    policyFromConfig({ ...STAGES.dev.outbound, countries: ['US', 'GG', 'JE', 'IM', 'IN'] }),
    { ...DEV_POLICY, countries: [], smsNumberTypes: [], callbackNumberTypes: [] },
    {
      ...DEV_POLICY,
      countries: ['GB'],
      smsNumberTypes: [...NUMBER_TYPES],
      callbackNumberTypes: [...NUMBER_TYPES],
    },
  );
  const purpose = fc.constantFrom('sms' as const, 'callback' as const);
  const numberLike = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.stringMatching(/^(\+|00)?[0-9 ()\-.]{0,24}$/),
    fc.stringMatching(/^\+?[0-9]{1,20}(ext|x|;ext=)?[0-9]{0,6}$/),
    fc.integer({ min: 0, max: 999_999_999 }).map((n) => `+447${String(n).padStart(9, '0')}`),
    fc.constant('x'.repeat(5000)),
  );
  const defaultCountry = fc.option(
    fc.oneof(fc.constantFrom('GB', 'FR', 'US', 'gb', 'XX', '', '001'), fc.string()),
    {
      nil: undefined,
    },
  );

  it('never throws on arbitrary input, and an allowed number is E.164 of an allowed country and type', () => {
    fc.assert(
      fc.property(numberLike, purpose, policies, defaultCountry, (raw, use, policy, country) => {
        const result = checkOutboundNumber(
          raw,
          use,
          policy,
          country === undefined ? {} : { defaultCountry: country },
        );
        if (result.ok) {
          expect(result.e164).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(policy.countries).toContain(result.country);
          expect(use === 'sms' ? policy.smsNumberTypes : policy.callbackNumberTypes).toContain(result.type);
        } else {
          expect(['INVALID', 'COUNTRY', 'TYPE']).toContain(result.reason);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws on values that are not strings at all (the flow’s input is untyped at run time)', () => {
    fc.assert(
      fc.property(fc.anything(), purpose, (value, use) => {
        expect(() => checkOutboundNumber(value as string, use, DEV_POLICY)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sms-link, password-reset and callback-number refuse exactly what the policy refuses', () => {
  let env: HandlerEnv;
  const output = new OutputCapture();

  beforeAll(async () => {
    env = await startHandlerEnv('policy');
    output.install();
  });

  afterAll(async () => {
    output.uninstall();
    await env.close();
  });

  const numbers = POLICY_TABLE.map(([, number]) => number);
  /** Numbers the policy refuses for a purpose, in table order. */
  const refusedBy = (purpose: 'sms' | 'callback', defaultCountry?: string): string[] =>
    numbers.filter(
      (number) =>
        !checkOutboundNumber(number, purpose, DEV_POLICY, defaultCountry ? { defaultCountry } : {}).ok,
    );

  it('sms-link answers INVALID_INPUT for exactly the numbers refused for SMS, and texts the others', async () => {
    const handler = createSmsLink(env.deps({ outbound: PROD_LIKE }));
    const refused: string[] = [];
    for (const number of numbers) {
      const before = env.outbox.messages.length;
      const { status } = await handler(connectEvent({ caller: number, parameters: { intent: 'billing' } }));
      // RATE_LIMITED is an allowed number (the table repeats one mobile in three spellings).
      expect(['SENT', 'RATE_LIMITED', 'INVALID_INPUT']).toContain(status);
      if (status === 'INVALID_INPUT') {
        refused.push(number);
        expect(env.outbox.messages).toHaveLength(before);
      }
    }
    expect(refused).toEqual(refusedBy('sms'));
  });

  it('password-reset answers NOT_FOUND for exactly the registered numbers refused for SMS', async () => {
    const handler = createPasswordReset(env.deps({ outbound: PROD_LIKE }));
    const refused: string[] = [];
    for (const [index, number] of numbers.entries()) {
      const customerId = `POLICY${index}`;
      await env.doc.send(
        new PutCommand({
          TableName: env.tables.Customers,
          // An index key cannot be empty: the empty row is a customer without a number.
          Item: { customerId, language: 'en', ...(number === '' ? {} : { phoneE164: number }) },
        }),
      );
      const contactId = newContactId();
      const authToken = await env.token({ contactId, customerId, level: 'OTP' });
      const before = env.outbox.messages.length;
      const { status } = await handler(connectEvent({ contactId, parameters: { authToken } }));
      expect(['SENT', 'RATE_LIMITED', 'NOT_FOUND']).toContain(status);
      if (status === 'NOT_FOUND') {
        refused.push(number);
        expect(env.outbox.messages).toHaveLength(before);
      }
    }
    expect(refused).toEqual(refusedBy('sms'));
  });

  it('callback-number answers REFUSED for exactly the calling numbers refused for callbacks', async () => {
    const handler = createCallbackNumber(env.deps({ outbound: PROD_LIKE }));
    const refused: string[] = [];
    for (const number of numbers) {
      const { status } = await handler(connectEvent({ caller: number, parameters: { source: 'caller' } }));
      expect(['ALLOWED', 'RATE_LIMITED', 'REFUSED']).toContain(status);
      if (status === 'REFUSED') refused.push(number);
    }
    expect(refused).toEqual(refusedBy('callback'));
  });

  it('callback-number answers REFUSED for exactly the keyed-in numbers refused with the callback country', async () => {
    const handler = createCallbackNumber({ ...env.deps({ outbound: PROD_LIKE }), callbackCountry: 'GB' });
    const keyable = numbers.filter((number) => /^[\d+ ()-]+$/.test(number));
    const refused: string[] = [];
    for (const number of keyable) {
      const { status } = await handler(connectEvent({ parameters: { source: 'entered', number } }));
      expect(['ALLOWED', 'RATE_LIMITED', 'REFUSED']).toContain(status);
      if (status === 'REFUSED') refused.push(number);
    }
    const expected = refusedBy('callback', 'GB').filter((number) => keyable.includes(number));
    expect(refused).toEqual(expected);
  });
});

describe('fiction ranges (demo customers)', () => {
  const base = policyFromConfig(STAGES.prod.outbound);
  const dev = policyFromConfig(STAGES.dev.outbound);

  it.each(['+447700900123', '+33639980456'])('refuses %s unless the stage allows fiction ranges', (n) => {
    expect(checkOutboundNumber(n, 'sms', base)).toEqual({ ok: false, reason: 'INVALID' });
    expect(checkOutboundNumber(n, 'sms', dev)).toMatchObject({ ok: true, type: 'MOBILE' });
    expect(checkOutboundNumber(n, 'callback', dev)).toMatchObject({ ok: true });
  });

  it('still applies the country list and number types to fiction ranges', () => {
    expect(checkOutboundNumber('+447700900123', 'sms', { ...dev, countries: ['FR'] })).toEqual({
      ok: false,
      reason: 'COUNTRY',
    });
    expect(checkOutboundNumber('+447700900123', 'sms', { ...dev, smsNumberTypes: ['FIXED_LINE'] })).toEqual({
      ok: false,
      reason: 'TYPE',
    });
    // Only the reserved 1,000 numbers: the rest of 07700 stays invalid.
    expect(checkOutboundNumber('+447700901123', 'sms', dev)).toEqual({ ok: false, reason: 'INVALID' });
  });
});
