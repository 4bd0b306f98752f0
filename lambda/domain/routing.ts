/**
 * routing-context: the effective routing mode of every queue and the current announcement, read at
 * call start. Routing must never block calls: when the state cannot be read the handler answers
 * {@link degradedRoutingContext} (every mode NORMAL, no announcement) with status OK.
 */
import { ROUTING_MODES, routingModeKey, type RoutingMode } from '../../lib/integrations/contracts';
import type { Outcome } from './outcome';
import type { RoutingStateItem } from './ports';
import { speechLanguage } from './speech';

/** Key of the announcement item in the RoutingState table. */
export const ANNOUNCEMENT_QUEUE = '#announcement';

/** Queue ids usable in an output key (`mode_<queueId>`). */
export const QUEUE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Longest announcement passed to the flow (Connect attributes are small; Polly reads it). */
export const MAX_ANNOUNCEMENT_LENGTH = 1000;

function isMode(value: unknown): value is RoutingMode {
  return typeof value === 'string' && (ROUTING_MODES as readonly string[]).includes(value);
}

/** Epoch ms of an `until` given as epoch ms, epoch s or ISO text; undefined if absent or unparseable. */
export function untilMs(until: string | number | undefined): number | undefined {
  if (until === undefined) return undefined;
  if (typeof until === 'number') return until < 1e12 ? until * 1000 : until;
  const parsed = Date.parse(until);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Whether an optional `until` is still in the future (absent means open-ended). */
function stillActive(until: string | number | undefined, now: number): boolean {
  if (until === undefined) return true;
  const ms = untilMs(until);
  // An unparseable end is treated as lapsed: a stale override must not pin a queue forever.
  return ms !== undefined && ms > now;
}

/** The mode a queue is in: an active operator override wins over the alarm-driven mode. */
export function effectiveMode(item: RoutingStateItem, now: number): RoutingMode {
  if (item.override && isMode(item.override.mode) && stillActive(item.override.until, now))
    return item.override.mode;
  return isMode(item.mode) ? item.mode : 'NORMAL';
}

/** Builds the routing-context answer from the table's items. */
export function routingContext(
  items: readonly RoutingStateItem[],
  language: string | undefined,
  now: number,
  knownQueues: readonly string[] = [],
  holidays?: ClosureMessages,
): Outcome<'OK'> {
  const outputs: Record<string, string> = { status: 'OK', hasAnnouncement: 'false' };
  // Every known queue gets a mode, NORMAL until an alarm or operator stores one: the flow sets all
  // modes in one all-or-nothing attribute update, so a missing key must never occur.
  for (const queue of knownQueues) {
    if (QUEUE_ID_PATTERN.test(queue)) outputs[routingModeKey(queue)] = 'NORMAL';
  }
  for (const item of items) {
    if (item.queue === ANNOUNCEMENT_QUEUE) {
      const text = announcementText(item, language, now);
      if (text) {
        outputs.announcement = text;
        outputs.hasAnnouncement = 'true';
      }
    } else if (QUEUE_ID_PATTERN.test(item.queue)) {
      outputs[routingModeKey(item.queue)] = effectiveMode(item, now);
    }
  }
  if (outputs.hasAnnouncement === 'false' && holidays) {
    // No operator announcement: on a closure day, say why we are closed.
    const text = holidayText(holidays, language, now);
    if (text) {
      outputs.announcement = text;
      outputs.hasAnnouncement = 'true';
    }
  }
  return outputs as Outcome<'OK'>;
}

/** Closure-day messages keyed by local date (see `HOLIDAY_MESSAGES`). */
export interface ClosureMessages {
  readonly timeZone: string;
  readonly messages: readonly Readonly<Record<string, string>>[];
  readonly dates: Readonly<Record<string, number>>;
}

/** The closure message of the local day at `now`, in the caller's language, if any. */
export function holidayText(
  holidays: ClosureMessages,
  language: string | undefined,
  now: number,
): string | undefined {
  let day: string;
  try {
    day = new Intl.DateTimeFormat('en-CA', {
      timeZone: holidays.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(now));
  } catch {
    return undefined;
  }
  const index = holidays.dates[day];
  const message = index === undefined ? undefined : holidays.messages[index];
  if (!message) return undefined;
  const text = pickText(message, language);
  return typeof text === 'string' && text.trim() !== '' ? text.slice(0, MAX_ANNOUNCEMENT_LENGTH) : undefined;
}

/**
 * The text for the caller's language: the exact tag the map uses (`es-ES`), then its pack language
 * (`es`), then English. Texts are keyed by the journey map's language codes.
 */
function pickText(texts: Readonly<Record<string, string>>, language: string | undefined): string | undefined {
  if (language !== undefined) {
    const exact = Object.keys(texts).find((key) => key.toLowerCase() === language.toLowerCase());
    if (exact !== undefined) return texts[exact];
    const base = speechLanguage(language);
    const sameBase = Object.keys(texts).find(
      (key) => speechLanguage(key) === base && key.split('-')[0]!.toLowerCase() === base,
    );
    if (sameBase !== undefined) return texts[sameBase];
  }
  return texts.en ?? Object.entries(texts).find(([key]) => speechLanguage(key) === 'en')?.[1];
}

function announcementText(
  item: RoutingStateItem,
  language: string | undefined,
  now: number,
): string | undefined {
  if (!item.text || !stillActive(item.until, now)) return undefined;
  const text = pickText(item.text, language);
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  return text.slice(0, MAX_ANNOUNCEMENT_LENGTH);
}

/**
 * The answer when the routing state is unreadable: OK (the flow carries on), every known queue
 * NORMAL, no announcement, and `degraded = 'true'` for dashboards and the flow's logging.
 */
export function degradedRoutingContext(knownQueues: readonly string[]): Outcome<'OK'> {
  const outputs: Record<string, string> = { status: 'OK', hasAnnouncement: 'false', degraded: 'true' };
  for (const queue of knownQueues) {
    if (QUEUE_ID_PATTERN.test(queue)) outputs[routingModeKey(queue)] = 'NORMAL';
  }
  return outputs as Outcome<'OK'>;
}
