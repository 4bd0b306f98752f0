/** The SMS port over SNS Publish (transactional SMS). */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SmsMessage, SmsPort } from '../../domain/ports';
import { clientConfig, type ClientOptions } from './http';

/** An SNS client with the integrations' timeouts. */
export function createSnsClient(options: ClientOptions = {}): SNSClient {
  return new SNSClient(clientConfig(options));
}

let sharedSnsClient: SNSClient | undefined;

/** The module-scope SNS client (created once per execution environment). */
export function defaultSnsClient(): SNSClient {
  sharedSnsClient ??= createSnsClient();
  return sharedSnsClient;
}

/** {@link SmsPort} over SNS: direct publish to a phone number, marked transactional. */
export class SnsSmsPort implements SmsPort {
  constructor(
    private readonly sns: SNSClient,
    /** Alphanumeric sender id where the destination country supports one. */
    private readonly senderId: string | undefined,
    private readonly signal?: AbortSignal,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    await this.sns.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          ...(this.senderId
            ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }
            : {}),
        },
      }),
      this.signal ? { abortSignal: this.signal } : {},
    );
  }
}

/** The SMS port of an invocation: the injected one (tests, simulator outbox) or SNS direct publish. */
export function smsPortFor(
  deps: { readonly sms?: SmsPort; readonly sns: SNSClient; readonly smsSenderId?: string },
  signal?: AbortSignal,
): SmsPort {
  return deps.sms ?? new SnsSmsPort(deps.sns, deps.smsSenderId, signal);
}
