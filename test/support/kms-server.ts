/**
 * A loopback stand-in for AWS KMS, speaking its JSON 1.1 protocol well enough for the real
 * `@aws-sdk/client-kms`: symmetric encryption keys and HMAC keys, with KMS's error codes.
 *
 * No KMS emulator exists on npm or in Debian, so handler tests, the seed tool and the journey
 * simulator use this. Key material is derived from the key id (HMAC-SHA-256 over a fixed seed), so
 * a MAC or ciphertext made by one server instance is accepted by another that registered the same
 * key id: the seed tool and the simulator run in separate processes. It is therefore NOT secret and
 * only for local use. SigV4 signatures are not checked.
 *
 * Run standalone: `tsx test/support/kms-server.ts --port 4599 [--hmac-key <id>]... [--symmetric-key <id>]...`
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Key specs this server implements. */
export type LocalKeySpec = 'SYMMETRIC_DEFAULT' | 'HMAC_256';

/** Key usages this server implements. */
export type LocalKeyUsage = 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC';

/** A key registration; the usage must fit the spec (SYMMETRIC_DEFAULT/ENCRYPT_DECRYPT or HMAC_256/GENERATE_VERIFY_MAC). */
export interface LocalKeyRequest {
  readonly keySpec: LocalKeySpec;
  readonly keyUsage: LocalKeyUsage;
  /**
   * Key id (the part after `key/` in the ARN). Fix it to share keys across server instances.
   * @default a random UUID
   */
  readonly keyId?: string;
  /**
   * Alias to point at the key, with or without the `alias/` prefix.
   * @default no alias
   */
  readonly alias?: string;
}

/** Options of {@link startKmsServer}. */
export interface KmsServerOptions {
  /**
   * Loopback port to listen on.
   * @default 0 (a free port chosen by the OS)
   */
  readonly port?: number;
  /**
   * Seed the key material is derived from. Servers with the same seed agree on every key id.
   * @default DEFAULT_KMS_SEED
   */
  readonly seed?: string;
}

/** A running loopback KMS server. */
export interface KmsServer {
  /** Endpoint to give `KMSClient`, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  /** Registers a key synchronously and returns its ARN. Re-registering the same id and spec is a no-op. */
  createKey(request: LocalKeyRequest): string;
  /** Points an alias (`alias/...` or bare name) at a registered key. */
  createAlias(aliasName: string, keyId: string): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Region in the ARNs this server hands out. */
export const KMS_LOCAL_REGION = 'eu-west-2';

/** Account in the ARNs this server hands out (AWS's documentation example account). */
export const KMS_LOCAL_ACCOUNT = '111122223333';

/** Default seed of the key material; public on purpose, this server is for tests only. */
export const DEFAULT_KMS_SEED = 'contact-centre-as-code/loopback-kms/v1';

/** The ARN this server gives a key id. */
export function localKeyArn(keyId: string): string {
  return `arn:aws:kms:${KMS_LOCAL_REGION}:${KMS_LOCAL_ACCOUNT}:key/${keyId}`;
}

interface LocalKey {
  readonly keyId: string;
  readonly arn: string;
  readonly keySpec: LocalKeySpec;
  readonly keyUsage: LocalKeyUsage;
  readonly description: string;
  readonly creationDate: number;
  readonly material: Buffer;
}

/** A KMS error as the service reports it: HTTP 400 with `{"__type": code, "message": ...}`. */
class KmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

type JsonObject = Record<string, unknown>;

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_PLAINTEXT_BYTES = 4096;
const MAX_MESSAGE_BYTES = 4096;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const ALIAS_PATTERN = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Ciphertext blob: version byte, key id length, key id, 12-byte IV, 16-byte GCM tag, ciphertext.
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Operations implemented here; any other `TrentService.*` gets UnsupportedOperationException. */
const OPERATIONS = [
  'CreateKey',
  'CreateAlias',
  'DescribeKey',
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
] as const;
type Operation = (typeof OPERATIONS)[number];

class KeyStore {
  private readonly keys = new Map<string, LocalKey>();
  private readonly aliases = new Map<string, string>();

  constructor(private readonly seed: string) {}

  create(request: { keySpec: unknown; keyUsage: unknown; keyId?: string; description?: string }): LocalKey {
    const keySpec = request.keySpec ?? 'SYMMETRIC_DEFAULT';
    const keyUsage = request.keyUsage ?? (keySpec === 'HMAC_256' ? undefined : 'ENCRYPT_DECRYPT');
    if (keySpec !== 'SYMMETRIC_DEFAULT' && keySpec !== 'HMAC_256') {
      throw new KmsError(
        'UnsupportedOperationException',
        `KeySpec ${String(keySpec)} is not supported by the loopback KMS server (only SYMMETRIC_DEFAULT and HMAC_256)`,
      );
    }
    const expectedUsage: LocalKeyUsage = keySpec === 'HMAC_256' ? 'GENERATE_VERIFY_MAC' : 'ENCRYPT_DECRYPT';
    if (keyUsage !== expectedUsage) {
      throw new KmsError(
        'ValidationException',
        `KeyUsage ${String(keyUsage)} is not compatible with KeySpec ${keySpec}; use ${expectedUsage}`,
      );
    }
    const keyId = request.keyId ?? randomUUID();
    if (!KEY_ID_PATTERN.test(keyId)) {
      throw new KmsError(
        'ValidationException',
        `key id ${JSON.stringify(keyId)} must match ${KEY_ID_PATTERN}`,
      );
    }
    const existing = this.keys.get(keyId);
    if (existing) {
      if (existing.keySpec !== keySpec) {
        throw new KmsError(
          'AlreadyExistsException',
          `key ${keyId} already exists with KeySpec ${existing.keySpec}`,
        );
      }
      return existing;
    }
    const key: LocalKey = {
      keyId,
      arn: localKeyArn(keyId),
      keySpec,
      keyUsage: expectedUsage,
      description: request.description ?? '',
      creationDate: Math.floor(Date.now() / 1000),
      // Deterministic so that separate processes agree on the key (see the module comment).
      material: createHmac('sha256', this.seed).update(`key-material:${keySpec}:${keyId}`).digest(),
    };
    this.keys.set(keyId, key);
    return key;
  }

  alias(aliasName: string, target: string): void {
    const name = aliasName.startsWith('alias/') ? aliasName : `alias/${aliasName}`;
    if (!ALIAS_PATTERN.test(name) || name.startsWith('alias/aws/')) {
      throw new KmsError('ValidationException', `alias name ${JSON.stringify(aliasName)} is not valid`);
    }
    const key = this.resolve(target);
    const current = this.aliases.get(name);
    if (current !== undefined && current !== key.keyId) {
      throw new KmsError('AlreadyExistsException', `alias ${name} already exists`);
    }
    this.aliases.set(name, key.keyId);
  }

  /** Finds a key by id, key ARN, `alias/...` or alias ARN (region and account are not checked). */
  resolve(reference: string): LocalKey {
    let id: string | undefined;
    const arn = /^arn:aws[a-z-]*:kms:[^:]*:[^:]*:(key|alias)\/(.+)$/.exec(reference);
    if (arn) {
      id = arn[1] === 'key' ? arn[2] : this.aliases.get(`alias/${arn[2]}`);
    } else if (reference.startsWith('alias/')) {
      id = this.aliases.get(reference);
    } else {
      id = reference;
    }
    const key = id === undefined ? undefined : this.keys.get(id);
    if (!key) throw new KmsError('NotFoundException', `Key '${reference}' does not exist`);
    return key;
  }
}

/** Starts the loopback KMS server on 127.0.0.1. */
export async function startKmsServer(opts: KmsServerOptions = {}): Promise<KmsServer> {
  const store = new KeyStore(opts.seed ?? DEFAULT_KMS_SEED);
  const server = http.createServer((request, response) => {
    void handle(store, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    createKey: (request) => {
      const key = store.create({
        keySpec: request.keySpec,
        keyUsage: request.keyUsage,
        keyId: request.keyId,
      });
      if (request.alias !== undefined) store.alias(request.alias, key.keyId);
      return key.arn;
    },
    createAlias: (aliasName, keyId) => store.alias(aliasName, keyId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

async function handle(
  store: KeyStore,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || typeof target !== 'string' || !target.startsWith('TrentService.')) {
      throw new KmsError(
        'UnknownOperationException',
        'expected a POST with X-Amz-Target: TrentService.<Operation>',
      );
    }
    const operation = target.slice('TrentService.'.length);
    const body = await readBody(request);
    if (!isOperation(operation)) {
      throw new KmsError(
        'UnsupportedOperationException',
        `${operation} is not implemented by the loopback KMS server (it implements ${OPERATIONS.join(', ')})`,
      );
    }
    const input = parseJson(body);
    send(response, 200, requestId, dispatch(store, operation, input));
  } catch (error) {
    const kmsError =
      error instanceof KmsError
        ? error
        : new KmsError('KMSInternalException', error instanceof Error ? error.message : String(error), 500);
    send(
      response,
      kmsError.httpStatus,
      requestId,
      { __type: kmsError.code, message: kmsError.message },
      kmsError.code,
    );
  }
}

function isOperation(name: string): name is Operation {
  return (OPERATIONS as readonly string[]).includes(name);
}

function send(
  response: http.ServerResponse,
  status: number,
  requestId: string,
  body: JsonObject,
  errorType?: string,
): void {
  const payload = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  };
  if (errorType) headers['x-amzn-errortype'] = errorType;
  response.writeHead(status, headers);
  response.end(payload);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new KmsError('ValidationException', `request body exceeds ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(body: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body === '' ? '{}' : body);
  } catch {
    throw new KmsError('ValidationException', 'request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KmsError('ValidationException', 'request body must be a JSON object');
  }
  return parsed as JsonObject;
}

function dispatch(store: KeyStore, operation: Operation, input: JsonObject): JsonObject {
  switch (operation) {
    case 'CreateKey': {
      const key = store.create({
        keySpec: input.KeySpec ?? input.CustomerMasterKeySpec,
        keyUsage: input.KeyUsage,
        description: optionalString(input, 'Description'),
      });
      return { KeyMetadata: metadata(key) };
    }
    case 'CreateAlias':
      store.alias(requiredString(input, 'AliasName'), requiredString(input, 'TargetKeyId'));
      return {};
    case 'DescribeKey':
      return { KeyMetadata: metadata(store.resolve(requiredString(input, 'KeyId'))) };
    case 'Encrypt': {
      const key = encryptionKey(store, input);
      const plaintext = requiredBlob(input, 'Plaintext', MAX_PLAINTEXT_BYTES);
      return {
        CiphertextBlob: seal(key, plaintext, encryptionContext(input)).toString('base64'),
        KeyId: key.arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    }
    case 'Decrypt':
      return decrypt(store, input);
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext': {
      const key = encryptionKey(store, input);
      const dataKey = randomBytes(dataKeyLength(input));
      const output: JsonObject = {
        CiphertextBlob: seal(key, dataKey, encryptionContext(input)).toString('base64'),
        KeyId: key.arn,
      };
      if (operation === 'GenerateDataKey') output.Plaintext = dataKey.toString('base64');
      return output;
    }
    case 'GenerateMac': {
      const { key, message } = macInput(store, input);
      return { Mac: mac(key, message).toString('base64'), MacAlgorithm: 'HMAC_SHA_256', KeyId: key.arn };
    }
    case 'VerifyMac': {
      const { key, message } = macInput(store, input);
      const given = requiredBlob(input, 'Mac', 64);
      const expected = mac(key, message);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new KmsError('KMSInvalidMacException', 'The MAC is not valid for the message and key');
      }
      return { KeyId: key.arn, MacValid: true, MacAlgorithm: 'HMAC_SHA_256' };
    }
  }
}

function metadata(key: LocalKey): JsonObject {
  const base: JsonObject = {
    AWSAccountId: KMS_LOCAL_ACCOUNT,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate,
    Enabled: true,
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    MultiRegion: false,
  };
  if (key.keySpec === 'HMAC_256') base.MacAlgorithms = ['HMAC_SHA_256'];
  else base.EncryptionAlgorithms = ['SYMMETRIC_DEFAULT'];
  return base;
}

function encryptionKey(store: KeyStore, input: JsonObject): LocalKey {
  const key = store.resolve(requiredString(input, 'KeyId'));
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `${key.arn} key usage is ${key.keyUsage} which is not valid`,
    );
  }
  const algorithm = input.EncryptionAlgorithm;
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `encryption algorithm ${String(algorithm)} is not valid for ${key.arn}; use SYMMETRIC_DEFAULT`,
    );
  }
  return key;
}

function macInput(store: KeyStore, input: JsonObject): { key: LocalKey; message: Buffer } {
  const key = store.resolve(requiredString(input, 'KeyId'));
  const algorithm = requiredString(input, 'MacAlgorithm');
  if (key.keyUsage !== 'GENERATE_VERIFY_MAC') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `${key.arn} key usage is ${key.keyUsage} which is not valid`,
    );
  }
  if (algorithm !== 'HMAC_SHA_256') {
    throw new KmsError('InvalidKeyUsageException', `MAC algorithm ${algorithm} is not valid for ${key.arn}`);
  }
  return { key, message: requiredBlob(input, 'Message', MAX_MESSAGE_BYTES) };
}

function mac(key: LocalKey, message: Buffer): Buffer {
  return createHmac('sha256', key.material).update(message).digest();
}

function dataKeyLength(input: JsonObject): number {
  const { KeySpec: spec, NumberOfBytes: bytes } = input;
  if ((spec === undefined) === (bytes === undefined)) {
    throw new KmsError('ValidationException', 'specify either KeySpec or NumberOfBytes, but not both');
  }
  if (spec !== undefined) {
    if (spec === 'AES_256') return 32;
    if (spec === 'AES_128') return 16;
    throw new KmsError('ValidationException', `KeySpec ${String(spec)} must be AES_256 or AES_128`);
  }
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new KmsError('ValidationException', 'NumberOfBytes must be an integer from 1 to 1024');
  }
  return bytes;
}

/** Canonical encryption context (sorted keys) bound as GCM additional data, as KMS binds it. */
function encryptionContext(input: JsonObject): Buffer {
  const context = input.EncryptionContext;
  if (context === undefined) return Buffer.alloc(0);
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new KmsError('ValidationException', 'EncryptionContext must be a map of strings');
  }
  const entries = Object.entries(context as JsonObject);
  if (entries.some(([, value]) => typeof value !== 'string')) {
    throw new KmsError('ValidationException', 'EncryptionContext values must be strings');
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

function seal(key: LocalKey, plaintext: Buffer, aad: Buffer): Buffer {
  const keyId = Buffer.from(key.keyId, 'utf8');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, iv);
  cipher.setAAD(Buffer.concat([keyId, aad]));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([
    Buffer.from([BLOB_VERSION, keyId.length]),
    keyId,
    iv,
    cipher.getAuthTag(),
    ciphertext,
  ]);
}

function decrypt(store: KeyStore, input: JsonObject): JsonObject {
  const blob = requiredBlob(input, 'CiphertextBlob', 6144);
  const invalid = (): KmsError => new KmsError('InvalidCiphertextException', 'The ciphertext is not valid');
  if (blob.length < 2 || blob[0] !== BLOB_VERSION) throw invalid();
  const idLength = blob[1] ?? 0;
  const headerLength = 2 + idLength + IV_BYTES + TAG_BYTES;
  if (idLength === 0 || blob.length < headerLength) throw invalid();
  const keyId = blob.subarray(2, 2 + idLength).toString('utf8');
  if (!KEY_ID_PATTERN.test(keyId)) throw invalid();
  const key = store.resolve(keyId);
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') throw invalid();
  if (input.KeyId !== undefined && store.resolve(requiredString(input, 'KeyId')).keyId !== key.keyId) {
    throw new KmsError(
      'IncorrectKeyException',
      'The key ID in the request does not identify the key that encrypted the ciphertext',
    );
  }
  encryptionKey(store, { KeyId: key.keyId, EncryptionAlgorithm: input.EncryptionAlgorithm });
  const ivStart = 2 + idLength;
  const decipher = createDecipheriv('aes-256-gcm', key.material, blob.subarray(ivStart, ivStart + IV_BYTES));
  decipher.setAAD(Buffer.concat([Buffer.from(keyId, 'utf8'), encryptionContext(input)]));
  decipher.setAuthTag(blob.subarray(ivStart + IV_BYTES, headerLength));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(blob.subarray(headerLength)), decipher.final()]);
  } catch {
    // Wrong encryption context or a tampered blob: GCM authentication fails.
    throw invalid();
  }
  return {
    KeyId: key.arn,
    Plaintext: plaintext.toString('base64'),
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
  };
}

function requiredString(input: JsonObject, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new KmsError('ValidationException', `${field} is required and must be a non-empty string`);
  }
  return value;
}

function optionalString(input: JsonObject, field: string): string | undefined {
  return input[field] === undefined ? undefined : requiredString(input, field);
}

function requiredBlob(input: JsonObject, field: string, maxBytes: number): Buffer {
  const value = input[field];
  if (typeof value !== 'string' || value === '' || !BASE64_PATTERN.test(value)) {
    throw new KmsError('ValidationException', `${field} is required and must be base64`);
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length > maxBytes) {
    throw new KmsError('ValidationException', `${field} must be at most ${maxBytes} bytes`);
  }
  return bytes;
}

/** Parses the standalone CLI's arguments. */
function parseCliArgs(argv: readonly string[]): { port: number; keys: LocalKeyRequest[] } {
  let port = 0;
  const keys: LocalKeyRequest[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    i++;
    if (flag === '--port') {
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port ${value} is not a port number`);
    } else if (flag === '--hmac-key') {
      keys.push({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: value });
    } else if (flag === '--symmetric-key') {
      keys.push({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyId: value });
    } else {
      throw new Error(`unknown option ${flag} (use --port N, --hmac-key ID, --symmetric-key ID)`);
    }
  }
  return { port, keys };
}

if (require.main === module) {
  void (async () => {
    try {
      const { port, keys } = parseCliArgs(process.argv.slice(2));
      const server = await startKmsServer({ port });
      console.log(
        `loopback KMS listening on ${server.endpoint} (region ${KMS_LOCAL_REGION}; Ctrl-C stops it)`,
      );
      for (const key of keys) console.log(`  ${key.keySpec} key ${server.createKey(key)}`);
      const shutdown = (): void => void server.close().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    } catch (error) {
      console.error(`kms-server: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  })();
}
