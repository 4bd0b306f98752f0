/**
 * Jest global setup: starts one DynamoDB Local for the whole run and hands its endpoint to the
 * workers through `process.env` (workers are forked after this runs and inherit the environment).
 */
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { ensureDynamoDbLocal } from './setup-dynamodb-local';

/** Key under which the running emulator is kept for `global-teardown.ts` (same process). */
export const DYNAMODB_LOCAL_GLOBAL = '__contactCentreDynamoDbLocal__';

/** The slot on `globalThis` shared by the global setup and teardown. */
export type DynamoDbLocalGlobal = { [DYNAMODB_LOCAL_GLOBAL]?: DynamoDbLocal };

/** Starts DynamoDB Local and exports `DYNAMODB_ENDPOINT`, region and dummy credentials. */
export default async function globalSetup(): Promise<void> {
  // `npm test` already ran the setup script; this covers a bare `npx jest` (a no-op if present).
  ensureDynamoDbLocal();
  const ddb = await startDynamoDbLocal();
  (globalThis as DynamoDbLocalGlobal)[DYNAMODB_LOCAL_GLOBAL] = ddb;

  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.AWS_REGION ??= 'eu-west-2';
  // Dummy credentials stop the SDK's provider chain from probing the instance metadata service.
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDLOCALTEST';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local-test-secret';
}
