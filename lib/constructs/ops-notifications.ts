import { Aws } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link OpsNotifications}. */
export interface OpsNotificationsProps {
  /** Customer managed key encrypting the topic (its policy must let CloudWatch use it). */
  readonly encryptionKey: kms.IKey;
  /** Name shown in e-mail and SMS notifications. */
  readonly displayName: string;
  /** Only CloudWatch alarms whose names start with this prefix may publish (`<prefix>-*`). */
  readonly alarmPrefix: string;
  /**
   * E-mail addresses subscribed to the topic (each must confirm the subscription).
   * @default none: subscribe the pager integration outside the stack or pass addresses here
   */
  readonly emails?: readonly string[];
}

/**
 * The operations topic: KMS-encrypted (the key policy must let `cloudwatch.amazonaws.com` use the
 * key), TLS-only, publishable by this app's alarms, and notified when any alarm of the app enters
 * ALARM and when it returns to OK, so the pager both opens and resolves incidents.
 */
export class OpsNotifications extends Construct {
  readonly topic: sns.Topic;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: OpsNotificationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Resource', {
      displayName: props.displayName,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one, which is what let same-account alarms publish:
    // allow CloudWatch explicitly, for this account's alarms of this app only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAppPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${props.alarmPrefix}-*`,
          },
        },
      }),
    );
    for (const email of props.emails ?? []) {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new Error(`ops notification e-mail ${JSON.stringify(email)} is not an e-mail address`);
      }
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.action = new actions.SnsAction(this.topic);
  }

  /** Notifies the topic when the alarm enters ALARM and when it returns to OK. */
  watch<T extends cloudwatch.AlarmBase>(alarm: T): T {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
