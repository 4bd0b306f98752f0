/**
 * The interpreter's Connect semantics, action by action, on hand-made flows with a fake function
 * invoker (no I/O): transitions and error branches, the data namespaces, input, Lambda limits,
 * hours, metrics, queues, callbacks, hooks, loops, and the errors that stop a call.
 */
import { act, flow, flowSet, hangUp, heardTexts, on, ref, say, simulate, to } from './support';

const invoke = (
  id: string,
  fn: string,
  next: string,
  onError: string,
  attributes: Record<string, string> = {},
  limit = '3',
) =>
  act(
    id,
    'InvokeLambdaFunction',
    {
      LambdaFunctionARN: ref.fn(fn),
      InvocationTimeLimitSeconds: limit,
      ResponseValidation: { ResponseType: 'STRING_MAP' },
      ...(Object.keys(attributes).length > 0 ? { LambdaInvocationAttributes: attributes } : {}),
    },
    to(next, { NoMatchingError: onError }),
  );

const compare = (id: string, value: string, conditions: Record<string, string>, otherwise: string) =>
  act(
    id,
    'Compare',
    { ComparisonValue: value },
    on(conditions, { NoMatchingCondition: otherwise }, otherwise),
  );

const menu = (id: string, text: string, keys: Record<string, string>, timeout: string, noMatch: string) =>
  act(
    id,
    'GetParticipantInput',
    { Text: text, InputTimeLimitSeconds: '5', StoreInput: 'False' },
    on(
      keys,
      { InputTimeLimitExceeded: timeout, NoMatchingCondition: noMatch, NoMatchingError: noMatch },
      noMatch,
    ),
  );

const stored = (
  id: string,
  validation: Record<string, unknown>,
  next: string,
  onError: string,
  extra: Record<string, unknown> = {},
) =>
  act(
    id,
    'GetParticipantInput',
    {
      Text: 'Key it in.',
      InputTimeLimitSeconds: '5',
      StoreInput: 'True',
      InputValidation: validation,
      ...extra,
    },
    to(next, { InvalidPhoneNumber: onError, NoMatchingError: onError }),
  );

describe('transitions', () => {
  it('takes the first condition that holds, in order', async () => {
    const flows = flowSet([
      flow('f', [
        act('set', 'UpdateContactAttributes', { Attributes: { n: '42' } }, to('cmp')),
        act(
          'cmp',
          'Compare',
          { ComparisonValue: '$.Attributes.n' },
          {
            NextAction: 'no',
            Conditions: [
              { NextAction: 'big', Condition: { Operator: 'NumberGreaterThan', Operands: ['100'] } },
              { NextAction: 'mid', Condition: { Operator: 'NumberGreaterOrEqualTo', Operands: ['42'] } },
              { NextAction: 'eq', Condition: { Operator: 'Equals', Operands: ['42'] } },
            ],
            Errors: [{ ErrorType: 'NoMatchingCondition', NextAction: 'no' }],
          },
        ),
        say('big', 'big', 'bye'),
        say('mid', 'mid', 'bye'),
        say('eq', 'eq', 'bye'),
        say('no', 'no', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(heardTexts(result)).toEqual(['mid']);
  });

  it('takes NoMatchingCondition when no condition holds or the value is missing', async () => {
    const flows = flowSet([
      flow('f', [
        compare('cmp', '$.Attributes.missing', { x: 'yes' }, 'no'),
        say('yes', 'yes', 'bye'),
        say('no', 'no match', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(heardTexts(result)).toEqual(['no match']);
    expect(result.events.some((e) => e.kind === 'action' && e.branch === 'error NoMatchingCondition')).toBe(
      true,
    );
  });

  it('falls back to the NoMatchingError branch for an error type without its own branch', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'q',
          'UpdateContactTargetQueue',
          { QueueId: ref.queue('general') },
          to('t', { NoMatchingError: 'oops' }),
        ),
        act(
          't',
          'TransferContactToQueue',
          {},
          { NextAction: 'oops', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'full' }] },
        ),
        say('full', 'caught by NoMatchingError', 'bye'),
        say('oops', 'oops', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, { queues: { general: { atCapacity: true } } });
    expect(heardTexts(result)).toEqual(['caught by NoMatchingError']);
  });

  it('stops with missing-branch when an error has no branch at all', async () => {
    const flows = flowSet([flow('f', [compare('cmp', '$.Attributes.x', { y: 'bye' }, 'bye'), hangUp()])]);
    const broken = flowSet([
      flow('f', [act('cmp', 'Compare', { ComparisonValue: '$.Attributes.x' }, { Conditions: [] }), hangUp()]),
    ]);
    expect((await simulate(flows)).result.error).toBeUndefined();
    const { result } = await simulate(broken);
    expect(result.disposition).toMatchObject({ type: 'error', code: 'missing-branch' });
    expect(result.error?.message).toContain("'cmp'");
  });
});

describe('data namespaces', () => {
  it('keeps only the last Lambda result in $.External', async () => {
    const flows = flowSet([
      flow('f', [
        invoke('first', 'identify-caller', 'second', 'bye'),
        invoke('second', 'routing-context', 'speak', 'bye'),
        say('speak', 'first name [$.External.firstName] mode [$.External.mode_general]', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, {
      functions: {
        'identify-caller': [{ status: 'FOUND', firstName: 'Olivia' }],
        'routing-context': [{ status: 'OK', mode_general: 'NORMAL' }],
      },
    });
    expect(heardTexts(result)).toEqual(['first name [] mode [NORMAL]']);
    expect(result.warnings.join('\n')).toContain('$.External.firstName');
  });

  it('leaves $.External as it was when an invocation fails', async () => {
    const flows = flowSet([
      flow('f', [
        invoke('first', 'identify-caller', 'second', 'bye'),
        invoke('second', 'routing-context', 'bye', 'speak'),
        say('speak', 'still [$.External.firstName]', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, {
      functions: {
        'identify-caller': [{ status: 'FOUND', firstName: 'Olivia' }],
        'routing-context': [{ fail: 'throttled' }],
      },
    });
    expect(heardTexts(result)).toEqual(['still [Olivia]']);
    expect(result.calls.map((c) => c.outcome)).toEqual(['ok', 'failed']);
  });

  it('scopes flow attributes to one flow run and carries contact attributes to the next flow', async () => {
    const flows = flowSet([
      flow('a', [
        act('fa', 'UpdateFlowAttributes', { FlowAttributes: { secret: { Value: 'flow-only' } } }, to('ca')),
        act('ca', 'UpdateContactAttributes', { Attributes: { shared: 'contact' } }, to('go')),
        act('go', 'TransferToFlow', { ContactFlowId: ref.flow('b') }, to('bye', { NoMatchingError: 'bye' })),
        hangUp(),
      ]),
      flow('b', [say('s', 'flow [$.FlowAttributes.secret] contact [$.Attributes.shared]', 'bye'), hangUp()]),
    ]);
    const { result } = await simulate(flows);
    expect(heardTexts(result)).toEqual(['flow [] contact [contact]']);
    expect(
      result.events.filter((e) => e.kind === 'flow').map((e) => (e.kind === 'flow' ? e.reason : '')),
    ).toEqual(['start', 'transfer']);
  });

  it('sets no attribute and takes the error branch when a value references nothing (all or nothing)', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'set',
          'UpdateContactAttributes',
          { Attributes: { a: 'static', b: '$.External.nothing' } },
          to('ok', { NoMatchingError: 'err' }),
        ),
        say('ok', 'ok', 'bye'),
        say('err', 'error branch', 'bye'),
        hangUp(),
      ]),
    ]);
    const strict = await simulate(flows);
    expect(heardTexts(strict.result)).toEqual(['error branch']);
    expect(strict.result.attributes).toEqual({});
    const lenient = await simulate(flows, { missingReference: 'empty' });
    expect(heardTexts(lenient.result)).toEqual(['ok']);
    expect(lenient.result.attributes).toEqual({ a: 'static', b: '' });
  });

  it('exposes $.CustomerEndpoint.Address and resolves Lambda parameters from references', async () => {
    const flows = flowSet([
      flow('f', [
        act('ca', 'UpdateContactAttributes', { Attributes: { language: 'fr' } }, to('call')),
        invoke('call', 'otp-start', 'bye', 'bye', {
          customerId: '$.Attributes.language',
          caller: '$.CustomerEndpoint.Address',
          none: '$.Attributes.none',
        }),
        hangUp(),
      ]),
    ]);
    const { invocations, result } = await simulate(flows, { callerNumber: '+447700900456' });
    const event = invocations[0]?.event;
    expect(event?.Details.Parameters).toEqual({ customerId: 'fr', caller: '+447700900456', none: '' });
    expect(event?.Details.ContactData).toMatchObject({
      ContactId: '11111111-2222-4333-8444-555555555555',
      CustomerEndpoint: { Address: '+447700900456', Type: 'TELEPHONE_NUMBER' },
      Attributes: { language: 'fr' },
      Channel: 'VOICE',
    });
    expect(result.warnings.join('\n')).toContain('$.Attributes.none');
  });

  it('stops with unsupported-reference for a namespace it does not model', async () => {
    const flows = flowSet([flow('f', [compare('cmp', '$.Lex.IntentName', { x: 'bye' }, 'bye'), hangUp()])]);
    const { result } = await simulate(flows);
    expect(result.error).toMatchObject({ code: 'unsupported-reference', flow: 'f', action: 'cmp' });
  });
});

describe('customer input', () => {
  const menuFlow = flowSet([
    flow('f', [
      menu('m', 'Press 1 or 2.', { '1': 'one', '2': 'two' }, 'timeout', 'nomatch'),
      say('one', 'one', 'bye'),
      say('two', 'two', 'bye'),
      say('timeout', 'timeout', 'bye'),
      say('nomatch', 'no match', 'bye'),
      hangUp(),
    ]),
  ]);

  it.each([
    [['2'], 'two'],
    [['27'], 'two'],
    [['9'], 'no match'],
    [[null], 'timeout'],
  ])('a menu given %j says %s', async (keys, heard) => {
    const { result } = await simulate(menuFlow, { keys });
    expect(heardTexts(result)).toEqual(['Press 1 or 2.', heard]);
  });

  it('stores digits up to the terminator and the maximum length, or Timeout on silence', async () => {
    const flows = flowSet([
      flow('f', [
        stored('in', { CustomValidation: { MaximumLength: '4' } }, 'say', 'err', {
          DTMFConfiguration: { InputTerminationSequence: '#' },
        }),
        say('say', 'got [$.StoredCustomerInput]', 'bye'),
        say('err', 'error', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(flows, { keys: ['12#99'] })).result)[1]).toBe('got [12]');
    expect(heardTexts((await simulate(flows, { keys: ['123456'] })).result)[1]).toBe('got [1234]');
    expect(heardTexts((await simulate(flows, { keys: [null] })).result)[1]).toBe('got [Timeout]');
  });

  it('validates phone numbers: local numbers become E.164, invalid ones take InvalidPhoneNumber', async () => {
    const flows = flowSet([
      flow('f', [
        stored('in', { PhoneNumberValidation: { NumberFormat: 'Local', CountryCode: 'GB' } }, 'say', 'err'),
        say('say', 'got [$.StoredCustomerInput]', 'bye'),
        say('err', 'invalid', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(flows, { keys: ['07700900999#'] })).result)[1]).toBe(
      'got [+447700900999]',
    );
    expect(heardTexts((await simulate(flows, { keys: ['123#'] })).result)[1]).toBe('invalid');
  });

  it('refuses encrypted stored input as unsupported, naming the parameter', async () => {
    const flows = flowSet([
      flow('f', [
        stored('in', { CustomValidation: { MaximumLength: '4' } }, 'bye', 'bye', {
          InputEncryption: { EncryptionKeyId: 'k', Key: 'pem' },
        }),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, { keys: ['1234'] });
    expect(result.error).toMatchObject({
      code: 'unsupported-parameter',
      action: 'in',
      actionType: 'GetParticipantInput',
    });
  });
});

describe('Lambda invocation', () => {
  const flows = flowSet([
    flow('f', [
      invoke('call', 'balance-lookup', 'ok', 'err'),
      say('ok', 'status [$.External.status]', 'bye'),
      say('err', 'error branch', 'bye'),
      hangUp(),
    ]),
  ]);

  it('takes the error branch when the function answers after InvocationTimeLimitSeconds', async () => {
    const { result } = await simulate(flows, {
      functions: { 'balance-lookup': [{ slowMs: 3500, response: { status: 'SUCCESS' } }] },
    });
    expect(heardTexts(result)).toEqual(['error branch']);
    expect(result.calls[0]).toMatchObject({ outcome: 'timeout' });
  });

  it('accepts an answer just inside the limit', async () => {
    const { result } = await simulate(flows, {
      functions: { 'balance-lookup': [{ slowMs: 2900, response: { status: 'SUCCESS' } }] },
    });
    expect(heardTexts(result)).toEqual(['status [SUCCESS]']);
  });

  it('fails STRING_MAP validation for a nested response', async () => {
    const { result } = await simulate(flows, {
      functions: { 'balance-lookup': [{ status: 'SUCCESS', nested: { a: 1 } }] },
    });
    expect(heardTexts(result)).toEqual(['error branch']);
    expect(result.calls[0]).toMatchObject({ outcome: 'invalid-response' });
  });

  it('names an ARN that is not an integration function', async () => {
    const bad = flowSet([
      flow('f', [
        act(
          'call',
          'InvokeLambdaFunction',
          { LambdaFunctionARN: 'arn:aws:lambda:x', InvocationTimeLimitSeconds: '3' },
          to('bye'),
        ),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(bad);
    expect(result.error).toMatchObject({ code: 'unresolved-reference', action: 'call' });
  });

  it('refuses asynchronous invocation as an unsupported parameter value', async () => {
    const bad = flowSet([
      flow('f', [
        act(
          'call',
          'InvokeLambdaFunction',
          {
            LambdaFunctionARN: ref.fn('balance-lookup'),
            InvocationTimeLimitSeconds: '3',
            InvocationType: 'ASYNCHRONOUS',
          },
          to('bye'),
        ),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(bad);
    expect(result.error?.message).toContain('ASYNCHRONOUS');
  });
});

describe('hours, metrics and queues', () => {
  const hoursFlow = flowSet([
    flow('f', [
      act(
        'h',
        'CheckHoursOfOperation',
        { HoursOfOperationId: ref.hours },
        on({ True: 'open', False: 'closed' }, { NoMatchingError: 'err' }),
      ),
      say('open', 'open', 'bye'),
      say('closed', 'closed', 'bye'),
      say('err', 'error', 'bye'),
      hangUp(),
    ]),
  ]);

  it.each([
    ['2026-11-23T10:00:00Z', 'open'], // Monday 10:00 London
    ['2026-11-23T20:00:00Z', 'closed'], // Monday 20:00: closing time
    ['2026-11-28T16:59:00Z', 'open'], // Saturday 16:59
    ['2026-11-29T12:00:00Z', 'closed'], // Sunday
    ['2026-12-25T11:00:00Z', 'closed'], // Christmas Day (a Friday)
    ['2026-07-06T07:30:00Z', 'open'], // Monday 08:30 BST (summer time)
  ])('at %s the centre is %s', async (at, heard) => {
    const { result } = await simulate(hoursFlow, { at });
    expect(heardTexts(result)).toEqual([heard]);
  });

  it("uses the target queue's hours when no hours are named, else NoMatchingError", async () => {
    const byQueue = flowSet([
      flow('f', [
        act(
          'h',
          'CheckHoursOfOperation',
          {},
          on({ True: 'open', False: 'closed' }, { NoMatchingError: 'err' }),
        ),
        say('open', 'open', 'bye'),
        say('closed', 'closed', 'bye'),
        say('err', 'no hours', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(byQueue)).result)).toEqual(['no hours']);
  });

  it('reads queue metrics into $.Metrics, estimated wait only for a single channel', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'm',
          'GetMetricData',
          { QueueId: ref.queue('billing'), QueueChannel: 'Voice' },
          to('s', { NoMatchingError: 'bye' }),
        ),
        say(
          's',
          'size $.Metrics.Queue.Size ewt $.Metrics.Queue.EstimatedWaitTime oldest $.Metrics.Queue.OldestContactAge agents $.Metrics.Agents.Available.Count',
          'm2',
        ),
        act('m2', 'GetMetricData', { QueueId: ref.queue('billing') }, to('s2', { NoMatchingError: 'bye' })),
        say('s2', 'ewt [$.Metrics.Queue.EstimatedWaitTime]', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, {
      queues: {
        billing: {
          estimatedWaitSeconds: 420,
          contactsInQueue: 7,
          oldestContactAgeSeconds: 500,
          agentsAvailable: 0,
        },
      },
    });
    expect(heardTexts(result)).toEqual(['size 7 ewt 420 oldest 500 agents 0', 'ewt []']);
  });

  it('returns no agent metrics when no agent is staffed', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'm',
          'GetMetricData',
          { QueueId: ref.queue('general'), QueueChannel: 'Voice' },
          to('c', { NoMatchingError: 'bye' }),
        ),
        compare('c', '$.Metrics.Agents.Online.Count', { '0': 'zero' }, 'none'),
        say('zero', 'zero', 'bye'),
        say('none', 'no agent metrics', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(flows, { queues: { general: { agentsStaffed: 0 } } })).result)).toEqual(
      ['no agent metrics'],
    );
  });

  const transfer = (hook: boolean) =>
    flowSet([
      flow('in', [
        ...(hook
          ? [
              act(
                'hook',
                'UpdateContactEventHooks',
                { EventHooks: { CustomerQueue: ref.flow('q') } },
                to('wq'),
              ),
            ]
          : []),
        act(
          'wq',
          'UpdateContactTargetQueue',
          { QueueId: ref.queue('orders') },
          to('t', { NoMatchingError: 'err' }),
        ),
        act(
          't',
          'TransferContactToQueue',
          {},
          {
            NextAction: 'full',
            Errors: [
              { ErrorType: 'QueueAtCapacity', NextAction: 'full' },
              { ErrorType: 'NoMatchingError', NextAction: 'err' },
            ],
          },
        ),
        say('full', 'queue full', 'bye'),
        say('err', 'error', 'bye'),
        hangUp(),
      ]),
      flow(
        'q',
        [
          say('welcome', 'please hold', 'hold'),
          act(
            'hold',
            'MessageParticipantIteratively',
            { Messages: [{ Text: 'music' }], InterruptFrequencySeconds: '30' },
            on({ MessagesInterrupted: 'again' }, { NoMatchingError: 'again' }),
          ),
          say('again', 'still waiting', 'hold'),
        ],
        'CUSTOMER_QUEUE',
      ),
    ]);

  it('queues the caller, then runs the customer queue flow until an adviser answers', async () => {
    const { result } = await simulate(transfer(true), { holdInterruptions: 1 });
    expect(result.disposition).toEqual({ type: 'queue', queue: 'orders', answered: true });
    expect(heardTexts(result)).toEqual(['please hold', 'music', 'still waiting', 'music']);
  });

  it('takes QueueAtCapacity when the queue is full', async () => {
    const { result } = await simulate(transfer(false), { queues: { orders: { atCapacity: true } } });
    expect(heardTexts(result)).toEqual(['queue full']);
    expect(result.disposition).toMatchObject({ type: 'disconnect', afterMessage: true });
  });

  it('takes NoMatchingError for a transfer with no working queue', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          't',
          'TransferContactToQueue',
          {},
          { Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'err' }] },
        ),
        say('err', 'no queue', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(flows)).result)).toEqual(['no queue']);
  });
});

describe('callbacks', () => {
  const callback = (number: string) =>
    flowSet([
      flow('f', [
        act(
          'num',
          'UpdateContactCallbackNumber',
          { CallbackNumber: number },
          {
            NextAction: 'cb',
            Errors: [
              { ErrorType: 'InvalidCallbackNumber', NextAction: 'invalid' },
              { ErrorType: 'CallbackNumberNotDialable', NextAction: 'notdialable' },
            ],
          },
        ),
        act(
          'cb',
          'CreateCallbackContact',
          {
            QueueId: ref.queue('callback'),
            InitialCallDelaySeconds: '60',
            MaximumConnectionAttempts: '3',
            RetryDelaySeconds: '600',
          },
          to('ok', { NoMatchingError: 'err' }),
        ),
        say('ok', 'we will call you back', 'bye'),
        say('invalid', 'invalid number', 'bye'),
        say('notdialable', 'cannot dial', 'bye'),
        say('err', 'error', 'bye'),
        hangUp(),
      ]),
    ]);

  it('queues a callback to the caller and ends as a callback disposition', async () => {
    const { result } = await simulate(callback('$.CustomerEndpoint.Address'), {
      callerNumber: '+447700900654',
    });
    expect(result.disposition).toEqual({ type: 'callback', queue: 'callback', number: '+447700900654' });
    expect(result.callbacks[0]).toMatchObject({
      initialDelaySeconds: 60,
      maxAttempts: 3,
      retryDelaySeconds: 600,
    });
  });

  it('takes InvalidCallbackNumber for a withheld number and CallbackNumberNotDialable for a barred prefix', async () => {
    expect(
      heardTexts((await simulate(callback('$.CustomerEndpoint.Address'), { callerNumber: null })).result),
    ).toEqual(['invalid number']);
    const barred = await simulate(callback('$.CustomerEndpoint.Address'), {
      callerNumber: '+19005550100',
      notDialablePrefixes: ['+1900'],
    });
    expect(heardTexts(barred.result)).toEqual(['cannot dial']);
  });
});

describe('loops, endings and limits', () => {
  it('returns ContinueLooping LoopCount times, then DoneLooping once, then resets', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'loop',
          'Loop',
          { LoopCount: '2' },
          on({ ContinueLooping: 'again', DoneLooping: 'done' }, {}, 'done'),
        ),
        say('again', 'again', 'loop'),
        say('done', 'done', 'loop2'),
        act(
          'loop2',
          'Loop',
          { LoopCount: '0' },
          on({ ContinueLooping: 'again', DoneLooping: 'end' }, {}, 'end'),
        ),
        say('end', 'end', 'bye'),
        hangUp(),
      ]),
    ]);
    expect(heardTexts((await simulate(flows)).result)).toEqual(['again', 'again', 'done', 'end']);
  });

  it('ends a loop the caller never leaves with a named step-limit error', async () => {
    const flows = flowSet([
      flow('f', [
        say('a', 'round and round', 'b'),
        compare('b', '$.Attributes.x', { never: 'bye' }, 'a'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows, { maxSteps: 50 });
    expect(result.disposition).toMatchObject({ type: 'error', code: 'step-limit' });
    expect(result.error?.message).toMatch(/ran 50 actions without ending/);
    expect(result.steps).toBe(51);
  });

  it('names the flow, action and type of an action type it does not implement', async () => {
    const flows = flowSet([
      flow('main', [
        say('hi', 'hi', 'lex'),
        act('lex', 'SummonWizard', { Text: 'say something' }, to('bye')),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(result.error).toEqual({
      code: 'unsupported-action',
      message:
        "flow 'main' reached action 'lex' of type SummonWizard, which the simulator does not implement",
      flow: 'main',
      action: 'lex',
      actionType: 'SummonWizard',
    });
    expect(heardTexts(result)).toEqual(['hi']);
  });

  it('names a parameter it does not implement', async () => {
    const flows = flowSet([
      flow('main', [
        act('hi', 'MessageParticipant', { Text: 'hi', LanguageCode: 'en-GB' }, to('bye')),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(result.error).toMatchObject({
      code: 'unsupported-parameter',
      flow: 'main',
      action: 'hi',
      actionType: 'MessageParticipant',
    });
    expect(result.error?.message).toContain('LanguageCode');
  });

  it('refuses recorded prompts (PromptId) as unsupported', async () => {
    const flows = flowSet([
      flow('main', [act('hi', 'MessageParticipant', { PromptId: 'arn:prompt' }, to('bye')), hangUp()]),
    ]);
    expect((await simulate(flows)).result.error?.message).toContain('PromptId');
  });

  it('tells a silent disconnect from one after a goodbye', async () => {
    const silent = flowSet([flow('f', [menu('m', 'Press 1.', { '1': 'bye' }, 'bye', 'bye'), hangUp()])]);
    const { result } = await simulate(silent, { keys: ['1'] });
    expect(result.disposition).toMatchObject({ type: 'disconnect', afterMessage: false });
  });

  it('reports EndFlowExecution in an inbound flow as an ending without transfer', async () => {
    const flows = flowSet([flow('f', [say('hi', 'hi', 'end'), act('end', 'EndFlowExecution')])]);
    expect((await simulate(flows)).result.disposition).toEqual({ type: 'ended', flow: 'f' });
  });

  it('speaks in the voice set, and knows its language from the journey map', async () => {
    const flows = flowSet([
      flow('f', [
        act(
          'v',
          'UpdateContactTextToSpeechVoice',
          { TextToSpeechVoice: 'Lea', TextToSpeechEngine: 'Neural' },
          to('hi'),
        ),
        say('hi', 'bonjour', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(result.heard[0]).toMatchObject({ voice: 'Lea', language: 'fr' });
    expect(result.language).toBe('fr');
  });
});
