import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as logs from 'aws-cdk-lib/aws-logs';

// Compliance acknowledgements that recur across constructs. Each is scoped to one finding on the
// construct passed in and carries the reason a reviewer reads in `npm run compliance`.

/**
 * Acknowledges the Guard rule that cannot see a KMS key imported from another stack: the log group
 * is encrypted with the data key, whose ARN arrives as `Fn::ImportValue`.
 */
export function acknowledgeCrossStackLogKey(logGroup: logs.LogGroup): void {
  Validations.of(logGroup).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_encrypted_check',
    reason:
      'the log group is encrypted with the customer managed data key of the data stack; the Guard rule cannot resolve the key ARN passed as Fn::ImportValue (template assertions check KmsKeyId)',
  });
}

/** Acknowledges the one-year log retention control for a stage configured with shorter retention. */
export function acknowledgeShortLogRetention(logGroup: logs.LogGroup, days: number): void {
  Validations.of(logGroup).acknowledge({
    id: 'cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check',
    reason: `this stage sets logRetentionDays=${days} (a non-production stage holding demo data); production stages keep logs at least 365 days`,
  });
}

/** The rules that ask every function to run in a VPC. */
export const LAMBDA_INSIDE_VPC_RULES = [
  'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
  'PCI.DSS.321::PCI.DSS.321-LambdaInsideVPC',
  'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC',
  'cdk-validator-cfnguard::lambda_inside_vpc_check',
] as const;

/** The rules that ask every function for a dead-letter queue. */
export const LAMBDA_DLQ_RULES = [
  'HIPAA.Security::HIPAA.Security-LambdaDLQ',
  'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
  'Serverless::Serverless-LambdaDLQ',
] as const;

/** The rules that ask every function for reserved concurrency. */
export const LAMBDA_CONCURRENCY_RULES = [
  'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
  'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency',
] as const;

/** Acknowledges each of `rules` on one construct with the same reason (one finding each). */
export function acknowledgeRules(construct: IConstruct, rules: readonly string[], reason: string): void {
  for (const id of rules) Validations.of(construct).acknowledge({ id, reason });
}
