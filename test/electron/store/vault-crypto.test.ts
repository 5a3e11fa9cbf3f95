import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, checkScryptParams, deriveKey, makeKeyCheck, open, seal, verifyKeyCheck } from '../../../electron/store/vault-crypto.ts';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('vault cryptography', () => {
  it('derives a 32-byte key with the default parameters (N=2^17 needs the raised maxmem)', async () => {
    const salt = randomBytes(32);
    const key = await deriveKey('correct horse', salt, DEFAULT_SCRYPT);
    expect(key).toHaveLength(32);
    expect(await deriveKey('correct horse', salt, DEFAULT_SCRYPT)).toEqual(key);
  }, 20_000);

  it('derives the same key from composed and decomposed forms of a password', async () => {
    const salt = randomBytes(32);
    expect(await deriveKey('caf\u00e9', salt, FAST)).toEqual(await deriveKey('cafe\u0301', salt, FAST));
  });

  it('refuses parameters a hostile file could use as a memory bomb or to weaken the key', () => {
    expect(checkScryptParams(DEFAULT_SCRYPT)).toBeNull();
    expect(checkScryptParams({ N: 2 ** 30, r: 8, p: 1 })).toMatch(/2\^20/);
    expect(checkScryptParams({ N: 2, r: 8, p: 1 })).toMatch(/2\^10/);
    expect(checkScryptParams({ N: 3000, r: 8, p: 1 })).toMatch(/power of two/);
  });

  it('seals with a fresh nonce each time and opens only with the same key and metadata', () => {
    const key = randomBytes(32);
    const aad = Buffer.from('entry-1');
    const a = seal(key, Buffer.from('s3cret'), aad);
    const b = seal(key, Buffer.from('s3cret'), aad);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(open(key, a, aad)?.toString()).toBe('s3cret');
    expect(open(randomBytes(32), a, aad)).toBeNull();
    expect(open(key, a, Buffer.from('entry-2'))).toBeNull();
    const flipped = Buffer.from(a.ciphertext);
    flipped[0]! ^= 1;
    expect(open(key, { nonce: a.nonce, ciphertext: flipped }, aad)).toBeNull();
  });

  it('tells a right key from a wrong one by the key check', () => {
    const key = randomBytes(32);
    const salt = randomBytes(32);
    const check = makeKeyCheck(key, salt);
    expect(verifyKeyCheck(key, salt, check)).toBe(true);
    expect(verifyKeyCheck(randomBytes(32), salt, check)).toBe(false);
    expect(verifyKeyCheck(key, randomBytes(32), check)).toBe(false);
  });
});
