/** The journey map: schema and types, language packs, the default map, validation and hours helpers. */
export * from './types';
export * from './default-map';
export * from './validate';
export * from './hours';
export * from './queues';
export * from './environment';
export * from './languages';
export { restrictLanguages } from './resolve';
export * from './load';
export { LANGUAGE_PACKS, PACK_LANGUAGES, PROMPT_KEYS, packFor, primaryLanguage } from './packs';
export type { LanguagePack, PromptKey } from './packs';
