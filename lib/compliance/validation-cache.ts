import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PolicyViolation } from 'aws-cdk-lib';
import { cacheRoot } from '../bundling/cache-root';

/** Where template validation results are cached (git-ignored; see `cacheRoot`). */
export const VALIDATION_CACHE_DIR = path.join(cacheRoot(), 'validation');

/** sha256 of the parts, in order, each length-prefixed so no two part lists collide. */
export function hashParts(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(`${Buffer.byteLength(part)}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

/**
 * Findings of one template-level validator for one template, cached by a key that covers everything
 * the result depends on (the template's bytes, the rules, the validator's version, the stack's
 * environment). The results are a pure function of that key, so a hit is exactly what a fresh run
 * would report. Entries are written atomically; an unreadable entry counts as a miss and is
 * recomputed. Template paths are stored blank and filled in on read (the outdir may differ).
 */
export class ValidationCache {
  constructor(
    /** Validator name: one subfolder per validator. */
    private readonly validator: string,
    private readonly root: string = VALIDATION_CACHE_DIR,
  ) {}

  private file(key: string): string {
    return path.join(this.root, this.validator, `${key}.json`);
  }

  /** The cached findings for `key`, with `templatePath` set; undefined on a miss. */
  get(key: string, templatePath: string): PolicyViolation[] | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file(key), 'utf8'));
    } catch {
      return undefined;
    }
    const entry = parsed as { key?: unknown; violations?: unknown };
    if (entry.key !== key || !Array.isArray(entry.violations)) return undefined;
    const violations = entry.violations as PolicyViolation[];
    if (!violations.every((v) => typeof v.ruleName === 'string' && Array.isArray(v.violatingResources))) {
      return undefined;
    }
    return violations.map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath })),
    }));
  }

  /** Stores the findings for `key`. A failure to write only costs a recomputation next time. */
  set(key: string, violations: readonly PolicyViolation[]): void {
    const file = this.file(key);
    const blank = violations.map((v) => ({
      ...v,
      violatingResources: v.violatingResources.map((r) => ({ ...r, templatePath: '' })),
    }));
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ key, violations: blank }));
      fs.renameSync(tmp, file);
    } catch {
      // Read-only checkout or full disk: validation still ran, only the cache is lost.
    }
  }
}
