import { Stack } from 'aws-cdk-lib';
import { createApp } from '../../lib/app-context';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { STAGES } from '../../lib/config/stages';
import { TABLE_LIST } from '../../lib/data/schema';
import { DataStack } from '../../lib/stacks/data-stack';

function synth(): { stack: DataStack; template: Template } {
  const app = createApp();
  const stack = new DataStack(app, 'Data', { config: STAGES.dev });
  return { stack, template: Template.fromStack(stack) };
}

const { stack, template } = synth();
const tables = template.findResources('AWS::DynamoDB::Table');

describe('data stack', () => {
  it('is environment-agnostic by default', () => {
    expect(Stack.of(stack).environment).toBe('aws://unknown-account/unknown-region');
  });

  it('creates exactly the tables of the shared schema under pinned logical ids', () => {
    expect(Object.keys(tables).sort()).toEqual(TABLE_LIST.map((t) => `${t.id}Table`).sort());
  });

  it('pins the logical ids of the keys and the backup vault', () => {
    expect(template.findResources('AWS::KMS::Key')).toHaveProperty('DataKey');
    expect(template.findResources('AWS::KMS::Key')).toHaveProperty('MacKey');
    expect(template.findResources('AWS::Backup::BackupVault')).toHaveProperty('CustomerStoreBackupVault');
  });

  it('encrypts every table with the customer managed data key', () => {
    for (const table of Object.values(tables)) {
      expect(table.Properties.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
      });
    }
  });

  it('turns on point-in-time recovery and deletion protection, and retains every table', () => {
    for (const table of Object.values(tables)) {
      expect(table.Properties.PointInTimeRecoverySpecification).toMatchObject({
        PointInTimeRecoveryEnabled: true,
      });
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('gives each table the key schema, indexes and TTL of the shared schema', () => {
    for (const def of TABLE_LIST) {
      const props = tables[`${def.id}Table`].Properties;
      expect(props.KeySchema).toEqual([
        { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
        ...(def.sortKey ? [{ AttributeName: def.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      const indexNames = (props.GlobalSecondaryIndexes ?? []).map((i: { IndexName: string }) => i.IndexName);
      expect(indexNames).toEqual(def.indexes.map((i) => i.indexName));
      if (def.timeToLiveAttribute) {
        expect(props.TimeToLiveSpecification).toEqual({
          AttributeName: def.timeToLiveAttribute,
          Enabled: true,
        });
      } else {
        expect(props.TimeToLiveSpecification).toBeUndefined();
      }
    }
  });

  it('never projects the PIN MAC or the balance into an index', () => {
    const accounts = tables.AccountsTable.Properties;
    for (const index of accounts.GlobalSecondaryIndexes) {
      expect(index.Projection.ProjectionType).toBe('INCLUDE');
      expect(index.Projection.NonKeyAttributes).not.toContain('pinMac');
      expect(index.Projection.NonKeyAttributes).not.toContain('balanceMinor');
    }
  });

  it('rotates the data key yearly and retains both keys', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true, RotationPeriodInDays: 365 }),
      DeletionPolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets the account use the data key only through AWS services of this account', () => {
    const policy = template.findResources('AWS::KMS::Key').DataKey.Properties.KeyPolicy;
    const use = policy.Statement.find(
      (s: { Sid?: string }) => s.Sid === 'UseThroughAwsServicesOfThisAccount',
    );
    expect(use.Condition.StringEquals['kms:CallerAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(use.Condition.StringEquals['kms:ViaService'].length).toBeGreaterThan(0);
    // No statement allows cryptographic use without a condition.
    for (const statement of policy.Statement) {
      const actions: string[] = [statement.Action].flat();
      const crypto = actions.some((a) => /Encrypt|Decrypt|GenerateDataKey|GenerateMac|VerifyMac/.test(a));
      if (statement.Effect === 'Allow' && crypto) {
        expect(statement.Condition).toBeDefined();
      }
    }
  });

  it('denies grants that are not for AWS resources on both keys', () => {
    for (const key of Object.values(template.findResources('AWS::KMS::Key'))) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'kms:CreateGrant',
          Condition: {
            BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
          },
        }),
      );
    }
  });

  it('backs up every table into a vault encrypted with the data key', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      EncryptionKeyArn: { 'Fn::GetAtt': ['DataKey', 'Arn'] },
    });
    const selection = Object.values(template.findResources('AWS::Backup::BackupSelection'))[0];
    const resources = selection.Properties.BackupSelection.Resources;
    for (const id of Object.keys(tables)) {
      expect(resources).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    }
    expect(resources).toHaveLength(Object.keys(tables).length);
  });
});
