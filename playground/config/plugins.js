const path = require('path');

module.exports = ({ env }) => ({
  invoicing: {
    enabled: true,
    // The plugin is loaded from this repository's source (its root holds strapi-server.js).
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
        batchSize: env.int('INVOICING_WORKER_BATCH_SIZE', 2000),
      },
    },
  },
});
