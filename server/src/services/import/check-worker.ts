/**
 * The NDJSON import's check thread (a `worker_threads` entry, built to dist/import-worker/): parses
 * and validates batches of lines for the main thread (import/line-checker.ts). Validation is most of
 * an import's allocation; here its garbage is collected within this thread's own small heap instead
 * of growing the server's.
 */
import { parentPort } from 'worker_threads';
import { checkLine, type CheckReply, type CheckRequest } from './check-line';

const port = parentPort;
if (port) {
  port.on('message', (request: CheckRequest) => {
    let reply: CheckReply;
    try {
      reply = { id: request.id, results: request.lines.map(([no, text]) => checkLine(no, text)) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
