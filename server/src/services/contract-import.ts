/**
 * Contract import (DESIGN §11): bulk upsert of debtors, contracts and their lines by reference, from
 * one JSON body (`importContracts`) or from an NDJSON stream (`importNdjson`, import/ndjson.ts).
 *
 * All-or-nothing: the whole body is validated first (the shared zod schema, plus every
 * `debtorReference` checked against the body and the database) and a 400 lists every bad path; the
 * writes then run in one `strapi.db.transaction`.
 *
 * The writes are the three upserts of import/upserts.ts over the shared bulk writer of
 * import/bulk-writer.ts: knex in chunks instead of the Document Service per row (100k lines must
 * import in seconds, not many minutes), rows shaped as the Document Service writes them, table and
 * column names from `strapi.db.metadata`.
 *
 * Identity: a record whose imported fields all equal the stored ones is not written at all; a
 * changed one is updated in place. Both keep their row id and documentId, which is what the
 * duplicate protection of amounts is keyed on.
 *
 * Each listed record is described completely: an optional field left out of the body is stored as
 * null (as `status` and `currency` take their defaults), so importing the same body twice is a no-op
 * and an import is the state of the records it lists. Records not in the body are left alone, except
 * the lines of an imported contract, which are exactly the ones the import lists.
 *
 * Not done on this path (documented trade-offs): the Document Service middlewares, database
 * lifecycles (the zod schema is the validation here) and per-entry `entry.*` webhooks.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ImportResult } from '../../../shared/contracts/contracts-import';
import { importInputSchema, validate, type ImportInput, type ValidationIssue } from '../../../shared/validation';
import { PLUGIN_ID } from '../constants';
import type { InvoicingConfig } from '../config';
import { conflict, validationError } from '../utils/errors';
import { isUniqueViolation } from '../data/bulk';
import { bulkWriter, trimmed, type TxWriter } from './import/bulk-writer';
import { emptyCounts, unknownDebtorIssues, upsertContracts, upsertDebtors, upsertLines } from './import/upserts';
import { ndjsonImport, type NdjsonOptions, type NdjsonOutcome } from './import/ndjson';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const refusal = (issues: ValidationIssue[], message?: string) =>
  validationError(message ?? (issues.length === 1 ? issues[0].message : `${issues.length} errors occurred`), issues);

/** The debtor-reference check on a body that failed the schema: as far as its shape allows. */
async function rawDebtorIssues(w: TxWriter, input: unknown): Promise<ValidationIssue[]> {
  if (!isObject(input)) return [];
  const bodyRefs = new Set<string>();
  if (Array.isArray(input.debtors)) {
    for (const d of input.debtors) {
      const ref = isObject(d) ? trimmed(d.reference) : null;
      if (ref !== null) bodyRefs.add(ref);
    }
  }
  const contractRefs: Array<[number, string]> = [];
  if (Array.isArray(input.contracts)) {
    input.contracts.forEach((c: unknown, i: number) => {
      const ref = isObject(c) ? trimmed(c.debtorReference) : null;
      if (ref !== null) contractRefs.push([i, ref]);
    });
  }
  return unknownDebtorIssues(w, bodyRefs, contractRefs);
}

/** A unique index refused a row: another writer created one of the references during the import. */
function raceConflict(error: unknown): unknown {
  return isUniqueViolation(error)
    ? conflict('A debtor or contract with one of these references was created by someone else during the import. Nothing was imported; please try again.')
    : error;
}

const contractImport = ({ strapi }: { strapi: Core.Strapi }) => {
  const w = bulkWriter(strapi);
  const ndjson = ndjsonImport(strapi, w);

  async function run(q: TxWriter, data: ImportInput, mark: (phase: string) => void): Promise<ImportResult> {
    const now = new Date();
    const result: ImportResult = { debtors: emptyCounts(), contracts: emptyCounts(), lines: { ...emptyCounts(), removed: 0 } };
    const bodyDebtorRefs = new Set(data.debtors.map((d) => d.reference));
    const unknown = await unknownDebtorIssues(
      q,
      bodyDebtorRefs,
      data.contracts.map((c, i) => [i, c.debtorReference]),
    );
    if (unknown.length > 0) throw refusal(unknown);

    const debtorIds = await upsertDebtors(q, data.debtors, now, result.debtors, data.contracts.map((c) => c.debtorReference));
    mark('debtors');
    const contracts = await upsertContracts(q, data.contracts, debtorIds, now, result.contracts);
    mark('contracts');
    await upsertLines(q, data.contracts, contracts, now, result.lines);
    mark('lines');
    return result;
  }

  return {
    async importContracts(input: unknown): Promise<ImportResult> {
      const started = Date.now();
      const timings: string[] = [];
      let last = started;
      const mark = (phase: string) => {
        const now = Date.now();
        timings.push(`${phase} ${now - last} ms`);
        last = now;
      };
      const parsed = validate(importInputSchema, input);
      mark('validation');
      let result: ImportResult;
      try {
        result = await strapi.db.transaction(async ({ trx }) => {
          const q = w.bind(w.dbFor(trx as Knex.Transaction));
          if (!parsed.ok) throw refusal([...parsed.errors, ...(await rawDebtorIssues(q, input))]);
          return run(q, parsed.value, mark);
        });
      } catch (error) {
        throw raceConflict(error);
      }
      mark('commit');
      strapi.log.debug(`[invoicing] contract import in ${Date.now() - started} ms (${timings.join(', ')}): ${JSON.stringify(result)}`);
      return result;
    },

    /**
     * The streaming import: one debtor (`{"debtor": {…}}`) or contract (`{"contract": {…}}`) per
     * line, staged and checked in chunks, applied in one transaction (import/ndjson.ts). A 400 names
     * the bad lines (path `[line number, "debtor" | "contract", …field]`).
     */
    async importNdjson(stream: AsyncIterable<Buffer | string>, options: Partial<NdjsonOptions> = {}): Promise<NdjsonOutcome> {
      const started = Date.now();
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as Partial<InvoicingConfig> | undefined;
      const chunkSize = options.chunkSize ?? config?.import?.chunkSize ?? 1000;
      let outcome: NdjsonOutcome;
      try {
        outcome = await ndjson.importStream(stream, { ...options, chunkSize }, refusal);
      } catch (error) {
        throw raceConflict(error);
      }
      strapi.log.debug(
        `[invoicing] NDJSON contract import of ${outcome.lines} lines in ${Date.now() - started} ms (on ${outcome.checkedOnThread ? 'the import thread' : 'the main thread'}): ${JSON.stringify(outcome.result)}`,
      );
      return outcome;
    },
  };
};

export default contractImport;
