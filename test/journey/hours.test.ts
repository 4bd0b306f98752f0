import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import {
  holidayOn,
  isIsoDate,
  isOpenAt,
  localTime,
  parseTimeOfDay,
  weeklyHoursConfig,
} from '../../lib/journey/hours';
import { alarmThresholdsFor, queueById, routingModeKeys } from '../../lib/journey/queues';

const hours = DEFAULT_JOURNEY_MAP.hours;

describe('default hours', () => {
  test('UK bank holidays 2026-2027 fall on the weekdays gov.uk gives them', () => {
    const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();
    const byName = (year: string) => hours.holidays.filter((h) => h.date.startsWith(year));
    // Eight bank holidays a year in England and Wales, plus the explicit Christmas Day closure of 2027.
    expect(byName('2026')).toHaveLength(8);
    expect(byName('2027')).toHaveLength(9);
    for (const h of hours.holidays) {
      if (h.name.includes('Good Friday')) expect(weekday(h.date)).toBe(5);
      if (/Monday|May bank|Spring|Summer|substitute/.test(h.name)) expect([1, 2]).toContain(weekday(h.date));
    }
    expect(holidayOn(hours, '2026-04-06')?.name).toBe('Easter Monday');
    expect(holidayOn(hours, '2027-03-29')?.name).toBe('Easter Monday');
  });

  test('is open Monday to Friday 08:00-20:00 and Saturday 09:00-17:00, London time', () => {
    expect(isOpenAt(hours, new Date('2026-06-01T07:30:00Z'))).toBe(true); // Monday 08:30 BST
    expect(isOpenAt(hours, new Date('2026-06-01T06:30:00Z'))).toBe(false); // Monday 07:30 BST
    expect(isOpenAt(hours, new Date('2026-01-05T19:59:00Z'))).toBe(true); // Monday 19:59 GMT
    expect(isOpenAt(hours, new Date('2026-01-05T20:00:00Z'))).toBe(false); // Monday 20:00 GMT
    expect(isOpenAt(hours, new Date('2026-06-06T15:00:00Z'))).toBe(true); // Saturday 16:00 BST
    expect(isOpenAt(hours, new Date('2026-06-06T16:30:00Z'))).toBe(false); // Saturday 17:30 BST
    expect(isOpenAt(hours, new Date('2026-06-07T11:00:00Z'))).toBe(false); // Sunday
  });

  test('is closed on holidays, including across the clock change', () => {
    expect(isOpenAt(hours, new Date('2026-12-25T11:00:00Z'))).toBe(false);
    expect(isOpenAt(hours, new Date('2027-12-25T11:00:00Z'))).toBe(false); // a Saturday, closed explicitly
    expect(localTime(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toEqual({
      date: '2026-03-29',
      day: 'SUNDAY',
      minutes: 30,
    });
    expect(localTime(new Date('2026-03-29T01:30:00Z'), 'Europe/London').minutes).toBe(150);
  });

  test('weekly config has the shape of CfnHoursOfOperation config', () => {
    expect(weeklyHoursConfig(hours)[5]).toEqual({
      day: 'SATURDAY',
      startTime: { hours: 9, minutes: 0 },
      endTime: { hours: 17, minutes: 0 },
    });
    expect(parseTimeOfDay('24:00')).toEqual({ hours: 24, minutes: 0 });
    expect(parseTimeOfDay('24:30')).toBeUndefined();
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
  });
});

describe('queue helpers', () => {
  const defaults = { longestWaitSeconds: 300, queueSize: 20, evaluationPeriods: 5, datapointsToAlarm: 3 };

  test('alarm thresholds are the stage defaults with the queue overrides', () => {
    expect(alarmThresholdsFor(queueById(DEFAULT_JOURNEY_MAP, 'general'), defaults)).toEqual(defaults);
    expect(alarmThresholdsFor(queueById(DEFAULT_JOURNEY_MAP, 'callback'), defaults)).toEqual({
      ...defaults,
      longestWaitSeconds: 3600,
    });
    const fewer = { ...queueById(DEFAULT_JOURNEY_MAP, 'general'), alarms: { evaluationPeriods: 2 } };
    expect(alarmThresholdsFor(fewer, defaults).datapointsToAlarm).toBe(2);
  });

  test('routing mode keys follow the contract', () => {
    expect(routingModeKeys(DEFAULT_JOURNEY_MAP).map((k) => k.key)).toEqual([
      'mode_general',
      'mode_billing',
      'mode_orders',
      'mode_overflow',
      'mode_callback',
    ]);
    expect(() => queueById(DEFAULT_JOURNEY_MAP, 'sales')).toThrow(RangeError);
  });
});
