/** The language packs shipped with the product, and the lookup by BCP-47 code. */
import { DE } from './de';
import { EN } from './en';
import { ES } from './es';
import { FR } from './fr';
import type { LanguagePack } from './pack';

export * from './pack';

/** Language packs shipped with the product, by primary language subtag. */
export const LANGUAGE_PACKS: Readonly<Record<string, LanguagePack>> = { en: EN, fr: FR, es: ES, de: DE };

/** Primary languages that have a pack (`en`, `fr`, `es`, `de`). */
export const PACK_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_PACKS);

/** The primary language subtag of a BCP-47 code: `es-MX` -> `es`. */
export function primaryLanguage(code: string): string {
  return code.split('-')[0]?.toLowerCase() ?? '';
}

/**
 * The pack that serves a BCP-47 code: an exact pack, else the pack of its primary language
 * (`es-MX` -> `es`). Undefined when none ships; prompts never fall back to another language.
 */
export function packFor(code: string): LanguagePack | undefined {
  return LANGUAGE_PACKS[code.toLowerCase()] ?? LANGUAGE_PACKS[primaryLanguage(code)];
}
