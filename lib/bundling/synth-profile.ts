import * as fs from 'node:fs';

/**
 * Phase timings of one synth, for `npm run bench` (which sets `CCCODE_SYNTH_PROFILE` to a file
 * path). Recording costs a few map updates; the file is written only when the variable is set.
 */
export const SYNTH_PROFILE_ENV = 'CCCODE_SYNTH_PROFILE';

/** Milliseconds per phase, in the order first recorded. */
const phases = new Map<string, number>();

/** Adds `ms` to a phase (phases recorded several times, like bundling, are summed). */
export function recordPhase(name: string, ms: number): void {
  phases.set(name, (phases.get(name) ?? 0) + ms);
}

/** Runs `work` and records its duration under `name`. */
export function timePhase<T>(name: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    recordPhase(name, performance.now() - started);
  }
}

/** The phases recorded so far. */
export function synthPhases(): ReadonlyMap<string, number> {
  return phases;
}

/** Writes the phases to the file named by {@link SYNTH_PROFILE_ENV}, if set. */
export function writeSynthProfile(): void {
  const file = process.env[SYNTH_PROFILE_ENV];
  if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(phases)));
}
