import { CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Properties of {@link TableBackup}. */
export interface TableBackupProps {
  /** Tables to back up. */
  readonly tables: readonly dynamodb.ITable[];
  /** Key encrypting the backup vault. */
  readonly encryptionKey: kms.IKey;
  /** Days a daily recovery point is kept. */
  readonly retentionDays: number;
  /** Name prefix of the vault and plan. */
  readonly namePrefix: string;
}

/**
 * An AWS Backup plan covering the customer store: daily and weekly recovery points in a vault
 * encrypted with the customer managed key, retained on stack deletion. PITR covers the last 35
 * days at second granularity; the plan adds independent, longer-lived copies.
 */
export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;

  constructor(scope: Construct, id: string, props: TableBackupProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 7) {
      throw new Error(`backup retention days is ${props.retentionDays}; use an integer of at least 7`);
    }
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `${props.namePrefix}-customer-store`,
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.vault.node.defaultChild as CfnResource).overrideLogicalId('CustomerStoreBackupVault');
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${props.namePrefix}-customer-store`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }),
          deleteAfter: Duration.days(props.retentionDays),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Weekly',
          scheduleExpression: events.Schedule.cron({ weekDay: 'SUN', hour: '4', minute: '0' }),
          deleteAfter: Duration.days(Math.max(props.retentionDays, 90)),
        }),
      ],
    });
    const selection = this.plan.addSelection('Tables', {
      resources: props.tables.map((t) => backup.BackupResource.fromDynamoDbTable(t)),
      allowRestores: true,
    });
    const role = selection.node.findChild('Role');
    for (const policy of ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
        reason: `${policy} is the AWS-maintained service-role policy AWS Backup documents for this role; the role is assumable only by backup.amazonaws.com and the selection limits it to the customer store tables`,
      });
    }
  }
}
