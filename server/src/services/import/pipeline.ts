/**
 * The streaming contract import's pipeline (NDJSON: one `{"debtor": {…}}` or `{"contract": {…}}`
 * per line), written against an `ImportStore` so that it runs the same on the import thread (the
 * store's calls go to the main thread's connection: import-thread.ts) or, without one, on the main
 * thread (the store itself: store.ts). No Strapi, no knex here.
 *
 * 1. Stage. The bytes are split into lines; each line is checked on its own with the JSON import's
 *    own schema (as a one-record body; check-line.ts), and the valid records go, `chunkSize` at a
 *    time, to `store.stage` (one short transaction each, the next chunk checked meanwhile). A bad
 *    line stops the staging; the reading goes on to list the other bad lines (up to MAX_ISSUES).
 * 2. `store.crossLineIssues`: references given twice, contracts whose debtor exists nowhere.
 * 3. Apply in one transaction (`store.begin` … `store.end`): the staging rows are read back in
 *    chunks (debtors first, then contracts) and each chunk goes through the JSON import's upserts.
 *    Readers see the old data until the commit; any error rolls every chunk back.
 *
 * A refusal (the 400's issues) is thrown as `ImportRefusal`.
 */
import type { ImportResult } from '../../../../shared/contracts/contracts-import';
import type { ImportContract, ImportDebtor, ValidationIssue } from '../../../../shared/validation';
import type { TxWriter } from './bulk-writer';
import { checkLine, issue, type CheckedRecord, type LineKind } from './check-line';
import { emptyCounts, upsertContracts, upsertDebtors, upsertLines } from './upserts';

/** Issues listed in one 400 at most (a broken file would otherwise answer millions). */
export const MAX_ISSUES = 100;
/** The longest line accepted: a contract with 10,000 lines of long descriptions fits. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Payload bytes per staged or applied chunk at most, whatever `chunkSize` says. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export type ImportProgress = { phase: 'staged' | 'checked' | 'applied'; lines: number };

/** What the pipeline needs from the database: the staging table and, between begin and end, the writer. */
export interface ImportStore extends TxWriter {
  /** Writes one chunk of checked records (or the same packed: `packRecords`) to the staging table, in a transaction of its own. */
  stage(rows: CheckedRecord[] | Uint8Array): Promise<void>;
  /** The cross-line rules on the staged rows (in SQL): duplicates, unknown debtors. */
  crossLineIssues(): Promise<ValidationIssue[]>;
  /** Opens the apply transaction; the writer's calls and `page` run in it until `end`. */
  begin(): Promise<void>;
  /** Commits (`true`) or rolls back the apply transaction. */
  end(commit: boolean): Promise<void>;
  /** Staged rows of one kind after `afterLine`, in line order (keyset pages). */
  page(kind: LineKind, afterLine: number, limit: number): Promise<Array<{ line_no: number; payload: string }>>;
}

/** A 400: the import was refused and nothing was written. */
export class ImportRefusal extends Error {
  constructor(
    readonly issues: ValidationIssue[],
    readonly summary?: string,
  ) {
    super(summary ?? 'The import was refused.');
    this.name = 'ImportRefusal';
  }
}

export interface PipelineOptions {
  chunkSize: number;
  progress?: (event: ImportProgress) => void;
  /** called between chunks (the main thread yields to its event loop there) */
  pause?: () => Promise<void>;
}

export interface PipelineOutcome {
  result: ImportResult;
  /** lines read (blank lines included) and records imported */
  lines: number;
  records: number;
}

/** Splits a byte stream into lines (LF or CRLF), numbered from 1; a line over `max` bytes is reported. */
export async function* ndjsonLines(
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  max = MAX_LINE_BYTES,
): AsyncGenerator<{ no: number; text: string | null }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let no = 0;
  const take = (tail: Buffer): { no: number; text: string | null } => {
    no += 1;
    const long = tooLong || pendingBytes + tail.length > max;
    const buf = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    if (long) return { no, text: null };
    const end = buf.length > 0 && buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length;
    // A UTF-8 byte order mark before the first line is not part of the JSON.
    const start = no === 1 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    return { no, text: buf.toString('utf8', start, end) };
  };
  for await (const piece of stream) {
    const data =
      typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    let start = 0;
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      yield take(data.subarray(start, nl));
      start = nl + 1;
    }
    if (start < data.length) {
      const rest = data.subarray(start);
      if (tooLong || pendingBytes + rest.length > max) {
        // Keep counting, not holding: the line is refused anyway.
        tooLong = true;
        pending = [];
        pendingBytes = 0;
      } else {
        pending.push(Buffer.from(rest)); // a copy: the stream may reuse its buffer
        pendingBytes += rest.length;
      }
    }
  }
  if (pendingBytes > 0 || tooLong) yield take(Buffer.alloc(0));
}

/** Reads one kind's staged rows back in chunks (keyset on line_no) and hands each chunk to `apply`. */
async function eachChunk(store: ImportStore, kind: LineKind, chunkSize: number, apply: (payloads: string[]) => Promise<void>) {
  let after = 0;
  const page = Math.min(chunkSize, 500);
  let payloads: string[] = [];
  let bytes = 0;
  for (;;) {
    const rows = await store.page(kind, after, page);
    for (const r of rows) {
      payloads.push(r.payload);
      bytes += r.payload.length;
      if (payloads.length >= chunkSize || bytes >= CHUNK_BYTES) {
        await apply(payloads);
        payloads = [];
        bytes = 0;
      }
    }
    if (rows.length < page) break;
    after = Number(rows[rows.length - 1].line_no);
  }
  if (payloads.length > 0) await apply(payloads);
}

/** Stage, check and apply an NDJSON byte stream; throws `ImportRefusal` listing the bad lines (nothing written). */
export async function runImport(stream: AsyncIterable<Buffer | Uint8Array | string>, store: ImportStore, options: PipelineOptions): Promise<PipelineOutcome> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize));
  const pause = options.pause ?? (() => Promise.resolve());
  let records = 0;
  let lines = 0;

  /* 1. stage */
  const issues: ValidationIssue[] = [];
  let truncated = false;
  const note = (i: ValidationIssue) => {
    if (issues.length < MAX_ISSUES) issues.push(i);
    else truncated = true;
  };
  let pending: CheckedRecord[] = [];
  let pendingBytes = 0;
  // One chunk is written while the next is checked.
  let writing: Promise<void> | null = null;
  const flush = async (lastLine: number) => {
    const rows = pending;
    pending = [];
    pendingBytes = 0;
    if (writing) await writing;
    writing = null;
    if (rows.length === 0) return;
    const write = store.stage(rows).then(() => options.progress?.({ phase: 'staged', lines: lastLine }));
    write.catch(() => undefined); // awaited at the next flush: not an unhandled rejection meanwhile
    writing = write;
  };
  try {
    for await (const { no, text } of ndjsonLines(stream)) {
      lines = no;
      if (truncated) continue; // drain the rest unread
      if (text === null) {
        note(issue([no], `Line ${no} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB; a line holds one debtor or one contract.`));
        continue;
      }
      if (text.trim() === '') continue;
      const checked = checkLine(no, text);
      if (checked.issues.length > 0) {
        for (const i of checked.issues) note(i);
        pending = [];
        continue;
      }
      if (issues.length > 0) continue; // nothing more is staged once a line failed
      const row = checked.row!;
      pending.push(row);
      pendingBytes += row.payload.length;
      records += 1;
      if (pending.length >= chunkSize || pendingBytes >= CHUNK_BYTES) await flush(no);
    }
  } finally {
    // A failed write is reported once, after the reading stopped.
    const last: Promise<void> | null = writing;
    writing = null;
    if (last) await last;
  }
  if (issues.length > 0) {
    throw new ImportRefusal(issues, truncated ? `More than ${MAX_ISSUES} errors occurred; the first ${MAX_ISSUES} are listed.` : undefined);
  }
  await flush(lines);
  if (writing) await writing;
  options.progress?.({ phase: 'staged', lines });

  /* 2. cross-line checks */
  const cross = await store.crossLineIssues();
  if (cross.length > 0) throw new ImportRefusal(cross);
  options.progress?.({ phase: 'checked', lines });

  /* 3. apply in one transaction */
  const result: ImportResult = { debtors: emptyCounts(), contracts: emptyCounts(), lines: { ...emptyCounts(), removed: 0 } };
  let applied = 0;
  await store.begin();
  let committed = false;
  try {
    const now = new Date();
    await eachChunk(store, 'd', chunkSize, async (payloads) => {
      await upsertDebtors(store, payloads.map((p) => JSON.parse(p) as ImportDebtor), now, result.debtors);
      applied += payloads.length;
      options.progress?.({ phase: 'applied', lines: applied });
      await pause();
    });
    await eachChunk(store, 'c', chunkSize, async (payloads) => {
      const contracts = payloads.map((p) => JSON.parse(p) as ImportContract);
      const debtorIds = await upsertDebtors(store, [], now, emptyCounts(), contracts.map((c) => c.debtorReference));
      const missing = contracts.findIndex((c) => !debtorIds.has(c.debtorReference));
      if (missing !== -1) {
        // Deleted by someone else since the check: refuse as the check would have.
        throw new ImportRefusal([issue(['contract', 'debtorReference'], `Debtor reference "${contracts[missing].debtorReference}" does not exist (any more).`)]);
      }
      const upserted = await upsertContracts(store, contracts, debtorIds, now, result.contracts);
      await upsertLines(store, contracts, upserted, now, result.lines);
      applied += payloads.length;
      options.progress?.({ phase: 'applied', lines: applied });
      await pause();
    });
    committed = true;
    await store.end(true);
  } finally {
    // The error that stopped the apply step is the one to report, not a failed rollback's.
    if (!committed) await store.end(false).catch(() => undefined);
  }
  return { result, lines, records };
}
