import { startDynamoDbLocal } from '../../../test/support/dynamodb-local';
import { localClients } from '../../../test/support/clients';
import { createTables } from '../../../test/support/tables';
import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
async function main() {
  const t0 = Date.now();
  const d = await startDynamoDbLocal();
  console.log('start', Date.now() - t0);
  const { ddb, doc } = localClients(d.endpoint);
  let t1 = Date.now();
  const names = await createTables(ddb, 'x1');
  console.log('create', Date.now() - t1, names);
  t1 = Date.now();
  await createTables(ddb, 'x2');
  console.log('create2', Date.now() - t1);
  const past = Math.floor(Date.now() / 1000) - 3600 * 24 * 3;
  await doc.send(new PutCommand({ TableName: names.OtpChallenges, Item: { pk: 'a', ttl: past } }));
  for (const ms of [0, 500, 2000, 6000]) {
    await new Promise((r) => setTimeout(r, ms));
    const r = await doc.send(new GetCommand({ TableName: names.OtpChallenges, Key: { pk: 'a' } }));
    console.log(ms, JSON.stringify(r.Item));
  }
  await d.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
