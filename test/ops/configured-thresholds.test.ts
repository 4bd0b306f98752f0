import { checkThresholds } from '../../lib/capacity/check-thresholds';
import { STAGES } from '../../lib/config/stages';
import { alarmThresholdsFor, DEFAULT_JOURNEY_MAP } from '../../lib/journey';

describe('configured queue alarm thresholds', () => {
  const forecasted = DEFAULT_JOURNEY_MAP.queues.filter((q) => q.forecast !== undefined);

  it('covers the queues callers wait in', () => {
    expect(forecasted.map((q) => q.id).sort()).toEqual(['billing', 'general', 'orders']);
  });

  it.each(Object.keys(STAGES))(
    'are quiet at planned staffing and fire when 3 agents are short, per the Erlang C model (stage %s)',
    (stage) => {
      const results = checkThresholds(
        forecasted.map((q) => ({
          queueId: q.id,
          thresholds: alarmThresholdsFor(q, STAGES[stage].alarms),
          forecast: q.forecast!,
        })),
      );
      expect(results.flatMap((r) => r.problems)).toEqual([]);
    },
  );
});
