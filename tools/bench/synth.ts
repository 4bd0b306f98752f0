import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timeRun(entry: string, outdir: string, context: Record<string, string>): number {
  fs.rmSync(outdir, { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(path.join('node_modules', '.bin', 'tsx'), [entry], {
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`synth of ${entry} failed: ${result.stderr.slice(-2000)}`);
  }
  return ms;
}

/**
 * Synth time of the whole app (every stack, compliance packs on, functions bundled) against a bare
 * one-function CDK app; median of `runs` fresh processes each. Returns a Markdown table.
 */
export function benchSynth(runs = 5): string {
  const rows: string[] = ['| app | median synth (s) | min (s) | max (s) | runs |', '|---|---|---|---|---|'];
  const cases: [string, string, Record<string, string>][] = [
    ['bare: one NodejsFunction, no packs', 'tools/bench/bare-app.ts', {}],
    ['whole app, stage dev (all stacks, 6 compliance packs)', 'bin/app.ts', { stage: 'dev' }],
    ['whole app, stage prod (adds VPC + endpoints)', 'bin/app.ts', { stage: 'prod' }],
  ];
  for (const [label, entry, context] of cases) {
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) times.push(timeRun(entry, path.join('.tmp', 'bench-synth'), context));
    const s = (ms: number): string => (ms / 1000).toFixed(2);
    rows.push(
      `| ${label} | ${s(median(times))} | ${s(Math.min(...times))} | ${s(Math.max(...times))} | ${runs} |`,
    );
  }
  return rows.join('\n');
}
