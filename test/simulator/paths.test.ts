/**
 * The static guarantee behind the simulator's scenarios: every path of every compiled flow (every
 * unrolling of every loop) ends in a queue transfer, a queued callback, or a spoken message right
 * before the disconnect, never in silence. `walkPaths` proves it over the flows as compiled and as
 * synthesized; a hand-made flow with a silent dead end shows the proof catching one, and the
 * simulator replaying the walk's witness path to the same silent disconnect.
 *
 * The walk-level dead-end test lives with the walker (test/flows/walk.test.ts, "catches a silent
 * dead end: a disconnect right after a menu timeout"); this file adds the simulator-level one.
 */
import { disconnect, logging, menu, message, transferToQueue } from '../../lib/flows/builder';
import { compileJourney } from '../../lib/flows/compile';
import type { FlowDocument } from '../../lib/flows/model';
import { walkPaths, type PathOutcome } from '../../lib/flows/walk';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { restrictLanguages } from '../../lib/journey';
import type { JourneyMap } from '../../lib/journey/types';
import { checkExpectations } from '../../tools/simulator/expect';
import { flowSetFromTemplate, simResources, toSimFlow } from '../../tools/simulator/flows';
import type { FlowSet, SimFlow } from '../../tools/simulator/model';
import { parseScenario } from '../../tools/simulator/scenario';
import { mapWith } from '../journey/support';
import { flowSet, simulate } from './support';
import { synthesizedTemplate } from './support-cdk';

/** A loaded flow as the walker's document type (the walker reads Type, Transitions and logging). */
const asDocument = (flow: SimFlow): FlowDocument =>
  ({
    Version: '2019-10-30',
    StartAction: flow.startAction,
    Actions: [...flow.actions.values()],
  }) as unknown as FlowDocument;

const ENDINGS: Readonly<Record<string, readonly PathOutcome[]>> = {
  CONTACT_FLOW: ['queue', 'callback', 'spoken-disconnect'],
  CUSTOMER_QUEUE: ['in-queue', 'callback', 'spoken-disconnect'],
};

function expectNoSilentEnding(name: string, type: string, document: FlowDocument): void {
  const walk = walkPaths(document, {
    flowType: type === 'CUSTOMER_QUEUE' ? 'CUSTOMER_QUEUE' : 'CONTACT_FLOW',
  });
  expect({ flow: name, violations: walk.violations }).toEqual({ flow: name, violations: [] });
  const reached = (Object.keys(walk.outcomes) as PathOutcome[]).filter((o) => walk.outcomes[o].length > 0);
  // Every way out is one of the allowed endings, and the flow's main one (a queue) is reachable.
  expect(reached.filter((o) => !(ENDINGS[type] ?? []).includes(o))).toEqual([]);
  expect(reached).toContain(type === 'CUSTOMER_QUEUE' ? 'in-queue' : 'queue');
  expect(reached).toContain('callback');
}

const variants: [string, JourneyMap][] = [
  ['the default journey map', DEFAULT_JOURNEY_MAP],
  [
    'an English-only map with every queue offering callbacks',
    mapWith((m) => {
      Object.assign(m, restrictLanguages(m, ['en']));
      for (const q of m.queues) {
        q.underLoad.mode = 'CALLBACK';
        delete q.underLoad.overflowQueueId;
      }
    }),
  ],
];

describe.each(variants)('every path of every flow compiled from %s', (_label, map) => {
  it.each(compileJourney(map, simResources()).map((f) => [f.name, f] as const))(
    'ends in a queue, a callback or a spoken goodbye: %s',
    (name, flow) => {
      expectNoSilentEnding(name, flow.type, flow.content);
    },
  );
});

describe('the synthesized flows', () => {
  let flows: FlowSet;
  beforeAll(() => {
    flows = flowSetFromTemplate(synthesizedTemplate(), DEFAULT_JOURNEY_MAP, { origin: 'test stack' });
  });

  it('every path of every flow in the template ends in a queue, a callback or a spoken goodbye', () => {
    expect([...flows.flows.keys()].sort()).toEqual(['customer-queue', 'inbound']);
    for (const flow of flows.flows.values()) expectNoSilentEnding(flow.name, flow.type, asDocument(flow));
  });
});

describe('a hand-made flow with a silent dead end', () => {
  // The walker test's flow: a menu whose timeout goes straight to the hang-up.
  const deadEnd: FlowDocument = {
    Version: '2019-10-30',
    StartAction: 'start',
    Actions: [
      logging('start', true, 'menu'),
      menu(
        'menu',
        { Text: 'Press 1 for an adviser or 2 to leave.' },
        [
          { key: '1', next: 'enqueue' },
          { key: '2', next: 'bye' },
        ],
        { timeout: 'hang-up', noMatch: 'hang-up', error: 'hang-up' },
        5,
      ),
      transferToQueue('enqueue', 'bye', 'bye'),
      message('bye', { Text: 'Goodbye.' }, 'hang-up'),
      disconnect('hang-up'),
    ],
  };

  it('is caught by the walk, with a witness path', () => {
    const walk = walkPaths(deadEnd);
    expect(walk.violations.map((v) => [v.kind, v.path])).toEqual([
      ['silent-disconnect', ['start', 'menu', 'hang-up']],
    ]);
  });

  it('replays in the simulator: the silent caller is cut off with no goodbye, and the scenario check says so', async () => {
    const flows = flowSet([toSimFlow('dead-end', 'dead-end', 'CONTACT_FLOW', deadEnd)]);
    const { result } = await simulate(flows, { keys: [null] });
    const path = result.events.flatMap((e) => (e.kind === 'action' ? [e.action] : []));
    expect(path).toEqual(walkPaths(deadEnd).violations[0]?.path);
    expect(result.disposition).toEqual({
      type: 'disconnect',
      afterMessage: false,
      lastHeard: 'Press 1 for an adviser or 2 to leave.',
    });
    const scenario = parseScenario(
      {
        description: 'A caller who says nothing at the menu.',
        call: { from: '+447700900123', at: '2026-11-23T10:00:00Z' },
        expect: { disposition: { type: 'disconnect' }, heard: ['Press 1'] },
      },
      'silent-caller',
    );
    expect(checkExpectations(scenario, result)).toEqual([
      'expected a spoken goodbye before the disconnect, but the caller heard no message right before it',
    ]);
  });

  it('is fine on the paths the walk accepts', async () => {
    const flows = flowSet([toSimFlow('dead-end', 'dead-end', 'CONTACT_FLOW', deadEnd)]);
    const { result } = await simulate(flows, { keys: ['2'] });
    expect(result.disposition).toMatchObject({
      type: 'disconnect',
      afterMessage: true,
      lastHeard: 'Goodbye.',
    });
  });
});
