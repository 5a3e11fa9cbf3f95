/** NEGOTIATE flags (MS-NLMP 2.2.2.5) the client uses or checks; names follow the specification. */
export const NTLMSSP_NEGOTIATE_UNICODE = 0x0000_0001;
export const NTLM_NEGOTIATE_OEM = 0x0000_0002;
export const NTLMSSP_REQUEST_TARGET = 0x0000_0004;
export const NTLMSSP_NEGOTIATE_SIGN = 0x0000_0010;
export const NTLMSSP_NEGOTIATE_SEAL = 0x0000_0020;
export const NTLMSSP_NEGOTIATE_NTLM = 0x0000_0200;
export const NTLMSSP_NEGOTIATE_ALWAYS_SIGN = 0x0000_8000;
export const NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x0008_0000;
export const NTLMSSP_NEGOTIATE_TARGET_INFO = 0x0080_0000;
export const NTLMSSP_NEGOTIATE_VERSION = 0x0200_0000;
export const NTLMSSP_NEGOTIATE_128 = 0x2000_0000;
export const NTLMSSP_NEGOTIATE_KEY_EXCH = 0x4000_0000;
export const NTLMSSP_NEGOTIATE_56 = 0x8000_0000;

/** What the client asks for: NTLMv2 with extended session security, 128-bit key exchange, signing and sealing. */
export const CLIENT_FLAGS =
  (NTLMSSP_NEGOTIATE_UNICODE |
    NTLM_NEGOTIATE_OEM |
    NTLMSSP_REQUEST_TARGET |
    NTLMSSP_NEGOTIATE_SIGN |
    NTLMSSP_NEGOTIATE_SEAL |
    NTLMSSP_NEGOTIATE_NTLM |
    NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
    NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
    NTLMSSP_NEGOTIATE_TARGET_INFO |
    NTLMSSP_NEGOTIATE_VERSION |
    NTLMSSP_NEGOTIATE_128 |
    NTLMSSP_NEGOTIATE_KEY_EXCH |
    NTLMSSP_NEGOTIATE_56) >>>
  0;

/**
 * Flags the server must accept for the session security this client implements; anything less is a
 * downgrade (no key exchange, 40/56-bit keys, NTLMv1-style signing) that the client refuses.
 */
export const REQUIRED_FLAGS = [
  [NTLMSSP_NEGOTIATE_UNICODE, 'Unicode'],
  [NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY, 'extended session security'],
  [NTLMSSP_NEGOTIATE_TARGET_INFO, 'target information (NTLMv2)'],
  [NTLMSSP_NEGOTIATE_128, '128-bit keys'],
  [NTLMSSP_NEGOTIATE_KEY_EXCH, 'key exchange'],
  [NTLMSSP_NEGOTIATE_SIGN, 'signing'],
  [NTLMSSP_NEGOTIATE_SEAL, 'sealing'],
] as const;
