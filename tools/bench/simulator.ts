/**
 * Journey simulator throughput: the whole scenario set (`scenarios/*.json`) played through the
 * compiled flows with the real handlers against DynamoDB Local and the loopback KMS server, one
 * call after the other. Each repetition includes the per-scenario world reset, as a `--all` run does.
 */
import '../simulator/quiet-sdk';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { compiledFlowSet } from '../simulator/flows';
import { runScenarios } from '../simulator/runner';
import { loadScenarioDir } from '../simulator/scenario';
import { SimulatorWorld } from '../simulator/world';
import { median } from './synth';

/** Options of {@link benchSimulator}. */
export interface BenchSimulatorOptions {
  /** A running DynamoDB Local, e.g. `http://127.0.0.1:8000`. */
  readonly ddbEndpoint: string;
  /** Timed repetitions of the whole set (after one warm-up). @default 5 */
  readonly repetitions?: number;
  /** @default <repo>/scenarios */
  readonly scenarioDir?: string;
}

/**
 * Simulated calls per second over the whole scenario set, median of a few repetitions, as a
 * Markdown table (plus the median time per call and the slowest scenario).
 * @throws Error when a scenario fails (a benchmark of failing calls would mislead)
 */
export async function benchSimulator(opts: BenchSimulatorOptions): Promise<string> {
  const repetitions = opts.repetitions ?? 5;
  const scenarios = loadScenarioDir(opts.scenarioDir ?? path.join(__dirname, '..', '..', 'scenarios'));
  const flows = compiledFlowSet(DEFAULT_JOURNEY_MAP);
  const world = await SimulatorWorld.start({ ddbEndpoint: opts.ddbEndpoint });
  try {
    const warmUp = await runScenarios(scenarios, { world, flows });
    const failed = warmUp.filter((o) => !o.passed);
    if (failed.length > 0) {
      throw new Error(
        `scenario ${failed[0]?.scenario.name} fails (${failed[0]?.failures[0]}); fix it before benchmarking`,
      );
    }
    const rates: number[] = [];
    const perScenario = new Map<string, number[]>();
    let steps = 0;
    let simulatedMs = 0;
    for (let r = 0; r < repetitions; r++) {
      const started = performance.now();
      const outcomes = await runScenarios(scenarios, { world, flows });
      const elapsed = performance.now() - started;
      rates.push(scenarios.length / (elapsed / 1000));
      for (const o of outcomes)
        perScenario.set(o.scenario.name, [...(perScenario.get(o.scenario.name) ?? []), o.wallMs]);
      if (r === 0) {
        steps = outcomes.reduce((n, o) => n + o.result.steps, 0);
        simulatedMs = outcomes.reduce((n, o) => n + o.result.simulatedMs, 0);
      }
    }
    const [slowest, slowestMs] = [...perScenario.entries()]
      .map(([name, times]) => [name, median(times)] as const)
      .sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
    const rate = median(rates);
    return [
      '| scenario set | calls | flow actions | simulated call time | median calls/s | min | max | median ms/call | slowest scenario (median) | runs |',
      '|---|---|---|---|---|---|---|---|---|---|',
      `| scenarios/ (${flows.origin}) | ${scenarios.length} | ${steps} | ${Math.round(simulatedMs / 1000)} s | ${rate.toFixed(1)} | ${Math.min(...rates).toFixed(1)} | ${Math.max(...rates).toFixed(1)} | ${(1000 / rate).toFixed(0)} | ${slowest} (${Math.round(slowestMs)} ms) | ${repetitions} |`,
    ].join('\n');
  } finally {
    await world.close();
  }
}
