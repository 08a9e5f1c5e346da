/**
 * The NDJSON import's check thread (server/src/services/import/line-checker.ts): lines checked on the
 * thread give exactly what `checkLine` gives on the calling thread, in order; a thread that dies or
 * cannot start hands its lines back to the calling thread; without an entry nothing is threaded.
 *
 * The thread runs the TypeScript source of the entry through bench/register.js (the server bundle's
 * own entry, dist/import-worker/index.js, is what the integration tests use).
 */
import path from 'path';
import { threadEntries } from '../helpers/threads';
import { checkLine } from '../../server/src/services/import/check-line';
import { createLineChecker, importWorkerEntry, type LineChecker } from '../../server/src/services/import/line-checker';

let dir: string;
let entry: string;
let crashing: string;
let remove: () => void;

beforeAll(() => {
  ({ dir, entry, crashing, remove } = threadEntries('line-checker', 'server/src/services/import/check-worker.ts'));
});

afterAll(() => remove());

/** Good and bad lines of every kind the import meets. */
const LINES: Array<[number, string]> = [
  [1, JSON.stringify({ debtor: { reference: 'D-1', name: 'Bakkerij Zon', email: 'zon@example.com', countryCode: 'NL' } })],
  [2, JSON.stringify({ contract: { reference: 'C-1', name: 'Huur', debtorReference: 'D-1', invoiceCycle: 'monthly', startDate: '2026-01-01', lines: [{ description: 'Huur', unitPrice: '500.00', quantity: '1', vatRate: '21' }] } })],
  [3, '{"debtor": {"reference": "D-2"'],
  [4, JSON.stringify({ debtor: { reference: 'D-3', name: 'Geen adres', deliveryChannel: 'peppol_file' } })],
  [5, JSON.stringify({ contract: { reference: 'C-2', name: 'X', debtorReference: 'D-1', invoiceCycle: 'weekly', startDate: '2026-02-30', lines: [] } })],
  [6, JSON.stringify({ debtor: {}, contract: {} })],
  [7, JSON.stringify({ debtor: { reference: ' D-4 ', name: ' Trimmed ', email: '' } })],
];

describe('the import line checker', () => {
  let checker: LineChecker | null = null;
  afterEach(async () => {
    await checker?.close();
    checker = null;
  });

  test('a thread answers exactly what checkLine answers here, batch after batch, in order', async () => {
    checker = createLineChecker({ entry });
    const expected = LINES.map(([no, text]) => checkLine(no, text));
    // both kinds of answer are in the sample
    expect(expected.filter((r) => r.row).length).toBe(3);
    expect(expected.filter((r) => r.issues.length > 0).length).toBe(4);
    // the first batch is checked here (a file of one batch starts no thread), the next on the thread
    const first = await checker.check(LINES.slice(0, 2));
    expect(checker.threaded()).toBe(false);
    const [second, third] = await Promise.all([checker.check(LINES.slice(2, 5)), checker.check(LINES.slice(5))]);
    expect(checker.threaded()).toBe(true);
    expect([...first, ...second, ...third]).toEqual(expected);
    expect(expected[3].issues[0].message).toBe(
      'Line 4: A debtor whose delivery channel is "peppol_file" needs an electronic address (Peppol participant id, scheme:id).',
    );
    expect(expected[6].row).toMatchObject({ kind: 'd', line_no: 7, reference: 'D-4' });
  });

  test('a thread that dies hands its lines back: they are checked here, and so are the next', async () => {
    const warnings: string[] = [];
    checker = createLineChecker({ entry: crashing, warn: (m) => warnings.push(m) });
    await checker.check([]); // the first batch is checked here
    expect(await checker.check(LINES.slice(0, 2))).toEqual(LINES.slice(0, 2).map(([no, text]) => checkLine(no, text)));
    expect(checker.threaded()).toBe(false);
    expect(warnings).toEqual([expect.stringMatching(/the import's check thread stopped \(exit code 3\); lines are checked on the main thread/)]);
    expect(await checker.check(LINES.slice(2))).toEqual(LINES.slice(2).map(([no, text]) => checkLine(no, text)));
  });

  test('an entry that does not exist: checked here, with a warning', async () => {
    const warnings: string[] = [];
    checker = createLineChecker({ entry: path.join(dir, 'missing.js'), warn: (m) => warnings.push(m) });
    await checker.check([]);
    expect(await checker.check(LINES)).toEqual(LINES.map(([no, text]) => checkLine(no, text)));
    expect(checker.threaded()).toBe(false);
    expect(warnings).toHaveLength(1);
  });

  test('without an entry every batch is checked here', async () => {
    checker = createLineChecker({ entry: null });
    expect(await checker.check(LINES)).toEqual(LINES.map(([no, text]) => checkLine(no, text)));
    expect(checker.threaded()).toBe(false);
  });

  test('the built entry is found next to a server bundle only', () => {
    expect(importWorkerEntry()).toBeNull();
  });
});
