/**
 * A minimal, strict RFC 4180 reader for tests (independent of shared/csv.ts, which writes CSV): fields
 * separated by commas, rows ended by CRLF, quoted fields with doubled quotes. It throws on anything
 * RFC 4180 does not allow (a bare line break outside quotes, a quote inside an unquoted field, an
 * unterminated quote or last row), so a test reading an export through it also checks its syntax.
 */
export interface CsvField {
  value: string;
  /** Whether the field was written in double quotes (text) or bare (a plain number or date). */
  quoted: boolean;
}

export function parseCsvFields(input: string): CsvField[][] {
  const rows: CsvField[][] = [];
  let row: CsvField[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let i = 0;
  const endField = () => {
    row.push({ value: field, quoted });
    field = '';
    quoted = false;
  };
  while (i < input.length) {
    const c = input[i];
    if (inQuotes) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        inQuotes = false;
        i += 1;
        const after = input[i];
        if (after !== undefined && after !== ',' && after !== '\r') throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      if (field !== '' || quoted) throw new Error(`quote inside an unquoted field at ${i}`);
      inQuotes = true;
      quoted = true;
      i += 1;
    } else if (c === ',') {
      endField();
      i += 1;
    } else if (c === '\r' && input[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i += 2;
    } else if (c === '\r' || c === '\n') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (inQuotes) throw new Error('unterminated quoted field');
  if (field !== '' || quoted || row.length > 0) throw new Error('last row not terminated by CRLF');
  return rows;
}

/** The rows' field values only. */
export function parseCsv(input: string): string[][] {
  return parseCsvFields(input).map((row) => row.map((f) => f.value));
}
