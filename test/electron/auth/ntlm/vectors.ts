/**
 * Inputs and expected values of MS-NLMP section 4.2 (4.2.1 common values, 4.2.4 NTLMv2), plus the
 * MIC, channel-binding and client-timestamp vectors Chromium derived from them (net/ntlm/ntlm_test_data.h,
 * values only) — computed by implementations other than ours.
 */
export const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const SPEC = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  serverChallenge: hex('0123456789abcdef'),
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  randomSessionKey: Buffer.alloc(16, 0x55),
  timestamp: Buffer.alloc(8),
  ntHash: 'a4f49c406510bdcab6824ee7c30fd852',
  responseKeyNT: '0c868a403bfd7a93a3001ef22ef02e3f',
  lmv2Response: '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
  ntProofStr: '68cd0ab851e51c96aabc927bebef6a1c',
  sessionBaseKey: '8de40ccadbc14a82f15cb0ad0de95ca3',
  encryptedRandomSessionKey: 'c5dad2544fc9799094ce1ce90bc9d03e',
  sealedPlaintext: '54e50165bf1936dc996020c1811b0f06fb5f',
  signature: '010000007fb38ec5c55d497600000000',
  /** AV pairs of the 4.2.4 CHALLENGE: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL. */
  targetInfo: hex('02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000'),
  /** The 4.2.4.3 CHALLENGE_MESSAGE (flags 0xe28a8233). */
  challenge: hex(
    '4e544c4d53535000 02000000 0c000c0038000000 33828ae2 0123456789abcdef 0000000000000000 2400240044000000' +
      '060070170000000f 530065007200760065007200' +
      '02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000',
  ),
};

/** Chromium's EPA vector: application data and its gss_channel_bindings_struct MD5. */
export const EPA = {
  applicationData: Buffer.concat([Buffer.from('tls-server-end-point:'), hex('ea05fefecc6b0bd571dbbc5baa3ed45386d0446835f7b74c85621b9983475f95')]),
  hash: '6586e99d81c2fc984e47172fd4dd0310',
};

/**
 * Chromium's end-to-end NTLMv2 vector: the 4.2.4 challenge answered with a client timestamp, the
 * target name HTTP/Server, the EPA channel bindings and the MIC flag.
 */
export const CHROMIUM_V2 = {
  clientTimestamp: 131400439870000000n,
  targetName: 'HTTP/Server',
  ntProofStr: '8c0260dbef690662af9c42d50782d2ed',
  sessionBaseKey: '623dbd071be7a530b6a95c2eb4982470',
};

/**
 * Chromium's NEGOTIATE and AUTHENTICATE for the vector above, and the MIC over them (MIC field zeroed
 * while hashing), keyed with the session base key (no key exchange in that vector).
 */
export const CHROMIUM_MIC = {
  negotiate: hex('4e544c4d53535000 01000000 07820800 0000000020000000 0000000020000000'),
  authenticate: hex(
    '4e544c4d53535000030000001800180058000000 8a008a0070000000 0c000c00fa000000 0800080006010000' +
      '100010000e010000 0000000058000000 03820800 0000000000000000 f7361633f0ad9bdf4a7c421bc6b824a3' +
      '000000000000000000000000000000000000000000000000' +
      '8c0260dbef690662af9c42d50782d2ed 0101000000000000800bc8fd00d4d201 aaaaaaaaaaaaaaaa 00000000' +
      '02000c0044006f006d00610069006e00 01000c00530065007200760065007200 0600040002000000' +
      '0a0010006586e99d81c2fc984e47172fd4dd0310 0900160048005400540050002f00530065007200760065007200' +
      '00000000 00000000 44006f006d00610069006e00 5500730065007200 43004f004d0050005500540045005200',
  ),
  mic: 'f7361633f0ad9bdf4a7c421bc6b824a3',
};
