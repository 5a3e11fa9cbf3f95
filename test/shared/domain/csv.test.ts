import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../../shared/domain/csv.ts';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('CSV (RFC 4180)', () => {
  it('reads plain records with CRLF, LF and CR line ends, and no line end at the end', () => {
    expect(fields('a,b\r\nc,d\ne,f\rg,h')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    const records = parseCsv('name,notes\r\n"web, 01","say ""hi""\r\nsecond line"\r\nnext,x\r\n');
    expect(records.map((r) => r.fields)).toEqual([['name', 'notes'], ['web, 01', 'say "hi"\r\nsecond line'], ['next', 'x']]);
    // The record after a two-line field starts on line 4: line numbers are physical lines.
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('skips a UTF-8 byte order mark and blank lines, keeps empty fields', () => {
    expect(fields('\uFEFFname,port\r\n\r\nweb01,,\r\n')).toEqual([['name', 'port'], ['web01', '', '']]);
  });

  it('reports text after a closing quote on that record only and carries on', () => {
    const records = parseCsv('a,b\n"x"y,z\nc,d\n');
    expect(records[1]).toMatchObject({ line: 2, error: expect.stringMatching(/closing quote/) });
    expect(records[2]).toEqual({ line: 3, fields: ['c', 'd'] });
  });

  it('reports a stray quote inside an unquoted field', () => {
    expect(parseCsv('ab"c,d')[0]?.error).toMatch(/quote inside an unquoted field/);
  });

  it('reports a quote that never closes with the line it opened on', () => {
    const records = parseCsv('a,b\nc,"open\nmore\n');
    expect(records[1]).toMatchObject({ line: 2, error: 'a quote opened on line 2 is never closed' });
  });

  it('writes CRLF records, quoting only fields that need it, and reads its own output back', () => {
    const rows = [['name', 'notes'], ['web01', 'plain'], ['a,b', 'quote " here'], ['multi', 'line1\nline2'], [' padded', '']];
    const text = formatCsv(rows);
    expect(text).toBe('name,notes\r\nweb01,plain\r\n"a,b","quote "" here"\r\nmulti,"line1\nline2"\r\n" padded",\r\n');
    expect(fields(text)).toEqual(rows);
  });
});

/**
 * The reader as RFC 4180 states it, one character at a time: the reference the sliced reader must
 * match exactly (fields, line numbers and errors) on any text.
 */
function referenceCsv(text: string): { line: number; fields: string[]; error?: string }[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: { line: number; fields: string[]; error?: string }[] = [];
  let i = 0;
  let line = 1;
  const eol = () => {
    if (src[i] === '\r') i += src[i + 1] === '\n' ? 2 : 1;
    else if (src[i] === '\n') i++;
    else return false;
    line++;
    return true;
  };
  while (i < src.length) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field = '';
      if (src[i] === '"') {
        i++;
        let closed = false;
        while (i < src.length) {
          if (src[i] === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          const before = i;
          if (eol()) field += src.slice(before, i);
          else field += src[i++];
        }
        if (!closed) error = `a quote opened on line ${startLine} is never closed`;
        else if (i < src.length && !',\r\n'.includes(src[i]!)) {
          error = 'text follows a closing quote (a quote inside a field must be doubled: "")';
          while (i < src.length && src[i] !== '\r' && src[i] !== '\n') i++;
        }
      } else {
        while (i < src.length && !',\r\n'.includes(src[i]!)) {
          if (src[i] === '"') error ??= 'a quote inside an unquoted field (quote the whole field and double the quote)';
          field += src[i++];
        }
      }
      fields.push(field);
      if (src[i] === ',') {
        i++;
        continue;
      }
      eol();
      break;
    }
    if (!(fields.length === 1 && fields[0] === '' && error === undefined)) out.push(error === undefined ? { line: startLine, fields } : { line: startLine, fields, error });
  }
  return out;
}

describe('CSV reader against a character-at-a-time reference', () => {
  it('reads every generated text exactly as the reference does', () => {
    // Texts built from the characters that matter to CSV, so quotes, doubled quotes and every line
    // end meet each other in every order.
    const alphabet = ['"', '""', ',', '\r', '\n', '\r\n', 'a', 'bc', ' ', '\uFEFF'];
    let seed = 7;
    // xorshift32: integer-exact, unlike a multiplicative generator in doubles.
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return seed >>> 0;
    };
    for (let run = 0; run < 5000; run++) {
      let text = '';
      const length = next() % 24;
      for (let k = 0; k < length; k++) text += alphabet[next() % alphabet.length];
      expect(parseCsv(text), JSON.stringify(text)).toEqual(referenceCsv(text));
    }
  });
});
