import * as fs from 'node:fs';
import {
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyViolation,
} from 'aws-cdk-lib';
import { hashParts, ValidationCache } from './validation-cache';

/**
 * aws-cdk-lib's own template validator (the one `@aws-cdk/core:validateAgainstDefaultRules` turns
 * into errors) with its findings cached per template: by the hash of the template, the stack's
 * path, account and region and the validator's version. Starting its engine costs ~2.5 s per
 * process even when nothing changed; with every template in the cache it is never started.
 *
 * Registered explicitly, it replaces the default instance (same name, same rules, same findings):
 * aws-cdk-lib recognises it with `instanceof`. Cache misses go to one validator per process.
 */
export class CachedCloudFormationValidatePlugin extends CloudFormationValidatePlugin {
  private readonly cache: ValidationCache;

  constructor(options: { readonly cacheDir?: string } = {}) {
    super();
    this.cache = new ValidationCache('cloudformation-validate', options.cacheDir);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Registering a plugin bypasses aws-cdk-lib's own switch for the default one: keep honouring it.
    if (process.env.CDK_VALIDATION === 'false') return { success: true, violations: [] };
    const perTemplate = new Map<string, PolicyViolation[]>();
    const missed: typeof context.stackTemplates = [];
    const keys = new Map<string, string>();
    for (const stack of context.stackTemplates) {
      const key = hashParts([
        this.version ?? '',
        stack.stackConstructPath,
        stack.accountId ?? '',
        stack.region ?? '',
        fs.readFileSync(stack.templatePath),
      ]);
      keys.set(stack.templatePath, key);
      const cached = this.cache.get(key, stack.templatePath);
      if (cached) perTemplate.set(stack.templatePath, cached);
      else missed.push(stack);
    }
    if (missed.length > 0) {
      const report = sharedValidator().validate({
        ...context,
        stackTemplates: missed,
        templatePaths: missed.map((s) => s.templatePath),
      });
      // The validator merges equal findings across templates; split them back per template.
      for (const stack of missed) {
        const own = report.violations
          .map((v) => ({
            ...v,
            violatingResources: v.violatingResources.filter((r) => r.templatePath === stack.templatePath),
          }))
          .filter((v) => v.violatingResources.length > 0);
        perTemplate.set(stack.templatePath, own);
        this.cache.set(keys.get(stack.templatePath)!, own);
      }
    }
    // Merge again in template order, as one run over every template would have.
    const violations: PolicyViolation[] = [];
    for (const stack of context.stackTemplates) {
      for (const v of perTemplate.get(stack.templatePath) ?? []) {
        const same = violations.find(
          (e) => e.ruleName === v.ruleName && e.severity === v.severity && e.description === v.description,
        );
        if (same) same.violatingResources.push(...v.violatingResources);
        else violations.push({ ...v, violatingResources: [...v.violatingResources] });
      }
    }
    return {
      success: violations.every((v) => v.severity !== 'error' && v.severity !== 'fatal'),
      violations,
    };
  }
}

let shared: CloudFormationValidatePlugin | undefined;

/**
 * The validator that does the work, one per process: apps synthesized in one process (tests) share
 * its engine, while each app registers its own {@link CachedCloudFormationValidatePlugin}.
 */
function sharedValidator(): CloudFormationValidatePlugin {
  shared ??= new CloudFormationValidatePlugin();
  return shared;
}
