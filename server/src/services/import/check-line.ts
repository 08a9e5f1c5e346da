/**
 * One NDJSON import line checked on its own (pure: no Strapi, no database), on the import's check
 * thread (check-worker.ts) or, without one, on the calling thread.
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

/** A batch of lines for the check thread: [line number, text] pairs. */
export interface CheckRequest {
  id: number;
  lines: Array<[no: number, text: string]>;
}

export type CheckReply = { id: number; results: CheckedLine[] } | { id: number; error: string };
