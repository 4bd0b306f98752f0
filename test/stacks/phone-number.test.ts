import { Template } from 'aws-cdk-lib/assertions';
import { buildStage } from '../../lib/app-builder';
import { createApp } from '../../lib/app-context';
import { STAGES } from '../../lib/config/stages';
import { AssociationEvent, AssociationPort, handleAssociation } from '../../lambda/phone-number-association';

describe('phone number claim', () => {
  it('claims a retained number and associates it with the inbound flow through its own function', () => {
    const app = createApp();
    const { contactCentre } = buildStage(app, {
      ...STAGES.dev,
      phoneNumber: { countryCode: 'GB', type: 'DID' },
    });
    const template = Template.fromStack(contactCentre);
    template.hasResource('AWS::Connect::PhoneNumber', {
      Properties: { CountryCode: 'GB', Type: 'DID', TargetArn: { 'Fn::GetAtt': ['ConnectInstance', 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
    const [association] = Object.values(template.findResources('Custom::PhoneNumberContactFlowAssociation'));
    expect(JSON.stringify(association.Properties.ContactFlowId)).toContain('ContactFlowArn');
    expect(association.Properties.InstanceId).toEqual({ 'Fn::GetAtt': ['ConnectInstance', 'Id'] });
    // No provider framework or AwsCustomResource singleton.
    expect(JSON.stringify(template.toJSON())).not.toContain('AWS679f53fac002430cb0da5b7982bd2287');
  });

  it('creates no phone number unless the stage asks for one', () => {
    const { contactCentre } = buildStage(createApp(), STAGES.dev);
    Template.fromStack(contactCentre).resourceCountIs('AWS::Connect::PhoneNumber', 0);
  });
});

describe('phone number association function', () => {
  const calls: string[] = [];
  const port: AssociationPort = {
    async associate(instance, phone, flow) {
      calls.push(`associate ${instance} ${phone} ${flow}`);
    },
    async disassociate(instance, phone) {
      calls.push(`disassociate ${instance} ${phone}`);
      const error = new Error('gone');
      error.name = 'ResourceNotFoundException';
      throw error;
    },
  };
  const event = (type: AssociationEvent['RequestType'], physical?: string): AssociationEvent => ({
    RequestType: type,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'stack',
    RequestId: 'req',
    LogicalResourceId: 'Assoc',
    PhysicalResourceId: physical,
    ResourceProperties: { InstanceId: 'i-1', PhoneNumberId: 'p-1', ContactFlowId: 'f-1' },
  });

  beforeEach(() => calls.splice(0));

  it('associates on create and uses the phone number as physical id', async () => {
    const response = await handleAssociation(event('Create'), port);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'p-1', RequestId: 'req' });
    expect(calls).toEqual(['associate i-1 p-1 f-1']);
  });

  it('treats an association already gone as deleted', async () => {
    const response = await handleAssociation(event('Delete', 'p-1'), port);
    expect(response.Status).toBe('SUCCESS');
    expect(calls).toEqual(['disassociate i-1 p-1']);
  });

  it('does not call Connect when deleting a resource whose create failed', async () => {
    const response = await handleAssociation(event('Delete', 'Assoc-association'), port);
    expect(response.Status).toBe('SUCCESS');
    expect(calls).toEqual([]);
  });

  it('reports a failure with its reason instead of throwing', async () => {
    const bad = { ...event('Create'), ResourceProperties: { InstanceId: 'i-1' } };
    const response = await handleAssociation(bad, port);
    expect(response).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('PhoneNumberId') });
  });
});
