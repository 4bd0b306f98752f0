import { compileJourney } from './lib/flows/compile';
import { DEFAULT_JOURNEY_MAP } from './lib/journey/default-map';
const res = { functionArn: (n: string) => `\${Token[fn.${n}]}`, queueArn: (q: string) => `\${Token[q.${q}]}`, hoursArn: '${Token[hours]}', flowArn: (f: string) => `\${Token[flow.${f}]}` };
const flows = compileJourney(DEFAULT_JOURNEY_MAP, res);
const want = process.argv.slice(2);
for (const f of flows) for (const a of f.content.Actions) if (want.includes(a.Identifier)) console.log(JSON.stringify(a));
