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
      let field = '';
      if (src[i] === '"') {
        i++;
        let closed = false;
        while (i < n) {
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\r' || c === '\n') {
            const before = i;
            lineEnd();
            field += src.slice(before, i);
            continue;
          }
          field += c;
          i++;
        }
        if (!closed) error = `a quote opened on line ${startLine} is never closed`;
        else if (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          error = 'text follows a closing quote (a quote inside a field must be doubled: "")';
          while (i < n && src[i] !== '\r' && src[i] !== '\n') i++;
        }
      } else {
        while (i < n && src[i] !== ',' && src[i] !== '\r' && src[i] !== '\n') {
          if (src[i] === '"' && error === undefined) error = 'a quote inside an unquoted field (quote the whole field and double the quote)';
          field += src[i];
          i++;
        }
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

function quote(field: string): string {
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** Rows to CSV text, CRLF after every record (RFC 4180 §2.1–2.2). */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(quote).join(',')}\r\n`).join('');
}
