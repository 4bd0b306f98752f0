/**
 * Function settings derived from the journey map, set by the CDK on the deployed functions and by
 * the journey simulator on the handlers it runs, so both read the same values.
 *
 * Pure data: no aws-cdk-lib import.
 */
import type { IntegrationName } from '../integrations/contracts';
import { holidayMessagesSetting } from './hours';
import type { JourneyMap } from './types';

/** Environment variable of `identify-caller`: the map's language codes (comma-separated). */
export const JOURNEY_LANGUAGES_ENV = 'JOURNEY_LANGUAGES';

/** Environment variable of `callback-number`: the ISO country of the journey's callback numbers. */
export const CALLBACK_COUNTRY_ENV = 'CALLBACK_COUNTRY';

/** Environment of `callback-number` from the journey map (the stage adds `OUTBOUND_POLICY`). */
export function callbackNumberEnvironment(map: JourneyMap): Record<string, string> {
  return { [CALLBACK_COUNTRY_ENV]: map.callback.countryCode };
}

/**
 * What routing-context needs from the journey map: every queue id (so it answers a mode for queues
 * with no stored state) and the closure-day messages with their time zone.
 */
export function routingContextEnvironment(map: JourneyMap): Record<string, string> {
  const { timeZone, messages, dates } = holidayMessagesSetting(map.hours);
  return {
    ROUTING_QUEUE_IDS: map.queues.map((q) => q.id).join(','),
    HOLIDAY_MESSAGES: JSON.stringify({ messages, dates }),
    TIME_ZONE: timeZone,
  };
}

/**
 * The journey-derived environment of one integration function (empty for most): the one place the
 * CDK stack and the simulator both read, so a deployed function and a simulated one see the same.
 */
export function journeyEnvironment(name: IntegrationName, map: JourneyMap): Record<string, string> {
  switch (name) {
    case 'routing-context':
      return routingContextEnvironment(map);
    case 'callback-number':
      return callbackNumberEnvironment(map);
    case 'identify-caller':
      // The customer record may say `es` where the map speaks `es-ES`: the function answers the map's code.
      return { [JOURNEY_LANGUAGES_ENV]: map.languages.join(',') };
    default:
      return {};
  }
}
