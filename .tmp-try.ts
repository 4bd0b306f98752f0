import { compileJourney } from './lib/flows/compile';
import { DEFAULT_JOURNEY_MAP } from './lib/journey/default-map';
import { validateFlow } from './lib/flows/validate';
import { walkPaths } from './lib/flows/walk';
const res = {
  functionArn: (n: string) => `\${Token[fn.${n}]}`,
  queueArn: (q: string) => `\${Token[queue.${q}]}`,
  hoursArn: '${Token[hours]}',
  flowArn: (f: string) => `\${Token[flow.${f}]}`,
};
try {
  const flows = compileJourney(DEFAULT_JOURNEY_MAP, res);
  for (const f of flows) {
    console.log(f.name, f.content.Actions.length, JSON.stringify(f.content).length, validateFlow(f.content, f.name).length);
    const w = walkPaths(f.content, { flowType: f.type });
    console.log(JSON.stringify({ ok: w.ok, v: w.violations.slice(0, 5), outcomes: w.outcomes, pc: w.pathCount }, null, 1).slice(0, 3000));
  }
} catch (e) { console.error(e); }
