/**
 * Sealing provider keys at rest: AES-256-GCM under a key derived from SECRET with HKDF-SHA256
 * and a purpose label, so the same SECRET used for file links or sessions never yields this key.
 * The row's scope and provider are the additional data: a sealed blob copied to another row
 * does not open there.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** Bumped when the derivation changes; rows say which one sealed them. */
export const CREDENTIALS_KEY_VERSION = 1;
const PURPOSE = 'zhishe/payment-credentials/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** SECRET changed since the keys were saved (or the row was tampered with). */
export class CredentialsUnreadable extends Error {
  constructor(
    readonly scope: string,
    readonly provider: string,
  ) {
    super(
      `The saved ${provider} keys (${scope}) cannot be decrypted with this SECRET: it changed since they were saved. Set them again.`,
    );
    this.name = 'CredentialsUnreadable';
  }
}

export class CredentialsCipher {
  private readonly keys = new Map<number, Buffer>();

  constructor(secret: string) {
    this.keys.set(CREDENTIALS_KEY_VERSION, Buffer.from(hkdfSync('sha256', secret, 'zhishe', PURPOSE, 32)));
  }

  seal(plain: Record<string, string>, aad: string): { sealed: string; keyVersion: number } {
    const key = this.keys.get(CREDENTIALS_KEY_VERSION) as Buffer;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return { sealed, keyVersion: CREDENTIALS_KEY_VERSION };
  }

  open(
    row: { sealed: string; key_version: number; scope: string; provider: string },
    aad: string,
  ): Record<string, string> {
    const key = this.keys.get(row.key_version);
    if (!key) throw new CredentialsUnreadable(row.scope, row.provider);
    const bytes = Buffer.from(row.sealed, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, string>;
    } catch {
      throw new CredentialsUnreadable(row.scope, row.provider);
    }
  }
}

/** The additional data that binds a sealed blob to its row. */
export const credentialsAad = (scope: string, provider: string) => `${scope}:${provider}`;
