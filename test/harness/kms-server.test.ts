/**
 * The loopback KMS server works with the real `@aws-sdk/client-kms` and answers with KMS's own
 * error codes, and its keys agree across server instances (separate processes in practice).
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidMacException,
  NotFoundException,
  SignCommand,
  UnsupportedOperationException,
  VerifyMacCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import * as fc from 'fast-check';
import { localKmsClient } from '../support/clients';
import { localKeyArn, startKmsServer, type KmsServer } from '../support/kms-server';

const HMAC_KEY_ID = '0b7a5f0e-1111-4c2d-9e3f-000000000001';
const AES_KEY_ID = '0b7a5f0e-2222-4c2d-9e3f-000000000002';

let server: KmsServer;
let kms: KMSClient;

beforeAll(async () => {
  server = await startKmsServer();
  server.createKey({
    keySpec: 'HMAC_256',
    keyUsage: 'GENERATE_VERIFY_MAC',
    keyId: HMAC_KEY_ID,
    alias: 'alias/pin-mac',
  });
  server.createKey({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyId: AES_KEY_ID });
  kms = localKmsClient(server.endpoint);
});

afterAll(async () => {
  kms.destroy();
  await server.close();
});

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

async function generateMac(client: KMSClient, keyId: string, message: string): Promise<Uint8Array> {
  const { Mac } = await client.send(
    new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: bytes(message) }),
  );
  if (!Mac) throw new Error('no MAC returned');
  return Mac;
}

function verifyMac(client: KMSClient, keyId: string, message: string, mac: Uint8Array) {
  return client.send(
    new VerifyMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: bytes(message), Mac: mac }),
  );
}

describe('keys', () => {
  test('createKey returns the key ARN and DescribeKey reports the HMAC key metadata', async () => {
    const arn = server.createKey({
      keySpec: 'HMAC_256',
      keyUsage: 'GENERATE_VERIFY_MAC',
      keyId: 'describe-me',
    });
    expect(arn).toBe('arn:aws:kms:eu-west-2:111122223333:key/describe-me');
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: 'describe-me' }));
    expect(KeyMetadata).toMatchObject({
      KeyId: 'describe-me',
      Arn: arn,
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
      KeyState: 'Enabled',
      Enabled: true,
      MacAlgorithms: ['HMAC_SHA_256'],
    });
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });

  test('CreateKey through the SDK makes a usable key with a fresh id', async () => {
    const { KeyMetadata } = await kms.send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Description: 'sdk-made' }),
    );
    expect(KeyMetadata?.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(KeyMetadata?.Description).toBe('sdk-made');
    const mac = await generateMac(kms, KeyMetadata?.Arn ?? '', 'hello');
    await expect(verifyMac(kms, KeyMetadata?.KeyId ?? '', 'hello', mac)).resolves.toMatchObject({
      MacValid: true,
    });
  });

  test('a key usage that does not fit the key spec is rejected', async () => {
    await expect(
      kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' })),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(() => server.createKey({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'GENERATE_VERIFY_MAC' })).toThrow(
      /not compatible/,
    );
  });

  test('the key id, key ARN, alias name and alias ARN all name the same key', async () => {
    await kms.send(
      new CreateAliasCommand({ AliasName: 'alias/second-name', TargetKeyId: localKeyArn(HMAC_KEY_ID) }),
    );
    const references = [
      HMAC_KEY_ID,
      localKeyArn(HMAC_KEY_ID),
      'alias/pin-mac',
      'arn:aws:kms:eu-west-2:111122223333:alias/pin-mac',
      'alias/second-name',
    ];
    const macs = await Promise.all(references.map((ref) => generateMac(kms, ref, 'same message')));
    for (const mac of macs) expect(Buffer.from(mac)).toEqual(Buffer.from(macs[0] ?? []));
  });

  test('an unknown key, key ARN or alias is NotFoundException', async () => {
    for (const ref of ['no-such-key', localKeyArn('no-such-key'), 'alias/no-such-alias']) {
      await expect(generateMac(kms, ref, 'x')).rejects.toBeInstanceOf(NotFoundException);
    }
    await expect(kms.send(new DescribeKeyCommand({ KeyId: 'no-such-key' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
  });
});

describe('MACs', () => {
  test('GenerateMac then VerifyMac round-trips and the MAC is HMAC-SHA-256 sized', async () => {
    const mac = await generateMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4827');
    expect(mac).toHaveLength(32);
    const result = await verifyMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4827', mac);
    expect(result).toMatchObject({
      MacValid: true,
      MacAlgorithm: 'HMAC_SHA_256',
      KeyId: localKeyArn(HMAC_KEY_ID),
    });
  });

  test('a MAC for another message or a tampered MAC is KMSInvalidMacException', async () => {
    const mac = await generateMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4827');
    await expect(verifyMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4828', mac)).rejects.toBeInstanceOf(
      KMSInvalidMacException,
    );
    const tampered = Buffer.from(mac);
    tampered[0] = (tampered[0] ?? 0) ^ 0x01;
    await expect(verifyMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4827', tampered)).rejects.toBeInstanceOf(
      KMSInvalidMacException,
    );
    await expect(
      verifyMac(kms, HMAC_KEY_ID, 'pin:v1:41020001:4827', tampered.subarray(0, 16)),
    ).rejects.toBeInstanceOf(KMSInvalidMacException);
  });

  test('a MAC made with one key does not verify under another', async () => {
    server.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: 'other-hmac' });
    const mac = await generateMac(kms, HMAC_KEY_ID, 'message');
    await expect(verifyMac(kms, 'other-hmac', 'message', mac)).rejects.toBeInstanceOf(KMSInvalidMacException);
  });

  test('GenerateMac on a symmetric encryption key is InvalidKeyUsageException', async () => {
    await expect(generateMac(kms, AES_KEY_ID, 'x')).rejects.toBeInstanceOf(InvalidKeyUsageException);
  });

  test('Encrypt on an HMAC key is InvalidKeyUsageException', async () => {
    await expect(
      kms.send(new EncryptCommand({ KeyId: HMAC_KEY_ID, Plaintext: bytes('x') })),
    ).rejects.toBeInstanceOf(InvalidKeyUsageException);
  });

  test('property: every message verifies, and flipping any bit of its MAC fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), fc.nat(), async (message, bit) => {
        const { Mac } = await kms.send(
          new GenerateMacCommand({ KeyId: HMAC_KEY_ID, MacAlgorithm: 'HMAC_SHA_256', Message: message }),
        );
        const mac = Buffer.from(Mac ?? []);
        const verify = (candidate: Uint8Array) =>
          kms.send(
            new VerifyMacCommand({
              KeyId: HMAC_KEY_ID,
              MacAlgorithm: 'HMAC_SHA_256',
              Message: message,
              Mac: candidate,
            }),
          );
        expect((await verify(mac)).MacValid).toBe(true);
        const flipped = Buffer.from(mac);
        const position = bit % (flipped.length * 8);
        flipped[position >> 3] = (flipped[position >> 3] ?? 0) ^ (1 << (position & 7));
        await expect(verify(flipped)).rejects.toBeInstanceOf(KMSInvalidMacException);
      }),
      { numRuns: 25 },
    );
  });
});

describe('encryption', () => {
  test('Encrypt then Decrypt round-trips without naming the key on Decrypt', async () => {
    const { CiphertextBlob, KeyId } = await kms.send(
      new EncryptCommand({
        KeyId: 'arn:aws:kms:eu-west-2:111122223333:key/' + AES_KEY_ID,
        Plaintext: bytes('secret'),
      }),
    );
    expect(KeyId).toBe(localKeyArn(AES_KEY_ID));
    expect(Buffer.from(CiphertextBlob ?? []).includes(Buffer.from('secret'))).toBe(false);
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext ?? []).toString('utf8')).toBe('secret');
    expect(decrypted.KeyId).toBe(localKeyArn(AES_KEY_ID));
  });

  test('the encryption context is bound: a different one is InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({
        KeyId: AES_KEY_ID,
        Plaintext: bytes('bound'),
        EncryptionContext: { table: 'Accounts', a: 'b' },
      }),
    );
    const ok = await kms.send(
      new DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'b', table: 'Accounts' } }),
    );
    expect(Buffer.from(ok.Plaintext ?? []).toString('utf8')).toBe('bound');
    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { table: 'Orders', a: 'b' } })),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
    await expect(kms.send(new DecryptCommand({ CiphertextBlob }))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
  });

  test('a tampered or garbage ciphertext is InvalidCiphertextException', async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: AES_KEY_ID, Plaintext: bytes('data') }),
    );
    const tampered = Buffer.from(CiphertextBlob ?? []);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0xff;
    await expect(kms.send(new DecryptCommand({ CiphertextBlob: tampered }))).rejects.toBeInstanceOf(
      InvalidCiphertextException,
    );
    await expect(
      kms.send(new DecryptCommand({ CiphertextBlob: bytes('not a blob at all') })),
    ).rejects.toBeInstanceOf(InvalidCiphertextException);
  });

  test('Decrypt naming a different key than the one that encrypted is IncorrectKeyException', async () => {
    server.createKey({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyId: 'other-aes' });
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: AES_KEY_ID, Plaintext: bytes('data') }),
    );
    await expect(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: 'other-aes' }))).rejects.toBeInstanceOf(
      IncorrectKeyException,
    );
  });

  test('GenerateDataKey returns a 32-byte key whose ciphertext decrypts to it', async () => {
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: AES_KEY_ID, KeySpec: 'AES_256' }));
    expect(dataKey.Plaintext).toHaveLength(32);
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext ?? [])).toEqual(Buffer.from(dataKey.Plaintext ?? []));
    const sized = await kms.send(new GenerateDataKeyCommand({ KeyId: AES_KEY_ID, NumberOfBytes: 64 }));
    expect(sized.Plaintext).toHaveLength(64);
  });

  test('GenerateDataKey with both KeySpec and NumberOfBytes is ValidationException', async () => {
    await expect(
      kms.send(new GenerateDataKeyCommand({ KeyId: AES_KEY_ID, KeySpec: 'AES_256', NumberOfBytes: 32 })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  test('property: any plaintext up to 4096 bytes round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 4096 }), async (plaintext) => {
        const { CiphertextBlob } = await kms.send(
          new EncryptCommand({ KeyId: AES_KEY_ID, Plaintext: plaintext }),
        );
        const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob }));
        expect(Buffer.from(Plaintext ?? [])).toEqual(Buffer.from(plaintext));
      }),
      { numRuns: 25 },
    );
  });
});

describe('protocol', () => {
  test('an operation the server does not implement is UnsupportedOperationException', async () => {
    await expect(
      kms.send(
        new SignCommand({ KeyId: AES_KEY_ID, Message: bytes('x'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }),
      ),
    ).rejects.toBeInstanceOf(UnsupportedOperationException);
  });

  test('errors have KMS wire shape: HTTP 400, JSON 1.1 content type, __type and message', async () => {
    const post = (target: string, body: string) =>
      fetch(server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body,
      });
    const notFound = await post('TrentService.DescribeKey', JSON.stringify({ KeyId: 'missing' }));
    expect(notFound.status).toBe(400);
    expect(notFound.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await notFound.json()).toEqual({
      __type: 'NotFoundException',
      message: expect.stringContaining('missing'),
    });

    const malformed = await post('TrentService.GenerateMac', '{not json');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'ValidationException' });

    const missingField = await post('TrentService.GenerateMac', JSON.stringify({ KeyId: HMAC_KEY_ID }));
    expect(await missingField.json()).toMatchObject({
      __type: 'ValidationException',
      message: /MacAlgorithm/,
    });

    const notBase64 = await post(
      'TrentService.GenerateMac',
      JSON.stringify({ KeyId: HMAC_KEY_ID, MacAlgorithm: 'HMAC_SHA_256', Message: '***' }),
    );
    expect(await notBase64.json()).toMatchObject({ __type: 'ValidationException', message: /Message/ });

    const unknown = await post('TrentService.Frobnicate', '{}');
    expect(await unknown.json()).toMatchObject({ __type: 'UnsupportedOperationException' });
  });
});

describe('determinism across instances', () => {
  test('two servers with the same key id produce the same MAC and verify each other’s', async () => {
    const [a, b] = await Promise.all([startKmsServer(), startKmsServer()]);
    const [clientA, clientB] = [localKmsClient(a.endpoint), localKmsClient(b.endpoint)];
    try {
      const keyId = 'shared-demo-key';
      a.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId });
      b.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId });
      const [macA, macB] = await Promise.all([
        generateMac(clientA, keyId, 'm'),
        generateMac(clientB, keyId, 'm'),
      ]);
      expect(Buffer.from(macA)).toEqual(Buffer.from(macB));
      await expect(verifyMac(clientB, keyId, 'm', macA)).resolves.toMatchObject({ MacValid: true });

      // Ciphertexts travel too: the key id is in the blob and the material follows from it.
      a.createKey({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyId: 'shared-aes' });
      b.createKey({ keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT', keyId: 'shared-aes' });
      const { CiphertextBlob } = await clientA.send(
        new EncryptCommand({ KeyId: 'shared-aes', Plaintext: bytes('p') }),
      );
      const { Plaintext } = await clientB.send(new DecryptCommand({ CiphertextBlob }));
      expect(Buffer.from(Plaintext ?? []).toString('utf8')).toBe('p');
    } finally {
      clientA.destroy();
      clientB.destroy();
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('the key material depends on the key id and the seed', async () => {
    const other = await startKmsServer({ seed: 'another-seed' });
    const otherClient = localKmsClient(other.endpoint);
    try {
      other.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: HMAC_KEY_ID });
      server.createKey({ keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC', keyId: 'yet-another' });
      const [same, otherSeed, otherId] = await Promise.all([
        generateMac(kms, HMAC_KEY_ID, 'm'),
        generateMac(otherClient, HMAC_KEY_ID, 'm'),
        generateMac(kms, 'yet-another', 'm'),
      ]);
      expect(Buffer.from(otherSeed)).not.toEqual(Buffer.from(same));
      expect(Buffer.from(otherId)).not.toEqual(Buffer.from(same));
    } finally {
      otherClient.destroy();
      await other.close();
    }
  });

  test('a key unknown to this instance is NotFoundException even for its own ciphertexts', async () => {
    const other = await startKmsServer();
    const otherClient = localKmsClient(other.endpoint);
    try {
      const { CiphertextBlob } = await kms.send(
        new EncryptCommand({ KeyId: AES_KEY_ID, Plaintext: bytes('p') }),
      );
      await expect(otherClient.send(new DecryptCommand({ CiphertextBlob }))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    } finally {
      otherClient.destroy();
      await other.close();
    }
  });
});
