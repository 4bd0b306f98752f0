/**
 * Property-based tests of the handlers (fast-check, 10,000 generated events per handler), shared
 * by `properties-*.test.ts` (two files so Jest's two workers share the load).
 *
 * Split of the generated events, to keep the run short: ~50% arbitrary values (`fc.anything()` and
 * broken structures), ~49% Connect-shaped events with random, missing, wrong-typed, oversize or
 * secret-looking parameters and contact ids (most refused by validation before any I/O; those that
 * happen to be valid run for real), and ~1% well-formed events built for the handler. In a run,
 * 1-8% of a handler's events (more for those with few parameters) reach DynamoDB Local and the
 * loopback KMS server (real tokens and challenges for some); the rest return before any I/O.
 *
 * For every event: no exception escapes, the answer is a flat map of strings whose `status` is one
 * of `statusesOf(name)`, and the log and metric output of that invocation contains none of the
 * PINs, codes, tokens or phone numbers that were fed in.
 */
import fc from 'fast-check';
import { statusesOf, type IntegrationName } from '../../lib/integrations/contracts';
import { createHandler as balanceLookup } from '../../lambda/balance-lookup';
import { createHandler as identifyCaller } from '../../lambda/identify-caller';
import { createHandler as orderStatus } from '../../lambda/order-status';
import { createHandler as otpStart } from '../../lambda/otp-start';
import { createHandler as otpVerify } from '../../lambda/otp-verify';
import { createHandler as passwordReset } from '../../lambda/password-reset';
import { createHandler as pinVerify } from '../../lambda/pin-verify';
import { createHandler as routingContext } from '../../lambda/routing-context';
import { createHandler as smsLink } from '../../lambda/sms-link';
import type { IntegrationDeps } from '../../lambda/shared/deps';
import type { ConnectIntegrationHandler } from '../../lambda/shared/integration';
import { DEMO_ACCOUNTS, DEMO_CUSTOMERS, DEMO_ORDER_TEMPLATES } from '../../tools/demo-data';
import { connectEvent, newContactId, OutputCapture, startHandlerEnv, type HandlerEnv } from './harness';

/** Generated events per handler. */
const RUNS_PER_HANDLER = 10_000;

let env: HandlerEnv;
const output = new OutputCapture();

/** Contacts with a real OTP challenge and real tokens, so valid events reach KMS too. */
interface PooledContact {
  readonly contactId: string;
  readonly customerId: string;
  readonly otpToken: string;
  readonly pinToken: string;
  readonly accountNumber: string;
}
const pool: PooledContact[] = [];

/** One generated invocation: the event, and the secrets in it that must never be logged. */
interface Generated {
  readonly event: unknown;
  readonly secrets: readonly string[];
  /** Values that may legitimately appear in logs (contact ids), removed before searching. */
  readonly loggable: readonly string[];
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
const phone = fc.oneof(
  fc.constantFrom(...DEMO_CUSTOMERS.map((customer) => customer.phoneE164)),
  digits(5, 5).map((tail) => `+4477009${tail}`),
  digits(9, 9).map((tail) => `+336${tail.slice(1)}`),
  digits(7, 14).map((tail) => `00${tail}`),
  digits(10, 12).map((d) => `+44 ${d.slice(0, 4)} ${d.slice(4)}`),
);
const secretPin = digits(4, 8);
const secretCode = digits(6, 6);
const tokenLike = fc.stringMatching(/^[A-Za-z0-9_-]{8,80}\.[A-Za-z0-9_-]{8,60}$/);
const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  // Oversize values: cheap to build, still refused by the length bounds.
  fc
    .tuple(fc.integer({ min: 1000, max: 1100 }), fc.string({ maxLength: 8 }))
    .map(([n, tail]) => 'x'.repeat(n) + tail),
  fc.constant(''),
);
const language = fc.option(fc.constantFrom('en', 'fr', 'fr-FR', 'de', 'EN', 'xx-YY', 'english'), {
  nil: undefined,
});

function contactIdArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.constantFrom(...pool.map((p) => p.contactId)), weight: 1 },
    { arbitrary: fc.string({ maxLength: 140 }), weight: 3 },
    { arbitrary: fc.constantFrom('not a contact id', '', 'x'.repeat(129), 'c#1'), weight: 3 },
  );
}

/** Arbitrary JSON-ish junk: not a Connect event at all, or broken in its structure. */
const junkEvent: fc.Arbitrary<Generated> = fc
  .oneof(
    fc.anything({ maxDepth: 2, maxKeys: 5 }),
    fc.record({
      Name: fc.constantFrom('ContactFlowEvent', 'Other'),
      Details: fc.anything({ maxDepth: 2, maxKeys: 5 }),
    }),
    fc.constantFrom(null, undefined, 0, '', [], {}, 'ContactFlowEvent'),
  )
  .map((event) => ({ event, secrets: [], loggable: [] }));

/** A Connect-shaped event with arbitrary parameters of the given names plus secrets. */
function shapedEvent(names: readonly string[]): fc.Arbitrary<Generated> {
  const value = fc.oneof(junkString, secretPin, secretCode, tokenLike, phone, fc.integer().map(String));
  return fc
    .record({
      contactId: contactIdArb(),
      caller: fc.option(fc.oneof({ arbitrary: phone, weight: 1 }, { arbitrary: junkString, weight: 2 }), {
        nil: null,
      }),
      parameters: fc.dictionary(
        fc.oneof(fc.constantFrom(...names, 'extra'), fc.string({ maxLength: 70 })),
        value,
        {
          maxKeys: 40,
        },
      ),
      odd: fc.option(fc.constantFrom('numberParam', 'nullParameters', 'badEndpoint'), { nil: undefined }),
    })
    .map(({ contactId, caller, parameters, odd }) => {
      const secrets = [...Object.values(parameters), ...(caller ? [caller] : [])].filter(looksSecret);
      const event = connectEvent({ contactId, caller, parameters: { ...parameters } }) as {
        Details: Record<string, unknown>;
      };
      if (odd === 'numberParam') (event.Details.Parameters as Record<string, unknown>).x = 42;
      if (odd === 'nullParameters') event.Details.Parameters = null;
      if (odd === 'badEndpoint')
        (event.Details.ContactData as Record<string, unknown>).CustomerEndpoint = { Address: 12 };
      return { event, secrets, loggable: [contactId] };
    });
}

/** A well-formed event for a handler (reaches DynamoDB Local / KMS). */
function validEvent(name: IntegrationName): fc.Arbitrary<Generated> {
  const pooled = fc.constantFrom(...pool);
  const fresh = fc.record({ contactId: fc.uuid(), caller: phone });
  const build = (
    contactId: string,
    caller: string,
    parameters: Record<string, string | undefined>,
    secrets: string[],
  ) => {
    const clean = Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)) as Record<
      string,
      string
    >;
    return {
      event: connectEvent({ contactId, caller, parameters: clean }),
      secrets: [...secrets, caller],
      loggable: [contactId],
    };
  };
  const customerId = fc.oneof(
    fc.constantFrom(...DEMO_CUSTOMERS.map((c) => c.customerId)),
    fc.stringMatching(/^[A-Z0-9]{4,12}$/),
  );
  const accountNumber = fc.oneof(fc.constantFrom(...DEMO_ACCOUNTS.map((a) => a.accountNumber)), digits(8, 8));
  const orderId = fc.oneof(fc.constantFrom(...DEMO_ORDER_TEMPLATES.map((o) => o.orderId)), digits(8, 8));
  const token = (p: PooledContact) => fc.oneof(fc.constant(p.otpToken), fc.constant(p.pinToken), tokenLike);
  switch (name) {
    case 'identify-caller':
      return fresh.map(({ contactId, caller }) => build(contactId, caller, {}, []));
    case 'otp-start':
      return fc
        .tuple(fresh, customerId)
        .map(([f, id]) => build(f.contactId, f.caller, { customerId: id }, []));
    case 'otp-verify':
      return fc
        .tuple(pooled, phone, secretCode)
        .map(([p, caller, code]) => build(p.contactId, caller, { customerId: p.customerId, code }, [code]));
    case 'pin-verify':
      return fc
        .tuple(fresh, accountNumber, secretPin)
        .map(([f, account, pin]) => build(f.contactId, f.caller, { accountNumber: account, pin }, [pin]));
    case 'balance-lookup':
      return fc
        .tuple(pooled, phone, fc.option(accountNumber, { nil: undefined }), language)
        .chain(([p, caller, account, lang]) =>
          token(p).map((t) =>
            build(p.contactId, caller, { authToken: t, accountNumber: account, language: lang }, [t]),
          ),
        );
    case 'order-status':
      return fc
        .tuple(pooled, phone, orderId, language)
        .chain(([p, caller, id, lang]) =>
          token(p).map((t) => build(p.contactId, caller, { authToken: t, orderId: id, language: lang }, [t])),
        );
    case 'password-reset':
      return fc
        .tuple(pooled, phone, language)
        .chain(([p, caller, lang]) =>
          token(p).map((t) => build(p.contactId, caller, { authToken: t, language: lang }, [t])),
        );
    case 'routing-context':
      return fc
        .tuple(fresh, language)
        .map(([f, lang]) => build(f.contactId, f.caller, { language: lang }, []));
    case 'sms-link':
      return fc
        .tuple(fresh, fc.constantFrom('billing', 'order-status', 'password-reset'), language)
        .map(([f, intent, lang]) => build(f.contactId, f.caller, { intent, language: lang }, []));
    case 'callback-number':
      return fc
        .tuple(fresh, fc.constantFrom('caller', 'entered'), fc.option(digits(5, 13), { nil: undefined }))
        .map(([f, source, number]) =>
          build(f.contactId, f.caller, { source, number }, number === undefined ? [] : [number]),
        );
  }
}

/** PINs, codes, tokens and phone numbers: the values that must never reach a log line. */
function looksSecret(value: string): boolean {
  return (
    /^\d{4,8}$/.test(value) ||
    /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/.test(value) ||
    (/^(\+|00)?[\d\s()-]+$/.test(value) && value.replace(/\D/g, '').length >= 7)
  );
}

/** Removes values that are allowed in logs, so only a real leak can match a secret. */
function withoutLoggable(text: string, loggable: readonly string[]): string {
  let cleaned = text
    .replace(/"timestamp":"[^"]*"/g, '')
    .replace(/"Timestamp":\d+/g, '')
    .replace(/"(latencyMs|budgetMs)":\d+/g, '')
    .replace(/"Latency":\[?[\d.]+\]?/g, '');
  for (const value of loggable) {
    if (value.length > 0) cleaned = cleaned.split(JSON.stringify(value).slice(1, -1)).join('');
  }
  return cleaned;
}

/** The forms of a secret that must not appear: itself (if long enough to be unambiguous) or as a JSON string. */
function leakedForms(secret: string): string[] {
  const forms: string[] = [];
  const json = JSON.stringify(secret);
  if (secret.length > 0) forms.push(json);
  if (secret.length >= 6) forms.push(json.slice(1, -1));
  const phoneDigits = secret.replace(/\D/g, '');
  if (phoneDigits.length >= 7 && /^[+\d\s()-]+$/.test(secret)) forms.push(phoneDigits);
  return forms;
}

const HANDLERS: ReadonlyArray<{
  name: IntegrationName;
  create: (deps: Partial<IntegrationDeps>) => ConnectIntegrationHandler;
  params: readonly string[];
}> = [
  { name: 'identify-caller', create: identifyCaller, params: [] },
  { name: 'otp-start', create: otpStart, params: ['customerId'] },
  { name: 'otp-verify', create: otpVerify, params: ['customerId', 'code'] },
  { name: 'pin-verify', create: pinVerify, params: ['accountNumber', 'pin'] },
  { name: 'balance-lookup', create: balanceLookup, params: ['authToken', 'accountNumber', 'language'] },
  { name: 'order-status', create: orderStatus, params: ['authToken', 'orderId', 'language'] },
  { name: 'password-reset', create: passwordReset, params: ['authToken', 'language'] },
  { name: 'routing-context', create: routingContext, params: ['language'] },
  { name: 'sms-link', create: smsLink, params: ['intent', 'language'] },
];

/** Registers the property tests of the named handlers in the calling test file. */
export function describeHandlerProperties(names: readonly IntegrationName[]): void {
  beforeAll(async () => {
    env = await startHandlerEnv('props');
    for (const account of DEMO_ACCOUNTS.slice(0, 4)) {
      const contactId = newContactId();
      await otpStart(env.deps())(connectEvent({ contactId, parameters: { customerId: account.customerId } }));
      pool.push({
        contactId,
        customerId: account.customerId,
        accountNumber: account.accountNumber,
        otpToken: await env.token({ contactId, customerId: account.customerId, level: 'OTP' }),
        pinToken: await env.token({
          contactId,
          customerId: account.customerId,
          level: 'PIN',
          accountNumber: account.accountNumber,
        }),
      });
    }
    output.install();
  }, 30_000);

  afterAll(async () => {
    output.uninstall();
    await env.close();
  });

  describe(`handlers, for any input (${names.join(', ')})`, () => {
    it.each(HANDLERS.filter((h) => names.includes(h.name)).map((h) => [h.name, h] as const))(
      '%s never throws, answers a flat string map with a contract status and logs no secret',
      async (name, spec) => {
        const handler = spec.create(env.deps());
        const allowed = statusesOf(name);
        const seen = new Map<string, number>();
        const arbitrary = fc.oneof(
          { arbitrary: junkEvent, weight: 50 },
          { arbitrary: shapedEvent(spec.params), weight: 49 },
          { arbitrary: validEvent(name), weight: 1 },
        );
        await fc.assert(
          fc.asyncProperty(arbitrary, async ({ event, secrets, loggable }) => {
            output.take();
            const response: unknown = await handler(event);
            const logs = withoutLoggable(output.take(), loggable);

            // Plain checks: `expect` costs more than the handler on this hot path.
            if (
              typeof response !== 'object' ||
              response === null ||
              Object.getPrototypeOf(response) !== Object.prototype
            ) {
              throw new Error(`${name} answered a non-object: ${String(response)}`);
            }
            const entries = Object.entries(response);
            if (!entries.every(([, v]) => typeof v === 'string'))
              throw new Error(`${name} answered a non-string value`);
            const status = (response as Record<string, string>).status ?? '';
            if (!allowed.includes(status)) throw new Error(`${name} answered status ${status}`);
            seen.set(status, (seen.get(status) ?? 0) + 1);

            for (const secret of secrets) {
              for (const form of leakedForms(secret)) {
                if (logs.includes(form)) throw new Error(`${name} logged a secret (${form.length} chars)`);
              }
            }
          }),
          { numRuns: RUNS_PER_HANDLER },
        );
        // The valid share really reached the dependencies (some business status besides the early ones).
        const business = [...seen.keys()].filter((s) => s !== 'INVALID_INPUT');
        expect(business.length).toBeGreaterThan(0);
        expect(seen.get('UNAVAILABLE') ?? 0).toBe(0);
      },
      120_000,
    );
  });
}
