import fc from 'fast-check';
import {
  compileJourney,
  CUSTOMER_QUEUE_FLOW_NAME,
  INBOUND_FLOW_NAME,
  type CompiledFlow,
  type FlowResources,
} from '../../lib/flows/compile';
import type { FlowAction, FlowDocument } from '../../lib/flows/model';
import { targetsOf } from '../../lib/flows/model';
import { validateFlow } from '../../lib/flows/validate';
import { walkPaths } from '../../lib/flows/walk';
import { INTEGRATIONS, routingModeKey, type IntegrationName } from '../../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import { restrictLanguages } from '../../lib/journey/resolve';
import type { JourneyMap } from '../../lib/journey/types';
import { deepFreeze, mapWith } from '../journey/support';

/** Resources as CDK passes them at synth: unresolved token strings. */
const TOKENS: FlowResources = {
  functionArn: (name) => `\${Token[fn.${name}]}`,
  queueArn: (queueId) => `\${Token[queue.${queueId}]}`,
  hoursArn: '${Token[hours]}',
  flowArn: (flowName) => `\${Token[flow.${flowName}]}`,
};

const functionOf = (arn: string): IntegrationName => /fn\.([a-z-]+)/.exec(arn)?.[1] as IntegrationName;

const flows = compileJourney(DEFAULT_JOURNEY_MAP, TOKENS);
const flow = (name: string): CompiledFlow => flows.find((f) => f.name === name) as CompiledFlow;
const inbound = flow(INBOUND_FLOW_NAME);
const queueFlow = flow(CUSTOMER_QUEUE_FLOW_NAME);
const actionsOf = (doc: FlowDocument): Map<string, FlowAction> =>
  new Map(doc.Actions.map((a) => [a.Identifier, a]));
const inboundActions = actionsOf(inbound.content);

/** Breadth-first search; `allow(action, target)` filters the branches taken. */
function pathTo(
  doc: FlowDocument,
  from: string,
  to: (id: string) => boolean,
  allow: (action: FlowAction, target: string) => boolean = () => true,
): string[] | undefined {
  const byId = actionsOf(doc);
  const parent = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (to(id)) {
      const path: string[] = [];
      for (let k: string | undefined = id; k !== undefined; k = parent.get(k)) path.unshift(k);
      return path;
    }
    const action = byId.get(id);
    if (action === undefined) continue;
    for (const t of targetsOf(action)) {
      if (!parent.has(t) && allow(action, t)) {
        parent.set(t, id);
        queue.push(t);
      }
    }
  }
  return undefined;
}

/** Every action reachable from `from` through silent actions, stopping at the first audible or terminal one. */
function firstHeard(doc: FlowDocument, from: string): FlowAction[] {
  const byId = actionsOf(doc);
  const seen = new Set<string>();
  const found: FlowAction[] = [];
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const a = byId.get(id) as FlowAction;
    if (
      [
        'MessageParticipant',
        'GetParticipantInput',
        'TransferContactToQueue',
        'DisconnectParticipant',
      ].includes(a.Type)
    ) {
      found.push(a);
      return;
    }
    for (const t of targetsOf(a)) visit(t);
  };
  visit(from);
  return found;
}

describe('compileJourney on the default map', () => {
  test('returns the customer queue flow and the inbound flow, which validate', () => {
    expect(flows.map((f) => [f.name, f.type])).toEqual([
      [CUSTOMER_QUEUE_FLOW_NAME, 'CUSTOMER_QUEUE'],
      [INBOUND_FLOW_NAME, 'CONTACT_FLOW'],
    ]);
    for (const f of flows) {
      expect(validateFlow(f.content, f.name)).toEqual([]);
      expect(f.content.Version).toBe('2019-10-30');
      expect(f.description.length).toBeLessThanOrEqual(500);
    }
  });

  test('every path of every flow ends in a transfer, a callback, waiting in queue or a spoken goodbye', () => {
    const inboundWalk = walkPaths(inbound.content, { flowType: 'CONTACT_FLOW' });
    expect(inboundWalk.violations).toEqual([]);
    expect(inboundWalk.outcomes.queue).toEqual(
      expect.arrayContaining([
        'route-general-enqueue',
        'route-billing-enqueue',
        'route-orders-enqueue',
        'technical-failure-transfer',
      ]),
    );
    expect(inboundWalk.outcomes.callback).toEqual(['hang-up']);
    const queueWalk = walkPaths(queueFlow.content, { flowType: 'CUSTOMER_QUEUE' });
    expect(queueWalk.violations).toEqual([]);
    expect(queueWalk.outcomes['in-queue'].length).toBeGreaterThan(0);
    expect(queueWalk.outcomes.callback).toEqual(['hang-up']);
  });

  test('every disconnect is preceded by a spoken message', () => {
    for (const f of flows) {
      const disconnects = f.content.Actions.filter((a) => a.Type === 'DisconnectParticipant').map(
        (a) => a.Identifier,
      );
      for (const a of f.content.Actions) {
        if (targetsOf(a).some((t) => disconnects.includes(t)))
          expect([a.Identifier, a.Type]).toEqual([a.Identifier, 'MessageParticipant']);
      }
    }
  });

  test('every intent is reachable from the start by its DTMF key', () => {
    for (const intent of DEFAULT_JOURNEY_MAP.intents) {
      const goal = intent.integration !== undefined ? `svc-${intent.id}` : `route-${intent.queueId}-enqueue`;
      // In the main menu, only the intent's key may be pressed.
      const path = pathTo(
        inbound.content,
        inbound.content.StartAction,
        (id) => id === goal,
        (action, target) =>
          !(action.Identifier.startsWith('menu-') && action.Type === 'GetParticipantInput') ||
          (action.Transitions.Conditions ?? []).some(
            (c) => c.NextAction === target && c.Condition.Operands[0] === intent.dtmf,
          ),
      );
      expect(path).toBeDefined();
      expect(path).toContain(`intent-${intent.id}`);
    }
    for (const menu of ['menu-en', 'menu-fr']) {
      const keys = (inboundActions.get(menu)?.Transitions.Conditions ?? []).map((c) => [
        c.Condition.Operands[0],
        c.NextAction,
      ]);
      expect(keys).toEqual(DEFAULT_JOURNEY_MAP.intents.map((i) => [i.dtmf, `intent-${i.id}`]));
    }
  });

  test('every Lambda call has an error branch that ends with an adviser or a spoken explanation', () => {
    const invokes = inbound.content.Actions.filter((a) => a.Type === 'InvokeLambdaFunction');
    expect(invokes.map((a) => a.Identifier).sort()).toEqual(
      [
        'callback-check-caller',
        'callback-check-entered',
        'deflect-send',
        'identify-caller',
        'otp-start',
        'otp-verify',
        'pin-verify',
        'routing-context',
        'svc-balance',
        'svc-orderStatus',
        'svc-passwordReset',
      ].sort(),
    );
    for (const invoke of invokes) {
      const onError = (invoke.Transitions.Errors ?? []).find(
        (e) => e.ErrorType === 'NoMatchingError',
      )?.NextAction;
      expect(onError).toBe(`${invoke.Identifier}-retry`);
      // The retry re-invokes once, then gives up to the failure branch.
      const retry = inboundActions.get(onError as string) as FlowAction;
      const conditions = retry.Transitions.Conditions ?? [];
      expect(conditions.find((c) => c.Condition.Operands[0] === 'ContinueLooping')?.NextAction).toBe(
        invoke.Identifier,
      );
      const giveUp = conditions.find((c) => c.Condition.Operands[0] === 'DoneLooping')?.NextAction as string;
      const sub = walkPaths({ ...inbound.content, StartAction: giveUp });
      expect(sub.violations).toEqual([]);
      if (!['identify-caller', 'routing-context'].includes(invoke.Identifier)) {
        // The first thing the caller hears after a failure is an explanation.
        expect(firstHeard(inbound.content, giveUp).map((a) => a.Type)).toEqual(
          expect.arrayContaining(['MessageParticipant']),
        );
        expect(firstHeard(inbound.content, giveUp).every((a) => a.Type === 'MessageParticipant')).toBe(true);
      }
      // UNAVAILABLE is retried too.
      const status = inboundActions.get(`${invoke.Identifier}-status`) as FlowAction;
      expect(
        status.Transitions.Conditions?.find((c) => c.Condition.Operands[0] === 'UNAVAILABLE')?.NextAction,
      ).toBe(onError);
    }
  });

  test('technical failure apologises, then transfers to the agent queue', () => {
    const path = pathTo(inbound.content, 'technical-failure', (id) => id === 'technical-failure-transfer');
    expect(path).toEqual(expect.arrayContaining(['technical-failure-say', 'technical-failure-queue']));
    const queue = inboundActions.get('technical-failure-queue') as FlowAction;
    expect(queue.Parameters).toEqual({ QueueId: '${Token[queue.general]}' });
  });

  test('Lambda calls send only contract parameters, with the contract time limit', () => {
    for (const invoke of inbound.content.Actions) {
      if (invoke.Type !== 'InvokeLambdaFunction') continue;
      const contract = INTEGRATIONS[functionOf(invoke.Parameters.LambdaFunctionARN)];
      const accepted = contract.parameters.map((p) => p.replace(/\?$/, ''));
      const sent = Object.keys(invoke.Parameters.LambdaInvocationAttributes ?? {});
      expect(accepted).toEqual(expect.arrayContaining(sent));
      expect(sent).toEqual(expect.arrayContaining(contract.parameters.filter((p) => !p.endsWith('?'))));
      expect(invoke.Parameters.InvocationTimeLimitSeconds).toBe(String(contract.timeLimitSeconds));
    }
  });

  test('no PCI input, token or balance is written to contact attributes', () => {
    for (const a of inbound.content.Actions) {
      if (a.Type !== 'UpdateContactAttributes') continue;
      for (const value of Object.values(a.Parameters.Attributes)) {
        expect(value).not.toMatch(
          /StoredCustomerInput|authToken|balanceSpeech|statusSpeech|phoneHint|firstName/,
        );
      }
    }
    // After each PCI collection, the value goes straight to the function that checks it.
    const pci = Object.entries(inbound.inputs).filter(([, i]) => i.dataClass === 'PCI');
    expect(pci.map(([, i]) => i.inputId).sort()).toEqual(['otpCode', 'otpCode', 'pin', 'pin']);
    for (const [id] of pci) {
      const next = inboundActions.get(inboundActions.get(id)?.Transitions.NextAction as string) as FlowAction;
      expect(next.Type).toBe('InvokeLambdaFunction');
      const copied = inbound.content.Actions.filter(
        (a) =>
          (a.Type === 'UpdateFlowAttributes' || a.Type === 'UpdateContactAttributes') &&
          JSON.stringify(a.Parameters).includes('StoredCustomerInput'),
      );
      // Only non-PCI values (account number, order number) are kept, in flow attributes.
      expect(copied.map((a) => [a.Type, a.Identifier]).sort()).toEqual([
        ['UpdateFlowAttributes', 'in-orderStatus-orderNumber-keep'],
        ['UpdateFlowAttributes', 'pin-account-keep'],
      ]);
    }
  });

  test('flow logging is off whenever PCI or PII is collected, and back on before a transfer', () => {
    const walk = walkPaths(inbound.content);
    for (const [id, input] of Object.entries(inbound.inputs)) {
      if (input.dataClass === 'PUBLIC') continue;
      expect([id, [...(walk.loggingAt.get(id) ?? [])]]).toEqual([id, ['Disabled']]);
    }
    for (const id of [
      'route-general-enqueue',
      'route-billing-enqueue',
      'route-orders-enqueue',
      'technical-failure-transfer',
    ]) {
      expect([id, [...(walk.loggingAt.get(id) ?? [])]]).toEqual([id, ['Enabled']]);
    }
    // Results (balances) are spoken with logging off.
    for (const id of ['svc-balance-result-en', 'svc-balance-result-fr'])
      expect([...(walk.loggingAt.get(id) ?? [])]).toEqual(['Disabled']);
  });

  test('the auth token travels in flow attributes, and results are read from $.External', () => {
    const balance = inboundActions.get('svc-balance') as Extract<
      FlowAction,
      { Type: 'InvokeLambdaFunction' }
    >;
    expect(balance.Parameters.LambdaInvocationAttributes).toEqual({
      authToken: '$.FlowAttributes.authToken',
      language: '$.Attributes.language',
    });
    expect(inboundActions.get('otp-verified')?.Parameters).toEqual({
      FlowAttributes: {
        authLevel: { Value: 'OTP' },
        authToken: { Value: '$.External.authToken' },
        customerId: { Value: '$.External.customerId' },
      },
    });
    expect(inboundActions.get('svc-balance-result-en')?.Parameters).toEqual({
      Text: 'Your account balance is $.External.balanceSpeech .',
    });
  });

  test('copies every queue routing mode into contact attributes and routes by it', () => {
    const modes = inboundActions.get('routing-modes') as Extract<
      FlowAction,
      { Type: 'UpdateContactAttributes' }
    >;
    for (const q of DEFAULT_JOURNEY_MAP.queues) {
      expect(modes.Parameters.Attributes[routingModeKey(q.id)]).toBe(`$.External.${routingModeKey(q.id)}`);
    }
    const billing = inboundActions.get('route-billing-mode') as FlowAction;
    expect(billing.Parameters).toEqual({ ComparisonValue: '$.Attributes.mode_billing' });
    expect(
      (billing.Transitions.Conditions ?? []).map((c) => [c.Condition.Operands[0], c.NextAction]),
    ).toEqual([
      ['CALLBACK', 'callback-offer'],
      ['OVERFLOW', 'overflow-overflow'],
      ['DEFLECT', 'deflect-offer'],
    ]);
    // NORMAL: the live wait decides, against the queue's threshold, with its under-load mode above it.
    const wait = inboundActions.get('route-billing-wait') as FlowAction;
    expect(wait.Transitions.Conditions).toEqual([
      { NextAction: 'overflow-overflow', Condition: { Operator: 'NumberGreaterThan', Operands: ['240'] } },
    ]);
    expect(inboundActions.get('route-orders-wait')?.Transitions.Conditions?.[0]?.NextAction).toBe(
      'deflect-offer',
    );
    expect(inboundActions.get('route-general-oldest')?.Transitions.Conditions?.[0]?.NextAction).toBe(
      'callback-offer',
    );
    expect(inboundActions.get('route-billing-metrics')?.Parameters).toEqual({
      QueueId: '${Token[queue.billing]}',
      QueueChannel: 'Voice',
    });
  });

  test('a callback confirms the number, checks it, sets it, queues the callback, says goodbye and hangs up', () => {
    const detours = [
      'resume-queue',
      'goodbye',
      'callback-enter',
      'callback-unavailable',
      'callback-invalid-number',
      'callback-check-caller-retry',
    ];
    const path = pathTo(
      inbound.content,
      'callback-offer',
      (id) => id === 'hang-up',
      (_a, t) => !detours.includes(t),
    );
    expect(path).toBeDefined();
    expect(path?.filter((id) => !id.endsWith('-en') && !id.endsWith('-fr'))).toEqual([
      'callback-offer',
      'callback-number',
      'callback-check-caller',
      'callback-check-caller-status',
      'callback-caller-number',
      'callback-create',
      'callback-confirmed',
      'hang-up',
    ]);
    expect(inboundActions.get('callback-create')?.Parameters).toEqual({
      QueueId: '${Token[queue.callback]}',
      InitialCallDelaySeconds: '60',
      MaximumConnectionAttempts: '3',
      RetryDelaySeconds: '600',
    });
  });

  test('sets the customer queue flow and the caller language', () => {
    expect(inboundActions.get('set-queue-flow')?.Parameters).toEqual({
      EventHooks: { CustomerQueue: '${Token[flow.customer-queue]}' },
    });
    expect(inboundActions.get('use-fr')?.Parameters).toEqual({
      TextToSpeechVoice: 'Lea',
      TextToSpeechEngine: 'Neural',
    });
    expect(inboundActions.get('use-fr-attribute')?.Parameters).toEqual({
      Attributes: { language: 'fr', identifiedBy: '$.FlowAttributes.identifiedBy' },
      TargetContact: 'Current',
    });
  });

  test('closed or holiday: after-hours message and a callback offer', () => {
    const hours = inboundActions.get('check-hours') as FlowAction;
    expect(hours.Parameters).toEqual({ HoursOfOperationId: '${Token[hours]}' });
    expect(hours.Transitions.Conditions?.map((c) => [c.Condition.Operands[0], c.NextAction])).toEqual([
      ['True', 'welcome'],
      ['False', 'after-hours'],
    ]);
    expect(inboundActions.get('after-hours-en')?.Transitions.Conditions?.[0]?.NextAction).toBe(
      'callback-number',
    );
  });

  test('the customer queue flow announces the wait and offers a callback every other interruption', () => {
    const actions = actionsOf(queueFlow.content);
    expect(
      actions
        .get('queue-interrupted')
        ?.Transitions.Conditions?.map((c) => [c.Condition.Operands[0], c.NextAction]),
    ).toEqual([
      ['ContinueLooping', 'queue-wait'],
      ['DoneLooping', 'queue-offer'],
    ]);
    expect(actions.get('queue-hold-en')?.Parameters).toMatchObject({ InterruptFrequencySeconds: '60' });
    expect(validateFlow(queueFlow.content, queueFlow.name)).toEqual([]);
    expect(
      queueFlow.content.Actions.some(
        (a) => a.Type === 'TransferContactToQueue' || a.Type === 'UpdateContactTargetQueue',
      ),
    ).toBe(false);
  });

  test('identifiers are readable and within the flow-language limit', () => {
    for (const f of flows)
      for (const a of f.content.Actions) expect(a.Identifier).toMatch(/^[a-z][A-Za-z0-9_-]{0,49}$/);
    expect(inboundActions.has('identify-caller')).toBe(true);
    expect(inboundActions.has('callback-offer')).toBe(true);
  });

  test('does not mutate the journey map', () => {
    const frozen = deepFreeze(structuredClone(DEFAULT_JOURNEY_MAP));
    expect(compileJourney(frozen, TOKENS).map((f) => f.content)).toEqual(flows.map((f) => f.content));
  });
});

describe('compileJourney on other maps', () => {
  test('a one-language map has no language switches', () => {
    const english = compileJourney(
      // A map's texts cover exactly its languages: drop the French ones with the language.
      restrictLanguages(DEFAULT_JOURNEY_MAP, ['en']),
      TOKENS,
    );
    const inboundEn = english.find((f) => f.name === INBOUND_FLOW_NAME) as CompiledFlow;
    expect(
      inboundEn.content.Actions.some(
        (a) => a.Type === 'Compare' && a.Parameters.ComparisonValue === '$.Attributes.language',
      ),
    ).toBe(false);
    expect(inboundEn.content.Actions.some((a) => a.Identifier === 'choose-language')).toBe(false);
    expect(walkPaths(inboundEn.content).ok).toBe(true);
  });

  test('encrypted inputs need the instance input-encryption key', () => {
    const encrypted = mapWith((m) => void (m.inputs[1]!.encrypt = true));
    expect(() => compileJourney(encrypted, TOKENS)).toThrow(/inputEncryption/);
    const withKey = compileJourney(encrypted, {
      ...TOKENS,
      inputEncryption: { keyId: '${Token[key.id]}', certificate: '${Token[key.pem]}' },
    });
    const pin = withKey
      .find((f) => f.name === INBOUND_FLOW_NAME)
      ?.content.Actions.find((a) => a.Identifier === 'pin-code-en');
    expect(pin?.Parameters).toMatchObject({
      InputEncryption: { EncryptionKeyId: '${Token[key.id]}', Key: '${Token[key.pem]}' },
    });
  });

  test('an invalid map is rejected before compiling', () => {
    expect(() =>
      compileJourney(
        mapWith((m) => void (m.intents[0]!.dtmf = '2')),
        TOKENS,
      ),
    ).toThrow(/journey map field/);
  });

  test('any subset of intents on any keys compiles to flows with no silent dead end', () => {
    fc.assert(
      fc.property(
        fc.subarray([...DEFAULT_JOURNEY_MAP.intents], { minLength: 1 }),
        fc.shuffledSubarray(['1', '2', '3', '4', '5', '6', '7', '8', '9'], { minLength: 4, maxLength: 4 }),
        fc.constantFrom<JourneyMap['queues'][number]['underLoad']['mode']>('CALLBACK', 'OVERFLOW', 'DEFLECT'),
        (intents, keys, mode) => {
          const map = mapWith((m) => {
            m.intents = intents.map((i, n) => ({
              ...structuredClone(i),
              dtmf: keys[n] as string,
            })) as typeof m.intents;
            m.queues[0]!.underLoad = {
              mode,
              overflowQueueId: 'overflow',
              estimatedWaitThresholdSeconds: 120,
            };
          });
          for (const f of compileJourney(map, TOKENS)) {
            expect(walkPaths(f.content, { flowType: f.type }).violations).toEqual([]);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
