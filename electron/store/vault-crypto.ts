import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

/**
 * The master-password vault's cryptography, in one place so it can be reviewed in one sitting.
 *
 * Key derivation: scrypt, N = 2^17, r = 8, p = 1, 32-byte key, 32-byte random salt per vault (OWASP's
 * 2023+ minimum for scrypt is N = 2^17, r = 8, p = 1). That needs 128·N·r = 128 MiB, above Node's
 * 32 MiB default `maxmem`, so `maxmem` is raised to twice the need. The parameters are stored in
 * the vault file, so they can be raised later without breaking old vaults.
 *
 * Encryption: AES-256-GCM, a fresh random 96-bit nonce per sealing, 128-bit tag appended to the
 * ciphertext. Random nonces are safe here: a vault seals thousands of secrets, not the 2^32 where
 * nonce collisions become a concern. Each entry's metadata is bound as additional authenticated data,
 * so swapping ciphertexts between entries, or relabelling one in the file, fails to open.
 */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
export const KEY_BYTES = 32;
export const SALT_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** What a vault file may ask for: enough to be safe to read (a huge N is a memory bomb), no more. */
export function checkScryptParams(params: ScryptParams): string | null {
  const { N, r, p } = params;
  if (!Number.isInteger(Math.log2(N)) || N < 2 ** 10 || N > 2 ** 20) return 'scrypt N must be a power of two from 2^10 to 2^20';
  if (!Number.isInteger(r) || r < 1 || r > 32) return 'scrypt r must be 1–32';
  if (!Number.isInteger(p) || p < 1 || p > 16) return 'scrypt p must be 1–16';
  return null;
}

export interface Sealed {
  readonly nonce: Buffer;
  /** Ciphertext with the 16-byte GCM tag appended. */
  readonly ciphertext: Buffer;
}

/**
 * Derives the vault key. Async (libuv thread pool) so a 0.3–1 s derivation never blocks the main
 * process. The password is NFC-normalised so the same password typed on macOS and Windows derives
 * the same key.
 */
export function deriveKey(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const problem = checkScryptParams(params);
  if (problem) return Promise.reject(new RangeError(problem));
  const secret = Buffer.from(password.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r * params.p }, (error, key) => {
      secret.fill(0);
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, ciphertext };
}

/** Returns the plaintext, or null when the key is wrong or the data or its metadata were altered. */
export function open(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  if (sealed.nonce.length !== NONCE_BYTES || sealed.ciphertext.length < TAG_BYTES) return null;
  const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES));
  const head = decipher.update(body);
  try {
    return Buffer.concat([head, decipher.final()]);
  } catch {
    return null;
  } finally {
    head.fill(0);
  }
}

// The key check is a sealed constant: opening it proves the password before anything is decrypted
// or written, so a wrong password is reported as such and never corrupts the vault.
const KEY_CHECK = Buffer.from('winrm-desk vault key check v1', 'utf8');

function keyCheckAad(salt: Buffer): Buffer {
  return Buffer.from(`winrm-desk/vault/v1/key-check/${salt.toString('base64')}`, 'utf8');
}

export function makeKeyCheck(key: Buffer, salt: Buffer): Sealed {
  return seal(key, KEY_CHECK, keyCheckAad(salt));
}

export function verifyKeyCheck(key: Buffer, salt: Buffer, check: Sealed): boolean {
  const opened = open(key, check, keyCheckAad(salt));
  return opened !== null && opened.equals(KEY_CHECK);
}
