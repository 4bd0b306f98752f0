/**
 * The 360° journey events: what the contact page (through `POST /api/events`) and the IVR report at
 * each step, as CloudWatch metrics. One schema for the emitter (the contact-options function, EMF)
 * and the reader (the journey dashboard), so a renamed dimension cannot silently empty a graph.
 *
 * No personal data: every dimension value comes from a closed list (intent ids, channels, steps,
 * surfaces), never from free text.
 */
import type { Channel, Surface } from './types';

/** CloudWatch namespace of the journey metrics. */
export const JOURNEY_NAMESPACE = 'ContactCentre/Journey';

/** Event types, in journey order. */
export const JOURNEY_EVENTS = ['intent-chosen', 'option-shown', 'option-taken', 'abandoned'] as const;

/** A journey event type. */
export type JourneyEventType = (typeof JOURNEY_EVENTS)[number];

/**
 * Steps of the contact page a visitor who chose an intent can leave at: the ranked options, or the
 * callback form (opened but not sent).
 */
export const PAGE_STEPS = ['options', 'callback-form'] as const;

/** A step of the contact page. */
export type PageStep = (typeof PAGE_STEPS)[number];

/** Metric name of each event type. */
export const JOURNEY_METRICS: Readonly<Record<JourneyEventType, string>> = {
  'intent-chosen': 'IntentChosen',
  'option-shown': 'OptionShown',
  'option-taken': 'OptionTaken',
  abandoned: 'Abandoned',
};

/** `service` dimension Powertools adds to every journey metric (the emitting function). */
export const JOURNEY_SERVICE = 'contact-options';

/** Dimension names (one place, read by the dashboard). */
export const JOURNEY_DIMENSIONS = {
  surface: 'Surface',
  intent: 'Intent',
  channel: 'Channel',
  step: 'Step',
} as const;

/** Metric of web callback requests by outcome (dimension `Outcome`). */
export const CALLBACK_REQUEST_METRIC = 'WebCallbackRequest';

/** Outcomes of a web callback request. */
export const CALLBACK_OUTCOMES = [
  'QUEUED',
  'INVALID_PHONE',
  'NOT_OFFERED',
  'RATE_LIMITED',
  'UNAVAILABLE',
] as const;

/** An outcome of a web callback request. */
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];

/** A validated journey event (what the page may send; nothing else is accepted). */
export interface JourneyEvent {
  readonly type: JourneyEventType;
  readonly surface: Surface;
  readonly intent: string;
  /** option-shown / option-taken: the channel. */
  readonly channel?: Channel;
  /** abandoned: the step left. */
  readonly step?: PageStep;
}

/** The metric one event becomes: name, count and dimension set. */
export interface JourneyMetric {
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/** Maps an event to its metric and dimensions. */
export function journeyMetric(event: JourneyEvent): JourneyMetric {
  const d = JOURNEY_DIMENSIONS;
  const dimensions: Record<string, string> = { [d.surface]: event.surface, [d.intent]: event.intent };
  if (event.channel !== undefined) dimensions[d.channel] = event.channel;
  if (event.step !== undefined) dimensions[d.step] = event.step;
  return { name: JOURNEY_METRICS[event.type], dimensions };
}

/**
 * IVR steps counted from the Connect flow logs, by the compiled flows' action identifiers (see
 * `lib/flows/compile.ts`, `lib/flows/fragments.ts`): a rename there must be mirrored here.
 */
export const IVR_STEPS: readonly {
  readonly metric: string;
  readonly identifier: string;
  readonly channel?: Channel;
  readonly description: string;
}[] = [
  {
    metric: 'IvrCallbackOffered',
    identifier: 'callback-offer',
    channel: 'callback',
    description: 'callback offered while queued',
  },
  {
    metric: 'IvrCallbackBooked',
    identifier: 'callback-confirmed',
    channel: 'callback',
    description: 'callback booked',
  },
  {
    metric: 'IvrDeflectOffered',
    identifier: 'deflect-ask',
    channel: 'sms-link',
    description: 'SMS link offered while queued',
  },
  { metric: 'IvrDeflectSent', identifier: 'deflect-sent', channel: 'sms-link', description: 'SMS link sent' },
  {
    metric: 'IvrMenuGiveUp',
    identifier: 'menu-give-up',
    description: 'no intent chosen after the menu retries',
  },
  { metric: 'IvrAfterHours', identifier: 'after-hours', description: 'called outside opening hours' },
];

/** Flow-log action identifier recorded when the caller picks an intent (`intent-<id>`). */
export function ivrIntentIdentifier(intentId: string): string {
  return `intent-${intentId}`;
}

/** Metric counting IVR intent choices (dimension `Intent`). */
export const IVR_INTENT_METRIC = 'IvrIntentChosen';
