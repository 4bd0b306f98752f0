/**
 * SDK clients pointed at the local stand-ins (DynamoDB Local, the loopback KMS server), and helpers
 * that keep parallel test files apart.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_LIST, type TableId } from '../../lib/data/schema';

/** Region every local client uses (the project's home region). */
export const LOCAL_REGION = 'eu-west-2';

/**
 * Fixed dummy credentials: explicit so the SDK never walks its provider chain (which would probe
 * the instance metadata service and stall for seconds off AWS).
 */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'AKIDLOCALTEST',
  secretAccessKey: 'local-test-secret',
} as const;

/** A low-level and a document client for one DynamoDB endpoint. */
export interface LocalDynamoDbClients {
  readonly ddb: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
}

/**
 * Clients for the DynamoDB Local that the Jest global setup started (`DYNAMODB_ENDPOINT`), or for
 * `endpoint` when given (the simulator and tools pass their own).
 */
export function localClients(
  endpoint: string | undefined = process.env.DYNAMODB_ENDPOINT,
): LocalDynamoDbClients {
  if (!endpoint) {
    throw new Error(
      'DYNAMODB_ENDPOINT is not set: run the tests through Jest (its global setup starts DynamoDB Local) or pass an endpoint.',
    );
  }
  const ddb = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return { ddb, doc: DynamoDBDocumentClient.from(ddb) };
}

/** A KMS client for the loopback KMS server at `endpoint`. */
export function localKmsClient(endpoint: string): KMSClient {
  return new KMSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

let prefixCounter = 0;

/**
 * A table-name prefix no other test file or process uses, so files running in parallel against
 * the one shared DynamoDB Local never see each other's items. `label` must be `[a-z0-9]`.
 */
export function uniquePrefix(label = 't'): string {
  if (!/^[a-z0-9]{1,20}$/.test(label))
    throw new Error(`uniquePrefix label ${JSON.stringify(label)} must be 1-20 of [a-z0-9]`);
  prefixCounter += 1;
  const worker = process.env.JEST_WORKER_ID ?? '0';
  return `${label}-w${worker}-${process.pid}-${prefixCounter}-${randomBytes(3).toString('hex')}`;
}

/** The environment variables (`TABLES[id].envVar`) through which handlers receive table names. */
export function tableEnv(names: Readonly<Record<TableId, string>>): Record<string, string> {
  return Object.fromEntries(TABLE_LIST.map((table) => [table.envVar, names[table.id]]));
}
