/**
 * The document render threads (server/src/documents/render-pool.ts): documents rendered on a thread
 * are byte-identical to those rendered on the calling thread, a thread that dies hands its documents
 * back to the calling thread, and a pool without threads renders on the calling thread.
 *
 * The thread runs the TypeScript source of the render thread entry through bench/register.js (the
 * server bundle's own entry, dist/render-worker/index.js, is what the integration tests use).
 */
import { threadEntries } from '../helpers/threads';
import { renderInvoicePdf } from '../../server/src/documents/pdf';
import { createRenderPool, renderWorkerEntry, type RenderPool } from '../../server/src/documents/render-pool';
import { sampleDocument } from '../helpers/documents';

let entry: string;
let crashing: string;
let remove: () => void;

beforeAll(() => {
  ({ entry, crashing, remove } = threadEntries('render-pool', 'server/src/documents/render-worker.ts'));
});

afterAll(() => remove());

describe('render pool', () => {
  let pool: RenderPool | null = null;
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  test('a thread renders the same bytes as the calling thread, documents side by side', async () => {
    const warnings: string[] = [];
    pool = createRenderPool({ size: 2, entry, warn: (m) => warnings.push(m) });
    const documents = ['en', 'nl', 'en', 'nl', 'en'].map((language, i) =>
      sampleDocument({ language: language as 'en' | 'nl', number: `INV-2027-${String(100 + i).padStart(6, '0')}` }, 1 + i),
    );
    const threaded = await Promise.all(documents.map((d) => pool!.render(d)));
    expect(pool.threads()).toBe(2);
    for (let i = 0; i < documents.length; i += 1) {
      expect(Buffer.isBuffer(threaded[i])).toBe(true);
      expect(threaded[i].equals(await renderInvoicePdf(documents[i]))).toBe(true);
    }
    expect(warnings).toEqual([]);
  });

  test('a rendering error reaches the caller as an error, and the thread goes on', async () => {
    pool = createRenderPool({ size: 1, entry });
    await expect(pool.render(sampleDocument({ invoiceDate: '2027-13-45' }))).rejects.toThrow(/Invalid invoice date/);
    const ok = sampleDocument();
    expect((await pool.render(ok)).equals(await renderInvoicePdf(ok))).toBe(true);
    expect(pool.threads()).toBe(1);
  });

  test('a thread that dies hands its documents to the calling thread, with a warning', async () => {
    const warnings: string[] = [];
    pool = createRenderPool({ size: 1, entry: crashing, warn: (m) => warnings.push(m) });
    const data = sampleDocument({ language: 'nl' });
    const pdf = await pool.render(data);
    expect(pdf.equals(await renderInvoicePdf(data))).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/render thread stopped .*main thread/);
    expect(pool.threads()).toBe(0);
    // Later documents render on the calling thread.
    expect((await pool.render(data)).equals(pdf)).toBe(true);
  });

  test('no threads (size 0, or no built entry): documents render on the calling thread', async () => {
    pool = createRenderPool({ size: 0, entry });
    const data = sampleDocument();
    expect((await pool.render(data)).equals(await renderInvoicePdf(data))).toBe(true);
    expect(pool.threads()).toBe(0);
    await pool.close();
    pool = createRenderPool({ size: 2, entry: null });
    expect((await pool.render(data)).equals(await renderInvoicePdf(data))).toBe(true);
    expect(pool.threads()).toBe(0);
  });

  test('the built entry is found next to a server bundle only', () => {
    // From the TypeScript source there is no built entry beside it.
    expect(renderWorkerEntry()).toBeNull();
  });
});
