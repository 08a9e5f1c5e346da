import type { Knex } from 'knex';
import type { Pagination } from '../../../shared/contracts/common';
import { listQuerySchema, parseSort, validate, type ListQuery } from '../../../shared/validation';
import type { z } from 'zod';
import type { Core } from '@strapi/strapi';
import { validationError } from './errors';
import { whereSearch } from '../data/bulk';
import { getService } from './get-service';
import type { RunRow } from '../data/runs';

/** Validates a list's query string (400 with the parameter's path). */
export function parseListQuery<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = validate(schema, raw ?? {});
  if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
  return parsed.value as z.output<S>;
}

export interface PageOptions {
  /** A fresh query with the list's filters (called twice: count and page). */
  base: () => Knex.QueryBuilder;
  query: Pick<ListQuery, 'page' | 'pageSize' | 'sort'>;
  /** API sort field → column. */
  sortable: Record<string, string>;
  /** "Runs", "Amounts", … for the 400 message. */
  what: string;
  /** Order when no sort is given. */
  defaultOrder: Array<[column: string, direction: 'asc' | 'desc']>;
  /** Direction of the final `id` tie-breaker, which makes pages stable. */
  idDirection?: 'asc' | 'desc';
}

/** One page of rows and its pagination (`{ page, pageSize, pageCount, total }`, DESIGN §11). */
export async function listPage(o: PageOptions): Promise<{ rows: Array<Record<string, unknown>>; pagination: Pagination }> {
  const { page, pageSize, sort } = o.query;
  const qb = o.base().select('*');
  if (sort) {
    const { field, direction } = parseSort(sort);
    // own keys only: "__proto__", "constructor" or "toString" must not resolve to Object.prototype members (500)
    const column = Object.prototype.hasOwnProperty.call(o.sortable, field) ? o.sortable[field] : undefined;
    if (!column) {
      throw validationError(`${o.what} cannot be sorted by "${field}".`, [
        { path: ['sort'], message: `Sort must be one of ${Object.keys(o.sortable).join(', ')}.`, name: 'ValidationError' },
      ]);
    }
    qb.orderBy(column, direction);
  } else {
    for (const [column, direction] of o.defaultOrder) qb.orderBy(column, direction);
  }
  qb.orderBy('id', o.idDirection ?? 'asc')
    .offset((page - 1) * pageSize)
    .limit(pageSize);
  const [{ count }] = (await o.base().count({ count: '*' })) as Array<{ count: number | string }>;
  const total = Number(count);
  const rows = (await qb) as Array<Record<string, unknown>>;
  return { rows, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
}

export interface RunScopedOptions extends Omit<PageOptions, 'base' | 'query'> {
  table: string;
  /** columns the `search` parameter looks in */
  searchColumns: string[];
  /** More conditions of the list (e.g. an invoice status filter). */
  where?: (qb: Knex.QueryBuilder) => void;
}

/** A page of one run's rows (amounts, invoices): the run is looked up first (404 when unknown). */
export async function runScopedPage(
  strapi: Core.Strapi,
  runDocumentId: string,
  rawQuery: unknown,
  o: RunScopedOptions,
): Promise<{ run: RunRow; rows: Array<Record<string, unknown>>; pagination: Pagination }> {
  const query = parseListQuery(listQuerySchema.omit({ status: true }), rawQuery);
  // knex: pages of a run's amounts or invoices (up to millions of rows): filtered, sorted and counted in SQL (data/bulk.ts).
  const knex = strapi.db.connection;
  const run = await getService(strapi, 'runs').load(knex, runDocumentId);
  const base = () => {
    const qb = whereSearch(knex(o.table).where({ run_id: run.id }), o.searchColumns, query.search);
    o.where?.(qb);
    return qb;
  };
  const page = await listPage({ ...o, query, base });
  return { run, ...page };
}
