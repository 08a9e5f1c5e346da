/**
 * A fresh `npm run develop` must open Invoicing at the first click: Vite reloads the page when a lazily
 * loaded screen imports a dependency it has not pre-bundled yet. Every package the admin code (and the
 * shared code it imports) uses must therefore be pre-bundled: by Strapi's own Vite config, or by the
 * playground's `optimizeDeps.include` (playground/src/admin/vite.config.js). The browser test
 * tests/e2e/first-develop.test.ts shows the effect; this test names the missing package.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** What Strapi 5's admin Vite config pre-bundles itself, and its entry's own import. */
const STRAPI_PREBUNDLED = new Set([
  'react',
  'react/jsx-runtime',
  'react-dom',
  'react-dom/client',
  'styled-components',
  'react-router-dom',
  'react-redux',
  '@reduxjs/toolkit',
  '@strapi/design-system',
  '@strapi/strapi/admin',
]);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function bareImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*import\s+(type\s+)?[^'"]*?from\s+'([^'.][^']*)'/g)) {
    if (!match[1]) found.push(match[2]);
  }
  for (const match of text.matchAll(/import\('([^'.][^']*)'\)/g)) found.push(match[1]);
  return found;
}

describe("the playground pre-bundles every package of the plugin's admin", () => {
  const config = fs.readFileSync(path.join(ROOT, 'playground', 'src', 'admin', 'vite.config.js'), 'utf8');
  const include = new Set([...(config.match(/include:\s*\[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]));
  const imported = new Set([...sources(path.join(ROOT, 'admin', 'src')), ...sources(path.join(ROOT, 'shared'))].flatMap(bareImports));

  it('finds the include list and some imports', () => {
    expect(include.size).toBeGreaterThan(0);
    expect(imported.has('react-intl')).toBe(true);
  });

  it.each([...imported].sort())('%s is pre-bundled', (specifier) => {
    expect(STRAPI_PREBUNDLED.has(specifier) || include.has(specifier)).toBe(true);
  });
});
