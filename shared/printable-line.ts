/**
 * Text from outside (a server's fault message, a proxy's status text, a host name from an imported
 * file) made safe to show as one line on a terminal or in the page. A terminal
 * acts on control characters: `ESC ] 0 ; title BEL` retitles the window, `ESC [ 2 J` clears it, a
 * carriage return lets a message overwrite the one before it. So:
 * - line breaks, tabs and every other kind of white space (NEL, U+2028/2029 included) become one
 *   space, and the ends are trimmed: a one-line message stays one line;
 * - the other C0 controls and DEL are shown as their Unicode control pictures (ESC as ␛, BEL as ␇),
 *   so an escape sequence is visible and inert: `␛]0;title␇`;
 * - C1 controls (U+0080–U+009F, which terminals read as ESC plus a character) are shown as that pair,
 *   ␛ and the character (U+009B, the one-byte CSI, is shown as `␛[`);
 * - bidirectional embedding, override and isolate marks are dropped: they can make text read in an
 *   order other than the one it is in, and the text means the same without them.
 * A shell's own output is not for this: it goes to the terminal as it is, as a terminal expects.
 */
export function printableLine(text: string): string {
  const parts: string[] = [];
  let pendingSpace = false;
  let runStart = -1;
  // Every character acted on is in the BMP, so code units suffice; others are copied in runs.
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : -1;
    const plain = code !== -1 && !isSpace(code) && !BIDI_CONTROLS.has(code) && visible(code) === null;
    if (plain) {
      if (runStart === -1) {
        if (pendingSpace) parts.push(' ');
        pendingSpace = false;
        runStart = i;
      }
      continue;
    }
    if (runStart !== -1) parts.push(text.slice(runStart, i));
    runStart = -1;
    if (code === -1) break;
    if (isSpace(code)) {
      pendingSpace = parts.length > 0;
      continue;
    }
    if (BIDI_CONTROLS.has(code)) continue;
    if (pendingSpace) parts.push(' ');
    pendingSpace = false;
    parts.push(visible(code)!);
  }
  return parts.join('');
}

const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const CONTROL_PICTURES = 0x2400;
const DEL_PICTURE = '\u2421';
const ESC_PICTURE = '\u241b';

// What /\s/ matches, and NEL (U+0085), which terminals may also take for a line break.
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

// The visible stand-ins of C0 controls, DEL and C1 controls, by code.
const STAND_INS: ReadonlyArray<string | null> = Array.from({ length: 0xa0 }, (_, code) => {
  if (code < 0x20) return String.fromCharCode(CONTROL_PICTURES + code);
  if (code === 0x7f) return DEL_PICTURE;
  if (code >= 0x80) return ESC_PICTURE + String.fromCharCode(code - 0x40);
  return null;
});

/** The visible stand-in for a control character, or null for a character shown as it is. */
function visible(code: number): string | null {
  return code < 0xa0 ? STAND_INS[code]! : null;
}
