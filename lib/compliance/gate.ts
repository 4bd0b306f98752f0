import { App, CfnResource, IPolicyValidationPluginBeta1, Validations } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
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
  readonly plugins: readonly IPolicyValidationPluginBeta1[];
  /** Rules applied per cdk-nag pack name; filled during synth. */
  readonly coverage: ReadonlyMap<string, RuleCoverage>;
}

/**
 * Attaches every compliance pack to the app: cdk-nag AwsSolutions, HIPAA Security, PCI DSS 3.2.1,
 * NIST 800-53 rev 5 and Serverless, plus the AWS Guard rules (Control Tower proactive controls) of
 * cdk-validator-cfnguard. Any unacknowledged error-level finding fails synth.
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
  const plugins: IPolicyValidationPluginBeta1[] = packs.map(([name, Pack]) => {
    const rules: RuleCoverage = new Map();
    coverage.set(name, rules);
    return recording(new Pack(app), rules);
  });
  plugins.push(new CfnGuardValidator({ controlTowerRulesEnabled: true }));
  Validations.of(app).addPlugins(...plugins);
  return { plugins, coverage };
}
