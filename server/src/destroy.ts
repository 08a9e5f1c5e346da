import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Stops the ticker and lets the worker finish (or hand back) the batch it is in. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'ticker').stop();
  await getService(strapi, 'worker').stop();
};
