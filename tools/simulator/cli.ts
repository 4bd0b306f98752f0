/**
 * The journey simulator CLI: plays scenario calls through the synthesized contact flows with the
 * real Lambda handlers, DynamoDB Local and a loopback KMS server. No AWS account.
 *
 *   tsx tools/simulator/cli.ts <scenario>            transcript of one call (a file or a name in scenarios/)
 *   tsx tools/simulator/cli.ts --all                 every scenario: pass/fail table, exit 1 on any failure
 *
 * Options:
 *   --flows cdk|compiled   flows from cdk.out (synthesized if missing; default) or compiled in-process
 *   --cdk-out <dir>        where the synthesized templates are (default cdk.out)
 *   --ddb-endpoint <url>   use this DynamoDB Local instead of starting one
 *   --scenarios <dir>      scenario folder for --all and names (default scenarios)
 *   --quiet                hide the per-action lines of the transcript
 *   --transcripts          with --all, print every transcript too
 *   --missing-reference error|empty   how Set attributes treats a reference to nothing (default error)
 *   --no-color             no ANSI colours even on a terminal
 *
 * Exit codes: 0 all passed, 1 a scenario failed, 2 bad usage or input (one-sentence error).
 */
import './quiet-sdk';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import {
  DYNAMODB_LOCAL_JAR,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../test/support/dynamodb-local';
import { ensureDynamoDbLocal } from '../../test/support/setup-dynamodb-local';
import { FlowLoadError, ScenarioError } from './errors';
import { describeDisposition } from './expect';
import { compiledFlowSet, flowSetFromTemplate } from './flows';
import type { MissingReferencePolicy } from './interpreter';
import type { FlowSet } from './model';
import { runScenario, summaryTable, type ScenarioOutcome } from './runner';
import { loadScenario, loadScenarioDir, type Scenario } from './scenario';
import { formatEvent, formatTranscript } from './transcript';
import { SimulatorWorld } from './world';

/** Parsed command line. */
export interface CliOptions {
  readonly scenario?: string;
  readonly all: boolean;
  readonly flows: 'cdk' | 'compiled';
  readonly cdkOut: string;
  readonly ddbEndpoint?: string;
  readonly scenarioDir: string;
  readonly quiet: boolean;
  readonly transcripts: boolean;
  readonly color: boolean;
  readonly missingReference: MissingReferencePolicy;
}

/** Bad usage: printed as one sentence, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const USAGE =
  'usage: tsx tools/simulator/cli.ts <scenario> | --all [--flows cdk|compiled] [--ddb-endpoint URL] [--quiet]';

/** Parses argv (without node and script). */
export function parseArgs(argv: readonly string[], isTty: boolean): CliOptions {
  let scenario: string | undefined;
  let all = false;
  let flows: 'cdk' | 'compiled' = 'cdk';
  let cdkOut = 'cdk.out';
  let ddbEndpoint: string | undefined;
  let scenarioDir = 'scenarios';
  let quiet = false;
  let transcripts = false;
  let color = isTty && process.env.NO_COLOR === undefined;
  let missingReference: MissingReferencePolicy = 'error';
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value; ${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    switch (arg) {
      case '--all':
        all = true;
        break;
      case '--flows': {
        const v = value(i++, arg);
        if (v !== 'cdk' && v !== 'compiled')
          throw new UsageError(`--flows must be cdk or compiled, not '${v}'.`);
        flows = v;
        break;
      }
      case '--cdk-out':
        cdkOut = value(i++, arg);
        break;
      case '--ddb-endpoint':
        ddbEndpoint = value(i++, arg);
        break;
      case '--scenarios':
        scenarioDir = value(i++, arg);
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--transcripts':
        transcripts = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '--color':
        color = true;
        break;
      case '--missing-reference': {
        const v = value(i++, arg);
        if (v !== 'error' && v !== 'empty')
          throw new UsageError(`--missing-reference must be error or empty, not '${v}'.`);
        missingReference = v;
        break;
      }
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}; ${USAGE}`);
        if (scenario !== undefined)
          throw new UsageError(`give one scenario (or --all), not '${scenario}' and '${arg}'.`);
        scenario = arg;
    }
  }
  if (!all && scenario === undefined) throw new UsageError(USAGE);
  if (all && scenario !== undefined) throw new UsageError(`give a scenario or --all, not both.`);
  return {
    ...(scenario !== undefined ? { scenario } : {}),
    all,
    flows,
    cdkOut,
    ...(ddbEndpoint !== undefined ? { ddbEndpoint } : {}),
    scenarioDir,
    quiet,
    transcripts,
    color,
    missingReference,
  };
}

/** A scenario argument: a path, or a name in the scenario folder (with or without `.json`). */
export function resolveScenarioPath(arg: string, scenarioDir: string): string {
  if (fs.existsSync(arg)) return arg;
  const named = path.join(scenarioDir, arg.endsWith('.json') ? arg : `${arg}.json`);
  if (fs.existsSync(named)) return named;
  throw new ScenarioError(`scenario file ${arg} does not exist (nor ${named}).`);
}

/** The synthesized contact-centre template in `dir`: the stage's, else the only one. */
export function findContactCentreTemplate(dir: string, stage: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const candidates = fs.readdirSync(dir).filter((f) => f.endsWith('-ContactCentre.template.json'));
  const staged = candidates.find((f) => f.includes(`-${stage}-`));
  const file = staged ?? (candidates.length === 1 ? candidates[0] : undefined);
  return file === undefined ? undefined : path.join(dir, file);
}

function stageOf(): string {
  try {
    const cdk = JSON.parse(fs.readFileSync('cdk.json', 'utf8')) as { context?: { stage?: unknown } };
    return typeof cdk.context?.stage === 'string' ? cdk.context.stage : 'dev';
  } catch {
    return 'dev';
  }
}

/** The flows to simulate: compiled in-process, or from cdk.out (synthesized first when missing). */
export function loadFlows(
  options: Pick<CliOptions, 'flows' | 'cdkOut'>,
  log: (line: string) => void,
): FlowSet {
  if (options.flows === 'compiled') return compiledFlowSet(DEFAULT_JOURNEY_MAP);
  const stage = stageOf();
  let template = findContactCentreTemplate(options.cdkOut, stage);
  if (template === undefined) {
    log(
      `No synthesized ContactCentre template in ${options.cdkOut}: running \`npx cdk synth --quiet\` (or use --flows compiled)...`,
    );
    const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', options.cdkOut], {
      stdio: 'inherit',
    });
    if (synth.status !== 0) {
      throw new FlowLoadError(
        `cdk synth failed (exit ${synth.status}); fix it or run with --flows compiled.`,
      );
    }
    template = findContactCentreTemplate(options.cdkOut, stage);
    if (template === undefined)
      throw new FlowLoadError(`cdk synth wrote no *-ContactCentre.template.json to ${options.cdkOut}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(template, 'utf8'));
  } catch (error) {
    throw new FlowLoadError(`${template} is not JSON: ${(error as Error).message}.`);
  }
  return flowSetFromTemplate(json, DEFAULT_JOURNEY_MAP, { origin: template });
}

function header(scenario: Scenario, flows: FlowSet): string {
  const tz = flows.map.hours.timeZone;
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(scenario.call.at));
  return [
    `Scenario ${scenario.name}: ${scenario.description}`,
    `Call from ${scenario.call.from ?? 'a withheld number'} on ${local} (${tz}); flows from ${flows.origin}`,
    '',
  ].join('\n');
}

/** Runs the CLI; returns the exit code. */
export async function main(
  argv: readonly string[],
  out: (line: string) => void = console.log,
): Promise<number> {
  const isTty = process.stdout.isTTY === true;
  let options: CliOptions;
  let scenarios: Scenario[];
  let flows: FlowSet;
  try {
    options = parseArgs(argv, isTty);
    scenarios = options.all
      ? loadScenarioDir(options.scenarioDir)
      : [loadScenario(resolveScenarioPath(options.scenario as string, options.scenarioDir))];
    flows = loadFlows(options, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError || error instanceof FlowLoadError) {
      console.error(`simulate: ${error.message}`);
      return 2;
    }
    throw error;
  }

  let ddb: DynamoDbLocal | undefined;
  let world: SimulatorWorld | undefined;
  try {
    let endpoint = options.ddbEndpoint;
    if (endpoint === undefined) {
      try {
        // Like the tests: fetch DynamoDB Local on first use, so the simulator works right after
        // `npm ci` (a missing `java` becomes one sentence naming the install command).
        if (!fs.existsSync(DYNAMODB_LOCAL_JAR)) console.error('simulate: fetching DynamoDB Local (one time)');
        ensureDynamoDbLocal();
        ddb = await startDynamoDbLocal();
      } catch (error) {
        console.error(`simulate: could not start DynamoDB Local: ${(error as Error).message}`);
        return 2;
      }
      endpoint = ddb.endpoint;
    }
    world = await SimulatorWorld.start({
      ddbEndpoint: endpoint,
      ...(options.ddbEndpoint ? { prefix: 'sim' } : {}),
    });
    const run = { world, flows, missingReference: options.missingReference };
    const transcript = { color: options.color, actions: !options.quiet };

    if (!options.all) {
      const scenario = scenarios[0] as Scenario;
      out(header(scenario, flows));
      const outcome = await runScenario(scenario, {
        ...run,
        onEvent: (event) => {
          const line = formatEvent(event, transcript);
          if (line !== undefined) out(line);
        },
      });
      out(formatTranscript({ ...outcome.result, events: [] }, transcript));
      out('');
      report([outcome], out, options.color);
      return outcome.passed ? 0 : 1;
    }

    const outcomes: ScenarioOutcome[] = [];
    for (const scenario of scenarios) {
      const outcome = await runScenario(scenario, run);
      outcomes.push(outcome);
      if (options.transcripts) {
        out(header(scenario, flows));
        out(formatTranscript(outcome.result, transcript));
        out('');
      }
    }
    out(`Flows: ${flows.origin}\n`);
    out(colorTable(summaryTable(outcomes), options.color));
    out('');
    report(outcomes, out, options.color);
    return outcomes.every((o) => o.passed) ? 0 : 1;
  } finally {
    await world?.close();
    await ddb?.stop();
  }
}

function colorTable(table: string, color: boolean): string {
  if (!color) return table;
  return table
    .split('\n')
    .map((line) =>
      line.startsWith('PASS')
        ? `\u001b[32m${line}\u001b[39m`
        : line.startsWith('FAIL')
          ? `\u001b[31m${line}\u001b[39m`
          : line,
    )
    .join('\n');
}

function report(outcomes: readonly ScenarioOutcome[], out: (line: string) => void, color: boolean): void {
  const red = (s: string): string => (color ? `\u001b[31m${s}\u001b[39m` : s);
  const green = (s: string): string => (color ? `\u001b[32m${s}\u001b[39m` : s);
  const failed = outcomes.filter((o) => !o.passed);
  for (const o of failed) {
    out(red(`FAIL ${o.scenario.name} (${describeDisposition(o.result.disposition)})`));
    for (const f of o.failures) out(red(`  - ${f}`));
  }
  for (const w of outcomes.flatMap((o) => o.result.warnings.map((msg) => `${o.scenario.name}: ${msg}`))) {
    out(`warning: ${w}`);
  }
  const passed = outcomes.length - failed.length;
  const summary = `${passed} of ${outcomes.length} scenario${outcomes.length === 1 ? '' : 's'} passed`;
  out(failed.length === 0 ? green(summary) : red(summary));
}

if (require.main === module) {
  main(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      console.error(`simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 2;
    });
}
