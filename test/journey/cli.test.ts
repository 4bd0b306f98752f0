import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, run, SCHEMA_FILE, schemaText } from '../../tools/journey';

const fixture = (name: string): string => join(__dirname, 'fixtures', name);

describe('npm run journey -- check', () => {
  test('a YAML map with five different mistakes prints five problems and exits 1', () => {
    const result = run(['check', fixture('five-mistakes.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr[0]).toMatch(/five-mistakes\.yaml: 5 problems$/);
    expect(result.stderr.slice(1)).toEqual([
      '  intents[adviser].auth: is "SOMETIMES"; use NONE, OTP, PIN, PIN_OR_OTP',
      '  languages[de-DE]: has no voice; write it as { code: de-DE, voice: <Polly voice> }, or add voices.de-DE',
      '  queues[billing].underLoad.overflowQueueId: is missing for mode OVERFLOW; name the queue that takes the overflow (general)',
      "  intents[adviser].label.de-DE: is missing; add the 'de-DE' text (every language of the map needs one)",
      "  intents[adviser].queueId: is 'sales', which is not a queue; use one of general, billing",
    ]);
  });

  test('a valid YAML map prints ok with a summary', () => {
    const result = run(['check', fixture('small-es-de.yaml')]);
    expect(result).toEqual({
      code: 0,
      stdout: [
        expect.stringMatching(/small-es-de\.yaml: ok$/),
        '  Banco Ejemplo: 2 intents (1 self-service): balance, adviser',
        '  languages: es-ES (Lucia), de-DE (Vicki); default es-ES',
        '  queues: general (CALLBACK), callback (CALLBACK)',
      ],
      stderr: [],
    });
  });

  test('a TypeScript module is loaded with tsx (default export), as the npm script runs it', () => {
    // A child process: tsx's loader hooks Node's own module system, which Jest replaces.
    const tsx = join(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const cli = join(__dirname, '..', '..', 'tools', 'journey.ts');
    const ok = spawnSync(process.execPath, [tsx, cli, 'check', fixture('journey-module.ts')], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/journey-module\.ts: ok\n {2}Northwind from a module: 4 intents/);
    const bad = spawnSync(process.execPath, [tsx, cli, 'check', fixture('five-mistakes.yaml')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(6);
  });

  test('a JSON map is read too, and a file that cannot be read exits 2 without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-'));
    const json = join(dir, 'map.json');
    writeFileSync(json, JSON.stringify({ name: 'x' }));
    const bad = run(['check', json]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.some((l) => l.startsWith('  languages: is missing'))).toBe(true);

    const missing = run(['check', join(dir, 'nope.yaml')]);
    expect(missing).toEqual({
      code: 2,
      stdout: [],
      stderr: [`${join(dir, 'nope.yaml')}: cannot read the file (no such file)`],
    });

    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'name: [unclosed\n');
    const parsed = run(['check', broken]);
    expect(parsed.code).toBe(2);
    expect(parsed.stderr[0]).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
    expect(parsed.stderr.join('\n')).not.toMatch(/\n\s+at /);

    expect(run(['check', join(dir, 'map.txt')]).code).toBe(2);
    expect(run(['check']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
  });
});

describe('npm run journey -- schema', () => {
  test('the committed JSON Schema is the one the zod schema generates (run `npm run journey -- schema`)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(JSON.parse(schemaText()));
  });

  test('writes the schema where --out says', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'journey-')), 'schema.json');
    expect((await main(['schema', '--out', out])).code).toBe(0);
    const schema = JSON.parse(readFileSync(out, 'utf8')) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['languages', 'intents', 'prompts']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'languages', 'intents', 'queues']));
    expect(schema.required).not.toContain('prompts');
    expect((await main(['schema', '--out'])).code).toBe(2);
  });
});
