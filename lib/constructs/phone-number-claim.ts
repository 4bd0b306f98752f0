import { CfnResource, CustomResource, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowFunction } from './flow-function';

/** Properties of {@link PhoneNumberClaim}. */
export interface PhoneNumberClaimProps {
  readonly instance: connect.CfnInstance;
  /** ISO 3166-1 alpha-2 country code. */
  readonly countryCode: string;
  readonly type: 'DID' | 'TOLL_FREE';
  /** Flow that answers the number. */
  readonly contactFlowArn: string;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Claims a phone number for the instance (retained: a released number is gone for good) and
 * associates it with the inbound flow. CloudFormation has no resource for the association, so a
 * small custom-resource function (with the product's function defaults, speaking the custom
 * resource protocol itself, no provider framework) calls `AssociatePhoneNumberContactFlow` on
 * create/update and `DisassociatePhoneNumberContactFlow` on delete.
 */
export class PhoneNumberClaim extends Construct {
  readonly phoneNumber: connect.CfnPhoneNumber;
  readonly association: CustomResource;

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

    const fn = new FlowFunction(this, 'AssociationFunction', {
      name: 'phone-number-association',
      description:
        'Associates the claimed phone number with the inbound contact flow (CloudFormation custom resource)',
      timeLimitSeconds: 60,
      logKey: props.logKey,
      logRetention: props.logRetention,
      invoker: 'cloudformation',
      memorySize: 256,
      outsideVpcReason:
        'runs only during deployments, touches no customer data, and must reach the Connect API and the CloudFormation response URL in S3, for which the isolated VPC has no endpoints',
    });
    // arn:...:phone-number/<id> and arn:...:instance/<instance>/contact-flow/<id>
    const phoneNumberId = Fn.select(1, Fn.split('/', this.phoneNumber.attrPhoneNumberArn));
    const contactFlowId = Fn.select(3, Fn.split('/', props.contactFlowArn));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:AssociatePhoneNumberContactFlow', 'connect:DisassociatePhoneNumberContactFlow'],
        resources: [this.phoneNumber.attrPhoneNumberArn, props.contactFlowArn, props.instance.attrArn],
      }),
    );
    this.association = new CustomResource(this, 'FlowAssociation', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::PhoneNumberContactFlowAssociation',
      properties: {
        InstanceId: props.instance.attrId,
        PhoneNumberId: phoneNumberId,
        ContactFlowId: contactFlowId,
      },
    });
  }
}
