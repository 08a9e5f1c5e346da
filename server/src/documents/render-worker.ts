/**
 * The document render thread (a `worker_threads` entry, built to dist/render-worker/): renders the
 * invoice PDFs the main thread asks for, so that rendering — the CPU-bound half of a document — runs
 * beside the database, the upload provider and the HTTP requests instead of between them.
 */
import { parentPort } from 'worker_threads';
import type { InvoiceDocumentData } from '../../../shared/contracts/documents';
import { renderInvoicePdf } from './pdf';
import type { RenderReply, RenderRequest } from './render-pool';

const port = parentPort;
if (port) {
  port.on('message', (request: RenderRequest) => {
    renderInvoicePdf(request.data as InvoiceDocumentData).then(
      (pdf) => {
        // A copy of its own: a small Buffer may share a pooled ArrayBuffer that must not be transferred.
        const bytes = new Uint8Array(pdf);
        port.postMessage({ id: request.id, pdf: bytes } satisfies RenderReply, [bytes.buffer]);
      },
      (error: unknown) => {
        port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply);
      },
    );
  });
}
