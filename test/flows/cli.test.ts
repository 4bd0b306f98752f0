import { mkdtempSync, writeFileSync } from 'node:fs';
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

/** Runs the CLI and returns its exit status and output lines. */
function run(...files: string[]): { status: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(
    files,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { status, out, err };
}

describe('flows-validate CLI', () => {
  test('exits 0 for a clean console export', () => {
    const file = write('clean.json', JSON.stringify(good));
    expect(run(file)).toEqual({
      status: 0,
      out: [`${file}: flow 'Console export' is valid (2 actions)`],
      err: [],
    });
  });

  test('exits 1 and lists problems with action ids, unknown types included', () => {
    const flow = {
      ...good,
      StartAction: 'bot',
      Actions: [
        {
          Identifier: 'bot',
          Type: 'ConnectParticipantWithLexBot',
          Parameters: {},
          Transitions: { NextAction: 'bye' },
        },
        ...good.Actions,
      ],
    };
    const file = write('lex.json', JSON.stringify(flow));
    const { status, out } = run(file);
    expect(status).toBe(1);
    expect(out).toEqual([
      `${file}: flow 'Console export' has 1 problem:`,
      "  [unknown-action-type] action 'bot': has Type 'ConnectParticipantWithLexBot', which this validator does not model; check it by hand",
    ]);
  });

  test('reads DescribeContactFlow responses and compiled flows', () => {
    const described = write(
      'described.json',
      JSON.stringify({ ContactFlow: { Name: 'Main', Content: JSON.stringify(good) } }),
    );
    expect(run(described).out).toEqual([`${described}: flow 'Main' is valid (2 actions)`]);
    const compiled = write('compiled.json', JSON.stringify([{ name: 'inbound', content: good }]));
    expect(run(compiled).out).toEqual([`${compiled}: flow 'inbound' is valid (2 actions)`]);
  });

  test('exits 2 for invalid JSON or an unreadable file', () => {
    const broken = write('broken.json', '{ "Version": ');
    expect(run(broken).status).toBe(2);
    expect(run(broken).err[0]).toMatch(/broken\.json: is not valid JSON/);
    expect(run(join(dir, 'missing.json'))).toMatchObject({
      status: 2,
      err: [expect.stringMatching(/cannot be read \(ENOENT\)/)],
    });
    expect(run().status).toBe(2);
  });
});
