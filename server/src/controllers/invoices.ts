import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/actor';
import type { GetInvoice, ListInvoices, SendInvoice, StartJob } from '../../../shared/contracts/runs';

const invoicesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async generate(ctx: Context) {
    const { job } = await getService(strapi, 'jobs').start(ctx.params.id, 'invoices', actorOf(ctx));
    ctx.status = 202;
    ctx.body = { data: job } satisfies StartJob.Response;
  },
  /** 202 with the send job: every invoice of the run not yet sent (failed ones again). */
  async send(ctx: Context) {
    const { job } = await getService(strapi, 'jobs').start(ctx.params.id, 'send', actorOf(ctx));
    ctx.status = 202;
    ctx.body = { data: job } satisfies StartJob.Response;
  },
  /** 200 with the invoice after sending (or resending) it; `status` says whether the mail server took it. */
  async sendOne(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'sending').sendOne(ctx.params.id, actorOf(ctx)) } satisfies SendInvoice.Response;
  },
  async find(ctx: Context) {
    ctx.body = (await getService(strapi, 'invoices').findMany(ctx.params.id, ctx.query)) satisfies ListInvoices.Response;
  },
  async findOne(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'invoices').findOne(ctx.params.id) } satisfies GetInvoice.Response;
  },
});

export default invoicesController;
