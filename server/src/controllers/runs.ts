import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { RunAction } from '../../../shared/lifecycle';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/actor';
import type { CreateAdHocRun, GetJob, GetRun, ListRunEvents, ListRuns, RunTransition } from '../../../shared/contracts/runs';

const runsController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'runs');
  const transition = (action: RunAction) => async (ctx: Context) => {
    const run = await service().transition(ctx.params.id, action, actorOf(ctx));
    ctx.body = { data: run! } satisfies RunTransition.Response;
  };
  return {
    async find(ctx: Context) {
      ctx.body = (await service().findMany(ctx.query)) satisfies ListRuns.Response;
    },
    async findOne(ctx: Context) {
      ctx.body = { data: await service().findOne(ctx.params.id) } satisfies GetRun.Response;
    },
    async createAdHoc(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: await service().createAdHoc((ctx.request as { body?: unknown }).body, actorOf(ctx)) } satisfies CreateAdHocRun.Response;
    },
    activate: transition('activate'),
    approve: transition('approve'),
    cancel: transition('cancel'),
    async job(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'jobs').forRun(ctx.params.id) } satisfies GetJob.Response;
    },
    async events(ctx: Context) {
      ctx.body = (await service().events(ctx.params.id, ctx.query)) satisfies ListRunEvents.Response;
    },
  };
};

export default runsController;
