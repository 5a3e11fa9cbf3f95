import { safeStorage } from 'electron';
import type { OsSecretCipher } from './os-keystore-vault.ts';

export type SafeStorageStatus =
  | { readonly protected: true; readonly backend: string; readonly cipher: OsSecretCipher }
  | { readonly protected: false; readonly backend: string; readonly reason: string };

/**
 * Electron's safeStorage, only if it is real protection. On Linux, `basic_text` means Chromium found
 * no keyring and encrypts with a key hard-coded in its source: that is obfuscation, so the caller
 * must fall back to the master-password vault (DESIGN §5). Call after `app.whenReady()`.
 */
export async function probeSafeStorage(platform: NodeJS.Platform = process.platform): Promise<SafeStorageStatus> {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : platform === 'darwin' ? 'keychain' : 'dpapi';
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { protected: false, backend, reason: 'The OS key store is not available.' };
  if (backend === 'basic_text' || backend === 'unknown') {
    return { protected: false, backend, reason: 'No OS keyring was found (Chromium would use a built-in key), so secrets need a master password.' };
  }
  return {
    protected: true,
    backend,
    cipher: {
      encrypt: (plaintext) => safeStorage.encryptStringAsync(plaintext),
      // `shouldReEncrypt` (a rotated OS key) is not acted on yet: the old ciphertext still opens.
      decrypt: async (ciphertext) => (await safeStorage.decryptStringAsync(ciphertext)).result,
    },
  };
}
