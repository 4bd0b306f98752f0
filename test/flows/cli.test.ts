import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disconnect, message } from '../../lib/flows/builder';
import { main } from '../../tools/flows-validate';

const dir = mkdtempSync(join(tmpdir(), 'flows-validate-'));
const write = (name: string, content: string): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const good = {
  Version: '2019-10-30',
  StartAction: 'bye',
  Metadata: { name: 'Console export' },
  Actions: [message('bye', { Text: 'Goodbye.' }, 'hang-up'), disconnect('hang-up')],
};
const size = (doc: unknown): string => JSON.stringify(doc).length.toLocaleString('en-GB');

/** Runs the CLI and returns its exit status and output lines. */
function run(...args: string[]): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { status, out, err };
}

describe('flows-validate CLI', () => {
  test('exits 0 for a clean console export and prints its budget', () => {
    const file = write('clean.json', JSON.stringify(good));
    expect(run(file)).toEqual({
      status: 0,
      out: [
        `${file}: flow 'Console export' [type unknown] 2/250 actions, ${size(good)}/256,000 characters: valid`,
      ],
      err: [],
    });
  });

  test('exits 2 for an action type the flow language does not document, naming the action', () => {
    const flow = {
      ...good,
      StartAction: 'bot',
      Actions: [
        { Identifier: 'bot', Type: 'SummonWizard', Parameters: {}, Transitions: { NextAction: 'bye' } },
        ...good.Actions,
      ],
    };
    const file = write('wizard.json', JSON.stringify(flow));
    const { status, out } = run(file);
    expect(status).toBe(2);
    expect(out[1]).toBe(
      "  unsupported [unknown-action-type] action 'bot': has Type 'SummonWizard', which this validator does not model; check it by hand",
    );
  });

  test('lints alone exit 0, or 1 with --strict; errors exit 1 and cite their page', () => {
    const lint = { ...good, Actions: [...good.Actions, disconnect('left-on-canvas')] };
    const file = write('lint.json', JSON.stringify(lint));
    expect(run(file).status).toBe(0);
    expect(run(file).out[1]).toMatch(/^ {2}lint \[unreachable\] action 'left-on-canvas'/);
    expect(run('--strict', file).status).toBe(1);
    expect(run('--lint', 'unreachable=off', '--strict', file).status).toBe(0);
    // flow-language-actions.html: every NextAction names an action of the flow.
    const broken = { ...good, Actions: [message('bye', { Text: 'Bye.' }, 'nowhere'), disconnect('hang-up')] };
    const bad = run(write('broken-target.json', JSON.stringify(broken)));
    expect(bad.status).toBe(1);
    expect(bad.out.join('\n')).toMatch(
      /error \[unresolved-transition\].*\(https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/APIReference\/flow-language-actions\.html\)/,
    );
  });

  test('reads DescribeContactFlow and DescribeContactFlowModule responses with their type', () => {
    const described = write(
      'described.json',
      JSON.stringify({ ContactFlow: { Name: 'Main', Type: 'CONTACT_FLOW', Content: JSON.stringify(good) } }),
    );
    expect(run(described).out[0]).toMatch(/flow 'Main' \[CONTACT_FLOW\] 2\/250 actions/);
    const module = write(
      'module.json',
      JSON.stringify({ ContactFlowModule: { Name: 'Mod', Content: JSON.stringify(good) } }),
    );
    expect(run(module).out[0]).toMatch(/flow 'Mod' \[FLOW_MODULE\]/);
    const compiled = write('compiled.json', JSON.stringify([{ name: 'inbound', content: good }]));
    expect(run(compiled).out[0]).toMatch(/flow 'inbound'/);
  });

  test('reads a cdk.out: every flow of every template, references shown as names', () => {
    const out = join(dir, 'cdk.out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), '{}');
    const content = {
      'Fn::Join': [
        '',
        [
          '{"Version":"2019-10-30","StartAction":"q","Actions":[{"Identifier":"q","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"',
          { 'Fn::GetAtt': ['GeneralQueue', 'QueueArn'] },
          '"},"Transitions":{"NextAction":"t","Errors":[{"ErrorType":"NoMatchingError","NextAction":"t"}]}},{"Identifier":"t","Type":"TransferContactToQueue","Transitions":{}}]}',
        ],
      ],
    };
    writeFileSync(
      join(out, 'App.template.json'),
      JSON.stringify({
        Resources: {
          Flow: {
            Type: 'AWS::Connect::ContactFlow',
            Properties: { Name: 'inbound', Type: 'CONTACT_FLOW', Content: content },
          },
          Other: { Type: 'AWS::SNS::Topic', Properties: {} },
        },
      }),
    );
    const { status, out: lines } = run(out);
    expect(lines[0]).toMatch(/App\.template\.json: flow 'inbound' \[CONTACT_FLOW\] 2\/250 actions/);
    // TransferContactToQueue exported without Parameters and without error branches: lints only.
    expect(lines.slice(1).every((l) => l.startsWith('  lint'))).toBe(true);
    expect(status).toBe(0);
  });

  test('a queue flow with TransferContactToQueue is refused (contact-actions-transfercontacttoqueue.html)', () => {
    const doc = {
      ContactFlow: {
        Name: 'Queue',
        Type: 'CUSTOMER_QUEUE',
        Content: JSON.stringify({
          Version: '2019-10-30',
          StartAction: 't',
          Actions: [
            {
              Identifier: 't',
              Type: 'TransferContactToQueue',
              Parameters: {},
              Transitions: {
                NextAction: 'x',
                Errors: [
                  { ErrorType: 'NoMatchingError', NextAction: 'x' },
                  { ErrorType: 'QueueAtCapacity', NextAction: 'x' },
                ],
              },
            },
            { Identifier: 'x', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
          ],
        }),
      },
    };
    const { status, out } = run(write('queue-transfer.json', JSON.stringify(doc)));
    expect(status).toBe(1);
    expect(out.join('\n')).toMatch(/error \[flow-type-restriction\] action 't'/);
  });

  test('exits 2 with one clear line for invalid JSON, an unknown Version or an unreadable file', () => {
    const broken = write('broken.json', '{ "Version": ');
    expect(run(broken).status).toBe(2);
    expect(run(broken).err[0]).toMatch(/broken\.json: is not valid JSON/);
    const version = write('version.json', JSON.stringify({ ...good, Version: '2030-01-01' }));
    expect(run(version).status).toBe(2);
    expect(run(join(dir, 'missing.json'))).toMatchObject({
      status: 2,
      err: [expect.stringMatching(/cannot be read \(ENOENT\)/)],
    });
    expect(run().status).toBe(2);
    expect(run('--type', 'NOPE', broken).err[0]).toMatch(/--type NOPE is not a flow type/);
  });
});
