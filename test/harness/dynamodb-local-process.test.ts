/**
 * `startDynamoDbLocal` starts a working emulator and never leaves an orphan `java` behind: not after
 * `stop()`, not when its process crashes, not when its process is terminated.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClients } from '../support/clients';
import { REPO_ROOT, startDynamoDbLocal } from '../support/dynamodb-local';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A failing test must not leave the java it was checking behind. */
function killIfRunning(pid: number): void {
  if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Runs the fixture in its own Node process and resolves with the java pid it reports. */
function runFixture(mode: 'throw' | 'wait'): {
  javaPid: Promise<number>;
  exited: Promise<number | null>;
  kill(): void;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures', 'start-then-die.ts'), mode],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const javaPid = new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /pid=(\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`fixture exited before starting DynamoDB Local: ${stderr}`)));
  });
  return { javaPid, exited, kill: () => child.kill('SIGTERM') };
}

test('the global setup exported a loopback endpoint, region and credentials', () => {
  expect(process.env.DYNAMODB_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(process.env.AWS_REGION).toBeTruthy();
  expect(process.env.AWS_ACCESS_KEY_ID).toBeTruthy();
  expect(process.env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
});

test('a second instance answers the SDK and stop() ends its process', async () => {
  const ddb = await startDynamoDbLocal();
  const { ddb: client } = localClients(ddb.endpoint);
  try {
    expect(ddb.endpoint).not.toBe(process.env.DYNAMODB_ENDPOINT);
    await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
  } finally {
    client.destroy();
    await ddb.stop();
  }
  expect(isRunning(ddb.pid)).toBe(false);
  await ddb.stop(); // idempotent
});

test('a crash of the owning process kills java', async () => {
  const fixture = runFixture('throw');
  const pid = await fixture.javaPid;
  try {
    expect(await fixture.exited).not.toBe(0);
    expect(await waitUntilGone(pid)).toBe(true);
  } finally {
    killIfRunning(pid);
  }
});

test('SIGTERM to the owning process kills java', async () => {
  const fixture = runFixture('wait');
  const pid = await fixture.javaPid;
  try {
    expect(isRunning(pid)).toBe(true);
    fixture.kill();
    await fixture.exited;
    expect(await waitUntilGone(pid)).toBe(true);
  } finally {
    killIfRunning(pid);
  }
});

test('a missing jar fails with the command that installs it', async () => {
  await expect(startDynamoDbLocal({ dir: path.join(REPO_ROOT, '.cache', 'no-such-dir') })).rejects.toThrow(
    /npm run setup:ddb/,
  );
});
