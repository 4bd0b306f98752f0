import { createApp } from '../../lib/app-context';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildStage } from '../../lib/app-builder';
import { StageConfig } from '../../lib/config/stage-config';
import { STAGES } from '../../lib/config/stages';
import { INTEGRATION_LIST, INTEGRATIONS, IntegrationName } from '../../lib/integrations/contracts';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey';

function synth(config: StageConfig = STAGES.dev): Template {
  const app = createApp();
  const { contactCentre } = buildStage(app, config);
  return Template.fromStack(contactCentre);
}

function integrationFunctionsOf(t: Template) {
  return Object.entries(t.findResources('AWS::Lambda::Function')).filter(([, f]) =>
    INTEGRATION_LIST.some((c) => f.Properties.Description === c.description.slice(0, 256)),
  );
}

describe('contact-centre stack', () => {
  // Bundles every handler with esbuild (fails while handler code is mid-change).
  let template: Template;
  let integrationFunctions: ReturnType<typeof integrationFunctionsOf>;
  beforeAll(() => {
    template = synth();
    integrationFunctions = integrationFunctionsOf(template);
  });

  it('creates a retained instance with the configured alias, flow logs and outbound calls for callbacks', () => {
    template.hasResource('AWS::Connect::Instance', {
      Properties: Match.objectLike({
        InstanceAlias: STAGES.dev.instanceAlias,
        IdentityManagementType: 'CONNECT_MANAGED',
        Attributes: Match.objectLike({ InboundCalls: true, OutboundCalls: true, ContactflowLogs: true }),
      }),
      DeletionPolicy: 'Retain',
    });
    expect(template.findResources('AWS::Connect::Instance')).toHaveProperty('ConnectInstance');
  });

  it('pre-creates the flow-log group encrypted with the data key and with retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/connect/${STAGES.dev.instanceAlias}`,
      KmsKeyId: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('DataKey') }),
      RetentionInDays: STAGES.dev.logRetentionDays,
    });
  });

  it('stores recordings and transcripts in KMS-encrypted S3 and trace records in a KMS-encrypted stream', () => {
    const configs = Object.values(template.findResources('AWS::Connect::InstanceStorageConfig')).map(
      (r) => r.Properties,
    );
    expect(configs.map((c) => c.ResourceType).sort()).toEqual([
      'CALL_RECORDINGS',
      'CHAT_TRANSCRIPTS',
      'CONTACT_TRACE_RECORDS',
    ]);
    for (const c of configs.filter((c) => c.StorageType === 'S3')) {
      expect(c.S3Config.EncryptionConfig.EncryptionType).toBe('KMS');
      expect(JSON.stringify(c.S3Config.EncryptionConfig.KeyId)).toContain('DataKey');
    }
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: Match.objectLike({ 'Fn::ImportValue': Match.anyValue() }),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('creates one queue per journey queue, named as a valid CloudWatch dimension, on the opening hours', () => {
    const queues = Object.values(template.findResources('AWS::Connect::Queue')).map((q) => q.Properties);
    expect(queues.map((q) => q.Name).sort()).toEqual(DEFAULT_JOURNEY_MAP.queues.map((q) => q.name).sort());
    for (const q of queues) {
      expect(q.Name).toMatch(/^[A-Za-z0-9 _.-]+$/);
      expect(q.HoursOfOperationArn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'HoursOfOperationArn'] });
    }
  });

  it('closes on every holiday of the journey map', () => {
    const hours = Object.values(template.findResources('AWS::Connect::HoursOfOperation'))[0].Properties;
    expect(hours.TimeZone).toBe(DEFAULT_JOURNEY_MAP.hours.timeZone);
    expect(hours.HoursOfOperationOverrides).toHaveLength(DEFAULT_JOURNEY_MAP.hours.holidays.length);
    for (const o of hours.HoursOfOperationOverrides) {
      expect(o.OverrideType).toBe('CLOSED');
      expect(o.EffectiveFrom).toBe(o.EffectiveTill);
    }
  });

  it('lets overflow agents take primary queues only after the configured delay', () => {
    const profiles = Object.values(template.findResources('AWS::Connect::RoutingProfile')).map(
      (p) => p.Properties,
    );
    const overflow = profiles.find((p) => String(p.Name).endsWith('overflow'));
    const primary = profiles.find((p) => String(p.Name).endsWith('primary'));
    expect(overflow.QueueConfigs[0]).toMatchObject({ Priority: 1, Delay: 0 });
    for (const qc of overflow.QueueConfigs.slice(1)) {
      expect(qc).toMatchObject({ Priority: 2, Delay: STAGES.dev.overflowDelaySeconds });
    }
    expect(primary.QueueConfigs.length).toBe(DEFAULT_JOURNEY_MAP.queues.length - 1);
  });

  it('lets only this instance invoke each integration function, and associates each with it', () => {
    expect(integrationFunctions).toHaveLength(INTEGRATION_LIST.length);
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (p) => p.Properties,
    );
    const associations = Object.values(template.findResources('AWS::Connect::IntegrationAssociation')).map(
      (a) => a.Properties,
    );
    for (const [logicalId] of integrationFunctions) {
      const permission = permissions.find((p) => JSON.stringify(p.FunctionName).includes(logicalId));
      expect(permission).toMatchObject({
        Principal: 'connect.amazonaws.com',
        Action: 'lambda:InvokeFunction',
        SourceArn: { 'Fn::GetAtt': ['ConnectInstance', 'Arn'] },
        SourceAccount: { Ref: 'AWS::AccountId' },
      });
      expect(
        associations.some(
          (a) =>
            JSON.stringify(a.IntegrationArn).includes(logicalId) && a.IntegrationType === 'LAMBDA_FUNCTION',
        ),
      ).toBe(true);
    }
  });

  it('runs every integration on the pinned runtime, ARM64, within its flow time limit, with encrypted logs', () => {
    for (const contract of INTEGRATION_LIST) {
      const [, fn] = integrationFunctions.find(
        ([, f]) => f.Properties.Description === contract.description.slice(0, 256),
      )!;
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: contract.timeLimitSeconds,
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('gives routing-context every queue id and the journey map’s closure-day messages', () => {
    const [, routing] = integrationFunctions.find(
      ([, f]) => f.Properties.Description === INTEGRATIONS['routing-context'].description.slice(0, 256),
    )!;
    const env = routing.Properties.Environment.Variables;
    expect(env.ROUTING_QUEUE_IDS).toBe(DEFAULT_JOURNEY_MAP.queues.map((q) => q.id).join(','));
    expect(env.TIME_ZONE).toBe(DEFAULT_JOURNEY_MAP.hours.timeZone);
    expect(JSON.parse(env.HOLIDAY_MESSAGES).dates).toHaveProperty('2026-12-25');
    // Only routing-context reads them.
    for (const [, fn] of integrationFunctions.filter(([, f]) => f !== routing)) {
      expect(fn.Properties.Environment.Variables).not.toHaveProperty('HOLIDAY_MESSAGES');
    }
  });

  it('compiles the flows with function and queue ARNs as CloudFormation references, not literals', () => {
    const flows = Object.values(template.findResources('AWS::Connect::ContactFlow')).map((f) => f.Properties);
    expect(flows.length).toBeGreaterThanOrEqual(2);
    for (const flow of flows) {
      const content = JSON.stringify(flow.Content);
      expect(content).not.toMatch(/arn:aws:/);
      expect(content).not.toMatch(/\d{12}/);
    }
    const inbound = flows.find((f) => f.Type === 'CONTACT_FLOW');
    const refs = JSON.stringify(inbound.Content);
    expect(refs).toContain('Fn::GetAtt');
    expect(refs).toMatch(/QueueArn/);
  });

  it('deploys each flow after the integration associations of exactly the functions it invokes', () => {
    const flows = template.findResources('AWS::Connect::ContactFlow');
    const associations = template.findResources('AWS::Connect::IntegrationAssociation');
    // Logical id of each function, and the association that names it.
    const associationOf = new Map<string, string>();
    for (const [id, association] of Object.entries(associations)) {
      const target = JSON.stringify(association.Properties.IntegrationArn);
      const fn = /"Fn::GetAtt":\["([^"]+)","Arn"\]/.exec(target)?.[1];
      if (fn) associationOf.set(fn, id);
    }
    expect(associationOf.size).toBeGreaterThan(0);
    for (const [flowId, flow] of Object.entries(flows)) {
      const content = JSON.stringify(flow.Properties.Content);
      const invoked = [...associationOf.keys()].filter((fn) => content.includes(`"${fn}"`));
      const dependsOn: string[] = flow.DependsOn ?? [];
      for (const fn of invoked)
        expect({ flowId, dependsOn }).toEqual({
          flowId,
          dependsOn: expect.arrayContaining([associationOf.get(fn)]),
        });
      const notInvoked = [...associationOf.entries()]
        .filter(([fn]) => !invoked.includes(fn))
        .map(([, a]) => a);
      for (const association of notInvoked) expect(dependsOn).not.toContain(association);
    }
    const inbound = Object.values(flows).find((f) => f.Properties.Type === 'CONTACT_FLOW');
    expect((inbound?.DependsOn ?? []).length).toBeGreaterThanOrEqual(8);
  });

  it('runs the functions in the isolated VPC when the stage asks for it', () => {
    const prod = synth(STAGES.prod);
    for (const fn of Object.values(prod.findResources('AWS::Lambda::Function'))) {
      // Deploy-time custom resources run outside the VPC (they reach AWS APIs it has no endpoint for).
      if (String(fn.Properties.Description).includes('(CloudFormation custom resource)')) continue;
      expect(fn.Properties.VpcConfig?.SubnetIds).toBeDefined();
    }
    prod.resourceCountIs('AWS::EC2::NatGateway', 0);
    prod.resourceCountIs('AWS::EC2::InternetGateway', 0);
    prod.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    prod.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });
});

/** IAM statements of the customer managed policy of a function's role. */
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

describe('contact-centre stack: least privilege on the customer store', () => {
  // Asset bundling skipped: these tests read the IAM policies only, not the handler code.
  let t: Template;
  let fns: ReturnType<typeof integrationFunctionsOf>;
  let roles: ReturnType<Template['findResources']>;
  let policies: ReturnType<Template['findResources']>;
  beforeAll(() => {
    const app = createApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    t = Template.fromStack(buildStage(app, STAGES.dev).contactCentre);
    fns = integrationFunctionsOf(t);
    roles = t.findResources('AWS::IAM::Role');
    policies = t.findResources('AWS::IAM::ManagedPolicy');
  });

  function statementsOf(name: IntegrationName): Statement[] {
    const found = fns.find(
      ([, f]) => f.Properties.Description === INTEGRATIONS[name].description.slice(0, 256),
    );
    if (!found) throw new Error(`no function for ${name}`);
    const roleId = found[1].Properties.Role['Fn::GetAtt'][0] as string;
    const policyIds = (roles[roleId].Properties.ManagedPolicyArns as { Ref?: string }[])
      .map((arn) => arn.Ref)
      .filter((id): id is string => id !== undefined && id in policies);
    return policyIds.flatMap((id) => policies[id].Properties.PolicyDocument.Statement as Statement[]);
  }
  const actions = (s: Statement): string[] => [s.Action].flat();
  const on = (statements: Statement[], table: string): Statement[] =>
    statements.filter(
      (s) => actions(s).some((a) => a.startsWith('dynamodb:')) && JSON.stringify(s.Resource).includes(table),
    );

  const securityUsers = INTEGRATION_LIST.filter((c) => c.tables.OtpChallenges);

  it('covers every function that touches the security-state table', () => {
    expect(securityUsers.map((c) => c.name).sort()).toEqual(
      ['callback-number', 'otp-start', 'otp-verify', 'password-reset', 'pin-verify', 'sms-link'].sort(),
    );
  });

  it.each(securityUsers.map((c) => [c.name, c] as const))(
    'limits %s to its own OtpChallenges items with dynamodb:LeadingKeys',
    (name, contract) => {
      const statements = on(statementsOf(name), 'OtpChallenges');
      expect(statements).toHaveLength(1);
      const [statement] = statements;
      expect(statement.Condition).toEqual({
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': (contract.securityItems ?? []).map((prefix) => `${prefix}*`),
        },
      });
      expect(actions(statement)).not.toContain('dynamodb:Scan');
      // Only the table's own ARN: it has no indexes, and nothing table-wide.
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
    },
  );

  it('gives pin-verify read-only access to Accounts (its counters live in guard#pin# items)', () => {
    const statements = on(statementsOf('pin-verify'), 'Accounts');
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(actions(statement)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^dynamodb:(PutItem|UpdateItem|DeleteItem)$/)]),
      );
      for (const write of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
        expect(actions(statement)).not.toContain(write);
      }
    }
  });

  it('puts no LeadingKeys condition on tables outside the security state', () => {
    for (const contract of INTEGRATION_LIST) {
      for (const statement of statementsOf(contract.name)) {
        if (!actions(statement).some((a) => a.startsWith('dynamodb:'))) continue;
        if (JSON.stringify(statement.Resource).includes('OtpChallenges')) continue;
        expect(statement.Condition).toBeUndefined();
      }
    }
  });

  it('keeps the key statement of the security-state grant scoped to DynamoDB only', () => {
    const kms = statementsOf('otp-verify').filter((s) => actions(s).includes('kms:GenerateDataKey'));
    expect(kms).toHaveLength(1);
    expect(kms[0].Condition).toEqual({
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['dynamodb.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
      },
    });
  });

  it('sets the account SMS monthly spend limit from the stage config through its own function', () => {
    const [limit, ...others] = Object.values(t.findResources('Custom::SnsSmsMonthlySpendLimit'));
    expect(others).toEqual([]);
    expect(limit.Properties.MonthlySpendLimit).toBe(String(STAGES.dev.outbound.smsMonthlySpendLimitUsd));
    const functionId = limit.Properties.ServiceToken['Fn::GetAtt'][0] as string;
    const fn = t.findResources('AWS::Lambda::Function')[functionId];
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 60 });
    const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const statements: Statement[] = (
      roles[roleId].Properties.ManagedPolicyArns as { Ref?: string }[]
    ).flatMap((arn) =>
      arn.Ref && policies[arn.Ref] ? policies[arn.Ref].Properties.PolicyDocument.Statement : [],
    );
    // Besides its logs and X-Ray, the function may only set SMS attributes (no resource ARNs exist for it).
    const granted = statements
      .flatMap(actions)
      .filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));
    expect(granted).toEqual(['sns:SetSMSAttributes']);
    expect(statements.find((s) => actions(s).includes('sns:SetSMSAttributes'))).toMatchObject({
      Effect: 'Allow',
      Resource: '*',
    });
    // No provider framework or AwsCustomResource singleton.
    expect(JSON.stringify(t.toJSON())).not.toContain('AWS679f53fac002430cb0da5b7982bd2287');
  });
});
