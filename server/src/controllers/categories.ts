import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { UID } from '../constants';
import type { ListInvoiceCategories } from '../../../shared/contracts/runs';

/**
 * GET /invoicing/invoice-categories: the categories a schedule or ad hoc run can choose from, for the
 * panel's select (the Content Manager stays the place to edit them). Sorted by name; at most 1,000.
 */
const categoriesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const rows = (await strapi.db.query(UID.invoiceCategory).findMany({
      select: ['documentId', 'name'],
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      limit: 1000,
    })) as Array<{ documentId: string; name: string }>;
    // One row per document (draft & publish is off, but never list a document twice).
    const seen = new Set<string>();
    const results = rows.filter((row) => !seen.has(row.documentId) && seen.add(row.documentId));
    ctx.body = { results: results.map(({ documentId, name }) => ({ documentId, name })) } satisfies ListInvoiceCategories.Response;
  },
});

export default categoriesController;
