/**
 * E-invoices (DESIGN §18): a document's Peppol BIS Billing 3.0 UBL file, made from the invoice or credit
 * note as GET /invoices/:id answers it (its lines and its seller and debtor snapshots), so the file shows
 * exactly what the PDF shows. The files are made on request, never stored: they are a pure function of
 * the stored document, so the same document always gives the same bytes.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getService } from '../utils/get-service';
import { conflict } from '../utils/errors';
import { invoiceUbl, UblProblem, ublFileName } from '../documents/ubl';
import { zipStream, type ZipEntry } from '../documents/zip';
import { tables } from '../data/tables';
import { runDocumentsByNumber } from '../data/documents';
import type { Invoice } from '../../../shared/contracts/runs';
import type { DocumentKind } from '../../../shared/contracts/documents';

export interface UblFile {
  fileName: string;
  data: Buffer;
  mime: 'application/xml';
}

/** Documents read per query while a run's ZIP is streamed. */
const ZIP_PAGE_SIZE = 100;

const eInvoicesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const t = tables(strapi);

  const kindName = (invoice: Pick<Invoice, 'kind'>) => (invoice.kind === 'credit_note' ? 'credit note' : 'invoice');

  const service = {
    /**
     * The UBL file of an invoice or credit note with its lines and snapshots. Throws `UblProblem` when the
     * document lacks what an e-invoice must carry (e.g. the debtor's electronic address).
     */
    fileOf(invoice: Invoice): UblFile {
      const xml = invoiceUbl({ ...invoice, lines: invoice.lines ?? [] });
      return { fileName: ublFileName(invoice), data: Buffer.from(xml, 'utf8'), mime: 'application/xml' };
    },

    /** GET /invoices/:id/ubl, GET /credit-notes/:id/ubl: 404 for an unknown id (or the other kind), 409 with the reason when it cannot be made. */
    async ubl(documentId: string, kind: DocumentKind): Promise<UblFile> {
      const invoice = await getService(strapi, 'invoices').findOne(documentId, kind);
      try {
        return service.fileOf(invoice);
      } catch (error) {
        if (error instanceof UblProblem) {
          throw conflict(`The e-invoice of ${kindName(invoice)} ${invoice.number} cannot be made: ${error.message}`, { field: error.field });
        }
        throw error;
      }
    },

    /**
     * GET /runs/:id/invoices/ubl: a ZIP of the UBL files of the run's invoices and credit notes, in number
     * order, streamed a page of documents at a time. A document whose file cannot be made is left out and
     * named, with the reason, in `not-included.txt` at the end of the archive, so one debtor without an
     * electronic address does not hold back the run's other files.
     */
    async zipOfRun(runDocumentId: string) {
      const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
      const invoices = getService(strapi, 'invoices');
      const left: string[] = [];
      async function* entries(): AsyncGenerator<ZipEntry> {
        for await (const rows of runDocumentsByNumber(knex(), t.invoices(), run.id, ['id'], ZIP_PAGE_SIZE)) {
          for (const invoice of await invoices.findManyById(rows.map((r) => Number(r.id)))) {
            try {
              const file = service.fileOf(invoice);
              yield { name: file.fileName, data: file.data };
            } catch (error) {
              if (!(error instanceof UblProblem)) throw error;
              left.push(`${invoice.number}: ${error.message}`);
            }
          }
        }
        if (left.length > 0) {
          yield {
            name: 'not-included.txt',
            data: Buffer.from(`These documents have no e-invoice in this archive:\r\n${left.join('\r\n')}\r\n`, 'utf8'),
          };
        }
      }
      return { fileName: `${run.reference}-ubl.zip`, stream: zipStream(entries()) };
    },
  };
  return service;
};

export type EInvoicesService = ReturnType<typeof eInvoicesService>;
export default eInvoicesService;
