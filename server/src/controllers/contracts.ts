import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { validationError } from '../utils/errors';
import type { ImportContracts } from '../../../shared/contracts/contracts-import';

/** Content types of the streaming import (one record per line). */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonlines'];

const contractsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * POST /contracts/import: a JSON body (parsed by Strapi's body middleware, within its `jsonLimit`),
   * or NDJSON read here from the request stream. Strapi's body middleware (koa-body) parses only
   * JSON, forms, text and multipart, so an NDJSON body reaches this controller unread and is never
   * buffered whole.
   */
  async import(ctx: Context) {
    const service = getService(strapi, 'contractImport');
    if (ctx.is(NDJSON_TYPES)) {
      const { result, lines } = await service.importNdjson(ctx.req);
      ctx.body = { data: result, meta: { lines } } satisfies ImportContracts.Response;
      return;
    }
    if (ctx.request.type !== '' && !ctx.is('json')) {
      throw validationError(
        `The import must be sent as application/json (one body) or application/x-ndjson (one debtor or contract per line); ${ctx.request.type} is neither.`,
        [{ path: [], message: `Content type ${ctx.request.type} is not accepted here.`, name: 'ValidationError' }],
      );
    }
    const data = await service.importContracts((ctx.request as { body?: unknown }).body);
    ctx.body = { data } satisfies ImportContracts.Response;
  },
});

export default contractsController;
