import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { invoiceDocumentData } from '../../../shared/document-data';
import type { DocumentKind, DocumentLogo } from '../../../shared/contracts/documents';
import type { Invoice, JobSummary } from '../../../shared/contracts/runs';
import { createRenderPool, type RenderPool } from '../documents/render-pool';
import type { InvoicingConfig } from '../config';
import { zipStream, type ZipEntry } from '../documents/zip';
import { UID_UPLOAD_FILE } from '../constants';
import { isStorableId, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { type Trx } from '../data/bulk';
import { toInt } from '../data/rows';
import { tables } from '../data/tables';
import { runDocumentsByNumber } from '../data/documents';
import type { JobContext, JobHandler } from './worker';

/** An invoice's PDF (DESIGN §16). */
export interface InvoiceDocument {
  /** the PDF bytes */
  data: Buffer;
  /** `<number>.pdf`, for Content-Disposition, ZIP entries and e-mail attachments */
  fileName: string;
  mime: 'application/pdf';
  /** hex SHA-256 of `data` */
  sha256: string;
  /** whether this call rendered and archived the document (false: it answered the archived one) */
  created: boolean;
}

/** The columns of an upload-plugin file that locate its bytes. */
interface StoredFile {
  id: number;
  url: string;
  provider: string;
  hash: string;
  ext: string;
  mime: string;
  [key: string]: unknown;
}

interface UploadProvider {
  isPrivate?: () => boolean | Promise<boolean>;
  getSignedUrl?: (file: StoredFile) => Promise<{ url: string }>;
}

interface UploadService {
  formatFileInfo(file: { filename: string; type: string; size: number }, fileInfo?: { name?: string }): Promise<Record<string, unknown>>;
  remove(file: StoredFile): Promise<unknown>;
}

/** The upload plugin's provider service (it picks the provider's `uploadStream` or `upload`). */
interface UploadProviderService {
  checkFileSize(file: Record<string, unknown>): Promise<void>;
  upload(file: Record<string, unknown>): Promise<void>;
}

/** An invoice rendered and stored by the provider, its file row not yet written. */
interface Rendered {
  invoice: Invoice & { id: number };
  data: Buffer;
  sha256: string;
  fileName: string;
  /** the upload-plugin file row's values (`hash` is unique) */
  values: Record<string, unknown>;
}

const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Thrown when an archived document cannot be read back or its bytes are not the archived ones. */
export class ArchivedDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchivedDocumentError';
  }
}

/** How many documents the prepare job renders between two progress commits. */
const PREPARE_BATCH = 50;

/**
 * Invoice documents: the one way the rest of the plugin (downloads, the ZIP, the prepare and send
 * jobs, e-mail attachments) gets an invoice's PDF. `ensure` answers the archived document, rendering
 * and archiving it when it does not exist yet.
 *
 * Archiving (DESIGN §16 "archived once"): the first `ensure` renders the PDF from the invoice's
 * snapshots, stores it through Strapi's upload plugin (so the host's provider — local disk, S3, … —
 * holds it) and records the file id, SHA-256 and size on the invoice with a conditional update
 * `WHERE document_sha_256 IS NULL`. When two first requests race, the one whose update finds the column
 * already set removes its own upload and answers the winner's bytes, so an invoice has exactly one
 * archived file. Every later call reads the archived bytes back through the provider and checks them
 * against the recorded SHA-256.
 */
const documents = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: the documents job and archive claim and record thousands of invoices per batch (data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const uploadService = () => strapi.plugin('upload').service('upload') as unknown as UploadService;
  let pool: RenderPool | null = null;
  const renderPool = (): RenderPool => {
    if (!pool) {
      const config = strapi.config.get('plugin::invoicing') as Partial<InvoicingConfig> | undefined;
      pool = createRenderPool({ size: config?.documents?.renderThreads ?? 1, warn: (message) => strapi.log.warn(message) });
    }
    return pool;
  };

  async function storedFile(id: number): Promise<StoredFile | null> {
    if (!strapi.contentTypes[UID_UPLOAD_FILE]) return null;
    return ((await strapi.db.query(UID_UPLOAD_FILE).findOne({ where: { id } })) as StoredFile | null) ?? null;
  }

  /**
   * The bytes of an upload-plugin file: the local provider's from the public folder, any other
   * provider's from its URL (a signed URL when the provider keeps files private).
   */
  async function readStored(file: StoredFile): Promise<Buffer> {
    const url = String(file.url ?? '');
    if (file.provider === 'local' && url.startsWith('/')) {
      const root = path.resolve(strapi.dirs.static.public);
      const full = path.resolve(root, `.${decodeURIComponent(url.split('?')[0])}`);
      if (!full.startsWith(root + path.sep)) throw new ArchivedDocumentError(`File ${file.id} lies outside the public folder.`);
      return fs.readFile(full);
    }
    const provider = strapi.plugin('upload').provider as unknown as UploadProvider;
    let target = url;
    if (typeof provider.isPrivate === 'function' && typeof provider.getSignedUrl === 'function' && (await provider.isPrivate())) {
      target = (await provider.getSignedUrl(file)).url;
    }
    if (target.startsWith('/')) target = new URL(target, strapi.config.get('server.url') || `http://127.0.0.1:${strapi.config.get('server.port')}`).toString();
    const response = await fetch(target);
    if (!response.ok) throw new ArchivedDocumentError(`File ${file.id} could not be fetched from its provider (HTTP ${response.status}).`);
    return Buffer.from(await response.arrayBuffer());
  }

  /** The seller's logo of the snapshot (a Media Library PNG or JPEG); null when absent or unreadable. */
  async function logoOf(invoice: Invoice): Promise<DocumentLogo | null> {
    const logo = invoice.seller?.logo;
    if (!logo || (logo.mime !== 'image/png' && logo.mime !== 'image/jpeg')) return null;
    const file = await storedFile(logo.id);
    if (!file) return null;
    try {
      return { data: new Uint8Array(await readStored(file)), mime: logo.mime };
    } catch (error) {
      strapi.log.warn(`[invoicing] the seller logo (file ${logo.id}) of invoice ${invoice.number} could not be read: ${String(error)}`);
      return null;
    }
  }

  /**
   * Stores a PDF through the upload plugin's provider (so the host's provider — local disk, S3, … —
   * holds it), with the file values the plugin's own upload would write; the file row itself is
   * written by `archive`, one insert for a whole batch.
   */
  async function store(fileName: string, data: Buffer): Promise<Record<string, unknown>> {
    const values = await uploadService().formatFileInfo({ filename: fileName, type: 'application/pdf', size: data.length }, { name: fileName });
    const file: Record<string, unknown> = { ...values, getStream: () => Readable.from([data]) };
    const providers = strapi.plugin('upload').service('provider') as unknown as UploadProviderService;
    await providers.checkFileSize(file);
    await providers.upload(file);
    delete file.getStream;
    delete file.sizeInBytes;
    return { ...file, provider: (strapi.config.get('plugin::upload') as { provider?: string } | undefined)?.provider ?? 'local' };
  }

  /**
   * Renders and archives the documents of these invoices (DESIGN §16 "archived once"): each PDF is
   * rendered from the invoice's snapshots and stored by the provider, then ONE transaction (the
   * caller's `inTransaction`, e.g. the prepare job's progress batch, told how many it archived) inserts all their file rows and
   * records each on its invoice with `WHERE document_sha_256 IS NULL`. An invoice another request
   * archived meanwhile keeps that document: ours is removed and the winner's bytes are answered.
   */
  async function archive(
    invoices: Array<Invoice & { id: number }>,
    inTransaction?: (work: (trx: Trx) => Promise<number>) => Promise<unknown>,
  ): Promise<Map<string, InvoiceDocument>> {
    return recordArchived(await renderAndStore(invoices), inTransaction);
  }

  /** Renders the documents and has the provider store them; their rows are not written yet. */
  async function renderAndStore(invoices: Array<Invoice & { id: number }>): Promise<Rendered[]> {
    const logos = new Map<number, Promise<DocumentLogo | null>>();
    const rendered: Rendered[] = invoices.map((invoice) => ({ invoice, data: Buffer.alloc(0), sha256: '', fileName: `${invoice.number}.pdf`, values: {} }));
    // Every document of the batch goes to the render threads at once; each is stored by the provider
    // as soon as it is back, while the others render.
    const stored = rendered.map(async (item) => {
      const logoId = item.invoice.seller?.logo?.id;
      if (logoId !== undefined && !logos.has(logoId)) logos.set(logoId, logoOf(item.invoice));
      const logo = logoId === undefined ? null : await logos.get(logoId)!;
      item.data = await renderPool().render(invoiceDocumentData(item.invoice, logo));
      item.sha256 = sha256Of(item.data);
      item.values = await store(item.fileName, item.data);
    });
    const results = await Promise.allSettled(stored);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await discard(rendered);
      throw failed.reason;
    }
    return rendered;
  }

  /** Deletes the provider's copies of documents whose rows were never written. */
  async function discard(rendered: Rendered[]): Promise<void> {
    await Promise.all(rendered.filter((r) => r.values.url).map((r) => removeStored(r.values)));
  }

  /** Writes the file rows of stored documents and records them on their invoices (see `archive`). */
  async function recordArchived(
    rendered: Rendered[],
    inTransaction: (work: (trx: Trx) => Promise<number>) => Promise<unknown> = (work) => strapi.db.transaction(({ trx }) => work(trx as Trx)),
  ): Promise<Map<string, InvoiceDocument>> {
    const out = new Map<string, InvoiceDocument>();
    if (rendered.length === 0) return out;
    const lost: Rendered[] = [];
    const now = new Date();
    const written = inTransaction(async (trx) => {
      await strapi.db.query(UID_UPLOAD_FILE).createMany({ data: rendered.map((r) => r.values) });
      const ids = new Map(
        ((await strapi.db.query(UID_UPLOAD_FILE).findMany({ where: { hash: { $in: rendered.map((r) => r.values.hash) } }, select: ['id', 'hash'] })) as Array<{ id: number; hash: string }>).map((f) => [
          String(f.hash),
          Number(f.id),
        ]),
      );
      lost.length = 0;
      for (const r of rendered) {
        const won = await trx(t.invoices())
          .where({ id: r.invoice.id })
          .whereNull('document_sha_256')
          .update({ document_file_id: ids.get(String(r.values.hash)), document_sha_256: r.sha256, document_size: r.data.length, updated_at: now });
        if (won !== 1) lost.push(r);
      }
      return rendered.length - lost.length;
    });
    try {
      await written;
    } catch (error) {
      // The provider's copies whose rows were not committed go too (a job's batch may also throw after
      // its commit, e.g. when the worker hands the job back: those rows and files stay).
      const hashes = rendered.map((r) => String(r.values.hash));
      const kept = new Set(
        ((await strapi.db.query(UID_UPLOAD_FILE).findMany({ where: { hash: { $in: hashes } }, select: ['hash'] })) as Array<{ hash: string }>).map((f) => String(f.hash)),
      );
      await Promise.all(rendered.filter((r) => !kept.has(String(r.values.hash))).map((r) => removeStored(r.values)));
      throw error;
    }
    for (const r of rendered) out.set(r.invoice.documentId, { data: r.data, fileName: r.fileName, mime: 'application/pdf', sha256: r.sha256, created: true });
    for (const r of lost) {
      // Another request archived it first: ours goes, theirs is the document.
      const file = (await strapi.db.query(UID_UPLOAD_FILE).findOne({ where: { hash: r.values.hash } })) as StoredFile | null;
      if (file) await uploadService().remove(file);
      out.set(r.invoice.documentId, await readArchived((await archiveRow({ id: r.invoice.id }))!));
    }
    return out;
  }

  /** Removes a stored document whose row was never written (the provider's copy only). */
  async function removeStored(values: Record<string, unknown>): Promise<void> {
    const provider = strapi.plugin('upload').provider as unknown as { delete?: (file: unknown) => Promise<unknown> };
    try {
      await provider.delete?.(values);
    } catch (error) {
      strapi.log.warn(`[invoicing] a stored document (${String(values.hash)}) could not be removed: ${String(error)}`);
    }
  }

  interface ArchiveRow {
    id: number;
    number: string;
    document_file_id: number | null;
    document_sha_256: string | null;
  }

  const archiveRow = async (where: Record<string, unknown>) =>
    (await knex()(t.invoices()).where(where).first('id', 'number', 'document_file_id', 'document_sha_256')) as ArchiveRow | undefined;

  /**
   * The archive row of document `documentId`: an invoice, or a credit note (DESIGN §17) when `kind` says
   * so (404 for the other kind, as for an unknown id; without `kind`, either).
   */
  async function documentRow(documentId: string, kind?: DocumentKind): Promise<ArchiveRow> {
    const what = kind === 'credit_note' ? 'Credit note' : 'Invoice';
    if (!isStorableId(documentId)) throw notFound(what, documentId);
    const qb = knex()(t.invoices()).where({ document_id: documentId });
    if (kind === 'invoice') qb.whereNull('credited_invoice_id');
    if (kind === 'credit_note') qb.whereNotNull('credited_invoice_id');
    const row = (await qb.first('id', 'number', 'document_file_id', 'document_sha_256')) as ArchiveRow | undefined;
    if (!row) throw notFound(what, documentId);
    return row;
  }

  /** The archived bytes of an invoice, checked against its recorded SHA-256. */
  async function readArchived(row: ArchiveRow, files?: Map<number, StoredFile>): Promise<InvoiceDocument> {
    const file = row.document_file_id === null ? null : files ? (files.get(Number(row.document_file_id)) ?? null) : await storedFile(Number(row.document_file_id));
    if (!file) throw new ArchivedDocumentError(`The archived document of invoice ${row.number} (file ${String(row.document_file_id)}) no longer exists.`);
    const data = await readStored(file);
    const sha256 = sha256Of(data);
    if (sha256 !== row.document_sha_256) {
      throw new ArchivedDocumentError(`The archived document of invoice ${row.number} does not match its recorded SHA-256.`);
    }
    return { data, fileName: `${row.number}.pdf`, mime: 'application/pdf', sha256, created: false };
  }

  const service = {
    /** How many render threads run (they start with the first document rendered). */
    renderThreads(): number {
      return pool?.threads() ?? 0;
    },

    /** Stops the render threads (the plugin's destroy). */
    async close(): Promise<void> {
      await pool?.close();
      pool = null;
    },

    /** The SHA-256 of document `documentId`'s archived PDF; null before it is archived (404: no such document of `kind`). */
    async archivedSha256(documentId: string, kind?: DocumentKind): Promise<string | null> {
      const row = await documentRow(documentId, kind);
      return row.document_sha_256 ? String(row.document_sha_256) : null;
    },

    /**
     * The PDF of invoice or credit note `documentId` (404 when it does not exist, or is not of `kind`),
     * archived at its first request.
     */
    async ensure(documentId: string, kind?: DocumentKind): Promise<InvoiceDocument> {
      const row = await documentRow(documentId, kind);
      if (row.document_sha_256) return readArchived(row);

      const [invoice] = await getService(strapi, 'invoices').findManyById([row.id]);
      return (await archive([invoice])).get(documentId)!;
    },

    /**
     * The PDFs of these invoices (ids of one run), archiving the missing ones in one batch: what the
     * send job attaches.
     */
    async ensureMany(invoices: Array<Invoice & { id: number }>): Promise<Map<string, InvoiceDocument>> {
      const rows = new Map(
        ((await knex()(t.invoices())
          .whereIn(
            'id',
            invoices.map((i) => i.id),
          )
          .select('id', 'number', 'document_file_id', 'document_sha_256')) as ArchiveRow[]).map((r) => [Number(r.id), r]),
      );
      const out = await archive(invoices.filter((i) => !rows.get(i.id)?.document_sha_256));
      const archived = [...rows.values()].filter((r) => r.document_sha_256 && r.document_file_id !== null);
      const files = new Map(
        ((archived.length && strapi.contentTypes[UID_UPLOAD_FILE]
          ? await strapi.db.query(UID_UPLOAD_FILE).findMany({ where: { id: { $in: archived.map((r) => Number(r.document_file_id)) } } })
          : []) as StoredFile[]).map((f) => [Number(f.id), f]),
      );
      for (const invoice of invoices) {
        const row = rows.get(invoice.id);
        if (row?.document_sha_256) out.set(invoice.documentId, await readArchived(row, files));
      }
      return out;
    },

    /**
     * A ZIP of every invoice of the run (`<number>.pdf`, in number order), streamed: invoices are read
     * a page at a time and each document is loaded or rendered only when the archive reaches it.
     */
    async zipOfRun(runDocumentId: string) {
      const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
      async function* entries(): AsyncGenerator<ZipEntry> {
        for await (const rows of runDocumentsByNumber(knex(), t.invoices(), run.id, ['document_id'], 200)) {
          for (const r of rows) yield { name: `${String(r.number)}.pdf`, data: async () => (await service.ensure(String(r.document_id))).data };
        }
      }
      return { fileName: `${run.reference}.zip`, stream: zipStream(entries(), { compress: false }) };
    },

    /**
     * The `documents` job: renders and archives every document of the run that is missing, a batch at
     * a time (the checkpoint is the last invoice id done); it leaves the run's status as it is. A
     * resumed job carries on after its checkpoint, and `ensure` never archives a document twice.
     */
    async runJob(ctx: JobContext): Promise<void> {
      const runId = Number(ctx.run.id);
      let checkpoint = ctx.checkpoint<{ lastId: number } | null>(null);
      const summary: JobSummary = ctx.summary();
      let processed = toInt(ctx.job.processed);
      let total = toInt(ctx.job.total);
      if (!checkpoint) {
        await ctx.batch(async (trx) => {
          const [{ count, done }] = (await trx(t.invoices()).where({ run_id: runId }).count({ count: '*', done: 'document_sha_256' })) as Array<{
            count: number | string;
            done: number | string;
          }>;
          processed = Number(done);
          total = Number(count);
          checkpoint = { lastId: 0 };
          summary.created = 0;
          return { total, processed, checkpoint, summary };
        });
      }
      const size = Math.max(1, Math.min(ctx.batchSize, PREPARE_BATCH));
      /** The next batch after invoice id `after`: read, rendered and stored (not recorded). */
      const prepare = async (after: number) => {
        const rows = (await knex()(t.invoices())
          .where({ run_id: runId })
          .whereNull('document_sha_256')
          .where('id', '>', after)
          .orderBy('id', 'asc')
          .limit(size)
          .select('id')) as Array<{ id: number }>;
        if (rows.length === 0) return null;
        const invoices = await getService(strapi, 'invoices').findManyById(rows.map((r) => Number(r.id)));
        return { lastId: Number(rows[rows.length - 1].id), count: rows.length, rendered: await renderAndStore(invoices) };
      };
      // One batch ahead: the next batch renders on the render thread while this one is recorded.
      let ahead = prepare(checkpoint!.lastId);
      ahead.catch(() => undefined);
      try {
        for (;;) {
          const batch = await ahead;
          if (!batch) break;
          ahead = prepare(batch.lastId);
          ahead.catch(() => undefined);
          // (a download may have archived some of them meanwhile: never count past the total)
          processed = Math.min(total, processed + batch.count);
          // The file rows, the invoices' archive columns and the job's progress: one commit per batch.
          await recordArchived(batch.rendered, (work) =>
            ctx.batch(async (trx) => {
              summary.created += await work(trx);
              return { processed, checkpoint: { lastId: batch.lastId }, summary };
            }),
          );
        }
      } catch (error) {
        // The batch prepared ahead is never recorded by this attempt: its stored files go.
        await ahead.then((batch) => batch && discard(batch.rendered)).catch(() => undefined);
        throw error;
      }
      await ctx.finish(async () => ({ summary, complete: { details: { created: summary.created } } }));
    },
  } satisfies JobHandler & Record<string, unknown>;

  return service;
};

export type DocumentsService = ReturnType<typeof documents>;
export default documents;
