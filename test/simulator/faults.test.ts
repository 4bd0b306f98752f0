/**
 * The real handlers under the scenario faults (KMS down, SMS provider down, a failing invocation),
 * and the world reset between scenarios (a lockout in one call never leaks into the next).
 */
import '../../tools/simulator/quiet-sdk';
import * as path from 'node:path';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { compiledFlowSet } from '../../tools/simulator/flows';
import type { FlowSet } from '../../tools/simulator/model';
import { runScenario } from '../../tools/simulator/runner';
import { loadScenario, parseScenario } from '../../tools/simulator/scenario';
import { SimulatorWorld } from '../../tools/simulator/world';

let world: SimulatorWorld;
let flows: FlowSet;

beforeAll(async () => {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through Jest (global setup)');
  world = await SimulatorWorld.start({ ddbEndpoint: endpoint });
  flows = compiledFlowSet(DEFAULT_JOURNEY_MAP);
});

afterAll(async () => {
  await world?.close();
});

/** Olivia asks for her balance with her PIN: the right one, or a wrong one for all three tries. */
const pinCall = (name: string, pin: string, extra: Record<string, unknown> = {}) => {
  const tries = pin === '4827' ? 1 : 3;
  const keyIns = Array.from({ length: tries }, () => [
    { prompt: 'account number', press: '41020001' },
    { prompt: 'PIN', press: pin },
  ]).flat();
  return parseScenario(
    {
      description: `Olivia keys in PIN ${pin}.`,
      call: { from: '+447700900123', at: '2026-11-23T10:15:00Z' },
      answers: [{ prompt: 'menu', press: '1' }, { prompt: 'auth-choice', press: '2' }, ...keyIns],
      ...extra,
      expect: { disposition: { type: 'queue', queue: 'billing' }, heard: ['Welcome to Northwind'] },
    },
    name,
  );
};

it('KMS unavailable: the PIN cannot be checked, the caller is apologised to and passed to an adviser', async () => {
  const scenario = pinCall('kms-down', '4827', {
    faults: [{ kind: 'kms-unavailable', functions: ['pin-verify'] }],
  });
  const { result } = await runScenario(scenario, { world, flows });
  expect(result.calls.filter((c) => c.name === 'pin-verify').map((c) => c.status)).toEqual([
    'UNAVAILABLE',
    'UNAVAILABLE',
  ]);
  expect(result.heard.map((h) => h.text)).toContain(
    "I'm sorry, we're having a technical problem. Let me put you through to an adviser.",
  );
  expect(result.disposition).toMatchObject({ type: 'queue', queue: 'general' });
});

it('a failing invocation (throttled, crashed) takes the error branch and is retried once', async () => {
  const scenario = pinCall('lambda-error', '4827', {
    faults: [{ kind: 'lambda-error', function: 'balance-lookup', times: 1 }],
  });
  const { result, failures } = await runScenario(scenario, { world, flows });
  expect(result.calls.filter((c) => c.name === 'balance-lookup').map((c) => c.outcome)).toEqual([
    'failed',
    'ok',
  ]);
  expect(failures.filter((f) => !f.includes('queue'))).toEqual([]);
  expect(result.heard.some((h) => h.text.startsWith('Your account balance is'))).toBe(true);
});

it('SMS provider down: no code is sent, and the caller is not left waiting for one', async () => {
  const scenario = parseScenario(
    {
      description: 'Margaret asks for a password reset while the SMS provider is down.',
      call: { from: '+447700900789', at: '2026-11-24T09:05:00Z' },
      faults: [{ kind: 'sms-fails' }],
      answers: [{ prompt: 'menu', press: '3' }],
      expect: {
        disposition: { type: 'queue', queue: 'general' },
        heard: ['Welcome to Northwind'],
        notHeard: ["We've sent a six-digit"],
      },
    },
    'sms-down',
  );
  const outcome = await runScenario(scenario, { world, flows });
  expect(outcome.result.sms).toEqual([]);
  expect(outcome.failures).toEqual([]);
  expect(outcome.result.calls.map((c) => `${c.name}:${c.status}`)).toContain('otp-start:UNAVAILABLE');
});

it('resets the world between scenarios: PIN failures from earlier calls never lock a later one', async () => {
  // Two calls with a wrong PIN: 6 failures would lock the account (5 allowed) without the reset.
  for (const name of ['wrong-pin-1', 'wrong-pin-2']) {
    const { result } = await runScenario(pinCall(name, '0000'), { world, flows });
    expect(result.calls.filter((c) => c.name === 'pin-verify').map((c) => c.status)).toEqual([
      'INVALID_PIN',
      'INVALID_PIN',
      'INVALID_PIN',
    ]);
  }
  const good = loadScenario(path.join(__dirname, '..', '..', 'scenarios', 'balance-with-pin.json'));
  const outcome = await runScenario(good, { world, flows });
  expect(outcome.failures).toEqual([]);
});

it('plays a scenario the same way twice (seeded codes, fixed contact id, reset data)', async () => {
  const scenario = loadScenario(path.join(__dirname, '..', '..', 'scenarios', 'balance-with-otp.json'));
  const first = await runScenario(scenario, { world, flows });
  const second = await runScenario(scenario, { world, flows });
  const lines = (o: typeof first): string[] => o.result.heard.map((h) => h.text);
  expect(lines(second)).toEqual(lines(first));
  expect(second.result.sms).toEqual(first.result.sms);
  expect(second.passed).toBe(true);
});
