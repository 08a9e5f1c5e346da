import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/actor';
import type { ListAmounts, RunTransition, StartJob } from '../../../shared/contracts/runs';

const amountsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** 202 with the job at once; the run's active job when one is already queued or running. */
  async generate(ctx: Context) {
    const { job } = await getService(strapi, 'jobs').start(ctx.params.id, 'amounts', actorOf(ctx));
    ctx.status = 202;
    ctx.body = { data: job } satisfies StartJob.Response;
  },
  async delete(ctx: Context) {
    const run = await getService(strapi, 'runs').transition(ctx.params.id, 'delete_amounts', actorOf(ctx));
    ctx.body = { data: run! } satisfies RunTransition.Response;
  },
  async find(ctx: Context) {
    ctx.body = (await getService(strapi, 'amounts').findMany(ctx.params.id, ctx.query)) satisfies ListAmounts.Response;
  },
  async export(ctx: Context) {
    const { filename, stream } = await getService(strapi, 'amounts').exportCsv(ctx.params.id);
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    ctx.body = stream;
  },
});

export default amountsController;
