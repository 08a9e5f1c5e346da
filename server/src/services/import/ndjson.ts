/**
 * The streaming contract import (NDJSON: one `{"debtor": {…}}` or `{"contract": {…}}` per line):
 * the staging table and the import's store on the main thread's connection, and the choice of where
 * the pipeline runs (pipeline.ts: stage, check across lines, apply in one transaction).
 *
 * Memory stays flat whatever the file's size, and the import stays all-or-nothing:
 * - the stream is read as the pipeline asks for it (the request body is never buffered whole);
 * - the pipeline runs on the import thread (import-thread.ts), its database calls on this thread's
 *   connection; without the thread's built entry (the server running from its TypeScript source)
 *   it runs here, the same code;
 * - the valid records are staged a chunk at a time in the staging table, keyed by a fresh import id;
 *   the apply step reads them back a chunk at a time in one transaction;
 * - the staging rows of the import are deleted whatever happened (and rows left by a crashed
 *   process are deleted by the next import after a day).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ImportResult } from '../../../../shared/contracts/contracts-import';
import type { ValidationIssue } from '../../../../shared/validation';
import { chunk, dialectOf, insertMany, yieldToEventLoop } from '../../data/bulk';
import { newDocumentIds } from '../../data/ids';
import type { BulkWriter, TxWriter } from './bulk-writer';
import { issue, unpackRecords, type CheckedRecord, type LineKind as Kind } from './check-line';
import { importOnThread, importWorkerEntry } from './import-thread';
import { ImportRefusal, MAX_ISSUES, runImport, type ImportProgress, type ImportStore } from './pipeline';

export { MAX_ISSUES, MAX_LINE_BYTES, ndjsonLines } from './pipeline';

export const STAGING_TABLE = 'invoicing_import_staging';

/** Payload characters per staging INSERT of records packed by the import thread (stageChunk). */
const STAGE_SLICE_CHARS = 48 * 1024;
/** Staging rows older than this belong to a process that died during its import. */
const STALE_MS = 24 * 60 * 60 * 1000;

export interface NdjsonOptions {
  /** records per chunk (the plugin config's `import.chunkSize` by default) */
  chunkSize: number;
  /** called after each staged chunk and each applied chunk (the CLI prints progress) */
  progress?: (event: ImportProgress) => void;
  /** the import thread's entry: found beside the server bundle by default; null runs the import here */
  threadEntry?: string | null;
}

export interface NdjsonOutcome {
  result: ImportResult;
  /** lines read (blank lines included) and records imported */
  lines: number;
  records: number;
  /** whether the import ran on the import thread (false: on the calling thread) */
  checkedOnThread: boolean;
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

  /**
   * One chunk of checked records into the staging table, in a transaction of its own, a slice of
   * ~STAGE_SLICE_CHARS at a time. Records packed by the import thread are unpacked slice by slice,
   * each just before its INSERT: on MySQL a chunk takes several round trips, and records waiting
   * through them all survived young-generation collections and piled up in the main thread's old
   * generation (a heap of 486 MB for a million lines on MariaDB; 200 MB unpacked slice by slice).
   */
  async function stageChunk(importId: string, rows: CheckedRecord[] | Uint8Array, createdAt: number) {
    if (rows.length === 0) return;
    const table = stagingName();
    await knex().transaction(async (trx) => {
      for (const slice of rows instanceof Uint8Array ? unpackRecords(rows, STAGE_SLICE_CHARS) : [rows]) {
        const full = slice.map((r) => ({ import_id: importId, kind: r.kind, line_no: r.line_no, reference: r.reference, debtor_reference: r.debtor_reference, payload: r.payload, created_at: createdAt }));
        if (schemaName()) {
          for (const part of chunk(full, 500)) await staging(trx).insert(part);
        } else {
          await insertMany(trx, table, full);
        }
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

    /**
   * The import's store on this thread's connection: staging writes in short transactions of their
   * own; between `begin` and `end` one transaction for the staged-row reads and the bulk writer.
   */
  function stagingStore(importId: string, createdAt: number): ImportStore & { close(): Promise<void> } {
    let trx: Knex.Transaction | null = null;
    let writer: TxWriter | null = null;
    const tx = (): TxWriter => {
      if (!writer) throw new Error('contract import: the apply transaction is not open');
      return writer;
    };
    const end = async (commit: boolean) => {
      const open = trx;
      trx = null;
      writer = null;
      if (!open || open.isCompleted()) return;
      if (commit) await open.commit();
      else await open.rollback();
    };
    return {
      getTables: w.getTables,
      stage: (rows) => stageChunk(importId, rows, createdAt),
      async crossLineIssues() {
        if (dialectOf(knex()) === 'postgres') {
          // Fresh statistics for the planner: a staging table first filled seconds ago may still be
          // "empty" to it (autovacuum has not analyzed it yet), and the NOT EXISTS check then runs as
          // a nested loop over every staged row (80 s instead of under 1 s for 200,000 lines).
          await knex().raw('ANALYZE ??', [stagingName()]);
        }
        return crossLineIssues(importId);
      },
      async begin() {
        if (trx) throw new Error('contract import: the apply transaction is already open');
        trx = await knex().transaction();
        writer = w.bind(w.dbFor(trx));
      },
      end,
      async page(kind, afterLine, limit) {
        if (!trx) throw new Error('contract import: the apply transaction is not open');
        return (await staging(trx)
          .select('line_no', 'payload')
          .where({ import_id: importId, kind })
          .andWhere('line_no', '>', afterLine)
          .orderBy('line_no')
          .limit(limit)) as Array<{ line_no: number; payload: string }>;
      },
      readIn: (...a) => tx().readIn(...a),
      deleteIn: (...a) => tx().deleteIn(...a),
      insertEntities: (m, rows) => tx().insertEntities(m, rows),
      updateRows: (...a) => tx().updateRows(...a),
      insertLinks: (...a) => tx().insertLinks(...a),
      /** Rolls back an apply transaction left open (the thread died during it). */
      close: () => end(false),
    };
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
    const store = stagingStore(importId, createdAt);
    const entry = options.threadEntry === undefined ? importWorkerEntry() : options.threadEntry;
    try {
      const outcome = entry
        ? await importOnThread(entry, stream, store, { chunkSize, progress: options.progress })
        : await runImport(stream, store, { chunkSize, progress: options.progress, pause: yieldToEventLoop });
      return { ...outcome, checkedOnThread: entry !== null };
    } catch (error) {
      if (error instanceof ImportRefusal) throw refusal(error.issues, error.summary);
      throw error;
    } finally {
      await store.close();
      await dropStaging(importId);
    }
  }

  return { importStream };
};
