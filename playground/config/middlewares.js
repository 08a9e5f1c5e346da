module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Contract imports (POST /invoicing/contracts/import) can be large: 100,000 lines are ~20 MB of JSON.
  { name: 'strapi::body', config: { jsonLimit: '64mb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
