import { Stack, StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { StageConfig } from '../config/stage-config';
import { ConnectInstance } from '../constructs/connect-instance';
import { ContactFlows } from '../constructs/contact-flows';
import { ContactRouting } from '../constructs/contact-routing';
import { CustomerStore } from '../constructs/customer-store';
import { Integrations } from '../constructs/integrations';
import { IsolatedNetwork } from '../constructs/isolated-network';
import { PhoneNumberClaim } from '../constructs/phone-number-claim';
import { SmsSpendLimit } from '../constructs/sms-spend-limit';
import { INTEGRATION_LIST, IntegrationName } from '../integrations/contracts';
import { journeyEnvironment, JourneyMap } from '../journey';

/** Properties of {@link ContactCentreStack}. */
export interface ContactCentreStackProps extends StackProps {
  readonly config: StageConfig;
  readonly journey: JourneyMap;
  readonly store: CustomerStore;
  readonly dataKey: kms.IKey;
  readonly macKey: kms.IKey;
}

/**
 * The contact centre: the Connect instance and its storage, hours, queues and routing profiles, the
 * integration functions (each associated with the instance and invocable only by it), and the
 * contact flows compiled from the journey map and validated at synth.
 */
export class ContactCentreStack extends Stack {
  readonly connect: ConnectInstance;
  readonly routing: ContactRouting;
  readonly integrations: Integrations;
  readonly flows: ContactFlows;
  readonly network?: IsolatedNetwork;

  constructor(scope: Construct, id: string, props: ContactCentreStackProps) {
    super(scope, id, props);
    const { config, journey } = props;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.connect = new ConnectInstance(this, 'Instance', {
      alias: config.instanceAlias,
      encryptionKey: props.dataKey,
      logRetention,
      recordingRetentionDays: config.recordingRetentionDays,
    });
    const instanceArn = this.connect.instanceArn;

    this.routing = new ContactRouting(this, 'Routing', {
      instanceArn,
      namePrefix: config.stage,
      timeZone: journey.hours.timeZone,
      weekly: journey.hours.weekly,
      holidays: journey.hours.holidays,
      queues: journey.queues,
      overflowQueueId: journey.overflowQueueId,
      callbackQueueId: journey.callbackQueueId,
      overflowDelaySeconds: config.overflowDelaySeconds,
    });

    if (config.lambdasInVpc) {
      this.network = new IsolatedNetwork(this, 'Network', { encryptionKey: props.dataKey, logRetention });
    }
    this.integrations = new Integrations(this, 'Integrations', {
      store: props.store,
      macKey: props.macKey,
      logKey: props.dataKey,
      logRetention,
      reservedConcurrency: config.reservedConcurrency,
      network: this.network,
      smsSenderId: config.smsSenderId,
      selfServiceBaseUrl: config.selfServiceBaseUrl,
      resetBaseUrl: config.resetBaseUrl,
      outbound: config.outbound,
      environment: Object.fromEntries(
        INTEGRATION_LIST.map((contract) => [contract.name, journeyEnvironment(contract.name, journey)]),
      ),
    });
    const associations = new Map<IntegrationName, connect.CfnIntegrationAssociation>();
    for (const [name, fn] of this.integrations.functions) {
      associations.set(name, fn.allowConnect(this.connect.instance));
    }
    // The stack that sends SMS caps the account's SNS SMS spend (an alarm fires at 80 %).
    new SmsSpendLimit(this, 'SmsSpendLimit', {
      monthlySpendLimitUsd: config.outbound.smsMonthlySpendLimitUsd,
      logKey: props.dataKey,
      logRetention,
    });

    this.flows = new ContactFlows(this, 'Flows', {
      instanceArn,
      journey,
      functionArn: (name) => this.integrations.get(name).functionArn,
      queueArn: (queueId) => this.routing.queueArn(queueId),
      hoursArn: this.routing.hours.attrHoursOfOperationArn,
      namePrefix: config.stage,
      integrationAssociation: (name) => associations.get(name),
    });

    if (config.phoneNumber) {
      new PhoneNumberClaim(this, 'PhoneNumber', {
        instance: this.connect.instance,
        countryCode: config.phoneNumber.countryCode,
        type: config.phoneNumber.type,
        contactFlowArn: this.flows.inboundFlowArn,
        logKey: props.dataKey,
        logRetention,
      });
    }
  }
}
