import type { Core } from '@strapi/strapi';

export default async (_: { strapi: Core.Strapi }) => {
  // The worker and ticker are stopped here once they exist (they own their own life cycle).
};
