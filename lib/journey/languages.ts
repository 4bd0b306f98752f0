/**
 * Languages a journey can declare: any BCP-47 code whose language Amazon Polly speaks (Connect reads
 * prompts with Polly), each with its voice.
 *
 * Pure data: no aws-cdk-lib import.
 */

/**
 * Primary language subtags of the languages Amazon Polly speaks (its language codes: `arb`, `cmn-CN`,
 * `cy-GB`, `da-DK`, `de-DE`, `en-GB`, `es-MX`, `yue-CN`, ...), plus `ar` and `zh` for their usual tags.
 */
export const POLLY_LANGUAGES: readonly string[] = [
  'ar',
  'arb',
  'ca',
  'cmn',
  'cs',
  'cy',
  'da',
  'de',
  'en',
  'es',
  'fi',
  'fr',
  'hi',
  'is',
  'it',
  'ja',
  'ko',
  'nb',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'sv',
  'tr',
  'yue',
  'zh',
];

/** Whether Polly speaks the language of a BCP-47 code (`es-MX` -> `es`). */
export function isPollyLanguage(code: string): boolean {
  return POLLY_LANGUAGES.includes(code.split('-')[0] ?? '');
}
