/**
 * Writes one Mermaid diagram per flow compiled from the default journey map into
 * `docs/flows/<name>.md`, plus `docs/flows/README.md` as an index.
 *
 *   tsx tools/flows-render.ts [output-dir]
 *
 * Resources are placeholder names (`function/identify-caller`, `queue/general`), not ARNs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileJourney, type CompiledFlow, type FlowResources } from '../lib/flows/compile';
import { journeyDeflectionPlan } from '../lib/omnichannel/ivr';
import { renderFlowDocs } from '../lib/flows/render-mermaid';
import { walkPaths } from '../lib/flows/walk';
import { DEFAULT_JOURNEY_MAP } from '../lib/journey/default-map';

/** Readable stand-ins for the ARNs CDK passes at synth. */
export const PLACEHOLDER_RESOURCES: FlowResources = {
  functionArn: (name) => `function/${name}`,
  queueArn: (queueId) => `queue/${queueId}`,
  hoursArn: 'hours/opening-hours',
  flowArn: (flowName) => `flow/${flowName}`,
  // As deployed: the omnichannel decision function's plan for callers in a DEFLECT queue.
  deflection: journeyDeflectionPlan(DEFAULT_JOURNEY_MAP),
};

/** Path-walk summary lines of a compiled flow. */
export function summarize(flow: CompiledFlow): string[] {
  const walk = walkPaths(flow.content, { flowType: flow.type });
  const lines = [
    walk.ok
      ? 'Every path ends in a queue transfer, a queued callback, waiting in queue, or a spoken message before the disconnect (checked by `walkPaths`).'
      : `${walk.violations.length} path problem(s): ${walk.violations.map((v) => `${v.kind} at ${v.action}`).join('; ')}`,
  ];
  for (const [outcome, actions] of Object.entries(walk.outcomes)) {
    if (actions.length > 0) lines.push(`${outcome}: ${actions.map((a) => `\`${a}\``).join(', ')}`);
  }
  lines.push(`${walk.statesExplored} (action, heard, logging, callback) states explored.`);
  return lines;
}

/** Compiles the default map and writes the docs; returns the files written. */
export function renderDefaultFlows(outputDir: string): string[] {
  const flows = compileJourney(DEFAULT_JOURNEY_MAP, PLACEHOLDER_RESOURCES);
  const summaries = Object.fromEntries(flows.map((f) => [f.name, summarize(f)]));
  const docs = renderFlowDocs(flows, summaries, `${DEFAULT_JOURNEY_MAP.name} contact flows`);
  mkdirSync(outputDir, { recursive: true });
  return docs.map((doc) => {
    const path = join(outputDir, doc.file);
    writeFileSync(path, doc.text);
    return path;
  });
}

if (require.main === module) {
  const dir = resolve(process.argv[2] ?? join(__dirname, '..', 'docs', 'flows'));
  for (const path of renderDefaultFlows(dir)) console.log(`wrote ${path}`);
}
