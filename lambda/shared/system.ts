/** Production clock and randomness. */
import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, RandomSource } from '../domain/ports';

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** CSPRNG-backed randomness (`crypto.randomInt`, `crypto.randomBytes`). */
export const cryptoRandom: RandomSource = {
  int: (min, max) => randomInt(min, max),
  token: (bytes) => randomBytes(bytes).toString('base64url'),
};
