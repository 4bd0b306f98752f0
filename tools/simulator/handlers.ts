/**
 * Real handlers for the simulator: each integration's `createHandler(deps)` from `lambda/<name>/`,
 * given SDK clients pointed at DynamoDB Local and the loopback KMS server, the simulated clock, an
 * SMS outbox instead of SNS, silent logs and metrics, and the scenario's faults:
 *
 * - `dynamodb-unavailable` / `kms-unavailable`: the handler's client talks to a port that drops
 *   every connection;
 * - `table-missing`: the handler is given a table name that does not exist;
 * - `slow`: the invocation takes `delayMs` longer (simulated time, nobody waits), so beyond the
 *   flow's InvocationTimeLimitSeconds the flow takes the error branch;
 * - `lambda-error`: the invocation fails (throttled, crashed) without running the handler;
 * - `sms-fails`: the SMS provider refuses the next messages.
 *
 * Settings come from the function's environment as the deployed function reads it (the template's
 * literal variables, else the stage and journey defaults of {@link stageEnvironment}).
 */
import { performance } from 'node:perf_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { TableId } from '../../lib/data/schema';
import type { IntegrationName } from '../../lib/integrations/contracts';
import type { RandomSource, SmsMessage, SmsPort } from '../../lambda/domain/ports';
import { configFromEnv, type IntegrationDeps } from '../../lambda/shared/deps';
import type { ConnectIntegrationHandler } from '../../lambda/shared/integration';
import { HANDLER_FACTORIES, type HandlerFactory } from '../../lambda/registry';
import type { FunctionInvoker, InvokeResult, SimClock } from './interpreter';
import type { FlowSet } from './model';
import { stageEnvironment, type SimulatorWorld } from './world';

/** Every integration's handler factory, by contract name: the same registry the Lambda code exports. */
export { HANDLER_FACTORIES };

/** A fault injected into the call. */
export type Fault =
  | { readonly kind: 'dynamodb-unavailable'; readonly functions?: readonly IntegrationName[] }
  | { readonly kind: 'kms-unavailable'; readonly functions?: readonly IntegrationName[] }
  | {
      readonly kind: 'table-missing';
      readonly table: TableId;
      readonly functions?: readonly IntegrationName[];
    }
  | {
      readonly kind: 'slow';
      readonly function: IntegrationName;
      readonly delayMs: number;
      readonly times?: number;
    }
  | { readonly kind: 'lambda-error'; readonly function: IntegrationName; readonly times?: number }
  | { readonly kind: 'sms-fails'; readonly times?: number };

/** Collects the SMS the handlers send; can be told to fail the next ones. */
export class SmsOutbox implements SmsPort {
  readonly messages: SmsMessage[] = [];
  /** Sends still to refuse. */
  failures = 0;

  async send(message: SmsMessage): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw Object.assign(new Error('SMS provider unavailable (simulated)'), {
        name: 'InternalErrorException',
      });
    }
    this.messages.push(message);
  }

  /** The last 6-digit code texted (an OTP message first, else any message), or undefined. */
  lastCode(): string | undefined {
    const newestFirst = [...this.messages].reverse();
    const message = newestFirst.find((m) => m.purpose === 'otp') ?? newestFirst[0];
    return message === undefined ? undefined : /\b(\d{6})\b/.exec(message.text)?.[1];
  }
}

/** Metrics that record nothing (the simulator's output is the transcript, not EMF lines). */
class SilentMetrics extends Metrics {
  override addMetric(): this {
    return this;
  }
  override addDimension(): this {
    return this;
  }
  override addDimensions(): this {
    return this;
  }
  override publishStoredMetrics(): this {
    return this;
  }
  override singleMetric(): Metrics {
    return this;
  }
}

/** A seeded pseudo-random source (mulberry32), so transcripts (OTP codes) are reproducible. */
export function seededRandom(seed: string): RandomSource {
  let state = 0;
  for (const ch of seed) state = (Math.imul(state ^ ch.charCodeAt(0), 2654435761) + 0x6d2b79f5) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min)),
    token: (bytes) =>
      Buffer.from(Array.from({ length: bytes }, () => Math.floor(next() * 256))).toString('base64url'),
  };
}

/** Options of {@link createHandlerInvoker}. */
export interface HandlerInvokerOptions {
  readonly world: SimulatorWorld;
  readonly flows: FlowSet;
  readonly clock: SimClock;
  readonly outbox: SmsOutbox;
  readonly random: RandomSource;
  readonly faults?: readonly Fault[];
}

const applies = (
  fault: { readonly functions?: readonly IntegrationName[] },
  name: IntegrationName,
): boolean => fault.functions === undefined || fault.functions.includes(name);

/**
 * A {@link FunctionInvoker} that runs the real handlers against the world, with the faults applied.
 * Handlers are built once per call (their deps carry the call's clock and outbox).
 */
export function createHandlerInvoker(options: HandlerInvokerOptions): FunctionInvoker {
  const { world, flows, clock, outbox, random } = options;
  const faults = options.faults ?? [];
  const logger = new Logger({ serviceName: 'simulator', logLevel: 'SILENT' });
  const metrics = new SilentMetrics({ namespace: 'Simulator', serviceName: 'simulator' });
  const handlers = new Map<IntegrationName, ConnectIntegrationHandler>();
  const remaining = new Map<Fault, number>(
    faults.map((f) => [f, 'times' in f && f.times !== undefined ? f.times : Infinity]),
  );
  const smsFault = faults.find((f) => f.kind === 'sms-fails');
  if (smsFault !== undefined) outbox.failures = smsFault.times ?? Number.MAX_SAFE_INTEGER;

  const handlerFor = async (name: IntegrationName): Promise<ConnectIntegrationHandler | undefined> => {
    const known = handlers.get(name);
    if (known) return known;
    // A contract whose handler is not registered yet: the invocation fails, as a missing function would.
    const factory = HANDLER_FACTORIES[name] as HandlerFactory | undefined;
    if (factory === undefined) return undefined;
    const env = { ...stageEnvironment(name, flows.map), ...flows.functions.get(name)?.environment };
    const tables: Partial<Record<TableId, string>> = { ...world.tables };
    for (const fault of faults) {
      if (fault.kind === 'table-missing' && applies(fault, name))
        tables[fault.table] = `${world.tables[fault.table]}-missing`;
    }
    const ddbDown = faults.some((f) => f.kind === 'dynamodb-unavailable' && applies(f, name));
    const kmsDown = faults.some((f) => f.kind === 'kms-unavailable' && applies(f, name));
    const deps: Partial<IntegrationDeps> = {
      // Settings parsed from the environment as the deployed function parses them (OUTBOUND_POLICY,
      // CALLBACK_COUNTRY, ROUTING_QUEUE_IDS, HOLIDAY_MESSAGES...); the simulator's own values below
      // take precedence.
      ...configFromEnv(env),
      doc: ddbDown ? await world.unavailableDynamoDb() : world.doc,
      kms: kmsDown ? await world.unavailableKms() : world.kms,
      tables,
      macKeyId: world.macKeyId,
      clock,
      random,
      sms: outbox,
      logger,
      metrics,
      selfServiceBaseUrl: env.SELF_SERVICE_BASE_URL ?? 'https://help.example.com/self-service',
      resetBaseUrl: env.RESET_BASE_URL ?? 'https://account.example.com/reset',
      ...(env.SMS_SENDER_ID ? { smsSenderId: env.SMS_SENDER_ID } : {}),
    };
    const handler = factory(deps);
    handlers.set(name, handler);
    return handler;
  };

  const take = (fault: Fault): boolean => {
    const left = remaining.get(fault) ?? 0;
    if (left <= 0) return false;
    remaining.set(fault, left - 1);
    return true;
  };

  return async (request): Promise<InvokeResult> => {
    const { name, event } = request;
    const sentBefore = outbox.messages.length;
    const sms = (): { sms?: { to: string; text: string; purpose: string }[] } => {
      const sent = outbox.messages
        .slice(sentBefore)
        .map((m) => ({ to: m.to, text: m.text, purpose: m.purpose }));
      return sent.length > 0 ? { sms: sent } : {};
    };
    const failure = faults.find((f) => f.kind === 'lambda-error' && f.function === name && take(f));
    if (failure !== undefined) {
      return { kind: 'failure', reason: 'the invocation failed (simulated Lambda error)', durationMs: 20 };
    }
    const slow = faults.find((f) => f.kind === 'slow' && f.function === name && take(f));
    const delayMs = slow?.kind === 'slow' ? slow.delayMs : 0;
    const handler = await handlerFor(name);
    if (handler === undefined) {
      return { kind: 'failure', reason: `no handler for ${name} in lambda/registry.ts`, durationMs: 20 };
    }
    const timeoutMs = (flows.functions.get(name)?.timeoutSeconds ?? request.timeLimitMs / 1000) * 1000;
    const started = performance.now();
    try {
      const response = await handler(event, {
        getRemainingTimeInMillis: () => timeoutMs - delayMs - (performance.now() - started),
      });
      return { kind: 'response', response, durationMs: performance.now() - started + delayMs, ...sms() };
    } catch (error) {
      return {
        kind: 'failure',
        reason: `the handler threw ${error instanceof Error ? error.name : String(error)}`,
        durationMs: performance.now() - started + delayMs,
        ...sms(),
      };
    }
  };
}
