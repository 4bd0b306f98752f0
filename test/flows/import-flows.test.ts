/**
 * flows:import: ARNs become named references listed in references.json, each flow is validated, and
 * the report says what a journey map could replace. Fixtures are shapes written from the
 * flow-language reference, not copies of anyone's flows.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeArn, importFlows, main } from '../../tools/flows-import';

const ACCOUNT = '111122223333';
const QUEUE = `arn:aws:connect:eu-west-2:${ACCOUNT}:instance/inst-1/queue/q-123`;
const FN = `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:lookup-account`;
const BOT = `arn:aws:lex:eu-west-2:${ACCOUNT}:bot-alias/BOT1/ALIAS1`;

const exported = {
  Version: '2019-10-30',
  StartAction: 'lookup',
  Metadata: { ActionMetadata: { queue: { parameters: { QueueId: { displayName: 'Billing' } } } } },
  Actions: [
    {
      Identifier: 'lookup',
      Type: 'InvokeLambdaFunction',
      Parameters: { LambdaFunctionARN: FN, InvocationTimeLimitSeconds: '3' },
      Transitions: { NextAction: 'bot', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'queue' }] },
    },
    {
      Identifier: 'bot',
      Type: 'ConnectParticipantWithLexBot',
      Parameters: { Text: 'How can I help?', LexV2Bot: { AliasArn: BOT } },
      Transitions: {
        NextAction: 'queue',
        Conditions: [{ NextAction: 'queue', Condition: { Operator: 'Equals', Operands: ['Billing'] } }],
        Errors: [
          { ErrorType: 'NoMatchingError', NextAction: 'queue' },
          { ErrorType: 'NoMatchingCondition', NextAction: 'queue' },
        ],
      },
    },
    {
      Identifier: 'queue',
      Type: 'UpdateContactTargetQueue',
      Parameters: { QueueId: QUEUE },
      Transitions: { NextAction: 'xfer', Errors: [{ ErrorType: 'NoMatchingError', NextAction: 'xfer' }] },
    },
    { Identifier: 'xfer', Type: 'TransferContactToQueue', Transitions: {} },
  ],
};

describe('flows:import', () => {
  test('names ARNs by kind, from designer metadata when it has a display name', () => {
    expect(describeArn(QUEUE)).toEqual({ kind: 'queue', id: 'q-123' });
    expect(describeArn(FN)).toEqual({ kind: 'function', id: 'lookup-account' });
    const { flows, references } = importFlows([
      { file: 'x.json', name: 'Main', document: exported, type: 'CONTACT_FLOW' },
    ]);
    expect(references.map((r) => [r.name, r.arn])).toEqual([
      ['function/lookup-account', FN],
      ['lex-bot/BOT1-ALIAS1', BOT],
      ['queue/Billing', QUEUE],
    ]);
    const text = JSON.stringify(flows[0]?.content);
    expect(text).not.toContain('arn:aws');
    expect(text).toContain('${ref:queue/Billing}');
    // Validated after the references: no literal-arn lint left, and no error.
    expect(flows[0]?.report.errors).toEqual([]);
    expect(flows[0]?.report.lints.map((p) => [p.code, p.action])).toEqual([
      ['missing-error-branch', 'xfer'],
      ['missing-error-branch', 'xfer'],
    ]);
    // The Lex bot is what a journey map cannot express; the rest it can.
    expect(flows[0]?.kept).toEqual({ ConnectParticipantWithLexBot: 1 });
    expect(flows[0]?.replaceable).toEqual({
      InvokeLambdaFunction: 1,
      UpdateContactTargetQueue: 1,
      TransferContactToQueue: 1,
    });
  });

  test('writes flows, references.json and REPORT.md from DescribeContactFlow responses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-import-'));
    const input = join(dir, 'main.json');
    writeFileSync(
      input,
      JSON.stringify({
        ContactFlow: { Name: 'Main IVR', Type: 'CONTACT_FLOW', Content: JSON.stringify(exported) },
      }),
    );
    const out: string[] = [];
    const status = main(
      ['--out', join(dir, 'imported'), input],
      (l) => out.push(l),
      () => undefined,
    );
    expect(status).toBe(0);
    const flow = JSON.parse(readFileSync(join(dir, 'imported', 'Main-IVR.json'), 'utf8')) as {
      type: string;
      content: unknown;
    };
    expect(flow.type).toBe('CONTACT_FLOW');
    const refs = JSON.parse(readFileSync(join(dir, 'imported', 'references.json'), 'utf8')) as {
      references: { usedBy: string[] }[];
    };
    expect(refs.references).toHaveLength(3);
    expect(refs.references[2]?.usedBy).toEqual(['Main IVR/queue']);
    const report = readFileSync(join(dir, 'imported', 'REPORT.md'), 'utf8');
    expect(report).toContain('| Main IVR | CONTACT_FLOW | 4/250 |');
    expect(report).toContain('3 of 4 | ConnectParticipantWithLexBot ×1 |');
    expect(out[out.length - 1]).toBe(`1 flow(s) and 3 reference(s) written to ${join(dir, 'imported')}`);
  });

  test('an unreadable input is one line and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-import-'));
    writeFileSync(join(dir, 'bad.json'), 'not json');
    const err: string[] = [];
    expect(
      main(
        ['--out', join(dir, 'o'), join(dir, 'bad.json')],
        () => undefined,
        (l) => err.push(l),
      ),
    ).toBe(2);
    expect(err).toEqual([expect.stringMatching(/bad\.json: is not valid JSON/)]);
  });
});
