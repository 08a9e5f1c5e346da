import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import type { GetSettings, UpdateSettings } from '../../../shared/contracts/settings';

const settingsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async get(ctx: Context) {
    const data = await getService(strapi, 'settings').get();
    ctx.body = { data } satisfies GetSettings.Response;
  },

  async update(ctx: Context) {
    const data = await getService(strapi, 'settings').update((ctx.request as { body?: unknown }).body ?? {});
    ctx.body = { data } satisfies UpdateSettings.Response;
  },
});

export default settingsController;
