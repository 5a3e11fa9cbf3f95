import { performance } from 'node:perf_hooks';
import { NS } from '../../electron/winrm/namespaces.ts';
import { readResponse } from '../../electron/winrm/response.ts';
import { readReceive } from '../../electron/winrm/shell-messages.ts';
import { envelope, fault } from '../electron/winrm/fixtures.ts';

// Standalone micro benchmark of reading Receive replies as the client does (RelatesTo check, then
// the streams decoded): `node test/bench/receive-parse.ts`. Large replies fill Windows' default
// MaxEnvelopeSize (512 000 bytes) in a few streams or in many pipe-sized ones; small ones are what a
// batch of short commands and an idle shell's polls bring. Figures are medians over several rounds.
const ID = 'uuid:11111111-2222-4333-8444-555555555555';
const CID = 'C0FFEE00-1111-4222-8333-444455556666';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);

function receiveReply(streams: Array<[name: 'stdout' | 'stderr', bytes: number]>, done: boolean): string {
  let seed = 1;
  const body = streams
    .map(([name, bytes]) => {
      const data = Buffer.alloc(bytes);
      // Printable text with line breaks, as a command prints: base64 of it has no long runs.
      for (let i = 0; i < bytes; i++) data[i] = i % 80 === 79 ? 10 : 32 + ((seed = (seed * 1103515245 + 12345) >>> 0) % 95);
      return `<rsp:Stream Name="${name}" CommandId="${CID}">${data.toString('base64')}</rsp:Stream>`;
    })
    .join('');
  const state = done
    ? `<rsp:CommandState CommandId="${CID}" State="${NS.shell}/CommandState/Done"><rsp:ExitCode>0</rsp:ExitCode></rsp:CommandState>`
    : `<rsp:CommandState CommandId="${CID}" State="${NS.shell}/CommandState/Running"/>`;
  return envelope(`${NS.shell}/ReceiveResponse`, ID, `<rsp:ReceiveResponse>${body}${state}</rsp:ReceiveResponse>`);
}

function read(xml: string): number {
  let bytes = 0;
  try {
    for (const chunk of readReceive(readResponse(xml, ID), CID).chunks) bytes += chunk.data.length;
  } catch (error) {
    if (!(error instanceof Error && 'isOperationTimeout' in error)) throw error;
  }
  return bytes;
}

/** How many reads of `xml` take about `batchMs`. */
function batchSize(xml: string, batchMs: number): number {
  let n = 1;
  let took = 0;
  for (; took < batchMs / 4; n *= 2) {
    const started = performance.now();
    for (let i = 0; i < n; i++) read(xml);
    took = performance.now() - started;
  }
  return Math.max(1, Math.round(((n / 2) * batchMs) / took));
}

/**
 * Median CPU seconds per read of each reply (the process's, so garbage collection on helper threads
 * counts, and waiting for a busy machine's CPU does not). Rounds take every reply in turn, so a phase
 * of the process (JIT, heap growth) falls on all of them alike rather than on whichever ran then.
 */
function secondsPerRead(replies: readonly string[], batchMs: number): number[] {
  const sizes = replies.map((xml) => batchSize(xml, batchMs));
  const rounds: number[][] = replies.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    replies.forEach((xml, k) => {
      const started = process.cpuUsage();
      for (let i = 0; i < sizes[k]!; i++) read(xml);
      const used = process.cpuUsage(started);
      rounds[k]!.push((used.user + used.system) / 1e6 / sizes[k]!);
    });
  }
  return rounds.map((times) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
}

const MB = 1024 * 1024;
// ~375 KB of output is what a 512 000-byte envelope holds once base64 and the headers are paid for.
const large: Array<[string, string]> = [
  ['4 streams of 94 KB (stdout/stderr alternating)', receiveReply([['stdout', 96_000], ['stderr', 96_000], ['stdout', 96_000], ['stderr', 96_000]], false)],
  ['1 stream of 375 KB', receiveReply([['stdout', 384_000]], false)],
  ['94 streams of 4 KB', receiveReply(Array.from({ length: 94 }, (_, i) => [i % 5 === 4 ? 'stderr' : 'stdout', 4096] as ['stdout' | 'stderr', number]), false)],
];
const small: Array<[string, string]> = [
  ['one line of output', receiveReply([['stdout', 12]], false)],
  ['last reply of a command (output and exit code)', receiveReply([['stdout', 40], ['stderr', 0]], true)],
  ['OperationTimeout fault (idle poll)', fault(ID, '2150858793', 'w:TimedOut', 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.')],
];

console.log(`receive-parse: Node ${process.versions.node}, CPU time, median of ${ROUNDS} rounds`);
secondsPerRead(large.map(([, xml]) => xml), 300).forEach((s, i) => {
  const [label, xml] = large[i]!;
  console.log(`  ${label}: ${(xml.length / MB / s).toFixed(1)} MB/s of envelope (${(xml.length / 1000).toFixed(0)} KB, ${(s * 1000).toFixed(2)} ms CPU each)`);
});
secondsPerRead(small.map(([, xml]) => xml), 200).forEach((s, i) => {
  const [label, xml] = small[i]!;
  console.log(`  ${label}: ${(s * 1e6).toFixed(1)} µs CPU per reply (${xml.length} bytes)`);
});
