import fs from 'fs';
import path from 'path';
import { Worker } from 'worker_threads';
import { checkLine, type CheckedLine, type CheckReply, type CheckRequest } from './check-line';

/**
 * The check thread's heap. What it holds is one batch of lines and the validator (a few MB); the
 * limits make V8 collect its garbage early. Unlimited, the validation's garbage made the server's
 * heap grow to ~450 MB before V8 collected it (RSS ~590 MB during a 300,000-line import over HTTP).
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 };

/**
 * The built check thread entry next to the server bundle (dist/server/index.js →
 * dist/import-worker/index.js); null when absent (the server runs from its TypeScript source).
 */
export function importWorkerEntry(): string | null {
  const here = typeof __dirname === 'string' ? __dirname : null;
  if (!here) return null;
  const entry = path.resolve(here, '../import-worker/index.js');
  return fs.existsSync(entry) ? entry : null;
}

export interface LineChecker {
  /** Each line checked (`checkLine`), in order: on the check thread, or here when there is none. */
  check(lines: Array<[no: number, text: string]>): Promise<CheckedLine[]>;
  /** Whether a check thread is working (false: lines are checked on the calling thread). */
  threaded(): boolean;
  close(): Promise<void>;
}

const checkHere = (lines: Array<[number, string]>): CheckedLine[] => lines.map(([no, text]) => checkLine(no, text));

/**
 * One import's line checker: a thread of its own, started on the second batch (a file of one batch
 * is checked here: starting a thread costs ~150 ms) and stopped by `close`. The same lines give the
 * same results on either thread, so a thread that cannot start or dies (its batches are then checked
 * here) changes nothing but where the work runs.
 */
export function createLineChecker(options: { entry?: string | null; warn?: (message: string) => void } = {}): LineChecker {
  const entry = options.entry === undefined ? importWorkerEntry() : options.entry;
  let worker: Worker | null = null;
  let broken = entry === null;
  let nextId = 1;
  let batches = 0;
  const pending = new Map<number, { lines: Array<[number, string]>; resolve: (r: CheckedLine[]) => void; reject: (e: Error) => void }>();

  const giveUp = (error: Error) => {
    if (broken) return;
    broken = true;
    worker = null;
    options.warn?.(`[invoicing] the import's check thread stopped (${error.message}); lines are checked on the main thread from now on`);
    for (const [id, waiting] of pending) {
      pending.delete(id);
      try {
        waiting.resolve(checkHere(waiting.lines));
      } catch (e) {
        waiting.reject(e as Error);
      }
    }
  };

  const start = (): Worker | null => {
    if (broken) return null;
    if (worker) return worker;
    try {
      worker = new Worker(entry as string, { resourceLimits: RESOURCE_LIMITS });
    } catch (error) {
      giveUp(error as Error);
      return null;
    }
    worker.on('message', (reply: CheckReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if ('results' in reply) waiting.resolve(reply.results);
      else waiting.reject(new Error(reply.error));
    });
    worker.on('error', giveUp);
    worker.on('exit', (code) => giveUp(new Error(`exit code ${code}`)));
    return worker;
  };

  return {
    check(lines) {
      batches += 1;
      const w = batches === 1 ? null : start();
      if (!w) return Promise.resolve().then(() => checkHere(lines));
      const id = nextId++;
      return new Promise<CheckedLine[]>((resolve, reject) => {
        pending.set(id, { lines, resolve, reject });
        w.postMessage({ id, lines } satisfies CheckRequest);
      });
    },
    threaded: () => !broken && worker !== null,
    async close() {
      const w = worker;
      broken = true; // a thread that exits now is not a failure
      worker = null;
      if (w) await w.terminate();
    },
  };
}
