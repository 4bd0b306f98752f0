import * as path from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  contentSecurityPolicy,
  HSTS_MAX_AGE_SECONDS,
  integrationOrigin,
  WAF_LOADER_FILE,
  wafIntegrationLoader,
} from '../omnichannel/page-headers';
import { KEY_ADMIN_ACTIONS, KEY_DATA_ACTIONS } from './perms';
import { acknowledgeCrossStackLogKey, acknowledgeShortLogRetention } from '../compliance/acknowledgements';

/** A custom domain of the page. */
export interface ContactPageDomain {
  /** Host names, e.g. `contact.example.com`. */
  readonly names: readonly string[];
  /** Certificate covering them, in us-east-1 (a CloudFront requirement). */
  readonly certificate: acm.ICertificate;
}

/** Properties of {@link ContactPage}. */
export interface ContactPageProps {
  /** The contact-options API, served same-origin under `/api/*`. */
  readonly api: apigw.RestApi;
  /**
   * Custom headers CloudFront adds to every API origin request (the origin secret, as a dynamic
   * reference: `ContactOptionsApi.originCustomHeaders()`); the API refuses requests without them.
   */
  readonly apiOriginHeaders: Readonly<Record<string, string>>;
  /** Folder of the static page. @default `web/` of this repository */
  readonly contentPath?: string;
  /** Upload the folder at deploy (a CDK BucketDeployment). @default true */
  readonly deployContent?: boolean;
  /**
   * ARN of a CLOUDFRONT-scope AWS WAF web ACL (created in us-east-1) to attach.
   * @default none
   */
  readonly webAclArn?: string;
  /** Custom domain (enables TLS 1.2-only viewer connections). @default the cloudfront.net name */
  readonly domain?: ContactPageDomain;
  /**
   * AWS WAF JavaScript integration URL of the API's web ACL: the page loads it (through the deployed
   * `waf-integration.js`) and the CSP allows its origin. @default none
   */
  readonly wafIntegrationUrl?: string;
  /** Days the access logs (S3 and CloudFront) and the deployment handler's logs are kept. */
  readonly logRetentionDays: number;
  /** Key of the deployment handler's log group. */
  readonly logKey: kms.IKey;
}

/** Security headers of every response (page and API), from `lib/omnichannel/page-headers.ts`. */
function securityHeaders(scope: Construct, wafIntegrationUrl?: string): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'Contact page: CSP, HSTS, nosniff, frame and referrer policies',
    securityHeadersBehavior: {
      contentSecurityPolicy: {
        contentSecurityPolicy: contentSecurityPolicy(
          wafIntegrationUrl ? integrationOrigin(wafIntegrationUrl) : undefined,
        ),
        override: true,
      },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        { header: 'Cross-Origin-Opener-Policy', value: 'same-origin', override: true },
      ],
    },
  });
}

/** Header the viewer-request function sets to the viewer's IP (`VIEWER_IP_HEADER` of the API construct). */
export const VIEWER_IP_HEADER = 'x-viewer-ip';

/**
 * CloudFront Function (cloudfront-js-2.0, viewer request, `/api/*`): sets {@link VIEWER_IP_HEADER}
 * to `event.viewer.ip`, the address of the viewer's connection, replacing any value the client sent.
 * The regional web ACL keys its rate limits on it. See "CloudFront Functions event structure"
 * (Amazon CloudFront Developer Guide, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html).
 */
export const VIEWER_IP_FUNCTION_CODE = [
  'function handler(event) {',
  '  var request = event.request;',
  `  request.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip };`,
  '  return request;',
  '}',
  '',
].join('\n');

/** Cookie and header the AWS WAF JavaScript integration sends its token in. */
const WAF_TOKEN_COOKIE = 'aws-waf-token';
const WAF_TOKEN_HEADER = 'x-aws-waf-token';

/**
 * The contact page: the static `web/` folder in a private, KMS-encrypted, versioned S3 bucket served
 * by CloudFront through origin access control, `/api/*` routed to the contact-options API on the
 * same origin (no CORS), security headers on every response, access logs for the bucket and the
 * distribution, and an optional AWS WAF web ACL.
 */
export class ContactPage extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly headers: cloudfront.ResponseHeadersPolicy;
  /** Uploads `web/` at deploy (absent when `deployContent` is false). */
  readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: ContactPageProps) {
    super(scope, id);
    if (!Number.isInteger(props.logRetentionDays) || props.logRetentionDays < 1) {
      throw new Error(
        `contact page logRetentionDays is ${props.logRetentionDays}; use a whole number of days`,
      );
    }
    const root = new iam.AccountRootPrincipal();
    this.key = new kms.Key(this, 'Key', {
      description: 'Contact page content',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Explicit policy: administration by the account, data use only through S3 (CloudFront's own
      // decrypt statement is added by the origin access control), grants only for AWS resources.
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'KeyAdministrationByAccountIam',
            principals: [root],
            actions: [...KEY_ADMIN_ACTIONS],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            sid: 'UseThroughS3OfThisAccount',
            principals: [root],
            actions: [...KEY_DATA_ACTIONS],
            resources: ['*'],
            conditions: {
              StringEquals: {
                'kms:CallerAccount': Aws.ACCOUNT_ID,
                'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com`,
              },
            },
          }),
          new iam.PolicyStatement({
            sid: 'DenyGrantsNotForAwsResources',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
            conditions: {
              BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
            },
          }),
        ],
      }),
    });
    this.logs = new s3.Bucket(this, 'AccessLogs', {
      // CloudFront standard logs are delivered with ACLs; S3 server access logs need SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(props.logRetentionDays), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Content', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'content/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object events to EventBridge (audit trail of content changes), set natively: no notification handler.
    for (const bucket of [this.logs, this.bucket]) {
      (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
    }
    this.headers = securityHeaders(this, props.wafIntegrationUrl);

    // CloudFront-Viewer-Address is generated by CloudFront from the viewer's connection when listed
    // here ("Adding CloudFront request headers", Amazon CloudFront Developer Guide,
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/adding-cloudfront-headers.html);
    // the API trusts it only on requests that also carry the origin secret. The WAF token (cookie or
    // header) reaches the regional web ACL's bot control on callbacks.
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Contact page API: query strings, JSON content type, viewer address and IP, WAF token',
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.allowList(WAF_TOKEN_COOKIE),
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(
        'Content-Type',
        'Accept',
        'Accept-Language',
        'CloudFront-Viewer-Address',
        VIEWER_IP_HEADER,
        WAF_TOKEN_HEADER,
      ),
    });
    const viewerIp = new cloudfront.Function(this, 'ViewerIp', {
      comment: 'Contact page API: x-viewer-ip from the viewer connection (WAF rate keys)',
      code: cloudfront.FunctionCode.fromInline(VIEWER_IP_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Contact page',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          // The origin secret: the API refuses every request without it (the execute-api path).
          origin: new origins.RestApiOrigin(props.api, { customHeaders: { ...props.apiOriginHeaders } }),
          functionAssociations: [
            { function: viewerIp, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: apiRequests,
          responseHeadersPolicy: this.headers,
        },
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      ...(props.domain
        ? { domainNames: [...props.domain.names], certificate: props.domain.certificate }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });

    if (props.deployContent !== false) {
      const deployLogs = new logs.LogGroup(this, 'DeployLogs', {
        encryptionKey: props.logKey,
        retention: props.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledgeCrossStackLogKey(deployLogs);
      if (props.logRetentionDays < 365) acknowledgeShortLogRetention(deployLogs, props.logRetentionDays);
      this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
        logGroup: deployLogs,
        sources: [
          s3deploy.Source.asset(props.contentPath ?? path.join(__dirname, '..', '..', 'web')),
          s3deploy.Source.data(WAF_LOADER_FILE, wafIntegrationLoader(props.wafIntegrationUrl)),
        ],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        prune: true,
        memoryLimit: 256,
      });
    }
    this.acknowledge(props);
  }

  private acknowledge(props: ContactPageProps): void {
    const staticContent = (bucket: s3.Bucket, what: string): void => {
      Validations.of(bucket).acknowledge({
        id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        reason: `${what}: object lock would block the redeploys and lifecycle expiry this bucket relies on; versioning keeps earlier objects`,
      });
    };
    staticContent(this.bucket, 'static page content rebuilt from web/ on every deploy');
    staticContent(this.logs, 'access logs expire after the stage log retention');
    Validations.of(this.logs).acknowledge({
      id: 'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      reason:
        'S3 server access logging only delivers to SSE-S3 buckets and CloudFront standard logs need ACL delivery; the logs hold request metadata of a public page',
    });
    Validations.of(this.logs).acknowledge({
      id: 'cdk-validator-cfnguard::s3_bucket_acl_prohibited_check',
      reason:
        'CloudFront standard logging writes with the awslogsdelivery ACL, so the log bucket keeps ACLs enabled (BucketOwnerPreferred); all public access is blocked',
    });
    Validations.of(this.logs).acknowledge({
      id: 'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      reason: 'this is the access log bucket itself; logging it into itself would loop',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'cdk-validator-cfnguard::cloudfront_origin_failover_enabled_check',
      reason:
        'the page has one S3 origin and one API origin in the same region; an origin group would need a replica of both, and the page falls back to the phone number when the API fails',
    });
    if (!props.domain) {
      for (const rule of [
        'cloudfront_custom_ssl_certificate_check',
        'cloudfront_sni_enabled_check',
        'cloudfront_security_policy_check',
      ]) {
        Validations.of(this.distribution).acknowledge({
          id: `cdk-validator-cfnguard::${rule}`,
          reason:
            'without a custom domain CloudFront serves its default *.cloudfront.net certificate (no SNI, no policy choice); pass a domain and certificate to get TLSv1.2_2021 with SNI',
        });
      }
    }
    if (this.deployment) this.acknowledgeDeployment();
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled',
    ]) {
      Validations.of(this.bucket).acknowledge({
        id: rule,
        reason:
          'the bucket holds the static page built from web/ in this repository; it is redeployed from source, so a replica would add cost without adding recoverability',
      });
      Validations.of(this.logs).acknowledge({
        id: rule,
        reason:
          'access logs of the public contact page (request metadata, no customer data); versioned and kept for the stage log retention, no cross-region copy needed',
      });
    }
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS',
      'PCI.DSS.321::PCI.DSS.321-S3DefaultEncryptionKMS',
    ]) {
      Validations.of(this.logs).acknowledge({
        id: rule,
        reason:
          'S3 server access logging only delivers to SSE-S3 buckets and CloudFront standard logs need ACL delivery; the logs hold request metadata of a public page',
      });
    }
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason:
          'this stage attaches no CloudFront web ACL (a CLOUDFRONT-scope ACL must live in us-east-1; pass its ARN to turn it on); the API behind /api/* keeps its throttles, validation and per-number limits',
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions::AwsSolutions-CFR1',
      reason:
        'the contact page serves customers wherever they are (travelling customers included); no geographic restriction applies to it',
    });
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose policy cannot be raised; pass a domain and certificate to enforce TLSv1.2_2021',
      });
    }
  }

  /**
   * The CDK BucketDeployment handler: a deploy-time custom resource (AWS-maintained code and role)
   * that CloudFormation runs only when the page changes.
   */
  private acknowledgeDeployment(): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find(
      (c): c is lambda.SingletonFunction | lambda.Function =>
        c.node.id.startsWith('Custom::CDKBucketDeployment') && c instanceof lambda.Function,
    );
    if (!handler) return;
    const role = handler.role as iam.Role;
    const policy = role.node.tryFindChild('DefaultPolicy');
    const why =
      'CDK BucketDeployment handler: AWS-maintained deploy-time custom resource, run by CloudFormation only when the page changes; it copies web/ into the content bucket and invalidates the distribution';
    const onFunction = [
      'AwsSolutions::AwsSolutions-L1',
      'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
      'NIST.800.53.R5::NIST.800.53.R5-LambdaConcurrency',
      'HIPAA.Security::HIPAA.Security-LambdaDLQ',
      'NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ',
      'Serverless::Serverless-LambdaDLQ',
      'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
      'PCI.DSS.321::PCI.DSS.321-LambdaInsideVPC',
      'NIST.800.53.R5::NIST.800.53.R5-LambdaInsideVPC',
      'cdk-validator-cfnguard::lambda_inside_vpc_check',
      'Serverless::Serverless-LambdaLatestVersion',
      'Serverless::Serverless-LambdaTracing',
    ];
    for (const id of onFunction) Validations.of(handler).acknowledge({ id, reason: why });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${why}; CDK attaches the basic execution role for its logs`,
    });
    if (!policy) return;
    const content = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    const onPolicy = [
      'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
      'PCI.DSS.321::PCI.DSS.321-IAMNoInlinePolicy',
      'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy',
      ...[
        'Resource::*',
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Action::kms:ReEncrypt*',
        'Action::kms:GenerateDataKey*',
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::<${content}.Arn>/*`,
      ].map((finding) => `AwsSolutions::AwsSolutions-IAM5[${finding}]`),
    ];
    for (const id of onPolicy) {
      Validations.of(policy).acknowledge({
        id,
        reason: `${why}; its grants are CDK's read of the asset bucket, read-write of the content bucket and its key, and CloudFront invalidation (no resource-level permission)`,
      });
    }
  }
}
