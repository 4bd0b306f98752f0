/**
 * The omnichannel referential is validated like the journey map: one sentence naming the intent and
 * field, and what is allowed. Also the model derived from it and the next-opening helper.
 */
import { DEFAULT_JOURNEY_MAP, type JourneyMap } from '../../lib/journey';
import {
  buildOmnichannelModel,
  DEFAULT_REFERENTIAL,
  modelQueueIds,
  nextOpening,
  ReferentialError,
  validateReferential,
  type IntentChannels,
  type OmnichannelReferential,
  type SolutionSpec,
} from '../../lib/omnichannel';

const MAP = DEFAULT_JOURNEY_MAP;
const BASE = 'https://help.example.com/self-service';

function withIntent(id: string, entry: IntentChannels | undefined): OmnichannelReferential {
  const intents: Record<string, IntentChannels> = { ...DEFAULT_REFERENTIAL.intents };
  if (entry === undefined) delete intents[id];
  else intents[id] = entry;
  return { ...DEFAULT_REFERENTIAL, intents };
}

function withSolutions(id: string, solutions: readonly SolutionSpec[]): OmnichannelReferential {
  return withIntent(id, { ...DEFAULT_REFERENTIAL.intents[id], solutions });
}

/** The message of the error `validateReferential` throws. */
function problem(ref: OmnichannelReferential, map: JourneyMap = MAP): string {
  try {
    validateReferential(ref, map);
  } catch (error) {
    expect(error).toBeInstanceOf(ReferentialError);
    return (error as Error).message;
  }
  throw new Error('expected the referential to be refused');
}

const ONE_SENTENCE = /^omnichannel referential field '[^']+' [^\n]+; allowed: [^\n]+\.$/;

describe('validateReferential', () => {
  it('accepts the default referential for the default journey map', () => {
    expect(validateReferential(DEFAULT_REFERENTIAL, MAP)).toBe(DEFAULT_REFERENTIAL);
  });

  const cases: readonly [string, OmnichannelReferential, RegExp][] = [
    [
      'an intent the journey map does not have',
      withIntent('lostCard', DEFAULT_REFERENTIAL.intents.adviser),
      /field 'intents\[lostCard\]' is not an intent of the journey map; allowed: one of balance, orderStatus, passwordReset, adviser\.$/,
    ],
    [
      'a journey intent without solutions',
      withIntent('passwordReset', undefined),
      /field 'intents\[passwordReset\]' is missing for a journey intent/,
    ],
    ['an empty solution list', withSolutions('balance', []), /field 'intents\[balance\]\.solutions' is \[\]/],
    [
      'a channel twice',
      withSolutions('adviser', [{ channel: 'phone' }, { channel: 'phone' }]),
      /field 'intents\[adviser\]\.solutions\[1\]\.channel' is 'phone', already used by solutions\[0\]/,
    ],
    [
      'an unknown channel',
      withSolutions('adviser', [{ channel: 'fax' as never }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.channel' is "fax"; allowed: self-service, chat, callback, phone, sms-link\./,
    ],
    [
      'a plain-http self-service page',
      withSolutions('balance', [{ channel: 'self-service', url: 'http://example.com/balance' }]),
      /field 'intents\[balance\]\.solutions\[0\]\.url' is "http:\/\/example.com\/balance"; allowed: an https:\/\/ URL/,
    ],
    [
      'a url on a phone solution',
      withSolutions('adviser', [{ channel: 'phone', url: 'https://example.com' }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.url' is set for channel 'phone'/,
    ],
    [
      'an unknown queue',
      withSolutions('adviser', [{ channel: 'phone', queueId: 'vip' }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.queueId' is "vip", which is not a queue; allowed: one of general, billing, orders, overflow, callback\./,
    ],
    [
      'a maximum wait on a callback',
      withSolutions('adviser', [{ channel: 'callback', when: { maxWaitSeconds: 60 } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.maxWaitSeconds' is set for channel 'callback'/,
    ],
    [
      'a negative maximum wait',
      withSolutions('adviser', [{ channel: 'phone', when: { maxWaitSeconds: -5 } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.maxWaitSeconds' is -5; allowed: an integer from 0 to 86400\./,
    ],
    [
      'an unknown routing mode',
      withSolutions('adviser', [{ channel: 'phone', when: { routingModes: ['PANIC' as never] } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.routingModes' has "PANIC"/,
    ],
    [
      'an unknown hours rule',
      withSolutions('adviser', [{ channel: 'phone', when: { hours: 'weekends' as never } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.hours' is "weekends"; allowed: open, closed, any\./,
    ],
    [
      'a language the map does not speak',
      withSolutions('adviser', [{ channel: 'phone', when: { languages: ['de' as never] } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.languages' has "de"; allowed: language of the journey map among en, fr\./,
    ],
    [
      'an unknown device',
      withSolutions('adviser', [{ channel: 'phone', when: { devices: ['watch' as never] } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.devices' has "watch"/,
    ],
    [
      'a malformed segment',
      withSolutions('adviser', [{ channel: 'phone', when: { segments: ['gold member'] } }]),
      /field 'intents\[adviser\]\.solutions\[0\]\.when\.segments' has "gold member"/,
    ],
    [
      'an SMS link for an intent that needs an adviser',
      withSolutions('adviser', [{ channel: 'phone' }, { channel: 'sms-link' }]),
      /field 'intents\[adviser\]\.solutions\[1\]\.channel' is 'sms-link' for intent 'adviser', which cannot be completed without an adviser/,
    ],
    [
      'only channels the page cannot show',
      withSolutions('balance', [{ channel: 'sms-link' }]),
      /field 'intents\[balance\]\.solutions' has no channel the contact page can offer/,
    ],
    [
      'a title without its French',
      withIntent('adviser', { ...DEFAULT_REFERENTIAL.intents.adviser, title: { en: 'Adviser' } as never }),
      /field 'intents\[adviser\]\.title\.fr' is missing its translation/,
    ],
    [
      'chat without a chat page',
      { ...DEFAULT_REFERENTIAL, chatUrl: undefined },
      /field 'chatUrl' is missing but intent 'orderStatus' offers chat/,
    ],
    [
      'a national phone number',
      { ...DEFAULT_REFERENTIAL, phoneNumber: '020 7946 0123' },
      /field 'phoneNumber' is "020 7946 0123"; allowed: an E\.164 number/,
    ],
  ];

  it.each(cases)('refuses %s with one sentence naming the field', (_name, ref, expected) => {
    const message = problem(ref);
    expect(message).toMatch(ONE_SENTENCE);
    expect(message).toMatch(expected);
  });
});

describe('buildOmnichannelModel', () => {
  const model = buildOmnichannelModel(MAP, DEFAULT_REFERENTIAL, { selfServiceBaseUrl: `${BASE}/` });

  it('resolves defaults: self-service page per intent, intent queue, hours per channel, SMS to mobiles', () => {
    const balance = model.intents.find((i) => i.id === 'balance')!;
    expect(balance.solutions.map((s) => [s.channel, s.hours, s.queueId, s.url, s.devices])).toEqual([
      ['self-service', 'any', undefined, `${BASE}/balance`, undefined],
      ['sms-link', 'any', undefined, undefined, ['mobile']],
      ['phone', 'open', 'billing', undefined, undefined],
      ['callback', 'any', 'billing', undefined, undefined],
    ]);
    const orders = model.intents.find((i) => i.id === 'orderStatus')!;
    expect(orders.solutions.find((s) => s.channel === 'chat')?.url).toBe('https://www.example.com/help/chat');
  });

  it('is small JSON with no prompts (it is compiled into the function)', () => {
    const json = JSON.stringify(model);
    expect(JSON.parse(json)).toEqual(model);
    expect(json).not.toContain('Welcome to Northwind');
    expect(json.length).toBeLessThan(12000);
  });

  it('lists the queues whose live metrics matter and the numbers a callback may dial', () => {
    expect(modelQueueIds(model)).toEqual(['billing', 'general', 'orders']);
    expect(model.callback.allowedPrefixes).toEqual(['+44']);
    expect(model.callback.blockedPrefixes).toContain('+449');
  });

  it('refuses a plain-http self-service base URL', () => {
    expect(() =>
      buildOmnichannelModel(MAP, DEFAULT_REFERENTIAL, { selfServiceBaseUrl: 'http://x.example' }),
    ).toThrow(/field 'selfServiceBaseUrl' is "http:\/\/x.example"; allowed: an https:\/\/ URL\./);
  });
});

describe('nextOpening', () => {
  it.each([
    [
      'before opening on a weekday',
      '2026-11-04T06:30:00Z',
      { date: '2026-11-04', time: '08:00', daysAhead: 0 },
    ],
    ['after closing on Friday', '2026-11-06T21:00:00Z', { date: '2026-11-07', time: '09:00', daysAhead: 1 }],
    ['on Sunday', '2026-11-08T12:00:00Z', { date: '2026-11-09', time: '08:00', daysAhead: 1 }],
    ['in British Summer Time', '2026-07-01T06:30:00Z', { date: '2026-07-01', time: '08:00', daysAhead: 0 }],
    [
      'over Christmas 2027 (Sat 25, Mon 27, Tue 28 closed)',
      '2027-12-24T20:00:00Z',
      { date: '2027-12-29', time: '08:00', daysAhead: 5 },
    ],
  ])('%s', (_name, now, expected) => {
    expect(nextOpening(MAP.hours, new Date(now))).toMatchObject(expected);
  });

  it('says nothing rather than guess when there is no opening in three weeks', () => {
    expect(nextOpening({ ...MAP.hours, weekly: [] }, new Date('2026-11-04T10:00:00Z'))).toBeUndefined();
  });
});
