import * as fs from 'node:fs';
import * as path from 'node:path';
import { FunctionBundler } from '../../lib/bundling/function-bundles';

// A tiny handler under the repository (inputs are recorded relative to its root).
const work = path.join(__dirname, '..', '..', '.tmp', 'test-function-bundles');
const cache = path.join(work, 'cache');
const entry = path.join(work, 'fn', 'index.ts');
const helper = path.join(work, 'fn', 'helper.ts');

beforeEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(helper, "export const greeting = 'hello';\n");
  fs.writeFileSync(
    entry,
    "import { greeting } from './helper';\nexport const handler = async () => ({ greeting });\n",
  );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const fresh = () => new FunctionBundler(cache, false);

describe('function bundle cache', () => {
  it('reuses an unchanged bundle in a later synth', () => {
    const first = fresh().bundle(entry);
    expect(first.built).toBe(true);
    expect(fs.readdirSync(first.dir)).toEqual(['index.mjs']);
    const second = fresh().bundle(entry);
    expect(second).toMatchObject({ built: false, dir: first.dir });
  });

  it('rebuilds when a file the bundle was built from changes', () => {
    fresh().bundle(entry);
    fs.writeFileSync(helper, "export const greeting = 'bonjour';\n");
    const again = fresh().bundle(entry);
    expect(again.built).toBe(true);
    expect(fs.readFileSync(again.file, 'utf8')).toContain('bonjour');
  });

  it('detects a corrupted bundle or manifest and rebuilds', () => {
    const first = fresh().bundle(entry);
    const good = fs.readFileSync(first.file, 'utf8');
    fs.writeFileSync(first.file, good.slice(0, 10));
    expect(fresh().bundle(entry).built).toBe(true);
    expect(fs.readFileSync(first.file, 'utf8')).toBe(good);

    fs.writeFileSync(path.join(path.dirname(first.dir), 'manifest.json'), '{not json');
    expect(fresh().bundle(entry).built).toBe(true);
    fs.writeFileSync(path.join(first.dir, 'stray.js'), '');
    expect(fresh().bundle(entry).built).toBe(true);
  });
});
