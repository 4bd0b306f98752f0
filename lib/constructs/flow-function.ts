import * as path from 'node:path';
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TableId, TABLES } from '../data/schema';
import { CustomerStore, TableAccess, TableGrantOptions } from './customer-store';
import { IsolatedNetwork } from './isolated-network';
import {
  acknowledgeCrossStackLogKey,
  acknowledgeRules,
  acknowledgeShortLogRetention,
  LAMBDA_CONCURRENCY_RULES,
  LAMBDA_DLQ_RULES,
  LAMBDA_INSIDE_VPC_RULES,
} from '../compliance/acknowledgements';
import { functionBundler } from '../bundling/function-bundles';
import { ManagedPolicyRole } from './managed-policy-role';
import { KEY_MAC_ACTIONS } from './perms';

/** Runtime of every function; pinned so an aws-cdk-lib upgrade never changes it silently. */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The code asset of a handler. All handlers are bundled together in one esbuild build with the
 * options of `lambda/build-options.ts` (what `npm run bench` measures) and cached by content hash
 * (`lib/bundling/function-bundles.ts`); the asset is the cached folder holding `index.mjs`, so its
 * hash is the bundle's content hash. Stacks excluded from bundling (context
 * `aws:cdk:bundling-stacks`, as tests that read IAM only set) get the handler's source folder
 * instead, without building anything.
 */
function handlerCode(scope: Construct, entry: string): lambda.Code {
  if (!Stack.of(scope).bundlingRequired) return lambda.Code.fromAsset(path.dirname(entry));
  return lambda.Code.fromAsset(functionBundler().bundle(entry).dir);
}

/** Who invokes a {@link FlowFunction}. */
export type FunctionInvoker = 'connect' | 'api-gateway' | 'cloudformation' | 'eventbridge';

/** Why a synchronously invoked function needs no dead-letter queue, per invoker. */
const NO_DLQ_REASON: Readonly<Record<Exclude<FunctionInvoker, 'eventbridge'>, string>> = {
  connect:
    'invoked synchronously by Amazon Connect, which retries and then takes the flow error branch; a DLQ only receives asynchronous failures, so errors are alarmed on instead',
  'api-gateway':
    'invoked synchronously by API Gateway (proxy integration): a failure is answered to the client as a JSON 5xx and counted in the API 5xx metric; a DLQ only receives asynchronous failures',
  cloudformation:
    'a deploy-time custom resource: CloudFormation waits for its response and fails the stack operation when it fails, so a failed event is already surfaced; a DLQ would only duplicate that',
};

/** Properties of {@link FlowFunction}. */
export interface FlowFunctionProps {
  /** Kebab-case name: the folder `lambda/<name>/index.ts` and part of the function description. */
  readonly name: string;
  readonly description: string;
  /**
   * The caller's time limit in seconds (the flow block's `InvocationTimeLimitSeconds`); the function
   * timeout equals it, so no invocation outlives its caller.
   */
  readonly timeLimitSeconds: number;
  /** Key encrypting the function's log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Reserved concurrency; 0 or undefined reserves none. */
  readonly reservedConcurrency?: number;
  /** Isolated network to run in. @default none (the function runs outside a VPC) */
  readonly network?: IsolatedNetwork;
  /** @default 512 (more memory is more CPU: faster cold starts and KMS/TLS work) */
  readonly memorySize?: number;
  /** Extra environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Entry file. @default lambda/<name>/index.ts */
  readonly entry?: string;
  /**
   * Who invokes the function. Synchronous callers (Connect, API Gateway, CloudFormation) see every
   * failure themselves, so no dead-letter queue is configured and the compliance finding is
   * acknowledged with the matching reason; `eventbridge` (asynchronous) functions must configure
   * their own failure destination.
   * @default 'connect'
   */
  readonly invoker?: FunctionInvoker;
  /**
   * Why the function runs outside the VPC even in stages that use one (for example, it must reach an
   * AWS API the isolated VPC has no endpoint for). @default the function runs in the VPC when the stage has one
   */
  readonly outsideVpcReason?: string;
  /**
   * Why the function's own statements need `Resource: *` beyond X-Ray and SMS publishing (an action
   * with no resource-level permissions); added to the role's compliance acknowledgement.
   * @default only X-Ray (and `bindSms`) use `Resource: *`
   */
  readonly wildcardResourceReason?: string;
}

/**
 * A Lambda function with the product's defaults: pinned Node.js 24 runtime on ARM64, minified ESM
 * bundle with the SDK bundled (one local esbuild build for all functions, cached; no Docker), JSON logs in an explicit KMS-encrypted log
 * group with retention, X-Ray tracing, a role whose grants land in one customer managed policy, and
 * typed bind helpers that grant access and set the environment variable together.
 */
export class FlowFunction extends lambda.Function {
  /** The kebab-case name of `props.name` (dashboards, alarm names). */
  readonly shortName: string;
  readonly timeLimitSeconds: number;
  /** The KMS-encrypted log group the function writes to. */
  readonly encryptedLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FlowFunctionProps) {
    if (
      !Number.isInteger(props.timeLimitSeconds) ||
      props.timeLimitSeconds < 1 ||
      props.timeLimitSeconds > 900
    ) {
      throw new Error(
        `function '${props.name}' time limit is ${props.timeLimitSeconds}; use 1-8 s for Connect, at most 900`,
      );
    }
    const network = props.outsideVpcReason ? undefined : props.network;
    const role = new ManagedPolicyRole(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.name} function`,
    });
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      encryptionKey: props.logKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      code: handlerCode(
        scope,
        props.entry ?? path.join(__dirname, '..', '..', 'lambda', props.name, 'index.ts'),
      ),
      handler: 'index.handler',
      description: props.description.slice(0, 256),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: Duration.seconds(props.timeLimitSeconds),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrency ? props.reservedConcurrency : undefined,
      vpc: network?.vpc,
      vpcSubnets: network ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : undefined,
      securityGroups: network ? [network.functionSecurityGroup] : undefined,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_METRICS_NAMESPACE: 'ContactCentre',
        FUNCTION_TIME_LIMIT_MS: String(props.timeLimitSeconds * 1000),
        ...props.environment,
      },
    });
    this.shortName = props.name;
    this.timeLimitSeconds = props.timeLimitSeconds;
    this.encryptedLogGroup = logGroup;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute already ends in `:*`, covering its streams only.
        resources: [logGroup.logGroupArn],
      }),
    );
    this.acknowledgeDefaults(role, props);
  }

  /**
   * Grants item access to a table and passes its name in the table's environment variable.
   * `options.leadingKeyPrefixes` restricts the grant to items whose partition key starts with one of
   * the prefixes (required for OtpChallenges; see {@link CustomerStore.grant}).
   */
  bindTable(
    store: CustomerStore,
    id: TableId,
    access: TableAccess,
    options: TableGrantOptions = {},
  ): iam.Grant {
    const grant = store.grant(this, id, access, options);
    this.addEnvironment(TABLES[id].envVar, store.tables[id].tableName);
    return grant;
  }

  /** Grants MAC operations on the HMAC key and passes its ARN in `MAC_KEY_ID`. */
  bindMacKey(key: kms.IKey, operations: readonly ('GenerateMac' | 'VerifyMac')[]): iam.Grant {
    this.addEnvironment('MAC_KEY_ID', key.keyArn);
    const actions = operations.map((op) => `kms:${op}`);
    const unknown = actions.filter((a) => !(KEY_MAC_ACTIONS as readonly string[]).includes(a));
    if (unknown.length > 0)
      throw new Error(`unknown MAC key operation ${unknown.join(', ')}; use GenerateMac or VerifyMac`);
    return key.grant(this, ...actions);
  }

  /** Allows sending SMS through SNS direct publish (no topic). */
  bindSms(senderId: string): void {
    this.addEnvironment('SMS_SENDER_ID', senderId);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        // Direct-to-phone publishing has no resource ARN; deny every topic so only SMS remains.
        resources: ['*'],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${Aws.PARTITION}:sns:*:*:*`],
      }),
    );
  }

  /**
   * Lets an Amazon Connect instance invoke this function: a resource-policy permission scoped to the
   * instance ARN and account, and the instance's integration association.
   */
  allowConnect(instance: connect.CfnInstance): connect.CfnIntegrationAssociation {
    this.addPermission('ConnectInvoke', {
      principal: new iam.ServicePrincipal('connect.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: instance.attrArn,
      sourceAccount: Stack.of(this).account,
    });
    const association = new connect.CfnIntegrationAssociation(this, 'ConnectAssociation', {
      instanceId: instance.attrArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: this.functionArn,
    });
    association.node.addDependency(instance);
    return association;
  }

  private acknowledgeDefaults(role: ManagedPolicyRole, props: FlowFunctionProps): void {
    const wildcard =
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (and, for SMS senders, SNS direct-to-phone publish has no resource ARN; every topic ARN is explicitly denied)';
    Validations.of(role.permissions).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: props.wildcardResourceReason ? `${wildcard}; ${props.wildcardResourceReason}` : wildcard,
    });
    acknowledgeCrossStackLogKey(this.encryptedLogGroup);
    if (props.logRetention < 365) {
      acknowledgeShortLogRetention(this.encryptedLogGroup, props.logRetention);
    }
    if (!props.network || props.outsideVpcReason) {
      acknowledgeRules(
        this,
        LAMBDA_INSIDE_VPC_RULES,
        props.outsideVpcReason ??
          'this stage sets lambdasInVpc=false (a cheap non-production stage); the function holds no network listener and reaches only AWS APIs over TLS with IAM auth; production stages run it in the isolated VPC',
      );
    }
    const invoker = props.invoker ?? 'connect';
    if (!props.reservedConcurrency) {
      acknowledgeRules(
        this,
        LAMBDA_CONCURRENCY_RULES,
        invoker === 'cloudformation'
          ? 'a deploy-time custom resource invoked a few times per deployment by CloudFormation only; a reservation would take account concurrency from the contact-centre functions for no benefit'
          : 'this stage sets reservedConcurrency=0: new accounts have as little as 10 concurrent executions and a reservation would fail the deploy; production stages reserve concurrency per function',
      );
    }
    if (invoker !== 'eventbridge') acknowledgeRules(this, LAMBDA_DLQ_RULES, NO_DLQ_REASON[invoker]);
  }
}
