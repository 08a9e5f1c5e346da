/**
 * One NDJSON import line checked on its own (pure: no Strapi, no database), by the import pipeline
 * (pipeline.ts) on the import thread or, without one, on the calling thread.
 */
import { importInputSchema, validate, type ImportContract, type ImportDebtor, type ValidationIssue } from '../../../../shared/validation';

/** A 400's entry: the path (its first element the line number) and the sentence. */
export const issue = (path: (string | number)[], message: string): ValidationIssue => ({
  path: path.map(String),
  message,
  name: 'ValidationError',
});

export type LineKind = 'd' | 'c';

/** A valid line's record as it is staged: the validated record as JSON, with its keys beside it. */
export interface CheckedRecord {
  kind: LineKind;
  line_no: number;
  reference: string;
  debtor_reference: string | null;
  payload: string;
}

export interface CheckedLine {
  row?: CheckedRecord;
  issues: ValidationIssue[];
}

/** One line's record, checked with the JSON import's schema as a body with just that record. */
export function checkLine(no: number, text: string): CheckedLine {
  const at = (path: (string | number)[], message: string) => issue([no, ...path], `Line ${no}: ${message}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { issues: [at([], `not valid JSON (${(error as Error).message}). Each line must be one JSON object.`)] };
  }
  const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : null;
  if (keys === null || keys.length !== 1 || (keys[0] !== 'debtor' && keys[0] !== 'contract')) {
    return { issues: [at([], 'each line must be an object with one key, "debtor" or "contract", holding that record.')] };
  }
  const kind = keys[0] as 'debtor' | 'contract';
  const record = (value as Record<string, unknown>)[kind];
  const parsed = validate(importInputSchema, kind === 'debtor' ? { debtors: [record] } : { contracts: [record] });
  if (!parsed.ok) {
    // ['debtors', '0', …rest] → [line, 'debtor', …rest]
    return { issues: parsed.errors.map((e) => at([kind, ...e.path.slice(2)], e.message)) };
  }
  if (kind === 'debtor') {
    const d: ImportDebtor = parsed.value.debtors[0];
    return { row: { kind: 'd', line_no: no, reference: d.reference, debtor_reference: null, payload: JSON.stringify(d) }, issues: [] };
  }
  const c: ImportContract = parsed.value.contracts[0];
  return { row: { kind: 'c', line_no: no, reference: c.reference, debtor_reference: c.debtorReference, payload: JSON.stringify(c) }, issues: [] };
}

/**
 * Checked records packed into bytes (one JSON array per line) for their trip from the import thread
 * to the main thread: the bytes are moved, not copied, and stay outside the main thread's heap until
 * `unpackRecords` reads them a statement's worth at a time.
 */
export function packRecords(rows: readonly CheckedRecord[]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => JSON.stringify([r.kind, r.line_no, r.reference, r.debtor_reference, r.payload])).join('\n'));
}

/** Packed records (`packRecords`) back, in slices of about `sliceChars` characters (one record at least). */
export function* unpackRecords(bytes: Uint8Array, sliceChars: number): Generator<CheckedRecord[]> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let slice: CheckedRecord[] = [];
  let size = 0;
  for (let start = 0; start < buf.length; ) {
    let end = buf.indexOf(10, start);
    if (end === -1) end = buf.length;
    const [kind, line_no, reference, debtor_reference, payload] = JSON.parse(buf.toString('utf8', start, end)) as [LineKind, number, string, string | null, string];
    slice.push({ kind, line_no, reference, debtor_reference, payload });
    size += end - start;
    start = end + 1;
    if (size >= sliceChars) {
      yield slice;
      slice = [];
      size = 0;
    }
  }
  if (slice.length > 0) yield slice;
}
