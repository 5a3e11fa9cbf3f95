import { DeskError } from '../../../shared/errors.ts';
import { NTLMSSP_SIGNATURE } from './challenge.ts';

/** NEGOTIATE and AUTHENTICATE message layouts (MS-NLMP 2.2.1.1 and 2.2.1.3). */

// Debugging information only (MS-NLMP 2.2.2.10): Windows 10.0, NTLMSSP_REVISION_W2K3.
const VERSION = Buffer.from([10, 0, 0, 0, 0, 0, 0, 15]);

export const AUTHENTICATE_MIC_OFFSET = 72;
const AUTHENTICATE_HEADER = 88;

export function negotiateMessage(flags: number): Buffer {
  const message = Buffer.alloc(40);
  NTLMSSP_SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(flags >>> 0, 12);
  // Domain and workstation fields stay empty: the OEM_*_SUPPLIED flags are not sent.
  VERSION.copy(message, 32);
  return message;
}

export interface AuthenticateFields {
  readonly flags: number;
  readonly lmChallengeResponse: Buffer;
  readonly ntChallengeResponse: Buffer;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey: Buffer;
}

/** Builds an AUTHENTICATE with a zeroed MIC field; the caller computes the MIC over it and writes it in. */
export function authenticateMessage(fields: AuthenticateFields): Buffer {
  const payloads = [
    fields.lmChallengeResponse,
    fields.ntChallengeResponse,
    Buffer.from(fields.domain, 'utf16le'),
    Buffer.from(fields.user, 'utf16le'),
    Buffer.from(fields.workstation, 'utf16le'),
    fields.encryptedRandomSessionKey,
  ];
  const header = Buffer.alloc(AUTHENTICATE_HEADER);
  NTLMSSP_SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = AUTHENTICATE_HEADER;
  payloads.forEach((payload, i) => {
    if (payload.length > 0xffff) throw new DeskError('INVALID_ARGUMENT', 'The NTLM user name, domain or server name is too long.');
    const at = 12 + i * 8;
    header.writeUInt16LE(payload.length, at);
    header.writeUInt16LE(payload.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += payload.length;
  });
  header.writeUInt32LE(fields.flags >>> 0, 60);
  VERSION.copy(header, 64);
  return Buffer.concat([header, ...payloads]);
}
