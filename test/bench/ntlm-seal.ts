import { randomBytes } from 'node:crypto';
import { sealBody, SPNEGO_ENCRYPTED, unsealBody } from '../../electron/auth/encryption/multipart.ts';
import { createRc4 } from '../../electron/auth/ntlm/rc4.ts';
import { NtlmSessionSecurity } from '../../electron/auth/ntlm/session-security.ts';

// `node test/bench/ntlm-seal.ts`: the CPU cost of NTLM message encryption alone, without the network
// or the rig (issue 14). A 50 MB `exec` over NTLM/HTTP unseals about 140 replies of ~500 KB, so the
// figures are for messages of that size. Not part of `npm run bench`, which times whole CLI runs.

const MESSAGE_BYTES = 500 * 1024;
const ROUNDS = 7;
const MESSAGES_PER_ROUND = 64;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Median over ROUNDS of the CPU milliseconds (user + system, every thread of the process, so garbage
 * collection counts) one round takes; one untimed round first warms the JIT. CPU time rather than
 * wall time, so that other work on a shared machine does not show up as a slower cipher. `prepare`
 * runs before each round, outside the timing.
 */
function timeRounds<T>(prepare: () => T, round: (prepared: T) => void): number {
  round(prepare());
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const prepared = prepare();
    const started = process.cpuUsage();
    round(prepared);
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

function rc4NsPerByte(inPlace: boolean): number {
  const rc4 = createRc4(randomBytes(16));
  const data = randomBytes(MESSAGE_BYTES);
  const ms = timeRounds(() => null, () => {
    for (let m = 0; m < MESSAGES_PER_ROUND; m++) {
      if (inPlace) rc4.transform(data, data);
      else rc4.transform(data);
    }
  });
  return (ms * 1e6) / (MESSAGE_BYTES * MESSAGES_PER_ROUND);
}

interface Pair {
  readonly client: NtlmSessionSecurity;
  readonly server: NtlmSessionSecurity;
  /** Base64 text, as a Receive reply carries it (the bytes do not change the cost). */
  readonly soap: Buffer;
}

function pair(): Pair {
  const key = randomBytes(16);
  const client = new NtlmSessionSecurity(key);
  const server = new NtlmSessionSecurity(key, 'server');
  const soap = Buffer.from(randomBytes((MESSAGE_BYTES * 3) / 4).toString('base64'));
  const check = sealBody(server, SPNEGO_ENCRYPTED, soap);
  if (!unsealBody(client, SPNEGO_ENCRYPTED, check.contentType, check.body).equals(soap)) throw new Error('seal and unseal do not round-trip');
  return { client, server, soap };
}

function mbPerCpuSecond(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

function sealUnsealMBps(): number {
  const { client, server, soap } = pair();
  const ms = timeRounds(() => null, () => {
    for (let m = 0; m < MESSAGES_PER_ROUND; m++) {
      const { contentType, body } = sealBody(server, SPNEGO_ENCRYPTED, soap);
      unsealBody(client, SPNEGO_ENCRYPTED, contentType, body);
    }
  });
  return mbPerCpuSecond(soap.length * MESSAGES_PER_ROUND, ms);
}

/** What a client spends on a large reply: unsealing only (the replies are sealed outside the timing). */
function unsealMBps(): number {
  const { client, server, soap } = pair();
  const ms = timeRounds(
    () => Array.from({ length: MESSAGES_PER_ROUND }, () => sealBody(server, SPNEGO_ENCRYPTED, soap)),
    (replies) => {
      for (const { contentType, body } of replies) unsealBody(client, SPNEGO_ENCRYPTED, contentType, body);
    },
  );
  return mbPerCpuSecond(soap.length * MESSAGES_PER_ROUND, ms);
}

console.log(`rc4 transform, new output:  ${rc4NsPerByte(false).toFixed(2)} ns/byte of CPU`);
console.log(`rc4 transform, in place:    ${rc4NsPerByte(true).toFixed(2)} ns/byte of CPU`);
console.log(`seal + unseal, 500 KB:      ${sealUnsealMBps().toFixed(0)} MB of plaintext per CPU second (each message sealed once and unsealed once)`);
console.log(`unseal alone, 500 KB:       ${unsealMBps().toFixed(0)} MB of plaintext per CPU second`);
