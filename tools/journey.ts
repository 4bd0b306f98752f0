/**
 * `npm run journey -- <command>`: the journey map tools.
 *
 *   check <file>     validate a map (TypeScript, YAML or JSON): every problem with its path and a
 *                    fix hint (exit 1), or "ok" with a summary (exit 0); exit 2 if the file cannot be read
 *   schema [--out f] write the JSON Schema of a map as written (default schema/journey.schema.json)
 *
 * A user mistake never prints a stack trace.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  formatProblem,
  JourneyFileError,
  journeyJsonSchema,
  journeyProblems,
  loadJourneyFile,
  validateJourneyMap,
  type JourneyInput,
} from '../lib/journey';

/** Where `journey schema` writes the JSON Schema by default. */
export const SCHEMA_FILE = resolve(__dirname, '..', 'schema', 'journey.schema.json');

/** The JSON Schema file's content, before formatting (what `journey schema` writes). */
export function schemaText(): string {
  return `${JSON.stringify(journeyJsonSchema(), null, 2)}\n`;
}

/** Output of one run: what to print and the exit code. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

const USAGE = 'usage: npm run journey -- check <file> | schema [--out <file>]';

function check(file: string | undefined): RunResult {
  if (file === undefined) return { code: 2, stdout: [], stderr: [USAGE] };
  let raw: unknown;
  try {
    raw = loadJourneyFile(file);
  } catch (e) {
    if (e instanceof JourneyFileError) return { code: 2, stdout: [], stderr: [e.message] };
    throw e;
  }
  const problems = journeyProblems(raw);
  if (problems.length > 0) {
    const n = problems.length;
    return {
      code: 1,
      stdout: [],
      stderr: [`${file}: ${n} problem${n === 1 ? '' : 's'}`, ...problems.map((p) => `  ${formatProblem(p)}`)],
    };
  }
  const map = validateJourneyMap(raw as JourneyInput);
  const selfService = map.intents.filter((i) => i.selfService).length;
  return {
    code: 0,
    stdout: [
      `${file}: ok`,
      `  ${map.name}: ${map.intents.length} intents (${selfService} self-service): ${map.intents.map((i) => i.id).join(', ')}`,
      `  languages: ${map.languages.map((l) => `${l} (${map.voices[l]?.voice ?? '?'})`).join(', ')}; default ${map.defaultLanguage}`,
      `  queues: ${map.queues.map((q) => `${q.id} (${q.underLoad.mode})`).join(', ')}`,
    ],
    stderr: [],
  };
}

/** The schema text formatted like the rest of the repository (Prettier, when it is installed). */
async function formatted(text: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(text, { ...options, parser: 'json' });
  } catch {
    return text;
  }
}

async function schema(args: readonly string[]): Promise<RunResult> {
  const i = args.indexOf('--out');
  const out = i >= 0 ? args[i + 1] : SCHEMA_FILE;
  if (out === undefined) return { code: 2, stdout: [], stderr: [USAGE] };
  writeFileSync(out, await formatted(schemaText(), out));
  return { code: 0, stdout: [`wrote ${out}`], stderr: [] };
}

/** Runs `check` (synchronous): what to print and the exit code. */
export function run(args: readonly string[]): RunResult {
  const [command, ...rest] = args;
  if (command === 'check') return check(rest[0]);
  return { code: 2, stdout: [], stderr: [USAGE] };
}

/** Runs any command on its arguments (without `node` and the script). */
export async function main(args: readonly string[]): Promise<RunResult> {
  return args[0] === 'schema' ? schema(args.slice(1)) : run(args);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((result) => {
    for (const line of result.stdout) console.log(line);
    for (const line of result.stderr) console.error(line);
    process.exitCode = result.code;
  });
}
