/**
 * Functional requirement: when DynamoDB (or KMS) hangs or refuses connections, every handler still
 * answers within its flow time limit, with UNAVAILABLE (routing-context: OK, degraded), so the flow
 * takes its own error path instead of Connect's timeout.
 */
import * as net from 'node:net';
import { INTEGRATIONS, type IntegrationName } from '../../lib/integrations/contracts';
import { createHandler as balanceLookup } from '../../lambda/balance-lookup';
import { createHandler as identifyCaller } from '../../lambda/identify-caller';
import { createHandler as orderStatus } from '../../lambda/order-status';
import { createHandler as otpStart } from '../../lambda/otp-start';
import { createHandler as otpVerify } from '../../lambda/otp-verify';
import { createHandler as passwordReset } from '../../lambda/password-reset';
import { createHandler as pinVerify } from '../../lambda/pin-verify';
import { createHandler as routingContext } from '../../lambda/routing-context';
import { createHandler as smsLink } from '../../lambda/sms-link';
import { createDocumentClient } from '../../lambda/shared/aws/dynamodb';
import { createKmsClient } from '../../lambda/shared/aws/kms';
import type { IntegrationDeps } from '../../lambda/shared/deps';
import type { ConnectIntegrationHandler } from '../../lambda/shared/integration';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../support/clients';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();
let blackHole: net.Server;
const heldSockets: net.Socket[] = [];
let blackHoleEndpoint: string;
let refusingEndpoint: string;

beforeAll(async () => {
  env = await startHandlerEnv('faults');
  // Accepts connections and never answers.
  blackHole = net.createServer((socket) => heldSockets.push(socket));
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
  blackHoleEndpoint = `http://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`;
  // A port that was just free: connections are refused.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  refusingEndpoint = `http://127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  output.install();
});

afterAll(async () => {
  output.uninstall();
  for (const socket of heldSockets) socket.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  await env.close();
});

type Factory = (deps: Partial<IntegrationDeps>) => ConnectIntegrationHandler;

interface Case {
  readonly name: IntegrationName;
  readonly create: Factory;
  /** Puts state in place with the working dependencies (e.g. an OTP challenge to verify). */
  prepare?(contactId: string): Promise<void>;
  /** A valid event that reaches the dependency. */
  event(contactId: string): Promise<Record<string, unknown>>;
}

const token = (contactId: string) => env.token({ contactId, customerId: 'CUST0001', level: 'OTP' });

const CASES: readonly Case[] = [
  { name: 'identify-caller', create: identifyCaller, event: async (c) => connectEvent({ contactId: c }) },
  {
    name: 'otp-start',
    create: otpStart,
    event: async (c) => connectEvent({ contactId: c, parameters: { customerId: 'CUST0001' } }),
  },
  {
    name: 'otp-verify',
    create: otpVerify,
    prepare: async (c) => {
      await otpStart(env.deps())(connectEvent({ contactId: c, parameters: { customerId: 'CUST0001' } }));
    },
    event: async (c) =>
      connectEvent({ contactId: c, parameters: { customerId: 'CUST0001', code: '123456' } }),
  },
  {
    name: 'pin-verify',
    create: pinVerify,
    event: async (c) =>
      connectEvent({ contactId: c, parameters: { accountNumber: '41020001', pin: '4827' } }),
  },
  {
    name: 'balance-lookup',
    create: balanceLookup,
    event: async (c) => connectEvent({ contactId: c, parameters: { authToken: await token(c) } }),
  },
  {
    name: 'order-status',
    create: orderStatus,
    event: async (c) =>
      connectEvent({ contactId: c, parameters: { authToken: await token(c), orderId: '50012388' } }),
  },
  {
    name: 'password-reset',
    create: passwordReset,
    event: async (c) => connectEvent({ contactId: c, parameters: { authToken: await token(c) } }),
  },
  { name: 'routing-context', create: routingContext, event: async (c) => connectEvent({ contactId: c }) },
  {
    name: 'sms-link',
    create: smsLink,
    event: async (c) =>
      connectEvent({ contactId: c, caller: '+447700900123', parameters: { intent: 'billing' } }),
  },
];

const clientOptions = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

async function runAll(
  label: string,
  deps: () => Partial<IntegrationDeps>,
  cases: readonly Case[],
): Promise<Array<{ name: IntegrationName; label: string; status: string; degraded?: string; ms: number }>> {
  return Promise.all(
    cases.map(async (testCase) => {
      const contactId = newContactId();
      await testCase.prepare?.(contactId);
      const event = await testCase.event(contactId);
      const handler = testCase.create(env.deps(deps()));
      const started = performance.now();
      const response = await handler(event);
      return {
        name: testCase.name,
        label,
        status: response.status,
        ...(response.degraded ? { degraded: response.degraded } : {}),
        ms: Math.round(performance.now() - started),
      };
    }),
  );
}

function expectWithinLimits(results: Awaited<ReturnType<typeof runAll>>): void {
  const problems: string[] = [];
  for (const result of results) {
    const limitMs = INTEGRATIONS[result.name].timeLimitSeconds * 1000;
    const expected = result.name === 'routing-context' ? 'OK/degraded' : 'UNAVAILABLE';
    const actual = result.degraded ? `${result.status}/degraded` : result.status;
    if (actual !== expected)
      problems.push(`${result.name} (${result.label}): ${actual}, expected ${expected}`);
    if (result.ms >= limitMs)
      problems.push(`${result.name} (${result.label}): ${result.ms} ms >= limit ${limitMs} ms`);
  }
  expect(problems).toEqual([]);
}

describe('dependency faults', () => {
  // All four scenarios run at once: each waits for its deadline guard, so sequentially they would
  // add up to ~20 s of waiting.
  it('answers every handler within its time limit when DynamoDB or KMS hangs or refuses connections', async () => {
    const kmsCases = CASES.filter((c) => INTEGRATIONS[c.name].macKey.length > 0);
    const ddbAt = (endpoint: string) => () => ({ doc: createDocumentClient({ ...clientOptions, endpoint }) });
    const kmsAt = (endpoint: string) => () => ({ kms: createKmsClient({ ...clientOptions, endpoint }) });
    const results = (
      await Promise.all([
        runAll('ddb hangs', ddbAt(blackHoleEndpoint), CASES),
        runAll('ddb refuses', ddbAt(refusingEndpoint), CASES),
        // Tokens and challenges are made with the working KMS; the handlers get the broken one.
        runAll('kms hangs', kmsAt(blackHoleEndpoint), kmsCases),
        runAll('kms refuses', kmsAt(refusingEndpoint), kmsCases),
      ])
    ).flat();
    expectWithinLimits(results);
    // The hanging cases really waited (SDK timeouts or the deadline guard), not an instant failure.
    const hung = results.find((r) => r.label === 'ddb hangs' && r.name === 'identify-caller');
    expect(hung?.ms).toBeGreaterThan(1000);
  }, 20_000);

  it('bounds a hung SDK call by its own timeouts, without the deadline guard', async () => {
    // Two attempts of 800 ms plus back-off: about 1.7 s, whatever the guard would allow.
    const handler = identifyCaller(
      env.deps({
        doc: createDocumentClient({ ...clientOptions, endpoint: blackHoleEndpoint }),
        deadlineMs: 10_000,
      }),
    );
    const started = performance.now();
    expect(await handler(connectEvent({}))).toEqual({ status: 'UNAVAILABLE' });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThan(1500);
    expect(ms).toBeLessThan(2500);
  }, 20_000);
});
