import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Stops the ticker, lets the worker finish (or hand back) the batch it is in, and stops the render threads. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'ticker').stop();
  await getService(strapi, 'worker').stop();
  await getService(strapi, 'documents').close();
};
