/**
 * Every scenario of `scenarios/` passes, played with the real handlers against the DynamoDB Local of
 * the Jest global setup and a loopback KMS server, through two sources of the same flows:
 *
 * - compiled in-process (`compileJourney`, local identifiers as resources);
 * - synthesized: the project's `ContactRouting` and `ContactFlows` constructs in a CDK stack (with
 *   L1 functions instead of bundled ones), the template's `Fn::Join`/`Fn::GetAtt` content resolved by
 *   the simulator's template loader, and the deployed hours-of-operation resource as the calendar.
 */
import '../../tools/simulator/quiet-sdk';
import * as path from 'node:path';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { describeDisposition } from '../../tools/simulator/expect';
import { compiledFlowSet, flowSetFromTemplate } from '../../tools/simulator/flows';
import type { FlowSet } from '../../tools/simulator/model';
import { runScenario } from '../../tools/simulator/runner';
import { loadScenarioDir, type Scenario } from '../../tools/simulator/scenario';
import { SimulatorWorld } from '../../tools/simulator/world';
import { synthesizedTemplate } from './support-cdk';

const map = DEFAULT_JOURNEY_MAP;
const scenarios = loadScenarioDir(path.join(__dirname, '..', '..', 'scenarios'));

let world: SimulatorWorld;
const sources: Record<'compiled' | 'synthesized', () => FlowSet> = {
  compiled: () => compiledFlowSet(map),
  synthesized: () => flowSetFromTemplate(synthesizedTemplate(), map, { origin: 'test stack' }),
};

beforeAll(async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through Jest (global setup)');
  world = await SimulatorWorld.start({ ddbEndpoint: endpoint });
});

afterAll(async () => {
  await world?.close();
});

it('has the scenario set the product promises', () => {
  expect(scenarios.map((s) => s.name)).toEqual(
    expect.arrayContaining([
      'balance-with-pin',
      'balance-with-otp',
      'otp-wrong-code-then-adviser',
      'order-status-of-another-customer',
      'password-reset',
      'after-hours-callback',
      'callback-mode-queue',
      'overflow-mode-queue',
      'dynamodb-unavailable',
      'emergency-announcement',
      'french-caller',
      'menu-invalid-key',
    ]),
  );
  for (const s of scenarios) expect(s.expect.heard?.length ?? 0).toBeGreaterThan(0);
});

describe.each(Object.keys(sources) as (keyof typeof sources)[])('with %s flows', (source) => {
  let flows: FlowSet;
  beforeAll(() => {
    flows = sources[source]();
  });

  it.each(scenarios.map((s): [string, Scenario] => [s.name, s]))('%s', async (_name, scenario) => {
    const outcome = await runScenario(scenario, { world, flows });
    const { disposition } = outcome.result;
    const want = scenario.expect.disposition;
    expect({ disposition: describeDisposition(disposition), failures: outcome.failures }).toEqual({
      disposition: expect.stringContaining(
        'queue' in want
          ? `${want.type === 'callback' ? 'callback queued in' : 'queue'} ${want.queue}`
          : want.type,
      ),
      failures: [],
    });
    expect(outcome.result.heard.length).toBeGreaterThan(0);
  });
});
