/**
 * Fetches DynamoDB Local into `.cache/dynamodb-local/` once (idempotent).
 *
 * The jar ships inside the npm package `amplify-dynamodb-simulator`; installing that package would
 * pull ~190 dependencies, so this packs the tarball alone and extracts only `package/emulator/`.
 * Run by `npm run setup:ddb`, `npm test` and the Jest global setup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DYNAMODB_LOCAL_DIR, DYNAMODB_LOCAL_JAR } from './dynamodb-local';

/** The npm package (and exact version) that carries DynamoDB Local 1.25.1. */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

/** What {@link ensureDynamoDbLocal} did. */
export interface EnsureResult {
  readonly dir: string;
  /** False when the jar was already there. */
  readonly downloaded: boolean;
}

/**
 * Makes sure `java` runs and the DynamoDB Local jar is in {@link DYNAMODB_LOCAL_DIR}; fetches it if not.
 * Throws an error whose message is one sentence saying what to do.
 */
export function ensureDynamoDbLocal(): EnsureResult {
  checkJava();
  if (existsSync(DYNAMODB_LOCAL_JAR)) return { dir: DYNAMODB_LOCAL_DIR, downloaded: false };

  const cacheDir = path.dirname(DYNAMODB_LOCAL_DIR);
  mkdirSync(cacheDir, { recursive: true });
  // Staging inside .cache keeps the final rename on one filesystem, so it is atomic: a concurrent
  // run (another engineer, another terminal) never sees a half-extracted folder.
  const staging = mkdtempSync(path.join(cacheDir, 'dynamodb-local.staging-'));
  try {
    const tarball = packTarball(staging);
    try {
      execFileSync('tar', ['-xzf', tarball, '-C', staging, 'package/emulator'], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(`could not extract package/emulator from ${tarball}: ${describe(error)}`);
    }
    const extracted = path.join(staging, 'package', 'emulator');
    if (!existsSync(path.join(extracted, 'DynamoDBLocal.jar'))) {
      throw new Error(
        `${DYNAMODB_LOCAL_PACKAGE} has no emulator/DynamoDBLocal.jar; pin a version that does.`,
      );
    }
    try {
      renameSync(extracted, DYNAMODB_LOCAL_DIR);
    } catch (error) {
      // Lost the race to a concurrent run: its copy is as good as ours.
      if (!existsSync(DYNAMODB_LOCAL_JAR)) throw error;
    }
    return { dir: DYNAMODB_LOCAL_DIR, downloaded: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function checkJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'pipe' });
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'DynamoDB Local needs Java 17 or later, and `java` is not on the PATH: install it with `apt-get install -y default-jre-headless` (Debian/Ubuntu; Java 17 or later) or `brew install openjdk@17` (macOS).'
        : `\`java -version\` failed (${describe(error)}): fix the Java installation (DynamoDB Local needs Java 17 or later).`,
    );
  }
}

/** Runs `npm pack` into `dir` and returns the tarball's path. */
function packTarball(dir: string): string {
  let stdout: string;
  try {
    stdout = execFileSync('npm', ['pack', DYNAMODB_LOCAL_PACKAGE, '--json', '--pack-destination', dir], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new Error(
      `could not download ${DYNAMODB_LOCAL_PACKAGE} with \`npm pack\` (is the npm registry reachable?): ${describe(error)}`,
    );
  }
  const parsed: unknown = JSON.parse(stdout);
  const filename =
    Array.isArray(parsed) && typeof parsed[0] === 'object' && parsed[0] !== null
      ? (parsed[0] as { filename?: unknown }).filename
      : undefined;
  if (typeof filename !== 'string')
    throw new Error(`unexpected \`npm pack --json\` output: ${stdout.slice(0, 200)}`);
  return path.join(dir, filename);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    const detail =
      typeof stderr === 'string' ? stderr : Buffer.isBuffer(stderr) ? stderr.toString('utf8') : '';
    return (detail.trim() || error.message).split('\n').slice(-3).join(' ');
  }
  return String(error);
}

if (require.main === module) {
  try {
    const { dir, downloaded } = ensureDynamoDbLocal();
    const relative = path.relative(process.cwd(), dir) || '.';
    console.log(
      downloaded
        ? `DynamoDB Local fetched from ${DYNAMODB_LOCAL_PACKAGE} into ${relative}.`
        : `DynamoDB Local already present in ${relative}.`,
    );
  } catch (error) {
    console.error(`setup-dynamodb-local: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
