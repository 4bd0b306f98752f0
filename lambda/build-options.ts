/**
 * How the integration handlers are bundled, defined once: the CDK functions (one esbuild build for
 * all of them, `lib/bundling/function-bundles.ts`) and the benchmark (`tools/bench/lambdas.ts`)
 * both bundle through these options, so what is measured is what is deployed. This module must not
 * import aws-cdk-lib (the bench and tests read it too).
 *
 * - ESM, minified, `target` = the Lambda runtime's Node major, SDK bundled (pinned versions, and
 *   importing a bundle is ~2x faster than resolving `@aws-sdk/*` from the runtime's node_modules);
 * - `mainFields: ['module', 'main']`: the SDK's ESM builds, which drop browser-only code;
 * - a `require` shim in the banner for the CommonJS dependencies inside the ESM bundle;
 * - `@aws-sdk/credential-provider-node` aliased to `shared/aws/lambda-credentials.ts`: in Lambda
 *   the execution role's credentials are always in the environment, and the full provider chain
 *   (SSO, INI, STS web identity, IMDS and their nested clients) is ~130 KB of minified dead code;
 * - `libphonenumber-js/max/metadata` aliased to {@link PHONE_METADATA_FILE}: the full `max`
 *   metadata (per-type patterns, ~150 KB minified) only for the countries a stage can allow and
 *   those sharing their calling codes (so +44 numbers still resolve to GG, JE or IM), the small
 *   `min` metadata for every other country (so a foreign number is still told apart as valid, of
 *   another country, or invalid, exactly as before). Call {@link preparePhoneMetadata} before a build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { IntegrationName } from '../lib/integrations/contracts';
import { STAGES } from '../lib/config/stages';

/** The aliased module, as an absolute path (esbuild JS API). */
export const LAMBDA_CREDENTIALS_SHIM = path.join(__dirname, 'shared', 'aws', 'lambda-credentials.ts');

/** Makes `require` available inside the ESM bundle (some dependencies are CommonJS). */
export const ESM_REQUIRE_BANNER =
  "import{createRequire}from'module';const require=createRequire(import.meta.url);";

/** Node major the bundles target; keep equal to the Lambda runtime (`nodejs22.x`). */
export const LAMBDA_NODE_TARGET = 'node22';

/** The cut-down phone metadata the bundles use (generated, git-ignored). */
export const PHONE_METADATA_FILE = path.join(__dirname, '..', '.cache', 'phone-metadata', 'metadata.json');

interface PhoneMetadata {
  readonly country_calling_codes: Readonly<Record<string, readonly string[]>>;
  readonly countries: Readonly<Record<string, unknown>>;
  readonly nonGeographic?: Readonly<Record<string, unknown>>;
}

/**
 * Writes {@link PHONE_METADATA_FILE} (only when its content changes, so bundle caches stay valid):
 * `max` entries for the countries of every stage's `outbound.countries` and the countries sharing
 * their calling codes, `min` entries for the rest. Returns the countries with full metadata.
 */
export function preparePhoneMetadata(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON data, read at build time only
  const max = require('libphonenumber-js/metadata.max.json') as PhoneMetadata;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON data, read at build time only
  const min = require('libphonenumber-js/metadata.min.json') as PhoneMetadata;
  const allowed = new Set(
    Object.values(STAGES).flatMap((stage) => stage.outbound.countries.map((c) => c.toUpperCase())),
  );
  const full = new Set<string>();
  for (const countries of Object.values(max.country_calling_codes)) {
    if (countries.some((c) => allowed.has(c))) countries.forEach((c) => full.add(c));
  }
  const countries = Object.fromEntries(
    Object.keys(min.countries).map((c) => [c, full.has(c) ? max.countries[c] : min.countries[c]]),
  );
  const content = `${JSON.stringify({ ...min, countries, nonGeographic: max.nonGeographic })}\n`;
  let current: string | undefined;
  try {
    current = fs.readFileSync(PHONE_METADATA_FILE, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== content) {
    fs.mkdirSync(path.dirname(PHONE_METADATA_FILE), { recursive: true });
    const tmp = `${PHONE_METADATA_FILE}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, PHONE_METADATA_FILE);
  }
  return [...full].sort();
}

/** esbuild options of every integration bundle (add `entryPoints` and `outfile`). */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  alias: {
    '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_SHIM,
    'libphonenumber-js/max/metadata': PHONE_METADATA_FILE,
  },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Entry file of an integration's handler (`lambda/<name>/index.ts`, exporting `handler`). */
export function lambdaEntry(name: IntegrationName): string {
  return path.join(__dirname, name, 'index.ts');
}
