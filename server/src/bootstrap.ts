import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Plugins bootstrap before the admin does: on a fresh database let Strapi create its default roles
  // (Super Admin, Editor, Author) first, or ours would be the first role and Strapi would skip them.
  await strapi.service('admin::role').createRolesIfNoneExist();
  await getService(strapi, 'roles').ensureReviewerRole();
  await getService(strapi, 'settings').get();
  getService(strapi, 'events').registerWebhookEvents();
  getService(strapi, 'worker').start();
  getService(strapi, 'ticker').start();
  strapi.log.info('[invoicing] ready');
};
