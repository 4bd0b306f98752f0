/**
 * Template assertions of the omnichannel stack (API throttling and validation, private encrypted
 * bucket behind origin access control, security headers, web callback flow, journey dashboard) and
 * the compliance gate over it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { STAGES } from '../../lib/config/stages';
import { validateFlow } from '../../lib/flows/validate';
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey';
import {
  buildCallbackFlow,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  wafIntegrationLoader,
  DEFAULT_REFERENTIAL,
  HSTS_MAX_AGE_SECONDS,
  buildOmnichannelModel,
} from '../../lib/omnichannel';
import { modelEntry, ORIGIN_SECRET_HEADER, VIEWER_IP_HEADER } from '../../lib/constructs/contact-options-api';
import { VIEWER_IP_HEADER as PAGE_VIEWER_IP_HEADER } from '../../lib/constructs/contact-page';
import {
  ORIGIN_SECRET_ENV,
  ORIGIN_SECRET_HEADER as HANDLER_ORIGIN_SECRET_HEADER,
} from '../../lambda/contact-options/index';
import { freshOutdir, GatedSynth, synthWithComplianceGate } from '../support/compliance';
import { buildOmnichannelFixture } from './fixture';

/** CloudFront's managed CachingDisabled policy. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

describe('omnichannel stack template', () => {
  let template: Template;
  let stack: Stack;

  beforeAll(() => {
    const { omnichannel } = buildOmnichannelFixture();
    stack = omnichannel;
    template = Template.fromStack(omnichannel);
  });

  it('stays environment-agnostic (CloudFront is global; no region is baked in)', () => {
    expect(stack.resolve(stack.region)).toEqual({ Ref: 'AWS::Region' });
  });

  it('throttles the stage, and callbacks and events harder, with execution logs at ERROR and no data trace', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([
        Match.objectLike({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        }),
        Match.objectLike({
          HttpMethod: 'POST',
          ResourcePath: '/~1api~1callback',
          ThrottlingRateLimit: 2,
          ThrottlingBurstLimit: 5,
        }),
        Match.objectLike({
          HttpMethod: 'POST',
          ResourcePath: '/~1api~1events',
          ThrottlingRateLimit: 20,
          ThrottlingBurstLimit: 40,
        }),
      ]),
      AccessLogSetting: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ContactOptionsAccessLogs'), 'Arn'] },
      },
    });
  });

  it('writes JSON access logs without caller addresses to a KMS-encrypted log group', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const format = JSON.parse(stage.Properties.AccessLogSetting.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(JSON.stringify(format)).not.toMatch(/sourceIp|userAgent|caller/);
    const logGroupId = stage.Properties.AccessLogSetting.DestinationArn['Fn::GetAtt'][0] as string;
    expect(template.toJSON().Resources[logGroupId].Properties.KmsKeyId).toBeDefined();
  });

  it('validates every request: required query parameters and strict JSON body models', () => {
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: {
        'method.request.querystring.intent': true,
        'method.request.querystring.lang': false,
      },
      RequestValidatorId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'CallbackRequest',
      Schema: Match.objectLike({
        additionalProperties: false,
        required: ['intent', 'phone'],
        properties: Match.objectLike({ phone: { type: 'string', minLength: 1, maxLength: 32 } }),
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      Name: 'JourneyEvents',
      Schema: Match.objectLike({
        additionalProperties: false,
        properties: { events: Match.objectLike({ maxItems: 10 }) },
      }),
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(4);
    for (const method of methods) expect(method.Properties.RequestValidatorId).toBeDefined();
  });

  it('answers API Gateway refusals (validation, throttling) with the JSON error shape', () => {
    for (const type of [
      'BAD_REQUEST_BODY',
      'BAD_REQUEST_PARAMETERS',
      'THROTTLED',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
    ]) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseTemplates: {
          'application/json': Match.stringLikeRegexp('^\\{"error":\\{"code":"[A-Z_]+","message":'),
        },
      });
    }
  });

  it('lets the function read live metrics of the journey queues and start tasks on the web callback flow only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Permissions of: contact-options function',
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'connect:GetCurrentMetricData' }),
          Match.objectLike({
            Action: 'connect:StartTaskContact',
            Resource: Match.arrayWith([
              { 'Fn::GetAtt': [Match.stringLikeRegexp('WebCallbackFlow'), 'ContactFlowArn'] },
            ]),
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^contact page API'),
      Environment: {
        Variables: Match.objectLike({
          CONNECT_INSTANCE_ID: Match.anyValue(),
          WEB_CALLBACK_FLOW_ID: Match.anyValue(),
          QUEUE_ARNS: Match.anyValue(),
          ROUTING_TABLE: Match.anyValue(),
          OTP_TABLE: Match.anyValue(),
        }),
      },
    });
  });

  it('deploys the web callback flow with its function associated to the instance', () => {
    template.hasResourceProperties('AWS::Connect::ContactFlow', {
      Type: 'CONTACT_FLOW',
      State: 'ACTIVE',
      Name: 'dev web callback',
    });
    template.resourceCountIs('AWS::Connect::IntegrationAssociation', 1);
  });

  it('keeps the page bucket private, encrypted with its own rotating key, versioned and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() },
            BucketKeyEnabled: true,
          }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'content/' }),
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: 'Contact page content',
    });
  });

  it('serves the bucket only through CloudFront origin access control (no OAI, no website endpoint)', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'kms:CreateGrant' }),
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 'kms:Decrypt' }),
        ]),
      },
    });
  });

  it('sends CSP, HSTS, nosniff, frame and referrer policies on every response', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS,
            IncludeSubdomains: true,
            Preload: true,
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
      }),
    });
    const distribution = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0];
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^ContactPageSecurityHeaders/) },
    });
    expect(config.CacheBehaviors).toEqual([
      expect.objectContaining({
        PathPattern: '/api/*',
        CachePolicyId: CACHING_DISABLED,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['POST']),
        ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^ContactPageSecurityHeaders/) },
      }),
    ]);
    expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: { Prefix: 'cloudfront/' } });
    expect(config.WebACLId).toBeUndefined();
  });

  it('pins the logical ids of the stateful page resources', () => {
    const ids = Object.keys(template.toJSON().Resources);
    expect(ids).toEqual(
      expect.arrayContaining([
        'ContactPageContent7E88C993',
        'ContactPageAccessLogs0CCE989C',
        'ContactPageKey411ACDBD',
      ]),
    );
  });

  it('builds the journey dashboard and counts IVR steps from the flow logs', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cccode-dev-journeys' });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('\\$\\.Identifier = "intent-balance"'),
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'ContactCentre/Journey',
          Dimensions: [{ Key: 'Step', Value: '$.Identifier' }],
        }),
      ],
    });
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody,
    );
    for (const text of [
      'share resolved by channel',
      'drop-off per step',
      'OptionTaken',
      'Abandoned',
      'IvrStep',
      'WebCallbackRequest',
    ]) {
      expect(body).toContain(text);
    }
  });
});

/** The CloudFormation dynamic reference to a Secrets Manager secret, as CDK renders it. */
const SECRET_REFERENCE = Match.objectLike({
  'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:', Match.stringLikeRegexp(':SecretString:')])],
});

/** The function policy statement on OtpChallenges (LeadingKeys condition) of a function's managed policy. */
function leadingKeys(template: Template, description: string): unknown {
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter(
    (p) => p.Properties.Description === description,
  );
  const statements = policies.flatMap(
    (p) => p.Properties.PolicyDocument.Statement as { Condition?: Record<string, Record<string, unknown>> }[],
  );
  return statements.find((st) => st.Condition?.['ForAllValues:StringLike'])?.Condition?.[
    'ForAllValues:StringLike'
  ]?.['dynamodb:LeadingKeys'];
}

describe('only through CloudFront: origin secret, viewer address, WAF', () => {
  let template: Template;

  beforeAll(() => {
    const { omnichannel } = buildOmnichannelFixture({
      config: STAGES.prod,
      overrides: { waf: STAGES.prod.waf },
    });
    template = Template.fromStack(omnichannel);
  });

  it('uses one header name in the construct, the page and the handler', () => {
    expect(HANDLER_ORIGIN_SECRET_HEADER).toBe(ORIGIN_SECRET_HEADER);
    expect(PAGE_VIEWER_IP_HEADER).toBe(VIEWER_IP_HEADER);
  });

  it('generates the origin secret at deploy: the template holds only dynamic references to it', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            OriginCustomHeaders: [{ HeaderName: ORIGIN_SECRET_HEADER, HeaderValue: SECRET_REFERENCE }],
          }),
        ]),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^contact page API'),
      Environment: {
        Variables: Match.objectLike({
          [ORIGIN_SECRET_ENV]: SECRET_REFERENCE,
          OUTBOUND_POLICY: JSON.stringify(STAGES.prod.outbound),
          MAC_KEY_ID: Match.anyValue(),
        }),
      },
    });
  });

  it('sets the viewer IP in a CloudFront Function and forwards CloudFront-Viewer-Address and the WAF token', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
      FunctionCode: Match.stringLikeRegexp('event\\.viewer\\.ip'),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
        ],
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: Match.arrayWith(['CloudFront-Viewer-Address', VIEWER_IP_HEADER]),
        },
        CookiesConfig: { CookieBehavior: 'whitelist', Cookies: ['aws-waf-token'] },
      }),
    });
  });

  it('blocks in the web ACL, first, every request without the origin secret', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        {
          Name: 'OnlyThroughCloudFront',
          Priority: 0,
          Action: { Block: {} },
          Statement: {
            NotStatement: {
              Statement: {
                ByteMatchStatement: {
                  FieldToMatch: { SingleHeader: { Name: ORIGIN_SECRET_HEADER } },
                  PositionalConstraint: 'EXACTLY',
                  SearchString: SECRET_REFERENCE,
                  TextTransformations: [{ Priority: 0, Type: 'NONE' }],
                },
              },
            },
          },
          VisibilityConfig: Match.anyValue(),
        },
      ]),
    });
  });

  it('keys every rate rule on the viewer IP CloudFront sets, never X-Forwarded-For, and does not skip requests without it', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0];
    expect(JSON.stringify(acl).toLowerCase()).not.toContain('x-forwarded-for');
    const rules = acl.Properties.Rules as { Name: string; Statement: { RateBasedStatement?: unknown } }[];
    const rateRules = rules.filter((r) => r.Statement.RateBasedStatement);
    expect(rateRules.map((r) => r.Name)).toEqual(['CallbackRatePerClient', 'RatePerClient']);
    for (const rule of rateRules) {
      expect(rule.Statement.RateBasedStatement).toMatchObject({
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: VIEWER_IP_HEADER, FallbackBehavior: 'MATCH' },
      });
    }
  });

  it('has no bot-control rule unless the stage configures the page integration (it would refuse every callback)', () => {
    const rules = Object.values(template.findResources('AWS::WAFv2::WebACL')).flatMap(
      (r) => (r.Properties as { Rules?: { Name: string }[] }).Rules ?? [],
    );
    expect(rules.map((r) => r.Name)).not.toContain('CallbackBotControl');
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
        }),
      }),
    });
  });

  it('challenges callback requests (POST /api/callback) and loads the WAF integration on the page when configured', () => {
    const integrationUrl = 'https://abc123.eu-west-2.sdk.awswaf.com/abc123/def456/challenge.js';
    const { omnichannel } = buildOmnichannelFixture({
      config: STAGES.prod,
      overrides: { waf: { protectApi: true, callbackChallenge: { action: 'challenge', integrationUrl } } },
    });
    const template = Template.fromStack(omnichannel);
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: contentSecurityPolicy('https://abc123.eu-west-2.sdk.awswaf.com'),
            Override: true,
          },
        }),
      }),
    });
    expect(wafIntegrationLoader(integrationUrl)).toContain(JSON.stringify(integrationUrl));
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      TokenDomains: Match.arrayWith([
        { 'Fn::GetAtt': [Match.stringLikeRegexp('ContactPageDistribution'), 'DomainName'] },
      ]),
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'CallbackBotControl',
          Action: { Challenge: {} },
          Statement: {
            AndStatement: {
              Statements: [
                Match.objectLike({
                  ByteMatchStatement: Match.objectLike({
                    FieldToMatch: { Method: {} },
                    SearchString: 'POST',
                  }),
                }),
                Match.objectLike({
                  ByteMatchStatement: Match.objectLike({
                    FieldToMatch: { UriPath: {} },
                    SearchString: '/api/callback',
                  }),
                }),
              ],
            },
          },
        }),
      ]),
    });
  });

  it('limits both functions to their own item prefixes of OtpChallenges (dynamodb:LeadingKeys)', () => {
    expect(leadingKeys(template, 'Permissions of: contact-options function')).toEqual([
      'webcb#*',
      'rate#webcb#*',
      'rate#callback#*',
    ]);
    expect(leadingKeys(template, 'Permissions of: web-callback function')).toEqual(['webcb#*']);
  });

  it('lets the API function derive pseudonyms with the HMAC key (GenerateMac only)', () => {
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p) => p.Properties.Description === 'Permissions of: contact-options function')
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown }[]);
    expect(statements.some((st) => st.Action === 'kms:GenerateMac')).toBe(true);
    expect(JSON.stringify(statements)).not.toContain('kms:VerifyMac');
  });
});

describe('omnichannel stack options', () => {
  it('attaches a CloudFront web ACL by ARN and creates a regional one on the API stage', () => {
    const arn =
      'arn:aws:wafv2:us-east-1:111122223333:global/webacl/contact/0a1b2c3d-1111-2222-3333-444455556666';
    const { omnichannel } = buildOmnichannelFixture({
      overrides: { waf: { distributionWebAclArn: arn, protectApi: true } },
    });
    const template = Template.fromStack(omnichannel);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: arn }),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }),
        Match.objectLike({ Name: 'CallbackRatePerClient', Action: { Block: {} } }),
      ]),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: 'aws-waf-logs-dev-contact-options',
    });
  });

  it('refuses a regional web ACL for the distribution, naming the fix', () => {
    expect(() =>
      buildOmnichannelFixture({
        overrides: {
          waf: { distributionWebAclArn: 'arn:aws:wafv2:eu-west-2:111122223333:regional/webacl/x/1' },
        },
      }),
    ).toThrow(/is not a CLOUDFRONT-scope web ACL; create it in us-east-1/);
  });

  it('refuses throttling outside sane bounds', () => {
    expect(() => buildOmnichannelFixture({ overrides: { throttling: { callbackRateLimit: 0 } } })).toThrow(
      /api throttling callbackRateLimit is 0/,
    );
  });
});

describe('web callback flow and generated entry', () => {
  it('passes the static flow validator: every branch ends, one callback per queue', () => {
    const flow = buildCallbackFlow({
      functionArn: '${Token[fn]}',
      queues: [
        { id: 'general', arn: '${Token[q1]}' },
        { id: 'billing', arn: '${Token[q2]}' },
      ],
      callback: { initialDelaySeconds: 60, maxAttempts: 3, retryDelaySeconds: 600 },
    });
    expect(validateFlow(flow, 'web-callback')).toEqual([]);
    expect(flow.Actions.map((a) => a.Type)).toEqual([
      'InvokeLambdaFunction',
      'Compare',
      'UpdateContactCallbackNumber',
      'Compare',
      'CreateCallbackContact',
      'CreateCallbackContact',
      'DisconnectParticipant',
    ]);
    // The number comes back as an external attribute: never written to contact attributes.
    expect(JSON.stringify(flow)).toContain('"CallbackNumber":"$.External.callbackNumber"');
    expect(flow.Actions.some((a) => a.Type === 'UpdateContactAttributes')).toBe(false);
  });

  it('compiles the validated model into the function bundle (content-addressed entry)', () => {
    const model = buildOmnichannelModel(DEFAULT_JOURNEY_MAP, DEFAULT_REFERENTIAL, {
      selfServiceBaseUrl: 'https://help.example.com/x',
    });
    const entry = modelEntry(model);
    expect(modelEntry(model)).toBe(entry);
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(entry), 'model.json'), 'utf8'))).toEqual(model);
    expect(fs.readFileSync(entry, 'utf8')).toContain('export const handler = createHandler({ model });');
  });
});

describe.each([
  ['dev', {}],
  ['prod', {}],
  ['dev', { waf: { protectApi: true } }],
] as const)('omnichannel stack compliance (%s %j)', (stage, overrides) => {
  let result: GatedSynth;

  beforeAll(() => {
    const outdir = freshOutdir(
      'test-omnichannel-compliance',
      `${stage}-${Object.keys(overrides).join('') || 'base'}`,
    );
    const { app } = buildOmnichannelFixture({ config: STAGES[stage], outdir, overrides });
    result = synthWithComplianceGate(app, outdir);
  });

  it('passes every pack with nothing open', () => {
    expect(result.open).toEqual([]);
    expect(result.synthError).toBeUndefined();
  });

  it('acknowledges each remaining finding narrowly, with a reason', () => {
    const acknowledged = result.acknowledgedUnder('Omnichannel/');
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const ack of acknowledged) {
      expect(ack.violatingConstructs?.length).toBe(1);
      expect(ack.reason?.length ?? 0).toBeGreaterThanOrEqual(60);
    }
  });
});
