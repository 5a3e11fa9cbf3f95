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
}
