/**
 * Validates Amazon Connect flows offline and prints, per flow, its budget (actions / 250,
 * characters / 256,000) and its findings: errors (Connect would refuse the flow) apart from lints
 * (this project's policy).
 *
 *   tsx tools/flows-validate.ts [options] <file.json | folder | cdk.out> ...
 *
 * Inputs: a flow document (`{ Version, StartAction, Actions }`, as the console exports it), a
 * DescribeContactFlow or DescribeContactFlowModule response, a compiled flow (`{ name, type,
 * content }`) or a list of them, a synthesized CloudFormation template (every
 * AWS::Connect::ContactFlow and ContactFlowModule in it, references shown as `${LogicalId.Attr}`),
 * or a folder (a cdk.out: every `*.template.json`; any other folder: every `*.json`).
 *
 * Options:
 *   --type <FLOW_TYPE>        flow type of bare flow documents (CONTACT_FLOW, CUSTOMER_QUEUE, ...)
 *   --channel <VOICE,CHAT>    channels the flows serve (enables channel restrictions)
 *   --lint <code>=<off|lint|error>  configure one lint (repeatable)
 *   --strict                  every lint fails too (exit 1)
 *
 * Exit status: 0 no errors (lints only, unless --strict), 1 Connect would refuse a flow (or a lint
 * under --strict), 2 an input could not be read (not JSON, unknown Version, unknown action type).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isContactFlowType, type ContactChannel, type ContactFlowType } from '../lib/flows/model';
import {
  RULES,
  checkFlow,
  isLintCode,
  type CheckOptions,
  type FlowProblem,
  type FlowReport,
  type LintCode,
  type LintLevel,
} from '../lib/flows/validate';

/** A flow found in an input, with the name used in messages. */
export interface FoundFlow {
  /** The file it came from. */
  readonly file: string;
  readonly name: string;
  readonly document: unknown;
  /** From the file (DescribeContactFlow `Type`, template `Type`) when it says. */
  readonly type?: ContactFlowType;
  /** Length of the Content string, when the input holds one. */
  readonly contentLength?: number;
  /** Description, when the input has one. */
  readonly description?: string;
}

/** An input that cannot be read: one clear line, never a stack trace. */
export class UnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableError';
  }
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FLOW_RESOURCE_TYPES: Readonly<Record<string, ContactFlowType | undefined>> = {
  'AWS::Connect::ContactFlow': undefined,
  'AWS::Connect::ContactFlowModule': 'FLOW_MODULE',
};

/**
 * A CloudFormation value as text: literal strings as they are, references as readable names
 * (`${LogicalId}`, `${LogicalId.Arn}`, `${AWS::Region}`), so the flow content parses.
 */
export function renderIntrinsic(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(renderIntrinsic).join(',');
  if (!isObject(value)) return '';
  const [fn, arg] = Object.entries(value)[0] ?? [];
  switch (fn) {
    case 'Ref':
      return `\${${String(arg)}}`;
    case 'Fn::GetAtt':
      return `\${${Array.isArray(arg) ? arg.map(String).join('.') : String(arg)}}`;
    case 'Fn::Join': {
      if (!Array.isArray(arg) || !Array.isArray(arg[1])) return '${Fn::Join}';
      return (arg[1] as unknown[]).map(renderIntrinsic).join(String(arg[0]));
    }
    case 'Fn::Sub': {
      const template = Array.isArray(arg) ? String(arg[0]) : String(arg);
      const vars = Array.isArray(arg) && isObject(arg[1]) ? arg[1] : {};
      return template.replace(/\$\{([^}!]+)\}/g, (whole, name: string) =>
        name in vars ? renderIntrinsic(vars[name]) : whole,
      );
    }
    case 'Fn::ImportValue':
      return `\${import:${renderIntrinsic(arg)}}`;
    default:
      return `\${${fn ?? 'unknown'}}`;
  }
}

function parseContent(content: string, where: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (e) {
    throw new UnreadableError(`${where}: Content is not valid JSON (${(e as Error).message})`);
  }
}

/** The flows of one CloudFormation template. */
function flowsInTemplate(template: Obj, file: string): FoundFlow[] {
  const resources = isObject(template.Resources) ? template.Resources : {};
  const out: FoundFlow[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.Type !== 'string' || !(resource.Type in FLOW_RESOURCE_TYPES))
      continue;
    const props = isObject(resource.Properties) ? resource.Properties : {};
    const name = typeof props.Name === 'string' ? props.Name : logicalId;
    const content = renderIntrinsic(props.Content);
    const declared = FLOW_RESOURCE_TYPES[resource.Type] ?? props.Type;
    out.push({
      file,
      name,
      document: parseContent(content, `${file}: ${logicalId}`),
      ...(isContactFlowType(declared) ? { type: declared } : {}),
      contentLength: content.length,
      ...(typeof props.Description === 'string' ? { description: props.Description } : {}),
    });
  }
  return out;
}

/** The flow documents inside a parsed file, whatever wrapper they came in. */
export function flowsIn(parsed: unknown, fallbackName: string, file = fallbackName): FoundFlow[] {
  if (Array.isArray(parsed)) return parsed.flatMap((item, i) => flowsIn(item, `${fallbackName}[${i}]`, file));
  if (!isObject(parsed)) return [{ file, name: fallbackName, document: parsed }];
  if (isObject(parsed.Resources)) return flowsInTemplate(parsed, file);
  for (const key of ['ContactFlow', 'ContactFlowModule'] as const) {
    const described = parsed[key];
    if (isObject(described) && typeof described.Content === 'string') {
      const name = typeof described.Name === 'string' ? described.Name : fallbackName;
      const type = key === 'ContactFlowModule' ? 'FLOW_MODULE' : described.Type;
      return [
        {
          file,
          name,
          document: parseContent(described.Content, `${file}: ${name}`),
          ...(isContactFlowType(type) ? { type } : {}),
          contentLength: described.Content.length,
          ...(typeof described.Description === 'string' ? { description: described.Description } : {}),
        },
      ];
    }
  }
  if (typeof parsed.Content === 'string') {
    return [
      {
        file,
        name: typeof parsed.Name === 'string' ? parsed.Name : fallbackName,
        document: parseContent(parsed.Content, `${file}: ${fallbackName}`),
        ...(isContactFlowType(parsed.Type) ? { type: parsed.Type } : {}),
        ...(isContactFlowType(parsed.ContactFlowType) ? { type: parsed.ContactFlowType } : {}),
        contentLength: parsed.Content.length,
      },
    ];
  }
  if (isObject(parsed.content) && !('Actions' in parsed)) {
    return [
      {
        file,
        name: typeof parsed.name === 'string' ? parsed.name : fallbackName,
        document: parsed.content,
        ...(isContactFlowType(parsed.type) ? { type: parsed.type } : {}),
      },
    ];
  }
  const metadata = parsed.Metadata;
  const exported = isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  // The designer's camelCase type (`contactFlow`, `customerQueue`) as a flow type.
  const exportedType =
    isObject(metadata) && typeof metadata.type === 'string'
      ? metadata.type.replace(/([a-z])([A-Z])/g, '$1_$2')
      : undefined;
  return [
    {
      file,
      name: exported ?? fallbackName,
      document: parsed,
      ...(typeof exportedType === 'string' && isContactFlowType(exportedType.toUpperCase())
        ? { type: exportedType.toUpperCase() as ContactFlowType }
        : {}),
    },
  ];
}

/** The JSON files an input path stands for: itself, or the templates of a cdk.out, or a folder's JSON. */
export function filesOf(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UnreadableError(
      `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  if (!stat.isDirectory()) return [path];
  const entries = readdirSync(path).sort();
  if (existsSync(join(path, 'manifest.json'))) {
    // A cloud assembly: every template, nested assemblies (stages) included.
    return entries.flatMap((e) => {
      const full = join(path, e);
      if (e.endsWith('.template.json')) return [full];
      if (e.startsWith('assembly-') && statSync(full).isDirectory()) return filesOf(full);
      return [];
    });
  }
  return entries.flatMap((e) => {
    const full = join(path, e);
    if (statSync(full).isDirectory()) return filesOf(full);
    return e.endsWith('.json') ? [full] : [];
  });
}

/** Reads every flow of one file. */
export function readFlows(file: string): FoundFlow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadableError(
      `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (e) {
    throw new UnreadableError(`${file}: is not valid JSON (${(e as Error).message})`);
  }
  return flowsIn(parsed, basename(file, '.json'), file);
}

/** Formats one finding for the terminal. */
export function formatProblem(problem: FlowProblem): string {
  const where = problem.action !== undefined ? `action '${problem.action}': ` : '';
  const label = problem.severity === 'unsupported' ? 'unsupported' : problem.severity;
  const source = problem.severity === 'error' ? ` (${problem.source})` : '';
  return `  ${label} [${problem.code}] ${where}${problem.message}${source}`;
}

const thousands = (n: number): string => n.toLocaleString('en-GB');

/** The header line of one flow: name, type, budget and counts. */
export function formatReport(file: string, report: FlowReport): string {
  const b = report.budget;
  const counts =
    report.errors.length + report.lints.length + report.unsupported.length === 0
      ? 'valid'
      : [
          report.errors.length > 0
            ? `${report.errors.length} error${report.errors.length === 1 ? '' : 's'}`
            : '',
          report.lints.length > 0 ? `${report.lints.length} lint${report.lints.length === 1 ? '' : 's'}` : '',
          report.unsupported.length > 0 ? `${report.unsupported.length} unsupported` : '',
        ]
          .filter((s) => s !== '')
          .join(', ');
  return `${file}: flow '${report.flow}' [${report.flowType ?? 'type unknown'}] ${b.actions}/${b.maxActions} actions, ${thousands(b.characters)}/${thousands(b.maxCharacters)} characters: ${counts}`;
}

/** Parsed command line. */
interface Args {
  readonly paths: string[];
  readonly type?: ContactFlowType;
  readonly channels?: ContactChannel[];
  readonly lints: Partial<Record<LintCode, LintLevel>>;
  readonly strict: boolean;
}

const USAGE =
  'usage: tsx tools/flows-validate.ts [--type FLOW_TYPE] [--channel VOICE,CHAT] [--lint code=off|lint|error] [--strict] <file.json | folder | cdk.out> ...';

function parseArgs(argv: readonly string[]): Args | string {
  const paths: string[] = [];
  const lints: Partial<Record<LintCode, LintLevel>> = {};
  let type: ContactFlowType | undefined;
  let channels: ContactChannel[] | undefined;
  let strict = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = (): string => argv[++i] ?? '';
    if (arg === '--strict') strict = true;
    else if (arg === '--type') {
      const t = value().toUpperCase();
      if (!isContactFlowType(t)) return `--type ${t} is not a flow type (CONTACT_FLOW, CUSTOMER_QUEUE, ...)`;
      type = t;
    } else if (arg === '--channel') {
      const list = value().toUpperCase().split(',');
      const bad = list.find((c) => !['VOICE', 'CHAT', 'TASK', 'EMAIL'].includes(c));
      if (bad !== undefined) return `--channel ${bad} is not VOICE, CHAT, TASK or EMAIL`;
      channels = list as ContactChannel[];
    } else if (arg === '--lint') {
      const [code, level] = value().split('=');
      if (code === undefined || !(code in RULES) || !isLintCode(code as LintCode))
        return `--lint ${code ?? ''}: not a lint (${Object.keys(RULES)
          .filter((c) => isLintCode(c as LintCode))
          .join(', ')})`;
      if (level !== 'off' && level !== 'lint' && level !== 'error')
        return `--lint ${code}=${level ?? ''}: use off, lint or error`;
      lints[code as LintCode] = level;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else paths.push(arg);
  }
  return { paths, lints, strict, ...(type ? { type } : {}), ...(channels ? { channels } : {}) };
}

/**
 * Runs the CLI on `argv`, writing to `out` / `err`.
 * @returns the exit status
 */
export function main(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const args = parseArgs(argv);
  if (typeof args === 'string' || args.paths.length === 0) {
    if (typeof args === 'string') err(args);
    err(USAGE);
    return 2;
  }
  let status = 0;
  const raise = (s: number): void => {
    status = s === 2 || status === 2 ? 2 : Math.max(status, s);
  };
  for (const path of args.paths) {
    let files: string[];
    try {
      files = filesOf(path);
    } catch (e) {
      if (!(e instanceof UnreadableError)) throw e;
      err(e.message);
      raise(2);
      continue;
    }
    if (files.length === 0) out(`${path}: no flow files found`);
    for (const file of files) {
      let flows: FoundFlow[];
      try {
        flows = readFlows(file);
      } catch (e) {
        if (!(e instanceof UnreadableError)) throw e;
        err(e.message);
        raise(2);
        continue;
      }
      for (const flow of flows) {
        const flowType = flow.type ?? args.type;
        const options: CheckOptions = {
          lints: args.lints,
          ...(flowType ? { flowType } : {}),
          ...(args.channels ? { channels: args.channels } : {}),
          ...(flow.contentLength !== undefined ? { contentLength: flow.contentLength } : {}),
        };
        const report = checkFlow(flow.document, flow.name, options);
        out(formatReport(file, report));
        for (const p of [...report.errors, ...report.lints, ...report.unsupported]) out(formatProblem(p));
        const unreadable =
          report.unsupported.length > 0 ||
          report.errors.some((p) => p.code === 'version' || p.code === 'invalid-document');
        if (unreadable) raise(2);
        else if (report.errors.length > 0) raise(1);
        else if (args.strict && report.lints.length > 0) raise(1);
      }
    }
  }
  return status;
}

if (require.main === module) {
  process.exitCode = main(
    process.argv.slice(2),
    (line) => console.log(line),
    (line) => console.error(line),
  );
}
