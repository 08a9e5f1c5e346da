import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/actor';
import type { GetInvoice, ListInvoices, StartJob } from '../../../shared/contracts/runs';

const invoicesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async generate(ctx: Context) {
    const { job } = await getService(strapi, 'jobs').start(ctx.params.id, 'invoices', actorOf(ctx));
    ctx.status = 202;
    ctx.body = { data: job } satisfies StartJob.Response;
  },
  async find(ctx: Context) {
    ctx.body = (await getService(strapi, 'invoices').findMany(ctx.params.id, ctx.query)) satisfies ListInvoices.Response;
  },
  async findOne(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'invoices').findOne(ctx.params.id) } satisfies GetInvoice.Response;
  },
});

export default invoicesController;
