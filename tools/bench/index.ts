import * as os from 'node:os';
import { benchSynth } from './synth';

/**
 * `npm run bench`: every benchmark of the product, printed as Markdown tables (copied into the
 * README). Timings are wall-clock on this machine; compare rows of one run, not across machines.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string): boolean => only.length === 0 || only.includes(name);
  console.log(
    `# Benchmarks (${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()})\n`,
  );
  if (want('synth')) {
    console.log('## Synth time\n');
    console.log(benchSynth());
    console.log('');
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
