import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ContactStorage } from './contact-storage';
import { acknowledgeCrossStackLogKey, acknowledgeShortLogRetention } from '../compliance/acknowledgements';

/** Properties of {@link ConnectInstance}. */
export interface ConnectInstanceProps {
  /** Globally unique instance alias. */
  readonly alias: string;
  readonly encryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** Days recordings and transcripts are kept. */
  readonly recordingRetentionDays: number;
}

/**
 * The Amazon Connect instance (Connect-managed identities, inbound and outbound calls for queued
 * callbacks, flow logs on), retained on deletion because instance creation and deletion are rate
 * limited per 30 days; its flow-log group created up front with KMS encryption and retention (Connect
 * would otherwise create it unencrypted and kept forever); and its recording/CTR storage.
 */
export class ConnectInstance extends Construct {
  readonly instance: connect.CfnInstance;
  readonly flowLogs: logs.LogGroup;
  readonly storage: ContactStorage;

  constructor(scope: Construct, id: string, props: ConnectInstanceProps) {
    super(scope, id);
    this.instance = new connect.CfnInstance(this, 'Resource', {
      identityManagementType: 'CONNECT_MANAGED',
      instanceAlias: props.alias,
      attributes: {
        inboundCalls: true,
        // Queued callbacks are outbound calls.
        outboundCalls: true,
        contactflowLogs: true,
        contactLens: true,
        autoResolveBestVoices: true,
        earlyMedia: true,
      },
    });
    this.instance.applyRemovalPolicy(RemovalPolicy.RETAIN);
    (this.instance as CfnResource).overrideLogicalId('ConnectInstance');

    this.flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      logGroupName: `/aws/connect/${props.alias}`,
      encryptionKey: props.encryptionKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackLogKey(this.flowLogs);
    if (props.logRetention < 365) acknowledgeShortLogRetention(this.flowLogs, props.logRetention);
    this.storage = new ContactStorage(this, 'Storage', {
      instance: this.instance,
      encryptionKey: props.encryptionKey,
      retentionDays: props.recordingRetentionDays,
    });
  }

  get instanceArn(): string {
    return this.instance.attrArn;
  }
}
