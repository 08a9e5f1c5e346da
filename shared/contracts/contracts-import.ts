import type { ImportInputBody } from '../validation';
import type { EntityResponse, ErrorResponse } from './common';

export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult {
  debtors: UpsertCounts;
  contracts: UpsertCounts;
  /** `removed`: lines of an imported contract that the import no longer lists */
  lines: UpsertCounts & { removed: number };
}

/**
 * POST /invoicing/contracts/import: a JSON body (`ImportInputBody`), or NDJSON
 * (`Content-Type: application/x-ndjson`, one `{ "debtor": … }` or `{ "contract": … }` per line), whose
 * answer adds `meta.lines` (lines read).
 */
export declare namespace ImportContracts {
  export type Request = { body: ImportInputBody };
  export type Response = (EntityResponse<ImportResult> & { meta?: { lines: number } }) | ErrorResponse;
}
