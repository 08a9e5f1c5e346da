#!/usr/bin/env node
'use strict';

/**
 * `npm run import -- file.ndjson [--app <dir>] [--chunk-size <n>]`: imports an NDJSON contract file
 * (one `{"debtor": {…}}` or `{"contract": {…}}` per line) into a Strapi app's database, all or
 * nothing, through the same service as `POST /invoicing/contracts/import` with
 * `Content-Type: application/x-ndjson`.
 *
 * The script loads the app in this process (its config, its database; no HTTP server, no admin
 * panel, the plugin's ticker and worker off), so it needs no admin token and no body limit. The app
 * is the playground unless `--app` names another Strapi app directory (a TypeScript app is compiled
 * first, as `strapi console` does). With SQLite, stop the running server first or import over HTTP:
 * SQLite takes one writer at a time.
 *
 * Progress goes to stderr; the result (`{ data, meta }` as the HTTP API answers, one line of JSON)
 * to stdout. Exit code 0 on success, 1 when the file is refused (each bad line printed with its
 * number and field) or another writer got in the way (409), 2 on wrong usage or another error.
 */
const fs = require('fs');
const path = require('path');

const USAGE = 'usage: npm run import -- <file.ndjson> [--app <strapi app directory>] [--chunk-size <records per chunk>]';

function parseArgs(argv) {
  const args = { file: undefined, app: undefined, chunkSize: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--app') args.app = argv[++i];
    else if (a === '--chunk-size') args.chunkSize = Number(argv[++i]);
    else if (a === '--help' || a === '-h') return { help: true };
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (args.file === undefined) args.file = a;
    else throw new Error(`one file at a time (got ${args.file} and ${a})`);
  }
  if (!args.file) throw new Error('no file given');
  if (args.app === '' || (args.app === undefined && argv.includes('--app'))) throw new Error('--app needs a directory');
  if (args.chunkSize !== undefined && !(Number.isInteger(args.chunkSize) && args.chunkSize > 0)) {
    throw new Error('--chunk-size must be a positive integer');
  }
  return args;
}

/** The process's peak resident set size in MB (Linux: the kernel's high-water mark). */
function peakRssMb(sampled) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(sampled / 1024 / 1024);
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const file = path.resolve(args.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    console.error(`${file}: no such file\n${USAGE}`);
    return 2;
  }
  const repo = path.resolve(__dirname, '..');
  const appDir = path.resolve(args.app ?? path.join(repo, 'playground'));
  if (!args.app && !fs.existsSync(path.join(repo, 'dist', 'server'))) {
    console.error('The plugin is not built: run `npm run build` first (the playground loads dist/).');
    return 2;
  }
  // This process only imports: no ticker, no job worker (the playground's config reads these).
  process.env.INVOICING_TICKER_ENABLED ??= 'false';
  process.env.INVOICING_WORKER_ENABLED ??= 'false';
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';

  const { createStrapi, compileStrapi } = require(require.resolve('@strapi/strapi', { paths: [appDir] }));
  // The playground is a JavaScript app (as the tests and the bench load it); another app is compiled
  // first when it is a TypeScript one.
  const context = args.app ? await compileStrapi({ appDir }) : { appDir, distDir: appDir };
  const strapi = await createStrapi({ ...context, autoReload: false, serveAdminPanel: false }).load();
  let code = 0;
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
  try {
    const service = strapi.plugin('invoicing')?.service('contractImport');
    if (!service?.importNdjson) throw new Error(`the app in ${appDir} has no invoicing plugin with the NDJSON import`);
    const started = Date.now();
    let lastReport = 0;
    let lastPhase = '';
    const what = { staged: 'lines read, checked and staged', checked: 'lines checked across the file', applied: 'records applied' };
    const progress = ({ phase, lines }) => {
      const now = Date.now();
      if (now - lastReport < 2000 && phase === lastPhase) return;
      lastReport = now;
      lastPhase = phase;
      const m = process.memoryUsage();
      const mb = (n) => Math.round(n / 1024 / 1024);
      console.error(
        `[import] ${((now - started) / 1000).toFixed(1)} s: ${lines.toLocaleString('en-US')} ${what[phase]} (RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB)`,
      );
    };
    const { size } = fs.statSync(file);
    console.error(`[import] ${file} (${(size / 1024 / 1024).toFixed(1)} MB) into ${appDir}`);
    const outcome = await service.importNdjson(fs.createReadStream(file, { highWaterMark: 1024 * 1024 }), {
      ...(args.chunkSize ? { chunkSize: args.chunkSize } : {}),
      progress,
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(JSON.stringify({ data: outcome.result, meta: { lines: outcome.lines } }));
    console.error(
      `[import] done: ${outcome.lines.toLocaleString('en-US')} lines in ${seconds.toFixed(2)} s, peak RSS ${peakRssMb(rssMax)} MB`,
    );
  } catch (error) {
    const details = error && error.details;
    if (error && error.name === 'ValidationError') {
      console.error(`[import] refused, nothing was imported: ${error.message}`);
      for (const e of (details && details.errors) || []) console.error(`  ${e.path.join('.') || '(file)'}: ${e.message}`);
      code = 1;
    } else if (error && error.status === 409) {
      console.error(`[import] ${error.message}`);
      code = 1;
    } else {
      console.error(error);
      code = 2;
    }
  } finally {
    clearInterval(sampler);
    await strapi.destroy();
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
