'use strict';

const { seedDemo } = require('./demo/seed');

module.exports = {
  register() {},

  /** Demo admins and demo data (idempotent). Set INVOICING_DEMO_DATA=false to start empty. */
  async bootstrap({ strapi }) {
    if (process.env.INVOICING_DEMO_DATA === 'false') return;
    await seedDemo(strapi);
  },
};
