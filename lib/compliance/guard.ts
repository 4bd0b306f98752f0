import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { hashParts, ValidationCache } from './validation-cache';

/** The guard package's entry (workers load the same module the app does). */
const GUARD_MODULE = require.resolve('@cdklabs/cdk-validator-cfnguard');
const GUARD_PACKAGE_DIR = path.resolve(path.dirname(GUARD_MODULE), '..');
/** The Control Tower rules shipped with the package (237 `.guard` files, one folder per service). */
export const CONTROL_TOWER_RULES_DIR = path.join(GUARD_PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

/** Rules per guard process: small enough to spread one large template over several workers. */
const RULES_PER_JOB = 12;
/** Longest wait for a worker before giving up on it and running its job in this process. */
const WORKER_TIMEOUT_MS = 300_000;

/**
 * A worker: runs the library's own validator (same guard binary, same result parsing) on one
 * template with some rules and writes the report to a file, atomically. A plain script run with
 * `node -e`, because plugin `validate()` is synchronous: the only way to run guard processes side by
 * side (and alongside the other gates) is to start them early and collect their files later.
 */
const WORKER_SOURCE = `
const fs = require('fs');
const [lib, jobFile, outFile] = process.argv.slice(1);
let result;
try {
  const { CfnGuardValidator } = require(lib);
  const jobs = JSON.parse(fs.readFileSync(jobFile, 'utf8'));
  result = jobs.map((job) => {
    const validator = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: job.rules, maxBuffer: job.maxBuffer });
    return { id: job.id, report: validator.validate({ templatePaths: [job.template] }) };
  });
} catch (error) {
  result = { error: String((error && error.message) || error) };
}
fs.writeFileSync(outFile + '.tmp', JSON.stringify(result));
fs.renameSync(outFile + '.tmp', outFile);
`;

interface RuleFile {
  readonly file: string;
  /** Resource types the rule names; the rule can only fire on a template holding one of them. */
  readonly types: ReadonlySet<string>;
}

interface Job {
  readonly id: number;
  readonly template: string;
  readonly rules: readonly string[];
  readonly maxBuffer: number;
  /** Estimated cost: rules x template size. */
  readonly cost: number;
}

interface TemplateRun {
  readonly template: string;
  readonly key: string;
  /** From the cache, or filled when the template's jobs are collected. */
  violations?: PolicyViolation[];
  readonly jobs: Job[];
}

interface Batch {
  readonly jobs: Job[];
  readonly outFile: string;
}

/** Sleeps without spinning (plugin validation is synchronous; there is no event loop to yield to). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function listRules(dir: string): RuleFile[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.guard')) files.push(full);
    }
  };
  walk(dir);
  return files.map((file) => ({
    file,
    types: new Set(fs.readFileSync(file, 'utf8').match(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/g) ?? []),
  }));
}

/**
 * The AWS Guard rules (Control Tower proactive controls) of `@cdklabs/cdk-validator-cfnguard`,
 * reporting exactly what `new CfnGuardValidator({ controlTowerRulesEnabled: true })` reports, faster:
 *
 * - only the rules that name a resource type present in a template run on it (a rule that names
 *   none of the template's types selects no resource and cannot fire; a rule naming no type at all
 *   always runs);
 * - results are cached per template by the hash of the template, the rules and the guard version;
 * - templates (split into groups of rules) are checked by worker processes (one per core but one),
 *   started by {@link prefetch} as soon as the first gate starts, so they run alongside the other
 *   gates.
 *
 * Its name, version and rule ids are the library plugin's, so reports are unchanged.
 */
export class FastCfnGuardValidator implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version?: string;
  readonly ruleIds?: string[];
  private readonly rules: RuleFile[];
  private readonly fingerprint: string;
  private readonly cache: ValidationCache;
  private runs?: { templates: TemplateRun[]; batches: Batch[]; workDir?: string };

  constructor(options: { readonly cacheDir?: string } = {}) {
    const library = new CfnGuardValidator({ controlTowerRulesEnabled: true });
    this.name = library.name;
    this.version = library.version;
    this.ruleIds = library.ruleIds;
    this.rules = listRules(CONTROL_TOWER_RULES_DIR);
    this.fingerprint = hashParts([
      library.version ?? '',
      fs.readFileSync(path.join(GUARD_PACKAGE_DIR, 'guard-version.json')),
      ...this.rules.flatMap((r) => [path.relative(CONTROL_TOWER_RULES_DIR, r.file), fs.readFileSync(r.file)]),
    ]);
    this.cache = new ValidationCache(this.name, options.cacheDir);
  }

  /**
   * Starts checking the templates not in the cache, in background worker processes. Idempotent;
   * {@link validate} calls it too, so calling it early only buys overlap.
   */
  prefetch(templatePaths: readonly string[]): void {
    if (this.runs) return;
    const templates: TemplateRun[] = [];
    const jobs: Job[] = [];
    for (const template of templatePaths) {
      const content = fs.readFileSync(template);
      const key = hashParts([this.fingerprint, content]);
      const cached = this.cache.get(key, template);
      const run: TemplateRun = { template, key, violations: cached, jobs: [] };
      templates.push(run);
      if (cached) continue;
      const types = resourceTypes(content);
      const applicable = this.rules
        .filter((r) => r.types.size === 0 || [...r.types].some((t) => types.has(t)))
        .map((r) => r.file);
      for (let i = 0; i < applicable.length; i += RULES_PER_JOB) {
        const job: Job = {
          id: jobs.length,
          template,
          rules: applicable.slice(i, i + RULES_PER_JOB),
          maxBuffer: 256 * 1024 * 1024,
          cost: Math.min(RULES_PER_JOB, applicable.length - i) * content.length,
        };
        jobs.push(job);
        run.jobs.push(job);
      }
      if (applicable.length === 0) run.violations = [];
    }
    this.runs = { templates, batches: [] };
    if (jobs.length === 0) return;
    // One core stays with this process (aws-cdk-lib's validator and cdk-nag run here meanwhile).
    // Longest job first onto the least loaded worker: the workers finish at about the same time.
    const workers = Math.max(1, Math.min(os.availableParallelism() - 1, jobs.length));
    const bins = Array.from({ length: workers }, () => ({ cost: 0, jobs: [] as Job[] }));
    for (const job of [...jobs].sort((a, b) => b.cost - a.cost)) {
      const bin = bins.reduce((min, b) => (b.cost < min.cost ? b : min));
      bin.cost += job.cost;
      bin.jobs.push(job);
    }
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cccode-guard-'));
    this.runs.workDir = workDir;
    bins.forEach((bin, i) => {
      const jobFile = path.join(workDir, `jobs-${i}.json`);
      const outFile = path.join(workDir, `result-${i}.json`);
      fs.writeFileSync(jobFile, JSON.stringify(bin.jobs));
      const child = spawn(process.execPath, ['-e', WORKER_SOURCE, GUARD_MODULE, jobFile, outFile], {
        stdio: 'ignore',
        env: process.env,
      });
      // The parent never waits on the child object (it polls the result file), so do not let the
      // handle keep the process alive.
      child.unref();
      this.runs!.batches.push({ jobs: bin.jobs, outFile });
    });
  }

  /** Collects the findings of every template (waiting for the workers), in the library's order. */
  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.prefetch(context.templatePaths);
    const runs = this.runs!;
    this.runs = undefined;
    try {
      const reports = this.collect(runs.batches);
      const violations: PolicyViolation[] = [];
      for (const run of runs.templates) {
        if (!run.violations) {
          run.violations = run.jobs.flatMap((job) => reports.get(job.id) ?? this.runInProcess(job));
          this.cache.set(run.key, run.violations);
        }
        violations.push(...run.violations);
      }
      return { success: violations.length === 0, violations };
    } finally {
      if (runs.workDir) fs.rmSync(runs.workDir, { recursive: true, force: true });
    }
  }

  /** Waits for the workers' result files; a worker that failed leaves its jobs to the caller. */
  private collect(batches: readonly Batch[]): Map<number, PolicyViolation[]> {
    const reports = new Map<number, PolicyViolation[]>();
    const pending = new Set(batches);
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    let pause = 5;
    while (pending.size > 0 && Date.now() < deadline) {
      for (const batch of [...pending]) {
        if (!fs.existsSync(batch.outFile)) continue;
        pending.delete(batch);
        const result = JSON.parse(fs.readFileSync(batch.outFile, 'utf8')) as
          { id: number; report: PolicyValidationPluginReport }[] | { error: string };
        if (!Array.isArray(result)) continue; // rerun in process: the library raises the error itself
        for (const { id, report } of result) reports.set(id, [...report.violations]);
      }
      if (pending.size > 0) sleep(pause);
      pause = Math.min(pause * 2, 50);
    }
    return reports;
  }

  /** The library validator on one job, in this process (fallback when a worker failed). */
  private runInProcess(job: Job): PolicyViolation[] {
    const validator = new CfnGuardValidator({
      controlTowerRulesEnabled: false,
      rules: [...job.rules],
      maxBuffer: job.maxBuffer,
    });
    return [...validator.validate({ templatePaths: [job.template] } as IPolicyValidationContext).violations];
  }
}

/** Resource types of a CloudFormation template. */
function resourceTypes(content: Buffer): Set<string> {
  const template = JSON.parse(content.toString('utf8')) as { Resources?: Record<string, { Type?: unknown }> };
  return new Set(
    Object.values(template.Resources ?? {})
      .map((r) => r.Type)
      .filter((t): t is string => typeof t === 'string'),
  );
}
