import type { Core } from '@strapi/strapi';
import { ACTIONS, PLUGIN_ID } from './constants';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Exact decimals typed in major units in the Content Manager (1234.56), stored as canonical strings.
  strapi.customFields.register([
    { name: 'money', plugin: PLUGIN_ID, type: 'string', inputSize: { default: 4, isResizable: true } },
    { name: 'decimal', plugin: PLUGIN_ID, type: 'string', inputSize: { default: 4, isResizable: true } },
  ]);
  await strapi.service('admin::permission').actionProvider.registerMany(ACTIONS);
};
