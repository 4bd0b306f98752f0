/**
 * CloudFormation custom resource that sets the account's SNS SMS `MonthlySpendLimit` (USD) in the
 * function's Region with `SetSMSAttributes`: CloudFormation has no resource for SMS attributes. It
 * speaks the custom-resource protocol itself (a PUT to the pre-signed response URL), so no provider
 * framework function is deployed beside it.
 *
 * On delete the account setting is left as it is: it is account-wide (every SMS sender of the
 * account and Region shares it), there is no "unset" (SNS only accepts a new value), and lowering
 * protection when a stack goes away would be the wrong failure mode. Restoring an earlier value is
 * an operator decision (`aws sns set-sms-attributes`).
 *
 * The limit cannot exceed the account's SMS spend quota ("Amazon SNS endpoints and quotas"; new
 * accounts start at 1.00 USD, raised by an AWS support case, "Requesting increases to your monthly
 * SMS spending quota for Amazon SNS":
 * https://docs.aws.amazon.com/sns/latest/dg/channels-sms-awssupport-spend-threshold.html). Above the
 * quota SNS rejects the call and the deploy fails with its message: the customer's own
 * configuration to fix, by lowering `smsMonthlySpendLimitUsd` or raising the quota.
 */
import { SetSMSAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  sendCfnResponse,
  type CustomResourceEvent,
  type CustomResourceResponse,
} from '../shared/cfn-response';

/** The custom resource event fields this function reads. */
export type SpendLimitEvent = CustomResourceEvent;

/** The response CloudFormation expects. */
export type SpendLimitResponse = CustomResourceResponse;

/** The SNS call the function makes. */
export interface SpendLimitPort {
  setMonthlySpendLimit(usd: string): Promise<void>;
}

/** Physical id of the (account- and Region-wide) setting. */
export const SPEND_LIMIT_PHYSICAL_ID = 'sns-sms-monthly-spend-limit';

/** Name of the resource property carrying the limit (a whole number of USD, as a string). */
export const SPEND_LIMIT_PROPERTY = 'MonthlySpendLimit';

/** Largest limit accepted here; far above any SNS quota, it only catches a misplaced digit. */
const MAX_LIMIT_USD = 1_000_000;

/** Reads and checks the limit: a whole number of USD from 1 to {@link MAX_LIMIT_USD}. */
export function parseLimit(props: Readonly<Record<string, unknown>>): string {
  const value = props[SPEND_LIMIT_PROPERTY];
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,6}$/.test(text) || Number(text) > MAX_LIMIT_USD) {
    throw new Error(
      `property ${SPEND_LIMIT_PROPERTY} is ${JSON.stringify(value)}; use a whole number of USD from 1 to ${MAX_LIMIT_USD}`,
    );
  }
  return text;
}

/** Performs the request and returns the response to send; never throws. */
export async function handleSpendLimit(
  event: SpendLimitEvent,
  port: SpendLimitPort,
): Promise<SpendLimitResponse> {
  const base = {
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    PhysicalResourceId: event.PhysicalResourceId ?? SPEND_LIMIT_PHYSICAL_ID,
  };
  try {
    if (event.RequestType === 'Delete') {
      // Left as is on purpose (see the module comment).
      return { ...base, Status: 'SUCCESS' };
    }
    const limit = parseLimit(event.ResourceProperties);
    await port.setMonthlySpendLimit(limit);
    return { ...base, Status: 'SUCCESS', Data: { MonthlySpendLimit: limit } };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    return { ...base, Status: 'FAILED', Reason: reason.slice(0, 500) };
  }
}

/** The port over a real SNS client. */
export function snsSpendLimitPort(client: SNSClient): SpendLimitPort {
  return {
    async setMonthlySpendLimit(usd) {
      await client.send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: usd } }));
    },
  };
}

const port = snsSpendLimitPort(new SNSClient({}));

/** Lambda entry point. */
export async function handler(event: SpendLimitEvent): Promise<void> {
  const response = await handleSpendLimit(event, port);
  console.log(
    JSON.stringify({
      message: 'sns sms monthly spend limit',
      request: event.RequestType,
      status: response.Status,
      limitUsd: response.Data?.MonthlySpendLimit,
      reason: response.Reason,
    }),
  );
  await sendCfnResponse(event.ResponseURL, response);
}
