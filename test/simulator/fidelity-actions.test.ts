/**
 * The simulator follows the documented branches of the action types added for real flows
 * (issue 12); what it cannot run offline ends the call "not simulated", naming flow, action and type.
 */
import { act, flow, flowSet, hangUp, on, ref, say, simulate, to } from './support';

const notSimulated = async (type: string, parameters: Record<string, unknown>) => {
  const flows = flowSet([
    flow('main', [
      say('hi', 'Hello.', 'x'),
      act('x', type, parameters, to('bye', { NoMatchingError: 'bye' })),
      hangUp(),
    ]),
  ]);
  const { result } = await simulate(flows);
  return result;
};

describe('extended action types', () => {
  test('ConnectParticipantWithLexBot branches on the stub intent, Equals conditions (participant-actions-connectparticipantwithlexbot.html)', async () => {
    const bot = act(
      'bot',
      'ConnectParticipantWithLexBot',
      { Text: 'How can I help?', LexV2Bot: { AliasArn: 'alias/main' } },
      on(
        { Balance: 'balance' },
        { NoMatchingCondition: 'other', InputTimeLimitExceeded: 'timeout', NoMatchingError: 'other' },
        'other',
      ),
    );
    const flows = flowSet([
      flow('main', [
        bot,
        say('balance', 'Your balance.', 'bye'),
        say('other', 'Sorry.', 'bye'),
        say('timeout', 'Are you there?', 'bye'),
        hangUp(),
      ]),
    ]);
    const heardLast = async (lex: Parameters<typeof simulate>[1]) =>
      (await simulate(flows, lex)).result.heard.map((h) => h.text);
    expect(await heardLast({ lex: () => ({ kind: 'intent', intent: 'Balance' }) })).toEqual([
      'How can I help?',
      'Your balance.',
    ]);
    expect(await heardLast({ lex: () => ({ kind: 'intent', intent: 'Weather' }) })).toEqual([
      'How can I help?',
      'Sorry.',
    ]);
    expect(await heardLast({ lex: () => ({ kind: 'timeout' }) })).toEqual([
      'How can I help?',
      'Are you there?',
    ]);
    const { result } = await simulate(flows);
    expect(result.disposition).toMatchObject({ type: 'error', code: 'not-simulated' });
    expect(result.error).toMatchObject({
      code: 'not-simulated',
      flow: 'main',
      action: 'bot',
      actionType: 'ConnectParticipantWithLexBot',
    });
  });

  test.each([
    ['TransferParticipantToThirdParty', { ThirdPartyPhoneNumber: '+442079460001' }],
    ['InvokeFlowModule', { FlowModuleId: 'module/auth' }],
    ['GetCustomerProfile', { ProfileRequestData: { IdentifierName: '_phone' } }],
    ['TransferContactToAgent', {}],
    ['CompleteOutboundCall', {}],
    ['UpdateContactData', { Name: 'x' }],
  ])('%s ends the call "not simulated"', async (type, parameters) => {
    const result = await notSimulated(type, parameters);
    expect(result.disposition).toMatchObject({ type: 'error', code: 'not-simulated' });
    expect(result.error?.actionType).toBe(type);
    expect(result.heard.map((h) => h.text)).toEqual(['Hello.']);
  });

  test('Wait is chat-only: a voice call takes NoMatchingError (flow-control-actions-wait.html)', async () => {
    const flows = flowSet([
      flow('main', [
        act(
          'w',
          'Wait',
          { TimeoutSeconds: '60' },
          on({ WaitCompleted: 'done' }, { NoMatchingError: 'err' }, 'done'),
        ),
        say('done', 'Done.', 'bye'),
        say('err', 'Error.', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(result.heard.map((h) => h.text)).toEqual(['Error.']);
  });

  test('CreateTask, routing priority and media streaming take the success branch', async () => {
    const flows = flowSet([
      flow('main', [
        act(
          'task',
          'CreateTask',
          { ContactFlowId: 'flow/tasks', Name: 'Follow up' },
          to('prio', { NoMatchingError: 'bye' }),
        ),
        act('prio', 'UpdateContactRoutingBehavior', { QueuePriority: '1' }, to('stream')),
        act(
          'stream',
          'UpdateContactMediaStreamingBehavior',
          { MediaStreamingState: 'Enabled' },
          to('ok', { NoMatchingError: 'bye' }),
        ),
        say('ok', 'All set.', 'bye'),
        hangUp(),
      ]),
    ]);
    const { result } = await simulate(flows);
    expect(result.heard.map((h) => h.text)).toEqual(['All set.']);
  });

  test('UpdatePreviousContactParticipantState on a new inbound call takes NoMatchingError', async () => {
    const flows = flowSet([
      flow('main', [
        act(
          'hold',
          'UpdatePreviousContactParticipantState',
          { PreviousContactParticipantState: 'AgentOnHold' },
          to('ok', { NoMatchingError: 'err' }),
        ),
        say('ok', 'OK.', 'bye'),
        say('err', 'No agent.', 'bye'),
        hangUp(),
      ]),
    ]);
    expect((await simulate(flows)).result.heard.map((h) => h.text)).toEqual(['No agent.']);
  });

  test('DequeueContactAndTransferToQueue moves the caller to another queue from the queue flow (contact-actions-dequeuecontactandtransfertoqueue.html)', async () => {
    const queueFlow = flow(
      'customer-queue',
      [
        act(
          'move',
          'DequeueContactAndTransferToQueue',
          { QueueId: ref.queue('billing') },
          to('bye', { QueueAtCapacity: 'bye', NoMatchingError: 'bye' }),
        ),
        hangUp(),
      ],
      'CUSTOMER_QUEUE',
    );
    const inbound = flow('main', [
      act(
        'hook',
        'UpdateContactEventHooks',
        { EventHooks: { CustomerQueue: ref.flow('customer-queue') } },
        to('target', { NoMatchingError: 'bye' }),
      ),
      act(
        'target',
        'UpdateContactTargetQueue',
        { QueueId: ref.queue('general') },
        to('xfer', { NoMatchingError: 'bye' }),
      ),
      act(
        'xfer',
        'TransferContactToQueue',
        {},
        to('bye', { QueueAtCapacity: 'bye', NoMatchingError: 'bye' }),
      ),
      hangUp(),
    ]);
    const { result } = await simulate(flowSet([inbound, queueFlow], 'main'));
    expect(result.disposition).toEqual({ type: 'queue', queue: 'billing', answered: true });
    const full = await simulate(flowSet([inbound, queueFlow], 'main'), {
      queues: { billing: { atCapacity: true } },
    });
    expect(full.result.disposition.type).toBe('disconnect');
  });

  test('EndFlowModuleExecution ends the run like the end of a flow', async () => {
    const { result } = await simulate(
      flowSet([flow('main', [act('ret', 'EndFlowModuleExecution')], 'FLOW_MODULE')]),
    );
    expect(result.disposition).toEqual({ type: 'ended', flow: 'main' });
  });
});
