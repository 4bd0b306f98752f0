import { CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Properties of {@link PhoneNumberClaim}. */
export interface PhoneNumberClaimProps {
  readonly instance: connect.CfnInstance;
  /** ISO 3166-1 alpha-2 country code. */
  readonly countryCode: string;
  readonly type: 'DID' | 'TOLL_FREE';
  /** Flow that answers the number. */
  readonly contactFlowArn: string;
}

/**
 * Claims a phone number for the instance (retained: releasing a number loses it for good) and
 * associates it with the inbound flow. CloudFormation has no resource for the association, so a
 * custom resource calls `AssociatePhoneNumberContactFlow` on create/update and
 * `DisassociatePhoneNumberContactFlow` on delete.
 */
export class PhoneNumberClaim extends Construct {
  readonly phoneNumber: connect.CfnPhoneNumber;

  constructor(scope: Construct, id: string, props: PhoneNumberClaimProps) {
    super(scope, id);
    this.phoneNumber = new connect.CfnPhoneNumber(this, 'Resource', {
      targetArn: props.instance.attrArn,
      countryCode: props.countryCode,
      type: props.type,
      description: 'Inbound number of the contact centre',
    });
    this.phoneNumber.applyRemovalPolicy(RemovalPolicy.RETAIN);
    (this.phoneNumber as CfnResource).overrideLogicalId('InboundPhoneNumber');

    const parameters = {
      InstanceId: props.instance.attrId,
      PhoneNumberId: this.phoneNumber.attrPhoneNumberArn,
      ContactFlowId: props.contactFlowArn,
    };
    const association = new cr.AwsCustomResource(this, 'FlowAssociation', {
      onCreate: {
        service: 'Connect',
        action: 'AssociatePhoneNumberContactFlow',
        parameters,
        physicalResourceId: cr.PhysicalResourceId.of(`${props.countryCode}-${props.type}-association`),
      },
      onUpdate: {
        service: 'Connect',
        action: 'AssociatePhoneNumberContactFlow',
        parameters,
        physicalResourceId: cr.PhysicalResourceId.of(`${props.countryCode}-${props.type}-association`),
      },
      onDelete: {
        service: 'Connect',
        action: 'DisassociatePhoneNumberContactFlow',
        parameters: { InstanceId: props.instance.attrId, PhoneNumberId: this.phoneNumber.attrPhoneNumberArn },
      },
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({
          actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
          resources: [
            this.phoneNumber.attrPhoneNumberArn,
            props.contactFlowArn,
            props.instance.attrArn,
            `${props.instance.attrArn}/*`,
          ],
        }),
      ]),
    });
    association.node.addDependency(this.phoneNumber);
  }
}
