/**
 * Keyed pseudonyms: a local HMAC-SHA-256 key derived once per execution environment from the KMS
 * HMAC key (`GenerateMac` over a fixed label), then HMAC of `purpose:value` computed in process.
 * One KMS call per cold start instead of one per pseudonym; the derived key never leaves memory,
 * and without the KMS key a table dump cannot be reversed by hashing every phone or account number.
 */
import { createHmac } from 'node:crypto';
import type { MacPort, PseudonymPort } from '../domain/ports';

/** Label the pseudonym key is derived from (versioned: changing it changes every pseudonym). */
export const PSEUDONYM_KEY_LABEL = 'pseudonym-key:v1';

/** Length of a pseudonym (base64url characters: 192 bits). */
export const PSEUDONYM_LENGTH = 32;

const derivedKeys = new WeakMap<MacPort, Promise<Uint8Array>>();

/** {@link PseudonymPort} over a MAC port; the derived key is cached per MAC port. */
export class DerivedKeyPseudonyms implements PseudonymPort {
  constructor(private readonly mac: MacPort) {}

  private key(): Promise<Uint8Array> {
    let key = derivedKeys.get(this.mac);
    if (!key) {
      key = this.mac.generate(PSEUDONYM_KEY_LABEL);
      // A failed derivation is retried on the next call instead of being cached.
      key.catch(() => derivedKeys.delete(this.mac));
      derivedKeys.set(this.mac, key);
    }
    return key;
  }

  async of(purpose: string, value: string): Promise<string> {
    const key = await this.key();
    return createHmac('sha256', key)
      .update(`${purpose}:${value}`, 'utf8')
      .digest('base64url')
      .slice(0, PSEUDONYM_LENGTH);
  }
}
