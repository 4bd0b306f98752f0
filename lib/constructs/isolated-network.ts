import { CfnResource, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeCrossStackLogKey, acknowledgeShortLogRetention } from '../compliance/acknowledgements';
import { ManagedPolicyRole } from './managed-policy-role';

/** Address range of the integration VPC. */
export const VPC_CIDR = '10.40.0.0/16';

/** Properties of {@link IsolatedNetwork}. */
export interface IsolatedNetworkProps {
  /** Key encrypting the flow-log group. */
  readonly encryptionKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Interface endpoints to create (AWS service short names).
   * @default kms, sns, xray
   */
  readonly interfaceEndpoints?: readonly string[];
}

/**
 * An isolated VPC for the integration functions: private subnets with no route to the internet,
 * a gateway endpoint for DynamoDB, interface endpoints for KMS, SNS and X-Ray, and flow logs to an
 * encrypted log group. Functions reach AWS only through the endpoints.
 */
export class IsolatedNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** Security group the functions run in (egress to the endpoints only). */
  readonly functionSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      // A literal CIDR lets security-group rules name it, so compliance rules can evaluate them.
      ipAddresses: ec2.IpAddresses.cidr(VPC_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      restrictDefaultSecurityGroup: false,
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      encryptionKey: props.encryptionKey,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeCrossStackLogKey(flowLogGroup);
    if (props.logRetention < 365) acknowledgeShortLogRetention(flowLogGroup, props.logRetention);
    const flowLogRole = new ManagedPolicyRole(this, 'FlowLogRole', {
      assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com'),
      description: 'VPC flow logs of the integration network',
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup, flowLogRole),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'Integration functions: HTTPS to VPC endpoints only',
      allowAllOutbound: false,
    });
    const endpointSg = new ec2.SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from the integration functions',
      allowAllOutbound: false,
    });
    endpointSg.addIngressRule(ec2.Peer.ipv4(VPC_CIDR), ec2.Port.tcp(443), 'HTTPS from inside the VPC');
    this.functionSecurityGroup.addEgressRule(
      ec2.Peer.ipv4(VPC_CIDR),
      ec2.Port.tcp(443),
      'HTTPS to interface endpoints',
    );
    // The DynamoDB gateway endpoint is reached through its regional prefix list, whose id is unknown
    // in an environment-agnostic synth; isolated subnets route nowhere else, so HTTPS egress is safe.
    this.functionSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to the DynamoDB gateway endpoint (isolated subnets have no other route)',
    );
    for (const service of props.interfaceEndpoints ?? ['kms', 'sns', 'xray']) {
      this.vpc.addInterfaceEndpoint(service, {
        service: new ec2.InterfaceVpcEndpointAwsService(service),
        securityGroups: [endpointSg],
        privateDnsEnabled: true,
        // Ingress is the explicit rule above; `open` would add one with an unresolvable CIDR token.
        open: false,
      });
    }
    for (const id of [
      'NIST.800.53.R5::NIST.800.53.R5-VPCDefaultSecurityGroupClosed',
      'HIPAA.Security::HIPAA.Security-VPCDefaultSecurityGroupClosed',
      'PCI.DSS.321::PCI.DSS.321-VPCDefaultSecurityGroupClosed',
    ]) {
      Validations.of(this.vpc).acknowledge({
        id,
        reason:
          'nothing is placed in the default security group (functions and endpoints use dedicated groups) and the subnets have no internet route; stripping its rules needs a custom-resource Lambda, which would itself widen the attack surface',
      });
    }
    (this.vpc.node.defaultChild as CfnResource).overrideLogicalId('IntegrationVpc');
  }
}
