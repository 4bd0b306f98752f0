/**
 * IVR callbacks go through the number policy: in both flows that book callbacks, every path to
 * `CreateCallbackContact` passes a `callback-number` check that ALLOWED the number being set, and
 * the keyed-in number goes straight from the stored input to the function, never to an attribute.
 */
import { compileJourney, type FlowResources } from '../../lib/flows/compile';
import { targetsOf, type FlowAction, type FlowDocument } from '../../lib/flows/model';
import { walkPaths } from '../../lib/flows/walk';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';

const TOKENS: FlowResources = {
  functionArn: (name) => `\${Token[fn.${name}]}`,
  queueArn: (queueId) => `\${Token[queue.${queueId}]}`,
  hoursArn: '${Token[hours]}',
  flowArn: (flowName) => `\${Token[flow.${flowName}]}`,
};

const flows = compileJourney(DEFAULT_JOURNEY_MAP, TOKENS);
const byId = (doc: FlowDocument): Map<string, FlowAction> =>
  new Map(doc.Actions.map((a) => [a.Identifier, a]));
const predecessors = (doc: FlowDocument, id: string): string[] =>
  doc.Actions.filter((a) => targetsOf(a).includes(id)).map((a) => a.Identifier);
/** `[status, next]` of a status Compare. */
const branches = (a: FlowAction | undefined): [string | undefined, string][] =>
  (a?.Transitions.Conditions ?? []).map((c) => [c.Condition.Operands[0], c.NextAction]);

describe.each(flows.map((f): [string, FlowDocument] => [f.name, f.content]))('the %s flow', (_name, doc) => {
  const actions = byId(doc);

  test('invokes callback-number before it sets a number and creates the callback, on both paths', () => {
    const invokes = doc.Actions.filter(
      (a) =>
        a.Type === 'InvokeLambdaFunction' && a.Parameters.LambdaFunctionARN.includes('fn.callback-number'),
    ) as Extract<FlowAction, { Type: 'InvokeLambdaFunction' }>[];
    expect(
      Object.fromEntries(invokes.map((a) => [a.Identifier, a.Parameters.LambdaInvocationAttributes])),
    ).toEqual({
      'callback-check-caller': { source: 'caller' },
      'callback-check-entered': { source: 'entered', number: '$.StoredCustomerInput' },
    });
    for (const a of invokes) expect(a.Parameters.InvocationTimeLimitSeconds).toBe('3');

    // CreateCallbackContact is reached only from the two Set callback number actions...
    const create = doc.Actions.filter((a) => a.Type === 'CreateCallbackContact').map((a) => a.Identifier);
    expect(create).toEqual(['callback-create']);
    expect(predecessors(doc, 'callback-create').sort()).toEqual([
      'callback-caller-number',
      'callback-entered-number',
    ]);
    // ...each of which is reached only by the ALLOWED branch of its check.
    expect(predecessors(doc, 'callback-caller-number')).toEqual(['callback-check-caller-status']);
    expect(predecessors(doc, 'callback-entered-number')).toEqual(['callback-check-entered-status']);
    expect(actions.get('callback-caller-number')?.Parameters).toEqual({
      CallbackNumber: '$.CustomerEndpoint.Address',
    });
    expect(actions.get('callback-entered-number')?.Parameters).toEqual({
      CallbackNumber: '$.StoredCustomerInput',
    });
  });

  test("refused: the caller's number leads to keying one in, a keyed-in one to the retry; limits and failures resume", () => {
    expect(branches(actions.get('callback-check-caller-status'))).toEqual([
      ['ALLOWED', 'callback-caller-number'],
      ['REFUSED', 'callback-invalid-number'],
      ['RATE_LIMITED', 'callback-unavailable'],
      ['INVALID_INPUT', 'callback-invalid-number'],
      ['UNAVAILABLE', 'callback-check-caller-retry'],
    ]);
    expect(branches(actions.get('callback-check-entered-status'))).toEqual([
      ['ALLOWED', 'callback-entered-number'],
      ['REFUSED', 'callback-enter-retry'],
      ['RATE_LIMITED', 'callback-unavailable'],
      ['INVALID_INPUT', 'callback-enter-retry'],
      ['UNAVAILABLE', 'callback-check-entered-retry'],
    ]);
    // "Sorry, we can't call that number", logging off, then the caller keys one in.
    expect(actions.get('callback-invalid-number-en')?.Transitions.NextAction).toBe('callback-enter');
    expect(actions.get('callback-enter')?.Parameters).toEqual({ FlowLoggingBehavior: 'Disabled' });
    // Technical failure after the retry: the apology, then back to the queue path.
    for (const id of ['callback-check-caller-retry', 'callback-check-entered-retry']) {
      expect(branches(actions.get(id))).toEqual([
        ['ContinueLooping', id.replace(/-retry$/, '')],
        ['DoneLooping', 'callback-unavailable'],
      ]);
    }
    expect(walkPaths({ ...doc, StartAction: 'callback-number' }).violations).toEqual([]);
  });

  test('the keyed-in number is checked with logging off and never stored in an attribute', () => {
    const walk = walkPaths(doc);
    expect([...(walk.loggingAt.get('callback-check-entered') ?? [])]).toEqual(['Disabled']);
    const stored = doc.Actions.filter(
      (a) =>
        (a.Type === 'UpdateContactAttributes' || a.Type === 'UpdateFlowAttributes') &&
        JSON.stringify(a.Parameters).includes('StoredCustomerInput'),
    );
    expect(stored.map((a) => a.Identifier).filter((id) => id.startsWith('callback'))).toEqual([]);
  });
});
