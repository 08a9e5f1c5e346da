import cron from 'node-cron';
import { JOURNAL_PAGE_SIZE } from '../constants';

/**
 * Plugin configuration (config/plugins.ts of the host app, key `invoicing.config`).
 */
export interface InvoicingConfig {
  /** The plugin's own ticker (node-cron), independent of the host's cron settings. */
  ticker: { enabled: boolean; expression: string };
  /**
   * The background worker that claims and runs jobs. `batchSize`: contract lines per batch of the
   * amounts job (the invoices job takes half as many amounts); unset, DEFAULT_BATCH_SIZE
   * (`workerBatchSize`).
   */
  worker: { enabled: boolean; pollIntervalMs: number; leaseMs: number; batchSize?: number };
  /**
   * Invoice documents: `renderThreads` PDF render threads beside the main thread (0: render on the
   * main thread). One suits a 2-core machine; raise it where more cores are free.
   */
  documents: { renderThreads: number };
  /** The NDJSON contract import: records (debtors or contracts) per staged and applied chunk. */
  import: { chunkSize: number };
  /** CSV exports: lines read per page of the journal export's keyset walk (DESIGN §18). */
  exports: { pageSize: number };
}

export const defaultConfig: InvoicingConfig = {
  ticker: { enabled: true, expression: '* * * * *' },
  worker: { enabled: true, pollIntervalMs: 1000, leaseMs: 30000 },
  documents: { renderThreads: 1 },
  import: { chunkSize: 1000 },
  exports: { pageSize: JOURNAL_PAGE_SIZE },
};

/**
 * The batch size when the config sets none, on every database. A batch's rows live through the
 * scavenges of its reading, computing and writing (on PostgreSQL and MySQL through several round
 * trips too): at 2,000 lines V8 promoted them and let its heap grow to 530–570 MB of mostly garbage
 * before collecting, and the RSS rose 300–385 MB above the booted process at 1,000,000 lines (SQLite
 * and PostgreSQL alike). At 500 it stayed within 13–25 MB of it, a `GET /runs/:id` during the jobs
 * answered within 111–165 ms, and on PostgreSQL amounts even got faster (81.8 s → 57.9 s at 1M;
 * README, benchmark).
 */
export const DEFAULT_BATCH_SIZE = 500;

export function workerBatchSize(worker: { batchSize?: number } | undefined): number {
  return worker?.batchSize ?? DEFAULT_BATCH_SIZE;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export default {
  default: defaultConfig,
  validator(config: unknown) {
    if (!isObject(config)) throw new Error('invoicing config must be an object');
    const { ticker, worker, documents, import: imports, exports } = config;
    if (ticker !== undefined) {
      if (!isObject(ticker)) throw new Error('invoicing.ticker must be an object');
      if (ticker.enabled !== undefined && typeof ticker.enabled !== 'boolean') {
        throw new Error('invoicing.ticker.enabled must be a boolean');
      }
      if (ticker.expression !== undefined && (typeof ticker.expression !== 'string' || !cron.validate(ticker.expression))) {
        throw new Error(`invoicing.ticker.expression must be a valid cron expression, not ${JSON.stringify(ticker.expression)}`);
      }
    }
    if (worker !== undefined) {
      if (!isObject(worker)) throw new Error('invoicing.worker must be an object');
      for (const key of ['pollIntervalMs', 'leaseMs', 'batchSize'] as const) {
        const v = worker[key];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
          throw new Error(`invoicing.worker.${key} must be a positive integer`);
        }
      }
    }
    if (documents !== undefined) {
      if (!isObject(documents)) throw new Error('invoicing.documents must be an object');
      const v = documents.renderThreads;
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 32)) {
        throw new Error('invoicing.documents.renderThreads must be an integer from 0 to 32');
      }
    }
    if (imports !== undefined) {
      if (!isObject(imports)) throw new Error('invoicing.import must be an object');
      const v = imports.chunkSize;
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
        throw new Error('invoicing.import.chunkSize must be a positive integer');
      }
    }
    if (exports !== undefined) {
      if (!isObject(exports)) throw new Error('invoicing.exports must be an object');
      const v = exports.pageSize;
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100_000)) {
        throw new Error('invoicing.exports.pageSize must be an integer from 1 to 100000');
      }
    }
  },
};
