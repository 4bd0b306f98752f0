import {
  checkHours,
  disconnect,
  invokeLambda,
  loop,
  menu,
  message,
  setCallbackNumber,
  setContactAttributes,
  storedInput,
  transferToQueue,
  when,
} from '../../lib/flows/builder';
import type { FlowAction, FlowDocument } from '../../lib/flows/model';
import {
  assertValidFlow,
  FlowValidationError,
  validateFlow,
  type FlowProblemCode,
} from '../../lib/flows/validate';

const TOKEN = '${Token[TOKEN.123]}';

/** A flow starting with `actions[0]`, ending with a spoken goodbye. */
function flowOf(...actions: FlowAction[]): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: actions[0]?.Identifier ?? 'bye',
    Actions: [...actions, message('bye', { Text: 'Goodbye.' }, 'hang-up'), disconnect('hang-up')],
  };
}

/** Problem codes of a document, with the action each one names. */
const codes = (doc: unknown): [FlowProblemCode, string | undefined][] =>
  validateFlow(doc, 'test').map((p) => [p.code, p.action]);

/** A copy of an action with some JSON replaced (for hand-made defects the types would forbid). */
const broken = (action: FlowAction, patch: Record<string, unknown>): FlowAction =>
  ({ ...action, ...patch }) as FlowAction;

describe('validateFlow', () => {
  test('accepts a small correct flow, with CDK tokens as resources', () => {
    const doc = flowOf(
      invokeLambda('lookup', TOKEN, 3, { phone: '$.CustomerEndpoint.Address' }, 'bye', 'bye'),
    );
    expect(validateFlow(doc, 'test')).toEqual([]);
    expect(() => assertValidFlow(doc, 'test')).not.toThrow();
  });

  test('reports a document that is not a flow', () => {
    expect(codes('hello')).toEqual([['invalid-document', undefined]]);
    expect(codes({ Version: '2019-10-30', StartAction: 'a' })).toEqual([['invalid-document', undefined]]);
  });

  test('reports a wrong version and a missing start action', () => {
    expect(codes({ ...flowOf(), Version: '2020-01-01' })).toContainEqual(['version', undefined]);
    expect(codes({ ...flowOf(), StartAction: 'nowhere' })).toContainEqual(['start-action', undefined]);
  });

  test('reports duplicate identifiers', () => {
    expect(codes(flowOf(message('bye', { Text: 'x' }, 'hang-up')))).toContainEqual([
      'duplicate-identifier',
      'bye',
    ]);
  });

  test('reports identifiers the flow language forbids', () => {
    const long = 'a'.repeat(51);
    expect(codes(flowOf(message(long, { Text: 'x' }, 'bye')))).toContainEqual(['invalid-identifier', long]);
    expect(codes(flowOf(message('a:b', { Text: 'x' }, 'bye')))).toContainEqual(['invalid-identifier', 'a:b']);
    expect(codes(flowOf(message('constructor', { Text: 'x' }, 'bye')))).toContainEqual([
      'invalid-identifier',
      'constructor',
    ]);
  });

  test('reports unknown action types as problems, not crashes', () => {
    const doc = {
      ...flowOf(),
      StartAction: 'mystery',
      Actions: [
        {
          Identifier: 'mystery',
          Type: 'SummonWizard',
          Parameters: {},
          Transitions: { NextAction: 'bye' },
        },
        42,
        ...flowOf().Actions,
      ],
    };
    expect(codes(doc)).toEqual([
      ['invalid-action', undefined],
      ['unknown-action-type', 'mystery'],
    ]);
  });

  test('reports transitions to missing actions', () => {
    expect(codes(flowOf(message('hello', { Text: 'x' }, 'nowhere')))).toContainEqual([
      'unresolved-transition',
      'hello',
    ]);
  });

  test('reports actions unreachable from the start', () => {
    const doc = flowOf(message('hello', { Text: 'x' }, 'bye'), message('orphan', { Text: 'x' }, 'bye'));
    expect(codes(doc)).toEqual([['unreachable', 'orphan']]);
  });

  test('reports dead ends: no transitions, or no success branch', () => {
    const stuck = broken(setContactAttributes('stuck', { a: 'b' }, 'bye'), { Transitions: {} });
    expect(codes(flowOf(stuck))).toContainEqual(['dead-end', 'stuck']);
    const noNext = broken(invokeLambda('call', TOKEN, 3, {}, 'bye', 'bye'), {
      Transitions: { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
    });
    expect(codes(flowOf(noNext))).toContainEqual(['dead-end', 'call']);
  });

  test('accepts disconnects and transfers as the only endings', () => {
    expect(codes(flowOf(transferToQueue('enqueue', 'bye', 'bye')))).toEqual([]);
  });

  test('reports missing error branches, per action type', () => {
    const noError = broken(invokeLambda('call', TOKEN, 3, {}, 'bye', 'bye'), {
      Transitions: { NextAction: 'bye' },
    });
    expect(codes(flowOf(noError))).toEqual([['missing-error-branch', 'call']]);
    const noCapacity = broken(transferToQueue('enqueue', 'bye', 'bye'), {
      Transitions: { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
    });
    expect(codes(flowOf(noCapacity))).toEqual([['missing-error-branch', 'enqueue']]);
    const menuAction = menu(
      'menu',
      { Text: 'Press 1' },
      [{ key: '1', next: 'bye' }],
      { timeout: 'bye', noMatch: 'bye', error: 'bye' },
      5,
    );
    const noTimeout = broken(menuAction, {
      Transitions: {
        ...menuAction.Transitions,
        Errors: menuAction.Transitions.Errors?.filter((e) => e.ErrorType !== 'InputTimeLimitExceeded'),
      },
    });
    expect(codes(flowOf(noTimeout))).toEqual([['missing-error-branch', 'menu']]);
    const phone = storedInput(
      'number',
      { Text: 'Your number' },
      { validation: { PhoneNumberValidation: { NumberFormat: 'E164' } }, inputTimeLimitSeconds: 5 },
      'bye',
      'bye',
    );
    const noInvalidPhone = broken(phone, {
      Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'bye' }] },
    });
    expect(codes(flowOf(noInvalidPhone))).toEqual([['missing-error-branch', 'number']]);
    const callback = setCallbackNumber('cb', '$.CustomerEndpoint.Address', 'bye', 'bye');
    const notDialable = broken(callback, {
      Transitions: { NextAction: 'bye', Errors: [{ ErrorType: 'InvalidCallbackNumber', NextAction: 'bye' }] },
    });
    expect(codes(flowOf(notDialable))).toEqual([['missing-error-branch', 'cb']]);
  });

  test('reports error types an action never takes', () => {
    const call = invokeLambda('call', TOKEN, 3, {}, 'bye', 'bye');
    const extra = broken(call, {
      Transitions: {
        ...call.Transitions,
        Errors: [...(call.Transitions.Errors ?? []), { ErrorType: 'QueueAtCapacity', NextAction: 'bye' }],
      },
    });
    expect(codes(flowOf(extra))).toEqual([['unexpected-error-type', 'call']]);
  });

  test('reports conditions an action cannot have', () => {
    const hours = checkHours('hours', TOKEN, 'bye', 'bye', 'bye');
    const onlyTrue = broken(hours, {
      Transitions: { ...hours.Transitions, Conditions: [when('Equals', 'True', 'bye')] },
    });
    expect(codes(flowOf(onlyTrue))).toEqual([['invalid-conditions', 'hours']]);
    const l = loop('again', 2, 'bye', 'bye');
    expect(
      codes(
        flowOf(
          broken(l, {
            Transitions: { NextAction: 'bye', Conditions: [when('Equals', 'ContinueLooping', 'bye')] },
          }),
        ),
      ),
    ).toEqual([['invalid-conditions', 'again']]);
    const twoKeys = menu(
      'menu',
      { Text: 'x' },
      [{ key: '10', next: 'bye' }],
      { timeout: 'bye', noMatch: 'bye', error: 'bye' },
      5,
    );
    expect(codes(flowOf(twoKeys))).toEqual([['invalid-conditions', 'menu']]);
    const call = invokeLambda('call', TOKEN, 3, {}, 'bye', 'bye');
    expect(
      codes(
        flowOf(
          broken(call, { Transitions: { ...call.Transitions, Conditions: [when('Equals', 'x', 'bye')] } }),
        ),
      ),
    ).toEqual([['invalid-conditions', 'call']]);
  });

  test('reports parameter values that are not strings, recursively', () => {
    const call = invokeLambda('call', TOKEN, 3, {}, 'bye', 'bye');
    const numbers = broken(call, {
      Parameters: {
        LambdaFunctionARN: TOKEN,
        InvocationTimeLimitSeconds: 3,
        LambdaInvocationAttributes: { retry: true },
      },
    });
    const problems = validateFlow(flowOf(numbers), 'test');
    expect(problems.filter((p) => p.code === 'non-string-parameter').map((p) => p.message)).toEqual([
      'has Parameters.InvocationTimeLimitSeconds = 3; every parameter value must be a string',
      'has Parameters.LambdaInvocationAttributes.retry = true; every parameter value must be a string',
    ]);
  });

  test('reports InvocationTimeLimitSeconds outside 1-8', () => {
    expect(codes(flowOf(invokeLambda('call', TOKEN, 9, {}, 'bye', 'bye')))).toEqual([
      ['invocation-time-limit', 'call'],
    ]);
    expect(codes(flowOf(invokeLambda('call', TOKEN, 0, {}, 'bye', 'bye')))).toEqual([
      ['invocation-time-limit', 'call'],
    ]);
  });

  test('reports content over 256,000 characters and more than 250 actions', () => {
    expect(codes(flowOf(message('hello', { Text: 'a'.repeat(256_000) }, 'bye')))).toContainEqual([
      'content-too-large',
      undefined,
    ]);
    const many = Array.from({ length: 250 }, (_, i) =>
      message(`m${i}`, { Text: 'x' }, i === 249 ? 'bye' : `m${i + 1}`),
    );
    expect(codes(flowOf(...many))).toEqual([['too-many-actions', undefined]]);
  });

  test('reports hard-coded account ids and literal ARNs, not tokens', () => {
    const arn = 'arn:aws:lambda:eu-west-2:111122223333:function:lookup';
    expect(codes(flowOf(invokeLambda('call', arn, 3, {}, 'bye', 'bye')))).toEqual([['literal-arn', 'call']]);
    expect(codes(flowOf(invokeLambda('call', '111122223333', 3, {}, 'bye', 'bye')))).toEqual([
      ['hard-coded-account', 'call'],
    ]);
    expect(codes(flowOf(invokeLambda('call', '${Token[TOKEN.111122223333]}', 3, {}, 'bye', 'bye')))).toEqual(
      [],
    );
    expect(codes(flowOf(message('hello', { Text: 'Call us on +44 20 7946 0000.' }, 'bye')))).toEqual([]);
  });

  test('reports stored customer input copied into contact attributes', () => {
    expect(codes(flowOf(setContactAttributes('copy', { pin: '$.StoredCustomerInput' }, 'bye')))).toEqual([
      ['stored-input-in-attributes', 'copy'],
    ]);
  });

  test('reports parameters the action does not accept', () => {
    expect(
      codes(
        flowOf(
          broken(message('hello', { Text: 'x' }, 'bye'), {
            Parameters: { Text: 'x', SSML: '<speak>x</speak>' },
          }),
        ),
      ),
    ).toEqual([['invalid-parameter', 'hello']]);
    // contact-actions-updatecontactcallbacknumber.html: CallbackNumber is one JSONPath, never static.
    expect(codes(flowOf(setCallbackNumber('cb', '+441234567890', 'bye', 'bye')))).toEqual([
      ['invalid-jsonpath', 'cb'],
    ]);
    const input = storedInput(
      'in',
      { Text: 'x' },
      { validation: { CustomValidation: { MaximumLength: '4' } }, inputTimeLimitSeconds: 5 },
      'bye',
      'bye',
    );
    const encryptedPhone = broken(input, {
      Parameters: {
        ...input.Parameters,
        InputValidation: { PhoneNumberValidation: { NumberFormat: 'E164' } },
        InputEncryption: { EncryptionKeyId: TOKEN, Key: TOKEN },
      },
      Transitions: {
        NextAction: 'bye',
        Errors: [
          { ErrorType: 'InvalidPhoneNumber', NextAction: 'bye' },
          { ErrorType: 'NoMatchingError', NextAction: 'bye' },
        ],
      },
    });
    expect(codes(flowOf(encryptedPhone))).toEqual([['invalid-parameter', 'in']]);
  });

  test('assertValidFlow throws a FlowValidationError naming the flow and the action', () => {
    const doc = flowOf(invokeLambda('lookup-balance', TOKEN, 12, {}, 'bye', 'bye'));
    expect(() => assertValidFlow(doc, 'inbound')).toThrow(FlowValidationError);
    expect(() => assertValidFlow(doc, 'inbound')).toThrow(
      /^flow 'inbound' is invalid: action 'lookup-balance' has InvocationTimeLimitSeconds "12"/,
    );
  });
});
