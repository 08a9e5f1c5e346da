/**
 * CSV that is safe to open in a spreadsheet (DESIGN §14): RFC 4180 (fields separated by commas, rows
 * ended by CRLF, text in double quotes with quotes doubled), and text cells that a spreadsheet would
 * read as a formula (starting with =, +, -, @, a tab or a carriage return) are neutralised with a
 * leading apostrophe. Numbers (money, quantities, dates) are written plain, so a negative amount
 * stays a number.
 */

export type CsvCell = { text: string | null | undefined } | { number: string | number | null | undefined };

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell: quoted, formula-neutralised. */
export function csvText(value: string | null | undefined): string {
  const s = value ?? '';
  const safe = FORMULA_START.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A numeric cell (decimal string or calendar date): written as is; anything else is quoted as text. */
export function csvNumber(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /^-?\d+(\.\d+)?$/.test(s) || /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : csvText(s);
}

export function csvRow(cells: CsvCell[]): string {
  return `${cells.map((c) => ('text' in c ? csvText(c.text) : csvNumber(c.number))).join(',')}\r\n`;
}
