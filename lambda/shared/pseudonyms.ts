/**
 * Keyed pseudonyms: a local HMAC-SHA-256 key derived once per execution environment from the KMS
 * HMAC key (`GenerateMac` over a fixed label), then HMAC of `purpose:value` computed in process.
 * One KMS call per cold start instead of one per pseudonym; the derived key never leaves memory,
 * and without the KMS key a table dump cannot be reversed by hashing every phone or account number.
 */
import { createHmac } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { MacPort, PseudonymPort } from '../domain/ports';
import { macPortFor } from './aws/kms';

/** Label the pseudonym key is derived from (versioned: changing it changes every pseudonym). */
export const PSEUDONYM_KEY_LABEL = 'pseudonym-key:v1';

/** Length of a pseudonym (base64url characters: 192 bits). */
export const PSEUDONYM_LENGTH = 32;

/** Derived keys by cache owner (the KMS client, or an injected MAC port) and key id. */
const derivedKeys = new WeakMap<object, Map<string, Promise<Uint8Array>>>();

/**
 * {@link PseudonymPort} over a MAC port. The derived key is cached per `owner` and `keyId`: handlers
 * pass the module-scope KMS client and `MAC_KEY_ID` (they build a MAC port per invocation), so one
 * execution environment derives the key once; by default the MAC port itself is the owner.
 */
export class DerivedKeyPseudonyms implements PseudonymPort {
  constructor(
    private readonly mac: MacPort,
    private readonly owner: object = mac,
    private readonly keyId = '',
  ) {}

  private key(): Promise<Uint8Array> {
    let byKey = derivedKeys.get(this.owner);
    if (!byKey) {
      byKey = new Map();
      derivedKeys.set(this.owner, byKey);
    }
    let key = byKey.get(this.keyId);
    if (!key) {
      const cache = byKey;
      key = this.mac.generate(PSEUDONYM_KEY_LABEL);
      // A failed derivation is retried on the next call instead of being cached.
      key.catch(() => cache.delete(this.keyId));
      cache.set(this.keyId, key);
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

/** The pseudonym port of an invocation: over the injected MAC port, or KMS with `MAC_KEY_ID`. */
export function pseudonymsFor(
  deps: { readonly mac?: MacPort; readonly kms: KMSClient; readonly macKeyId?: string },
  signal?: AbortSignal,
): PseudonymPort {
  return new DerivedKeyPseudonyms(macPortFor(deps, signal), deps.mac ?? deps.kms, deps.macKeyId ?? '');
}
