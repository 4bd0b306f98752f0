import { CfnOutput, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { StageConfig } from '../config/stage-config';
import { ApiThrottling, CallbackBotControl, ContactOptionsApi } from '../constructs/contact-options-api';
import { ContactPage, ContactPageDomain } from '../constructs/contact-page';
import { CustomerStore } from '../constructs/customer-store';
import { IsolatedNetwork } from '../constructs/isolated-network';
import { JourneyReporting } from '../constructs/journey-reporting';
import { JourneyMap } from '../journey';
import {
  buildOmnichannelModel,
  DEFAULT_REFERENTIAL,
  OmnichannelModel,
  OmnichannelReferential,
} from '../omnichannel';

/** AWS WAF options. CloudFront-scope web ACLs can only be created in us-east-1. */
export interface OmnichannelWafOptions {
  /**
   * ARN of a CLOUDFRONT-scope web ACL (created in us-east-1, e.g. by a small stack there) to attach
   * to the page's distribution. @default none
   */
  readonly distributionWebAclArn?: string;
  /**
   * Create a REGIONAL web ACL on the API stage (works in any region): CloudFront-only origin secret
   * rule, managed rules, per-viewer rate limits, bot control on callback requests. @default false
   */
  readonly protectApi?: boolean;
  /** Bot control on `POST /api/callback` when `protectApi`, and the page's WAF integration URL. @default none */
  readonly callbackChallenge?: {
    readonly action: Exclude<CallbackBotControl, 'none'>;
    readonly integrationUrl: string;
  };
}

/** Properties of {@link OmnichannelStack}. */
export interface OmnichannelStackProps extends StackProps {
  readonly config: StageConfig;
  /** The validated journey map. */
  readonly journey: JourneyMap;
  /** Channels per intent. @default DEFAULT_REFERENTIAL */
  readonly referential?: OmnichannelReferential;
  /** The customer store (RoutingState read; OtpChallenges holds pending callbacks and counters). */
  readonly store: CustomerStore;
  /** The customer managed data key (log groups). */
  readonly dataKey: kms.IKey;
  /** The HMAC key of keyed pseudonyms (`DataStack.keys.macKey`): per-number and per-client limits. */
  readonly macKey: kms.IKey;
  /** The Connect instance (`ContactCentreStack.connect.instance`). */
  readonly instance: connect.CfnInstance;
  /** Connect queues by journey queue id (`ContactCentreStack.routing.queues`). */
  readonly queues: ReadonlyMap<string, connect.CfnQueue>;
  /** Connect flow logs, for the IVR steps of the journey dashboard (`ContactCentreStack.connect.flowLogs`). @default no IVR widgets */
  readonly flowLogs?: logs.ILogGroup;
  /** Isolated network for the web-callback function. @default none */
  readonly network?: IsolatedNetwork;
  /** @default no WAF */
  readonly waf?: OmnichannelWafOptions;
  /** Custom domain of the page. @default the cloudfront.net name */
  readonly domain?: ContactPageDomain;
  /** API throttling. @default DEFAULT_API_THROTTLING */
  readonly throttling?: Partial<ApiThrottling>;
  /** Set the account-wide API Gateway logging role. @default true */
  readonly configureAccountLogging?: boolean;
}

/**
 * The omnichannel contact page: the contact-options API (ranked channels per intent from the journey
 * map's referential, web callbacks into Connect, journey events), the static page behind CloudFront,
 * and the 360° journey dashboard. Environment-agnostic: CloudFront is global and the optional
 * CloudFront web ACL is passed in by ARN.
 */
export class OmnichannelStack extends Stack {
  readonly model: OmnichannelModel;
  readonly api: ContactOptionsApi;
  readonly page: ContactPage;
  readonly reporting: JourneyReporting;

  constructor(scope: Construct, id: string, props: OmnichannelStackProps) {
    super(scope, id, props);
    const { config } = props;
    const arn = props.waf?.distributionWebAclArn;
    if (
      arn !== undefined &&
      !Token.isUnresolved(arn) &&
      !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\//.test(arn)
    ) {
      throw new Error(
        `waf.distributionWebAclArn ${JSON.stringify(arn)} is not a CLOUDFRONT-scope web ACL; create it in us-east-1 (scope CLOUDFRONT) and pass its ARN`,
      );
    }
    this.model = buildOmnichannelModel(props.journey, props.referential ?? DEFAULT_REFERENTIAL, {
      selfServiceBaseUrl: config.selfServiceBaseUrl,
    });
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.api = new ContactOptionsApi(this, 'ContactOptions', {
      model: this.model,
      store: props.store,
      logKey: props.dataKey,
      logRetention,
      instance: props.instance,
      queues: props.queues,
      namePrefix: config.stage,
      reservedConcurrency: config.reservedConcurrency,
      network: props.network,
      throttling: props.throttling,
      protectWithWaf: props.waf?.protectApi === true,
      callbackBotControl: props.waf?.callbackChallenge?.action ?? 'none',
      configureAccountLogging: props.configureAccountLogging,
      macKey: props.macKey,
      outbound: config.outbound,
    });
    this.page = new ContactPage(this, 'ContactPage', {
      api: this.api.api,
      apiOriginHeaders: this.api.originCustomHeaders(),
      webAclArn: arn,
      wafIntegrationUrl: props.waf?.callbackChallenge?.integrationUrl,
      domain: props.domain,
      logRetentionDays: config.logRetentionDays,
      logKey: props.dataKey,
    });
    // WAF tokens are issued on the page's own domain(s), not the execute-api one.
    this.api.acceptTokenDomains([
      this.page.distribution.distributionDomainName,
      ...(props.domain?.names ?? []),
    ]);
    this.reporting = new JourneyReporting(this, 'Reporting', {
      model: this.model,
      dashboardName: `cccode-${config.stage}-journeys`,
      api: this.api.api,
      flowLogs: props.flowLogs,
    });

    new CfnOutput(this, 'ContactPageUrl', {
      value: `https://${props.domain?.names[0] ?? this.page.distribution.distributionDomainName}/`,
    });
    new CfnOutput(this, 'ContactOptionsApiUrl', { value: this.api.api.url });
    new CfnOutput(this, 'JourneyDashboardName', { value: `cccode-${config.stage}-journeys` });
  }
}
