/**
 * Brings flows built in the Connect console into the project:
 *
 *   npm run flows:import -- [--out flows/imported] <DescribeContactFlow json | export json | folder> ...
 *
 * For each flow it writes `<out>/<name>.json` (`{ name, type, description, content }`, the
 * flow-language document with every ARN replaced by a named reference `${ref:<kind>/<name>}`),
 * and once for all flows `<out>/references.json` (each ARN found, its reference name, kind and the
 * actions using it) and `<out>/REPORT.md` (per flow: budget, errors, lints, and which actions a
 * journey map could replace). Reference names come from the console's designer metadata
 * (`Metadata.ActionMetadata[...].displayName`) when the export has it, else from the ARN.
 *
 * Exit status: 0 imported (lints listed), 1 a flow has errors Connect would refuse (still written,
 * for repair), 2 an input could not be read. Adoption steps: docs/flows-validator.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ACTION_RULES, isModelledType, type ContactFlowType } from '../lib/flows/model';
import { checkFlow, type FlowReport } from '../lib/flows/validate';
import {
  filesOf,
  formatProblem,
  formatReport,
  readFlows,
  UnreadableError,
  type FoundFlow,
} from './flows-validate';

/** One ARN found in imported flows and the name that replaces it. */
export interface ImportedReference {
  /** `${ref:<name>}` is what the flow content holds. */
  readonly name: string;
  readonly kind: string;
  readonly arn: string;
  /** `flow/action` pairs that use it. */
  readonly usedBy: readonly string[];
}

/** One imported flow. */
export interface ImportedFlow {
  readonly name: string;
  readonly file: string;
  readonly type?: ContactFlowType;
  readonly description?: string;
  readonly content: unknown;
  readonly report: FlowReport;
  /** Action types a journey map compiles to, with counts, and the ones it cannot express. */
  readonly replaceable: Readonly<Record<string, number>>;
  readonly kept: Readonly<Record<string, number>>;
}

/** The result of `importFlows`. */
export interface ImportResult {
  readonly flows: readonly ImportedFlow[];
  readonly references: readonly ImportedReference[];
}

const ARN = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[A-Za-z0-9_./:+=@-]+/g;

/** Action types the journey compiler emits (a journey map can replace them). */
const JOURNEY_TYPES: ReadonlySet<string> = new Set([
  'MessageParticipant',
  'MessageParticipantIteratively',
  'GetParticipantInput',
  'InvokeLambdaFunction',
  'Compare',
  'UpdateContactAttributes',
  'UpdateFlowAttributes',
  'CheckHoursOfOperation',
  'GetMetricData',
  'CheckMetricData',
  'UpdateContactTargetQueue',
  'TransferContactToQueue',
  'UpdateContactCallbackNumber',
  'CreateCallbackContact',
  'TransferToFlow',
  'UpdateContactEventHooks',
  'UpdateFlowLoggingBehavior',
  'DisconnectParticipant',
  'EndFlowExecution',
  'Loop',
  'UpdateContactRecordingBehavior',
  'UpdateContactTextToSpeechVoice',
]);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind and the last identifying part of an ARN (`queue`, `3f1c...`). */
export function describeArn(arn: string): { kind: string; id: string } {
  const [, , service = '', , , ...rest] = arn.split(':');
  const resource = rest.join(':');
  if (service === 'lambda')
    return { kind: 'function', id: resource.replace(/^function:/, '').split(':')[0] ?? resource };
  if (service === 'lex') return { kind: 'lex-bot', id: resource.replace(/^bot-alias\//, '') };
  if (service === 'connect') {
    const parts = resource.split('/');
    // instance/<id>/<kind>/<id>
    if (parts.length >= 4) {
      const kind = (parts[2] ?? 'resource').replace(/-/g, '_');
      const names: Record<string, string> = {
        contact_flow: 'flow',
        flow_module: 'module',
        operating_hours: 'hours',
        queue: 'queue',
        prompt: 'prompt',
        agent: 'agent',
        transfer_destination: 'quick-connect',
      };
      return { kind: names[kind] ?? kind, id: parts.slice(3).join('/') };
    }
    return { kind: 'instance', id: parts[1] ?? resource };
  }
  return { kind: service, id: resource.split(/[:/]/).pop() ?? resource };
}

/** A file-name and reference-safe slug. */
export const slug = (text: string): string =>
  text
    .trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'flow';

/** Display names the console designer stored for an action's parameters. */
function displayNames(metadata: unknown, actionId: string): string[] {
  if (!isObject(metadata) || !isObject(metadata.ActionMetadata)) return [];
  const entry = metadata.ActionMetadata[actionId];
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v))
      for (const [k, child] of Object.entries(v)) {
        if ((k === 'displayName' || k === 'text') && typeof child === 'string') out.push(child);
        else walk(child);
      }
  };
  walk(entry);
  return out;
}

/**
 * Imports flows: replaces ARNs with named references, validates, and sorts each action into what a
 * journey map could replace and what stays an imported flow. Pure: writes nothing.
 */
export function importFlows(found: readonly FoundFlow[]): ImportResult {
  const byArn = new Map<string, { name: string; kind: string; usedBy: string[] }>();
  const taken = new Set<string>();
  const nameFor = (arn: string, hint: string | undefined): string => {
    const known = byArn.get(arn);
    if (known !== undefined) return known.name;
    const { kind, id } = describeArn(arn);
    let name = `${kind}/${slug(hint ?? id)}`;
    for (let i = 2; taken.has(name); i += 1) name = `${kind}/${slug(hint ?? id)}-${i}`;
    taken.add(name);
    byArn.set(arn, { name, kind, usedBy: [] });
    return name;
  };

  const flows: ImportedFlow[] = [];
  for (const flow of found) {
    const doc = flow.document;
    let content: unknown = doc;
    if (isObject(doc) && Array.isArray(doc.Actions)) {
      const actions = doc.Actions.map((raw) => {
        if (!isObject(raw) || typeof raw.Identifier !== 'string') return raw;
        const id = raw.Identifier;
        const hints = displayNames(doc.Metadata, id);
        let hintIndex = 0;
        const replace = (v: unknown): unknown => {
          if (typeof v === 'string')
            return v.replace(ARN, (arn) => {
              const name = nameFor(arn, hints[hintIndex++]);
              const entry = byArn.get(arn);
              if (entry !== undefined && !entry.usedBy.includes(`${flow.name}/${id}`))
                entry.usedBy.push(`${flow.name}/${id}`);
              return `\${ref:${name}}`;
            });
          if (Array.isArray(v)) return v.map(replace);
          if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, replace(c)]));
          return v;
        };
        return { ...raw, ...(raw.Parameters !== undefined ? { Parameters: replace(raw.Parameters) } : {}) };
      });
      content = { ...doc, Actions: actions };
    }
    const report = checkFlow(content, flow.name, flow.type !== undefined ? { flowType: flow.type } : {});
    const replaceable: Record<string, number> = {};
    const kept: Record<string, number> = {};
    if (isObject(content) && Array.isArray(content.Actions)) {
      for (const a of content.Actions) {
        const type = isObject(a) && typeof a.Type === 'string' ? a.Type : '?';
        const bucket = JOURNEY_TYPES.has(type) ? replaceable : kept;
        bucket[type] = (bucket[type] ?? 0) + 1;
      }
    }
    flows.push({
      name: flow.name,
      file: `${slug(flow.name)}.json`,
      ...(flow.type !== undefined ? { type: flow.type } : {}),
      ...(flow.description !== undefined ? { description: flow.description } : {}),
      content,
      report,
      replaceable,
      kept,
    });
  }
  const references = [...byArn.entries()]
    .map(([arn, r]) => ({ name: r.name, kind: r.kind, arn, usedBy: r.usedBy }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { flows, references };
}

const list = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ×${n}`)
    .join(', ') || 'none';

/** The Markdown report of an import. */
export function renderImportReport(result: ImportResult): string {
  const lines = [
    '# Imported flows',
    '',
    '<!-- Generated by tools/flows-import.ts. -->',
    '',
    'Each flow was validated after its ARNs became named references (`references.json`). Errors are what',
    'Connect would refuse; lints are this project\'s policy. "Journey map could replace" counts the actions',
    'of types the journey compiler emits; "kept" are the ones only an imported flow expresses.',
    '',
    '| flow | type | actions | characters | errors | lints | journey map could replace | kept |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of result.flows) {
    const b = f.report.budget;
    const total = Object.values(f.replaceable).reduce((a, n) => a + n, 0);
    lines.push(
      `| ${f.name} | ${f.type ?? '?'} | ${b.actions}/${b.maxActions} | ${b.characters}/${b.maxCharacters} | ${f.report.errors.length} | ${f.report.lints.length} | ${total} of ${b.actions} | ${list(f.kept)} |`,
    );
  }
  lines.push('', '## Findings', '');
  for (const f of result.flows) {
    const findings = [...f.report.errors, ...f.report.lints, ...f.report.unsupported];
    lines.push(
      `### ${f.name}`,
      '',
      findings.length === 0 ? 'No findings.' : '```',
      ...findings.map(formatProblem),
    );
    if (findings.length > 0) lines.push('```');
    const rules = Object.keys(f.kept)
      .filter(isModelledType)
      .map((t) => `${t}: ${ACTION_RULES[t].doc}`);
    if (rules.length > 0)
      lines.push('', 'Kept action types and their reference pages:', '', ...rules.map((r) => `- ${r}`));
    lines.push('');
  }
  lines.push('## References', '', '| reference | kind | ARN | used by |', '| --- | --- | --- | --- |');
  for (const r of result.references)
    lines.push(`| \`${r.name}\` | ${r.kind} | ${r.arn} | ${r.usedBy.join(', ')} |`);
  lines.push('');
  return lines.join('\n');
}

/**
 * Runs the import CLI.
 * @returns the exit status
 */
export function main(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  let outDir = 'flows/imported';
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') outDir = argv[++i] ?? outDir;
    else paths.push(argv[i] as string);
  }
  if (paths.length === 0) {
    err(
      'usage: npm run flows:import -- [--out flows/imported] <DescribeContactFlow json | export json | folder> ...',
    );
    return 2;
  }
  let status = 0;
  const found: FoundFlow[] = [];
  for (const path of paths) {
    try {
      for (const file of filesOf(path)) {
        try {
          found.push(...readFlows(file));
        } catch (e) {
          if (!(e instanceof UnreadableError)) throw e;
          err(e.message);
          status = 2;
        }
      }
    } catch (e) {
      if (!(e instanceof UnreadableError)) throw e;
      err(e.message);
      status = 2;
    }
  }
  const result = importFlows(found);
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  for (const f of result.flows) {
    writeFileSync(
      join(dir, f.file),
      `${JSON.stringify({ name: f.name, type: f.type, description: f.description, content: f.content }, null, 2)}\n`,
    );
    out(formatReport(join(outDir, f.file), f.report));
    for (const p of [...f.report.errors, ...f.report.lints, ...f.report.unsupported]) out(formatProblem(p));
    if (f.report.unsupported.length > 0) status = 2;
    else if (f.report.errors.length > 0 && status !== 2) status = 1;
  }
  writeFileSync(
    join(dir, 'references.json'),
    `${JSON.stringify({ references: result.references }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'REPORT.md'), renderImportReport(result));
  out(`${result.flows.length} flow(s) and ${result.references.length} reference(s) written to ${outDir}`);
  return status;
}

if (require.main === module) {
  process.exitCode = main(
    process.argv.slice(2),
    (line) => console.log(line),
    (line) => console.error(line),
  );
}
