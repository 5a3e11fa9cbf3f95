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
