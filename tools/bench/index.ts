import * as os from 'node:os';
import { startDynamoDbLocal } from '../../test/support/dynamodb-local';
import { ensureDynamoDbLocal } from '../../test/support/setup-dynamodb-local';
import { benchLambdas } from './lambdas';
import { benchSimulator } from './simulator';
import { benchSynth } from './synth';

const SECTIONS = ['synth', 'lambdas', 'simulator'] as const;

/**
 * `npm run bench [-- synth lambdas simulator]`: the product's benchmarks as Markdown tables (copied
 * into the README). Wall-clock timings on this machine: compare rows of one run, not machines.
 */
async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${SECTIONS.join(', ')}`);
  }
  const want = (name: (typeof SECTIONS)[number]): boolean =>
    requested.length === 0 || requested.includes(name);
  console.log(
    `# Benchmarks (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, Node ${process.version}, ${new Date().toISOString()})\n`,
  );
  if (want('synth')) {
    console.log('## Synth time (medians of fresh processes: 5 bare and warm, 3 cold)\n');
    console.log(benchSynth());
    console.log('');
  }
  if (want('lambdas') || want('simulator')) {
    ensureDynamoDbLocal();
    const ddb = await startDynamoDbLocal();
    try {
      if (want('lambdas')) {
        console.log('## Integration functions\n');
        console.log(await benchLambdas({ ddbEndpoint: ddb.endpoint }));
        console.log('');
      }
      if (want('simulator')) {
        console.log('## Journey simulator\n');
        console.log(await benchSimulator({ ddbEndpoint: ddb.endpoint }));
        console.log('');
      }
    } finally {
      await ddb.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
