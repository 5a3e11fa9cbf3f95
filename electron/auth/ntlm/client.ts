import { randomBytes as systemRandomBytes } from 'node:crypto';
import { DeskError } from '../../../shared/errors.ts';
import {
  encodeAvPairs,
  MSV_AV_CHANNEL_BINDINGS,
  MSV_AV_FLAG_MIC_PRESENT,
  MSV_AV_FLAGS,
  MSV_AV_TARGET_NAME,
  MSV_AV_TIMESTAMP,
  type AvPair,
} from './av-pairs.ts';
import { parseChallenge } from './challenge.ts';
import { channelBindingsHash } from '../channel-bindings.ts';
import { CLIENT_FLAGS } from './flags.ts';
import { AUTHENTICATE_MIC_OFFSET, authenticateMessage, negotiateMessage } from './messages.ts';
import { computeMic, encryptRandomSessionKey, fileTimeNow, lmv2Response, ntlmv2Response, ntowfv2 } from './ntlmv2.ts';
import { NtlmSessionSecurity } from './session-security.ts';
import { parseNtlmUserName, type NtlmIdentity } from './user-name.ts';

/** The credential reduced to what NTLMv2 needs: the password itself is not kept. */
export interface NtlmKey extends NtlmIdentity {
  readonly responseKey: Buffer;
}

export function ntlmKey(userName: string, password: string): NtlmKey {
  const identity = parseNtlmUserName(userName);
  return { ...identity, responseKey: ntowfv2(password, identity.user, identity.domain) };
}

/** Seams for reproducible tests; the defaults are the system's. */
export interface NtlmEntropy {
  readonly randomBytes?: (size: number) => Buffer;
  readonly nowMs?: () => number;
}

/** What the AUTHENTICATE binds the context to; known only once the connection carrying the handshake is up. */
export interface NtlmTarget {
  /** The SPN sent in MsvAvTargetName, `HTTP/<host>`. */
  readonly targetName: string;
  /** RFC 5929 application data of the TLS channel, or null over plain HTTP. */
  readonly channelBindings: Buffer | null;
}

export interface NtlmHandshake {
  readonly negotiate: Buffer;
  /** Answers the server's CHALLENGE; throws a DeskError for a malformed or downgraded one. */
  authenticate(challengeToken: Buffer, target: NtlmTarget): { readonly token: Buffer; readonly security: NtlmSessionSecurity };
}

/** The server's pairs, minus those the client owns, then the client's: flags (MIC), channel bindings, target name. */
function clientTargetInfo(serverPairs: readonly AvPair[], target: NtlmTarget): Buffer {
  const serverFlags = serverPairs.find((pair) => pair.id === MSV_AV_FLAGS)?.value.readUInt32LE(0) ?? 0;
  const flags = Buffer.alloc(4);
  flags.writeUInt32LE((serverFlags | MSV_AV_FLAG_MIC_PRESENT) >>> 0);
  const owned = new Set([MSV_AV_FLAGS, MSV_AV_CHANNEL_BINDINGS, MSV_AV_TARGET_NAME]);
  return encodeAvPairs([
    ...serverPairs.filter((pair) => !owned.has(pair.id)),
    { id: MSV_AV_FLAGS, value: flags },
    { id: MSV_AV_CHANNEL_BINDINGS, value: channelBindingsHash(target.channelBindings) },
    { id: MSV_AV_TARGET_NAME, value: Buffer.from(target.targetName, 'utf16le') },
  ]);
}

/**
 * One NTLMv2 initiator exchange (MS-NLMP 3.1.5.1): NEGOTIATE, then AUTHENTICATE for the server's
 * CHALLENGE with key exchange and a MIC, yielding the session security for the new context. The MIC
 * is always sent (MsvAvFlags says so), which also keeps a stripped MsvAvTimestamp from turning it off.
 */
export function beginNtlmHandshake(key: NtlmKey, entropy: NtlmEntropy = {}): NtlmHandshake {
  const random = entropy.randomBytes ?? systemRandomBytes;
  const negotiate = negotiateMessage(CLIENT_FLAGS);
  return {
    negotiate,
    authenticate(challengeToken, target) {
      const challenge = parseChallenge(challengeToken);
      const serverTimestamp = challenge.targetInfo.find((pair) => pair.id === MSV_AV_TIMESTAMP)?.value;
      const targetInfo = clientTargetInfo(challenge.targetInfo, target);
      // The NTLMv2 response (48 bytes around the target info) goes in a field of at most 65 535 bytes.
      if (targetInfo.length + 48 > 0xffff) throw new DeskError('MALFORMED_RESPONSE', "The server's NTLM challenge carries more target information than an answer can hold.");
      const clientChallenge = random(8);
      const { ntChallengeResponse, sessionBaseKey } = ntlmv2Response({
        responseKey: key.responseKey,
        serverChallenge: challenge.serverChallenge,
        clientChallenge,
        timestamp: serverTimestamp ?? fileTimeNow(entropy.nowMs?.()),
        targetInfo,
      });
      const exportedSessionKey = random(16);
      const message = authenticateMessage({
        flags: (challenge.flags & CLIENT_FLAGS) >>> 0,
        // With a server timestamp the LMv2 response is replaced by zeros (MS-NLMP 3.1.5.1.2).
        lmChallengeResponse: serverTimestamp ? Buffer.alloc(24) : lmv2Response(key.responseKey, challenge.serverChallenge, clientChallenge),
        ntChallengeResponse,
        domain: key.domain,
        user: key.user,
        workstation: '',
        encryptedRandomSessionKey: encryptRandomSessionKey(sessionBaseKey, exportedSessionKey),
      });
      computeMic(exportedSessionKey, negotiate, challenge.raw, message).copy(message, AUTHENTICATE_MIC_OFFSET);
      return { token: message, security: new NtlmSessionSecurity(exportedSessionKey) };
    },
  };
}
