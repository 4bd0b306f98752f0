/**
 * Bad input gets one clear sentence and exit code 2; a good run prints a transcript or a pass/fail
 * table and exits 0, or 1 when a scenario fails.
 */
import '../../tools/simulator/quiet-sdk';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findContactCentreTemplate, main, parseArgs, UsageError } from '../../tools/simulator/cli';
import { ScenarioError } from '../../tools/simulator/errors';
import { loadScenario, parseScenario } from '../../tools/simulator/scenario';

const valid = {
  description: 'A caller asks for an adviser.',
  call: { from: '+447700900321', at: '2026-11-23T13:00:00Z' },
  answers: [{ prompt: 'menu', press: '4' }],
  expect: { disposition: { type: 'queue', queue: 'general' }, heard: ['Please hold'] },
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'simulator-cli-'));
const write = (name: string, content: unknown): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
};

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('scenario validation', () => {
  it.each([
    ['no description', { ...valid, description: undefined }, 'description'],
    [
      'a national caller number',
      { ...valid, call: { ...valid.call, from: '07700900321' } },
      'call.from must be an E.164 number',
    ],
    [
      'a time without a zone',
      { ...valid, call: { ...valid.call, at: '2026-11-23 13:00' } },
      'call.at must be an ISO time with a zone',
    ],
    [
      'an answer with two kinds',
      { ...valid, answers: [{ prompt: 'menu', press: '4', silence: true }] },
      'answers.0 needs exactly one of press, silence or fromOutbox',
    ],
    ['keys that are not DTMF', { ...valid, answers: [{ press: '4x' }] }, 'answers.0.press must be DTMF keys'],
    ['an unknown fault', { ...valid, faults: [{ kind: 'meteor-strike' }] }, 'faults.0'],
    [
      'a fault on an unknown function',
      { ...valid, faults: [{ kind: 'slow', function: 'no-such-fn', delayMs: 5000 }] },
      'faults.0.function',
    ],
    [
      'a queue disposition without a queue',
      { ...valid, expect: { disposition: { type: 'queue' } } },
      'expect.disposition.queue',
    ],
    ['an unknown key', { ...valid, colour: 'blue' }, 'colour'],
  ])('refuses %s, naming %s', (_label, scenario, where) => {
    expect(() => parseScenario(scenario, 'bad')).toThrow(ScenarioError);
    expect(() => parseScenario(scenario, 'bad')).toThrow(where);
  });

  it('says in one sentence which file is missing or not JSON', () => {
    expect(() => loadScenario(path.join(tmp, 'nope.json'))).toThrow(
      `scenario file ${path.join(tmp, 'nope.json')} does not exist.`,
    );
    const broken = write('broken.json', '{ "description": ');
    expect(() => loadScenario(broken)).toThrow(new RegExp(`^scenario ${broken} is not valid JSON: .+\\.$`));
  });

  it('names a scenario after its file', () => {
    expect(loadScenario(write('adviser-call.json', valid)).name).toBe('adviser-call');
  });
});

describe('command line', () => {
  it('parses options', () => {
    expect(parseArgs(['--all', '--flows', 'compiled', '--quiet'], false)).toMatchObject({
      all: true,
      flows: 'compiled',
      quiet: true,
      color: false,
    });
    expect(parseArgs(['balance-with-pin'], true)).toMatchObject({
      scenario: 'balance-with-pin',
      flows: 'cdk',
      color: process.env.NO_COLOR === undefined,
    });
  });

  it.each([
    [[], 'usage:'],
    [['--flows', 'yaml', 'x'], "--flows must be cdk or compiled, not 'yaml'."],
    [['--ddb-endpoint'], '--ddb-endpoint needs a value'],
    [['--bogus'], 'unknown option --bogus'],
    [['a', 'b'], "give one scenario (or --all), not 'a' and 'b'."],
    [['a', '--all'], 'give a scenario or --all, not both.'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv, false)).toThrow(UsageError);
    expect(() => parseArgs(argv, false)).toThrow(message);
  });

  it('finds the stage template in a cdk.out folder', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cdk-'));
    expect(findContactCentreTemplate(dir, 'dev')).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'App-prod-ContactCentre.template.json'), '{}');
    fs.writeFileSync(path.join(dir, 'App-dev-ContactCentre.template.json'), '{}');
    expect(findContactCentreTemplate(dir, 'dev')).toBe(path.join(dir, 'App-dev-ContactCentre.template.json'));
  });
});

describe('main', () => {
  let errors: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    errors = [];
    spy = jest.spyOn(console, 'error').mockImplementation((line: unknown) => {
      errors.push(String(line));
    });
  });
  afterEach(() => spy.mockRestore());

  it('exits 2 with one sentence for an unknown scenario file', async () => {
    const lines: string[] = [];
    expect(
      await main(['no-such-scenario', '--flows', 'compiled', '--scenarios', tmp], (l) => lines.push(l)),
    ).toBe(2);
    expect(errors).toEqual([
      `simulate: scenario file no-such-scenario does not exist (nor ${path.join(tmp, 'no-such-scenario.json')}).`,
    ]);
    expect(lines).toEqual([]);
  });

  it('exits 2 for a malformed scenario', async () => {
    const file = write('malformed.json', { ...valid, call: { from: '+447700900321' } });
    expect(await main([file, '--flows', 'compiled'], () => undefined)).toBe(2);
    expect(errors).toEqual([
      `simulate: scenario ${file} is malformed: call.at Invalid input: expected string, received undefined.`,
    ]);
  });

  it('exits 2 for a missing scenario folder', async () => {
    expect(await main(['--all', '--scenarios', path.join(tmp, 'none')], () => undefined)).toBe(2);
    expect(errors[0]).toMatch(/^simulate: scenario folder .* does not exist\.$/);
  });

  it('runs a folder of scenarios and prints the table; exit 1 when one fails', async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT;
    if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run through Jest (global setup)');
    const dir = fs.mkdtempSync(path.join(tmp, 'scenarios-'));
    fs.writeFileSync(path.join(dir, 'adviser.json'), JSON.stringify(valid));
    fs.writeFileSync(
      path.join(dir, 'wrong-queue.json'),
      JSON.stringify({
        ...valid,
        expect: { disposition: { type: 'queue', queue: 'billing' }, heard: ['Please hold'] },
      }),
    );
    const lines: string[] = [];
    const code = await main(
      ['--all', '--scenarios', dir, '--flows', 'compiled', '--ddb-endpoint', endpoint, '--no-color'],
      (l) => lines.push(l),
    );
    const out = lines.join('\n');
    expect(code).toBe(1);
    expect(out).toMatch(/PASS\s+adviser\s+queue general/);
    expect(out).toMatch(/FAIL\s+wrong-queue\s+queue general/);
    expect(out).toContain('expected queue in queue billing, but it was general');
    expect(out).toContain('1 of 2 scenarios passed');
    expect(out).not.toContain('\u001b[');
  });

  it('prints the transcript of one scenario', async () => {
    const endpoint = process.env.DYNAMODB_ENDPOINT as string;
    const lines: string[] = [];
    const code = await main(
      [write('one.json', valid), '--flows', 'compiled', '--ddb-endpoint', endpoint, '--quiet'],
      (l) => lines.push(l),
    );
    const out = lines.join('\n');
    expect(code).toBe(0);
    expect(out).toContain('Call from +447700900321 on Monday, 23 November 2026 at 13:00 (Europe/London)');
    expect(out).toMatch(/ASK\s+"Please choose from the following options/);
    expect(out).toMatch(/PRESS\s+4/);
    expect(out).toMatch(/QUEUE\s+placed in queue general/);
    expect(out).toMatch(/END\s+queue general/);
    expect(out).not.toMatch(/ · /);
  });
});
