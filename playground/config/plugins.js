const path = require('path');

module.exports = ({ env }) => ({
  // Mail through Strapi's email plugin with nodemailer: to the playground's own SMTP sink
  // (scripts/smtp-sink.js, started by `npm run develop`) unless SMTP_HOST / SMTP_PORT point elsewhere.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 2525),
        secure: env.bool('SMTP_SECURE', false),
        ignoreTLS: !env('SMTP_HOST'),
        // Reuse connections, several at once: a send job has up to 8 messages in flight.
        pool: true,
        maxConnections: env.int('SMTP_MAX_CONNECTIONS', 8),
        ...(env('SMTP_USERNAME') ? { auth: { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD', '') } } : {}),
      },
      settings: {
        defaultFrom: env('SMTP_DEFAULT_FROM', 'invoicing@example.com'),
        defaultReplyTo: env('SMTP_DEFAULT_REPLY_TO', 'invoicing@example.com'),
      },
    },
  },
  invoicing: {
    enabled: true,
    // The plugin is loaded from this repository (its package.json exports point at dist/).
    resolve: path.resolve(__dirname, '..', '..'),
    config: {
      ticker: {
        enabled: env.bool('INVOICING_TICKER_ENABLED', true),
        expression: env('INVOICING_TICKER_EXPRESSION', '* * * * *'),
      },
      worker: {
        enabled: env.bool('INVOICING_WORKER_ENABLED', true),
        pollIntervalMs: env.int('INVOICING_WORKER_POLL_MS', 1000),
        leaseMs: env.int('INVOICING_WORKER_LEASE_MS', 30000),
        // unset: the plugin's default for the database (500 contract lines on SQLite, 2,000 elsewhere)
        batchSize: env.int('INVOICING_WORKER_BATCH_SIZE'),
      },
      import: {
        chunkSize: env.int('INVOICING_IMPORT_CHUNK_SIZE', 1000),
      },
      exports: {
        pageSize: env.int('INVOICING_EXPORT_PAGE_SIZE', 2000),
      },
    },
  },
});
