import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SECURITY } from '../../lib/integrations/contracts';
import { verifyAuthToken } from '../../lambda/domain/auth-token';
import { maxGuessesWithin } from '../../lambda/domain/guess-guard';
import type { MacPort } from '../../lambda/domain/ports';
import { createHandler } from '../../lambda/pin-verify';
import { KmsMacPort } from '../../lambda/shared/aws/kms';
import { DEMO_ACCOUNTS } from '../../tools/demo-data';
import { runOps } from '../../tools/ops';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

let env: HandlerEnv;
const output = new OutputCapture();

beforeAll(async () => {
  env = await startHandlerEnv('pin');
  output.install();
});

afterAll(async () => {
  output.uninstall();
  await env.close();
});

/** Each test uses its own demo account so lock state does not leak between tests. */
function account(index: number): { accountNumber: string; pin: string; customerId: string; wrong: string } {
  const demo = DEMO_ACCOUNTS[index]!;
  const wrong = demo.demoPin === '0000' ? '1111' : '0000';
  return { accountNumber: demo.accountNumber, pin: demo.demoPin, customerId: demo.customerId, wrong };
}

function check(accountNumber: string, pin: string, contactId = newContactId()) {
  return createHandler(env.deps())(connectEvent({ contactId, parameters: { accountNumber, pin } }));
}

/** Every item of the security-state table (guards included). */
async function securityItems(): Promise<Record<string, unknown>[]> {
  const { Items } = await env.doc.send(
    new ScanCommand({ TableName: env.tables.OtpChallenges, ConsistentRead: true }),
  );
  return Items ?? [];
}

/** A MAC port that counts the PIN comparisons it is asked for (what an attacker gets to try). */
function countingMac(): { mac: MacPort; compared: () => number } {
  const inner = new KmsMacPort(env.kms, env.macKeyId);
  let compared = 0;
  return {
    mac: {
      generate: (message) => inner.generate(message),
      verify: (message, mac) => {
        if (message.startsWith('pin:')) compared += 1;
        return inner.verify(message, mac);
      },
    },
    compared: () => compared,
  };
}

const policy = SECURITY.pinGuessLimits;
const steps = policy.lockSteps;

describe('pin-verify', () => {
  it('verifies the PIN and returns a PIN-level token bound to the account and the contact', async () => {
    const { accountNumber, pin, customerId } = account(0);
    const contactId = newContactId();
    const response = await check(accountNumber, pin, contactId);
    expect(response).toEqual({
      status: 'VERIFIED',
      authToken: expect.any(String),
      customerId,
      callerMatch: 'true',
    });
    const claims = await verifyAuthToken(new KmsMacPort(env.kms, env.macKeyId), response.authToken!, {
      contactIds: [contactId],
      levels: ['PIN'],
      now: env.clock.now(),
    });
    expect(claims).toMatchObject({ contactId, customerId, level: 'PIN', accountNumber });
  });

  it('counts a wrong PIN on a guard keyed by a keyed pseudonym, never the account number', async () => {
    const { accountNumber, wrong } = account(1);
    expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    const items = await securityItems();
    const guards = items.filter((item) => String(item.pk).startsWith('guard#pin#'));
    expect(guards.length).toBeGreaterThan(0);
    for (const item of items) expect(JSON.stringify(item)).not.toContain(accountNumber);
    // Not a bare SHA-256 either: without the KMS key the key cannot be recomputed.
    const sha = createHash('sha256').update(accountNumber).digest('base64url').slice(0, 32);
    expect(JSON.stringify(items)).not.toContain(sha);
  });

  it('answers an unknown account exactly like a real one, LOCKED included (no enumeration)', async () => {
    const { accountNumber, wrong } = account(2);
    const sequence = async (number: string) => {
      const answers: string[] = [];
      for (let i = 0; i < steps[0]!.failures + 1; i++) answers.push((await check(number, wrong)).status);
      return answers;
    };
    const known = await sequence(accountNumber);
    const unknown = await sequence('99999999');
    expect(unknown).toEqual(known);
    expect(known.at(-2)).toBe('LOCKED');
    expect(known.at(-1)).toBe('LOCKED');
  });

  it('locks progressively (15 min, 1 h, 24 h), then hard-locks until an operator releases it', async () => {
    const { accountNumber, pin, wrong } = account(3);
    let failures = 0;
    for (const step of steps) {
      while (failures < step.failures - 1) {
        expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
        failures += 1;
      }
      expect(await check(accountNumber, wrong)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
      failures += 1;
      // The right PIN from another caller is refused while locked, until the lock lapses.
      env.clock.advance(step.lockSeconds * 1000 - 1);
      expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
      env.clock.advance(1);
    }
    while (failures < policy.hardLockAfter - 1) {
      expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
      failures += 1;
    }
    expect(await check(accountNumber, wrong)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
    // Hard lock: a year later the right PIN is still refused.
    env.clock.advance(365 * 86_400_000);
    expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });

    const out: string[] = [];
    const code = await runOps(
      [
        'guard',
        'unlock',
        'pin',
        accountNumber,
        '--reason',
        'customer verified in branch',
        '--by',
        'adviser-7',
      ],
      {
        env: { OTP_TABLE: env.tables.OtpChallenges, MAC_KEY_ID: env.macKeyId },
        out: (line) => out.push(line),
        err: (line) => out.push(line),
        now: () => env.clock.now(),
        documentClient: () => env.doc,
        kmsClient: () => env.kms,
      },
    );
    expect(out.join('\n')).toContain('HARD LOCKED');
    expect(code).toBe(0);
    expect(await check(accountNumber, pin)).toMatchObject({ status: 'VERIFIED' });
    const audit = (await securityItems()).filter((item) => String(item.pk).startsWith('audit#'));
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'guard-release',
        actor: 'adviser-7',
        reason: 'customer verified in branch',
      }),
    );
    expect(JSON.stringify(audit)).not.toContain(accountNumber);
  });

  it('resets the consecutive count after a correct PIN', async () => {
    const { accountNumber, pin, wrong } = account(5);
    for (let i = 1; i < steps[0]!.failures; i++) await check(accountNumber, wrong);
    expect((await check(accountNumber, pin)).status).toBe('VERIFIED');
    for (let i = 1; i < steps[0]!.failures; i++) {
      expect(await check(accountNumber, wrong)).toEqual({ status: 'INVALID_PIN' });
    }
  });

  it('never lets a burst of concurrent guesses exceed the first gate', async () => {
    const { accountNumber, pin } = account(6);
    const counting = countingMac();
    const handler = createHandler(env.deps({ mac: counting.mac }));
    const guesses = Array.from({ length: 40 }, (_, i) => String(1000 + i)).filter((guess) => guess !== pin);
    const responses = await Promise.all(
      guesses.map((guess) => handler(connectEvent({ parameters: { accountNumber, pin: guess } }))),
    );
    expect(counting.compared()).toBeLessThanOrEqual(steps[0]!.failures);
    expect(responses.every((r) => r.status === 'INVALID_PIN' || r.status === 'LOCKED')).toBe(true);
    expect(await check(accountNumber, pin)).toEqual({ status: 'LOCKED', attemptsLeft: '0' });
  });

  it('bounds a 30-day guessing attack to 1 % for a 4-digit PIN, even when the owner logs in between', async () => {
    const { accountNumber, pin, customerId } = account(7);
    const counting = countingMac();
    const attacker = createHandler(env.deps({ mac: counting.mac }));
    const owner = createHandler(env.deps());
    const periodMs = policy.periodSeconds * 1000;
    // Start two days before a period boundary: the attacker stops one short of the cap there, then
    // spends the next period's whole cap (the best plan against the period cap).
    env.clock.current = (Math.floor(env.clock.now() / periodMs) + 1) * periodMs - 2 * 86_400_000;
    const start = env.clock.now();
    const end = start + 30 * 86_400_000;
    let guess = 0;
    let consecutive = 0;
    let inPeriod = 0;
    let period = Math.floor(start / periodMs);
    let verifiedByAttacker = false;
    while (env.clock.now() < end) {
      const nowPeriod = Math.floor(env.clock.now() / periodMs);
      if (nowPeriod !== period) [period, inPeriod] = [nowPeriod, 0];
      const lastPeriodBeforeEnd = Math.floor(end / periodMs) === nowPeriod;
      if (!lastPeriodBeforeEnd && inPeriod >= policy.periodCap - 1) {
        env.clock.current = (nowPeriod + 1) * periodMs; // wait for the next period
        continue;
      }
      if (consecutive === steps[0]!.failures - 1) {
        // The owner logs in (attacker-friendly: the consecutive count restarts).
        const own = await owner(connectEvent({ parameters: { accountNumber, pin } }));
        if (own.status === 'LOCKED') break; // hard locked: the attack is over
        consecutive = 0;
      }
      const candidate = String(guess++).padStart(4, '0');
      if (candidate === pin) continue;
      const answer = await attacker(connectEvent({ parameters: { accountNumber, pin: candidate } }));
      if (answer.status === 'VERIFIED') verifiedByAttacker = true;
      if (answer.status === 'LOCKED') {
        env.clock.advance(6 * 3_600_000); // wait it out (a hard lock never lapses)
        continue;
      }
      consecutive += 1;
      inPeriod += 1;
      env.clock.advance(60_000);
    }
    expect(verifiedByAttacker).toBe(false);
    const bound = maxGuessesWithin(policy, 30);
    expect(counting.compared()).toBeLessThanOrEqual(bound);
    expect(counting.compared()).toBeGreaterThan(policy.periodCap); // the plan did cross the boundary
    expect(counting.compared()).toBe(bound); // and reached the bound: the arithmetic is tight
    // Probability that a uniformly random 4-digit PIN falls: compared / 10^4.
    expect(bound / 10_000).toBeLessThanOrEqual(0.01);
    expect(customerId).toBeDefined();
  });

  it.each([
    ['a non-digit PIN', { accountNumber: '41020001', pin: 'abcd' }],
    ['a 3-digit PIN', { accountNumber: '41020001', pin: '123' }],
    ['a 9-digit PIN', { accountNumber: '41020001', pin: '123456789' }],
    ['a short account number', { accountNumber: '4102', pin: '1234' }],
    ['a missing PIN', { accountNumber: '41020001' }],
  ])('answers INVALID_INPUT for %s', async (_label, parameters) => {
    expect(await createHandler(env.deps())(connectEvent({ parameters }))).toEqual({
      status: 'INVALID_INPUT',
    });
  });

  it('answers UNAVAILABLE when the accounts table is missing', async () => {
    const handler = createHandler(env.deps({ tables: { ...env.tables, Accounts: 'missing-table' } }));
    expect(await handler(connectEvent({ parameters: { accountNumber: '41020001', pin: '4827' } }))).toEqual({
      status: 'UNAVAILABLE',
    });
  });

  it('emits AuthFailure and AuthLockout as EMF with the one dimension the security alarms match', async () => {
    const { accountNumber, wrong } = account(8);
    output.take();
    for (let i = 0; i < steps[0]!.failures; i++) await check(accountNumber, wrong);
    const records = output
      .take()
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map(
        (line) =>
          JSON.parse(line) as Record<string, unknown> & {
            _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
          },
      );
    const security = records.filter((r) =>
      r._aws.CloudWatchMetrics[0]!.Metrics.some((m) => m.Name === 'AuthFailure' || m.Name === 'AuthLockout'),
    );
    const total = (name: string) =>
      security.reduce((sum, r) => sum + (typeof r[name] === 'number' ? (r[name] as number) : 0), 0);
    expect(total('AuthFailure')).toBe(steps[0]!.failures);
    expect(total('AuthLockout')).toBe(1);
    for (const record of security) {
      expect(record._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['function']]);
      expect(record.function).toBe('pin-verify');
    }
  });

  it('never logs the PIN or the token', async () => {
    const { accountNumber, pin } = account(4);
    output.take();
    const response = await check(accountNumber, pin);
    const text = output.take();
    expect(text).not.toContain(`"${pin}"`);
    expect(text).not.toContain(response.authToken!);
  });
});
