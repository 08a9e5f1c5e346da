import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import type { ImportContracts } from '../../../shared/contracts/contracts-import';

const contractsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async import(ctx: Context) {
    const data = await getService(strapi, 'contractImport').importContracts((ctx.request as { body?: unknown }).body);
    ctx.body = { data } satisfies ImportContracts.Response;
  },
});

export default contractsController;
