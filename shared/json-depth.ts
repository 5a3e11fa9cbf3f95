/**
 * JSON.parse with a cap on how deeply the text nests. What this app reads as JSON (profile files, host
 * files, `netsh winhttp show advproxy`) nests a handful of levels; a text of half a million opened
 * brackets is never one of them, yet V8 builds every level before the shape is checked, and the time
 * and memory that takes grow faster than the text. One pass over the characters refuses it first.
 */
export class JsonTooDeepError extends SyntaxError {
  readonly maxDepth: number;

  constructor(maxDepth: number) {
    super(`JSON nested deeper than ${maxDepth} levels`);
    this.maxDepth = maxDepth;
    this.name = 'JsonTooDeepError';
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** True when arrays and objects in `text` nest deeper than `maxDepth` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** JSON.parse, refusing (with a JsonTooDeepError, a SyntaxError) text that nests deeper than `maxDepth`. */
export function parseJsonWithin(text: string, maxDepth: number): unknown {
  if (nestsDeeperThan(text, maxDepth)) throw new JsonTooDeepError(maxDepth);
  return JSON.parse(text);
}
