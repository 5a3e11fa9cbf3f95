/** One message protected by a security context: the mechanism's header (signature or wrap token) and the encrypted bytes. */
export interface SealedMessage {
  readonly header: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * The sealing side of a security context, as WinRM message encryption uses it. NTLM's header is its
 * 16-byte signature; Kerberos' is the RFC 4121 wrap header. Both keep per-direction state, so calls
 * must happen in the order the messages travel, and a failed `unseal` (a DeskError INTEGRITY_FAILED)
 * leaves the context unusable.
 */
export interface MessageSealer {
  seal(plaintext: Buffer): SealedMessage;
  unseal(header: Buffer, ciphertext: Buffer): Buffer;
  /**
   * Where the mechanism allows it (NTLM: RC4 is a stream cipher, the signature an HMAC): unseals the
   * next message piece by piece as its ciphertext arrives. Null when the header is refused at once;
   * `unseal` then says why. Nothing decrypted may be used before `finish` has verified the message.
   */
  beginUnseal?(header: Buffer): StreamingUnseal | null;
}

/** One message being unsealed in arrival order (MessageSealer.beginUnseal). */
export interface StreamingUnseal {
  /** Decrypts the next piece of the ciphertext where it lies. */
  update(ciphertext: Buffer): void;
  /** Verifies everything passed to `update` against the header: a DeskError INTEGRITY_FAILED when it does not match. */
  finish(): void;
}
