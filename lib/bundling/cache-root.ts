import * as path from 'node:path';

/**
 * Root of the synth caches (function bundles, validation results): the repository's git-ignored
 * `.cache/`, or `CCCODE_CACHE_DIR` (the benchmark points it at an empty folder to measure a cold
 * synth without touching the real cache).
 */
export function cacheRoot(): string {
  return process.env.CCCODE_CACHE_DIR ?? path.resolve(__dirname, '..', '..', '.cache');
}
