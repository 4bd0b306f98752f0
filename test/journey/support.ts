/** Helpers for journey-map tests: deep copies that tests may change. */
import { DEFAULT_JOURNEY_MAP } from '../../lib/journey/default-map';
import type { JourneyMap } from '../../lib/journey/types';

/** A deeply writable version of a readonly type. */
export type Mutable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? Mutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Mutable<T[K]> }
      : T;

/** A writable deep copy of the default map, changed by `change`. */
export function mapWith(change: (map: Mutable<JourneyMap>) => void): JourneyMap {
  const copy = structuredClone(DEFAULT_JOURNEY_MAP) as Mutable<JourneyMap>;
  change(copy);
  return copy as JourneyMap;
}

/** Freezes a value and everything inside it, so a test fails if code mutates it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
