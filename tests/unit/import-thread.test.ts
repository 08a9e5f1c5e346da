/**
 * The NDJSON import on its own thread (server/src/services/import/import-thread.ts and the entry
 * import-worker.ts): the same file through the thread and through the calling thread makes the
 * same store calls and answers the same; a store call's error, the stream's error and a refusal come
 * back as they were raised; a thread that dies fails the import. The store here is an in-memory one
 * (the booted app's, on each database, is what contract-import-ndjson.test.ts uses).
 *
 * The thread runs the TypeScript source of the entry through bench/register.js.
 */
import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { threadEntries } from '../helpers/threads';
import {
  CONTRACT_KINDS,
  DEBTOR_KINDS,
  LINE_KINDS,
  type ImportTables,
  type Kind,
  type Model,
  type Row,
} from '../../server/src/services/import/bulk-writer';
import { packRecords, unpackRecords, type CheckedRecord } from '../../server/src/services/import/check-line';
import { importOnThread, importWorkerEntry, reviveDates } from '../../server/src/services/import/import-thread';
import { ImportRefusal, runImport, type ImportStore } from '../../server/src/services/import/pipeline';

let dir: string;
let entry: string;
let remove: () => void;

beforeAll(() => {
  ({ dir, entry, remove } = threadEntries('import-worker', 'server/src/services/import/import-worker.ts'));
});

afterAll(() => remove());

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
function model<F extends string>(table: string, kinds: Record<F, Kind>): Model<F> {
  const fields = {} as Record<F, string>;
  for (const f of Object.keys(kinds) as F[]) fields[f] = snake(f);
  return { table, id: 'id', documentId: 'document_id', createdAt: 'created_at', updatedAt: 'updated_at', publishedAt: 'published_at', fields, kinds };
}
const TABLES: ImportTables = {
  debtor: model('debtors', DEBTOR_KINDS),
  contract: model('contracts', CONTRACT_KINDS),
  line: model('lines', LINE_KINDS),
  contractDebtor: { table: 'contracts_debtor_lnk', owner: 'contract_id', target: 'debtor_id', ownerOrder: 'contract_ord', targetOrder: null },
  lineContract: { table: 'lines_contract_lnk', owner: 'line_id', target: 'contract_id', ownerOrder: 'line_ord', targetOrder: null },
};

type Call = { op: string; size: number };

/** An in-memory store: tables of rows, the staging rows, and a log of the calls (with their sizes). */
function memoryStore(fail?: { op: string; error: Error }): ImportStore & { calls: Call[]; db: Map<string, Row[]>; staged: CheckedRecord[] } {
  const db = new Map<string, Row[]>();
  const staged: CheckedRecord[] = [];
  const calls: Call[] = [];
  let nextId = 1;
  let open = false;
  const rows = (table: string) => db.get(table) ?? (db.set(table, []), db.get(table)!);
  const log = (op: string, size = 0) => {
    calls.push({ op, size });
    if (fail?.op === op) throw fail.error;
  };
  const inTx = () => {
    if (!open) throw new Error('not in the transaction');
  };
  return {
    calls,
    db,
    staged,
    getTables: () => TABLES,
    async stage(records) {
      // the thread packs its records (packRecords); the calling thread hands them as they are
      const list = records instanceof Uint8Array ? [...unpackRecords(records, 100)].flat() : records;
      log('stage', list.length);
      staged.push(...list);
    },
    async crossLineIssues() {
      log('crossLineIssues');
      return [];
    },
    async begin() {
      log('begin');
      open = true;
    },
    async end(commit) {
      log(commit ? 'commit' : 'rollback');
      open = false;
    },
    async page(kind, after, limit) {
      inTx();
      const page = staged.filter((r) => r.kind === kind && r.line_no > after).slice(0, limit);
      log('page', page.length);
      return page.map((r) => ({ line_no: r.line_no, payload: r.payload }));
    },
    async readIn(table, col, values, select) {
      inTx();
      const wanted = new Set(values);
      const found = rows(table)
        .filter((r) => wanted.has(r[col]))
        .map((r) => Object.fromEntries(select.map((c) => [c, r[c] ?? null])));
      log(`readIn ${table}`, found.length);
      return found;
    },
    async deleteIn(table, col, values) {
      inTx();
      log(`deleteIn ${table}`, values.length);
      const gone = new Set(values);
      db.set(
        table,
        rows(table).filter((r) => !gone.has(r[col])),
      );
    },
    async insertEntities(m, inserted) {
      inTx();
      log(`insertEntities ${m.table}`, inserted.length);
      const ids = new Map<string, number>();
      for (const r of inserted) {
        // what a driver refuses: the thread's Dates must arrive as this context's
        for (const v of Object.values(r)) if (typeof v === 'object' && v !== null && !(v instanceof Date)) throw new Error('not a Date of this context');
        const id = nextId++;
        rows(m.table).push({ ...r, [m.id]: id });
        ids.set(String(r[m.documentId]), id);
      }
      return ids;
    },
    async updateRows(table, idColumn, updates) {
      inTx();
      log(`updateRows ${table}`, updates.length);
      for (const u of updates) Object.assign(rows(table).find((r) => r[idColumn] === u.id)!, u.set);
    },
    async insertLinks(l, pairs) {
      inTx();
      log(`insertLinks ${l.table}`, pairs.length);
      for (const [owner, target] of pairs) rows(l.table).push({ [l.owner]: owner, [l.target]: target });
    },
  };
}

const ndjson = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const FILE = ndjson([
  { debtor: { reference: 'D-1', name: 'Bakkerij Zon', email: 'zon@example.com', countryCode: 'NL' } },
  { debtor: { reference: 'D-2', name: 'Kantoor Noord' } },
  ...Array.from({ length: 7 }, (_, i) => ({
    contract: {
      reference: `C-${i + 1}`,
      name: `Huur ${i + 1}`,
      debtorReference: i % 2 === 0 ? 'D-1' : 'D-2',
      invoiceCycle: 'monthly',
      startDate: '2026-01-01',
      lines: [
        { description: 'Huur', unitPrice: '500.00', quantity: '1', vatRate: '21' },
        { description: 'Service', unitPrice: '12.50', quantity: '2', vatRate: '21' },
      ],
    },
  })),
]);

/** The file in pieces that split lines (and a multi-byte character) at arbitrary places. */
async function* pieces(text: string, size = 37): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The tables without what differs run to run (documentIds, timestamps). */
const content = (db: Map<string, Row[]>) =>
  Object.fromEntries(
    [...db].map(([table, list]) => [table, list.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !['document_id', 'created_at', 'updated_at', 'published_at'].includes(k))))]),
  );

describe('the NDJSON import thread', () => {
  test('the same file on the thread and on the calling thread: the same calls, answers and rows', async () => {
    const here = memoryStore();
    const there = memoryStore();
    const progressHere: unknown[] = [];
    const progressThere: unknown[] = [];
    const a = await runImport(pieces(FILE), here, { chunkSize: 3, progress: (e) => progressHere.push(e) });
    const b = await importOnThread(entry, pieces(FILE), there, { chunkSize: 3, progress: (e) => progressThere.push(e) });
    expect(b).toEqual(a);
    expect(a).toEqual({
      lines: 9,
      records: 9,
      result: {
        debtors: { created: 2, updated: 0, unchanged: 0 },
        contracts: { created: 7, updated: 0, unchanged: 0 },
        lines: { created: 14, updated: 0, unchanged: 0, removed: 0 },
      },
    });
    expect(there.calls).toEqual(here.calls);
    expect(there.calls.filter((c) => c.op === 'stage').map((c) => c.size)).toEqual([3, 3, 3]);
    expect(there.calls.slice(-1)).toEqual([{ op: 'commit', size: 0 }]);
    expect(progressThere).toEqual(progressHere);
    expect(content(there.db)).toEqual(content(here.db));
    expect(there.db.get('lines')).toHaveLength(14);
    // the thread's `now` arrived as a Date of this context
    expect(there.db.get('debtors')![0].created_at).toBeInstanceOf(Date);
  });

  test('a bad line: refused with its line number and field, nothing applied', async () => {
    const store = memoryStore();
    const bad = FILE + ndjson([{ contract: { reference: 'C-9', name: 'X', debtorReference: 'D-1', invoiceCycle: 'weekly', startDate: '2026-02-30', lines: [] } }]);
    const error = await importOnThread(entry, pieces(bad), store, { chunkSize: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusal);
    const issues = (error as ImportRefusal).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path[0] === '10' && i.message.startsWith('Line 10: '))).toBe(true);
    expect(store.calls.map((c) => c.op)).not.toContain('begin');
  });

  test("a store call's error comes back as the very error thrown, after a rollback", async () => {
    const failure = new Error('UNIQUE constraint failed: contracts.reference');
    const store = memoryStore({ op: 'insertEntities contracts', error: failure });
    await expect(importOnThread(entry, pieces(FILE), store, { chunkSize: 3 })).rejects.toBe(failure);
    expect(store.calls.slice(-1)).toEqual([{ op: 'rollback', size: 0 }]);
  });

  test("the request stream's error comes back as it was raised; nothing is applied", async () => {
    const aborted = new Error('aborted');
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.from(FILE.slice(0, 200));
      throw aborted;
    }
    const store = memoryStore();
    await expect(importOnThread(entry, broken(), store, { chunkSize: 3 })).rejects.toBe(aborted);
    expect(store.calls.map((c) => c.op)).not.toContain('begin');
  });

  test('a thread that dies fails the import', async () => {
    const dying = path.join(dir, 'dying-worker.js');
    fs.writeFileSync(dying, "const { parentPort } = require('worker_threads'); parentPort.postMessage({ type: 'pull' }); parentPort.on('message', () => process.exit(3));\n");
    await expect(importOnThread(dying, pieces(FILE), memoryStore(), { chunkSize: 3 })).rejects.toThrow(
      'The import thread stopped (exit code 3) before the import finished; nothing was imported.',
    );
  });

  test("a Date from another context becomes this context's; rows and updates are walked", () => {
    const foreign = vm.runInNewContext('new Date(86400000)') as Date;
    expect(foreign instanceof Date).toBe(false);
    const args = reviveDates([[{ created_at: foreign, name: 'x' }], [{ id: 1, set: { updated_at: foreign } }]]) as [Row[], Array<{ set: Row }>];
    expect(args[0][0].created_at).toBeInstanceOf(Date);
    expect((args[0][0].created_at as Date).getTime()).toBe(86400000);
    expect(args[1][0].set.updated_at).toBeInstanceOf(Date);
    expect(args[0][0].name).toBe('x');
  });

  test("in a context whose Dates arrive as its own (a server), the first Date ends the walking", () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('../../server/src/services/import/import-thread') as { reviveDates: typeof reviveDates };
      const own = new Date(0);
      expect(fresh.reviveDates([{ created_at: own }])).toEqual([{ created_at: own }]);
      // from now on nothing is walked: a foreign Date would stay as it is
      const foreign = vm.runInNewContext('new Date(0)') as Date;
      const args = fresh.reviveDates([{ created_at: foreign }]) as Row[];
      expect(args[0].created_at).toBe(foreign);
    });
  });

  test('packed records come back as they were, in slices of about the size asked for', () => {
    const records: CheckedRecord[] = [
      { kind: 'd', line_no: 1, reference: 'D-1', debtor_reference: null, payload: JSON.stringify({ reference: 'D-1', name: 'Zoë "de" Bakker\nline two' }) },
      { kind: 'c', line_no: 2, reference: 'C-1', debtor_reference: 'D-1', payload: 'x'.repeat(300) },
      { kind: 'c', line_no: 3, reference: 'C-2', debtor_reference: 'D-1', payload: '{}' },
    ];
    const packed = packRecords(records);
    expect([...unpackRecords(packed, 1_000_000)]).toEqual([records]);
    expect([...unpackRecords(packed, 200)].map((slice) => slice.map((r) => r.line_no))).toEqual([[1, 2], [3]]);
    expect([...unpackRecords(packRecords([]), 10)]).toEqual([]);
  });

  test('the built entry is found next to a server bundle only', () => {
    expect(importWorkerEntry()).toBeNull();
  });
});
