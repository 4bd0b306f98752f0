/**
 * Loading a journey map file for the tools: a TypeScript module (its default export or `journey`
 * export, loaded with tsx), a YAML file or a JSON file. Loading does not validate: pass the value to
 * `journeyProblems` or `validateJourneyMap`.
 *
 * No aws-cdk-lib import.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';

/** Raised when a journey file cannot be read or parsed; the message names the file and the cause. */
export class JourneyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JourneyFileError';
  }
}

const TYPESCRIPT = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The extensions `loadJourneyFile` reads. */
export const JOURNEY_FILE_EXTENSIONS = [...TYPESCRIPT, '.yaml', '.yml', '.json'] as const;

function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    throw new JourneyFileError(
      `${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${first.message.split('\n')[0] ?? ''}`,
    );
  }
  return doc.toJS();
}

function loadModule(path: string): unknown {
  // tsx compiles the module (and whatever it imports) on the fly.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsx = require('tsx/cjs/api') as { require: (id: string, from: string) => unknown };
  let loaded: unknown;
  try {
    loaded = tsx.require(path, __filename);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new JourneyFileError(`${path}: cannot load the module: ${reason ?? ''}`);
  }
  const exports = (typeof loaded === 'object' && loaded !== null ? loaded : {}) as Record<string, unknown>;
  // The default or `journey` export, else the one exported object that looks like a map.
  const candidates = Object.values(exports).filter(
    (v) => typeof v === 'object' && v !== null && 'intents' in v && 'queues' in v,
  );
  const map = exports.default ?? exports.journey ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (map === undefined) {
    throw new JourneyFileError(`${path}: exports no journey map; export it as default or as 'journey'`);
  }
  return map;
}

/**
 * Reads a journey map file as written.
 * @throws JourneyFileError when the file cannot be read, parsed or loaded.
 */
export function loadJourneyFile(file: string): unknown {
  const path = resolve(file);
  const ext = extname(path).toLowerCase();
  if (!(JOURNEY_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new JourneyFileError(`${file}: unknown kind of file; use ${JOURNEY_FILE_EXTENSIONS.join(', ')}`);
  }
  if (TYPESCRIPT.includes(ext)) return loadModule(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new JourneyFileError(
      `${file}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`,
    );
  }
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      throw new JourneyFileError(`${file}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return parseYaml(text, file);
}
