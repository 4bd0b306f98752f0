/**
 * The decision function over the context space: properties (fast-check) on random referentials and
 * random moments, plus worked examples for the cases a customer would notice. Pure: no I/O.
 */
import fc from 'fast-check';
import { ROUTING_MODES } from '../../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP, isOpenAt, LANGUAGES, type JourneyMap } from '../../lib/journey';
import {
  buildOmnichannelModel,
  CHANNEL_SURFACES,
  CHANNELS,
  decideChannels,
  DEFAULT_REFERENTIAL,
  describeOption,
  DEVICES,
  HOURS_RULES,
  ivrDeflection,
  SURFACES,
  UNAVAILABLE_REASONS,
  UnknownIntentError,
  type Channel,
  type ChannelDecision,
  type ChannelOption,
  type DecisionContext,
  type EligibilityRules,
  type OmnichannelModel,
  type OmnichannelReferential,
  type QueueStatus,
  type SolutionSpec,
} from '../../lib/omnichannel';

const BASE = 'https://help.example.com/self-service';
const MAP: JourneyMap = DEFAULT_JOURNEY_MAP;
const MODEL = buildOmnichannelModel(MAP, DEFAULT_REFERENTIAL, { selfServiceBaseUrl: BASE });
const QUEUE_IDS = MAP.queues.map((q) => q.id);
const SEGMENTS = ['premium', 'standard', 'business'] as const;

// ----- arbitraries -----------------------------------------------------------------------------

const queueStatus: fc.Arbitrary<QueueStatus> = fc.record(
  {
    mode: fc.constantFrom(...ROUTING_MODES),
    estimatedWaitSeconds: fc.integer({ min: 0, max: 7200 }),
    agentsAvailable: fc.integer({ min: 0, max: 20 }),
    agentsOnline: fc.integer({ min: 0, max: 50 }),
  },
  { requiredKeys: ['mode'] },
);

const context: fc.Arbitrary<DecisionContext> = fc.record(
  {
    now: fc.date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2027-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    open: fc.boolean(),
    queues: fc.dictionary(fc.constantFrom(...QUEUE_IDS), queueStatus, { maxKeys: QUEUE_IDS.length }),
    device: fc.constantFrom(...DEVICES),
    language: fc.constantFrom(...LANGUAGES),
    segment: fc.constantFrom(...SEGMENTS),
    surface: fc.constantFrom(...SURFACES),
  },
  { requiredKeys: ['now', 'open', 'queues', 'device', 'language', 'surface'] },
);

const rules = (channel: Channel): fc.Arbitrary<EligibilityRules> =>
  fc.record(
    {
      hours: fc.constantFrom(...HOURS_RULES),
      routingModes: fc.shuffledSubarray([...ROUTING_MODES], { minLength: 1 }),
      ...(channel === 'phone' || channel === 'chat'
        ? { maxWaitSeconds: fc.integer({ min: 0, max: 3600 }) }
        : {}),
      devices: fc.shuffledSubarray([...DEVICES], { minLength: 1 }),
      languages: fc.shuffledSubarray([...LANGUAGES], { minLength: 1 }),
      segments: fc.shuffledSubarray([...SEGMENTS], { minLength: 1 }),
    },
    { requiredKeys: [] },
  );

const solution = (channel: Channel): fc.Arbitrary<SolutionSpec> =>
  fc.record(
    {
      channel: fc.constant(channel),
      when: rules(channel),
      ...(channel === 'phone' || channel === 'chat' || channel === 'callback'
        ? { queueId: fc.constantFrom(...QUEUE_IDS) }
        : {}),
    },
    { requiredKeys: ['channel'] },
  );

/** Random referentials that are valid for the default journey map. */
const referential: fc.Arbitrary<OmnichannelReferential> = fc
  .tuple(
    ...MAP.intents.map((intent) => {
      const channels = CHANNELS.filter((c) => c !== 'sms-link' || intent.selfService);
      return fc
        .shuffledSubarray(channels, { minLength: 1 })
        .filter((list) => list.some((c) => CHANNEL_SURFACES[c].includes('web')))
        .chain((list) => fc.tuple(...list.map(solution)));
    }),
  )
  .map((perIntent) => ({
    phoneNumber: '+442079460123',
    chatUrl: 'https://www.example.com/chat',
    intents: Object.fromEntries(
      MAP.intents.map((intent, i) => [
        intent.id,
        { title: { en: intent.id, fr: intent.id }, solutions: perIntent[i] as SolutionSpec[] },
      ]),
    ),
  }));

const model: fc.Arbitrary<OmnichannelModel> = referential.map((ref) =>
  buildOmnichannelModel(MAP, ref, { selfServiceBaseUrl: BASE }),
);

const intentId = fc.constantFrom(...MAP.intents.map((i) => i.id));

const ranked = (d: ChannelDecision): ChannelOption[] =>
  d.recommended ? [d.recommended, ...d.alternatives] : [];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const RUNS = { numRuns: 300 };

// ----- properties ---------------------------------------------------------------------------------

describe('decideChannels over the context space', () => {
  it('returns every solution of the intent exactly once, offered or not', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, ctx);
        const expected = m.intents.find((i) => i.id === intent)!.solutions.map((s) => s.channel);
        const seen = [...ranked(d), ...d.unavailable].map((o) => o.channel);
        expect([...seen].sort()).toEqual([...expected].sort());
      }),
      RUNS,
    );
  });

  it('recommends the first offered option and only when one is offered', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, ctx);
        expect(d.status).toBe(d.recommended ? 'OK' : 'NONE_AVAILABLE');
        expect(ranked(d).every((o) => o.available)).toBe(true);
        expect(d.unavailable.every((o) => !o.available && !o.recommended)).toBe(true);
        expect(d.alternatives.every((o) => !o.recommended)).toBe(true);
        if (d.recommended) expect(d.recommended.recommended).toBe(true);
        for (const o of ranked(d)) expect(UNAVAILABLE_REASONS).not.toContain(o.reasonCode);
        for (const o of d.unavailable) expect(UNAVAILABLE_REASONS).toContain(o.reasonCode);
      }),
      RUNS,
    );
  });

  it('gives every option a label and a finished reason in the customer language', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, ctx);
        expect(d.language).toBe(ctx.language);
        for (const o of [...ranked(d), ...d.unavailable]) {
          expect(o.label.trim()).not.toBe('');
          expect(o.reason.trim()).not.toBe('');
          expect(o.reason).not.toMatch(/[{}]/);
          expect(o.reason[0]).toBe(o.reason[0].toUpperCase());
        }
        expect(d.headline).not.toMatch(/[{}]/);
      }),
      RUNS,
    );
  });

  it('never offers a channel outside its surface, hours, languages, devices, segments or routing modes', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, ctx);
        const specs = new Map(m.intents.find((i) => i.id === intent)!.solutions.map((s) => [s.channel, s]));
        for (const o of ranked(d)) {
          const s = specs.get(o.channel)!;
          expect(CHANNEL_SURFACES[o.channel]).toContain(ctx.surface);
          if (s.hours === 'open') expect(ctx.open).toBe(true);
          if (s.hours === 'closed') expect(ctx.open).toBe(false);
          if (s.languages) expect(s.languages).toContain(ctx.language);
          if (s.devices) expect(s.devices).toContain(ctx.device);
          if (s.segments) expect(s.segments).toContain(ctx.segment);
          if (s.routingModes && s.queueId)
            expect(s.routingModes).toContain(ctx.queues[s.queueId]?.mode ?? 'NORMAL');
        }
      }),
      RUNS,
    );
  });

  it('ranks an offered callback before phone and chat on its queue when that queue is in CALLBACK mode', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, ctx);
        const list = ranked(d);
        const callback = list.findIndex((o) => o.channel === 'callback');
        if (callback < 0) return;
        const queue = list[callback].queueId!;
        if ((ctx.queues[queue]?.mode ?? 'NORMAL') !== 'CALLBACK') return;
        list.forEach((o, i) => {
          if ((o.channel === 'phone' || o.channel === 'chat') && o.queueId === queue)
            expect(i).toBeGreaterThan(callback);
        });
      }),
      RUNS,
    );
  });

  it('never ranks phone higher because its queue wait grew', () => {
    fc.assert(
      fc.property(model, intentId, context, fc.integer({ min: 1, max: 3600 }), (m, intent, ctx, extra) => {
        const before = decideChannels(m, intent, ctx);
        const phone = ranked(before).find((o) => o.channel === 'phone');
        if (!phone?.queueId) return;
        const q = ctx.queues[phone.queueId] ?? { mode: 'NORMAL' as const };
        const longer: DecisionContext = {
          ...ctx,
          queues: {
            ...ctx.queues,
            [phone.queueId]: { ...q, estimatedWaitSeconds: (q.estimatedWaitSeconds ?? 0) + extra },
          },
        };
        const after = decideChannels(m, intent, longer);
        const position = (d: ChannelDecision): number => ranked(d).findIndex((o) => o.channel === 'phone');
        if (position(after) >= 0) expect(position(after)).toBeGreaterThanOrEqual(position(before));
      }),
      RUNS,
    );
  });

  it('is pure: same answer twice, inputs untouched (deep-frozen)', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const frozenModel = deepFreeze(structuredClone(m));
        const frozenContext = deepFreeze({ ...ctx, queues: structuredClone(ctx.queues) });
        expect(decideChannels(frozenModel, intent, frozenContext)).toEqual(decideChannels(m, intent, ctx));
      }),
      { numRuns: 100 },
    );
  });

  it('decides the same in every language (language rules aside); only the words change', () => {
    fc.assert(
      fc.property(model, intentId, context, (withLanguages, intent, ctx) => {
        const m: OmnichannelModel = {
          ...withLanguages,
          intents: withLanguages.intents.map((i) => ({
            ...i,
            solutions: i.solutions.map((s) => ({ ...s, languages: undefined })),
          })),
        };
        const shape = (d: ChannelDecision) => ({
          status: d.status,
          ranked: ranked(d).map((o) => [o.channel, o.reasonCode]),
          unavailable: d.unavailable.map((o) => [o.channel, o.reasonCode]),
        });
        const en = decideChannels(m, intent, { ...ctx, language: 'en' });
        const fr = decideChannels(m, intent, { ...ctx, language: 'fr' });
        expect(shape(fr)).toEqual(shape(en));
        expect(fr.headline).not.toBe(en.headline);
      }),
      RUNS,
    );
  });

  it('answers "no channel available" with what to do: when we open, or try again shortly', () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const d = decideChannels(m, intent, { ...ctx, language: 'en' });
        if (d.status !== 'NONE_AVAILABLE') return;
        if (!ctx.open && d.nextOpening) {
          expect(d.headline).toContain(d.nextOpening.time);
          expect(d.headline).toMatch(/^We're closed right now/);
        } else if (ctx.open) {
          expect(d.headline).toBe(
            'No contact option is available right now. Please try again in a few minutes.',
          );
        }
      }),
      RUNS,
    );
  });

  it("never proposes 'stay on the line' as the IVR's deflection", () => {
    fc.assert(
      fc.property(model, intentId, context, (m, intent, ctx) => {
        const choice = ivrDeflection(m, intent, ctx);
        if (choice) {
          expect(choice.channel).not.toBe('phone');
          expect(CHANNEL_SURFACES[choice.channel]).toContain('ivr');
        }
      }),
      RUNS,
    );
  });
});

// ----- worked examples ----------------------------------------------------------------------------

/** Wednesday 4 November 2026, 10:00 in London (open). */
const WEDNESDAY_10 = new Date('2026-11-04T10:00:00Z');
/** Saturday 7 November 2026, 20:00 in London (closed until Monday 08:00). */
const SATURDAY_20 = new Date('2026-11-07T20:00:00Z');

function web(overrides: Partial<DecisionContext> = {}): DecisionContext {
  return {
    now: WEDNESDAY_10,
    open: true,
    queues: {},
    device: 'desktop',
    language: 'en',
    surface: 'web',
    ...overrides,
  };
}

describe('decideChannels examples', () => {
  it('recommends phone for an adviser while the wait is short', () => {
    const d = decideChannels(
      MODEL,
      'adviser',
      web({ queues: { general: { mode: 'NORMAL', estimatedWaitSeconds: 90 } } }),
    );
    expect(d.recommended?.channel).toBe('phone');
    expect(d.recommended?.reason).toBe('About 2 minutes wait.');
    expect(d.headline).toBe('We suggest: Call us.');
  });

  it('offers a callback instead of a 12-minute wait, and says so', () => {
    const d = decideChannels(
      MODEL,
      'adviser',
      web({ queues: { general: { mode: 'NORMAL', estimatedWaitSeconds: 720 } } }),
    );
    expect(d.recommended?.channel).toBe('callback');
    const phone = d.alternatives.find((o) => o.channel === 'phone')!;
    expect(describeOption(phone)).toBe('phone: About 12 minutes wait; call back offered instead.');
    expect(d.alternatives.map((o) => o.channel)).toEqual(['phone', 'chat']);
  });

  it('follows the routing mode: CALLBACK puts the callback first, DEFLECT puts self-service first', () => {
    const callback = decideChannels(
      MODEL,
      'adviser',
      web({ queues: { general: { mode: 'CALLBACK', estimatedWaitSeconds: 30 } } }),
    );
    expect(callback.recommended?.channel).toBe('callback');
    expect(callback.recommended?.reasonCode).toBe('callback-keeps-place');
    const deflect = decideChannels(MODEL, 'orderStatus', web({ queues: { orders: { mode: 'DEFLECT' } } }));
    expect(deflect.recommended?.channel).toBe('self-service');
    expect(deflect.recommended?.reason).toBe('Quickest right now: our advisers are very busy.');
  });

  it('keeps self-service first for a self-service intent whatever the queue does', () => {
    for (const mode of ROUTING_MODES) {
      const d = decideChannels(
        MODEL,
        'balance',
        web({ queues: { billing: { mode, estimatedWaitSeconds: 3000 } } }),
      );
      expect(d.recommended?.channel).toBe('self-service');
      expect(d.recommended?.url).toBe(`${BASE}/balance`);
    }
  });

  it('when closed, books a callback for the next opening and says when phone reopens (French)', () => {
    expect(isOpenAt(MAP.hours, SATURDAY_20)).toBe(false);
    const d = decideChannels(MODEL, 'adviser', web({ now: SATURDAY_20, open: false, language: 'fr' }));
    expect(d.recommended?.channel).toBe('callback');
    expect(d.recommended?.reason).toBe('Nous vous rappelons dès notre ouverture, lundi à 08 h 00.');
    expect(d.unavailable.map(describeOption)).toEqual([
      'phone: Fermé en ce moment ; nous ouvrons lundi à 08 h 00.',
      'chat: Non disponible en français.',
    ]);
    expect(d.nextOpening).toEqual({ date: '2026-11-09', day: 'MONDAY', time: '08:00', daysAhead: 2 });
  });

  it('skips holidays when telling the next opening (Christmas 2026)', () => {
    const christmasEve = new Date('2026-12-24T21:00:00Z');
    const d = decideChannels(MODEL, 'adviser', web({ now: christmasEve, open: false }));
    // 25th Christmas, 26th Saturday is open 09:00.
    expect(d.nextOpening).toEqual({ date: '2026-12-26', day: 'SATURDAY', time: '09:00', daysAhead: 2 });
  });

  it('answers "no channel available" sensibly when only live channels exist and we are closed', () => {
    const ref: OmnichannelReferential = {
      ...DEFAULT_REFERENTIAL,
      intents: {
        ...DEFAULT_REFERENTIAL.intents,
        adviser: {
          title: { en: 'Adviser', fr: 'Conseiller' },
          solutions: [{ channel: 'phone' }, { channel: 'chat' }],
        },
      },
    };
    const m = buildOmnichannelModel(MAP, ref, { selfServiceBaseUrl: BASE });
    const d = decideChannels(m, 'adviser', web({ now: SATURDAY_20, open: false }));
    expect(d.status).toBe('NONE_AVAILABLE');
    expect(d.recommended).toBeUndefined();
    expect(d.headline).toBe(
      "We're closed right now and nothing can be done online for this. We open on Monday at 08:00.",
    );
    const busy = decideChannels(
      m,
      'adviser',
      web({ queues: { general: { mode: 'NORMAL', agentsOnline: 0, agentsAvailable: 0 } } }),
    );
    // Open with nobody logged in: phone stays possible (the queue takes the call) but is flagged.
    expect(busy.recommended?.channel).toBe('phone');
    expect(busy.recommended?.reason).toBe('No adviser is free at the moment.');
    expect(busy.unavailable.map((o) => o.reasonCode)).toEqual(['no-agents']);
  });

  it('on the IVR offers an SMS link to mobiles, never chat', () => {
    const d = decideChannels(
      MODEL,
      'orderStatus',
      web({ surface: 'ivr', device: 'mobile', queues: { orders: { mode: 'DEFLECT' } } }),
    );
    expect(ranked(d).map((o) => o.channel)).toEqual(['self-service', 'sms-link', 'callback', 'phone']);
    expect(d.unavailable.map((o) => [o.channel, o.reasonCode])).toEqual([['chat', 'surface']]);
    const landline = decideChannels(MODEL, 'orderStatus', web({ surface: 'ivr', device: 'landline' }));
    expect(landline.unavailable.map((o) => [o.channel, o.reasonCode])).toContainEqual(['sms-link', 'device']);
    expect(
      ivrDeflection(MODEL, 'orderStatus', {
        ...web({ device: 'mobile' }),
        queues: { orders: { mode: 'DEFLECT' } },
      })?.channel,
    ).toBe('self-service');
  });

  it('restricts by segment when the referential asks for one', () => {
    const ref: OmnichannelReferential = {
      ...DEFAULT_REFERENTIAL,
      intents: {
        ...DEFAULT_REFERENTIAL.intents,
        adviser: {
          title: { en: 'Adviser', fr: 'Conseiller' },
          solutions: [{ channel: 'callback', when: { segments: ['premium'] } }, { channel: 'phone' }],
        },
      },
    };
    const m = buildOmnichannelModel(MAP, ref, { selfServiceBaseUrl: BASE });
    expect(decideChannels(m, 'adviser', web({ segment: 'premium' })).recommended?.channel).toBe('callback');
    const anonymous = decideChannels(m, 'adviser', web());
    expect(anonymous.recommended?.channel).toBe('phone');
    expect(anonymous.unavailable.map((o) => o.reason)).toEqual(['Not offered for your account.']);
  });

  it('refuses an unknown intent', () => {
    expect(() => decideChannels(MODEL, 'lostCard', web())).toThrow(UnknownIntentError);
  });
});
