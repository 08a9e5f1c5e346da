import fs from 'fs';
import path from 'path';
import { Worker } from 'worker_threads';
import type { InvoiceDocumentData } from '../../../shared/contracts/documents';
import { renderInvoicePdf } from './pdf';

/**
 * A render thread's heap. Its live data is the parsed fonts and the bounded layout caches (40–80 MB
 * over thousands of documents); without a limit V8 lets the heap grow to about twice that before it
 * collects (RSS +180–200 MB over 1,000 documents here, against +95 MB with these limits). A thread
 * that still runs out of heap dies, and its documents are rendered on the main thread.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

export interface RenderRequest {
  id: number;
  data: InvoiceDocumentData;
}

export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

interface Pending {
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

export interface RenderPool {
  /** The PDF of one document: rendered by a render thread, or on this thread when there is none. */
  render(data: InvoiceDocumentData): Promise<Buffer>;
  /** How many render threads run (0: documents render on the calling thread). */
  threads(): number;
  close(): Promise<void>;
}

/**
 * The built render thread entry next to the server bundle (dist/server/index.js →
 * dist/render-worker/index.js); null when absent (the server runs from its TypeScript source).
 */
export function renderWorkerEntry(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : null;
  if (!here) return null;
  const entry = path.resolve(here, '../render-worker/index.js');
  return fs.existsSync(entry) ? entry : null;
}

/**
 * A pool of `size` render threads, started on the first render, each taking documents in turn (the
 * least busy first). Same input, same bytes, on whichever thread. When no thread can run (size 0, no
 * built entry, or a thread that died) documents are rendered on the calling thread, so a render never
 * fails for want of a thread.
 */
export function createRenderPool(options: { size: number; entry?: string | null; warn?: (message: string) => void }): RenderPool {
  const entry = options.entry === undefined ? renderWorkerEntry() : options.entry;
  let size = entry ? Math.max(0, Math.floor(options.size)) : 0;
  const workers: Array<{ worker: Worker; pending: Map<number, Pending> }> = [];
  let nextId = 1;

  function start() {
    while (workers.length < size) {
      const worker = new Worker(entry as string, { resourceLimits: RESOURCE_LIMITS });
      const slot = { worker, pending: new Map<number, Pending>() };
      worker.unref();
      worker.on('message', (reply: RenderReply) => {
        const waiting = slot.pending.get(reply.id);
        if (!waiting) return;
        slot.pending.delete(reply.id);
        if ('pdf' in reply) waiting.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
        else waiting.reject(new Error(reply.error));
      });
      const fail = (error: Error) => {
        const index = workers.indexOf(slot);
        if (index >= 0) workers.splice(index, 1);
        // A thread that died is not replaced: the rest of the process renders on its own thread.
        size = 0;
        options.warn?.(`[invoicing] a document render thread stopped (${error.message}); documents render on the main thread from now on`);
        for (const [id, waiting] of slot.pending) {
          slot.pending.delete(id);
          renderInvoicePdf(waitingData.get(id) as InvoiceDocumentData).then(waiting.resolve, waiting.reject);
        }
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (workers.includes(slot)) fail(new Error(`exit code ${code}`));
      });
      workers.push(slot);
    }
  }

  // The input of each render in flight, to render it here when its thread dies.
  const waitingData = new Map<number, InvoiceDocumentData>();

  return {
    render(data) {
      if (size === 0) return renderInvoicePdf(data);
      start();
      const slot = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      waitingData.set(id, data);
      return new Promise<Buffer>((resolve, reject) => {
        const done = <T>(settle: (value: T) => void) => (value: T) => {
          waitingData.delete(id);
          settle(value);
        };
        slot.pending.set(id, { resolve: done(resolve), reject: done(reject) });
        slot.worker.ref();
        slot.worker.postMessage({ id, data } satisfies RenderRequest);
      }).finally(() => {
        if (slot.pending.size === 0) slot.worker.unref();
      });
    },
    threads: () => workers.length,
    async close() {
      size = 0;
      const stopping = workers.splice(0);
      await Promise.all(stopping.map((s) => s.worker.terminate()));
      for (const s of stopping) for (const [, waiting] of s.pending) waiting.reject(new Error('The document render threads were stopped.'));
    },
  };
}
