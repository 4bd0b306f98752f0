import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { STAGES } from '../../lib/config/stages';
import { CustomerStore } from '../../lib/constructs/customer-store';
import { Integrations } from '../../lib/constructs/integrations';
import { INTEGRATIONS } from '../../lib/integrations/contracts';

function setup(): { stack: Stack; store: CustomerStore; role: iam.Role; key: kms.Key } {
  // Asset bundling skipped: these tests read IAM policies only.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Store');
  const key = new kms.Key(stack, 'Key');
  const store = new CustomerStore(stack, 'CustomerStore', { encryptionKey: key });
  const role = new iam.Role(stack, 'Grantee', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  return { stack, store, role, key };
}

describe('customer store grants', () => {
  it('restricts a grant to the given partition-key prefixes with dynamodb:LeadingKeys', () => {
    const { stack, store, role } = setup();
    store.grant(role, 'OtpChallenges', 'readWrite', { leadingKeyPrefixes: ['challenge#', 'guard#otp#'] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['dynamodb:GetItem', 'dynamodb:PutItem']),
            Condition: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['challenge#*', 'guard#otp#*'] },
            },
            Resource: Match.anyValue(),
          }),
        ]),
      },
    });
  });

  it('keeps the key statement unconditioned on keys, scoped to DynamoDB use', () => {
    const { stack, store, role } = setup();
    store.grant(role, 'OtpChallenges', 'readWrite', { leadingKeyPrefixes: ['challenge#'] });
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    const kmsStatements = (
      policy.Properties.PolicyDocument.Statement as { Action: string[]; Condition: Record<string, unknown> }[]
    ).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(kmsStatements).toHaveLength(1);
    expect(Object.keys(kmsStatements[0].Condition)).toEqual(['StringEquals']);
    expect(JSON.stringify(kmsStatements[0].Condition)).toContain('kms:ViaService');
  });

  it('refuses a grant on the security-state table without prefixes, naming the fix', () => {
    const { store, role } = setup();
    expect(() => store.grant(role, 'OtpChallenges', 'readWrite')).toThrow(
      /grant on table 'OtpChallenges' has no leadingKeyPrefixes.*SECURITY_ITEMS/,
    );
    expect(() => store.grant(role, 'OtpChallenges', 'read', { leadingKeyPrefixes: [] })).toThrow(
      /empty leadingKeyPrefixes/,
    );
  });

  it('refuses Scan together with prefixes, and wildcards inside a prefix', () => {
    const { store, role } = setup();
    expect(() => store.grant(role, 'RoutingState', 'scan', { leadingKeyPrefixes: ['queue#'] })).toThrow(
      /combines scan access with leadingKeyPrefixes/,
    );
    expect(() => store.grant(role, 'OtpChallenges', 'read', { leadingKeyPrefixes: ['rate#*'] })).toThrow(
      /invalid leadingKeyPrefixes 'rate#\*'/,
    );
  });

  it('grants other tables without a condition unless asked', () => {
    const { stack, store, role } = setup();
    store.grant(role, 'Accounts', 'read');
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    for (const statement of policy.Properties.PolicyDocument.Statement as {
      Action: string[];
      Condition?: unknown;
    }[]) {
      if ([statement.Action].flat().some((a) => a.startsWith('dynamodb:')))
        expect(statement.Condition).toBeUndefined();
    }
  });

  it('refuses an integration contract on OtpChallenges that lists no securityItems', () => {
    const { stack, store, key } = setup();
    const contract = { ...INTEGRATIONS['otp-verify'], securityItems: undefined };
    expect(
      () =>
        new Integrations(stack, 'Integrations', {
          store,
          macKey: key,
          logKey: key,
          logRetention: logs.RetentionDays.ONE_MONTH,
          reservedConcurrency: 0,
          smsSenderId: 'ExampleCo',
          selfServiceBaseUrl: 'https://example.com/help',
          resetBaseUrl: 'https://example.com/reset',
          outbound: STAGES.dev.outbound,
          contracts: [contract],
        }),
    ).toThrow(/integration 'otp-verify' uses OtpChallenges but lists no securityItems/);
  });
});
