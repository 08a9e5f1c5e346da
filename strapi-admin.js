// Admin entry of the plugin for tools that look for strapi-admin.js; the package export
// `./strapi-admin` points at the same TypeScript source, which Strapi's admin bundler compiles.
export { default } from './admin/src/index.ts';
