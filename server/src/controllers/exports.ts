import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { journalQuerySchema } from '../../../shared/journal';
import { validate } from '../../../shared/validation';
import { validationError } from '../utils/errors';
import { getService } from '../utils/get-service';

/** Accounting exports (DESIGN §18). */
const exportsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /exports/journal?from=YYYY-MM-DD&to=YYYY-MM-DD → the period's journal as CSV (streamed). */
  async journal(ctx: Context) {
    const parsed = validate(journalQuerySchema, ctx.query ?? {});
    if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
    const { filename, stream } = await getService(strapi, 'journal').exportCsv(parsed.value);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    ctx.body = stream;
  },
});

export default exportsController;
