/**
 * When the centre opens next, in its own time zone: used to tell a customer "we open on Monday at
 * 08:00" instead of only "closed". Pure, built on the journey's hours helpers.
 */
import { holidayOn, localTime, minutesOf } from '../journey/hours';
import { WEEKDAYS, type HoursSpec, type Weekday } from '../journey/types';
import type { NextOpening } from './types';

/** How far ahead the search looks (holiday runs longer than this are reported as unknown). */
export const OPENING_SEARCH_DAYS = 21;

function addDays(date: string, days: number): { date: string; day: Weekday } {
  const [y, m, d] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  // getUTCDay: 0 = Sunday; WEEKDAYS starts on Monday.
  const day = WEEKDAYS[(next.getUTCDay() + 6) % 7];
  return { date: next.toISOString().slice(0, 10), day };
}

/**
 * The next start of an opening range strictly after `now` (local time of `hours.timeZone`),
 * skipping holidays; undefined when none within {@link OPENING_SEARCH_DAYS} days.
 */
export function nextOpening(hours: HoursSpec, now: Date): NextOpening | undefined {
  const local = localTime(now, hours.timeZone);
  for (let ahead = 0; ahead <= OPENING_SEARCH_DAYS; ahead++) {
    const { date, day } = ahead === 0 ? { date: local.date, day: local.day } : addDays(local.date, ahead);
    if (holidayOn(hours, date) !== undefined) continue;
    const starts = hours.weekly
      .filter((range) => range.day === day)
      .map((range) => range.start)
      .filter((start) => ahead > 0 || minutesOf(start) > local.minutes)
      .sort((a, b) => minutesOf(a) - minutesOf(b));
    if (starts.length > 0) return { date, day, time: starts[0], daysAhead: ahead };
  }
  return undefined;
}
