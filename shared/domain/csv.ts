/**
 * RFC 4180 CSV, read leniently and written strictly. Reading accepts CRLF, LF or CR line ends and a
 * UTF-8 byte order mark (what Excel and PowerShell's Export-Csv write); writing quotes only where
 * needed and ends records with CRLF.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
  /** Set when the record is malformed; its fields are then what could be read, not to be trusted. */
  readonly error?: string;
}

/**
 * Splits text into records. A malformed record (text after a closing quote, a quote that never closes)
 * is returned with an `error` and reading resumes at the next line, so one bad row costs one row.
 * Blank lines are skipped: they are never data in the files this app reads.
 */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;

  // Consumes one line end at `i` (CRLF, LF or CR) and counts it; true when one was there.
  const lineEnd = (): boolean => {
    if (src[i] === '\r') {
      i += src[i + 1] === '\n' ? 2 : 1;
      line++;
      return true;
    }
    if (src[i] === '\n') {
      i++;
      line++;
      return true;
    }
    return false;
  };

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let error: string | undefined;
    for (;;) {
      let field: string;
      if (src[i] === '"') {
        // The field is found by its quotes, then sliced out once and its doubled quotes undone in one
        // pass: appended a character at a time, a field of millions (a quote that never closes) was
        // the slowest thing an import could be handed.
        const start = ++i;
        let doubled = false;
        let end = n;
        for (; i < n; i++) {
          if (src.charCodeAt(i) !== QUOTE) continue;
          if (src.charCodeAt(i + 1) === QUOTE) {
            doubled = true;
            i++;
            continue;
          }
          end = i++;
          break;
        }
        const closed = end < n;
        line += lineEndsIn(src, start, end);
        const raw = src.slice(start, end);
        field = doubled ? raw.replace(/""/g, '"') : raw;
        if (!closed) error = `a quote opened on line ${startLine} is never closed`;
        else if (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          error = 'text follows a closing quote (a quote inside a field must be doubled: "")';
          while (i < n && src[i] !== '\r' && src[i] !== '\n') i++;
        }
      } else {
        const start = i;
        while (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          if (src[i] === '"' && error === undefined) error = 'a quote inside an unquoted field (quote the whole field and double the quote)';
          i++;
        }
        field = src.slice(start, i);
      }
      fields.push(field);
      if (i < n && src[i] === ',') {
        i++;
        continue;
      }
      lineEnd();
      break;
    }
    const blank = fields.length === 1 && fields[0] === '' && error === undefined;
    if (!blank) records.push(error === undefined ? { line: startLine, fields } : { line: startLine, fields, error });
  }
  return records;
}

const QUOTE = 0x22;

/** Line ends (CRLF, LF or CR, each one line) in src[from, to). */
function lineEndsIn(src: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = src.charCodeAt(k);
    if (c === 0x0a) count++;
    else if (c === 0x0d) {
      count++;
      if (k + 1 < to && src.charCodeAt(k + 1) === 0x0a) k++;
    }
  }
  return count;
}

function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Rows to CSV text, CRLF after every record (RFC 4180 §2.1–2.2). */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(quote).join(',')}\r\n`).join('');
}
