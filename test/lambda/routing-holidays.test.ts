import { holidayText, routingContext } from '../../lambda/domain/routing';
import { configFromEnv } from '../../lambda/shared/deps';
import { DEFAULT_JOURNEY_MAP, holidayMessagesSetting } from '../../lib/journey';

const setting = holidayMessagesSetting(DEFAULT_JOURNEY_MAP.hours);
const christmasMorning = Date.parse('2026-12-25T09:00:00Z');

describe('closure-day messages in routing-context', () => {
  it('stores each distinct message once, only for holidays that have one', () => {
    expect(setting.messages).toHaveLength(1);
    expect(Object.keys(setting.dates).sort()).toEqual(['2026-12-25', '2027-12-25', '2027-12-27']);
  });

  it('speaks the closure message of the local day in the caller’s language', () => {
    const en = routingContext([], 'en', christmasMorning, ['general'], setting);
    expect(en).toMatchObject({ hasAnnouncement: 'true', mode_general: 'NORMAL' });
    expect(en.announcement).toContain('Merry Christmas');
    expect(routingContext([], 'fr', christmasMorning, [], setting).announcement).toContain('joyeux Noël');
  });

  it('uses the local date of the journey’s time zone, not UTC', () => {
    // 23:30 UTC on 24 December is still Christmas Eve in London; 00:30 on the 25th in Paris time is not London.
    expect(holidayText(setting, 'en', Date.parse('2026-12-24T23:30:00Z'))).toBeUndefined();
    expect(holidayText(setting, 'en', Date.parse('2026-12-25T00:30:00Z'))).toContain('Christmas');
    expect(
      holidayText({ ...setting, timeZone: 'Pacific/Kiritimati' }, 'en', Date.parse('2026-12-24T10:30:00Z')),
    ).toContain('Christmas');
  });

  it('lets an operator announcement win over the closure message', () => {
    const result = routingContext(
      [{ queue: '#announcement', text: { en: 'Storm warning: expect delays.', fr: 'Tempête.' } }],
      'en',
      christmasMorning,
      [],
      setting,
    );
    expect(result.announcement).toBe('Storm warning: expect delays.');
  });

  it('says nothing on an ordinary day, and ignores a malformed setting instead of failing calls', () => {
    expect(routingContext([], 'en', Date.parse('2026-11-23T10:00:00Z'), [], setting).hasAnnouncement).toBe(
      'false',
    );
    const config = configFromEnv({ HOLIDAY_MESSAGES: '{not json', TIME_ZONE: 'Europe/London' });
    expect(config.holidayMessages).toBeUndefined();
    const parsed = configFromEnv({
      HOLIDAY_MESSAGES: JSON.stringify({ messages: setting.messages, dates: setting.dates }),
      TIME_ZONE: 'Europe/London',
    });
    expect(parsed.holidayMessages?.dates['2026-12-25']).toBe(0);
  });
});
