import * as fs from 'node:fs';
import * as path from 'node:path';
import { STAGES } from '../lib/config/stages';
import { loadStage } from '../lib/config/stages';
import { renderComplianceReport, runCompliance } from '../lib/compliance/report';

/**
 * `npm run compliance [-- <stage>...]`: synthesizes each stage with every compliance pack and writes
 * `reports/compliance-<stage>.md`: per pack what passed, each acknowledged finding with its reason,
 * and any open finding. Exits 1 when a stage has open findings.
 */
function main(): number {
  const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const stages = requested.length > 0 ? requested : Object.keys(STAGES);
  fs.mkdirSync('reports', { recursive: true });
  let failed = false;
  for (const name of stages) {
    const config = loadStage(name);
    const result = runCompliance(config, path.join('.tmp', 'compliance', name));
    const file = path.join('reports', `compliance-${name}.md`);
    fs.writeFileSync(file, renderComplianceReport(result));
    const open = result.packs.reduce((n, p) => n + p.open.length, 0);
    const acknowledged = result.packs.reduce((n, p) => n + p.acknowledged.length, 0);
    console.log(`${name}: ${open} open, ${acknowledged} acknowledged -> ${file}`);
    failed ||= open > 0 || result.synthError !== undefined;
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
