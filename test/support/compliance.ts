import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'aws-cdk-lib';
import { addComplianceGate } from '../../lib/compliance/gate';

/** One finding of the validation report. */
export interface ReportedViolation {
  readonly ruleName: string;
  readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
  readonly reason?: string;
}

/** What a synth with the compliance gate produced. */
export interface GatedSynth {
  /** The error synth threw (open findings), if any. */
  readonly synthError: unknown;
  /** Open findings as `<pack> <rule> <construct paths>` lines. */
  readonly open: readonly string[];
  /** Acknowledged findings on constructs whose path starts with `pathPrefix`. */
  acknowledgedUnder(pathPrefix: string): readonly ReportedViolation[];
}

interface ReportJson {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly ReportedViolation[];
    readonly suppressedViolations?: readonly ReportedViolation[];
  }[];
}

/**
 * Attaches the compliance gate to an app built with `outdir`, synthesizes it (capturing, not
 * throwing, the failure open findings cause) and reads the validation report.
 */
export function synthWithComplianceGate(app: App, outdir: string): GatedSynth {
  addComplianceGate(app);
  let synthError: unknown;
  try {
    app.synth();
  } catch (error) {
    synthError = error;
  }
  const report = JSON.parse(
    fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
  ) as ReportJson;
  const paths = (v: ReportedViolation): string =>
    (v.violatingConstructs ?? []).map((c) => c.constructPath).join(',');
  return {
    synthError,
    open: report.pluginReports.flatMap((r) =>
      r.violations.map((v) => `${r.pluginName} ${v.ruleName} ${paths(v)}`),
    ),
    acknowledgedUnder: (pathPrefix) =>
      report.pluginReports.flatMap((r) =>
        (r.suppressedViolations ?? []).filter((v) =>
          (v.violatingConstructs ?? []).some((c) => c.constructPath?.startsWith(pathPrefix)),
        ),
      ),
  };
}

/** Resets a test output folder. */
export function freshOutdir(...parts: string[]): string {
  const outdir = path.join('.tmp', ...parts);
  fs.rmSync(outdir, { recursive: true, force: true });
  return outdir;
}
