/**
 * Hours of operation at a simulated instant: weekly ranges in a time zone plus dated overrides, the
 * shape of `AWS::Connect::HoursOfOperation` (`Config`, `TimeZone`, `HoursOfOperationOverrides`).
 * Built either from the synthesized resource (what is deployed) or from the journey map's hours.
 */
import { localTime, minutesOf } from '../../lib/journey/hours';
import type { HoursSpec, Weekday } from '../../lib/journey/types';
import { WEEKDAYS } from '../../lib/journey/types';
import { FlowLoadError } from './errors';

/** One opening range on a weekday, in minutes since local midnight, end exclusive. */
export interface DayRange {
  readonly day: Weekday;
  readonly start: number;
  readonly end: number;
}

/** A dated override: closed (or open) during its ranges on every date from `from` to `till`. */
export interface HoursOverride {
  readonly name: string;
  readonly type: 'CLOSED' | 'OPEN';
  /** `YYYY-MM-DD`, inclusive. */
  readonly from: string;
  /** `YYYY-MM-DD`, inclusive. */
  readonly till: string;
  readonly ranges: readonly DayRange[];
}

/** Hours of operation the simulator can check. */
export interface HoursCalendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly weekly: readonly DayRange[];
  readonly overrides: readonly HoursOverride[];
}

const inRange = (ranges: readonly DayRange[], day: Weekday, minutes: number): boolean =>
  ranges.some((r) => r.day === day && r.start <= minutes && minutes < r.end);

/**
 * Whether the hours are open at `instant`: an override covering the local date wins (CLOSED closes
 * its ranges, OPEN opens only its ranges); otherwise the weekly ranges apply.
 */
export function isOpen(hours: HoursCalendar, instant: Date): boolean {
  const local = localTime(instant, hours.timeZone);
  const override = hours.overrides.find((o) => o.from <= local.date && local.date <= o.till);
  if (override !== undefined) {
    const covered = inRange(override.ranges, local.day, local.minutes);
    if (override.type === 'CLOSED') return !covered && inRange(hours.weekly, local.day, local.minutes);
    return covered;
  }
  return inRange(hours.weekly, local.day, local.minutes);
}

/** The override in force on the local date of `instant`, if any. */
export function overrideAt(hours: HoursCalendar, instant: Date): HoursOverride | undefined {
  const local = localTime(instant, hours.timeZone);
  return hours.overrides.find((o) => o.from <= local.date && local.date <= o.till);
}

const wholeDay = (day: Weekday): DayRange => ({ day, start: 0, end: 24 * 60 });

/** The calendar of the journey map's hours: weekly ranges, each holiday closed all day. */
export function calendarFromJourney(id: string, hours: HoursSpec): HoursCalendar {
  return {
    id,
    name: hours.name,
    timeZone: hours.timeZone,
    weekly: hours.weekly.map((r) => ({ day: r.day, start: minutesOf(r.start), end: minutesOf(r.end) })),
    overrides: hours.holidays.map((h) => ({
      name: h.name,
      type: 'CLOSED' as const,
      from: h.date,
      till: h.date,
      ranges: WEEKDAYS.map(wholeDay),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function timeOf(value: unknown, where: string): number {
  if (!isRecord(value) || typeof value.Hours !== 'number' || typeof value.Minutes !== 'number') {
    throw new FlowLoadError(`${where} is not a {Hours, Minutes} time`);
  }
  return value.Hours * 60 + value.Minutes;
}

function rangesOf(config: unknown, where: string): DayRange[] {
  if (!Array.isArray(config)) throw new FlowLoadError(`${where} is not a list of day ranges`);
  return config.map((entry, i) => {
    if (!isRecord(entry) || !WEEKDAYS.includes(entry.Day as Weekday)) {
      throw new FlowLoadError(`${where}[${i}] has no valid Day`);
    }
    const start = timeOf(entry.StartTime, `${where}[${i}].StartTime`);
    let end = timeOf(entry.EndTime, `${where}[${i}].EndTime`);
    // Connect has no 24:00: a range ending at 23:59 runs to the end of the day.
    if (end === 23 * 60 + 59) end = 24 * 60;
    return { day: entry.Day as Weekday, start, end };
  });
}

/**
 * The calendar of a synthesized `AWS::Connect::HoursOfOperation` (its `Properties`).
 * @throws FlowLoadError when the properties are not literal values the simulator understands
 */
export function calendarFromTemplate(
  id: string,
  properties: Readonly<Record<string, unknown>>,
): HoursCalendar {
  const where = `hours of operation ${id}`;
  if (typeof properties.TimeZone !== 'string') throw new FlowLoadError(`${where} has no literal TimeZone`);
  const overrides = properties.HoursOfOperationOverrides ?? [];
  if (!Array.isArray(overrides)) throw new FlowLoadError(`${where}: HoursOfOperationOverrides is not a list`);
  return {
    id,
    name: typeof properties.Name === 'string' ? properties.Name : id,
    timeZone: properties.TimeZone,
    weekly: rangesOf(properties.Config, `${where} Config`),
    overrides: overrides.map((o, i) => {
      const at = `${where} override ${i}`;
      if (!isRecord(o) || typeof o.EffectiveFrom !== 'string' || typeof o.EffectiveTill !== 'string') {
        throw new FlowLoadError(`${at} has no literal EffectiveFrom/EffectiveTill`);
      }
      if (o.OverrideType !== 'CLOSED' && o.OverrideType !== 'OPEN') {
        throw new FlowLoadError(
          `${at} has OverrideType ${String(o.OverrideType)}; the simulator knows CLOSED and OPEN`,
        );
      }
      return {
        name: typeof o.OverrideName === 'string' ? o.OverrideName : `override ${i}`,
        type: o.OverrideType,
        from: o.EffectiveFrom,
        till: o.EffectiveTill,
        ranges: rangesOf(o.OverrideConfig, `${at} OverrideConfig`),
      };
    }),
  };
}
