import { compileJourney, type FlowResources } from '../../lib/flows/compile';
import { validateFlow } from '../../lib/flows/validate';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { loadJourneyFile } from '../../lib/journey/load';
import { LANGUAGE_PACKS, packFor, PROMPT_KEYS } from '../../lib/journey/packs';
import { defineJourney, type JourneyInput } from '../../lib/journey/schema';
import { journeyProblems, placeholdersOf, validateJourneyMap } from '../../lib/journey/validate';
import {
  balanceSpeech,
  dateSpeech,
  expectedDateSentence,
  orderStatusSpeech,
  speechLanguage,
} from '../../lambda/domain/speech';
import { otpText, passwordResetText, selfServiceText } from '../../lambda/domain/messages';
import { join } from 'node:path';

/** Resources as CDK passes them at synth: unresolved token strings. */
const TOKENS: FlowResources = {
  functionArn: (name) => `\${Token[fn.${name}]}`,
  queueArn: (queueId) => `\${Token[queue.${queueId}]}`,
  hoursArn: '${Token[hours]}',
  flowArn: (flowName) => `\${Token[flow.${flowName}]}`,
};

const small = (): JourneyInput =>
  loadJourneyFile(join(__dirname, 'fixtures', 'small-es-de.yaml')) as JourneyInput;

describe('language packs', () => {
  test('ship en, fr, es and de, each with every prompt and the same queue-flow bands', () => {
    expect(Object.keys(LANGUAGE_PACKS)).toEqual(['en', 'fr', 'es', 'de']);
    for (const pack of Object.values(LANGUAGE_PACKS)) {
      expect(Object.keys(pack.prompts).sort()).toEqual([...PROMPT_KEYS].sort());
      for (const t of Object.values(pack.prompts)) expect(t.trim()).not.toBe('');
      expect(pack.queueFlow.waitBands.map((b) => b.maxSeconds)).toEqual([120, 300, 600]);
      expect(pack.queueFlow.holdMessages).toHaveLength(1);
      // Pack texts use only the placeholders their prompt allows (and {phoneHint} never).
      expect(placeholdersOf(pack.prompts.menuOption).sort()).toEqual(['key', 'label']);
      expect(placeholdersOf(pack.prompts.languageOption)).toEqual(['key']);
      expect(placeholdersOf(pack.prompts.otpSent)).toEqual([]);
    }
  });

  test('serve a BCP-47 code by its primary language, never another language', () => {
    expect(packFor('es-MX')?.language).toBe('es');
    expect(packFor('de-AT')?.language).toBe('de');
    expect(packFor('en')?.language).toBe('en');
    expect(packFor('cy-GB')).toBeUndefined();
  });
});

describe('speech and SMS packs in the handlers', () => {
  test('choose by BCP-47 code with fallback from es-MX to es, then to English', () => {
    expect(speechLanguage('es-MX')).toBe('es');
    expect(speechLanguage('de-DE')).toBe('de');
    expect(speechLanguage('fr-CA')).toBe('fr');
    expect(speechLanguage('it-IT')).toBe('en');
    expect(speechLanguage(undefined)).toBe('en');
  });

  test('speak Spanish amounts and dates', () => {
    expect(balanceSpeech(123456, 'EUR', 'es')).toBe('1.234 euros con 56 céntimos');
    expect(balanceSpeech(100, 'EUR', 'es')).toBe('1 euro');
    expect(balanceSpeech(-1205, 'MXN', 'es')).toBe('un descubierto de 12 pesos con 5 centavos');
    expect(balanceSpeech(150, 'JPY', 'es')).toBe('1,50 JPY');
    expect(dateSpeech('2026-12-01', 'es')).toBe('martes 1 de diciembre');
    expect(orderStatusSpeech('shipped', 'es')).toBe('Su pedido se ha enviado.');
    expect(expectedDateSentence('DELIVERED', '2026-03-05', 'es')).toBe('Entregado el jueves 5 de marzo.');
  });

  test('speak German amounts and dates', () => {
    expect(balanceSpeech(123456, 'EUR', 'de')).toBe('1.234 Euro und 56 Cent');
    expect(balanceSpeech(-100, 'GBP', 'de')).toBe('im Minus mit 1 Pfund');
    expect(balanceSpeech(1, 'CHF', 'de')).toBe('1 Rappen');
    expect(dateSpeech('2026-12-01', 'de')).toBe('Dienstag, 1. Dezember');
    expect(orderStatusSpeech('UNKNOWN', 'de')).toBe('Ihre Bestellung wird bearbeitet.');
    expect(expectedDateSentence('SHIPPED', '2026-03-05', 'de')).toBe(
      'Voraussichtliche Lieferung am Donnerstag, 5. März.',
    );
  });

  test('keep English and French as they were', () => {
    expect(balanceSpeech(123456, 'GBP', 'en')).toBe('1,234 pounds and 56 pence');
    expect(balanceSpeech(123456, 'EUR', 'fr')).toBe('1 234 euros et 56 centimes');
    expect(dateSpeech('2026-12-01', 'fr')).toBe('mardi 1er décembre');
    expect(expectedDateSentence('DELIVERED', '2026-12-01', 'en')).toBe('Delivered on Tuesday 1 December.');
  });

  test('write SMS texts in each pack', () => {
    expect(otpText('123456', 'es')).toMatch(/^Su código de verificación es 123456\./);
    expect(otpText('123456', 'de')).toMatch(/^Ihr Bestätigungscode lautet 123456\./);
    expect(passwordResetText('https://x', 'de')).toMatch(/https:\/\/x$/);
    expect(selfServiceText('https://x', 'es')).toBe(
      'Como le indicamos durante su llamada, aquí tiene su enlace: https://x',
    );
  });
});

describe('a map in other languages', () => {
  test('a small Spanish and German map with no prompts resolves them from the packs', () => {
    const map = validateJourneyMap(small());
    expect(map.languages).toEqual(['es-ES', 'de-DE']);
    expect(map.defaultLanguage).toBe('es-ES');
    expect(map.voices).toEqual({
      'es-ES': { voice: 'Lucia', engine: 'Neural' },
      'de-DE': { voice: 'Vicki' },
    });
    expect(map.prompts.goodbye).toEqual({
      'es-ES': 'Gracias por su llamada. Adiós.',
      'de-DE': 'Vielen Dank für Ihren Anruf. Auf Wiederhören.',
    });
    expect(map.queueFlow.waitBands).toHaveLength(3);
    expect(map.auth).toEqual({
      otpCodeInputId: 'otpCode',
      accountNumberInputId: 'accountNumber',
      pinInputId: 'pin',
      maxAttempts: 3,
    });
    expect(map.recordAgentCalls).toBe(false);
    expect(validateJourneyMap(map)).toEqual(map);
  });

  test('compiles, and every flow passes the flow validator', () => {
    const flows = compileJourney(small(), TOKENS);
    expect(flows).toHaveLength(2);
    for (const flow of flows) expect(validateFlow(flow.content, flow.name)).toEqual([]);
    const inbound = JSON.stringify(flows.map((f) => f.content));
    expect(inbound).toContain('Para español, pulse 1. Für Deutsch drücken Sie bitte die 2.');
    expect(inbound).toContain('"TextToSpeechVoice":"Vicki"');
    expect(inbound).toContain('"use-de-DE"');
  });

  test('a map may override a pack text in one language only', () => {
    const map = validateJourneyMap({
      ...small(),
      prompts: { goodbye: { 'de-DE': 'Tschüss.' } },
    });
    expect(map.prompts.goodbye).toEqual({ 'es-ES': 'Gracias por su llamada. Adiós.', 'de-DE': 'Tschüss.' });
  });

  test('an unknown language, a language without a voice, a language without a pack', () => {
    const paths = (languages: unknown): string[] =>
      journeyProblems({ ...small(), languages }).map((p) => p.path);
    expect(
      paths([
        { code: 'es-ES', voice: 'Lucia' },
        { code: 'xx-YY', voice: 'Nobody' },
      ]),
    ).toContain('languages[xx-YY]');
    const malformed = journeyProblems({
      ...small(),
      languages: [
        { code: 'es-ES', voice: 'Lucia' },
        { code: 'es_MX', voice: 'Mia' },
      ],
    });
    // The code is malformed, so the de-DE texts are now texts in a language the map does not declare.
    expect(malformed[0]).toEqual({
      path: 'languages[es_MX].code',
      message: 'is "es_MX"',
      hint: 'use a BCP-47 language code in canonical case, such as en, en-GB, es-419 or zh-Hant-TW',
    });
    expect(paths([{ code: 'es-ES', voice: 'Lucia' }, 'de-DE'])).toContain('languages[de-DE]');
    const welsh = journeyProblems({
      ...small(),
      languages: [
        { code: 'es-ES', voice: 'Lucia' },
        { code: 'cy-GB', voice: 'Gwyneth' },
      ],
    });
    const noPack = welsh.find((p) => p.path === 'languages[cy-GB]');
    expect(noPack?.message).toMatch(
      /^has no language pack \(packs ship for en, fr, es, de\) and the map leaves 40 built-in texts unwritten: prompts\.welcome,/,
    );
    expect(noPack?.hint).toBe("write these texts in 'cy-GB', or use a language with a pack");
  });

  test('defineJourney is the identity and its maps validate', () => {
    const map = defineJourney({ ...DEFAULT_JOURNEY_MAP, name: 'Typed' });
    expect(map.name).toBe('Typed');
    expect(journeyProblems(map)).toEqual([]);
  });
});
