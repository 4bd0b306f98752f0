import { CustomResource, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowFunction } from './flow-function';

/** Properties of {@link SmsSpendLimit}. */
export interface SmsSpendLimitProps {
  /**
   * Monthly SMS spend limit of the account in the stack's Region, in whole USD
   * (`outbound.smsMonthlySpendLimitUsd`). It cannot exceed the account's SMS spend quota (1 USD for
   * new accounts, raised by an AWS support case): above it SNS refuses and the deploy fails.
   */
  readonly monthlySpendLimitUsd: number;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Sets the account's SNS SMS `MonthlySpendLimit` at deploy. CloudFormation has no resource for SMS
 * attributes, so a small custom-resource function (with the product's function defaults, speaking
 * the custom resource protocol itself, no provider framework or `AwsCustomResource` singleton)
 * calls `sns:SetSMSAttributes` on create and update. On delete the setting is left as it is (it is
 * account-wide and a guard; see `lambda/sms-spend-limit/index.ts`).
 *
 * The setting is per account and Region: two stages deployed to one account and Region share it,
 * and the last deploy wins.
 */
export class SmsSpendLimit extends Construct {
  readonly resource: CustomResource;
  readonly function: FlowFunction;

  constructor(scope: Construct, id: string, props: SmsSpendLimitProps) {
    super(scope, id);
    const limit = props.monthlySpendLimitUsd;
    if (!Token.isUnresolved(limit) && !(Number.isInteger(limit) && limit >= 1 && limit <= 1_000_000)) {
      throw new Error(
        `SMS monthly spend limit is ${limit} USD; SNS takes a whole number of USD, use 1 to 1000000 (and at most the account's SMS spend quota)`,
      );
    }
    this.function = new FlowFunction(this, 'Function', {
      name: 'sms-spend-limit',
      description: 'Sets the account SNS SMS monthly spend limit (CloudFormation custom resource)',
      timeLimitSeconds: 60,
      logKey: props.logKey,
      logRetention: props.logRetention,
      invoker: 'cloudformation',
      memorySize: 256,
      outsideVpcReason:
        'runs only during deployments, touches no customer data, and must reach the SNS API and the CloudFormation response URL in S3, for which the isolated VPC has no endpoints',
      wildcardResourceReason:
        'sns:SetSMSAttributes is an account-level action with no resource-level permissions (Service Authorization Reference, "Actions, resources, and condition keys for Amazon SNS"); the function only sets the monthly SMS spend limit at deploy',
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sns:SetSMSAttributes'],
        resources: ['*'],
      }),
    );
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.function.functionArn,
      resourceType: 'Custom::SnsSmsMonthlySpendLimit',
      properties: { MonthlySpendLimit: String(limit) },
    });
  }
}
