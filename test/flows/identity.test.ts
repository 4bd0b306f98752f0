/**
 * Identity in the compiled inbound flow: caller ID identifies, never authenticates. What the
 * caller-ID lookup finds stays in flow attributes; the adviser's contact attributes say how identity
 * was established and carry the customer id only once verified (from the verifying function); a PIN
 * for another customer replaces the identity or is refused; caller-ID personalisation is off unless
 * the map turns it on; every flow stays within Connect's action limit.
 */
import {
  compileJourney,
  INBOUND_FLOW_NAME,
  type CompiledFlow,
  type FlowResources,
} from '../../lib/flows/compile';
import { MAX_FLOW_ACTIONS, targetsOf, type FlowAction, type FlowDocument } from '../../lib/flows/model';
import { walkPaths } from '../../lib/flows/walk';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import type { JourneyMap } from '../../lib/journey/types';
import { mapWith } from '../journey/support';

const TOKENS: FlowResources = {
  functionArn: (name) => `\${Token[fn.${name}]}`,
  queueArn: (queueId) => `\${Token[queue.${queueId}]}`,
  hoursArn: '${Token[hours]}',
  flowArn: (flowName) => `\${Token[flow.${flowName}]}`,
};

const inboundOf = (map: JourneyMap): FlowDocument =>
  (compileJourney(map, TOKENS).find((f) => f.name === INBOUND_FLOW_NAME) as CompiledFlow).content;
const byId = (doc: FlowDocument): Map<string, FlowAction> =>
  new Map(doc.Actions.map((a) => [a.Identifier, a]));
/** Actions with a transition to `id`. */
const predecessors = (doc: FlowDocument, id: string): string[] =>
  doc.Actions.filter((a) => targetsOf(a).includes(id)).map((a) => a.Identifier);
const contactUpdates = (doc: FlowDocument): Extract<FlowAction, { Type: 'UpdateContactAttributes' }>[] =>
  doc.Actions.filter(
    (a): a is Extract<FlowAction, { Type: 'UpdateContactAttributes' }> =>
      a.Type === 'UpdateContactAttributes',
  );
/** Every text the caller can hear or be asked. */
const prompts = (doc: FlowDocument): string[] =>
  doc.Actions.flatMap((a) =>
    (a.Type === 'MessageParticipant' || a.Type === 'GetParticipantInput') && 'Text' in a.Parameters
      ? [`${a.Identifier}: ${String(a.Parameters.Text)}`]
      : [],
  );

const ALL_ON = mapWith((m) => {
  m.personalisation = { greetByName: true, proactiveNotice: true, speakPhoneHint: true };
  m.prompts.otpSent = {
    en: "We've sent a code by text message to your phone ending in {phoneHint}.",
    fr: 'Nous avons envoyé un code par SMS à votre téléphone se terminant par {phoneHint}.',
  };
});

const inbound = inboundOf(DEFAULT_JOURNEY_MAP);
const actions = byId(inbound);

describe('identity on the adviser screen', () => {
  test('nothing from the caller-ID lookup is written to contact attributes', () => {
    for (const a of contactUpdates(inbound)) {
      for (const value of Object.values(a.Parameters.Attributes)) {
        expect([a.Identifier, value]).not.toEqual([
          a.Identifier,
          expect.stringMatching(
            /\$\.External\.(customerId|segment|openCases|lastSentiment|firstName|notice)/,
          ),
        ]);
      }
    }
    const keys = contactUpdates(inbound).flatMap((a) => Object.keys(a.Parameters.Attributes));
    expect(keys).not.toEqual(expect.arrayContaining(['segment']));
    expect(keys).not.toEqual(expect.arrayContaining(['openCases']));
    expect(keys).not.toEqual(expect.arrayContaining(['lastSentiment']));
    // The lookup is kept in flow attributes (not persisted), with how the caller was identified.
    expect(actions.get('remember-caller')?.Parameters).toEqual({
      FlowAttributes: {
        callerKnown: { Value: 'true' },
        customerId: { Value: '$.External.customerId' },
        identifiedBy: { Value: 'CALLER_ID' },
      },
    });
    expect(actions.get('start-attributes')?.Parameters).toMatchObject({
      FlowAttributes: { identifiedBy: { Value: 'NONE' }, authLevel: { Value: 'NONE' } },
    });
  });

  test('identifiedBy is NONE or CALLER_ID before verification, the verification method after it', () => {
    for (const lang of ['en', 'fr']) {
      expect(actions.get(`use-${lang}-attribute`)?.Parameters).toMatchObject({
        Attributes: { identifiedBy: '$.FlowAttributes.identifiedBy' },
      });
    }
    expect(actions.get('auth-record')?.Parameters).toEqual({
      Attributes: {
        authLevel: '$.FlowAttributes.authLevel',
        identifiedBy: '$.FlowAttributes.authLevel',
        customerId: '$.FlowAttributes.customerId',
      },
      TargetContact: 'Current',
    });
    // customerId reaches the contact only there, and only after a verification.
    const setters = contactUpdates(inbound).filter((a) => 'customerId' in a.Parameters.Attributes);
    expect(setters.map((a) => a.Identifier)).toEqual(['auth-record']);
    expect(predecessors(inbound, 'auth-record')).toEqual(['auth-done']);
    const intoAuthDone = predecessors(inbound, 'auth-done');
    expect(intoAuthDone).toEqual(expect.arrayContaining(['otp-verified', 'pin-verified']));
    // The other ways in are the "already verified" checks of the auth steps.
    for (const id of intoAuthDone.filter((i) => !i.endsWith('-verified'))) {
      expect(actions.get(id)?.Type).toBe('Compare');
      expect(actions.get(id)?.Parameters).toEqual({ ComparisonValue: '$.FlowAttributes.authLevel' });
    }
  });

  test('the verified customer id comes from the verifying function; without it the caller is not verified', () => {
    for (const [id, level] of [
      ['otp-verified', 'OTP'],
      ['pin-verified', 'PIN'],
    ] as const) {
      const a = actions.get(id) as Extract<FlowAction, { Type: 'UpdateFlowAttributes' }>;
      expect(a.Parameters.FlowAttributes).toMatchObject({
        authLevel: { Value: level },
        customerId: { Value: '$.External.customerId' },
      });
      expect(a.Transitions).toEqual({
        NextAction: 'auth-done',
        Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'technical-failure' }],
      });
    }
    expect(actions.get('otp-verify-status')?.Transitions.Conditions?.[0]).toEqual({
      NextAction: 'otp-verified',
      Condition: { Operator: 'Equals', Operands: ['VERIFIED'] },
    });
  });

  test("replace (the default): a PIN for another customer becomes the caller's identity", () => {
    const verify = actions.get('pin-verify') as Extract<FlowAction, { Type: 'InvokeLambdaFunction' }>;
    expect(verify.Parameters.LambdaInvocationAttributes).toEqual({
      accountNumber: '$.FlowAttributes.accountNumber',
      pin: '$.StoredCustomerInput',
    });
    expect(actions.get('pin-verify-status')?.Transitions.Conditions?.[0]?.NextAction).toBe('pin-verified');
    expect(actions.has('pin-caller-match')).toBe(false);
    // OTP and self-service afterwards use the flow's customer id, which pin-verified replaced.
    const otpStart = actions.get('otp-start') as Extract<FlowAction, { Type: 'InvokeLambdaFunction' }>;
    expect(otpStart.Parameters.LambdaInvocationAttributes).toEqual({
      customerId: '$.FlowAttributes.customerId',
    });
  });

  // Needs pin-verify to take `callerCustomerId?` and return `callerMatch` (lib/integrations/contracts.ts).
  test('refuse: a PIN for another customer than the caller-ID match goes to an adviser with identity NONE', () => {
    const refuse = mapWith((m) => void (m.auth.callerIdMismatch = 'refuse'));
    const doc = inboundOf(refuse);
    const a = byId(doc);
    const verify = a.get('pin-verify') as Extract<FlowAction, { Type: 'InvokeLambdaFunction' }>;
    expect(verify.Parameters.LambdaInvocationAttributes).toMatchObject({
      callerCustomerId: '$.FlowAttributes.customerId',
    });
    expect(a.get('pin-verify-status')?.Transitions.Conditions?.[0]?.NextAction).toBe('pin-caller-match');
    expect(a.get('pin-caller-match')?.Parameters).toEqual({ ComparisonValue: '$.External.callerMatch' });
    expect(a.get('pin-caller-match')?.Transitions).toMatchObject({
      NextAction: 'pin-verified',
      Conditions: [{ NextAction: 'pin-refused', Condition: { Operator: 'Equals', Operands: ['false'] } }],
    });
    expect(a.get('pin-refused')?.Parameters).toEqual({
      Attributes: { identifiedBy: 'NONE', authLevel: 'NONE' },
      TargetContact: 'Current',
    });
    // "We weren't able to confirm your identity", then an adviser; never the self-service.
    expect(a.get('pin-refused')?.Transitions.NextAction).toBe('auth-failed');
    expect(walkPaths({ ...doc, StartAction: 'pin-refused' }).violations).toEqual([]);
  });
});

describe('caller-ID personalisation', () => {
  test('is off by default: a generic greeting, no name, no notice, no phone digits before verification', () => {
    const texts = prompts(inbound);
    expect(texts.filter((t) => t.includes('firstName'))).toEqual([]);
    expect(texts.filter((t) => /notice/i.test(t))).toEqual([]);
    // The only phone hint is the password-reset result, spoken after the one-time code.
    expect(texts.filter((t) => t.includes('phoneHint')).map((t) => t.split(':')[0])).toEqual([
      'svc-passwordReset-result-en',
      'svc-passwordReset-result-fr',
    ]);
    expect(actions.get('otp-sent-en')?.Parameters).toEqual({
      Text: "We've sent a six-digit security code by text message to the mobile number we have for you.",
    });
    for (const id of ['greeting', 'welcome-back', 'notice', 'remember-caller-details'])
      expect([id, actions.has(id)]).toEqual([id, false]);
    expect(actions.get('check-hours')?.Transitions.Conditions?.[0]?.NextAction).toBe('welcome');
    expect(actions.get('welcome-en')?.Transitions.NextAction).toBe('menu');
  });

  test('each setting turns on only its own disclosure', () => {
    const doc = inboundOf(ALL_ON);
    const a = byId(doc);
    expect(a.get('welcome-back-fr')?.Parameters).toEqual({
      Text: 'Bonjour $.FlowAttributes.firstName, et bienvenue chez Northwind. Vos appels peuvent être enregistrés à des fins de formation et de qualité.',
    });
    expect(a.get('remember-caller-details')?.Parameters).toEqual({
      FlowAttributes: {
        firstName: { Value: '$.External.firstName' },
        notice: { Value: '$.External.notice' },
      },
    });
    expect(a.get('welcome-back-en')?.Transitions.NextAction).toBe('notice');
    expect(a.get('notice-ORDER_DELAYED-en')).toBeDefined();
    expect(a.get('otp-sent-en')?.Parameters).toEqual({
      Text: "We've sent a code by text message to your phone ending in $.External.phoneHint .",
    });
    expect(walkPaths(doc).violations).toEqual([]);

    const noticeOnly = byId(inboundOf(mapWith((m) => void (m.personalisation = { proactiveNotice: true }))));
    expect(noticeOnly.has('welcome-back')).toBe(false);
    expect(noticeOnly.get('welcome-en')?.Transitions.NextAction).toBe('notice');
    // Callers the lookup did not find have a notice attribute too, so the check never errors.
    expect(noticeOnly.get('start-attributes')?.Parameters).toMatchObject({
      FlowAttributes: { notice: { Value: 'NONE' } },
    });
    expect(noticeOnly.get('remember-caller-details')?.Parameters).toEqual({
      FlowAttributes: { notice: { Value: '$.External.notice' } },
    });
  });
});

describe('action budget', () => {
  test(`every flow stays within Connect's ${MAX_FLOW_ACTIONS} actions, with every setting on or off`, () => {
    for (const map of [DEFAULT_JOURNEY_MAP, ALL_ON]) {
      for (const f of compileJourney(map, TOKENS)) {
        expect([f.name, f.content.Actions.length <= MAX_FLOW_ACTIONS]).toEqual([f.name, true]);
      }
    }
  });
});
