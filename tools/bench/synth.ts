import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SYNTH_PROFILE_ENV } from '../../lib/bundling/synth-profile';

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Run {
  readonly ms: number;
  /** Phases the app recorded (`lib/bundling/synth-profile.ts`); empty for the bare app. */
  readonly phases: Readonly<Record<string, number>>;
}

interface RunOptions {
  readonly outdir: string;
  readonly context: Record<string, string>;
  /** Cache root for bundles and validation results (CCCODE_CACHE_DIR). */
  readonly cacheDir: string;
  /** Empty the cache and the outdir first (a cold synth); otherwise keep both (a second synth). */
  readonly cold: boolean;
}

function timeRun(entry: string, opts: RunOptions): Run {
  if (opts.cold) {
    fs.rmSync(opts.outdir, { recursive: true, force: true });
    fs.rmSync(opts.cacheDir, { recursive: true, force: true });
  }
  const profile = path.join(os.tmpdir(), `cccode-synth-profile-${process.pid}.json`);
  fs.rmSync(profile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(path.join('node_modules', '.bin', 'tsx'), [entry], {
    env: {
      ...process.env,
      CDK_OUTDIR: opts.outdir,
      CDK_CONTEXT_JSON: JSON.stringify(opts.context),
      CCCODE_CACHE_DIR: opts.cacheDir,
      [SYNTH_PROFILE_ENV]: profile,
    },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`synth of ${entry} failed: ${result.stderr.slice(-2000)}`);
  }
  const phases = fs.existsSync(profile)
    ? (JSON.parse(fs.readFileSync(profile, 'utf8')) as Record<string, number>)
    : {};
  fs.rmSync(profile, { force: true });
  return { ms, phases };
}

interface Case {
  readonly label: string;
  readonly entry: string;
  readonly stage?: string;
  readonly cold: boolean;
  readonly runs: number;
}

/** Readable phase names, in table order. */
const PHASE_LABELS: readonly [string, string][] = [
  ['load', 'load (process start, modules)'],
  ['construction', 'construction (stacks, constructs)'],
  ['bundling', 'bundling (one esbuild build, cached)'],
  ['synthesis', 'synthesis (templates, assets, report)'],
  ['gate:CloudFormation Validate', 'gate: aws-cdk-lib template validator'],
  ['gate:AwsSolutions', 'gate: cdk-nag AwsSolutions'],
  ['gate:HIPAA.Security', 'gate: cdk-nag HIPAA Security'],
  ['gate:PCI.DSS.321', 'gate: cdk-nag PCI DSS 3.2.1'],
  ['gate:NIST.800.53.R5', 'gate: cdk-nag NIST 800-53 R5'],
  ['gate:Serverless', 'gate: cdk-nag Serverless'],
  ['gate:cdk-validator-cfnguard', 'gate: cfn-guard Control Tower rules (wait for workers)'],
];

/**
 * Synth time of the whole app (every stack, every compliance pack, functions bundled) against a
 * bare one-function CDK app, cold (empty bundle and validation caches, fresh outdir) and warm (a
 * second synth with no change), plus the share of each phase. Medians of fresh processes; returns
 * two Markdown tables.
 */
export function benchSynth(runs = 5, coldRuns = 3): string {
  const cacheDir = path.resolve('.tmp', 'bench-synth-cache');
  const cases: Case[] = [
    { label: 'bare: one NodejsFunction, no packs', entry: 'tools/bench/bare-app.ts', cold: true, runs },
    {
      label: 'whole app dev, cold (empty caches)',
      entry: 'bin/app.ts',
      stage: 'dev',
      cold: true,
      runs: coldRuns,
    },
    {
      label: 'whole app dev, warm (second synth, no change)',
      entry: 'bin/app.ts',
      stage: 'dev',
      cold: false,
      runs,
    },
    {
      label: 'whole app prod, cold (adds VPC + endpoints)',
      entry: 'bin/app.ts',
      stage: 'prod',
      cold: true,
      runs: coldRuns,
    },
    { label: 'whole app prod, warm', entry: 'bin/app.ts', stage: 'prod', cold: false, runs },
  ];
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const rows: string[] = [
    '| app | median synth (s) | min (s) | max (s) | × bare | runs |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  let bare = 0;
  const phaseRuns = new Map<string, Run[]>();
  for (const c of cases) {
    const opts: RunOptions = {
      outdir: path.join('.tmp', 'bench-synth', c.stage ?? 'bare'),
      context: c.stage ? { stage: c.stage } : {},
      cacheDir: path.join(cacheDir, c.stage ?? 'bare'),
      cold: c.cold,
    };
    // A warm case starts from the state a first synth leaves.
    if (!c.cold) timeRun(c.entry, { ...opts, cold: true });
    const results = Array.from({ length: c.runs }, () => timeRun(c.entry, opts));
    const times = results.map((r) => r.ms);
    const med = median(times);
    if (c.entry.includes('bare-app')) bare = med;
    phaseRuns.set(c.label, results);
    rows.push(
      `| ${c.label} | ${s(med)} | ${s(Math.min(...times))} | ${s(Math.max(...times))} | ${bare ? (med / bare).toFixed(1) : ''} | ${c.runs} |`,
    );
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });

  // Phase shares of the dev runs (median per phase; "other" is the rest of the wall time: process
  // exit and the tsx launcher).
  const shown = cases.filter((c) => c.stage === 'dev');
  const phaseRows: string[] = [
    `| phase | ${shown.map((c) => `${c.label.replace('whole app ', '')}: s (share)`).join(' | ')} |`,
    `|---|${shown.map(() => '---:').join('|')}|`,
  ];
  const cell = (results: readonly Run[], key: string | undefined): string => {
    const total = median(results.map((r) => r.ms));
    const value =
      key === undefined
        ? median(results.map((r) => r.ms - Object.values(r.phases).reduce((a, b) => a + b, 0)))
        : median(results.map((r) => r.phases[key] ?? 0));
    return `${s(Math.max(0, value))} (${Math.round((Math.max(0, value) / total) * 100)}%)`;
  };
  for (const [key, label] of PHASE_LABELS) {
    phaseRows.push(`| ${label} | ${shown.map((c) => cell(phaseRuns.get(c.label)!, key)).join(' | ')} |`);
  }
  phaseRows.push(
    `| other (exit, launcher) | ${shown.map((c) => cell(phaseRuns.get(c.label)!, undefined)).join(' | ')} |`,
  );
  return `${rows.join('\n')}\n\nWhere the time goes (stage dev, medians per phase):\n\n${phaseRows.join('\n')}`;
}
