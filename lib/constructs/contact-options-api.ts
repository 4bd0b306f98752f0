import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Aws, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { acknowledgeCrossStackLogKey, acknowledgeShortLogRetention } from '../compliance/acknowledgements';
import type { OutboundPolicyConfig } from '../config/stage-config';
import { OUTBOUND_POLICY_ENV, SECURITY_ITEMS } from '../integrations/contracts';
import { assertValidFlow } from '../flows/validate';
import { buildCallbackFlow, RESOLVE_TIME_LIMIT_SECONDS } from '../omnichannel/callback-flow';
import { JOURNEY_EVENTS, PAGE_STEPS } from '../omnichannel/reporting';
import { CHANNELS, type OmnichannelModel } from '../omnichannel/types';
import { modelQueueIds } from '../omnichannel/validate';
import { CustomerStore } from './customer-store';
import { FlowFunction } from './flow-function';
import { IsolatedNetwork } from './isolated-network';
import { ManagedPolicyRole } from './managed-policy-role';

/** Stage throttling of the API (requests per second and burst). */
export interface ApiThrottling {
  /** Whole stage. @default 50 rps, burst 100 */
  readonly rateLimit: number;
  readonly burstLimit: number;
  /** `POST /api/callback` (each one can make an adviser call someone). @default 2 rps, burst 5 */
  readonly callbackRateLimit: number;
  readonly callbackBurstLimit: number;
  /** `POST /api/events`. @default 20 rps, burst 40 */
  readonly eventsRateLimit: number;
  readonly eventsBurstLimit: number;
}

/** Default throttling. */
export const DEFAULT_API_THROTTLING: ApiThrottling = {
  rateLimit: 50,
  burstLimit: 100,
  callbackRateLimit: 2,
  callbackBurstLimit: 5,
  eventsRateLimit: 20,
  eventsBurstLimit: 40,
};

/**
 * Header CloudFront adds to every API origin request with the origin secret; the function and the
 * regional web ACL refuse requests without it (must equal `ORIGIN_SECRET_HEADER` of
 * `lambda/contact-options/index.ts`).
 */
export const ORIGIN_SECRET_HEADER = 'x-origin-verify';

/**
 * Header a CloudFront Function sets on every `/api/*` viewer request to the viewer's IP (no port),
 * replacing any value the client sent; the regional web ACL's rate rules key on it.
 */
export const VIEWER_IP_HEADER = 'x-viewer-ip';

/** Bot control on `POST /api/callback` in the regional web ACL. */
export type CallbackBotControl = 'challenge' | 'captcha' | 'none';

/** Properties of {@link ContactOptionsApi}. */
export interface ContactOptionsApiProps {
  /** The omnichannel model (journey map + referential, validated); compiled into the function. */
  readonly model: OmnichannelModel;
  /** The customer store: RoutingState is read, OtpChallenges holds pending callbacks and counters. */
  readonly store: CustomerStore;
  /** Key of the function and access log groups. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** The Connect instance (metrics, tasks, the web callback flow). */
  readonly instance: connect.CfnInstance;
  /** Connect queues by journey queue id. */
  readonly queues: ReadonlyMap<string, connect.CfnQueue>;
  /** Prefix of the web callback flow's name (the stage). */
  readonly namePrefix: string;
  /** Reserved concurrency of each function; 0 reserves none. @default none */
  readonly reservedConcurrency?: number;
  /**
   * Isolated network for the `web-callback` function (DynamoDB only). The API function always runs
   * outside it: it calls the core Amazon Connect API. @default none
   */
  readonly network?: IsolatedNetwork;
  /** @default DEFAULT_API_THROTTLING */
  readonly throttling?: Partial<ApiThrottling>;
  /**
   * Create a REGIONAL web ACL on the stage: the origin-secret rule (only CloudFront gets through),
   * AWS managed rules, per-client rate limits keyed on the viewer IP CloudFront sets, and bot control
   * on callback requests. @default false
   */
  readonly protectWithWaf?: boolean;
  /**
   * With `protectWithWaf`: the WAF action on `POST /api/callback` requests without a valid AWS WAF
   * token. The page must then obtain a token (the AWS WAF JavaScript integration), see
   * docs/omnichannel.md. @default 'challenge'
   */
  readonly callbackBotControl?: CallbackBotControl;
  /** The HMAC key of keyed pseudonyms (per-number and per-client limits); `kms:GenerateMac` only. */
  readonly macKey: kms.IKey;
  /** The stage's outbound number policy and global budgets (IVR and web callbacks share them). */
  readonly outbound: OutboundPolicyConfig;
  /**
   * Set the account's API Gateway CloudWatch role (an account-wide singleton, needed for execution
   * logs). Turn off when another stack of the account already sets it. @default true
   */
  readonly configureAccountLogging?: boolean;
  /** @default 'v1' */
  readonly stageName?: string;
}

/** Root of the generated function entries (git-ignored). */
const GENERATED_DIR = path.join(__dirname, '..', '..', '.cache', 'omnichannel');

/**
 * Writes a function entry that compiles `model` into the bundle: the model is too large for
 * environment variables (4 KB) and must be exactly the one validated at synth. Content-addressed,
 * written atomically, so parallel synths agree.
 */
export function modelEntry(model: OmnichannelModel): string {
  const json = `${JSON.stringify(model, null, 1)}\n`;
  const dir = path.join(GENERATED_DIR, createHash('sha256').update(json).digest('hex').slice(0, 16));
  const entry = path.join(dir, 'index.ts');
  if (fs.existsSync(entry)) return entry;
  fs.mkdirSync(dir, { recursive: true });
  const handlerModule = path
    .relative(dir, path.join(__dirname, '..', '..', 'lambda', 'contact-options', 'index'))
    .split(path.sep)
    .join('/');
  const write = (file: string, content: string): void => {
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  };
  write(path.join(dir, 'model.json'), json);
  write(
    entry,
    [
      '// Generated by lib/constructs/contact-options-api.ts: the omnichannel model validated at synth.',
      `import { createHandler } from '${handlerModule}';`,
      "import model from './model.json';",
      '',
      'export const handler = createHandler({ model });',
      '',
    ].join('\n'),
  );
  return entry;
}

/**
 * Refusals of API Gateway itself, answered in the API's own JSON error shape. Dynamic messages use
 * `$context.error.messageString`, which API Gateway quotes and escapes (the validation detail string
 * is not escaped, so it could break the JSON).
 */
const GATEWAY_ERRORS: readonly { id: string; type: apigw.ResponseType; code: string; message?: string }[] = [
  { id: 'BadBody', type: apigw.ResponseType.BAD_REQUEST_BODY, code: 'INVALID_REQUEST' },
  { id: 'BadParameters', type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, code: 'INVALID_REQUEST' },
  {
    id: 'Throttled',
    type: apigw.ResponseType.THROTTLED,
    code: 'RATE_LIMITED',
    message: 'too many requests; please try again in a moment',
  },
  { id: 'Waf', type: apigw.ResponseType.WAF_FILTERED, code: 'FORBIDDEN', message: 'the request was blocked' },
  { id: 'Default4xx', type: apigw.ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST' },
  {
    id: 'Default5xx',
    type: apigw.ResponseType.DEFAULT_5XX,
    code: 'UNAVAILABLE',
    message: 'the service is unavailable right now; please call us instead',
  },
];

/**
 * The contact-options API: a regional REST API (request validation on every method, stage and
 * per-method throttling, JSON access logs to a KMS-encrypted log group, execution logs at ERROR,
 * X-Ray) in front of the `contact-options` function, and the web callback path into Connect: the
 * `web-callback` contact flow and its `web-callback` function. Routes live under `/api/*` so the
 * contact page's CloudFront distribution can serve them same-origin.
 *
 * CloudFront is the only way in. A REST API's execute-api endpoint stays reachable from the internet
 * (it can only be turned off with a custom domain, and a resource policy cannot test a header or
 * name CloudFront's addresses), so the distribution sends a generated origin secret in
 * {@link ORIGIN_SECRET_HEADER} and: the function refuses every request without it (constant-time
 * compare, 403, nothing read or written), always; the regional web ACL, where enabled, blocks such
 * requests first. Only then is `CloudFront-Viewer-Address` trusted as the client's address. See
 * "Adding custom headers to origin requests" (Amazon CloudFront Developer Guide,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/add-origin-custom-headers.html)
 * and "Restricting access to ... origins" with a custom header and AWS WAF.
 */
export class ContactOptionsApi extends Construct {
  readonly api: apigw.RestApi;
  /**
   * The origin secret (generated at deploy, never in the template: every use is a CloudFormation
   * `{{resolve:secretsmanager:...}}` dynamic reference). CloudFront sends it in
   * {@link ORIGIN_SECRET_HEADER}; give it to the distribution with {@link originCustomHeaders}.
   */
  readonly originSecret: secretsmanager.Secret;
  readonly function: FlowFunction;
  readonly callbackFunction: FlowFunction;
  readonly callbackFlow: connect.CfnContactFlow;
  readonly accessLogs: logs.LogGroup;
  readonly webAcl?: wafv2.CfnWebACL;
  readonly throttling: ApiThrottling;

  constructor(scope: Construct, id: string, props: ContactOptionsApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const throttling = { ...DEFAULT_API_THROTTLING, ...props.throttling };
    this.throttling = throttling;
    for (const [key, value] of Object.entries(throttling)) {
      if (!Number.isInteger(value) || value < 1 || value > 10000) {
        throw new Error(`api throttling ${key} is ${value}; use an integer from 1 to 10000`);
      }
    }
    const stageName = props.stageName ?? 'v1';
    const instanceArn = props.instance.attrArn;
    const instanceId = Fn.select(1, Fn.split('/', instanceArn));
    const queueIds = modelQueueIds(props.model);
    const queues = props.model.queueIds.map((queueId) => {
      const queue = props.queues.get(queueId);
      if (!queue) {
        throw new Error(
          `contact options: journey queue '${queueId}' has no Connect queue; pass every queue of the journey map`,
        );
      }
      return { id: queueId, arn: queue.attrQueueArn };
    });

    // --- web callback: resolver function + flow ------------------------------------------------
    this.callbackFunction = new FlowFunction(this, 'WebCallbackFunction', {
      name: 'web-callback',
      description: 'web callback flow: claims a pending callback and returns its number (never logged)',
      timeLimitSeconds: RESOLVE_TIME_LIMIT_SECONDS,
      logKey: props.logKey,
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency,
      network: props.network,
    });
    // It only claims pending callbacks.
    this.callbackFunction.bindTable(props.store, 'OtpChallenges', 'readWrite', {
      leadingKeyPrefixes: [SECURITY_ITEMS.webCallback],
    });
    if (props.network && Stack.of(props.network) !== Stack.of(this)) {
      Validations.of(this.callbackFunction).acknowledge({
        id: 'cdk-validator-cfnguard::lambda_inside_vpc_check',
        reason:
          'the function runs in the isolated VPC of another stack; the Guard rule cannot resolve subnet and security group ids passed as Fn::ImportValue (template assertions check VpcConfig)',
      });
    }
    const association = this.callbackFunction.allowConnect(props.instance);
    const flow = buildCallbackFlow({
      functionArn: this.callbackFunction.functionArn,
      queues: queues.filter((q) => queueIds.includes(q.id)),
      callback: props.model.callback,
    });
    assertValidFlow(flow, 'web-callback', { flowType: 'CONTACT_FLOW' });
    this.callbackFlow = new connect.CfnContactFlow(this, 'WebCallbackFlow', {
      instanceArn,
      name: `${props.namePrefix} web callback`.slice(0, 127),
      type: 'CONTACT_FLOW',
      description:
        'Turns a web callback task into a queued callback to the intent queue (started by the contact-options API)',
      state: 'ACTIVE',
      content: stack.toJsonString(flow),
    });
    this.callbackFlow.node.addDependency(association);

    // --- origin secret ----------------------------------------------------------------------------
    // Alphanumeric only: it travels as an HTTP header value and a WAF byte-match string (max 200 bytes).
    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `Contact page: secret CloudFront sends to the contact-options API (${props.namePrefix})`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.acknowledgeOriginSecret();

    // --- API function -------------------------------------------------------------------------
    this.function = new FlowFunction(this, 'Function', {
      name: 'contact-options',
      description: 'contact page API: ranked channels per intent, web callbacks, journey events',
      timeLimitSeconds: 6,
      logKey: props.logKey,
      logRetention: props.logRetention,
      reservedConcurrency: props.reservedConcurrency,
      entry: modelEntry(props.model),
      invoker: 'api-gateway',
      outsideVpcReason:
        'the contact-options function calls the core Amazon Connect API (GetCurrentMetricData, StartTaskContact), which the isolated VPC cannot reach without internet egress; it holds no listener and calls only AWS APIs over TLS with IAM auth',
      environment: {
        CONNECT_INSTANCE_ID: instanceId,
        WEB_CALLBACK_FLOW_ID: Fn.select(3, Fn.split('/', this.callbackFlow.attrContactFlowArn)),
        QUEUE_ARNS: stack.toJsonString(Object.fromEntries(queues.map((q) => [q.id, q.arn]))),
        [OUTBOUND_POLICY_ENV]: JSON.stringify(props.outbound),
        // A dynamic reference: CloudFormation resolves it at deploy, so the value is not in the
        // template; the function reads it once per cold start, with no Secrets Manager client in the
        // bundle and no call on the request path. It is visible to whoever may read the function's
        // configuration (like the distribution's origin headers and the web ACL rule), which is the
        // same audience as the secret itself.
        ORIGIN_SECRET: this.originSecret.secretValue.unsafeUnwrap(),
      },
    });
    this.function.bindTable(props.store, 'RoutingState', 'scan');
    // Pending web callbacks, their per-client limits, and the callback limits shared with the IVR.
    this.function.bindTable(props.store, 'OtpChallenges', 'readWrite', {
      leadingKeyPrefixes: [
        SECURITY_ITEMS.webCallback,
        SECURITY_ITEMS.webCallbackRate,
        SECURITY_ITEMS.callbackRate,
      ],
    });
    this.function.bindMacKey(props.macKey, ['GenerateMac']);
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:GetCurrentMetricData'],
        resources: [instanceArn, ...queues.map((q) => q.arn)],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:StartTaskContact'],
        // The contact it creates has no id yet; the instance and flow statements pin the call to them.
        resources: [
          instanceArn,
          this.callbackFlow.attrContactFlowArn,
          `arn:${Aws.PARTITION}:connect:${Aws.REGION}:${Aws.ACCOUNT_ID}:instance/*/contact/*`,
        ],
      }),
    );
    const fnRole = this.function.role as ManagedPolicyRole;
    Validations.of(fnRole.permissions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:connect:<AWS::Region>:<AWS::AccountId>:instance/*/contact/*]',
      reason:
        'StartTaskContact authorises the contact it creates, whose id does not exist before the call; the same statement requires the one instance and the web callback flow, so no other instance can be used',
    });

    // --- logs -----------------------------------------------------------------------------------
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackLogKey(this.accessLogs);
    if (props.logRetention < 365) acknowledgeShortLogRetention(this.accessLogs, props.logRetention);

    // --- REST API -------------------------------------------------------------------------------
    const perMethod = (rate: number, burst: number): apigw.MethodDeploymentOptions => ({
      throttlingRateLimit: rate,
      throttlingBurstLimit: burst,
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
    });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${props.namePrefix}-contact-options`,
      description: 'Contact page API: contact options per intent, web callbacks, journey events',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      cloudWatchRole: false,
      deployOptions: {
        stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        // No caller address or user agent: the access log carries no personal data.
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigw.AccessLogField.contextRequestId(),
            time: apigw.AccessLogField.contextRequestTime(),
            method: apigw.AccessLogField.contextHttpMethod(),
            resource: apigw.AccessLogField.contextResourcePath(),
            status: apigw.AccessLogField.contextStatus(),
            responseLength: apigw.AccessLogField.contextResponseLength(),
            latencyMs: apigw.AccessLogField.contextResponseLatency(),
            integrationLatencyMs: apigw.AccessLogField.contextIntegrationLatency(),
            error: apigw.AccessLogField.contextErrorMessage(),
            wafStatus: apigw.AccessLogField.contextWafResponseCode(),
          }),
        ),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
        methodOptions: {
          '/api/callback/POST': perMethod(throttling.callbackRateLimit, throttling.callbackBurstLimit),
          '/api/events/POST': perMethod(throttling.eventsRateLimit, throttling.eventsBurstLimit),
        },
      },
    });
    for (const e of GATEWAY_ERRORS) {
      this.api.addGatewayResponse(e.id, {
        type: e.type,
        responseHeaders: { 'Cache-Control': "'no-store'", 'X-Content-Type-Options': "'nosniff'" },
        templates: {
          'application/json': `{"error":{"code":"${e.code}","message":${
            e.message === undefined ? '$context.error.messageString' : JSON.stringify(e.message)
          }}}`,
        },
      });
    }
    const validateParams = this.api.addRequestValidator('ValidateParameters', {
      requestValidatorName: 'parameters',
      validateRequestParameters: true,
    });
    const validateBody = this.api.addRequestValidator('ValidateBody', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const integration = new apigw.LambdaIntegration(this.function, { proxy: true, allowTestInvoke: false });
    const root = this.api.root.addResource('api');

    root.addResource('intents').addMethod('GET', integration, {
      requestValidator: validateParams,
      requestParameters: { 'method.request.querystring.lang': false },
    });
    root.addResource('options').addMethod('GET', integration, {
      requestValidator: validateParams,
      requestParameters: {
        'method.request.querystring.intent': true,
        'method.request.querystring.lang': false,
        'method.request.querystring.device': false,
        'method.request.querystring.segment': false,
      },
    });
    const model = (name: string, schema: apigw.JsonSchema): apigw.Model =>
      this.api.addModel(name, { contentType: 'application/json', modelName: name, schema });
    const intentProperty: apigw.JsonSchema = {
      type: apigw.JsonSchemaType.STRING,
      pattern: '^[a-z][a-zA-Z0-9]{0,15}$',
    };
    const callbackModel = model('CallbackRequest', {
      schema: apigw.JsonSchemaVersion.DRAFT4,
      type: apigw.JsonSchemaType.OBJECT,
      additionalProperties: false,
      required: ['intent', 'phone'],
      properties: {
        intent: intentProperty,
        phone: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 32 },
        lang: { type: apigw.JsonSchemaType.STRING, enum: ['en', 'fr'] },
        device: { type: apigw.JsonSchemaType.STRING, enum: ['mobile', 'desktop'] },
        requestId: { type: apigw.JsonSchemaType.STRING, pattern: '^[A-Za-z0-9-]{8,64}$' },
      },
    });
    const eventsModel = model('JourneyEvents', {
      schema: apigw.JsonSchemaVersion.DRAFT4,
      type: apigw.JsonSchemaType.OBJECT,
      additionalProperties: false,
      required: ['events'],
      properties: {
        events: {
          type: apigw.JsonSchemaType.ARRAY,
          minItems: 1,
          maxItems: 10,
          items: {
            type: apigw.JsonSchemaType.OBJECT,
            additionalProperties: false,
            required: ['type', 'intent'],
            properties: {
              type: {
                type: apigw.JsonSchemaType.STRING,
                enum: [...JOURNEY_EVENTS],
              },
              intent: intentProperty,
              channel: {
                type: apigw.JsonSchemaType.STRING,
                enum: [...CHANNELS],
              },
              step: { type: apigw.JsonSchemaType.STRING, enum: [...PAGE_STEPS] },
            },
          },
        },
      },
    });
    root.addResource('callback').addMethod('POST', integration, {
      requestValidator: validateBody,
      requestModels: { 'application/json': callbackModel },
    });
    root.addResource('events').addMethod('POST', integration, {
      requestValidator: validateBody,
      requestModels: { 'application/json': eventsModel },
    });

    const stage = this.api.deploymentStage;
    // Execution logs (ERROR level): pre-created so they are encrypted and expire, not left to API Gateway.
    const executionLogs = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackLogKey(executionLogs);
    if (props.logRetention < 365) acknowledgeShortLogRetention(executionLogs, props.logRetention);
    stage.node.addDependency(executionLogs);
    if (props.configureAccountLogging !== false) this.accountLogging(stage);

    this.acknowledgeApi(stage, props.protectWithWaf === true);
    if (props.protectWithWaf) this.webAcl = this.protect(stage, props);
  }

  /** The account's API Gateway logging role (customer managed policy, scoped to execution log groups). */
  private accountLogging(stage: apigw.Stage): void {
    const role = new ManagedPolicyRole(this, 'AccountLoggingRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway execution logs (account setting)',
    });
    const groups = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:API-Gateway-Execution-Logs_*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:DescribeLogStreams',
          'logs:GetLogEvents',
          'logs:FilterLogEvents',
        ],
        resources: [groups, `${groups}:*`],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
    );
    const account = new apigw.CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    account.node.addDependency(role.permissions);
    stage.node.addDependency(account);
    Validations.of(role.permissions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:API-Gateway-Execution-Logs_*]',
      reason:
        'API Gateway names its execution log groups API-Gateway-Execution-Logs_<api id>/<stage> for every API of the account; the role is the account-wide logging role, so it is scoped to that name prefix',
    });
    Validations.of(role.permissions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:API-Gateway-Execution-Logs_*:*]',
      reason: 'the log streams of the API Gateway execution log groups above (same name prefix)',
    });
    Validations.of(role.permissions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'logs:DescribeLogGroups supports no resource-level permissions; it reveals names only',
    });
  }

  /**
   * The origin custom headers the distribution must send to the API origin: the origin secret, as a
   * dynamic reference (CloudFront gets the value at deploy; the template holds only the reference).
   */
  originCustomHeaders(): Record<string, string> {
    return { [ORIGIN_SECRET_HEADER]: this.originSecret.secretValue.unsafeUnwrap() };
  }

  /**
   * Domains whose AWS WAF tokens the web ACL accepts (the contact page's CloudFront and custom domain
   * names): the page gets its token on its own domain, not on the execute-api one. No effect without
   * the web ACL.
   */
  acceptTokenDomains(domains: readonly string[]): void {
    if (!this.webAcl || domains.length === 0) return;
    this.webAcl.tokenDomains = [...(this.webAcl.tokenDomains ?? []), ...domains];
  }

  /**
   * A regional web ACL, in rule order:
   * 0. `OnlyThroughCloudFront`: blocks every request whose origin secret header is not the secret
   *    (the direct execute-api path), before anything else counts it;
   * 1-2. AWS managed common and known-bad-input rules;
   * 3-4. per-client rate limits keyed on {@link VIEWER_IP_HEADER}, which a CloudFront Function sets
   *    from the viewer's connection (a client cannot choose it; `X-Forwarded-For`, whose first address
   *    the client writes, is not used). `CloudFront-Viewer-Address` cannot be the key: it carries the
   *    source port, so every new connection would be a new key. A request without the header is not
   *    skipped (fallback MATCH: the rule applies), though only CloudFront requests get this far;
   * 5. bot control (`challenge` or `captcha`) on `POST /api/callback`.
   */
  private protect(stage: apigw.Stage, props: ContactOptionsApiProps): wafv2.CfnWebACL {
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });
    // Decoded and lower-cased, so an encoded or upper-case path cannot slip past the callback rules.
    const callbackPost: wafv2.CfnWebACL.StatementProperty = {
      andStatement: {
        statements: [
          {
            byteMatchStatement: {
              fieldToMatch: { method: {} },
              positionalConstraint: 'EXACTLY',
              searchString: 'POST',
              textTransformations: [{ priority: 0, type: 'NONE' }],
            },
          },
          {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'CONTAINS',
              searchString: '/api/callback',
              textTransformations: [
                { priority: 0, type: 'URL_DECODE' },
                { priority: 1, type: 'LOWERCASE' },
              ],
            },
          },
        ],
      },
    };
    const perViewer = (limit: number, scopeDown?: wafv2.CfnWebACL.StatementProperty) => ({
      rateBasedStatement: {
        limit,
        evaluationWindowSec: 300,
        aggregateKeyType: 'FORWARDED_IP',
        forwardedIpConfig: { headerName: VIEWER_IP_HEADER, fallbackBehavior: 'MATCH' },
        ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
      },
    });
    const botControl = props.callbackBotControl ?? 'challenge';
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description:
        'Contact options API: CloudFront only via origin secret, managed rules, per-viewer rate limits, bot control on callbacks',
      visibilityConfig: visibility('contact-options-api'),
      rules: [
        {
          name: 'OnlyThroughCloudFront',
          priority: 0,
          action: { block: {} },
          statement: {
            notStatement: {
              statement: {
                byteMatchStatement: {
                  // L1 passes FieldToMatch children through as written: CloudFormation's casing.
                  fieldToMatch: { singleHeader: { Name: ORIGIN_SECRET_HEADER } },
                  positionalConstraint: 'EXACTLY',
                  searchString: this.originSecret.secretValue.unsafeUnwrap(),
                  textTransformations: [{ priority: 0, type: 'NONE' }],
                },
              },
            },
          },
          visibilityConfig: visibility('OnlyThroughCloudFront'),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
        {
          name: 'CallbackRatePerClient',
          priority: 3,
          action: { block: {} },
          statement: perViewer(20, callbackPost),
          visibilityConfig: visibility('CallbackRatePerClient'),
        },
        {
          name: 'RatePerClient',
          priority: 4,
          action: { block: {} },
          statement: perViewer(2000),
          visibilityConfig: visibility('RatePerClient'),
        },
        ...(botControl === 'none'
          ? []
          : [
              {
                name: 'CallbackBotControl',
                priority: 5,
                action: botControl === 'captcha' ? { captcha: {} } : { challenge: {} },
                statement: callbackPost,
                visibilityConfig: visibility('CallbackBotControl'),
              },
            ]),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: stage.stageArn,
      webAclArn: acl.attrArn,
    });
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      // WAF only delivers to log groups whose name starts with aws-waf-logs-.
      logGroupName: `aws-waf-logs-${props.namePrefix}-contact-options`,
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackLogKey(wafLogs);
    if (props.logRetention < 365) acknowledgeShortLogRetention(wafLogs, props.logRetention);
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: acl.attrArn,
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: wafLogs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    return acl;
  }

  private acknowledgeOriginSecret(): void {
    const why =
      'the origin secret is a shared token between CloudFront and the API, not customer data; CloudFormation resolves it into the distribution, the web ACL and the function at deploy, so rotating it means putting a new value and redeploying (documented in docs/omnichannel.md), not a rotation Lambda';
    for (const id of [
      'AwsSolutions::AwsSolutions-SMG4',
      'HIPAA.Security::HIPAA.Security-SecretsManagerRotationEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerRotationEnabled',
      'PCI.DSS.321::PCI.DSS.321-SecretsManagerRotationEnabled',
      'cdk-validator-cfnguard::secretsmanager_rotation_enabled_check',
    ]) {
      Validations.of(this.originSecret).acknowledge({ id, reason: why });
    }
    for (const id of [
      'HIPAA.Security::HIPAA.Security-SecretsManagerUsingKMSKey',
      'NIST.800.53.R5::NIST.800.53.R5-SecretsManagerUsingKMSKey',
      'PCI.DSS.321::PCI.DSS.321-SecretsManagerUsingKMSKey',
      'cdk-validator-cfnguard::secretsmanager_using_cmk',
    ]) {
      Validations.of(this.originSecret).acknowledge({
        id,
        reason:
          'CloudFormation reads the value under the deploying role to resolve the dynamic references, and the same value is readable in the distribution and web ACL configuration; a customer managed key would add a key policy for the deploy role without narrowing who can read it',
      });
    }
  }

  private acknowledgeApi(stage: apigw.Stage, waf: boolean): void {
    const everyMethod = this.api.methods;
    for (const method of everyMethod) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason:
          'the contact page is public and anonymous; the API exposes no customer data, validates every request, is throttled per stage and method and rate-limits callbacks per number and client',
      });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions::AwsSolutions-COG4',
        reason:
          'anonymous visitors have no Cognito identity; see APIG4: validation, throttling and per-number limits protect the API instead',
      });
    }
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-APIGWCacheEnabledAndEncrypted',
      'NIST.800.53.R5::NIST.800.53.R5-APIGWCacheEnabledAndEncrypted',
      'PCI.DSS.321::PCI.DSS.321-APIGWCacheEnabledAndEncrypted',
    ]) {
      Validations.of(stage).acknowledge({
        id: rule,
        reason:
          'answers depend on the live routing mode and queue wait and must not be served stale, so the stage has no cache (the function caches metrics for 5 s itself); no data is cached at rest',
      });
    }
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-APIGWSSLEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-APIGWSSLEnabled',
      'PCI.DSS.321::PCI.DSS.321-APIGWSSLEnabled',
    ]) {
      Validations.of(stage).acknowledge({
        id: rule,
        reason:
          'client certificates authenticate API Gateway to an HTTP backend; the only backend is a Lambda proxy integration invoked over the AWS API with IAM',
      });
    }
    for (const permission of this.node.findAll().filter((c) => c instanceof lambda.CfnPermission)) {
      Validations.of(permission).acknowledge({
        id: 'cdk-validator-cfnguard::lambda_function_public_access_prohibited_check',
        reason:
          'the permission names a service principal scoped by SourceArn (this API stage and method, or the Connect instance); the Guard rule only accepts literal strings or local references, not the Fn::Join/Fn::ImportValue an environment-agnostic, cross-stack ARN needs',
      });
    }
    if (!waf) {
      for (const rule of [
        'PCI.DSS.321::PCI.DSS.321-APIGWAssociatedWithWAF',
        'NIST.800.53.R5::NIST.800.53.R5-APIGWAssociatedWithWAF',
      ]) {
        Validations.of(stage).acknowledge({
          id: rule,
          reason:
            'this stage leaves the regional web ACL off (protectWithWaf=false); stage and method throttles, request validation and per-number callback limits stay on',
        });
      }
      Validations.of(stage).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG3',
        reason:
          'this stage leaves the regional web ACL off (protectWithWaf=false); the stage and method throttles and the per-number callback limits stay on, and the CloudFront distribution in front can carry a web ACL',
      });
    }
  }
}
