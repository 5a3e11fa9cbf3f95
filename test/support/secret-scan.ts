import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir` (the data directory, a store), for scanning. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** True when `bytes` hold `secret` as UTF-8, as UTF-16LE (what Windows APIs write) or base64 (a Basic header). */
export function containsSecret(bytes: Buffer, secret: string): boolean {
  return [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le'), Buffer.from(Buffer.from(secret).toString('base64'))].some((form) => bytes.includes(form));
}
