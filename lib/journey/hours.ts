/**
 * Opening-hours helpers shared by the CDK wiring (hours-of-operation config), the routing-context
 * data and the simulator (is the centre open at a given instant?). Pure: no I/O, no aws-cdk-lib.
 */
import type { HoursSpec, Localized, Weekday } from './types';
import { WEEKDAYS } from './types';

/** A time of day as Connect's hours-of-operation config spells it. */
export interface TimeOfDay {
  readonly hours: number;
  readonly minutes: number;
}

/** Parses `HH:MM` (00:00-23:59, or 24:00 as an end of day), or returns undefined. */
export function parseTimeOfDay(value: string): TimeOfDay | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours === 24 && minutes !== 0) return undefined;
  return { hours, minutes };
}

/** Minutes since midnight of a valid `HH:MM`. */
export function minutesOf(value: string): number {
  const t = parseTimeOfDay(value);
  if (t === undefined) throw new RangeError(`'${value}' is not a time of day (HH:MM)`);
  return t.hours * 60 + t.minutes;
}

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === date;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return timeZone.length > 0;
  } catch {
    return false;
  }
}

/**
 * The weekly ranges in the shape of `CfnHoursOfOperation.HoursOfOperationConfigProperty`
 * (`config` of AWS::Connect::HoursOfOperation), in the map's order.
 */
export function weeklyHoursConfig(
  hours: HoursSpec,
): { readonly day: Weekday; readonly startTime: TimeOfDay; readonly endTime: TimeOfDay }[] {
  return hours.weekly.map((range) => ({
    day: range.day,
    startTime: parseTimeOfDay(range.start) as TimeOfDay,
    endTime: parseTimeOfDay(range.end) as TimeOfDay,
  }));
}

/** The local date (`YYYY-MM-DD`), weekday and minutes since midnight of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): { date: string; day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toUpperCase() as Weekday;
  if (!WEEKDAYS.includes(day)) throw new RangeError(`unexpected weekday '${part('weekday')}'`);
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    day,
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/** The holiday on `date` (`YYYY-MM-DD`), if any. */
export function holidayOn(hours: HoursSpec, date: string): HoursSpec['holidays'][number] | undefined {
  return hours.holidays.find((h) => h.date === date);
}

/** Whether the centre is open at `instant`: inside a weekly range and not on a holiday. */
export function isOpenAt(hours: HoursSpec, instant: Date): boolean {
  const local = localTime(instant, hours.timeZone);
  if (holidayOn(hours, local.date) !== undefined) return false;
  return hours.weekly.some(
    (r) => r.day === local.day && minutesOf(r.start) <= local.minutes && local.minutes < minutesOf(r.end),
  );
}

/**
 * The closure-day messages of the hours as routing-context reads them (`HOLIDAY_MESSAGES`): each
 * distinct message once, and the dates it applies to. Holidays without a message are left out.
 */
export function holidayMessagesSetting(hours: HoursSpec): {
  readonly timeZone: string;
  readonly messages: Localized[];
  readonly dates: Record<string, number>;
} {
  const messages: Localized[] = [];
  const dates: Record<string, number> = {};
  for (const holiday of hours.holidays) {
    if (!holiday.message) continue;
    let index = messages.findIndex((m) => JSON.stringify(m) === JSON.stringify(holiday.message));
    if (index < 0) index = messages.push(holiday.message) - 1;
    dates[holiday.date] = index;
  }
  return { timeZone: hours.timeZone, messages, dates };
}
