/**
 * Runs scenarios: puts the world in the scenario's state (routing modes, announcement), plays the
 * call through the flows with the real handlers, and checks the expectations.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { checkExpectations } from './expect';
import { createHandlerInvoker, seededRandom, SmsOutbox } from './handlers';
import {
  runCall,
  SimClock,
  type CallResult,
  type MissingReferencePolicy,
  type TimedEvent,
} from './interpreter';
import type { FlowSet } from './model';
import { ScriptedCaller, type Scenario } from './scenario';
import type { SimulatorWorld } from './world';

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  readonly world: SimulatorWorld;
  readonly flows: FlowSet;
  /** Streams the transcript while the call runs. */
  readonly onEvent?: (event: TimedEvent) => void;
  /** @default 'error' (see CallOptions.missingReference) */
  readonly missingReference?: MissingReferencePolicy;
  /** @default 2000 */
  readonly maxSteps?: number;
}

/** A scenario's run: the call and whether it met the expectations. */
export interface ScenarioOutcome {
  readonly scenario: Scenario;
  readonly result: CallResult;
  /** Unmet expectations, one sentence each; empty when the scenario passes. */
  readonly failures: readonly string[];
  readonly passed: boolean;
  /** Wall-clock time of the run, world reset included. */
  readonly wallMs: number;
}

/** A stable UUID-shaped contact id for a scenario (transcripts are reproducible). */
export function contactIdFor(name: string): string {
  const h = createHash('sha256').update(`contact:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Runs one scenario against the world. */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioOutcome> {
  const { world, flows } = options;
  const started = performance.now();
  const at = new Date(scenario.call.at);
  await world.reset();
  await world.setRouting(
    scenario.routingDefaults === 'none' ? [] : flows.map.queues.map((q) => q.id),
    scenario.routing ?? {},
    at,
  );
  if (scenario.announcement !== undefined) {
    await world.setAnnouncement(scenario.announcement.text, scenario.announcement.until);
  }
  const clock = new SimClock(at.getTime());
  const outbox = new SmsOutbox();
  const caller = new ScriptedCaller(scenario.answers, outbox);
  const invoke = createHandlerInvoker({
    world,
    flows,
    clock,
    outbox,
    random: seededRandom(scenario.name),
    faults: scenario.faults ?? [],
  });
  const result = await runCall({
    flows,
    contactId: contactIdFor(scenario.name),
    callerNumber: scenario.call.from,
    clock,
    caller,
    invoke,
    ...(scenario.queues ? { queues: scenario.queues } : {}),
    holdInterruptions: scenario.holdInterruptions ?? 0,
    ...(scenario.notDialablePrefixes ? { notDialablePrefixes: scenario.notDialablePrefixes } : {}),
    ...(options.missingReference ? { missingReference: options.missingReference } : {}),
    ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const failures = checkExpectations(scenario, result, caller);
  return { scenario, result, failures, passed: failures.length === 0, wallMs: performance.now() - started };
}

/** Runs scenarios one after the other (they share the world). */
export async function runScenarios(
  scenarios: readonly Scenario[],
  options: RunScenarioOptions,
): Promise<ScenarioOutcome[]> {
  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) outcomes.push(await runScenario(scenario, options));
  return outcomes;
}

/** A Markdown-free pass/fail table of outcomes (one row per scenario). */
export function summaryTable(outcomes: readonly ScenarioOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.passed ? 'PASS' : 'FAIL',
    o.scenario.name,
    o.result.disposition.type === 'queue' || o.result.disposition.type === 'callback'
      ? `${o.result.disposition.type} ${o.result.disposition.queue}`
      : o.result.disposition.type,
    `${o.result.steps}`,
    `${Math.round(o.wallMs)} ms`,
  ]);
  const header = ['', 'scenario', 'disposition', 'steps', 'time'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
