/**
 * The streaming contract import (NDJSON: one `{"debtor": {…}}` or `{"contract": {…}}` per line).
 *
 * Memory stays flat whatever the file's size, and the import stays all-or-nothing:
 *
 * 1. Stage. The stream is read line by line (the request body is never buffered whole); each line
 *    is checked on its own with the JSON import's own schema (as a one-record body; check-line.ts),
 *    in batches on a thread of the import's own (line-checker.ts), and the valid records go,
 *    `chunkSize` at a time, into the staging table keyed by a fresh import id, each chunk in a short
 *    transaction of its own. A bad line stops the staging; the reading goes on to list
 *    the other bad lines (up to MAX_ISSUES).
 * 2. Check across lines, in SQL on the staging rows: references given twice in the file, and
 *    contracts whose debtor is neither in the file nor in the database.
 * 3. Apply: one transaction reads the staging rows back in chunks (debtors first, then contracts)
 *    and runs the JSON import's upserts on each chunk. Readers see the old data until the commit;
 *    any error rolls every chunk back.
 * 4. The staging rows of the import are deleted whatever happened (and rows left by a crashed
 *    process are deleted by the next import after a day).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ImportResult } from '../../../../shared/contracts/contracts-import';
import type { ImportContract, ImportDebtor, ValidationIssue } from '../../../../shared/validation';
import { chunk, dialectOf, insertMany, yieldToEventLoop } from '../../data/bulk';
import { newDocumentIds } from '../../data/ids';
import type { BulkWriter, Db } from './bulk-writer';
import { issue, type CheckedLine, type CheckedRecord, type LineKind as Kind } from './check-line';
import { createLineChecker } from './line-checker';
import { emptyCounts, upsertContracts, upsertDebtors, upsertLines } from './upserts';

export const STAGING_TABLE = 'invoicing_import_staging';

/** Issues listed in one 400 at most (a broken file would otherwise answer millions). */
export const MAX_ISSUES = 100;
/** The longest line accepted: a contract with 10,000 lines of long descriptions fits. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** Payload bytes per staged or applied chunk at most, whatever `chunkSize` says. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Lines (or text bytes) per batch sent to the check thread; one batch is checked while the one before is staged. */
const CHECK_BATCH_LINES = 500;
const CHECK_BATCH_BYTES = 1024 * 1024;
/** Staging rows older than this belong to a process that died during its import. */
const STALE_MS = 24 * 60 * 60 * 1000;

export interface NdjsonOptions {
  /** records per chunk (the plugin config's `import.chunkSize` by default) */
  chunkSize: number;
  /** called after each staged chunk and each applied chunk (the CLI prints progress) */
  progress?: (event: { phase: 'staged' | 'checked' | 'applied'; lines: number }) => void;
}

export interface NdjsonOutcome {
  result: ImportResult;
  /** lines read (blank lines included) and records imported */
  lines: number;
  records: number;
  /** whether the lines were checked on the import's check thread (false: on the calling thread) */
  checkedOnThread: boolean;
}

/** Splits a byte stream into lines (LF or CRLF), numbered from 1; a line over `max` bytes is reported. */
export async function* ndjsonLines(
  stream: AsyncIterable<Buffer | string>,
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
    const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
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

export const ndjsonImport = (strapi: Core.Strapi, w: BulkWriter) => {
  let ready: Promise<void> | undefined;
  // knex: the streamed import writes its staging rows in bulk (data/bulk.ts).
  const knex = () => strapi.db.connection;
  const schemaName = () => strapi.db.getSchemaName();
  /** The staging table's name for raw SQL (`??`), schema-qualified on PostgreSQL with a schema. */
  const stagingName = () => (schemaName() ? `${schemaName()}.${STAGING_TABLE}` : STAGING_TABLE);
  const staging = (q: Knex | Knex.Transaction) => (schemaName() ? q(STAGING_TABLE).withSchema(schemaName()!) : q(STAGING_TABLE));

  /**
   * The staging table, created on first use. It is none of Strapi's content types: Strapi's schema
   * sync leaves tables it never created alone.
   */
  async function ensureStaging(): Promise<void> {
    const builder = () => (schemaName() ? knex().schema.withSchema(schemaName()!) : knex().schema);
    if (await builder().hasTable(STAGING_TABLE)) return;
    try {
      await builder().createTable(STAGING_TABLE, (t) => {
        t.string('import_id', 32).notNullable();
        t.string('kind', 1).notNullable();
        t.integer('line_no').notNullable();
        t.string('reference', 255).notNullable();
        t.string('debtor_reference', 255).nullable();
        t.text('payload', 'longtext').notNullable();
        t.bigInteger('created_at').notNullable();
        t.primary(['import_id', 'kind', 'line_no'], `${STAGING_TABLE}_pkey`);
        t.index(['import_id', 'kind', 'reference'], `${STAGING_TABLE}_ref`);
      });
    } catch (error) {
      // Another instance created it meanwhile.
      if (!(await builder().hasTable(STAGING_TABLE))) throw error;
    }
  }

  async function stageChunk(importId: string, rows: CheckedRecord[], createdAt: number) {
    if (rows.length === 0) return;
    const table = stagingName();
    await knex().transaction(async (trx) => {
      const full = rows.map((r) => ({ import_id: importId, kind: r.kind, line_no: r.line_no, reference: r.reference, debtor_reference: r.debtor_reference, payload: r.payload, created_at: createdAt }));
      if (schemaName()) {
        for (const part of chunk(full, 500)) await staging(trx).insert(part);
      } else {
        await insertMany(trx, table, full);
      }
    });
  }

  async function dropStaging(importId: string): Promise<void> {
    await staging(knex()).where({ import_id: importId }).del();
  }

  /** Cross-line rules: a reference given twice in the file; a contract whose debtor exists nowhere. */
  async function crossLineIssues(importId: string): Promise<ValidationIssue[]> {
    const S = stagingName();
    const { debtor } = w.getTables();
    const debtors = schemaName() ? `${schemaName()}.${debtor.table}` : debtor.table;
    type Rows = Array<Record<string, unknown>>;
    const raw = async (sql: string, bindings: Knex.RawBinding[]): Promise<Rows> => {
      const result = (await knex().raw(sql, bindings)) as unknown;
      // SQLite answers the rows, PostgreSQL { rows }, MySQL [rows, fields].
      const dialect = dialectOf(knex());
      if (dialect === 'postgres') return (result as { rows: Rows }).rows;
      if (dialect === 'mysql') return (result as [Rows])[0];
      return result as Rows;
    };
    // References given more than once: grouped on the (import_id, kind, reference) index, then the
    // lines of those few references (a self-join on line_no would go quadratic on SQLite's plan).
    const groups = await raw(
      `SELECT kind, reference, MIN(line_no) AS first_line FROM ?? WHERE import_id = ?
        GROUP BY kind, reference HAVING COUNT(*) > 1 LIMIT ${MAX_ISSUES}`,
      [S, importId],
    );
    const issues: ValidationIssue[] = [];
    for (const g of groups) {
      const first = Number(g.first_line);
      const kind = String(g.kind) as Kind;
      const later = (await staging(knex())
        .select('line_no')
        .where({ import_id: importId, kind, reference: g.reference as string })
        .andWhere('line_no', '>', first)
        .orderBy('line_no')
        .limit(MAX_ISSUES)) as Array<{ line_no: number }>;
      for (const r of later) {
        const no = Number(r.line_no);
        issues.push(
          issue(
            [no, kind === 'd' ? 'debtor' : 'contract', 'reference'],
            `Line ${no}: ${kind === 'd' ? 'Debtor' : 'Contract'} reference "${String(g.reference)}" appears more than once in this import (first on line ${first}).`,
          ),
        );
      }
    }
    const unknown = await raw(
      `SELECT c.line_no AS line_no, c.debtor_reference AS debtor_reference
         FROM ?? c
        WHERE c.import_id = ? AND c.kind = 'c'
          AND NOT EXISTS (SELECT 1 FROM ?? d WHERE d.import_id = c.import_id AND d.kind = 'd' AND d.reference = c.debtor_reference)
          AND NOT EXISTS (SELECT 1 FROM ?? x WHERE x.?? = c.debtor_reference)
        ORDER BY c.line_no
        LIMIT ${MAX_ISSUES}`,
      [S, importId, S, debtors, debtor.fields.reference],
    );
    for (const r of unknown) {
      const no = Number(r.line_no);
      issues.push(
        issue(
          [no, 'contract', 'debtorReference'],
          `Line ${no}: Debtor reference "${String(r.debtor_reference)}" is not one of the debtors in this import and does not exist yet.`,
        ),
      );
    }
    return issues.sort((a, b) => Number(a.path[0]) - Number(b.path[0])).slice(0, MAX_ISSUES);
  }

  /** Reads one kind's staging rows back in chunks (keyset on line_no) and hands each chunk to `apply`. */
  async function eachChunk(q: Db, importId: string, kind: Kind, chunkSize: number, apply: (payloads: string[]) => Promise<void>) {
    let after = 0;
    const page = Math.min(chunkSize, 500);
    let payloads: string[] = [];
    let bytes = 0;
    for (;;) {
      const rows = (await staging(q.trx)
        .select('line_no', 'payload')
        .where({ import_id: importId, kind })
        .andWhere('line_no', '>', after)
        .orderBy('line_no')
        .limit(page)) as Array<{ line_no: number; payload: string }>;
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

  /** Stage, check and apply an NDJSON stream; throws a 400 listing the bad lines (nothing written). */
  async function importStream(
    stream: AsyncIterable<Buffer | string>,
    options: NdjsonOptions,
    refusal: (issues: ValidationIssue[], message?: string) => Error,
  ): Promise<NdjsonOutcome> {
    const chunkSize = Math.max(1, Math.floor(options.chunkSize));
    ready ??= ensureStaging().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    const createdAt = Date.now();
    await staging(knex()).where('created_at', '<', createdAt - STALE_MS).del();
    const importId = newDocumentIds(1)[0];
    const checker = createLineChecker({ warn: (message) => strapi.log.warn(message) });
    let records = 0;
    let lines = 0;
    try {
      /* 1. stage */
      const issues: ValidationIssue[] = [];
      let truncated = false;
      const note = (i: ValidationIssue) => {
        if (issues.length < MAX_ISSUES) issues.push(i);
        else truncated = true;
      };
      let pending: CheckedRecord[] = [];
      let pendingBytes = 0;
      /** The checked lines, in file order: staged a chunk at a time until a line fails. */
      const handle = async (results: CheckedLine[]) => {
        for (const checked of results) {
          if (truncated) return;
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
          if (pending.length >= chunkSize || pendingBytes >= CHUNK_BYTES) {
            await stageChunk(importId, pending, createdAt);
            options.progress?.({ phase: 'staged', lines: row.line_no });
            pending = [];
            pendingBytes = 0;
          }
        }
      };
      // Lines go to the check thread in batches; while it checks one, this thread stages the one before.
      let batch: Array<[number, string]> = [];
      let batchBytes = 0;
      let inFlight: Promise<CheckedLine[]> | null = null;
      const dispatch = async () => {
        if (batch.length === 0) return;
        const previous = inFlight;
        inFlight = checker.check(batch);
        batch = [];
        batchBytes = 0;
        if (previous) await handle(await previous);
      };
      const drain = async () => {
        await dispatch();
        const last = inFlight;
        inFlight = null;
        if (last) await handle(await last);
      };
      for await (const { no, text } of ndjsonLines(stream)) {
        lines = no;
        if (truncated) continue; // drain the rest unread
        if (text === null) {
          await drain(); // the issues stay in line order
          note(issue([no], `Line ${no} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB; a line holds one debtor or one contract.`));
          continue;
        }
        if (text.trim() === '') continue;
        // `Array.of`, not a `[no, text]` literal: a literal's allocation site learns that its pairs
        // outlive young-generation collections (they wait for the check thread) and V8 then
        // allocates every later pair in the old generation ("pretenuring"), where they pile up as
        // garbage until a full collection: the staging step of 1,000,000 lines peaked at 427–467 MB of
        // heap that way, at 210 MB with `Array.of` (bench/ndjson.ts --http).
        batch.push(Array.of<number | string>(no, text) as [number, string]);
        batchBytes += text.length;
        if (batch.length >= CHECK_BATCH_LINES || batchBytes >= CHECK_BATCH_BYTES) await dispatch();
      }
      await drain();
      const checkedOnThread = checker.threaded();
      if (issues.length > 0) {
        throw refusal(issues, truncated ? `More than ${MAX_ISSUES} errors occurred; the first ${MAX_ISSUES} are listed.` : undefined);
      }
      await stageChunk(importId, pending, createdAt);
      options.progress?.({ phase: 'staged', lines });

      /* 2. cross-line checks */
      if (dialectOf(knex()) === 'postgres') {
        // Fresh statistics for the planner: a staging table first filled seconds ago may still be
        // "empty" to it (autovacuum has not analyzed it yet), and the NOT EXISTS check then runs as
        // a nested loop over every staged row (80 s instead of under 1 s for 200,000 lines).
        await knex().raw('ANALYZE ??', [stagingName()]);
      }
      const cross = await crossLineIssues(importId);
      if (cross.length > 0) throw refusal(cross);
      options.progress?.({ phase: 'checked', lines });

      /* 3. apply in one transaction */
      const result: ImportResult = { debtors: emptyCounts(), contracts: emptyCounts(), lines: { ...emptyCounts(), removed: 0 } };
      let applied = 0;
      await strapi.db.transaction(async ({ trx }) => {
        const q = w.dbFor(trx as Knex.Transaction);
        const now = new Date();
        await eachChunk(q, importId, 'd', chunkSize, async (payloads) => {
          await upsertDebtors(w, q, payloads.map((p) => JSON.parse(p) as ImportDebtor), now, result.debtors);
          applied += payloads.length;
          options.progress?.({ phase: 'applied', lines: applied });
          await yieldToEventLoop();
        });
        await eachChunk(q, importId, 'c', chunkSize, async (payloads) => {
          const contracts = payloads.map((p) => JSON.parse(p) as ImportContract);
          const debtorIds = await upsertDebtors(w, q, [], now, emptyCounts(), contracts.map((c) => c.debtorReference));
          const missing = contracts.findIndex((c) => !debtorIds.has(c.debtorReference));
          if (missing !== -1) {
            // Deleted by someone else since the check: refuse as the check would have.
            throw refusal([issue(['contract', 'debtorReference'], `Debtor reference "${contracts[missing].debtorReference}" does not exist (any more).`)]);
          }
          const upserted = await upsertContracts(w, q, contracts, debtorIds, now, result.contracts);
          await upsertLines(w, q, contracts, upserted, now, result.lines);
          applied += payloads.length;
          options.progress?.({ phase: 'applied', lines: applied });
          await yieldToEventLoop();
        });
      });
      return { result, lines, records, checkedOnThread };
    } finally {
      await checker.close();
      await dropStaging(importId);
    }
  }

  return { importStream };
};
