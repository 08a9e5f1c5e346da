'use strict';

/**
 * Server entry of the plugin. The TypeScript sources in server/src and shared/ are compiled to
 * dist/ by `npm run build` (run by `npm run develop`, `npm test` and `prepack`).
 */
const path = require('path');
const fs = require('fs');

const entry = path.join(__dirname, 'dist', 'server', 'src', 'index.js');
if (!fs.existsSync(entry)) {
  throw new Error('strapi-plugin-invoicing: dist/ is missing; run `npm run build` in the plugin first.');
}
 
const mod = require(entry);
module.exports = mod.default || mod;
