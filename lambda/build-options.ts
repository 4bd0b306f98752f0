/**
 * How the integration handlers are bundled, defined once: the CDK `NodejsFunction` subclass and
 * the benchmark (`tools/bench/lambdas.ts`) both use these settings, so what is measured is what
 * is deployed. This module must not import aws-cdk-lib (the bench and tests read it too).
 *
 * - ESM, minified, `target` = the Lambda runtime's Node major, SDK bundled (pinned versions, and
 *   importing a bundle is ~2x faster than resolving `@aws-sdk/*` from the runtime's node_modules);
 * - `mainFields: ['module', 'main']`: the SDK's ESM builds, which drop browser-only code;
 * - a `require` shim in the banner for the CommonJS dependencies inside the ESM bundle;
 * - `@aws-sdk/credential-provider-node` aliased to `shared/aws/lambda-credentials.ts`: in Lambda
 *   the execution role's credentials are always in the environment, and the full provider chain
 *   (SSO, INI, STS web identity, IMDS and their nested clients) is ~130 KB of minified dead code.
 */
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { IntegrationName } from '../lib/integrations/contracts';

/** The aliased module, as an absolute path (esbuild JS API). */
export const LAMBDA_CREDENTIALS_SHIM = path.join(__dirname, 'shared', 'aws', 'lambda-credentials.ts');

/** The same, relative to the project root (esbuild CLI run from the project root, as CDK does). */
export const LAMBDA_CREDENTIALS_SHIM_FROM_ROOT = './lambda/shared/aws/lambda-credentials.ts';

/** Makes `require` available inside the ESM bundle (some dependencies are CommonJS). */
export const ESM_REQUIRE_BANNER =
  "import{createRequire}from'module';const require=createRequire(import.meta.url);";

/** Node major the bundles target; keep equal to the Lambda runtime (`nodejs22.x`). */
export const LAMBDA_NODE_TARGET = 'node22';

/** esbuild options of every integration bundle (add `entryPoints` and `outfile`). */
export const LAMBDA_ESBUILD_OPTIONS = {
  bundle: true,
  minify: true,
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  alias: { '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_SHIM },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * The same settings for `NodejsFunction` `bundling` (aws-cdk-lib `BundlingOptions`): map `format`
 * to `OutputFormat.ESM` and pass the rest as is. `esbuildArgs` carries the alias (CDK renders it as
 * `--alias:<module>=<path>`, run from `projectRoot`, which must be this repository's root).
 */
export const NODEJS_FUNCTION_BUNDLING = {
  minify: true,
  format: 'esm',
  target: LAMBDA_NODE_TARGET,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  bundleAwsSDK: true,
  sourceMap: false,
  esbuildArgs: { '--alias': `@aws-sdk/credential-provider-node=${LAMBDA_CREDENTIALS_SHIM_FROM_ROOT}` },
} as const;

/** Entry file of an integration's handler (`lambda/<name>/index.ts`, exporting `handler`). */
export function lambdaEntry(name: IntegrationName): string {
  return path.join(__dirname, name, 'index.ts');
}
