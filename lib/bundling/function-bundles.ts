/**
 * Bundles every Lambda handler of the repository in ONE esbuild build (one process, shared parsing,
 * one output folder per function) and keeps the outputs in a content-addressed cache, so an
 * unchanged function is never rebuilt, across synths and processes.
 *
 * Why not `NodejsFunction`: it starts one esbuild child process per function (about 0.9 s each,
 * mostly process start) and rebuilds every function on every synth.
 *
 * Cache layout (`.cache/function-bundles/`, git-ignored): one folder per entry holding `index.mjs`
 * and `manifest.json` (the esbuild options fingerprint, the content hash of every input file esbuild
 * read, from its metafile, and the hash of the output). A bundle is reused only when every input
 * still hashes the same and the output file still matches its recorded hash; anything else (an
 * edited file, a new dependency version, a truncated or hand-edited output, an unreadable
 * manifest) rebuilds it. Writes go to a staging folder renamed into place, so a concurrent synth
 * never sees half a bundle.
 *
 * This module must not import aws-cdk-lib: the benchmark bundles through it too.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync, version as esbuildVersion, type Metafile } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS, preparePhoneMetadata } from '../../lambda/build-options';
import { cacheRoot } from './cache-root';
import { recordPhase } from './synth-profile';

/** Repository root (inputs are recorded relative to it, so the cache survives a moved checkout). */
const ROOT = path.resolve(__dirname, '..', '..');

/** Where bundles are cached. */
export const FUNCTION_BUNDLE_CACHE = path.join(cacheRoot(), 'function-bundles');

/**
 * Folders whose `<name>/index.ts` are handler entries: the handlers, and the entries the
 * contact-options construct generates per omnichannel model (`.cache/omnichannel/<hash>/index.ts`),
 * so they join the same build instead of starting a second esbuild process.
 */
const ENTRY_FOLDERS = [path.join(ROOT, 'lambda'), path.join(ROOT, '.cache', 'omnichannel')];

/** The handler entries bundled together on first use. */
function knownEntries(): string[] {
  return ENTRY_FOLDERS.flatMap((folder) => {
    if (!fs.existsSync(folder)) return [];
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(folder, d.name, 'index.ts')))
      .map((d) => path.join(folder, d.name, 'index.ts'));
  }).sort();
}

/** One function's bundle. */
export interface FunctionBundle {
  /** Folder holding only `index.mjs` (the Lambda asset; handler `index.handler`). */
  readonly dir: string;
  /** The bundle file. */
  readonly file: string;
  /** Whether this call had to build it (false: reused from the cache). */
  readonly built: boolean;
}

/** What {@link FunctionBundler} did in this process, for the synth benchmark. */
export interface BundlingStats {
  /** esbuild processes started. */
  builds: number;
  /** Bundles built / reused from the cache. */
  built: number;
  reused: number;
  /** Milliseconds spent checking the cache and building. */
  ms: number;
}

interface Manifest {
  readonly fingerprint: string;
  readonly entry: string;
  /** Repository-relative input path -> sha256 of its content. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly output: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** What, besides the inputs, decides a bundle's bytes: esbuild's version and options. */
const FINGERPRINT = sha256(
  JSON.stringify({ esbuild: esbuildVersion, options: LAMBDA_ESBUILD_OPTIONS, layout: 1 }),
);

/**
 * Builds and caches function bundles. One instance per process ({@link functionBundler}); the first
 * request bundles every stale handler at once, later requests for other entries (generated ones)
 * build only what is missing.
 */
export class FunctionBundler {
  /** Counters of this process. */
  readonly stats: BundlingStats = { builds: 0, built: 0, reused: 0, ms: 0 };
  private readonly ready = new Map<string, FunctionBundle>();
  private readonly fileHashes = new Map<string, string>();
  private primed = false;

  constructor(
    private readonly cacheDir: string = FUNCTION_BUNDLE_CACHE,
    /** Bundle every known handler with the first request (one build for the app); false: only what is asked. */
    private readonly bundleAllFirst = true,
  ) {}

  /** The bundle of `entry` (absolute path of a TypeScript handler module exporting `handler`). */
  bundle(entry: string): FunctionBundle {
    const absolute = path.resolve(entry);
    const known = this.ready.get(absolute);
    if (known) return known;
    const started = performance.now();
    try {
      // First use: take every handler along, so the whole app costs one esbuild process.
      if (!this.primed) preparePhoneMetadata();
      const wanted =
        this.primed || !this.bundleAllFirst ? [absolute] : [...new Set([...knownEntries(), absolute])];
      this.primed = true;
      const stale: string[] = [];
      for (const e of wanted) {
        const cached = this.fromCache(e);
        if (cached) {
          this.ready.set(e, cached);
          this.stats.reused += 1;
        } else stale.push(e);
      }
      if (stale.length > 0) this.build(stale);
    } finally {
      const ms = performance.now() - started;
      this.stats.ms += ms;
      recordPhase('bundling', ms);
    }
    const result = this.ready.get(absolute);
    if (!result) throw new Error(`bundling ${entry} produced no output; check the esbuild messages above`);
    return result;
  }

  /** The cache folder of an entry: readable name plus a hash of its repository-relative path. */
  private folder(entry: string): string {
    const relative = path.relative(ROOT, entry).split(path.sep).join('/');
    const name = path.basename(path.dirname(entry)).replace(/[^A-Za-z0-9_-]/g, '_');
    return path.join(this.cacheDir, `${name}-${sha256(relative).slice(0, 12)}`);
  }

  private hashFile(file: string): string | undefined {
    const known = this.fileHashes.get(file);
    if (known) return known;
    try {
      const hash = sha256(fs.readFileSync(file));
      this.fileHashes.set(file, hash);
      return hash;
    } catch {
      return undefined;
    }
  }

  /** The cached bundle when it is complete and every input is unchanged; undefined otherwise. */
  private fromCache(entry: string): FunctionBundle | undefined {
    const dir = this.folder(entry);
    let manifest: Manifest;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    } catch {
      return undefined; // missing or corrupt manifest: rebuild
    }
    if (manifest.fingerprint !== FINGERPRINT || manifest.entry !== path.relative(ROOT, entry))
      return undefined;
    if (typeof manifest.inputs !== 'object' || manifest.inputs === null) return undefined;
    for (const [input, hash] of Object.entries(manifest.inputs)) {
      if (this.hashFile(path.join(ROOT, input)) !== hash) return undefined;
    }
    const bundleDir = path.join(dir, 'asset');
    const file = path.join(bundleDir, 'index.mjs');
    // A truncated or edited output (or a stray file in the asset folder) means a rebuild.
    let files: string[];
    try {
      files = fs.readdirSync(bundleDir);
    } catch {
      return undefined;
    }
    if (files.length !== 1 || files[0] !== 'index.mjs' || this.hashFile(file) !== manifest.output) {
      return undefined;
    }
    return { dir: bundleDir, file, built: false };
  }

  /** One esbuild process for all `entries`; each output goes to its own cache folder. */
  private build(entries: readonly string[]): void {
    fs.mkdirSync(this.cacheDir, { recursive: true });
    const staging = fs.mkdtempSync(path.join(this.cacheDir, '.staging-'));
    try {
      const names = new Map(entries.map((e, i) => [`f${i}`, e]));
      const result = buildSync({
        ...LAMBDA_ESBUILD_OPTIONS,
        entryPoints: Object.fromEntries([...names].map(([key, e]) => [`${key}/index`, e])),
        outdir: staging,
        outExtension: { '.js': '.mjs' },
        metafile: true,
        write: true,
        absWorkingDir: ROOT,
      });
      this.stats.builds += 1;
      const metafile: Metafile = result.metafile!;
      for (const [key, entry] of names) {
        const output =
          metafile.outputs[`${path.relative(ROOT, staging).split(path.sep).join('/')}/${key}/index.mjs`];
        if (!output) throw new Error(`esbuild wrote no bundle for ${entry}`);
        const inputs: Record<string, string> = {};
        for (const input of Object.keys(output.inputs)) {
          const file = path.join(ROOT, input);
          // Inputs are read again now: a file edited during the build makes the next synth rebuild.
          this.fileHashes.delete(file);
          const hash = this.hashFile(file);
          if (hash) inputs[input] = hash;
        }
        // Every package.json esbuild consulted decides resolution too; the lockfile stands for them.
        const lock = this.hashFile(path.join(ROOT, 'package-lock.json'));
        if (lock) inputs['package-lock.json'] = lock;
        const built = path.join(staging, key, 'index.mjs');
        const manifest: Manifest = {
          fingerprint: FINGERPRINT,
          entry: path.relative(ROOT, entry),
          inputs,
          output: sha256(fs.readFileSync(built)),
        };
        const next = path.join(staging, `${key}.ready`);
        fs.mkdirSync(path.join(next, 'asset'), { recursive: true });
        fs.renameSync(built, path.join(next, 'asset', 'index.mjs'));
        fs.writeFileSync(path.join(next, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
        const dir = this.folder(entry);
        fs.rmSync(dir, { recursive: true, force: true });
        try {
          fs.renameSync(next, dir);
        } catch (error) {
          // A concurrent synth put its (equally fresh) copy there first: use that one.
          if (!fs.existsSync(path.join(dir, 'manifest.json'))) throw error;
        }
        const asset = path.join(dir, 'asset');
        this.fileHashes.delete(path.join(asset, 'index.mjs'));
        this.ready.set(entry, { dir: asset, file: path.join(asset, 'index.mjs'), built: true });
        this.stats.built += 1;
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
}

let shared: FunctionBundler | undefined;

/** The process-wide bundler (one esbuild build for the whole app). */
export function functionBundler(): FunctionBundler {
  shared ??= new FunctionBundler();
  return shared;
}
