import type { JourneyMap } from '../journey/types';
import { ivrDeflectionPlan } from './decide';
import { DEFAULT_REFERENTIAL } from './default-referential';
import type { OmnichannelReferential } from './types';
import { buildOmnichannelModel } from './validate';

/**
 * The IVR deflection plan of a journey map and referential (see {@link ivrDeflectionPlan}), for the
 * flow compiler's `FlowResources.deflection`. The self-service URL does not change the plan.
 */
export function journeyDeflectionPlan(
  map: JourneyMap,
  referential: OmnichannelReferential = DEFAULT_REFERENTIAL,
  selfServiceBaseUrl = 'https://self-service.invalid',
): (intentId: string) => 'sms-link' | 'callback' | undefined {
  return ivrDeflectionPlan(buildOmnichannelModel(map, referential, { selfServiceBaseUrl }), {
    language: map.defaultLanguage,
  });
}
