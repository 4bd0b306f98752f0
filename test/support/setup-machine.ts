/**
 * Sets up what the tests need beyond `npm ci`, so `npm test` alone works on a fresh Debian machine
 * with only Node.js: Java (DynamoDB Local) and Chromium (the contact-page browser test) from
 * Debian's packages, then the DynamoDB Local jar from the npm registry (idempotent).
 *
 * As root it installs missing packages with apt-get; otherwise it stops with one sentence naming
 * the command to run. Run by `npm test` and `npm run setup`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ensureDynamoDbLocal } from './setup-dynamodb-local';

/** Where the browser test looks for Chromium (Debian's package). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A system package the tests need, and how to tell it is there. */
interface SystemNeed {
  readonly what: string;
  readonly debianPackage: string;
  readonly present: () => boolean;
}

function commandRuns(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

const NEEDS: readonly SystemNeed[] = [
  {
    what: 'Java 17+ (DynamoDB Local)',
    debianPackage: 'default-jre-headless',
    present: () => commandRuns('java', ['-version']),
  },
  {
    what: 'Chromium (contact-page browser test)',
    debianPackage: 'chromium',
    present: () => existsSync(CHROMIUM_PATH),
  },
];

/** Missing system packages. */
export function missingPackages(needs: readonly SystemNeed[] = NEEDS): SystemNeed[] {
  return needs.filter((need) => !need.present());
}

/** Installs missing Debian packages as root; otherwise throws one sentence with the command. */
export function ensureSystemPackages(): string[] {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  const packages = missing.map((need) => need.debianPackage);
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = commandRuns('apt-get', ['--version']);
  if (!isRoot || !hasApt) {
    throw new Error(
      `the tests need ${missing.map((need) => need.what).join(' and ')}: install ${hasApt ? `them with \`sudo sh -c '${command}'\`` : `the packages ${packages.join(', ')} with your system's package manager`}, then run npm test again`,
    );
  }
  console.log(`setup: installing ${packages.join(', ')} from Debian's packages (one time)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env,
  });
  const still = missingPackages();
  if (still.length > 0)
    throw new Error(`apt-get finished but ${still.map((need) => need.what).join(' and ')} is still missing`);
  return packages;
}

if (require.main === module) {
  try {
    const installed = ensureSystemPackages();
    const { dir, downloaded } = ensureDynamoDbLocal();
    const relative = path.relative(process.cwd(), dir) || '.';
    console.log(
      `setup: ${installed.length > 0 ? `installed ${installed.join(', ')}; ` : ''}DynamoDB Local ${downloaded ? 'fetched into' : 'present in'} ${relative}; Java and Chromium present.`,
    );
  } catch (error) {
    console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
