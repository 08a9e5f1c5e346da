const path = require('path');

/**
 * The playground's admin bundler settings.
 *
 * - The plugin's package export `./strapi-admin` points at the built `dist/admin/index.mjs` (what a
 *   host app gets from npm). The playground compiles the plugin's TypeScript source instead, so
 *   `npm run develop` picks up edits at once: Strapi imports the local plugin by a relative path
 *   ending in `dist/admin/index.mjs`, aliased here to `admin/src/index.ts`.
 * - The modules the plugin's screens import are pre-bundled up front. Otherwise Vite finds them only
 *   when Invoicing is first opened, re-optimises, and reloads the page: the first click on Invoicing
 *   of a fresh `npm run develop` would land back on the home page.
 */
module.exports = async (config) => {
  // Vite's ESM API (its CommonJS entry prints a deprecation warning).
  const { mergeConfig } = await import('vite');
  return mergeConfig(config, {
    // The browser test of a first `npm run develop` points Vite at an empty cache of its own.
    ...(process.env.INVOICING_VITE_CACHE_DIR && { cacheDir: process.env.INVOICING_VITE_CACHE_DIR }),
    resolve: {
      alias: [
        {
          find: /^(?:\.{1,2}\/)+(?:\.\/)*\/*(?:\.\/)*dist\/admin\/index\.mjs$/,
          replacement: path.resolve(__dirname, '..', '..', '..', 'admin', 'src', 'index.ts'),
        },
      ],
    },
    optimizeDeps: {
      // The app entry's own imports too: under load Vite's first scan can miss them and reload the
      // login page once they turn up.
      include: [
        '@strapi/strapi/admin',
        '@strapi/plugin-users-permissions/strapi-admin',
        '@strapi/icons',
        '@strapi/icons/symbols',
        'react-intl',
        'decimal.js',
        'zod',
      ],
    },
  });
};
