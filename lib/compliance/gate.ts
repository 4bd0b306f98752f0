import { App, CfnResource, IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  IApplyRule,
  NagPack,
  NagRuleCompliance,
  NagRuleResult,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import { IConstruct } from 'constructs';
import { recordPhase } from '../bundling/synth-profile';
import { CachedCloudFormationValidatePlugin } from './cfn-validate';
import { FastCfnGuardValidator } from './guard';

/** Names of the compliance packs the gate runs, as printed in reports. */
export const COMPLIANCE_PACKS = [
  'AwsSolutions',
  'HIPAA.Security',
  'PCI.DSS.321',
  'NIST.800.53.R5',
  'Serverless',
  'cdk-validator-cfnguard',
] as const;

/** How one rule fared across the app's resources. */
export interface RuleTally {
  compliant: number;
  nonCompliant: number;
  notApplicable: number;
}

/** Rules a pack evaluated during synth, by rule id. */
export type RuleCoverage = Map<string, RuleTally>;

type NagPackClass = new (scope?: IConstruct) => NagPack;

/** The protected rule hook of cdk-nag packs, reached from outside the class. */
interface RuleHook {
  applyRule(params: IApplyRule): void;
}

/**
 * Makes a cdk-nag pack record which rules it applied and how each fared (cdk-nag itself only
 * reports failures), so the compliance report can say what passed as well as what was acknowledged.
 */
function recording(pack: NagPack, coverage: RuleCoverage): NagPack {
  const hook = pack as unknown as RuleHook;
  const applyRule = hook.applyRule.bind(pack);
  hook.applyRule = (params: IApplyRule): void => {
    const id = `${pack.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    const tally = coverage.get(id) ?? { compliant: 0, nonCompliant: 0, notApplicable: 0 };
    coverage.set(id, tally);
    const original = params.rule;
    const rule = (node: CfnResource): NagRuleResult => {
      const result = original(node);
      if (result === NagRuleCompliance.NOT_APPLICABLE) tally.notApplicable += 1;
      else if (result === NagRuleCompliance.COMPLIANT) tally.compliant += 1;
      else tally.nonCompliant += 1;
      return result;
    };
    // cdk-nag derives the rule id from the function name.
    Object.defineProperty(rule, 'name', { value: original.name });
    applyRule({ ...params, rule });
  };
  return pack;
}

/** What {@link addComplianceGate} attached. */
export interface ComplianceGate {
  /** The compliance packs, in {@link COMPLIANCE_PACKS} order. */
  readonly plugins: readonly IPolicyValidationPlugin[];
  /** Rules applied per cdk-nag pack name; filled during synth. */
  readonly coverage: ReadonlyMap<string, RuleCoverage>;
}

/**
 * Wraps a plugin's `validate` to start the guard workers first (so the guard rules run alongside
 * the in-process gates) and to record the gate's wall time for `npm run bench`.
 */
function instrument(plugin: IPolicyValidationPlugin, guard: FastCfnGuardValidator): void {
  const validate = plugin.validate.bind(plugin);
  plugin.validate = (context) => {
    guard.prefetch(context.templatePaths);
    const started = performance.now();
    try {
      return validate(context);
    } finally {
      recordPhase(`gate:${plugin.name}`, performance.now() - started);
    }
  };
}

/**
 * Attaches every compliance pack to the app: cdk-nag AwsSolutions, HIPAA Security, PCI DSS 3.2.1,
 * NIST 800-53 rev 5 and Serverless, plus the AWS Guard rules (Control Tower proactive controls) of
 * cdk-validator-cfnguard, and aws-cdk-lib's own template validator. Any unacknowledged error-level
 * finding fails synth.
 *
 * Speed (same findings): the template-level validators (guard rules, aws-cdk-lib's validator) cache
 * their findings per template content, and the guard rules run in worker processes started when
 * validation begins, alongside the cdk-nag packs (see `./guard.ts`, `./cfn-validate.ts`).
 */
export function addComplianceGate(app: App): ComplianceGate {
  const coverage = new Map<string, RuleCoverage>();
  const packs: [string, NagPackClass][] = [
    ['AwsSolutions', AwsSolutionsChecks],
    ['HIPAA.Security', HIPAASecurityChecks],
    ['PCI.DSS.321', PCIDSS321Checks],
    ['NIST.800.53.R5', NIST80053R5Checks],
    ['Serverless', ServerlessChecks],
  ];
  const plugins: IPolicyValidationPlugin[] = packs.map(([name, Pack]) => {
    const rules: RuleCoverage = new Map();
    coverage.set(name, rules);
    return recording(new Pack(app), rules);
  });
  const guard = new FastCfnGuardValidator();
  plugins.push(guard);
  // aws-cdk-lib adds its validator last by default; registered here it runs first, while the guard
  // workers start, and is timed like the others.
  const cfnValidate = new CachedCloudFormationValidatePlugin();
  const registered: IPolicyValidationPlugin[] = [cfnValidate, ...plugins];
  for (const plugin of registered) instrument(plugin, guard);
  Validations.of(app).addPlugins(...registered);
  return { plugins, coverage };
}
