/**
 * The contact journey map: one typed object that answers, per reason for contact (intent), why the
 * customer calls, how identity is checked, what is collected and how sensitive it is, which
 * integration answers, which queue takes the call and what happens under load. Flows, queues,
 * hours, alarms and diagrams are all derived from it.
 *
 * The types come from the zod schema in `schema.ts` (the one source of types, validation and the
 * JSON Schema); this module keeps the names the rest of the code imports.
 *
 * Pure data: no aws-cdk-lib import, so the compiler, the simulator and the CLIs can use it.
 */
export * from './schema';

/**
 * Languages the Northwind map speaks, which the omnichannel messages and the simulator's scenarios
 * still enumerate. A journey map may declare any BCP-47 language (see `PACK_LANGUAGES` for the
 * languages whose built-in texts ship with the product).
 * @deprecated use the map's own `languages`
 */
export const LANGUAGES = ['en', 'fr'] as const;
