import { App, AppProps, StageSynthesisOptions } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { recordPhase, synthPhases, writeSynthProfile } from './bundling/synth-profile';

/**
 * Feature flags of the app, in code rather than only in cdk.json so that tests, benchmarks and the
 * compliance report build exactly the app `cdk synth` builds.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  '@aws-cdk/core:validateAgainstDefaultRules': true,
  '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/core:target-partitions': ['aws', 'aws-cn'],
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/aws-kms:aliasNameRef': true,
  '@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal': true,
  '@aws-cdk/aws-lambda:useCdkManagedLogGroup': true,
  '@aws-cdk/aws-dynamodb:resourcePolicyPerReplica': true,
  '@aws-cdk/aws-dynamodb:retainTableReplica': true,
  '@aws-cdk/aws-sns:restrictTopicPolicyPrincipals': true,
  '@aws-cdk/aws-events:requireEventBusPolicySid': true,
  '@aws-cdk/aws-iam:standardizedServicePrincipals': true,
  '@aws-cdk/core:explicitStackTags': true,
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

/**
 * Creates the CDK app with the product's feature flags (CLI context still wins). It also records
 * the synth's phases for `npm run bench` (`lib/bundling/synth-profile.ts`): load (process start to
 * here), construction (here to `synth()`, less bundling) and synthesis (less the gates, which
 * record themselves).
 */
export function createApp(props: AppProps = {}): App {
  const created = performance.now();
  if (!synthPhases().has('load')) recordPhase('load', created);
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const synth = app.synth.bind(app);
  let profiled = false;
  app.synth = (options?: StageSynthesisOptions): CloudAssembly => {
    // Only the first synth is measured: with CDK_OUTDIR set, aws-cdk-lib calls synth() again at
    // exit, which returns the assembly already built.
    if (profiled) return synth(options);
    profiled = true;
    const started = performance.now();
    const before = (name: string): number => synthPhases().get(name) ?? 0;
    recordPhase('construction', started - created - before('bundling'));
    const gatesBefore = [...synthPhases()]
      .filter(([k]) => k.startsWith('gate:'))
      .reduce((n, [, v]) => n + v, 0);
    try {
      return synth(options);
    } finally {
      const gates = [...synthPhases()].filter(([k]) => k.startsWith('gate:')).reduce((n, [, v]) => n + v, 0);
      recordPhase('synthesis', performance.now() - started - (gates - gatesBefore));
      writeSynthProfile();
    }
  };
  return app;
}
