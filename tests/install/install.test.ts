/**
 * The user's path (DESIGN §15): the plugin packed as npm would publish it, installed with npm and with
 * pnpm into a plain Strapi 5.54.0 app that names it only in `config/plugins.js`, built for production
 * and driven over HTTP and in chromium. pnpm's strict node_modules proves that every module the package
 * imports at run time is declared; the production build proves that the admin (and its Dutch
 * translations) load from `node_modules`, not only from the repository's source.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';

import { launchBrowser, login, newContext } from '../e2e/browser';
import { adHocRun } from '../helpers/fixtures';
import { buildHost, call, installHost, packPlugin, startHost, type PackageManager, type RunningHost, type Tarball } from './host';

const MINUTE = 60_000;
const ADMIN = { email: 'installer@example.com', password: 'Install-test1', firstname: 'Ina', lastname: 'Staller' };

let workDir: string;
let tarball: Tarball & { verify: string };

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'invoicing-install-'));
  tarball = packPlugin(workDir);
  console.log(
    `install test: ${path.basename(tarball.file)}: ${tarball.size} bytes packed, ${tarball.unpackedSize} bytes unpacked, ${tarball.entryCount} files\n` +
      `strapi-plugin verify:\n${tarball.verify}`,
  );
}, 10 * MINUTE);

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('the package', () => {
  it('holds the built plugin, its LICENSE, README and CHANGELOG, and no tests or sources', () => {
    const files = tarball.files;
    for (const needed of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md', 'dist/server/index.js', 'dist/server/index.mjs', 'dist/admin/index.js', 'dist/admin/index.mjs', 'dist/server/src/index.d.ts', 'dist/admin/src/index.d.ts', 'dist/render-worker/index.js', 'dist/import-worker/index.js']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => /(^|\/)tests?\/|\.test\.|\.spec\./.test(f))).toEqual([]);
    expect(files.filter((f) => /^(admin|server|shared|playground|bench)\//.test(f))).toEqual([]);
  });

  it('is publishable, with Strapi and the React stack as peer dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(pkg.private).toBeUndefined();
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@strapi/strapi', 'react', 'react-dom', 'react-router-dom', 'styled-components']);
    for (const runtime of ['@strapi/utils', '@strapi/design-system', '@strapi/icons', 'react-intl']) {
      expect(pkg.dependencies[runtime]).toBeDefined();
    }
  });
});

describe.each<PackageManager>(['npm', 'pnpm'])('installed with %s into a new Strapi app', (manager) => {
  let hostDir: string;
  let host: RunningHost;
  let token: string;

  beforeAll(async () => {
    const installed = installHost(manager, tarball.file);
    hostDir = installed.dir;
    const buildSeconds = buildHost(hostDir);
    console.log(`install test (${manager}): install ${installed.seconds} s, strapi build ${buildSeconds} s`);
    host = await startHost(hostDir);
    const registered = await call(host.url, 'POST', '/admin/register-admin', undefined, ADMIN);
    expect(registered.status).toBe(200);
    token = registered.body.data.token;
  }, 20 * MINUTE);

  afterAll(async () => {
    await host?.stop();
    if (hostDir) fs.rmSync(hostDir, { recursive: true, force: true });
  });

  const api = (method: string, route: string, body?: unknown) => call(host.url, method, `/invoicing${route}`, token, body);

  it('loads the server entry outside Strapi from the host (every run-time import is declared)', () => {
    const out = execFileSync('node', ['-e', "const p = require('strapi-plugin-invoicing/strapi-server'); console.log(Object.keys(p.default || p).sort().join(','))"], {
      cwd: hostDir,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('bootstrap,config,contentTypes,controllers,destroy,register,routes,services');
  });

  it('imports contracts, makes an ad hoc run, generates amounts, approves and generates invoices', async () => {
    const imported = await api('POST', '/contracts/import', {
      debtors: [
        { reference: 'INS-D1', name: 'Zoë Müller-Groß', email: 'zoe@example.com' },
        { reference: 'INS-D2', name: 'Łukasz Żółć', email: 'lukasz@example.com' },
      ],
      contracts: [
        {
          reference: 'INS-C1',
          name: 'Rent',
          debtorReference: 'INS-D1',
          invoiceCycle: 'monthly',
          startDate: '2026-01-01',
          lines: [{ reference: 'RENT', description: 'Rent', unitPrice: '845.00', quantity: '1', vatRate: '0' }],
        },
        {
          reference: 'INS-C2',
          name: 'Service',
          debtorReference: 'INS-D2',
          invoiceCycle: 'monthly',
          startDate: '2026-01-01',
          lines: [{ reference: 'SERVICE', description: 'Service costs', unitPrice: '62.35', quantity: '2', vatRate: '21' }],
        },
      ],
    });
    expect(imported.status).toBe(200);

    const created = await api('POST', '/runs', adHocRun());
    expect(created.status).toBe(201);
    const runId: string = created.body.data.documentId;

    expect((await api('POST', `/runs/${runId}/activate`)).body.data.status).toBe('submitted');
    expect((await api('POST', `/runs/${runId}/amounts/generate`)).status).toBe(202);
    await jobDone(runId);
    const withAmounts = await api('GET', `/runs/${runId}`);
    expect(withAmounts.body.data).toMatchObject({ status: 'amounts_generated', totals: { amounts: 2, net: '969.70', vat: '26.19', gross: '995.89' } });

    expect((await api('POST', `/runs/${runId}/approve`)).body.data.status).toBe('approved');
    expect((await api('POST', `/runs/${runId}/invoices/generate`)).status).toBe(202);
    await jobDone(runId);
    expect((await api('GET', `/runs/${runId}`)).body.data.status).toBe('invoices_generated');

    const invoices = await api('GET', `/runs/${runId}/invoices`, undefined);
    expect(invoices.status).toBe(200);
    const rows = (invoices.body.results as Array<{ number: string; gross: string; debtor: { name: string } }>).sort((a, b) => a.number.localeCompare(b.number));
    expect(rows.map((r) => r.number)).toEqual(['2026-000001', '2026-000002']);
    expect(rows.map((r) => [r.debtor.name, r.gross]).sort()).toEqual([
      ['Zoë Müller-Groß', '845.00'],
      ['Łukasz Żółć', '150.89'],
    ]);

    // The invoice's PDF, rendered by the plugin's render thread entry inside node_modules.
    const first = (invoices.body.results as Array<{ documentId: string; number: string }>).find((r) => r.number === '2026-000001')!;
    const pdf = await fetch(`${host.url}/invoicing/invoices/${first.documentId}/document`, { headers: { Authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  /**
   * Runs `script` with node in the host app, with `w` a Worker on the plugin's `<name>/index.js`
   * beside its server bundle (as the bundle finds it) started with `options`; answers its stdout.
   */
  const inThreadEntry = (name: string, options: string, script: string[]) =>
    execFileSync(
      'node',
      [
        '-e',
        [
          "const path = require('path');",
          `const entry = path.resolve(path.dirname(require.resolve('strapi-plugin-invoicing/strapi-server')), '../${name}/index.js');`,
          "const { Worker } = require('worker_threads');",
          `const w = new Worker(entry, ${options});`,
          "w.on('error', (e) => { console.log('error ' + e.message); process.exit(1); });",
          ...script,
        ].join(' '),
      ],
      { cwd: hostDir, encoding: 'utf8' },
    );

  it('ships the render thread entry beside the server bundle, loadable with the declared dependencies', () => {
    // An invalid document: the thread, with pdfkit and the fonts loaded, answers with the renderer's error.
    const out = inThreadEntry('render-worker', '{}', [
      "w.on('message', (m) => { console.log(m.id + ' ' + m.error); w.terminate(); });",
      "w.postMessage({ id: 7, data: { language: 'xx' } });",
    ]);
    expect(out.trim()).toBe('7 Unknown document language "xx": expected "en" or "nl".');
  });

  it('imports an NDJSON file over HTTP (the import thread started from node_modules)', async () => {
    const lines = [
      { debtor: { reference: 'INS-N1', name: 'Ærø Fiskehandel', email: 'aero@example.com' } },
      { contract: { reference: 'INS-NC1', name: 'Rent', debtorReference: 'INS-N1', invoiceCycle: 'monthly', startDate: '2026-01-01', lines: [{ description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' }] } },
    ];
    const res = await fetch(`${host.url}/invoicing/contracts/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
      body: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual({
      debtors: { created: 1, updated: 0, unchanged: 0 },
      contracts: { created: 1, updated: 0, unchanged: 0 },
      lines: { created: 1, updated: 0, unchanged: 0, removed: 0 },
    });
  });

  it("ships the NDJSON import thread's entry beside the server bundle, loadable with the declared dependencies", () => {
    // A good and a bad line: the thread, with zod and the validation loaded, refuses the file
    // (before any database call) and names the bad line.
    const out = inThreadEntry('import-worker', '{ workerData: { tables: {}, chunkSize: 10 } }', [
      'let sent = false;',
      "w.on('message', (m) => {",
      "  if (m.type === 'pull') { w.postMessage(sent ? { type: 'end' } : { type: 'data', chunk: Buffer.from(JSON.stringify({ debtor: { reference: 'D-1', name: 'Zoë' } }) + '\\n' + JSON.stringify({ invoice: {} }) + '\\n') }); sent = true; return; }",
      "  console.log(m.type + ' ' + JSON.stringify(m.type === 'refused' ? m.issues.map((i) => i.message) : m)); w.terminate();",
      '});',
    ]);
    expect(out.trim()).toBe('refused ["Line 2: each line must be an object with one key, \\"debtor\\" or \\"contract\\", holding that record."]');
  });

  it("answers bad input and illegal transitions in Strapi's error shape (400, 404, 409)", async () => {
    const bad = await api('PUT', '/settings', { activationDaysBefore: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['activationDaysBefore']);
    expect((await api('POST', '/runs/no-such-run/activate')).status).toBe(404);
    const run = await api('POST', '/runs', adHocRun({ name: 'February', periodStart: '2026-02-01', periodEnd: '2026-02-28', invoiceDate: '2026-03-01', dueDate: '2026-03-15' }));
    const conflict = await api('POST', `/runs/${run.body.data.documentId}/approve`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ status: 409, name: 'ConflictError' });
  });

  describe('the admin panel (production build, chromium)', () => {
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
      const context = await newContext(browser);
      page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/failed to (load|fetch) (module|dynamically imported)|MIME type|Failed to load module script/i.test(message.text())) {
          problems.push(`console: ${message.text()}`);
        }
      });
      page.on('response', (response) => {
        const url = response.url();
        if (/\.(m?js|json)(\?|$)/.test(url) && url.startsWith(host.url) && /text\/html/.test(response.headers()['content-type'] ?? '')) {
          problems.push(`HTML instead of a module: ${url}`);
        }
      });
      await login(page, host.url, ADMIN.email, ADMIN.password);
    }, 2 * MINUTE);

    afterAll(async () => {
      await browser?.close();
    });

    it('opens Invoice runs from the Invoicing menu', async () => {
      await page.getByRole('link', { name: /^Invoicing$/ }).first().click();
      await page.getByRole('heading', { name: 'Invoice runs' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/plugins/invoicing/runs');
    });

    it('shows the runs page in Dutch when the interface language is nl', async () => {
      await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'nl'));
      await page.goto(`${host.url}/admin/plugins/invoicing/runs`);
      await page.getByRole('heading', { name: 'Factuurruns' }).waitFor();
      await page.getByRole('link', { name: /^Facturering$/ }).first().waitFor();
    });

    it('loaded every module (no failed module script, no page error)', () => {
      expect(problems).toEqual([]);
    });
  });

  /** Waits until the run's job is no longer queued or running; fails on a failed job. */
  async function jobDone(runId: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = (await api('GET', `/runs/${runId}/job`)).body.data;
      if (job && job.state === 'failed') throw new Error(`job failed: ${JSON.stringify(job)}`);
      if (job && job.state === 'succeeded') return;
      if (Date.now() > deadline) throw new Error(`job not done after ${timeoutMs} ms: ${JSON.stringify(job)}\n${host.log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});
