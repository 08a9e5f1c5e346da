const path = require('path');

/**
 * SQLite by default (a file under .tmp/); PostgreSQL or MySQL/MariaDB with DATABASE_CLIENT=postgres|mysql
 * and the usual DATABASE_* variables (or DATABASE_URL); DATABASE_POOL_MIN/MAX size the pool.
 */
module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  // A URL (postgres://user:password@host:port/database) wins over the separate variables; empty = unset.
  const url = env('DATABASE_URL', '') || undefined;
  const ssl = env.bool('DATABASE_SSL', false) && { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) };

  const connections = {
    sqlite: {
      connection: { filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')) },
      useNullAsDefault: true,
    },
    postgres: {
      connection: {
        ...(url && { connectionString: url }),
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'strapi'),
        user: env('DATABASE_USERNAME', 'postgres'),
        password: env('DATABASE_PASSWORD', ''),
        ssl,
        schema: env('DATABASE_SCHEMA', 'public'),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
    },
    mysql: {
      // mysql2 takes a URL as `uri` (its explicit options would win over the URL's, so none are set then).
      connection: url
        ? { uri: url, ...(ssl && { ssl }) }
        : {
            host: env('DATABASE_HOST', '127.0.0.1'),
            port: env.int('DATABASE_PORT', 3306),
            database: env('DATABASE_NAME', 'strapi'),
            user: env('DATABASE_USERNAME', 'root'),
            password: env('DATABASE_PASSWORD', ''),
            ...(ssl && { ssl }),
          },
      pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
      // Strapi's schema sync runs its DDL inside transactions; MySQL commits each DDL statement
      // implicitly and knex warns about it, dozens of times per start. Only that warning is dropped.
      log: {
        warn: (message) => {
          if (!/implicitly committed/.test(String(message))) console.warn(message);
        },
      },
    },
  };

  return {
    connection: { client, ...connections[client], acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000) },
  };
};
