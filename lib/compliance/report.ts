import * as fs from 'node:fs';
import * as path from 'node:path';
import { createApp } from '../app-context';
import { buildStage } from '../app-builder';
import { StageConfig } from '../config/stage-config';
import { addComplianceGate, RuleTally } from './gate';

/** One finding of a pack, open or acknowledged. */
export interface Finding {
  readonly pack: string;
  readonly rule: string;
  readonly description: string;
  readonly constructs: readonly string[];
  /** The acknowledgement's reason; undefined for an open (unacknowledged) finding. */
  readonly reason?: string;
  readonly acknowledgedAt?: string;
}

/** The outcome of one pack. */
export interface PackResult {
  readonly pack: string;
  /** Rules that applied to at least one resource and found nothing. */
  readonly passed: readonly string[];
  /** Rules evaluated in all (including those that applied to no resource). */
  readonly evaluated: number;
  readonly open: readonly Finding[];
  readonly acknowledged: readonly Finding[];
}

/** The compliance outcome of one stage. */
export interface ComplianceResult {
  readonly stage: string;
  readonly packs: readonly PackResult[];
  readonly synthError?: string;
}

interface ReportJson {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly ViolationJson[];
    readonly suppressedViolations?: readonly (ViolationJson & { reason?: string; acknowledgedAt?: string })[];
  }[];
}
interface ViolationJson {
  readonly ruleName: string;
  readonly description: string;
  readonly violatingConstructs?: readonly { readonly constructPath?: string }[];
  readonly violatingResources?: readonly {
    readonly resourceLogicalId?: string;
    readonly templatePath?: string;
  }[];
}

function finding(pack: string, v: ViolationJson & { reason?: string; acknowledgedAt?: string }): Finding {
  const constructs =
    v.violatingConstructs?.map((c) => c.constructPath ?? '?') ??
    v.violatingResources?.map(
      (r) => `${path.basename(r.templatePath ?? '')}#${r.resourceLogicalId ?? '?'}`,
    ) ??
    [];
  return {
    pack,
    rule: v.ruleName,
    description: v.description,
    constructs,
    reason: v.reason,
    acknowledgedAt: v.acknowledgedAt,
  };
}

/**
 * Synthesizes a stage with the compliance gate into `outdir` and collects, per pack, the rules that
 * passed, the open findings and the acknowledged findings with their reasons. Synth errors caused by
 * open findings are captured, not thrown.
 */
export function runCompliance(config: StageConfig, outdir: string): ComplianceResult {
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = createApp({ outdir });
  buildStage(app, config);
  const gate = addComplianceGate(app);
  let synthError: string | undefined;
  try {
    app.synth();
  } catch (error) {
    synthError = error instanceof Error ? error.message : String(error);
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const report: ReportJson = fs.existsSync(reportFile)
    ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ReportJson)
    : { pluginReports: [] };
  const packs: PackResult[] = gate.plugins.map((plugin) => {
    const json = report.pluginReports.find((r) => r.pluginName === plugin.name);
    const open = (json?.violations ?? []).map((v) => finding(plugin.name, v));
    const acknowledged = (json?.suppressedViolations ?? []).map((v) => finding(plugin.name, v));
    const flagged = new Set([...open, ...acknowledged].map((f) => f.rule.replace(/\[.*$/, '')));
    // Guard findings name their Control Tower control in the description ("[CT.KMS.PR.3]: ..."),
    // while the plugin lists rules as "kmspr3".
    for (const f of [...open, ...acknowledged]) {
      const control = /^\[CT\.([A-Z0-9]+)\.PR\.(\d+)\]/.exec(f.description);
      if (control) flagged.add(`${control[1].toLowerCase()}pr${control[2]}`);
    }
    const coverage = gate.coverage.get(plugin.name);
    const tallies: [string, RuleTally][] = coverage ? [...coverage.entries()] : [];
    const passed = coverage
      ? tallies
          .filter(([rule, t]) => t.compliant + t.nonCompliant > 0 && !flagged.has(rule))
          .map(([rule]) => rule)
      : (plugin.ruleIds ?? []).filter((rule) => !flagged.has(rule));
    return {
      pack: plugin.name,
      passed: passed.sort(),
      evaluated: coverage ? coverage.size : (plugin.ruleIds?.length ?? 0),
      open,
      acknowledged,
    };
  });
  return { stage: config.stage, packs, synthError };
}

/** Renders a compliance result as Markdown for security reviewers. */
export function renderComplianceReport(result: ComplianceResult): string {
  const lines: string[] = [`# Compliance report: stage \`${result.stage}\``, ''];
  const open = result.packs.reduce((n, p) => n + p.open.length, 0);
  const acknowledged = result.packs.reduce((n, p) => n + p.acknowledged.length, 0);
  lines.push(
    `Open findings: **${open}**. Acknowledged findings: **${acknowledged}**, each scoped to one finding on one construct with its reason.`,
    '',
    '| pack | rules evaluated | rules with no finding (cdk-nag: that applied to a resource) | open | acknowledged |',
    '|---|---|---|---|---|',
  );
  for (const p of result.packs) {
    lines.push(
      `| ${p.pack} | ${p.evaluated} | ${p.passed.length} | ${p.open.length} | ${p.acknowledged.length} |`,
    );
  }
  if (result.synthError) {
    lines.push('', '## Synth failed', '', '```', result.synthError.slice(0, 4000), '```');
  }
  for (const p of result.packs) {
    lines.push('', `## ${p.pack}`, '');
    if (p.open.length > 0) {
      lines.push('### Open findings (synth fails until fixed or acknowledged)', '');
      for (const f of p.open) lines.push(`- **${f.rule}**: ${f.description} (${f.constructs.join(', ')})`);
      lines.push('');
    }
    lines.push('### Acknowledged', '');
    if (p.acknowledged.length === 0) lines.push('None.');
    for (const f of p.acknowledged) {
      lines.push(
        `- **${f.rule}** on \`${f.constructs.join('`, `')}\`: ${f.description}`,
        `  - Reason: ${f.reason ?? '(none)'}`,
      );
    }
    lines.push(
      '',
      '### Passed',
      '',
      p.passed.length === 0 ? 'None applied.' : p.passed.map((r) => `\`${r}\``).join(', '),
    );
  }
  return `${lines.join('\n')}\n`;
}
