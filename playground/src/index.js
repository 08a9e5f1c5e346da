'use strict';

const { seedDemo } = require('./demo/seed');

module.exports = {
  /**
   * `npm run develop` without SMTP_HOST: start the local mail sink the email provider sends to
   * (config/plugins.js), so sent invoices land as .eml files under playground/.tmp/mail/.
   */
  async register() {
    if (process.env.SMTP_HOST || process.env.NODE_ENV !== 'development') return;
    const { startSmtpSink } = require('../scripts/smtp-sink');
    try {
      await startSmtpSink({ port: Number(process.env.SMTP_PORT) || undefined });
    } catch (error) {
      // Already running (a restart of `strapi develop`, or started by hand): mails still land there.
      console.log(`[mail sink] not started here (${error.message}); mails go to 127.0.0.1:${process.env.SMTP_PORT || 2525}`);
    }
  },

  /** Demo admins and demo data (idempotent). Set INVOICING_DEMO_DATA=false to start empty. */
  async bootstrap({ strapi }) {
    if (process.env.INVOICING_DEMO_DATA === 'false') return;
    await seedDemo(strapi);
  },
};
