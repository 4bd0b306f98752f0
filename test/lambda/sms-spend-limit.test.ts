/**
 * The SMS spend-limit custom resource against a loopback stand-in for SNS that speaks SNS's real
 * AWS query protocol (form-encoded POST, XML answers), so the real `@aws-sdk/client-sns`
 * serialisation, signing and error parsing are exercised.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  handleSpendLimit,
  SPEND_LIMIT_PHYSICAL_ID,
  SpendLimitEvent,
  snsSpendLimitPort,
} from '../../lambda/sms-spend-limit';

/** One request the stand-in received. */
interface SnsCall {
  readonly params: Record<string, string>;
  readonly signed: boolean;
}

/** A loopback SNS answering SetSMSAttributes like the service, with an account spend quota. */
interface SnsServer {
  readonly endpoint: string;
  readonly calls: SnsCall[];
  /** Current account attributes. */
  readonly attributes: Record<string, string>;
  close(): Promise<void>;
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

async function startSnsServer(quotaUsd: number): Promise<SnsServer> {
  const calls: SnsCall[] = [];
  const attributes: Record<string, string> = {};
  let requests = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests += 1;
      const requestId = `00000000-0000-4000-8000-${String(requests).padStart(12, '0')}`;
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      calls.push({
        params,
        signed: String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '),
      });
      const xml = (status: number, body: string): void => {
        response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
        response.end(body);
      };
      const error = (code: string, message: string): void =>
        xml(
          400,
          `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      if (
        request.method !== 'POST' ||
        !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded') ||
        params.Version !== '2010-03-31'
      ) {
        error('InvalidAction', 'not an SNS query request');
        return;
      }
      if (params.Action !== 'SetSMSAttributes') {
        error('InvalidAction', `${params.Action} is not handled by this stand-in`);
        return;
      }
      const entries: Record<string, string> = {};
      for (let i = 1; params[`attributes.entry.${i}.key`] !== undefined; i += 1) {
        entries[params[`attributes.entry.${i}.key`]] = params[`attributes.entry.${i}.value`] ?? '';
      }
      const limit = entries.MonthlySpendLimit;
      if (limit !== undefined && Number(limit) > quotaUsd) {
        error(
          'InvalidParameter',
          `Invalid parameter: MonthlySpendLimit Reason: the value exceeds your account's monthly SMS spend quota of ${quotaUsd} USD`,
        );
        return;
      }
      Object.assign(attributes, entries);
      xml(
        200,
        `<SetSMSAttributesResponse xmlns="${XMLNS}"><SetSMSAttributesResult/><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></SetSMSAttributesResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    attributes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SMS spend limit custom resource (loopback SNS, query protocol)', () => {
  let sns: SnsServer;
  let client: SNSClient;

  beforeAll(async () => {
    sns = await startSnsServer(100);
    client = new SNSClient({
      endpoint: sns.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    client.destroy();
    await sns.close();
  });
  beforeEach(() => sns.calls.splice(0));

  const event = (
    type: SpendLimitEvent['RequestType'],
    limit: unknown,
    physical?: string,
  ): SpendLimitEvent => ({
    RequestType: type,
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-2:123456789012:stack/Cccode-dev-ContactCentre/1',
    RequestId: 'req-1',
    LogicalResourceId: 'SmsSpendLimit',
    PhysicalResourceId: physical,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-west-2:123456789012:function:x',
      MonthlySpendLimit: limit,
    },
  });

  it('sets MonthlySpendLimit with one signed SetSMSAttributes call on create', async () => {
    const response = await handleSpendLimit(event('Create', '50'), snsSpendLimitPort(client));
    expect(response).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: SPEND_LIMIT_PHYSICAL_ID,
      StackId: expect.stringContaining('Cccode-dev-ContactCentre'),
      RequestId: 'req-1',
      LogicalResourceId: 'SmsSpendLimit',
      Data: { MonthlySpendLimit: '50' },
    });
    expect(sns.calls).toEqual([
      {
        params: {
          Action: 'SetSMSAttributes',
          Version: '2010-03-31',
          'attributes.entry.1.key': 'MonthlySpendLimit',
          'attributes.entry.1.value': '50',
        },
        signed: true,
      },
    ]);
    expect(sns.attributes.MonthlySpendLimit).toBe('50');
  });

  it('sets the new value on update and keeps the physical id', async () => {
    const response = await handleSpendLimit(
      event('Update', '80', SPEND_LIMIT_PHYSICAL_ID),
      snsSpendLimitPort(client),
    );
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SPEND_LIMIT_PHYSICAL_ID });
    expect(sns.attributes.MonthlySpendLimit).toBe('80');
  });

  it('fails the deploy with SNS’s reason when the limit exceeds the account’s spend quota', async () => {
    const before = sns.attributes.MonthlySpendLimit;
    const response = await handleSpendLimit(
      event('Update', '2000', SPEND_LIMIT_PHYSICAL_ID),
      snsSpendLimitPort(client),
    );
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^InvalidParameter\w*: Invalid parameter: MonthlySpendLimit/);
    expect(response.Reason).toContain('spend quota of 100 USD');
    expect(sns.calls).toHaveLength(1);
    expect(sns.attributes.MonthlySpendLimit).toBe(before);
  });

  it('leaves the account setting as it is on delete, without calling SNS', async () => {
    const before = sns.attributes.MonthlySpendLimit;
    const response = await handleSpendLimit(
      event('Delete', '50', SPEND_LIMIT_PHYSICAL_ID),
      snsSpendLimitPort(client),
    );
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: SPEND_LIMIT_PHYSICAL_ID });
    expect(sns.calls).toEqual([]);
    expect(sns.attributes.MonthlySpendLimit).toBe(before);
  });

  it.each([['0'], ['12.5'], ['-1'], ['1e3'], [''], [undefined], ['50 ']])(
    'refuses the limit %j without calling SNS, naming the property',
    async (limit) => {
      const response = await handleSpendLimit(event('Create', limit), snsSpendLimitPort(client));
      expect(response).toMatchObject({
        Status: 'FAILED',
        Reason: expect.stringContaining('property MonthlySpendLimit'),
      });
      expect(sns.calls).toEqual([]);
    },
  );

  it('reports an SNS that cannot be reached as a failure instead of throwing', async () => {
    const unreachable = new SNSClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    const response = await handleSpendLimit(event('Create', '50'), snsSpendLimitPort(unreachable));
    unreachable.destroy();
    expect(response.Status).toBe('FAILED');
    expect(response.Reason?.length).toBeGreaterThan(0);
  });
});
