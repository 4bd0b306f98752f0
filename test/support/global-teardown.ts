/**
 * Jest global teardown: stops the DynamoDB Local started by `global-setup.ts`. Jest runs it even
 * when tests fail; if Jest itself crashes, the process 'exit' handler registered by
 * `startDynamoDbLocal` kills the child instead.
 */
import { DYNAMODB_LOCAL_GLOBAL, type DynamoDbLocalGlobal } from './global-setup';

/** Stops DynamoDB Local if the global setup started it. */
export default async function globalTeardown(): Promise<void> {
  const slot = globalThis as DynamoDbLocalGlobal;
  const ddb = slot[DYNAMODB_LOCAL_GLOBAL];
  delete slot[DYNAMODB_LOCAL_GLOBAL];
  await ddb?.stop();
}
