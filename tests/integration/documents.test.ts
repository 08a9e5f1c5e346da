/**
 * Invoice documents (DESIGN §16) through the admin HTTP API: the PDF of an invoice, archived once
 * through the upload plugin and answered byte for byte ever after; the run's ZIP; the prepare job.
 */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import path from 'path';
import type { Test } from 'supertest';
import { createRole, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { bootForFile } from '../helpers/suite';
import { api, expectStatus, expireLease, getRun, runEvents, runInStatus, waitForJob, worker, type Api, type Json } from '../helpers/runs';
import { monthRun } from '../helpers/fixtures';
import { VALID_SELLER } from '../helpers/seller';
import { png, removeArchivedDocuments } from '../helpers/documents';
import { pdfText } from '../helpers/pdf-text';
import { unzip } from '../helpers/zip';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Collects a binary response body (supertest parses only text and JSON by itself). */
const binary = (req: Test): Test =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
    res.on('error', (error: Error) => done(error, null));
    res.on('aborted', () => done(new Error('the response was aborted'), null));
  });

describe('invoice documents', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let logoId: number;
  let logoPath: string;
  let runId: string;
  let invoices: Json[];

  const download = (user: TestUser, path: string): Test => binary(app.request.get(`/invoicing${path}`).set('Authorization', user.auth));
  const archivedFileIds = async (): Promise<number[]> =>
    ((await app.strapi.db.connection('invoicing_invoices').whereNotNull('document_file_id').select('document_file_id')) as Array<{ document_file_id: number }>).map((r) =>
      Number(r.document_file_id),
    );
  const pdfFiles = async (name: string): Promise<number> =>
    app.strapi.db.query('plugin::upload.file').count({ where: { name, mime: 'application/pdf' } });

  /** Imports debtors with names beyond Latin-1 and one contract each, in `year`. */
  async function importYear(year: number, names: string[], prefix: string) {
    const res = await a.post('/contracts/import', {
      debtors: names.map((name, i) => ({ reference: `${prefix}-D${i}`, name, street: 'Kerkstraat 1', postalCode: '1011 AB', city: 'Amsterdam', countryCode: 'NL', language: 'nl' })),
      contracts: names.map((_n, i) => ({
        reference: `${prefix}-C${i}`,
        name: `Contract ${i}`,
        debtorReference: `${prefix}-D${i}`,
        invoiceCycle: 'monthly',
        startDate: `${year}-01-01`,
        endDate: `${year}-12-31`,
        lines: [{ description: 'Huur', unitPrice: '100.00', quantity: '1', vatRate: '21' }],
      })),
    });
    expectStatus(res, 200, 'POST /contracts/import');
  }

  // Declared before bootForFile so that it runs before the app stops (after-all hooks run in order).
  afterAll(async () => {
    // The archived PDFs live in the playground's public folder: remove them with their file rows.
    if (app) await removeArchivedDocuments(app);
    if (logoPath) await fs.rm(logoPath, { force: true });
  });

  bootForFile(
    async (booted) => {
      ({ app, admin, a } = booted);
      // A real PNG in the local provider's folder, registered as a Media Library file.
      const hash = `invoicing_test_logo_${Date.now()}`;
      logoPath = path.join(app.strapi.dirs.static.public, 'uploads', `${hash}.png`);
      await fs.writeFile(logoPath, png(60, 20));
      const file = await app.strapi.db.query('plugin::upload.file').create({
        data: { name: 'logo.png', hash, ext: '.png', mime: 'image/png', size: 1, url: `/uploads/${hash}.png`, provider: 'local' },
      });
      logoId = Number(file.id);
      expectStatus(await a.put('/settings', { seller: { ...VALID_SELLER, legalName: 'Verhuur Zoë B.V.', logo: logoId } }), 200, 'PUT /settings');
      await importYear(2033, ['Łukasz Żółć', 'Zoë Müller-Groß', 'Ödön Kovács'], 'DOC');
      runId = await runInStatus(app, admin, 'invoices_generated', monthRun(2033, 1));
      const list = await a.get(`/runs/${runId}/invoices`, { pageSize: 100 });
      expectStatus(list, 200, 'GET /runs/:id/invoices');
      invoices = list.body.results;
      expect(invoices).toHaveLength(3);
    },
    // small batches, the worker driven by the test
    { env: { INVOICING_WORKER_ENABLED: 'false', INVOICING_WORKER_BATCH_SIZE: '2', INVOICING_WORKER_LEASE_MS: '60000' } },
  );

  test('a new invoice has no document; GET /invoices/:id/document renders, archives and answers it', async () => {
    const invoice = invoices.find((i) => i.debtor.name === 'Łukasz Żółć');
    expect(invoice.document).toBeNull();

    const res = await download(admin, `/invoices/${invoice.documentId}/document`);
    expectStatus(res, 200, 'GET /invoices/:id/document');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${invoice.number}.pdf"`);
    const body = res.body as Buffer;
    const hash = sha256(body);
    expect(res.headers['x-content-sha256']).toBe(hash);
    expect(res.headers.etag).toBe(`"${hash}"`);

    const text = (await pdfText(body)).text;
    expect(text).toContain(invoice.number);
    expect(text).toContain('Łukasz Żółć');
    expect(text).toContain('Verhuur Zoë B.V.');
    // the seller's logo is embedded
    expect(body.toString('latin1')).toMatch(/\/Subtype \/Image/);
    // It was rendered on the plugin's render thread (the built dist/render-worker entry), the default.
    expect((app.strapi.plugin('invoicing').service('documents') as unknown as { renderThreads(): number }).renderThreads()).toBe(1);

    const after = await a.get(`/invoices/${invoice.documentId}`);
    expect(after.body.data.document).toEqual({ sha256: hash, size: body.length });
    const listed = await a.get(`/runs/${runId}/invoices`, { pageSize: 100 });
    expect(listed.body.results.find((i: Json) => i.documentId === invoice.documentId).document).toEqual({ sha256: hash, size: body.length });
    expect(await pdfFiles(`${invoice.number}.pdf`)).toBe(1);

    const inline = await download(admin, `/invoices/${invoice.documentId}/document?disposition=inline`);
    expectStatus(inline, 200, 'GET /invoices/:id/document?disposition=inline');
    expect(inline.headers['content-disposition']).toBe(`inline; filename="${invoice.number}.pdf"`);
    expect(Buffer.compare(inline.body, body)).toBe(0);

    // A client holding the document (its ETag) gets 304 and no bytes; another ETag gets the document.
    const cached = await download(admin, `/invoices/${invoice.documentId}/document`).set('If-None-Match', `"${hash}"`);
    expect(cached.status).toBe(304);
    expect(cached.headers.etag).toBe(`"${hash}"`);
    expect(cached.body.length ?? 0).toBe(0);
    const other = await download(admin, `/invoices/${invoice.documentId}/document`).set('If-None-Match', `"${'0'.repeat(64)}", W/"x"`);
    expectStatus(other, 200, 'GET /invoices/:id/document with a stale If-None-Match');
    expect(Buffer.compare(other.body, body)).toBe(0);
  });

  test('after the seller settings and the debtor change, the download is byte-identical; a fresh invoice shows the new seller', async () => {
    const invoice = invoices.find((i) => i.debtor.name === 'Zoë Müller-Groß');
    const first = await download(admin, `/invoices/${invoice.documentId}/document`);
    expectStatus(first, 200, 'GET /invoices/:id/document');

    expectStatus(await a.put('/settings', { seller: { ...VALID_SELLER, legalName: 'Nieuwe Eigenaar B.V.', logo: null } }), 200, 'PUT /settings');
    const renamed = await a.post('/contracts/import', { debtors: [{ reference: 'DOC-D1', name: 'Renamed Debtor', city: 'Utrecht', countryCode: 'NL', language: 'en' }] });
    expectStatus(renamed, 200, 'POST /contracts/import');

    const second = await download(admin, `/invoices/${invoice.documentId}/document`);
    expectStatus(second, 200, 'GET /invoices/:id/document');
    expect(Buffer.compare(second.body, first.body)).toBe(0);
    expect(second.headers['x-content-sha256']).toBe(first.headers['x-content-sha256']);
    expect((await a.get(`/invoices/${invoice.documentId}`)).body.data.document.sha256).toBe(first.headers['x-content-sha256']);
    const text = (await pdfText(second.body)).text;
    expect(text).toContain('Zoë Müller-Groß');
    expect(text).not.toContain('Nieuwe Eigenaar');

    // a new run's invoice is made with the new seller and debtor
    const nextRun = await runInStatus(app, admin, 'invoices_generated', monthRun(2033, 2));
    const fresh = (await a.get(`/runs/${nextRun}/invoices`, { pageSize: 100 })).body.results.find((i: Json) => i.debtor.reference === 'DOC-D1');
    const doc = await download(admin, `/invoices/${fresh.documentId}/document`);
    expectStatus(doc, 200, 'GET /invoices/:id/document (fresh)');
    const freshText = (await pdfText(doc.body)).text;
    expect(freshText).toContain('Nieuwe Eigenaar B.V.');
    expect(freshText).toContain('Renamed Debtor');
    expect(freshText).not.toContain('Verhuur Zoë');
  });

  test('when the archive transaction fails nothing is left: no file row, no stored file, no document; the next request archives', async () => {
    const invoice = invoices.find((i) => i.debtor.name === 'Ödön Kovács');
    const uploads = path.join(app.strapi.dirs.static.public, 'uploads');
    const stem = String(invoice.number).replace(/[^A-Za-z0-9]/g, '_');
    const storedFiles = async () => (await fs.readdir(uploads)).filter((f) => f.startsWith(stem) && f.endsWith('.pdf'));
    const files = app.strapi.db.query('plugin::upload.file');
    // files another test (or an earlier, killed run) left in the shared uploads folder are not ours
    const before = await storedFiles();
    const spy = jest.spyOn(files, 'createMany').mockRejectedValueOnce(new Error('the database refused the file rows'));
    try {
      const failed = await download(admin, `/invoices/${invoice.documentId}/document`);
      expect(failed.status).toBe(500);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    expect(await pdfFiles(`${invoice.number}.pdf`)).toBe(0);
    expect(await storedFiles()).toEqual(before);
    expect((await a.get(`/invoices/${invoice.documentId}`)).body.data.document).toBeNull();
  });

  test('first requests at once end with one archived file, and all answer its bytes', async () => {
    const invoice = invoices.find((i) => i.debtor.name === 'Ödön Kovács');
    const answers = await Promise.all(Array.from({ length: 4 }, () => download(admin, `/invoices/${invoice.documentId}/document`)));
    for (const res of answers) expectStatus(res, 200, 'GET /invoices/:id/document');
    const hashes = new Set(answers.map((res) => sha256(res.body as Buffer)));
    expect(hashes.size).toBe(1);
    const stored = (await a.get(`/invoices/${invoice.documentId}`)).body.data.document;
    expect([...hashes]).toEqual([stored.sha256]);
    expect(await pdfFiles(`${invoice.number}.pdf`)).toBe(1);
  });

  test('the run ZIP holds every invoice as <number>.pdf with its archived bytes', async () => {
    const res = await download(admin, `/runs/${runId}/invoices/documents`);
    expectStatus(res, 200, 'GET /runs/:id/invoices/documents');
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="IVR-\d+\.zip"$/);
    const entries = unzip(res.body as Buffer);
    const current = (await a.get(`/runs/${runId}/invoices`, { pageSize: 100 })).body.results as Json[];
    expect(entries.map((e) => e.name)).toEqual(current.map((i) => `${i.number}.pdf`).sort());
    for (const entry of entries) {
      const invoice = current.find((i) => `${i.number}.pdf` === entry.name);
      expect(sha256(entry.data)).toBe(invoice.document.sha256);
    }
  });

  test('Prepare documents: 202 with a documents job that archives every missing document without changing the status; again archives nothing', async () => {
    const run = await runInStatus(app, admin, 'invoices_generated', monthRun(2033, 3));
    const before = (await a.get(`/runs/${run}/invoices`, { pageSize: 100 })).body.results as Json[];
    expect(before).toHaveLength(3);
    expect(before.every((i) => i.document === null)).toBe(true);
    const filesBefore = (await archivedFileIds()).length;

    const started = await a.post(`/runs/${run}/documents/prepare`);
    expectStatus(started, 202, 'POST /runs/:id/documents/prepare');
    expect(started.body.data).toMatchObject({ type: 'documents', state: 'queued' });
    // a second start while it is queued answers the same job
    const again = await a.post(`/runs/${run}/documents/prepare`);
    expect(again.body.data.documentId).toBe(started.body.data.documentId);

    // Stop after the first batch of documents, as a crashed instance would; another takes over.
    await worker(app).processNext({ maxBatches: 2 });
    const midway = (await a.get(`/runs/${run}/invoices`, { pageSize: 100 })).body.results as Json[];
    expect(midway.filter((i) => i.document !== null)).toHaveLength(2);
    await expireLease(app, started.body.data.documentId);
    const job = await waitForJob(app, admin, run);
    expect(job).toMatchObject({ type: 'documents', state: 'succeeded', processed: 3, total: 3, summary: { created: 3 } });

    const after = (await a.get(`/runs/${run}/invoices`, { pageSize: 100 })).body.results as Json[];
    expect(after.every((i) => i.document !== null && /^[0-9a-f]{64}$/.test(i.document.sha256) && i.document.size > 1000)).toBe(true);
    expect((await archivedFileIds()).length).toBe(filesBefore + 3);
    expect((await getRun(app, admin, run)).status).toBe('invoices_generated');
    const events = await runEvents(app, admin, run);
    expect(events.slice(-2).map((e) => [e.action, e.from, e.to])).toEqual([
      ['prepare_documents', 'invoices_generated', 'invoices_generated'],
      ['complete_documents', 'invoices_generated', 'invoices_generated'],
    ]);

    // Archived documents are what a download answers.
    const one = await download(admin, `/invoices/${after[0].documentId}/document`);
    expect(one.headers['x-content-sha256']).toBe(after[0].document.sha256);

    const second = await a.post(`/runs/${run}/documents/prepare`);
    expectStatus(second, 202, 'POST /runs/:id/documents/prepare (again)');
    expect(second.body.data.documentId).not.toBe(started.body.data.documentId);
    expect(await waitForJob(app, admin, run)).toMatchObject({ state: 'succeeded', summary: { created: 0 } });
    expect((await archivedFileIds()).length).toBe(filesBefore + 3);
  });

  test('Prepare documents before the invoices exist answers 409', async () => {
    const run = await runInStatus(app, admin, 'approved', monthRun(2033, 4));
    const res = await a.post(`/runs/${run}/documents/prepare`);
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ status: 'approved', action: 'prepare_documents', reason: 'runs.refusal.wrongStatus' });
    expect(res.body.error.message).toContain('generate the invoices first');
  });

  test('unknown invoice or run: 404; a bad disposition: 400', async () => {
    expect((await a.get('/invoices/nope/document')).status).toBe(404);
    expect((await a.get('/runs/nope/invoices/documents')).status).toBe(404);
    expect((await a.post('/runs/nope/documents/prepare')).status).toBe(404);
    const bad = await a.get(`/invoices/${invoices[0].documentId}/document`, { disposition: 'download' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['disposition']);
  });

  test('a role without read gets 403; with read but without invoices.generate it may download but not prepare', async () => {
    const noRead = await createUser(app, [(await createRole(app.strapi, 'Docs no read', ['plugin::invoicing.runs.manage'])).id], 'docs-noread');
    const reader = await createUser(app, [(await createRole(app.strapi, 'Docs reader', ['plugin::invoicing.read'])).id], 'docs-reader');
    const id = invoices[0].documentId as string;
    expect((await download(noRead, `/invoices/${id}/document`)).status).toBe(403);
    expect((await download(noRead, `/runs/${runId}/invoices/documents`)).status).toBe(403);
    expect((await api(app, noRead).post(`/runs/${runId}/documents/prepare`)).status).toBe(403);
    expect((await download(reader, `/invoices/${id}/document`)).status).toBe(200);
    expect((await api(app, reader).post(`/runs/${runId}/documents/prepare`)).status).toBe(403);
  });
});
