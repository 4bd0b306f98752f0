/**
 * Validates Amazon Connect flow-language JSON files offline.
 *
 *   tsx tools/flows-validate.ts <file.json> [more.json ...]
 *
 * Accepts a flow document (`{ Version, StartAction, Actions }`, as the console exports it), a
 * DescribeContactFlow response (`{ ContactFlow: { Name, Content } }`), a compiled flow
 * (`{ name, content }`) or a list of any of these. Prints each problem with its action id.
 * Exit status: 0 clean, 1 problems found, 2 a file is unreadable or not JSON.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { validateFlow, type FlowProblem } from '../lib/flows/validate';

/** A flow found in a file, with the name used in messages. */
interface FoundFlow {
  readonly name: string;
  readonly document: unknown;
}

class UnreadableError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The flow documents inside a parsed file, whatever wrapper they came in. */
export function flowsIn(parsed: unknown, fallbackName: string): FoundFlow[] {
  if (Array.isArray(parsed)) return parsed.flatMap((item, i) => flowsIn(item, `${fallbackName}[${i}]`));
  if (isObject(parsed)) {
    const described = parsed.ContactFlow;
    if (isObject(described) && typeof described.Content === 'string') {
      const name = typeof described.Name === 'string' ? described.Name : fallbackName;
      return [{ name, document: parseContent(described.Content, name) }];
    }
    if (typeof parsed.Content === 'string')
      return [{ name: fallbackName, document: parseContent(parsed.Content, fallbackName) }];
    if (isObject(parsed.content) && !('Actions' in parsed)) {
      return [
        { name: typeof parsed.name === 'string' ? parsed.name : fallbackName, document: parsed.content },
      ];
    }
    const metadata = parsed.Metadata;
    const exported = isObject(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
    return [{ name: exported ?? fallbackName, document: parsed }];
  }
  return [{ name: fallbackName, document: parsed }];
}

function parseContent(content: string, name: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (e) {
    throw new UnreadableError(`${name}: Content is not valid JSON (${(e as Error).message})`);
  }
}

/** Formats one problem for the terminal. */
export function formatProblem(problem: FlowProblem): string {
  const where = problem.action !== undefined ? `action '${problem.action}': ` : '';
  return `  [${problem.code}] ${where}${problem.message}`;
}

/**
 * Runs the CLI on `files`, writing to `out` / `err`.
 * @returns the exit status
 */
export function main(
  files: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  if (files.length === 0) {
    err('usage: tsx tools/flows-validate.ts <file.json> [more.json ...]');
    return 2;
  }
  let status = 0;
  for (const file of files) {
    let flows: FoundFlow[];
    try {
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
      flows = flowsIn(parsed, basename(file, '.json'));
    } catch (e) {
      if (!(e instanceof UnreadableError)) throw e;
      err(e.message);
      status = Math.max(status, 2);
      continue;
    }
    for (const flow of flows) {
      const problems = validateFlow(flow.document, flow.name);
      const actions =
        isObject(flow.document) && Array.isArray(flow.document.Actions) ? flow.document.Actions.length : 0;
      if (problems.length === 0) {
        out(`${file}: flow '${flow.name}' is valid (${actions} actions)`);
        continue;
      }
      out(`${file}: flow '${flow.name}' has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
      for (const p of problems) out(formatProblem(p));
      status = Math.max(status, 1);
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
