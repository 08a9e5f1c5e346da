import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import { invoiceDocumentData } from '../../../shared/document-data';
import { renderInvoicePdf } from '../documents/pdf';
import { getService } from '../utils/get-service';

/** An invoice's PDF (DESIGN §16). */
export interface InvoiceDocument {
  /** the PDF bytes */
  data: Buffer;
  /** `<number>.pdf`, for Content-Disposition, ZIP entries and e-mail attachments */
  fileName: string;
  mime: 'application/pdf';
  /** hex SHA-256 of `data` */
  sha256: string;
}

/**
 * Invoice documents: the one way the rest of the plugin (downloads, the ZIP, the prepare and send
 * jobs, e-mail attachments) gets an invoice's PDF. `ensure` answers the archived document, rendering
 * and archiving it when it does not exist yet.
 */
const documents = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The PDF of invoice `documentId` (404 when it does not exist). */
  async ensure(documentId: string): Promise<InvoiceDocument> {
    const invoice = await getService(strapi, 'invoices').findOne(documentId);
    const data = await renderInvoicePdf(invoiceDocumentData(invoice));
    return {
      data,
      fileName: `${invoice.number}.pdf`,
      mime: 'application/pdf',
      sha256: createHash('sha256').update(data).digest('hex'),
    };
  },
});

export type DocumentsService = ReturnType<typeof documents>;
export default documents;
