/**
 * Fidelity of the validator to the flow-language reference: for every action type added for real
 * flows (issue 12), the documented example shape validates with no error in a flow type its page
 * allows, and is refused in one its Restrictions exclude. Each case names its page.
 */
import { ACTION_RULES, type ContactFlowType } from '../../lib/flows/model';
import { checkFlow, validateFlow, type FlowProblemCode } from '../../lib/flows/validate';

const API = 'https://docs.aws.amazon.com/connect/latest/APIReference/';
const end = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const moduleEnd = { Identifier: 'end', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} };
const errorsTo = (...types: string[]) => types.map((ErrorType) => ({ ErrorType, NextAction: 'end' }));

/** A flow of the action under test, then an ending (none when the action is itself terminal). */
const flowOf = (action: Record<string, unknown>, ending: Record<string, unknown> = end): unknown => {
  const terminal = Object.keys((action.Transitions as object | undefined) ?? {}).length === 0;
  return {
    Version: '2019-10-30',
    StartAction: 'a',
    Actions: [{ Identifier: 'a', ...action }, ...(terminal ? [] : [ending])],
  };
};

interface Case {
  readonly type: string;
  readonly page: string;
  readonly action: Record<string, unknown>;
  readonly allowedIn: ContactFlowType;
  readonly refusedIn?: ContactFlowType;
  readonly ending?: Record<string, unknown>;
}

const CASES: readonly Case[] = [
  {
    type: 'InvokeFlowModule',
    page: 'flow-language-actions-invoke-flow-module.html',
    action: {
      Parameters: { FlowModuleId: '${ref:module/auth}' },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'CONTACT_FLOW',
    refusedIn: 'CUSTOMER_QUEUE',
  },
  {
    type: 'EndFlowModuleExecution',
    page: 'endflowmoduleexecution.html',
    action: { Parameters: {}, Transitions: {} },
    allowedIn: 'FLOW_MODULE',
    refusedIn: 'CONTACT_FLOW',
  },
  {
    type: 'ConnectParticipantWithLexBot',
    page: 'participant-actions-connectparticipantwithlexbot.html',
    action: {
      Parameters: {
        Text: 'How can I help?',
        LexV2Bot: { AliasArn: '${ref:lex-bot/main}' },
        LexSessionAttributes: { lang: 'en' },
      },
      Transitions: {
        NextAction: 'end',
        Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['CheckBalance'] } }],
        Errors: errorsTo('InputTimeLimitExceeded', 'NoMatchingError', 'NoMatchingCondition'),
      },
    },
    allowedIn: 'CONTACT_FLOW',
  },
  {
    type: 'TransferContactToAgent',
    page: 'contact-actions-transfercontacttoagent.html',
    action: { Parameters: {}, Transitions: {} },
    allowedIn: 'AGENT_TRANSFER',
    refusedIn: 'CONTACT_FLOW',
  },
  {
    type: 'DequeueContactAndTransferToQueue',
    page: 'contact-actions-dequeuecontactandtransfertoqueue.html',
    action: {
      Parameters: { QueueId: '${ref:queue/overflow}' },
      Transitions: { NextAction: 'end', Errors: errorsTo('QueueAtCapacity', 'NoMatchingError') },
    },
    allowedIn: 'CUSTOMER_QUEUE',
    refusedIn: 'CONTACT_FLOW',
  },
  {
    type: 'TransferParticipantToThirdParty',
    page: 'participant-actions-transferparticipanttothirdparty.html',
    action: {
      Parameters: {
        ThirdPartyPhoneNumber: '+442079460001',
        ThirdPartyConnectionTimeLimitSeconds: '30',
        ContinueFlowExecution: 'True',
      },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'CONTACT_FLOW',
  },
  {
    type: 'Wait',
    page: 'flow-control-actions-wait.html',
    action: {
      Parameters: { TimeoutSeconds: '300', Events: ['CustomerReturned'] },
      Transitions: {
        NextAction: 'end',
        Conditions: [
          { NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } },
          { NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['CustomerReturned'] } },
        ],
        Errors: errorsTo('NoMatchingError'),
      },
    },
    allowedIn: 'CONTACT_FLOW',
  },
  {
    type: 'CreateTask',
    page: 'createtask.html',
    action: {
      Parameters: { ContactFlowId: '${ref:flow/tasks}', Name: 'Call back', DelaySeconds: '60' },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'CONTACT_FLOW',
  },
  {
    type: 'UpdateContactRoutingBehavior',
    page: 'contact-actions-updatecontactroutingbehavior.html',
    action: { Parameters: { QueuePriority: '1' }, Transitions: { NextAction: 'end' } },
    allowedIn: 'CONTACT_FLOW',
    refusedIn: 'CUSTOMER_WHISPER',
  },
  {
    type: 'UpdateContactMediaStreamingBehavior',
    page: 'contact-actions-updatecontactmediastreamingbehavior.html',
    action: {
      Parameters: {
        MediaStreamingState: 'Enabled',
        MediaStreamType: 'Audio',
        Participants: [{ ParticipantType: 'Customer', MediaDirections: ['From', 'To'] }],
      },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'CONTACT_FLOW',
    refusedIn: 'CUSTOMER_HOLD',
  },
  {
    type: 'UpdatePreviousContactParticipantState',
    page: 'contact-actions-updatepreviouscontactparticipantstate.html',
    action: {
      Parameters: { PreviousContactParticipantState: 'AgentOnHold' },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'QUEUE_TRANSFER',
    refusedIn: 'CUSTOMER_QUEUE',
  },
  {
    type: 'CompleteOutboundCall',
    page: 'contact-actions-completeoutboundcall.html',
    action: { Parameters: { CallerId: { Number: '+442079460000' } }, Transitions: { NextAction: 'end' } },
    allowedIn: 'OUTBOUND_WHISPER',
    refusedIn: 'CONTACT_FLOW',
  },
  {
    type: 'GetCustomerProfile',
    page: 'interactions-getcustomerprofile.html',
    action: {
      Parameters: {
        ProfileRequestData: { IdentifierName: '_phone', IdentifierValue: '$.CustomerEndpoint.Address' },
        ProfileResponseData: ['FirstName'],
      },
      Transitions: {
        NextAction: 'end',
        Errors: errorsTo('NoneFoundError', 'MultipleFoundError', 'NoMatchingError'),
      },
    },
    allowedIn: 'CONTACT_FLOW',
  },
  {
    type: 'UpdateCustomerProfile',
    page: 'interactions-updatecustomerprofile.html',
    action: {
      Parameters: { ProfileRequestData: { FirstName: '$.Attributes.name' } },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    },
    allowedIn: 'CONTACT_FLOW',
  },
];

const codes = (doc: unknown, flowType: ContactFlowType): FlowProblemCode[] =>
  validateFlow(doc, 'fidelity', { flowType }).map((p) => p.code);

describe('every modelled action type cites its page', () => {
  test.each(CASES.map((c) => [c.type, c.page]))('%s -> %s', (type, page) => {
    expect(ACTION_RULES[type as keyof typeof ACTION_RULES].doc).toBe(`${API}${page}`);
  });
});

describe('the documented example shape validates (strict: no finding at all)', () => {
  test.each(CASES.map((c) => [c.type, c]))('%s', (_type, c) => {
    const doc = flowOf({ Type: c.type, ...c.action }, c.allowedIn === 'FLOW_MODULE' ? moduleEnd : end);
    expect(codes(doc, c.allowedIn)).toEqual([]);
  });
});

describe('Restrictions: refused in a flow type the page excludes', () => {
  test.each(CASES.filter((c) => c.refusedIn !== undefined).map((c) => [c.type, c.refusedIn, c]))(
    '%s in %s',
    (_type, refusedIn, c) => {
      const report = checkFlow(flowOf({ Type: c.type, ...c.action }), 'fidelity', {
        flowType: refusedIn as ContactFlowType,
      });
      expect(report.errors.map((p) => p.code)).toContain('flow-type-restriction');
      expect(report.errors.find((p) => p.code === 'flow-type-restriction')?.message).toContain(c.page);
    },
  );
});

describe('issue 12 cases: what Connect accepts is never an error', () => {
  test('MessageParticipantIteratively with empty transitions in a queue flow (participant-actions-messageparticipantiteratively.html)', () => {
    const doc = flowOf({
      Type: 'MessageParticipantIteratively',
      Parameters: { Messages: [{ Text: 'Please hold' }] },
      Transitions: {},
    });
    const report = checkFlow(doc, 'queue', { flowType: 'CUSTOMER_QUEUE' });
    expect(report.errors).toEqual([]);
    // ...but outside queue and hold flows it is refused.
    expect(checkFlow(doc, 'inbound', { flowType: 'CONTACT_FLOW' }).errors.map((p) => p.code)).toEqual([
      'flow-type-restriction',
    ]);
  });

  test('MessageParticipant without NoMatchingError is a lint, not an error (participant-actions-messageparticipant.html)', () => {
    const report = checkFlow(
      flowOf({ Type: 'MessageParticipant', Parameters: { Text: 'Hi' }, Transitions: { NextAction: 'end' } }),
      'f',
    );
    expect(report.errors).toEqual([]);
    expect(report.lints.map((p) => p.code)).toEqual(['missing-error-branch']);
  });

  test('TransferContactToQueue without Parameters is accepted (contact-actions-transfercontacttoqueue.html)', () => {
    const report = checkFlow(
      flowOf({
        Type: 'TransferContactToQueue',
        Transitions: { NextAction: 'end', Errors: errorsTo('QueueAtCapacity', 'NoMatchingError') },
      }),
      'f',
      { flowType: 'QUEUE_TRANSFER' },
    );
    expect(report.errors).toEqual([]);
    expect(report.lints).toEqual([]);
  });

  test('NoMatchingCondition on CheckMetricData of agent metrics is a lint (flow-control-actions-checkmetricdata.html)', () => {
    const report = checkFlow(
      flowOf({
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsAvailable' },
        Transitions: {
          NextAction: 'end',
          Conditions: [{ NextAction: 'end', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
          Errors: errorsTo('NoMatchingError', 'NoMatchingCondition'),
        },
      }),
      'f',
    );
    expect(report.errors).toEqual([]);
    expect(report.lints.map((p) => p.code)).toEqual(['unexpected-error-type']);
  });

  test('blocks left on the canvas and literal ARNs are lints, configurable (project policy)', () => {
    const doc = {
      Version: '2019-10-30',
      StartAction: 'a',
      Actions: [
        {
          Identifier: 'a',
          Type: 'UpdateContactTargetQueue',
          Parameters: { QueueId: 'arn:aws:connect:eu-west-2:111122223333:instance/i/queue/q' },
          Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
        },
        end,
        { ...end, Identifier: 'orphan' },
      ],
    };
    expect(checkFlow(doc, 'f').errors).toEqual([]);
    expect(
      checkFlow(doc, 'f')
        .lints.map((p) => p.code)
        .sort(),
    ).toEqual(['literal-arn', 'unreachable']);
    const tuned = checkFlow(doc, 'f', { lints: { 'literal-arn': 'off', unreachable: 'error' } });
    expect(tuned.lints).toEqual([]);
    expect(tuned.errors.map((p) => p.code)).toEqual(['unreachable']);
    // Strict mode (the product's own flows): every lint is a problem.
    expect(
      validateFlow(doc, 'f')
        .map((p) => p.code)
        .sort(),
    ).toEqual(['literal-arn', 'unreachable']);
  });
});

describe('rules laxer than Connect before issue 12', () => {
  test('a branching action without NextAction and without NoMatchingCondition is a dead end (flow-language-actions.html)', () => {
    const doc = flowOf({
      Type: 'Compare',
      Parameters: { ComparisonValue: '$.Attributes.x' },
      Transitions: {
        Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['1'] } }],
      },
    });
    expect(checkFlow(doc, 'f').errors.map((p) => p.code)).toEqual(['dead-end']);
  });

  test('a JSONPath must start at a namespace Connect defines (adminguide/connect-attrib-list.html)', () => {
    const cmp = (value: string) =>
      flowOf({
        Type: 'Compare',
        Parameters: { ComparisonValue: value },
        Transitions: {
          NextAction: 'end',
          Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['1'] } }],
          Errors: errorsTo('NoMatchingCondition'),
        },
      });
    expect(checkFlow(cmp('$.Attributes.tier'), 'f').errors).toEqual([]);
    expect(checkFlow(cmp('$.Atributes.tier'), 'f').errors.map((p) => p.code)).toEqual(['invalid-jsonpath']);
  });

  test('an error type the language does not define is an error (flow-language-actions.html)', () => {
    const doc = flowOf({
      Type: 'MessageParticipant',
      Parameters: { Text: 'x' },
      Transitions: { NextAction: 'end', Errors: errorsTo('Oops') },
    });
    expect(checkFlow(doc, 'f').errors.map((p) => p.code)).toEqual(['unknown-error-type']);
  });

  test('Wait must list WaitCompleted and every event as conditions (flow-control-actions-wait.html)', () => {
    const doc = flowOf({
      Type: 'Wait',
      Parameters: { TimeoutSeconds: '60', Events: ['CustomerReturned'] },
      Transitions: {
        NextAction: 'end',
        Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }],
        Errors: errorsTo('NoMatchingError'),
      },
    });
    expect(checkFlow(doc, 'f').errors.map((p) => p.message)).toEqual([
      'needs a condition Equals CustomerReturned',
    ]);
  });

  test('UpdateContactRoutingBehavior takes exactly one of priority or age (contact-actions-updatecontactroutingbehavior.html)', () => {
    const doc = flowOf({
      Type: 'UpdateContactRoutingBehavior',
      Parameters: { QueuePriority: '1', QueueTimeAdjustmentSeconds: '30' },
      Transitions: { NextAction: 'end' },
    });
    expect(checkFlow(doc, 'f').errors.map((p) => p.code)).toEqual(['invalid-parameter']);
  });

  test('channel restrictions apply when channels are given (flow-control-actions-wait.html: chat only)', () => {
    const c = CASES.find((x) => x.type === 'Wait') as Case;
    expect(
      checkFlow(flowOf({ Type: 'Wait', ...c.action }), 'f', { channels: ['VOICE'] }).lints.map((p) => p.code),
    ).toEqual(['channel-restriction']);
    expect(checkFlow(flowOf({ Type: 'Wait', ...c.action }), 'f', { channels: ['CHAT'] }).lints).toEqual([]);
  });

  test('a documented but untyped action (UpdateContactData) is a lint, an undocumented one is unsupported', () => {
    const doc = flowOf({
      Type: 'UpdateContactData',
      Parameters: { Name: 'x' },
      Transitions: { NextAction: 'end' },
    });
    expect(checkFlow(doc, 'f').lints.map((p) => p.code)).toEqual(['unmodelled-action-type']);
    const unknown = flowOf({ Type: 'SummonWizard', Parameters: {}, Transitions: { NextAction: 'end' } });
    expect(checkFlow(unknown, 'f').unsupported.map((p) => p.code)).toEqual(['unknown-action-type']);
  });

  test('the budget counts actions and characters', () => {
    const doc = flowOf({
      Type: 'MessageParticipant',
      Parameters: { Text: 'x' },
      Transitions: { NextAction: 'end', Errors: errorsTo('NoMatchingError') },
    });
    expect(checkFlow(doc, 'f').budget).toEqual({
      actions: 2,
      maxActions: 250,
      characters: JSON.stringify(doc).length,
      maxCharacters: 256000,
    });
  });
});
