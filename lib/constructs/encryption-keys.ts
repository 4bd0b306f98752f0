import { Aws, CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { KEY_ADMIN_ACTIONS, KEY_DATA_ACTIONS, KEY_MAC_ACTIONS } from './perms';

/** Properties of {@link EncryptionKeys}. */
export interface EncryptionKeysProps {
  /** Prefix of the key aliases, e.g. the stage name. */
  readonly aliasPrefix: string;
  /**
   * AWS services (short names such as `dynamodb`, `sns`, `sqs`, `backup`, `s3`) whose requests, made
   * on behalf of principals of this account, may use the data key (`kms:ViaService`).
   * @default dynamodb, backup, sns, sqs, s3, kinesis, firehose
   */
  readonly viaServices?: readonly string[];
}

/**
 * The customer managed keys of the product:
 * - `dataKey`: symmetric, rotated yearly, encrypts tables, backups, logs, topics, queues and recordings;
 *   usable only through the listed AWS services by principals of this account, and by CloudWatch Logs
 *   for this account's log groups.
 * - `macKey`: HMAC_256 for PIN, OTP and auth-token MACs (`GenerateMac`/`VerifyMac` only); it never
 *   leaves KMS, so the MACs in the tables are useless without it (a "pepper in an HSM").
 */
export class EncryptionKeys extends Construct {
  readonly dataKey: kms.Key;
  readonly macKey: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    const viaServices = props.viaServices ?? [
      'dynamodb',
      'backup',
      'sns',
      'sqs',
      's3',
      'kinesis',
      'firehose',
    ];
    const root = new iam.AccountRootPrincipal();
    // Control Tower CT.KMS.PR.3: grants may only be created for AWS resources or by AWS services.
    const denyForeignGrants = new iam.PolicyStatement({
      sid: 'DenyGrantsNotForAwsResources',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    });
    const admin = new iam.PolicyStatement({
      sid: 'KeyAdministrationByAccountIam',
      principals: [root],
      actions: [...KEY_ADMIN_ACTIONS],
      resources: ['*'],
    });

    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/${props.aliasPrefix}/data`,
      description: 'Contact centre data key: tables, backups, logs, topics, queues, recordings',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          admin,
          denyForeignGrants,
          new iam.PolicyStatement({
            sid: 'UseThroughAwsServicesOfThisAccount',
            principals: [root],
            actions: [...KEY_DATA_ACTIONS],
            resources: ['*'],
            conditions: {
              StringEquals: {
                'kms:CallerAccount': Aws.ACCOUNT_ID,
                'kms:ViaService': viaServices.map((s) => `${s}.${Aws.REGION}.amazonaws.com`),
              },
            },
          }),
          new iam.PolicyStatement({
            sid: 'GrantsOnlyForAwsResources',
            principals: [root],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID },
              Bool: { 'kms:GrantIsForAWSResource': 'true' },
            },
          }),
          new iam.PolicyStatement({
            sid: 'CloudWatchLogsForThisAccount',
            principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
            actions: [
              'kms:Encrypt*',
              'kms:Decrypt*',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:Describe*',
            ],
            resources: ['*'],
            conditions: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`,
              },
            },
          }),
          serviceOfThisAccount('CloudWatchAlarmsPublishToEncryptedTopics', 'cloudwatch.amazonaws.com', [
            'kms:Decrypt',
            'kms:GenerateDataKey*',
          ]),
          serviceOfThisAccount('EventBridgeDeliversToEncryptedTargets', 'events.amazonaws.com', [
            'kms:Decrypt',
            'kms:GenerateDataKey*',
          ]),
          serviceOfThisAccount('AmazonConnectEncryptsItsStorageOfThisAccount', 'connect.amazonaws.com', [
            'kms:Decrypt',
            'kms:GenerateDataKey*',
            'kms:DescribeKey',
          ]),
        ],
      }),
    });
    (this.dataKey.node.defaultChild as CfnResource).overrideLogicalId('DataKey');

    this.macKey = new kms.Key(this, 'MacKey', {
      alias: `alias/${props.aliasPrefix}/mac`,
      description: 'Contact centre HMAC key for PIN, one-time password and auth token MACs',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          admin,
          denyForeignGrants,
          new iam.PolicyStatement({
            sid: 'MacOperationsByThisAccountsIamPrincipals',
            principals: [root],
            actions: [...KEY_MAC_ACTIONS, 'kms:DescribeKey'],
            resources: ['*'],
            conditions: { StringEquals: { 'kms:CallerAccount': Aws.ACCOUNT_ID } },
          }),
        ],
      }),
    });
    (this.macKey.node.defaultChild as CfnResource).overrideLogicalId('MacKey');
  }
}

/** Lets an AWS service use the key on behalf of this account only (`aws:SourceAccount`). */
function serviceOfThisAccount(sid: string, service: string, actions: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(service)],
    actions,
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
  });
}
