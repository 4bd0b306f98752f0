import { CfnResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of {@link ContactStorage}. */
export interface ContactStorageProps {
  readonly instance: connect.CfnInstance;
  /** Customer managed key for recordings, transcripts and contact trace records. */
  readonly encryptionKey: kms.IKey;
  /** Days recordings and transcripts are kept before deletion. */
  readonly retentionDays: number;
}

/**
 * Where Amazon Connect stores what it records: call recordings and chat transcripts in a private,
 * versioned, KMS-encrypted bucket with access logging, and contact trace records streamed to a
 * KMS-encrypted Kinesis stream. Each store is bound to the instance by an `InstanceStorageConfig`.
 */
export class ContactStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  readonly contactTraceRecords: kinesis.Stream;

  constructor(scope: Construct, id: string, props: ContactStorageProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      // Server access log delivery supports only SSE-S3 on the target bucket.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(Math.max(props.retentionDays, 90)) }],
    });
    for (const rule of [
      'AwsSolutions::AwsSolutions-S1',
      'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3BucketLoggingEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketLoggingEnabled',
    ]) {
      Validations.of(this.accessLogs).acknowledge({
        id: rule,
        reason:
          'this bucket is the server access log target of the recordings bucket; logging it into itself would loop',
      });
    }
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check',
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check',
      'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
      'PCI.DSS.321::PCI.DSS.321-S3DefaultEncryptionKMS',
      'NIST.800.53.R5::NIST.800.53.R5-S3DefaultEncryptionKMS',
    ]) {
      Validations.of(this.accessLogs).acknowledge({
        id: rule,
        reason:
          'access logs contain request metadata only; S3 server access logging cannot deliver to SSE-KMS buckets and a cross-region replica needs a second region this environment-agnostic app does not pin',
      });
    }
    this.bucket = new s3.Bucket(this, 'Recordings', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'recordings/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });
    (this.bucket.node.defaultChild as CfnResource).overrideLogicalId('ContactRecordingsBucket');
    for (const rule of [
      'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      'PCI.DSS.321::PCI.DSS.321-S3BucketReplicationEnabled',
      'NIST.800.53.R5::NIST.800.53.R5-S3BucketReplicationEnabled',
    ]) {
      Validations.of(this.bucket).acknowledge({
        id: rule,
        reason:
          'recordings are versioned and retained; cross-region replication needs a destination region and key that an environment-agnostic stack cannot name, and would copy personal data out of its region',
      });
    }

    for (const bucket of [this.accessLogs, this.bucket]) {
      // Native EventBridge notifications (no notification-handler custom resource): object events
      // are auditable and can drive retention workflows.
      (bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
        'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
        true,
      );
      Validations.of(bucket).acknowledge({
        id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check',
        reason:
          'recordings and their access logs must stay deletable by lifecycle and on erasure requests (GDPR Art. 17); object lock would forbid both; versioning, retain-on-delete and blocked public access protect them',
      });
    }

    this.contactTraceRecords = new kinesis.Stream(this, 'ContactTraceRecords', {
      encryption: kinesis.StreamEncryption.KMS,
      encryptionKey: props.encryptionKey,
      retentionPeriod: Duration.hours(24),
      streamMode: kinesis.StreamMode.ON_DEMAND,
    });

    Validations.of(this.contactTraceRecords).acknowledge({
      id: 'AwsSolutions::AwsSolutions-KDS3',
      reason:
        'contact trace records carry personal data (caller numbers, attributes), so the stream is encrypted with the customer managed key the HIPAA/PCI packs require, despite the extra KMS cost',
    });
    Validations.of(this.contactTraceRecords).acknowledge({
      id: 'cdk-validator-cfnguard::kinesis_stream_encrypted_check',
      reason:
        'the stream is KMS-encrypted with the data key of the data stack; the Guard rule cannot resolve the key ARN passed as Fn::ImportValue (template assertions check StreamEncryption)',
    });

    const instanceArn = props.instance.attrArn;
    const s3Config = (prefix: string): connect.CfnInstanceStorageConfig.S3ConfigProperty => ({
      bucketName: this.bucket.bucketName,
      bucketPrefix: prefix,
      encryptionConfig: { encryptionType: 'KMS', keyId: props.encryptionKey.keyArn },
    });
    new connect.CfnInstanceStorageConfig(this, 'CallRecordings', {
      instanceArn,
      resourceType: 'CALL_RECORDINGS',
      storageType: 'S3',
      s3Config: s3Config('recordings'),
    });
    new connect.CfnInstanceStorageConfig(this, 'ChatTranscripts', {
      instanceArn,
      resourceType: 'CHAT_TRANSCRIPTS',
      storageType: 'S3',
      s3Config: s3Config('transcripts'),
    });
    new connect.CfnInstanceStorageConfig(this, 'ContactTraceRecordsConfig', {
      instanceArn,
      resourceType: 'CONTACT_TRACE_RECORDS',
      storageType: 'KINESIS_STREAM',
      kinesisStreamConfig: { streamArn: this.contactTraceRecords.streamArn },
    });
  }
}
