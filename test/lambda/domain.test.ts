/** Pure domain and shared-module tests: no I/O at all (an in-memory HMAC stands in for KMS). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import fc from 'fast-check';
import { SECURITY } from '../../lib/integrations/contracts';
import { issueAuthToken, verifyAuthToken } from '../../lambda/domain/auth-token';
import { newOtpCode } from '../../lambda/domain/otp';
import { maskPhone, normaliseE164, phoneHint } from '../../lambda/domain/phone';
import type { MacPort, RoutingStateItem } from '../../lambda/domain/ports';
import {
  callbackBudget,
  callerOtpLimits,
  customerOtpLimits,
  smsBudget,
} from '../../lambda/domain/rate-limits';
import { DerivedKeyPseudonyms } from '../../lambda/shared/pseudonyms';
import { degradedRoutingContext, effectiveMode, routingContext, untilMs } from '../../lambda/domain/routing';
import { balanceSpeech, dateSpeech, orderStatusSpeech, speechLanguage } from '../../lambda/domain/speech';
import { parseConnectEvent } from '../../lambda/shared/connect-event';
import { DeadlineExceededError, withDeadline } from '../../lambda/shared/deadline';
import { REDACTED, redactingReplacer, scrubText } from '../../lambda/shared/redaction';
import { toResponse } from '../../lambda/shared/response';

/** HMAC-SHA-256 in memory, with KMS's semantics (verify compares in constant time). */
class MemoryMac implements MacPort {
  calls = 0;
  constructor(private readonly key = 'test-key') {}
  async generate(message: string): Promise<Uint8Array> {
    this.calls += 1;
    return createHmac('sha256', this.key).update(message, 'utf8').digest();
  }
  async verify(message: string, mac: Uint8Array): Promise<boolean> {
    const expected = await this.generate(message);
    return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), expected);
  }
}

describe('phone numbers', () => {
  it.each([
    ['+447700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['0044 7700 900 123', '+447700900123'],
    ['+33 6 39 98 01 23', '+33639980123'],
    ['+1 (212) 555-0100', '+12125550100'],
    ['07700900123', undefined],
    ['anonymous', undefined],
    ['+0447700900123', undefined],
    ['+4477009001234567890', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseE164(raw)).toBe(expected);
  });

  it('normalisation yields E.164 or nothing, and is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^(\+|00)?[\d ()-]{0,20}$/)), (raw) => {
        const normalised = normaliseE164(raw);
        if (normalised !== undefined) {
          expect(normalised).toMatch(/^\+[1-9]\d{6,14}$/);
          expect(normaliseE164(normalised)).toBe(normalised);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('masks all but the last two digits', () => {
    expect(maskPhone('+447700900123')).toBe('***********23');
    expect(phoneHint('+447700900123')).toBe('23');
  });
});

describe('speech', () => {
  it.each([
    [123_456, 'GBP', 'en', '1,234 pounds and 56 pence'],
    [123_456, 'EUR', 'fr', '1 234 euros et 56 centimes'],
    [100, 'GBP', 'en', '1 pound'],
    [101, 'GBP', 'en', '1 pound and 1 penny'],
    [5, 'GBP', 'en', '5 pence'],
    [0, 'GBP', 'en', '0 pounds'],
    [0, 'EUR', 'fr', '0 euro'],
    [150, 'EUR', 'fr', '1 euro et 50 centimes'],
    [123_456_789, 'USD', 'en', '1,234,567 dollars and 89 cents'],
    [-4_512, 'GBP', 'en', 'overdrawn by 45 pounds and 12 pence'],
    [-4_512, 'EUR', 'fr', 'à découvert de 45 euros et 12 centimes'],
    [12_345, 'JPY', 'en', '123.45 JPY'],
  ] as const)('speaks %d %s in %s as %j', (minor, currency, language, expected) => {
    expect(balanceSpeech(minor, currency, language)).toBe(expected);
  });

  it.each([
    ['2024-12-03', 'en', 'Tuesday 3 December'],
    ['2024-12-03', 'fr', 'mardi 3 décembre'],
    ['2026-11-01', 'fr', 'dimanche 1er novembre'],
    ['2026-11-27T10:00:00Z', 'en', 'Friday 27 November'],
  ] as const)('speaks the date %s in %s as %j', (iso, language, expected) => {
    expect(dateSpeech(iso, language)).toBe(expected);
  });

  it('refuses impossible dates', () => {
    expect(dateSpeech('2026-02-30', 'en')).toBeUndefined();
    expect(dateSpeech('yesterday', 'en')).toBeUndefined();
  });

  it('speaks order statuses and falls back for unknown ones', () => {
    expect(orderStatusSpeech('SHIPPED', 'en')).toBe('Your order has been shipped.');
    expect(orderStatusSpeech('DELAYED', 'fr')).toBe('Votre commande est retardée.');
    expect(orderStatusSpeech('WEIRD', 'en')).toBe('Your order is being processed.');
  });

  it('maps language tags to supported languages', () => {
    expect(speechLanguage('fr-FR')).toBe('fr');
    expect(speechLanguage('FR')).toBe('fr');
    expect(speechLanguage('de')).toBe('de');
    expect(speechLanguage('es-MX')).toBe('es');
    expect(speechLanguage('it')).toBe('en');
    expect(speechLanguage(undefined)).toBe('en');
  });
});

describe('auth token', () => {
  const now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const claims = { contactId: 'contact-1', customerId: 'CUST0001', level: 'OTP' as const };
  const requirement = { contactIds: ['contact-1'], levels: ['OTP', 'PIN'] as const, now };

  it('round-trips and expires after the configured lifetime', async () => {
    const mac = new MemoryMac();
    const token = await issueAuthToken(mac, claims, now);
    expect(await verifyAuthToken(mac, token, requirement)).toEqual({
      ...claims,
      expiresAt: now / 1000 + SECURITY.authTokenLifetimeSeconds,
    });
    const later = { ...requirement, now: now + SECURITY.authTokenLifetimeSeconds * 1000 };
    expect(await verifyAuthToken(mac, token, later)).toBeUndefined();
  });

  it('is refused for another contact, a level not accepted, or another key', async () => {
    const mac = new MemoryMac();
    const token = await issueAuthToken(mac, claims, now);
    expect(await verifyAuthToken(mac, token, { ...requirement, contactIds: ['contact-2'] })).toBeUndefined();
    expect(await verifyAuthToken(mac, token, { ...requirement, levels: ['PIN'] })).toBeUndefined();
    expect(await verifyAuthToken(new MemoryMac('other'), token, requirement)).toBeUndefined();
  });

  it('binds PIN tokens to an account', async () => {
    const mac = new MemoryMac();
    const pin = await issueAuthToken(mac, { ...claims, level: 'PIN', accountNumber: '41020001' }, now);
    expect(await verifyAuthToken(mac, pin, requirement)).toMatchObject({
      level: 'PIN',
      accountNumber: '41020001',
    });
    // A PIN token without an account is malformed even with a valid MAC.
    const noAccount = await issueAuthToken(mac, { ...claims, level: 'PIN' }, now);
    expect(await verifyAuthToken(mac, noAccount, requirement)).toBeUndefined();
  });

  it('rejects garbage without calling KMS, and never throws', async () => {
    const mac = new MemoryMac();
    const token = await issueAuthToken(mac, claims, now);
    mac.calls = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.stringMatching(/^[A-Za-z0-9_-]{1,60}\.[A-Za-z0-9_-]{1,60}$/),
          fc.constantFrom(token.split('.')[0]!).map((payload) => `${payload}.AAAA`),
        ),
        async (garbage) => {
          expect(await verifyAuthToken(mac, garbage, requirement)).toBeUndefined();
        },
      ),
      { numRuns: 1000 },
    );
    expect(mac.calls).toBe(0);
  });

  it('rejects any single-character change to a valid token', async () => {
    const mac = new MemoryMac();
    const token = await issueAuthToken(mac, claims, now);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat(token.length - 1), fc.constantFrom(...alphabet), async (index, replacement) => {
        fc.pre(token[index] !== replacement);
        const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
        const result = await verifyAuthToken(mac, tampered, requirement);
        // base64url's last character may carry unused bits, so a few edits decode to the same bytes.
        if (result)
          expect(Buffer.from(tampered.split('.')[1] ?? '', 'base64url')).toEqual(
            Buffer.from(token.split('.')[1]!, 'base64url'),
          );
      }),
      { numRuns: 500 },
    );
  });
});

describe('OTP codes and rate keys', () => {
  it('zero-pads codes to 6 digits', () => {
    expect(newOtpCode({ int: () => 42, token: () => '' })).toBe('000042');
    expect(newOtpCode({ int: () => 999_999, token: () => '' })).toBe('999999');
  });

  it('keys the caller limits on a keyed pseudonym of the number, one sliding item per window length', async () => {
    const mac = new MemoryMac('key-a');
    const limits = await callerOtpLimits(new DerivedKeyPseudonyms(mac), '+447700900123');
    expect(limits.map((l) => [l.mode, l.windowSeconds, l.max])).toEqual(
      SECURITY.otpSendsPerCaller.map((l) => ['sliding', l.windowSeconds, l.max]),
    );
    for (const limit of limits) {
      expect(limit.key).toMatch(/^rate#otp#caller#[A-Za-z0-9_-]{32}#\d+$/);
      expect(limit.key).not.toContain('447700900123');
    }
    // Another HMAC key gives unrelated pseudonyms: a table dump cannot be reversed without the key.
    const other = await callerOtpLimits(new DerivedKeyPseudonyms(new MemoryMac('key-b')), '+447700900123');
    expect(other[0]!.key).not.toBe(limits[0]!.key);
    // The derived key is fetched once, then pseudonyms are computed locally.
    await callerOtpLimits(new DerivedKeyPseudonyms(mac), '+447700900124');
    expect(mac.calls).toBe(1);
    expect(customerOtpLimits('CUST0001').map((l) => l.key)).toEqual(
      SECURITY.otpSendsPerCustomer.map((l) => `rate#otp#customer#CUST0001#${l.windowSeconds}`),
    );
  });

  it('counts global budgets in fixed hourly and daily windows', () => {
    expect(smsBudget(10, 50)).toEqual([
      { key: 'rate#sms#global#h', max: 10, windowSeconds: 3600, mode: 'fixed' },
      { key: 'rate#sms#global#d', max: 50, windowSeconds: 86_400, mode: 'fixed' },
    ]);
    expect(callbackBudget(1, 2).every((l) => l.key.startsWith('rate#callback#global#'))).toBe(true);
  });
});

describe('routing', () => {
  const now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const iso = (offsetMs: number) => new Date(now + offsetMs).toISOString();

  it('lets an active override win over the alarm mode, and ignores lapsed or invalid ones', () => {
    const base: RoutingStateItem = { queue: 'q', mode: 'CALLBACK' };
    expect(effectiveMode(base, now)).toBe('CALLBACK');
    expect(effectiveMode({ ...base, override: { mode: 'OVERFLOW' } }, now)).toBe('OVERFLOW');
    expect(effectiveMode({ ...base, override: { mode: 'OVERFLOW', until: iso(1) } }, now)).toBe('OVERFLOW');
    expect(effectiveMode({ ...base, override: { mode: 'OVERFLOW', until: iso(0) } }, now)).toBe('CALLBACK');
    expect(effectiveMode({ ...base, override: { mode: 'PANIC' } }, now)).toBe('CALLBACK');
    expect(effectiveMode({ queue: 'q', mode: 'PANIC' }, now)).toBe('NORMAL');
    expect(effectiveMode({ ...base, override: { mode: 'DEFLECT', until: 'soon' } }, now)).toBe('CALLBACK');
  });

  it('reads until as ISO text, epoch seconds or epoch milliseconds', () => {
    expect(untilMs(iso(5000))).toBe(now + 5000);
    expect(untilMs(now / 1000)).toBe(now);
    expect(untilMs(now)).toBe(now);
  });

  it('picks the announcement in the caller’s language, English as fallback', () => {
    const items: RoutingStateItem[] = [
      { queue: '#announcement', text: { en: 'Closed today.' }, until: iso(60_000) },
      { queue: 'general', mode: 'NORMAL' },
      { queue: 'bad queue id', mode: 'NORMAL' },
    ];
    expect(routingContext(items, 'fr', now)).toEqual({
      status: 'OK',
      announcement: 'Closed today.',
      hasAnnouncement: 'true',
      mode_general: 'NORMAL',
    });
  });

  it('degrades to NORMAL for known queues', () => {
    expect(degradedRoutingContext(['a', 'b c'])).toEqual({
      status: 'OK',
      hasAnnouncement: 'false',
      degraded: 'true',
      mode_a: 'NORMAL',
    });
  });
});

describe('redaction', () => {
  const stringify = (value: unknown) => JSON.stringify(value, redactingReplacer);

  it('redacts secret keys, masks phone keys and phone-like runs, keeps ids', () => {
    const text = stringify({
      pin: '4827',
      code: '123456',
      authToken: 'abc.def',
      balanceSpeech: '1 pound',
      nested: { phoneE164: '+447700900123', note: 'call +44 7700 900123 back' },
      contactId: '12345678-1234-1234-1234-123456789012',
      latencyMs: 12,
    });
    expect(JSON.parse(text)).toEqual({
      pin: REDACTED,
      code: REDACTED,
      authToken: REDACTED,
      balanceSpeech: REDACTED,
      nested: { phoneE164: '***********23', note: 'call ***********23 back' },
      contactId: '12345678-1234-1234-1234-123456789012',
      latencyMs: 12,
    });
  });

  it('never lets a phone number through free text', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[1-9]\d{6,13}$/), fc.string(), (before, digits, after) => {
        expect(scrubText(`${before}+${digits}${after}`)).not.toContain(digits);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Connect event parsing', () => {
  const event = (parameters: unknown, contactData: Record<string, unknown> = {}) => ({
    Name: 'ContactFlowEvent',
    Details: {
      ContactData: {
        ContactId: 'c-1',
        CustomerEndpoint: { Address: '+447700900123', Type: 'TELEPHONE_NUMBER' },
        ...contactData,
      },
      Parameters: parameters,
    },
  });

  it('extracts the contact and drops empty parameters', () => {
    const parsed = parseConnectEvent(event({ a: 'x', b: '' }, { InitialContactId: 'c-0', Channel: 'VOICE' }));
    expect(parsed).toEqual({
      ok: true,
      value: {
        contact: {
          contactId: 'c-1',
          initialContactId: 'c-0',
          callerNumber: '+447700900123',
          channel: 'VOICE',
        },
        parameters: { a: 'x' },
      },
    });
  });

  it('refuses non-string parameters, oversize values and too many parameters', () => {
    expect(parseConnectEvent(event({ a: 1 })).ok).toBe(false);
    expect(parseConnectEvent(event({ a: 'x'.repeat(1025) })).ok).toBe(false);
    expect(
      parseConnectEvent(event(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, 'x'])))).ok,
    ).toBe(false);
  });

  it('describes problems without values', () => {
    const parsed = parseConnectEvent(event({ pin: 12345678 }));
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).not.toContain('12345678');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        parseConnectEvent(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('deadline guard and responses', () => {
  it('returns the work’s result within the budget', async () => {
    await expect(withDeadline(1000, async () => 'done')).resolves.toBe('done');
  });

  it('rejects at the deadline and aborts the signal, even if the work ignores it', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    await expect(
      withDeadline(50, (signal) => {
        seen = signal;
        return new Promise(() => undefined);
      }),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen?.aborted).toBe(true);
  });

  it('flattens outcomes to string maps without undefined values', () => {
    expect(toResponse({ status: 'OK', a: 'x', b: undefined })).toEqual({ status: 'OK', a: 'x' });
  });
});
