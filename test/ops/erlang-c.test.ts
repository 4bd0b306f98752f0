import fc from 'fast-check';
import { checkThresholds } from '../../lib/capacity/check-thresholds';
import {
  agentsForServiceLevel,
  binomialAtLeast,
  CapacityInputError,
  erlangC,
  modelQueue,
  probabilityWaitExceeds,
  recommendWaitThreshold,
  serviceLevel,
  waitAlarmProbability,
} from '../../lib/capacity/erlang-c';
import { runCapacity } from '../../tools/capacity';

/** The textbook formula with factorials, usable for small N only. */
function erlangCDirect(n: number, a: number): number {
  let factorial = 1;
  let sum = 0;
  for (let k = 0; k < n; k += 1) {
    if (k > 0) factorial *= k;
    sum += Math.pow(a, k) / factorial;
  }
  factorial *= n;
  const top = (Math.pow(a, n) / factorial) * (n / (n - a));
  return top / (sum + top);
}

// Classic example: 360 calls in 30 minutes (720/h), AHT 240 s -> 48 Erlangs.
const textbook = { callsPerHour: 720, ahtSeconds: 240 };

describe('Erlang C', () => {
  it('reproduces the published 48-Erlang table (P(wait), ASA, service level in 15 s)', () => {
    const rows: [number, number, number, number][] = [
      [52, 0.466, 28.0, 0.637],
      [53, 0.377, 18.1, 0.725],
      [55, 0.239, 8.2, 0.846],
      [58, 0.111, 2.7, 0.94],
    ];
    for (const [agents, pWait, asa, sl15] of rows) {
      const load = { ...textbook, agents };
      const model = modelQueue(load);
      expect(model.erlangs).toBe(48);
      expect(model.probabilityOfWaiting).toBeCloseTo(pWait, 3);
      expect(model.meanWaitSeconds).toBeCloseTo(asa, 1);
      expect(serviceLevel(load, 15)).toBeCloseTo(sl15, 3);
    }
  });

  it('matches closed-form values: 2 agents at 1 Erlang wait 1/3 of the time, 3 agents at 2 Erlangs 4/9', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12); // M/M/1: P(wait) = rho
  });

  it('agrees with the factorial formula where that one is still exact (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (n, rho) => {
          expect(erlangC(n, n * rho)).toBeCloseTo(erlangCDirect(n, n * rho), 9);
        },
      ),
    );
  });

  it('stays finite and in [0, 1] for thousands of agents, where factorials overflow', () => {
    for (const [n, a] of [
      [1000, 950],
      [5000, 4900],
      [20000, 19990],
    ]) {
      const c = erlangC(n, a);
      expect(Number.isFinite(c)).toBe(true);
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThan(1);
    }
    expect(Number.isFinite(erlangCDirect(200, 190))).toBe(false);
  });

  it('decreases the probability of waiting as agents are added (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0.1, max: 400, noNaN: true }),
        (n, a) => {
          fc.pre(a < n);
          expect(erlangC(n + 1, a)).toBeLessThanOrEqual(erlangC(n, a) + 1e-12);
        },
      ),
    );
  });

  it('reports an unstable queue instead of negative waits', () => {
    const model = modelQueue({ ...textbook, agents: 48 });
    expect(model).toMatchObject({ stable: false, probabilityOfWaiting: 1, meanWaitSeconds: Infinity });
    expect(serviceLevel({ ...textbook, agents: 40 }, 20)).toBe(0);
  });

  it('finds the fewest agents for a service level', () => {
    expect(agentsForServiceLevel(textbook, 0.8, 15)).toBe(55);
    expect(serviceLevel({ ...textbook, agents: 54 }, 15)).toBeLessThan(0.8);
    expect(agentsForServiceLevel(textbook, 0.9, 15)).toBe(57);
  });

  it('refuses inputs outside the model with a sentence naming the field', () => {
    expect(() => modelQueue({ ...textbook, agents: 0 })).toThrow(CapacityInputError);
    expect(() => modelQueue({ ...textbook, agents: 2.5 })).toThrow(/agents is 2.5/);
    expect(() => modelQueue({ callsPerHour: -1, ahtSeconds: 240, agents: 5 })).toThrow(/callsPerHour/);
    expect(() => modelQueue({ callsPerHour: 10, ahtSeconds: 0, agents: 5 })).toThrow(/ahtSeconds/);
    expect(() => agentsForServiceLevel(textbook, 80, 20)).toThrow(/service level target is 80/);
  });
});

describe('alarm thresholds from the model', () => {
  const planned = { ...textbook, agents: 55 };
  const window = { evaluationPeriods: 5, datapointsToAlarm: 3 };

  it('reproduces the worked threshold example: 120 s, 3 of 5, at 55 agents', () => {
    expect(probabilityWaitExceeds(planned, 120)).toBeCloseTo(0.0072, 4);
    expect(waitAlarmProbability(planned, 120, window)).toBeCloseTo(0.005, 3);
    expect(waitAlarmProbability({ ...planned, agents: 52 }, 120, window)).toBeCloseTo(0.58, 2);
    expect(waitAlarmProbability(planned, 60, window)).toBeCloseTo(0.31, 2);
    expect(recommendWaitThreshold(planned, window)).toMatchObject({
      longestWaitSeconds: 120,
      datapointsToAlarm: 3,
    });
  });

  it('computes binomial tails', () => {
    expect(binomialAtLeast(0, 5, 0.3)).toBeCloseTo(1, 12);
    expect(binomialAtLeast(5, 5, 0.5)).toBeCloseTo(1 / 32, 12);
    expect(binomialAtLeast(3, 5, 0.5)).toBeCloseTo(0.5, 12);
  });

  it('checkThresholds accepts well-derived thresholds and explains bad ones', () => {
    const [good, tight, deaf, understaffed] = checkThresholds([
      {
        queueId: 'billing',
        thresholds: { longestWaitSeconds: 120, queueSize: 20, ...window },
        forecast: planned,
      },
      {
        queueId: 'orders',
        thresholds: { longestWaitSeconds: 60, queueSize: 2, ...window },
        forecast: planned,
      },
      {
        queueId: 'general',
        thresholds: { longestWaitSeconds: 600, queueSize: 50, ...window },
        forecast: planned,
      },
      {
        queueId: 'callback',
        thresholds: { longestWaitSeconds: 120, queueSize: 20, ...window },
        forecast: { ...textbook, agents: 45 },
      },
    ]);
    expect(good).toMatchObject({
      queueId: 'billing',
      ok: true,
      problems: [],
      recommendedLongestWaitSeconds: 120,
    });
    expect(tight.ok).toBe(false);
    expect(tight.problems.join('\n')).toMatch(
      /queue 'orders'.*longestWaitSeconds 60 fires in 31\.5 % .*raise it to at least 120 s/,
    );
    expect(tight.problems.join('\n')).toMatch(/queueSize 2 fires/);
    expect(deaf.problems.join('\n')).toMatch(
      /queue 'general'.*longestWaitSeconds 600 fires in only .* when 3 agents short/,
    );
    expect(understaffed.problems).toEqual([
      expect.stringMatching(/queue 'callback' .* understaffed at plan/),
    ]);
  });
});

describe('npm run capacity', () => {
  function run(argv: string[]): { code: number; out: string; err: string } {
    const out: string[] = [];
    const err: string[] = [];
    const code = runCapacity(
      argv,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('prints P(wait), mean wait, service level, agents needed and a recommended wait alarm', () => {
    const { code, out } = run([
      '--calls-per-hour',
      '720',
      '--aht',
      '240',
      '--agents',
      '55',
      '--target-seconds',
      '15',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/offered load\s+48\.00 Erlangs/);
    expect(out).toMatch(/P\(wait\)\s+23\.9 %/);
    expect(out).toMatch(/mean wait \(ASA\)\s+8\.2 s/);
    expect(out).toMatch(/service level\s+84\.6 % answered within 15 s/);
    expect(out).toMatch(/agents for target\s+55 for 80\.0 % within 15 s/);
    expect(out).toMatch(/LongestQueueWaitTime > 120 s in 3 of 5 minutes/);
    expect(out).toMatch(/false alarms\s+0\.5 % of windows at 55 agents/);
  });

  it('says when the staffing cannot carry the load', () => {
    const { code, out } = run(['--calls-per-hour=720', '--aht=240', '--agents=40']);
    expect(code).toBe(0);
    expect(out).toMatch(/UNSTABLE: the offered load needs more than 48 agents/);
  });

  it.each([
    [['--aht', '240', '--agents', '5'], /--calls-per-hour is required/],
    [['--calls-per-hour', 'many', '--aht', '240', '--agents', '5'], /--calls-per-hour must be a number/],
    [
      ['--calls-per-hour', '10', '--aht', '240', '--agents', '5', '--colour', 'red'],
      /unknown option --colour/,
    ],
    [['--calls-per-hour', '10', '--aht', '240', '--agents', '0'], /agents is 0/],
    [
      ['--calls-per-hour', '10', '--aht', '240', '--agents', '5', '--datapoints', '9'],
      /--datapoints must be/,
    ],
  ])('refuses bad arguments with a sentence on stderr and exit code 2 (%#)', (argv, message) => {
    const { code, err, out } = run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});
