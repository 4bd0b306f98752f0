/** The MAC port over KMS HMAC keys (GenerateMac / VerifyMac with HMAC_SHA_256). */
import { GenerateMacCommand, KMSClient, VerifyMacCommand } from '@aws-sdk/client-kms';
import type { MacPort } from '../../domain/ports';
import { requireSetting } from '../deps';
import { clientConfig, type ClientOptions } from './http';

/** MAC algorithm of the HMAC_256 key. */
export const MAC_ALGORITHM = 'HMAC_SHA_256';

/** A KMS client with the integrations' timeouts. */
export function createKmsClient(options: ClientOptions = {}): KMSClient {
  return new KMSClient(clientConfig(options));
}

let sharedKmsClient: KMSClient | undefined;

/** The module-scope KMS client (created once per execution environment). */
export function defaultKmsClient(): KMSClient {
  sharedKmsClient ??= createKmsClient();
  return sharedKmsClient;
}

/** Thrown when KMS answers GenerateMac without a MAC. */
export class MacGenerationError extends Error {
  constructor() {
    super('KMS GenerateMac returned no Mac');
    this.name = 'MacGenerationError';
  }
}

/** {@link MacPort} over KMS: the key never leaves KMS and comparison happens inside it. */
export class KmsMacPort implements MacPort {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
    private readonly signal?: AbortSignal,
  ) {}

  private get options(): { abortSignal?: AbortSignal } {
    return this.signal ? { abortSignal: this.signal } : {};
  }

  async generate(message: string): Promise<Uint8Array> {
    const result = await this.kms.send(
      new GenerateMacCommand({
        KeyId: this.keyId,
        MacAlgorithm: MAC_ALGORITHM,
        Message: Buffer.from(message, 'utf8'),
      }),
      this.options,
    );
    if (!result.Mac) throw new MacGenerationError();
    return result.Mac;
  }

  async verify(message: string, mac: Uint8Array): Promise<boolean> {
    try {
      const result = await this.kms.send(
        new VerifyMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: MAC_ALGORITHM,
          Message: Buffer.from(message, 'utf8'),
          Mac: mac,
        }),
        this.options,
      );
      return result.MacValid === true;
    } catch (error) {
      // KMS reports a MAC that does not verify as an error, not as MacValid = false.
      if (error instanceof Error && error.name === 'KMSInvalidMacException') return false;
      throw error;
    }
  }
}

/** The MAC port of an invocation: the injected one (tests, simulator) or KMS with `MAC_KEY_ID`. */
export function macPortFor(
  deps: { readonly mac?: MacPort; readonly kms: KMSClient; readonly macKeyId?: string },
  signal?: AbortSignal,
): MacPort {
  return deps.mac ?? new KmsMacPort(deps.kms, requireSetting(deps.macKeyId, 'MAC_KEY_ID'), signal);
}
