/**
 * Starts and stops DynamoDB Local (the Java emulator AWS publishes) on a free loopback port.
 *
 * Used by the Jest global setup, the journey simulator CLI and the benchmarks, so it must not
 * depend on Jest. The jar is fetched by `setup-dynamodb-local.ts` into `.cache/dynamodb-local/`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/** Repository root (this file lives in `test/support/`). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Folder holding `DynamoDBLocal.jar` and `DynamoDBLocal_lib/` (git-ignored). */
export const DYNAMODB_LOCAL_DIR = path.join(REPO_ROOT, '.cache', 'dynamodb-local');

/** Path of the DynamoDB Local jar inside {@link DYNAMODB_LOCAL_DIR}. */
export const DYNAMODB_LOCAL_JAR = path.join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal.jar');

/** A running DynamoDB Local process. */
export interface DynamoDbLocal {
  /** HTTP endpoint to give the SDK, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  /** Process id of the `java` child. */
  readonly pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of {@link startDynamoDbLocal}. */
export interface StartDynamoDbLocalOptions {
  /**
   * How long to wait for the emulator to answer HTTP.
   * @default 30000 (it takes ~2 s alone, but the machine's 2 cores are shared)
   */
  readonly timeoutMs?: number;
  /**
   * Folder with the jar and its native libraries.
   * @default DYNAMODB_LOCAL_DIR
   */
  readonly dir?: string;
}

const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5000;
const OUTPUT_TAIL_CHARS = 4000;
// A free port can be taken by another process between probing and Java binding it.
const PORT_ATTEMPTS = 3;

/**
 * Starts DynamoDB Local in memory on a free loopback port and resolves once it answers HTTP.
 *
 * The child is killed when this process exits, so a crashed run leaves no orphan `java`.
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const dir = options.dir ?? DYNAMODB_LOCAL_DIR;
  const jar = path.join(dir, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    throw new Error(
      `DynamoDB Local is not installed (${jar} is missing): run \`npm run setup:ddb\` to fetch it.`,
    );
  }
  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
    const port = await findFreePort();
    try {
      return await startOnPort(dir, jar, port, options.timeoutMs ?? 30_000);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw lastError;
}

/** Raised when Java could not bind the probed port (it was taken in the meantime). */
class PortInUseError extends Error {}

async function startOnPort(
  dir: string,
  jar: string,
  port: number,
  timeoutMs: number,
): Promise<DynamoDbLocal> {
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );

  // Keep draining both pipes for the child's whole life: a full pipe would block the JVM.
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  const signalHandlers = installSignalCleanup(killOnExit);

  const cleanUpHandlers = (): void => {
    process.removeListener('exit', killOnExit);
    signalHandlers.remove();
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    cleanUpHandlers();
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) {
      cleanUpHandlers();
      const hint =
        (spawnError as NodeJS.ErrnoException).code === 'ENOENT'
          ? ' `java` is not on the PATH: install a Java 17+ runtime (e.g. `apt-get install -y openjdk-17-jre-headless`).'
          : '';
      throw new Error(`could not start DynamoDB Local: ${spawnError.message}.${hint}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      cleanUpHandlers();
      if (/Address already in use|BindException/i.test(output)) {
        throw new PortInUseError(`port ${port} was taken before DynamoDB Local could bind it`);
      }
      throw new Error(
        `DynamoDB Local exited (code ${child.exitCode ?? child.signalCode}) before answering on ${endpoint}. Its output:\n${output}`,
      );
    }
    if (await answersHttp(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms (pid ${child.pid}, now stopped). Its output:\n${output}`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }

  if (child.pid === undefined) throw new Error('DynamoDB Local started without a pid');
  return { endpoint, pid: child.pid, stop };
}

/**
 * Kills the child on SIGINT/SIGTERM/SIGHUP, then lets the signal do what it would have done.
 * Only installed where nobody else handles the signal, so Jest's own handling is left alone.
 */
function installSignalCleanup(kill: () => void): { remove(): void } {
  const installed: Array<[NodeJS.Signals, () => void]> = [];
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    const handler = (): void => {
      kill();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
    installed.push([signal, handler]);
  }
  return {
    remove: () => installed.forEach(([signal, handler]) => process.removeListener(signal, handler)),
  };
}

/** Asks the OS for a free port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the probed port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** True when anything answers HTTP on the port (DynamoDB Local answers a bare GET with 400). */
function answersHttp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
