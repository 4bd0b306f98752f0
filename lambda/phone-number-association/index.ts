/**
 * CloudFormation custom resource that associates the claimed phone number with the inbound flow
 * (`AssociatePhoneNumberContactFlow`; CloudFormation has no resource for it) and removes the
 * association on delete. It speaks the custom-resource protocol itself (a PUT to the pre-signed
 * response URL), so no provider framework function is deployed beside it.
 */
import {
  AssociatePhoneNumberContactFlowCommand,
  ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
} from '@aws-sdk/client-connect';
import {
  sendCfnResponse,
  type CustomResourceEvent,
  type CustomResourceResponse,
} from '../shared/cfn-response';

/** The custom resource event fields this function reads. */
export type AssociationEvent = CustomResourceEvent;

/** The response CloudFormation expects. */
export type AssociationResponse = CustomResourceResponse;

/** The Connect calls the function makes. */
export interface AssociationPort {
  associate(instanceId: string, phoneNumberId: string, contactFlowId: string): Promise<void>;
  disassociate(instanceId: string, phoneNumberId: string): Promise<void>;
}

function text(props: Readonly<Record<string, unknown>>, key: string): string {
  const value = props[key];
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
    throw new Error(`property ${key} must be a non-empty string`);
  }
  return value;
}

/** Performs the request and returns the response to send; never throws. */
export async function handleAssociation(
  event: AssociationEvent,
  port: AssociationPort,
): Promise<AssociationResponse> {
  const base = {
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  let physicalId = event.PhysicalResourceId ?? `${event.LogicalResourceId}-association`;
  try {
    const props = event.ResourceProperties;
    const instanceId = text(props, 'InstanceId');
    const phoneNumberId = text(props, 'PhoneNumberId');
    if (event.RequestType === 'Delete') {
      // A failed create has no association to remove; deleting must not block the stack.
      if (event.PhysicalResourceId?.endsWith('-association') !== true) {
        await port.disassociate(instanceId, phoneNumberId).catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
        });
      }
    } else {
      await port.associate(instanceId, phoneNumberId, text(props, 'ContactFlowId'));
      physicalId = phoneNumberId;
    }
    return { ...base, Status: 'SUCCESS', PhysicalResourceId: physicalId };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    return { ...base, Status: 'FAILED', Reason: reason.slice(0, 500), PhysicalResourceId: physicalId };
  }
}

const connect = new ConnectClient({});

const connectPort: AssociationPort = {
  async associate(instanceId, phoneNumberId, contactFlowId) {
    await connect.send(
      new AssociatePhoneNumberContactFlowCommand({
        InstanceId: instanceId,
        PhoneNumberId: phoneNumberId,
        ContactFlowId: contactFlowId,
      }),
    );
  },
  async disassociate(instanceId, phoneNumberId) {
    await connect.send(
      new DisassociatePhoneNumberContactFlowCommand({ InstanceId: instanceId, PhoneNumberId: phoneNumberId }),
    );
  },
};

/** Lambda entry point. */
export async function handler(event: AssociationEvent): Promise<void> {
  const response = await handleAssociation(event, connectPort);
  console.log(
    JSON.stringify({
      message: 'phone number association',
      request: event.RequestType,
      status: response.Status,
      reason: response.Reason,
    }),
  );
  await sendCfnResponse(event.ResponseURL, response);
}
