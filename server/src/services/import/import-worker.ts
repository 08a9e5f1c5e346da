/**
 * The NDJSON import thread (a `worker_threads` entry, built to dist/import-worker/): runs the whole
 * import pipeline (pipeline.ts) on the request's bytes, which the main thread sends as it asks for
 * them, with every database call made on the main thread's connection (import-thread.ts).
 */
import { parentPort, workerData } from 'worker_threads';
import type { ImportTables } from './bulk-writer';
import { packRecords, type CheckedRecord } from './check-line';
import type { FromThread, StoreCall, ThreadData, ToThread } from './import-thread';
import { ImportRefusal, runImport, type ImportStore } from './pipeline';

/** A main-side error (a database call's, the request stream's), kept there under `ref`. */
class RemoteError extends Error {
  constructor(
    message: string,
    readonly ref: number,
  ) {
    super(message);
  }
}

const port = parentPort;
if (port) {
  const data = workerData as ThreadData;
  const post = (message: FromThread) => port.postMessage(message);

  /* The request's bytes: one piece asked for ahead of the one being split. */
  const pieces: Array<ToThread & { type: 'data' | 'end' | 'abort' }> = [];
  let asked = false;
  let wake: (() => void) | null = null;
  const ask = () => {
    if (asked) return;
    asked = true;
    post({ type: 'pull' });
  };
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (pieces.length === 0) {
        ask();
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const piece = pieces.shift()!;
      if (piece.type === 'end') return;
      if (piece.type === 'abort') throw new RemoteError(piece.message, piece.ref);
      ask();
      yield piece.chunk;
    }
  }

  /* Store calls made on the main thread. */
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const call =
    (op: StoreCall) =>
    (...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        // packed records are moved to the main thread, not copied
        const transfer = args.filter((a): a is Uint8Array => a instanceof Uint8Array).map((a) => a.buffer as ArrayBuffer);
        port.postMessage({ type: 'call', id, op, args } satisfies FromThread, transfer);
      });
  const stage = call('stage');
  const store = {
    getTables: (): ImportTables => data.tables,
    stage: (rows: CheckedRecord[]) => stage(packRecords(rows)),
    crossLineIssues: call('crossLineIssues'),
    begin: call('begin'),
    end: call('end'),
    page: call('page'),
    readIn: call('readIn'),
    deleteIn: call('deleteIn'),
    insertEntities: call('insertEntities'),
    updateRows: call('updateRows'),
    insertLinks: call('insertLinks'),
  } as unknown as ImportStore;

  port.on('message', (message: ToThread) => {
    if (message.type === 'reply') {
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if ('error' in message) w.reject(new RemoteError(message.error.message, message.error.ref));
      else w.resolve(message.value);
      return;
    }
    if (message.type === 'data' || message.type === 'end' || message.type === 'abort') {
      asked = false;
      pieces.push(message);
      const w = wake;
      wake = null;
      w?.();
    }
  });

  runImport(bytes(), store, { chunkSize: data.chunkSize, progress: (event) => post({ type: 'progress', event }) }).then(
    (outcome) => post({ type: 'done', outcome }),
    (error: unknown) => {
      if (error instanceof ImportRefusal) post({ type: 'refused', issues: error.issues, summary: error.summary });
      else if (error instanceof RemoteError) post({ type: 'failed', message: error.message, ref: error.ref });
      else post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    },
  );
}
