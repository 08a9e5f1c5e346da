import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { actorOf } from '../utils/actor';
import type { DeleteSchedule, GenerateRuns, GetSchedule, ListSchedules, SaveSchedule } from '../../../shared/contracts/schedules';

const body = (ctx: Context): unknown => (ctx.request as { body?: unknown }).body;

const schedulesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'schedules');
  return {
    async find(ctx: Context) {
      ctx.body = (await service().findMany(ctx.query)) satisfies ListSchedules.Response;
    },
    async findOne(ctx: Context) {
      ctx.body = { data: await service().findOne(ctx.params.id) } satisfies GetSchedule.Response;
    },
    async create(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: await service().create(body(ctx)) } satisfies SaveSchedule.Response;
    },
    async update(ctx: Context) {
      ctx.body = { data: await service().update(ctx.params.id, body(ctx), actorOf(ctx)) } satisfies SaveSchedule.Response;
    },
    async delete(ctx: Context) {
      ctx.body = { data: await service().delete(ctx.params.id) } satisfies DeleteSchedule.Response;
    },
    async generateRuns(ctx: Context) {
      const { schedule, created } = await service().generateRuns(ctx.params.id, actorOf(ctx));
      ctx.status = created > 0 ? 201 : 200;
      ctx.body = { data: schedule, meta: { created } } satisfies GenerateRuns.Response;
    },
  };
};

export default schedulesController;
