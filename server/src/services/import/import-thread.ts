/**
 * The NDJSON import on a thread of its own (main side). The whole pipeline (pipeline.ts: splitting,
 * checking, staging, applying) runs on the import thread (import-worker.ts); this side feeds it the
 * request's bytes when it asks for them and runs its database calls on the main thread's connection
 * (the `ImportStore`), so the import keeps Strapi's one connection and one transaction and SQLite's
 * single writer, while the import's garbage is collected within the thread's own small heap.
 *
 * Why: on the main thread of a server without a heap limit, V8 lets the heap grow to ~4× what is
 * alive before a full collection (its growing factor for large heaps), and a million-line import's
 * records and rows then piled up as garbage: 583–683 MB RSS over HTTP. The thread's heap limit
 * (RESOURCE_LIMITS) makes V8 collect at ~1.3× what is alive instead, and this side only handles
 * one call's rows at a time, which die young.
 */
import fs from 'fs';
import path from 'path';
import { types } from 'util';
import { Worker } from 'worker_threads';
import type { ValidationIssue } from '../../../../shared/validation';
import type { ImportTables } from './bulk-writer';
import { ImportRefusal, type ImportProgress, type ImportStore, type PipelineOutcome } from './pipeline';

/**
 * The import thread's heap. It holds one chunk of records at a time (a few MB; a single line may be
 * 16 MB). Below 256 MB V8 uses its smallest heap growing factor (1.3), so garbage is collected early.
 */
export const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

/** The store calls the thread may make (every argument and answer is plain data). */
export const STORE_CALLS = ['stage', 'crossLineIssues', 'begin', 'end', 'page', 'readIn', 'deleteIn', 'insertEntities', 'updateRows', 'insertLinks'] as const;
export type StoreCall = (typeof STORE_CALLS)[number];

export interface ThreadData {
  tables: ImportTables;
  chunkSize: number;
}

/** main → thread */
export type ToThread =
  | { type: 'data'; chunk: Uint8Array }
  | { type: 'end' }
  /** the request stream failed: `ref` names the error kept on the main side */
  | { type: 'abort'; ref: number; message: string }
  | { type: 'reply'; id: number; value: unknown }
  | { type: 'reply'; id: number; error: { message: string; ref: number } };

/** thread → main */
export type FromThread =
  | { type: 'pull' }
  | { type: 'call'; id: number; op: StoreCall; args: unknown[] }
  | { type: 'progress'; event: ImportProgress }
  | { type: 'done'; outcome: PipelineOutcome }
  | { type: 'refused'; issues: ValidationIssue[]; summary?: string }
  /** `ref`: the failure is a main-side error (a database call's, the stream's), rethrown as it was */
  | { type: 'failed'; message: string; ref?: number };

/**
 * The built import thread entry next to the server bundle (dist/server/index.js →
 * dist/import-worker/index.js); null when absent (the server runs from its TypeScript source).
 */
export function importWorkerEntry(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : null;
  if (!here) return null;
  const entry = path.resolve(here, '../import-worker/index.js');
  return fs.existsSync(entry) ? entry : null;
}

/**
 * Whether a Date out of a message is another context's than this code's: learnt from the first Date
 * `reviveDates` meets. In a server it is not, and the walk stops there (it cost ~0.5 ms per 1,000
 * rows on the main thread); under Jest, whose modules run in a `vm` context, it is.
 */
let foreignDates: boolean | undefined;

/**
 * The call's arguments with each Date made again with this context's `Date`. Dates come out of a
 * message as the process's own `Date`; code running in another context (a `vm` context, as under
 * Jest) checks `instanceof Date` against its own, and the database drivers then bind an object
 * instead of a timestamp. Arrays and plain objects are walked (rows, updates); nothing else is sent.
 */
export function reviveDates(value: unknown): unknown {
  return foreignDates === false ? value : revive(value);
}

function revive(value: unknown): unknown {
  if (types.isDate(value)) {
    if (value instanceof Date) {
      foreignDates ??= false;
      return value;
    }
    foreignDates = true;
    return new Date(Date.prototype.getTime.call(value));
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Map)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = revive(record[key]);
  }
  return value;
}

/**
 * Runs the import on a new thread from `entry`; answers as `runImport` would (an `ImportRefusal`
 * for a refused file, a database call's own error as it was thrown). The thread is stopped when the
 * import ends, whichever way; a thread that dies fails the import (the caller rolls back and drops
 * the staging rows, so nothing is written).
 */
export function importOnThread(
  entry: string,
  stream: AsyncIterable<Buffer | Uint8Array | string>,
  store: ImportStore,
  options: { chunkSize: number; progress?: (event: ImportProgress) => void },
): Promise<PipelineOutcome> {
  const data: ThreadData = { tables: store.getTables(), chunkSize: options.chunkSize };
  const worker = new Worker(entry, { workerData: data, resourceLimits: RESOURCE_LIMITS });
  const source = stream[Symbol.asyncIterator]();
  const errors: unknown[] = [];
  const keep = (error: unknown) => errors.push(error) - 1;
  const send = (message: ToThread, transfer?: ArrayBuffer[]) => {
    if (!settled) worker.postMessage(message, transfer);
  };
  let settled = false;
  let reading = Promise.resolve();

  /** The next piece of the body, copied into a buffer of its own that is moved (not cloned) to the thread. */
  const pump = () => {
    reading = reading.then(async () => {
      try {
        const next = await source.next();
        if (next.done) return send({ type: 'end' });
        const piece: Buffer | Uint8Array | string = next.value;
        const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
        const copy = new Uint8Array(bytes.byteLength);
        copy.set(bytes);
        send({ type: 'data', chunk: copy }, [copy.buffer]);
      } catch (error) {
        send({ type: 'abort', ref: keep(error), message: error instanceof Error ? error.message : String(error) });
      }
    });
  };

  const serve = (id: number, op: StoreCall, args: unknown[]) => {
    if (!STORE_CALLS.includes(op)) {
      send({ type: 'reply', id, error: { message: `unknown store call ${String(op)}`, ref: keep(new Error(`unknown store call ${String(op)}`)) } });
      return;
    }
    const call = store[op] as (...a: unknown[]) => Promise<unknown>;
    Promise.resolve()
      .then(() => call.apply(store, reviveDates(args) as unknown[]))
      .then(
        (value) => send({ type: 'reply', id, value }),
        (error: unknown) => send({ type: 'reply', id, error: { message: error instanceof Error ? error.message : String(error), ref: keep(error) } }),
      );
  };

  return new Promise<PipelineOutcome>((resolve, reject) => {
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      settle();
      void worker.terminate();
      // The request body is not read any further.
      void source.return?.().catch(() => undefined);
    };
    worker.on('message', (message: FromThread) => {
      switch (message.type) {
        case 'pull':
          return pump();
        case 'call':
          return serve(message.id, message.op, message.args);
        case 'progress':
          return options.progress?.(message.event);
        case 'done':
          return finish(() => resolve(message.outcome));
        case 'refused':
          return finish(() => reject(new ImportRefusal(message.issues, message.summary)));
        case 'failed':
          return finish(() => reject(message.ref !== undefined && message.ref < errors.length ? errors[message.ref] : new Error(message.message)));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) =>
      finish(() => reject(new Error(`The import thread stopped (exit code ${code}) before the import finished; nothing was imported.`))),
    );
  });
}
