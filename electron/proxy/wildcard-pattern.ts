/**
 * `*` wildcards as bypass lists write them (`*.corp.example`, `10.*`, `*web*`): a star is any run of
 * characters, every other character stands for itself. Matching takes time linear in the pattern and
 * the text, whatever the pattern: it once went through a regular expression, whose backtracking made
 * `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a 60-character host run for over a minute.
 *
 * The pattern is cut at its stars. The first piece must start the text and the last must end it; each
 * piece between is taken at its leftmost place after the one before. Leftmost is never wrong: the star
 * after a piece absorbs whatever a later place would have skipped. Each search is Knuth–Morris–Pratt
 * and starts where the last one ended, so every character of the text is compared a bounded number of
 * times.
 */
export function compileWildcard(pattern: string): (text: string) => boolean {
  const firstStar = pattern.indexOf('*');
  if (firstStar < 0) return (text) => text === pattern;
  const lastStar = pattern.lastIndexOf('*');
  const head = pattern.slice(0, firstStar);
  const tail = pattern.slice(lastStar + 1);
  // The pieces between the first and the last star, as [start, end) ranges of the pattern, and
  // their failure tables in one array indexed like the pattern (no string or array per piece).
  const pieces: number[] = [];
  const fail = new Int32Array(pattern.length);
  for (let start = firstStar + 1; start < lastStar; ) {
    const end = pattern.indexOf('*', start);
    if (end > start) {
      pieces.push(start, end);
      fillFailureTable(pattern, start, end, fail);
    }
    start = end + 1;
  }
  return (text) => {
    if (text.length < head.length + tail.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
    const end = text.length - tail.length;
    let at = head.length;
    for (let p = 0; p < pieces.length; p += 2) {
      at = endOfPiece(text, at, end, pattern, pieces[p]!, pieces[p + 1]!, fail);
      if (at < 0) return false;
    }
    return true;
  };
}

// fail[start + i]: the length of the longest proper prefix of the piece's first i + 1 characters
// that is also their suffix (Knuth–Morris–Pratt).
function fillFailureTable(pattern: string, start: number, end: number, fail: Int32Array): void {
  for (let i = start + 1, k = 0; i < end; i++) {
    while (k > 0 && pattern.charCodeAt(i) !== pattern.charCodeAt(start + k)) k = fail[start + k - 1]!;
    if (pattern.charCodeAt(i) === pattern.charCodeAt(start + k)) k++;
    fail[i] = k;
  }
}

/** Where the first occurrence of pattern[start, end) in text[from, until) ends, or -1. */
function endOfPiece(text: string, from: number, until: number, pattern: string, start: number, end: number, fail: Int32Array): number {
  const length = end - start;
  for (let i = from, k = 0; i < until; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && c !== pattern.charCodeAt(start + k)) k = fail[start + k - 1]!;
    if (c === pattern.charCodeAt(start + k)) k++;
    if (k === length) return i + 1;
  }
  return -1;
}
