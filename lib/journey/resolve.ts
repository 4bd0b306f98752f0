/**
 * Resolution of a checked journey map as written into the map the compiler reads: language codes
 * with their voices, and every prompt and queue-flow text in every language, from the map or from
 * the language pack of the language. Runs after `validate.ts` found no problem.
 *
 * Pure data: no aws-cdk-lib import.
 */
import type * as z from 'zod';
import { packFor, PROMPT_KEYS, type LanguagePack, type PromptKey } from './packs';
import type { journeyInputSchema, JourneyMap, Localized, VoiceSpec } from './schema';

type Parsed = z.output<typeof journeyInputSchema>;

/** A text in each language: the map's own where it has one, else the pack's. */
function fill(
  languages: readonly string[],
  own: Localized | undefined,
  fromPack: (pack: LanguagePack) => string,
): Record<string, string> {
  return Object.fromEntries(
    languages.map((lang) => {
      const pack = packFor(lang);
      return [lang, own?.[lang] ?? (pack ? fromPack(pack) : '')];
    }),
  );
}

/** The resolved map of a map as written that the schema and the cross-field checks accepted. */
export function resolveJourney(parsed: Parsed): JourneyMap {
  const {
    $schema,
    languages: written,
    defaultLanguage,
    voices: writtenVoices,
    prompts,
    queueFlow,
    ...rest
  } = parsed;
  void $schema;
  const languages = written.map((l) => (typeof l === 'string' ? l : l.code));
  const voices: Record<string, VoiceSpec> = {};
  for (const l of written) {
    const v = typeof l === 'string' ? writtenVoices?.[l] : l;
    if (v !== undefined)
      voices[typeof l === 'string' ? l : l.code] = v.engine
        ? { voice: v.voice, engine: v.engine }
        : { voice: v.voice };
  }
  const promptSet = Object.fromEntries(
    PROMPT_KEYS.map((key: PromptKey) => [key, fill(languages, prompts?.[key], (p) => p.prompts[key])]),
  ) as Record<PromptKey, Record<string, string>>;
  const qf = queueFlow ?? { interruptSeconds: 60 };
  const packBands = (): { maxSeconds: number; message: Record<string, string> }[] => {
    const first = packFor(languages[0] ?? '');
    return (first?.queueFlow.waitBands ?? []).map((band, i) => ({
      maxSeconds: band.maxSeconds,
      message: fill(languages, undefined, (p) => p.queueFlow.waitBands[i]?.message ?? ''),
    }));
  };
  const packHold = (): Record<string, string>[] => {
    const first = packFor(languages[0] ?? '');
    return (first?.queueFlow.holdMessages ?? []).map((_, i) =>
      fill(languages, undefined, (p) => p.queueFlow.holdMessages[i] ?? ''),
    );
  };
  return {
    ...rest,
    languages,
    defaultLanguage: defaultLanguage ?? (languages[0] as string),
    voices,
    prompts: promptSet,
    queueFlow: {
      interruptSeconds: qf.interruptSeconds,
      waitBands: qf.waitBands ?? packBands(),
      waitLong: fill(languages, qf.waitLong, (p) => p.queueFlow.waitLong),
      waitUnknown: fill(languages, qf.waitUnknown, (p) => p.queueFlow.waitUnknown),
      holdMessages: qf.holdMessages ?? packHold(),
      callbackOffer: fill(languages, qf.callbackOffer, (p) => p.queueFlow.callbackOffer),
    },
  };
}

/**
 * The map restricted to some of its languages: texts and voices of the others are dropped (for
 * example an English-only variant of a bilingual map). The first kept language becomes the default
 * when the default is dropped.
 */
export function restrictLanguages(map: JourneyMap, languages: readonly string[]): JourneyMap {
  const keep = map.languages.filter((l) => languages.includes(l));
  const only = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(only);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value);
    // A Localized (or the voices record) is keyed by exactly the map's languages.
    const keyedByLanguage =
      entries.length > 0 &&
      entries.every(([k]) => map.languages.includes(k)) &&
      entries.length === map.languages.length;
    return Object.fromEntries(
      entries.filter(([k]) => !keyedByLanguage || keep.includes(k)).map(([k, v]) => [k, only(v)]),
    );
  };
  const restricted = only(map) as JourneyMap;
  return {
    ...restricted,
    languages: keep,
    defaultLanguage: keep.includes(map.defaultLanguage)
      ? map.defaultLanguage
      : (keep[0] ?? map.defaultLanguage),
  };
}
