import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { JourneyError, validateJourneyMap } from '../../lib/journey/validate';
import type { JourneyMap } from '../../lib/journey/types';
import { deepFreeze, mapWith } from './support';

/** The JourneyError `validateJourneyMap` throws for `map`. */
function errorOf(map: JourneyMap): JourneyError {
  try {
    validateJourneyMap(map);
  } catch (e) {
    if (e instanceof JourneyError) return e;
    throw e;
  }
  throw new Error('expected a JourneyError');
}

describe('validateJourneyMap', () => {
  test('accepts the default map and returns it unchanged', () => {
    const map = deepFreeze(structuredClone(DEFAULT_JOURNEY_MAP));
    expect(validateJourneyMap(map)).toBe(map);
  });

  test('errors are one sentence naming the field and what is allowed', () => {
    const e = errorOf(mapWith((m) => void (m.intents[1]!.dtmf = '1')));
    expect(e.message).toBe(
      "journey map field 'intents[orderStatus].dtmf' is '1', already used by intent 'balance'; allowed: a key from 1 to 9 that no other intent uses.",
    );
    expect(e.message).not.toMatch(/[.;:]\s+[A-Z]/); // one sentence
    expect(e.message.endsWith('.')).toBe(true);
    expect(e.field).toBe('intents[orderStatus].dtmf');
  });

  describe('rejects', () => {
    test('a duplicate DTMF key', () => {
      expect(errorOf(mapWith((m) => void (m.intents[3]!.dtmf = '2'))).field).toBe('intents[adviser].dtmf');
    });

    test('a DTMF key outside 1-9', () => {
      expect(errorOf(mapWith((m) => void (m.intents[0]!.dtmf = '0'))).message).toMatch(
        /intents\[balance\]\.dtmf.*a single key from 1 to 9/,
      );
    });

    test('a duplicate intent id', () => {
      expect(errorOf(mapWith((m) => void (m.intents[1]!.id = 'balance'))).message).toMatch(
        /'intents' has 'balance' twice/,
      );
    });

    test('a duplicate queue id and a duplicate queue name', () => {
      expect(errorOf(mapWith((m) => void (m.queues[1]!.id = 'general'))).message).toMatch(
        /'queues' has 'general' twice/,
      );
      expect(errorOf(mapWith((m) => void (m.queues[1]!.name = 'General'))).message).toMatch(
        /'queues' has 'General' twice/,
      );
    });

    test('a duplicate input id', () => {
      expect(errorOf(mapWith((m) => void (m.inputs[1]!.id = 'accountNumber'))).message).toMatch(
        /'inputs' has 'accountNumber' twice/,
      );
    });

    test('an intent needing an input nobody defines', () => {
      const e = errorOf(mapWith((m) => void (m.intents[1]!.inputs = ['parcelNumber'])));
      expect(e.field).toBe('intents[orderStatus].inputs[0]');
      expect(e.message).toMatch(/'parcelNumber', which no input defines/);
    });

    test('an integration parameter that no input or step provides', () => {
      // order-status needs orderId, which only the order number input provides.
      const noOrder = errorOf(mapWith((m) => void (m.intents[1]!.inputs = [])));
      expect(noOrder.field).toBe('intents[orderStatus].integration');
      expect(noOrder.message).toMatch(
        /needs parameter 'orderId' that no input or step of the intent provides/,
      );
      // balance-lookup needs the auth token, which only authentication provides.
      const noAuth = errorOf(mapWith((m) => void (m.intents[0]!.auth = 'NONE')));
      expect(noAuth.message).toMatch(/intents\[balance\]\.integration.*needs parameter 'authToken'/);
    });

    test('an input the integration does not take', () => {
      const e = errorOf(mapWith((m) => void (m.intents[2]!.inputs = ['orderNumber'])));
      expect(e.message).toMatch(
        /collects 'orderNumber' for parameter 'orderId', which 'password-reset' does not take/,
      );
    });

    test('an intent naming a step integration', () => {
      expect(errorOf(mapWith((m) => void (m.intents[0]!.integration = 'otp-verify'))).field).toBe(
        'intents[balance].integration',
      );
    });

    test('a self-service intent without integration', () => {
      expect(errorOf(mapWith((m) => void (m.intents[3]!.selfService = true))).message).toMatch(
        /intents\[adviser\]\.integration' is missing for a self-service intent/,
      );
    });

    test('an unknown queue', () => {
      expect(errorOf(mapWith((m) => void (m.intents[0]!.queueId = 'sales'))).message).toMatch(
        /intents\[balance\]\.queueId' is "sales", which is not a queue/,
      );
      expect(errorOf(mapWith((m) => void (m.callbackQueueId = 'sales'))).field).toBe('callbackQueueId');
      expect(errorOf(mapWith((m) => void (m.queues[1]!.underLoad.overflowQueueId = 'sales'))).field).toBe(
        'queues[billing].underLoad.overflowQueueId',
      );
    });

    test('OVERFLOW without an overflow queue', () => {
      const e = errorOf(mapWith((m) => void delete m.queues[1]!.underLoad.overflowQueueId));
      expect(e.message).toBe(
        "journey map field 'queues[billing].underLoad.overflowQueueId' is missing for mode OVERFLOW; allowed: the id of another queue.",
      );
    });

    test('a queue overflowing into itself', () => {
      expect(errorOf(mapWith((m) => void (m.queues[1]!.underLoad.overflowQueueId = 'billing'))).field).toBe(
        'queues[billing].underLoad.overflowQueueId',
      );
    });

    test('a missing translation', () => {
      const e = errorOf(mapWith((m) => void ((m.prompts.goodbye as { fr?: string }).fr = '')));
      expect(e.message).toBe(
        "journey map field 'prompts.goodbye.fr' is missing its translation; allowed: a non-empty text in 'fr'.",
      );
      expect(errorOf(mapWith((m) => void delete (m.intents[2]!.label as { fr?: string }).fr)).field).toBe(
        'intents[passwordReset].label.fr',
      );
      expect(errorOf(mapWith((m) => void delete (m.inputs[0]!.prompt as { en?: string }).en)).field).toBe(
        'inputs[accountNumber].prompt.en',
      );
    });

    test('an unknown placeholder', () => {
      expect(errorOf(mapWith((m) => void (m.prompts.welcome.en = 'Hello {firstName}'))).message).toMatch(
        /prompts\.welcome\.en' uses the placeholder \{firstName\}; allowed: no placeholders/,
      );
      expect(errorOf(mapWith((m) => void (m.intents[0]!.result!.en = 'Balance {balance}'))).message).toMatch(
        /uses the placeholder \{balance\}; allowed: \{balanceSpeech\}/,
      );
    });

    test('bad hours', () => {
      expect(errorOf(mapWith((m) => void (m.hours.weekly[0]!.start = '8am'))).field).toBe(
        'hours.weekly[0].start',
      );
      expect(errorOf(mapWith((m) => void (m.hours.weekly[0]!.end = '07:00'))).message).toMatch(
        /hours\.weekly\[0\]' opens at 08:00 and closes at 07:00; allowed: a start before the end/,
      );
      expect(errorOf(mapWith((m) => void (m.hours.timeZone = 'Europe/Atlantis'))).field).toBe(
        'hours.timeZone',
      );
      expect(errorOf(mapWith((m) => void (m.hours.holidays[0]!.date = '2026-02-30'))).field).toBe(
        'hours.holidays[0].date',
      );
      expect(
        errorOf(mapWith((m) => void m.hours.weekly.push({ day: 'MONDAY', start: '19:00', end: '21:00' })))
          .message,
      ).toMatch(/overlaps MONDAY 08:00-20:00/);
      expect(
        errorOf(mapWith((m) => void ((m.hours.weekly[0] as { day: string }).day = 'FUNDAY'))).field,
      ).toBe('hours.weekly[0].day');
      expect(
        errorOf(mapWith((m) => void m.hours.holidays.push({ ...m.hours.holidays[0]! }))).message,
      ).toMatch(/has '2026-01-01' twice/);
    });

    test('a queue name that cannot be a CloudWatch dimension', () => {
      const e = errorOf(mapWith((m) => void (m.queues[0]!.name = 'Général')));
      expect(e.field).toBe('queues[general].name');
      expect(e.message).toMatch(/CloudWatch QueueName dimension/);
      expect(errorOf(mapWith((m) => void (m.queues[0]!.name = 'Sales/UK'))).field).toBe(
        'queues[general].name',
      );
    });

    test('a queue id with capitals', () => {
      expect(errorOf(mapWith((m) => void (m.queues[4]!.id = 'Callback'))).field).toBe('queues[Callback].id');
    });

    test('a PCI input before other inputs', () => {
      const e = errorOf(
        mapWith((m) => {
          m.inputs.push({ ...m.inputs[1]!, id: 'cardDigits', parameter: 'orderId' });
          m.intents[1]!.inputs = ['cardDigits', 'orderNumber'];
        }),
      );
      expect(e.message).toMatch(/is the PCI input 'cardDigits' before other inputs/);
    });

    test('an authentication secret that is not PCI', () => {
      expect(errorOf(mapWith((m) => void (m.inputs[1]!.dataClass = 'PII'))).message).toMatch(
        /inputs\[pin\]\.dataClass' is PII for an authentication secret; allowed: PCI/,
      );
    });

    test('more than nine intents and bad numbers', () => {
      expect(
        errorOf(
          mapWith(
            (m) =>
              void m.intents.push(
                ...Array.from({ length: 6 }, (_, i) => ({ ...m.intents[3]!, id: `x${i}`, dtmf: '9' })),
              ),
          ),
        ).field,
      ).toBe('intents');
      expect(
        errorOf(mapWith((m) => void (m.queues[0]!.underLoad.estimatedWaitThresholdSeconds = 1.5))).field,
      ).toBe('queues[general].underLoad.estimatedWaitThresholdSeconds');
      expect(errorOf(mapWith((m) => void (m.menuAttempts = 0))).field).toBe('menuAttempts');
    });

    test('a default language the map does not speak', () => {
      expect(
        errorOf(
          mapWith((m) => {
            m.languages = ['fr'];
          }),
        ).field,
      ).toBe('defaultLanguage');
    });
  });
});

describe('identity settings', () => {
  test('caller-ID personalisation is off unless the map turns it on, and its settings are booleans', () => {
    expect(validateJourneyMap(mapWith((m) => void delete m.personalisation))).toBeDefined();
    expect(errorOf(mapWith((m) => void ((m.personalisation as unknown) = 'on'))).message).toBe(
      'journey map field \'personalisation\' is "on"; allowed: an object with greetByName, proactiveNotice, speakPhoneHint (each true or false).',
    );
    expect(
      errorOf(mapWith((m) => void ((m.personalisation as Record<string, unknown>) = { greetByname: true })))
        .message,
    ).toBe(
      "journey map field 'personalisation.greetByname' is not a setting; allowed: greetByName, proactiveNotice, speakPhoneHint.",
    );
    expect(
      errorOf(mapWith((m) => void ((m.personalisation as Record<string, unknown>) = { greetByName: 'yes' })))
        .field,
    ).toBe('personalisation.greetByName');
  });

  test('the phone hint may be spoken before verification only with speakPhoneHint', () => {
    const hint = {
      en: 'Sent to your phone ending in {phoneHint}.',
      fr: 'Envoyé au numéro finissant par {phoneHint}.',
    };
    const e = errorOf(mapWith((m) => void (m.prompts.otpSent = hint)));
    expect(e.field).toBe('prompts.otpSent.en');
    expect(e.message).toMatch(
      /\{phoneHint\}.*allowed: no placeholders, or set personalisation\.speakPhoneHint: true\.$/,
    );
    expect(
      validateJourneyMap(
        mapWith((m) => {
          m.prompts.otpSent = hint;
          m.personalisation = { speakPhoneHint: true };
        }),
      ),
    ).toBeDefined();
  });

  test('the caller-ID mismatch policy is replace or refuse', () => {
    expect(validateJourneyMap(mapWith((m) => void delete m.auth.callerIdMismatch))).toBeDefined();
    expect(
      errorOf(mapWith((m) => void ((m.auth as { callerIdMismatch?: string }).callerIdMismatch = 'deny')))
        .message,
    ).toBe(
      "journey map field 'auth.callerIdMismatch' is \"deny\"; allowed: 'replace' or 'refuse' (leave it out for 'replace').",
    );
  });
});
