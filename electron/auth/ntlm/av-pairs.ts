import { DeskError } from '../../../shared/errors.ts';

/** AV_PAIR identifiers (MS-NLMP 2.2.2.1). */
export const MSV_AV_EOL = 0;
export const MSV_AV_FLAGS = 6;
export const MSV_AV_TIMESTAMP = 7;
export const MSV_AV_TARGET_NAME = 9;
export const MSV_AV_CHANNEL_BINDINGS = 10;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
export const MSV_AV_FLAG_MIC_PRESENT = 0x0000_0002;

export interface AvPair {
  readonly id: number;
  readonly value: Buffer;
}

const FIXED_LENGTHS = new Map([
  [MSV_AV_FLAGS, 4],
  [MSV_AV_TIMESTAMP, 8],
  [MSV_AV_CHANNEL_BINDINGS, 16],
]);

function malformed(detail: string): DeskError {
  return new DeskError('MALFORMED_RESPONSE', `The server's NTLM challenge has invalid target information: ${detail}.`);
}

/** Parses a server's target info strictly: every pair inside the buffer, known sizes checked, MsvAvEOL present. */
export function parseAvPairs(data: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  // A Set, not a search of `pairs`: a hostile target info of 65 535 distinct ids made that quadratic.
  const seen = new Set<number>();
  let offset = 0;
  while (offset + 4 <= data.length) {
    const id = data.readUInt16LE(offset);
    const length = data.readUInt16LE(offset + 2);
    offset += 4;
    if (id === MSV_AV_EOL) {
      if (length !== 0) throw malformed('the end marker has a length');
      return pairs;
    }
    if (offset + length > data.length) throw malformed(`pair ${id} runs past the end`);
    const expected = FIXED_LENGTHS.get(id);
    if (expected !== undefined && length !== expected) throw malformed(`pair ${id} is ${length} bytes, not ${expected}`);
    if (seen.has(id)) throw malformed(`pair ${id} appears twice`);
    seen.add(id);
    pairs.push({ id, value: data.subarray(offset, offset + length) });
    offset += length;
  }
  throw malformed('no end marker');
}

/** Encodes pairs in order and appends MsvAvEOL. */
export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const pair of pairs) {
    const header = Buffer.alloc(4);
    header.writeUInt16LE(pair.id, 0);
    header.writeUInt16LE(pair.value.length, 2);
    parts.push(header, pair.value);
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}
