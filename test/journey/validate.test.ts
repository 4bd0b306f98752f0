import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { restrictLanguages } from '../../lib/journey/resolve';
import type { JourneyMap } from '../../lib/journey/types';
import {
  JourneyError,
  journeyProblems,
  validateJourneyMap,
  type JourneyProblem,
} from '../../lib/journey/validate';
import { deepFreeze, mapWith } from './support';

/** The JourneyError `validateJourneyMap` throws for `map`. */
function errorOf(map: unknown): JourneyError {
  try {
    validateJourneyMap(map as JourneyMap);
  } catch (e) {
    if (e instanceof JourneyError) return e;
    throw e;
  }
  throw new Error('expected a JourneyError');
}

/** Paths of every problem of a map. */
const pathsOf = (map: unknown): string[] => journeyProblems(map).map((p) => p.path);

/** The one problem at `path`. */
function problemAt(map: unknown, path: string): JourneyProblem {
  const found = journeyProblems(map).filter((p) => p.path === path);
  expect(found).toHaveLength(1);
  return found[0] as JourneyProblem;
}

describe('validateJourneyMap', () => {
  test('accepts the default map and resolves it to an equal map', () => {
    const map = deepFreeze(structuredClone(DEFAULT_JOURNEY_MAP));
    expect(journeyProblems(map)).toEqual([]);
    expect(validateJourneyMap(map)).toEqual(DEFAULT_JOURNEY_MAP);
    expect(validateJourneyMap(validateJourneyMap(map))).toEqual(DEFAULT_JOURNEY_MAP);
  });

  test('lists every problem, each with its path in the map and a fix hint', () => {
    const e = errorOf(
      mapWith((m) => {
        m.intents[1]!.dtmf = '1';
        m.intents[0]!.queueId = 'sales';
        (m.queues[1]!.underLoad as { mode: string }).mode = 'SOMETIMES';
      }),
    );
    expect(e.problems.map((p) => p.path)).toEqual([
      'queues[billing].underLoad.mode',
      'intents[balance].queueId',
      'intents[orderStatus].dtmf',
    ]);
    expect(e.field).toBe('queues[billing].underLoad.mode');
    expect(e.problems[0]).toEqual({
      path: 'queues[billing].underLoad.mode',
      message: 'is "SOMETIMES"',
      hint: 'use CALLBACK, OVERFLOW, DEFLECT',
    });
    expect(e.message).toMatch(/^the journey map has 3 problems \(journey map field: problem; fix\):\n/);
    expect(e.message).toContain(
      "  intents[orderStatus].dtmf: is '1', already used by intent 'balance'; use a key from 1 to 9 that no other intent uses",
    );
  });

  describe('rejects', () => {
    test('a DTMF key outside 1-9', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.intents[0]!.dtmf = '0')),
          'intents[balance].dtmf',
        ).hint,
      ).toMatch(/single key from '1' to '9'/);
    });

    test('duplicate intent, queue, queue name and input keys', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.intents[1]!.id = 'balance')),
          'intents',
        ).message,
      ).toBe("has 'balance' twice");
      expect(pathsOf(mapWith((m) => void (m.queues[1]!.id = 'general')))).toContain('queues');
      expect(
        problemAt(
          mapWith((m) => void (m.queues[1]!.name = 'General')),
          'queues',
        ).message,
      ).toBe("has 'General' twice");
      expect(
        problemAt(
          mapWith((m) => void (m.inputs[1]!.id = 'accountNumber')),
          'inputs',
        ).message,
      ).toBe("has 'accountNumber' twice");
    });

    test('an intent needing an input nobody defines', () => {
      const p = problemAt(
        mapWith((m) => void (m.intents[1]!.inputs = ['parcelNumber'])),
        'intents[orderStatus].inputs[0]',
      );
      expect(p.message).toBe("is 'parcelNumber', which no input defines");
    });

    test('an integration parameter that no input or step provides', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.intents[1]!.inputs = [])),
          'intents[orderStatus].integration',
        ).message,
      ).toMatch(/needs parameter 'orderId' that no input or step of the intent provides/);
      expect(
        problemAt(
          mapWith((m) => void (m.intents[0]!.auth = 'NONE')),
          'intents[balance].integration',
        ).message,
      ).toMatch(/needs parameter 'authToken'/);
    });

    test('an input the integration does not take', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.intents[2]!.inputs = ['orderNumber'])),
          'intents[passwordReset].inputs',
        ).message,
      ).toMatch(/collects 'orderNumber' for parameter 'orderId', which 'password-reset' does not take/);
    });

    test('a step integration or a self-service intent without integration', () => {
      const step = problemAt(
        mapWith((m) => void ((m.intents[0] as { integration: string }).integration = 'otp-verify')),
        'intents[balance].integration',
      );
      expect(step.hint).toMatch(/a self-service integration: .*balance-lookup/);
      expect(
        problemAt(
          mapWith((m) => void (m.intents[3]!.selfService = true)),
          'intents[adviser].integration',
        ).message,
      ).toBe('is missing for a self-service intent');
    });

    test('an unknown queue', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.intents[0]!.queueId = 'sales')),
          'intents[balance].queueId',
        ).message,
      ).toBe("is 'sales', which is not a queue");
      expect(pathsOf(mapWith((m) => void (m.callbackQueueId = 'sales')))).toEqual(['callbackQueueId']);
      expect(pathsOf(mapWith((m) => void (m.queues[1]!.underLoad.overflowQueueId = 'sales')))).toEqual([
        'queues[billing].underLoad.overflowQueueId',
      ]);
      expect(pathsOf(mapWith((m) => void (m.queues[1]!.underLoad.overflowQueueId = 'billing')))).toEqual([
        'queues[billing].underLoad.overflowQueueId',
      ]);
    });

    test('OVERFLOW without an overflow queue', () => {
      const p = problemAt(
        mapWith((m) => void delete m.queues[1]!.underLoad.overflowQueueId),
        'queues[billing].underLoad.overflowQueueId',
      );
      expect(p.message).toBe('is missing for mode OVERFLOW');
      expect(p.hint).toMatch(/general, orders, overflow, callback/);
    });

    test('a missing, empty or extra translation', () => {
      expect(
        problemAt(
          mapWith((m) => void ((m.prompts.goodbye as { fr?: string }).fr = '')),
          'prompts.goodbye.fr',
        ).message,
      ).toBe('is empty');
      expect(pathsOf(mapWith((m) => void delete (m.intents[2]!.label as { fr?: string }).fr))).toEqual([
        'intents[passwordReset].label.fr',
      ]);
      expect(pathsOf(mapWith((m) => void delete (m.inputs[0]!.prompt as { en?: string }).en))).toEqual([
        'inputs[accountNumber].prompt.en',
      ]);
      const extra = problemAt(
        mapWith((m) => void ((m.intents[0]!.label as Record<string, string>)['es'] = 'su saldo')),
        'intents[balance].label.es',
      );
      expect(extra.hint).toBe("remove it, or add 'es' to languages");
    });

    test('a prompt a language pack fills may be left out, but not an empty override', () => {
      expect(journeyProblems(mapWith((m) => void delete (m.prompts.goodbye as { fr?: string }).fr))).toEqual(
        [],
      );
      const resolved = validateJourneyMap(
        mapWith((m) => void delete (m.prompts.goodbye as { fr?: string }).fr),
      );
      expect(resolved.prompts.goodbye.fr).toBe('Merci de votre appel. Au revoir.');
    });

    test('an unknown placeholder', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.prompts.welcome.en = 'Hello {firstName}')),
          'prompts.welcome.en',
        ).hint,
      ).toBe('remove it: this text takes no placeholders');
      expect(
        problemAt(
          mapWith((m) => void (m.intents[0]!.result!.en = 'Balance {balance}')),
          'intents[balance].result.en',
        ).hint,
      ).toBe('use only {balanceSpeech}');
    });

    test('bad hours', () => {
      expect(pathsOf(mapWith((m) => void (m.hours.weekly[0]!.start = '8am')))).toEqual([
        'hours.weekly[0].start',
      ]);
      expect(
        problemAt(
          mapWith((m) => void (m.hours.weekly[0]!.end = '07:00')),
          'hours.weekly[0]',
        ).message,
      ).toBe('opens at 08:00 and closes at 07:00');
      expect(pathsOf(mapWith((m) => void (m.hours.timeZone = 'Europe/Atlantis')))).toEqual([
        'hours.timeZone',
      ]);
      expect(pathsOf(mapWith((m) => void (m.hours.holidays[0]!.date = '2026-02-30')))).toEqual([
        'hours.holidays[2026-02-30].date',
      ]);
      expect(
        problemAt(
          mapWith((m) => void m.hours.weekly.push({ day: 'MONDAY', start: '19:00', end: '21:00' })),
          'hours.weekly[6]',
        ).message,
      ).toBe('overlaps MONDAY 08:00-20:00');
      expect(pathsOf(mapWith((m) => void ((m.hours.weekly[0] as { day: string }).day = 'FUNDAY')))).toEqual([
        'hours.weekly[0].day',
      ]);
      expect(
        problemAt(
          mapWith((m) => void m.hours.holidays.push({ ...m.hours.holidays[0]! })),
          'hours.holidays',
        ).message,
      ).toBe("has '2026-01-01' twice");
    });

    test('a queue name that cannot be a CloudWatch dimension, a queue id with capitals', () => {
      expect(
        problemAt(
          mapWith((m) => void (m.queues[0]!.name = 'Général')),
          'queues[general].name',
        ).hint,
      ).toMatch(/CloudWatch QueueName dimension/);
      expect(pathsOf(mapWith((m) => void (m.queues[0]!.name = 'Sales/UK')))).toEqual([
        'queues[general].name',
      ]);
      expect(pathsOf(mapWith((m) => void (m.queues[4]!.id = 'Callback')))).toContain('queues[Callback].id');
    });

    test('a PCI input before other inputs, an authentication secret that is not PCI', () => {
      const pci = mapWith((m) => {
        m.inputs.push({ ...m.inputs[1]!, id: 'cardDigits', parameter: 'orderId' });
        m.intents[1]!.inputs = ['cardDigits', 'orderNumber'];
      });
      expect(problemAt(pci, 'intents[orderStatus].inputs[0]').message).toBe(
        "is the PCI input 'cardDigits' before other inputs",
      );
      expect(
        problemAt(
          mapWith((m) => void (m.inputs[1]!.dataClass = 'PII')),
          'inputs[pin].dataClass',
        ).message,
      ).toBe('is PII for an authentication secret');
    });

    test('more than nine intents and bad numbers', () => {
      const ten = mapWith(
        (m) =>
          void m.intents.push(
            ...Array.from({ length: 6 }, (_, i) => ({ ...m.intents[3]!, id: `x${i}`, dtmf: '9' })),
          ),
      );
      expect(problemAt(ten, 'intents').hint).toBe('use from 1 to 9 intents');
      expect(
        pathsOf(mapWith((m) => void (m.queues[0]!.underLoad.estimatedWaitThresholdSeconds = 1.5))),
      ).toEqual(['queues[general].underLoad.estimatedWaitThresholdSeconds']);
      expect(
        problemAt(
          mapWith((m) => void (m.menuAttempts = 0)),
          'menuAttempts',
        ),
      ).toEqual({
        path: 'menuAttempts',
        message: 'is 0',
        hint: 'use an integer from 1 to 5',
      });
    });

    test('a default language the map does not speak', () => {
      expect(pathsOf({ ...restrictLanguages(DEFAULT_JOURNEY_MAP, ['fr']), defaultLanguage: 'en' })).toEqual([
        'defaultLanguage',
      ]);
    });

    test('a field the schema does not know, a missing field, a value of the wrong type', () => {
      const map = structuredClone(DEFAULT_JOURNEY_MAP) as unknown as Record<string, unknown>;
      map.menuAtempts = 2;
      delete map.agentQueueId;
      map.recordAgentCalls = 'yes';
      expect(journeyProblems(map)).toEqual([
        { path: 'agentQueueId', message: 'is missing', hint: 'add it: a queue id' },
        { path: 'recordAgentCalls', message: 'is "yes"', hint: 'use true or false' },
        {
          path: 'menuAtempts',
          message: 'is not a field of the journey map here',
          hint: 'remove it or check its spelling (schema/journey.schema.json lists the fields)',
        },
      ]);
    });

    test('something that is not a map at all', () => {
      expect(pathsOf('hello')).toEqual(['(map)']);
      expect(pathsOf([])).toEqual(['(map)']);
    });
  });
});

describe('identity settings', () => {
  test('caller-ID personalisation is off unless the map turns it on, and its settings are booleans', () => {
    expect(validateJourneyMap(mapWith((m) => void delete m.personalisation))).toBeDefined();
    expect(pathsOf(mapWith((m) => void ((m.personalisation as unknown) = 'on')))).toEqual([
      'personalisation',
    ]);
    expect(
      pathsOf(mapWith((m) => void ((m.personalisation as Record<string, unknown>) = { greetByname: true }))),
    ).toEqual(['personalisation.greetByname']);
    expect(
      problemAt(
        mapWith((m) => void ((m.personalisation as Record<string, unknown>) = { greetByName: 'yes' })),
        'personalisation.greetByName',
      ).hint,
    ).toBe('use true or false (default false)');
  });

  test('the phone hint may be spoken before verification only with speakPhoneHint', () => {
    const hint = {
      en: 'Sent to your phone ending in {phoneHint}.',
      fr: 'Envoyé au numéro finissant par {phoneHint}.',
    };
    const p = problemAt(
      mapWith((m) => void (m.prompts.otpSent = hint)),
      'prompts.otpSent.en',
    );
    expect(p.hint).toBe('remove it, or set personalisation.speakPhoneHint: true');
    expect(
      journeyProblems(
        mapWith((m) => {
          m.prompts.otpSent = hint;
          m.personalisation = { speakPhoneHint: true };
        }),
      ),
    ).toEqual([]);
  });

  test('the caller-ID mismatch policy is replace or refuse', () => {
    expect(validateJourneyMap(mapWith((m) => void delete m.auth.callerIdMismatch))).toBeDefined();
    expect(
      problemAt(
        mapWith((m) => void ((m.auth as { callerIdMismatch?: string }).callerIdMismatch = 'deny')),
        'auth.callerIdMismatch',
      ),
    ).toEqual({
      path: 'auth.callerIdMismatch',
      message: 'is "deny"',
      hint: "use 'replace' or 'refuse' (leave it out for 'replace')",
    });
  });
});
