import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { invoiceDocumentData } from '../../../shared/document-data';
import type { DocumentLogo } from '../../../shared/contracts/documents';
import type { Invoice, JobSummary } from '../../../shared/contracts/runs';
import { renderInvoicePdf } from '../documents/pdf';
import { zipStream, type ZipEntry } from '../documents/zip';
import { UID_UPLOAD_FILE } from '../constants';
import { isStorableId, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { tables, toInt } from '../utils/db';
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
  upload(
    input: { data: { fileInfo: { name: string } }; files: { filepath: string; originalFilename: string; mimetype: string; size: number } },
    opts?: unknown,
  ): Promise<StoredFile[]>;
  remove(file: StoredFile): Promise<unknown>;
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
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const uploadService = () => strapi.plugin('upload').service('upload') as unknown as UploadService;

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

  /** Stores the PDF through the upload plugin (from a temporary file, as a multipart upload would). */
  async function upload(fileName: string, data: Buffer): Promise<StoredFile> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'invoicing-document-'));
    const filepath = path.join(dir, 'document.pdf');
    try {
      await fs.writeFile(filepath, data);
      const [file] = await uploadService().upload({
        data: { fileInfo: { name: fileName } },
        files: { filepath, originalFilename: fileName, mimetype: 'application/pdf', size: data.length },
      });
      return file;
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
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

  /** The archived bytes of an invoice, checked against its recorded SHA-256. */
  async function readArchived(row: ArchiveRow): Promise<InvoiceDocument> {
    const file = row.document_file_id === null ? null : await storedFile(Number(row.document_file_id));
    if (!file) throw new ArchivedDocumentError(`The archived document of invoice ${row.number} (file ${String(row.document_file_id)}) no longer exists.`);
    const data = await readStored(file);
    const sha256 = sha256Of(data);
    if (sha256 !== row.document_sha_256) {
      throw new ArchivedDocumentError(`The archived document of invoice ${row.number} does not match its recorded SHA-256.`);
    }
    return { data, fileName: `${row.number}.pdf`, mime: 'application/pdf', sha256, created: false };
  }

  const service = {
    /** The PDF of invoice `documentId` (404 when it does not exist), archived at its first request. */
    async ensure(documentId: string): Promise<InvoiceDocument> {
      if (!isStorableId(documentId)) throw notFound('Invoice', documentId);
      const row = await archiveRow({ document_id: documentId });
      if (!row) throw notFound('Invoice', documentId);
      if (row.document_sha_256) return readArchived(row);

      const invoice = await getService(strapi, 'invoices').findOne(documentId);
      const data = await renderInvoicePdf(invoiceDocumentData(invoice, await logoOf(invoice)));
      const fileName = `${invoice.number}.pdf`;
      const sha256 = sha256Of(data);
      const file = await upload(fileName, data);
      const won = await knex()(t.invoices())
        .where({ id: row.id })
        .whereNull('document_sha_256')
        .update({ document_file_id: file.id, document_sha_256: sha256, document_size: data.length, updated_at: new Date() });
      if (won !== 1) {
        // Another request archived it first: ours goes, theirs is the document.
        await uploadService().remove(file);
        return readArchived((await archiveRow({ id: row.id }))!);
      }
      return { data, fileName, mime: 'application/pdf', sha256, created: true };
    },

    /**
     * A ZIP of every invoice of the run (`<number>.pdf`, in number order), streamed: invoices are read
     * a page at a time and each document is loaded or rendered only when the archive reaches it.
     */
    async zipOfRun(runDocumentId: string) {
      const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
      const pageSize = 200;
      async function* entries(): AsyncGenerator<ZipEntry> {
        let after = '';
        for (;;) {
          const rows = (await knex()(t.invoices())
            .where({ run_id: run.id })
            .where('number', '>', after)
            .orderBy('number', 'asc')
            .limit(pageSize)
            .select('document_id', 'number')) as Array<{ document_id: string; number: string }>;
          for (const r of rows) yield { name: `${r.number}.pdf`, data: async () => (await service.ensure(r.document_id)).data };
          if (rows.length < pageSize) return;
          after = rows[rows.length - 1].number;
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
      let lastId = checkpoint!.lastId;
      const size = Math.max(1, Math.min(ctx.batchSize, PREPARE_BATCH));
      for (;;) {
        const rows = (await knex()(t.invoices())
          .where({ run_id: runId })
          .whereNull('document_sha_256')
          .where('id', '>', lastId)
          .orderBy('id', 'asc')
          .limit(size)
          .select('id', 'document_id')) as Array<{ id: number; document_id: string }>;
        if (rows.length === 0) break;
        for (const r of rows) {
          if ((await service.ensure(r.document_id)).created) summary.created += 1;
        }
        lastId = Number(rows[rows.length - 1].id);
        // (a download may have archived some of them meanwhile: never count past the total)
        processed = Math.min(total, processed + rows.length);
        await ctx.batch(async () => ({ processed, checkpoint: { lastId }, summary }));
      }
      await ctx.finish(async () => ({ summary, complete: { details: { created: summary.created } } }));
    },
  } satisfies JobHandler & Record<string, unknown>;

  return service;
};

export type DocumentsService = ReturnType<typeof documents>;
export default documents;
