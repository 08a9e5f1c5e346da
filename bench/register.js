'use strict';

/**
 * A minimal require hook that compiles TypeScript with @swc/core (already a devDependency, used by
 * the Jest transform), so `node -r ./bench/register.js bench/run.ts` runs the bench without an extra
 * TypeScript runner. Only .ts files outside node_modules are compiled; types are not checked here
 * (`npm run typecheck` covers bench/).
 */
const fs = require('fs');
const { transformSync } = require('@swc/core');

const compile = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require.extensions['.ts'] = (module, filename) => {
  if (filename.includes(`${require('path').sep}node_modules${require('path').sep}`)) {
    throw new Error(`bench/register.js does not compile TypeScript inside node_modules: ${filename}`);
  }
  compile(module, filename);
};

// Stack traces point at the .ts sources.
process.setSourceMapsEnabled?.(true);
