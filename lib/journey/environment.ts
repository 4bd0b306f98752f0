/**
 * Function settings derived from the journey map, set by the CDK on the deployed functions and by
 * the journey simulator on the handlers it runs, so both read the same values.
 *
 * Pure data: no aws-cdk-lib import.
 */
import type { JourneyMap } from './types';

/** Environment variable of `callback-number`: the ISO country of the journey's callback numbers. */
export const CALLBACK_COUNTRY_ENV = 'CALLBACK_COUNTRY';

/** Environment of `callback-number` from the journey map (the stage adds `OUTBOUND_POLICY`). */
export function callbackNumberEnvironment(map: JourneyMap): Record<string, string> {
  return { [CALLBACK_COUNTRY_ENV]: map.callback.countryCode };
}
