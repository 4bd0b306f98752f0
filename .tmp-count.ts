import { compileInboundFlow } from './lib/flows/compile';
import { DEFAULT_JOURNEY_MAP } from './lib/journey/default-map';
const res = { functionArn: (n: string) => `fn.${n}`, queueArn: (q: string) => `q.${q}`, hoursArn: 'h', flowArn: (f: string) => `f.${f}` };
const f = compileInboundFlow(DEFAULT_JOURNEY_MAP, res);
const byType: Record<string, number> = {}; const byPrefix: Record<string, number> = {};
for (const a of f.content.Actions) { byType[a.Type] = (byType[a.Type] ?? 0) + 1; const p = a.Identifier.split('-').slice(0, 2).join('-'); byPrefix[p] = (byPrefix[p] ?? 0) + 1; }
console.log(f.content.Actions.length, byType); console.log(Object.entries(byPrefix).sort((a,b)=>b[1]-a[1]).map(e=>e.join(':')).join(' '));
