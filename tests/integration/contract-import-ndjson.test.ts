import { createRole, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { UIDS } from '../helpers/fixtures';
import { bootForFile } from '../helpers/suite';
import { grownBy, importRacingAnotherWriter, importRowCounts } from '../helpers/imports';

/**
 * POST /invoicing/contracts/import with Content-Type application/x-ndjson: one debtor or contract per
 * line, staged and checked in chunks, applied all-or-nothing. The app boots with a chunk size of 3
 * records, so every file here spans several chunks.
 */

const CHUNK = 3;
const STAGING = 'invoicing_import_staging';

type Rec = Record<string, unknown>;
const debtor = (reference: string, extra: Rec = {}) => ({ debtor: { reference, name: `Debtor ${reference}`, ...extra } });
const contract = (reference: string, debtorReference: string, lines: Rec[] = [], extra: Rec = {}) => ({
  contract: { reference, name: `Contract ${reference}`, debtorReference, invoiceCycle: 'monthly', startDate: '2026-01-01', lines, ...extra },
});
const line = (description: string, unitPrice: string, extra: Rec = {}) => ({ description, unitPrice, quantity: '1', vatRate: '21', ...extra });
const ndjson = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

type Issue = { path: string[]; message: string };

describe('NDJSON contract import (POST /invoicing/contracts/import, application/x-ndjson)', () => {
  let app: TestApp;
  let admin: TestUser;
  let importer: TestUser;
  let outsider: TestUser;

  const post = (text: string, user: TestUser | null = admin, type = 'application/x-ndjson') => {
    const req = app.request.post('/invoicing/contracts/import').set('Content-Type', type);
    return (user ? req.set('Authorization', user.auth) : req).send(text);
  };

  /** The import's tables and the staging table (empty after every import, whatever its outcome). */
  const rowCounts = async () => {
    const knex = app.strapi.db.connection;
    const staging = (await knex.schema.hasTable(STAGING)) ? Number(((await knex(STAGING).count({ n: '*' })) as Array<{ n: number | string }>)[0].n) : 0;
    return { ...(await importRowCounts(app)), staging };
  };

  const contractOf = async (reference: string) =>
    app.strapi.db.query(UIDS.contract).findOne({ where: { reference }, populate: ['debtor', 'lines'] });

  /** A 400 that names `lines` (the first path segment of each issue) and wrote nothing. */
  const expectRefused = async (res: { status: number; body: { data: unknown; error: { name: string; message: string; details: { errors: Issue[] } } } }) => {
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error.name).toBe('ValidationError');
    return res.body.error.details.errors;
  };

  bootForFile(
    async (booted) => {
      ({ app, admin } = booted);
      const importerRole = await createRole(app.strapi, 'NDJSON importer', ['plugin::invoicing.contracts.import']);
      const outsiderRole = await createRole(app.strapi, 'NDJSON reader', ['plugin::invoicing.read']);
      importer = await createUser(app, [importerRole.id], 'ndjson-importer');
      outsider = await createUser(app, [outsiderRole.id], 'ndjson-outsider');
    },
    { env: { INVOICING_IMPORT_CHUNK_SIZE: String(CHUNK) } },
  );

  const file = ndjson([
    debtor('ND-D1', { email: 'd1@example.com', city: 'Utrecht' }),
    debtor('ND-D2'),
    contract('ND-C1', 'ND-D1', [line('Rent', '845.00', { reference: 'RENT' }), line('Service', '62.35')]),
    contract('ND-C2', 'ND-D2', [line('Cleaning', '45')], { currency: 'jpy', status: 'terminated' }),
    debtor('ND-D3'),
    contract('ND-C3', 'ND-D1'),
  ]);

  test('without a token 401, without the import permission 403; nothing is written either way', async () => {
    const before = await rowCounts();
    const anonymous = await post(file, null);
    expect(anonymous.status).toBe(401);
    const forbidden = await post(file, outsider);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect(await rowCounts()).toEqual(before);
  });

  test('a file answers 200 with the counts and the lines read, and stores what the JSON import stores', async () => {
    const before = await rowCounts();
    const res = await post(file, importer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: {
        debtors: { created: 3, updated: 0, unchanged: 0 },
        contracts: { created: 3, updated: 0, unchanged: 0 },
        lines: { created: 3, updated: 0, unchanged: 0, removed: 0 },
      },
      meta: { lines: 6 },
    });
    expect(await rowCounts()).toEqual(grownBy(before, 3, 3, 3));
    const c1 = await contractOf('ND-C1');
    expect(c1).toMatchObject({ currency: 'EUR', status: 'active', debtor: { reference: 'ND-D1', email: 'd1@example.com', city: 'Utrecht' } });
    expect(c1.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
    expect(c1.lines.map((l: { reference: string | null; unitPrice: string }) => [l.reference, l.unitPrice])).toEqual([
      ['RENT', '845'],
      [null, '62.35'],
    ]);
    expect(await contractOf('ND-C2')).toMatchObject({ currency: 'JPY', status: 'terminated', debtor: { reference: 'ND-D2' } });
  });

  test('the same file again (byte order mark, CRLF line ends, blank lines) changes nothing', async () => {
    const before = await rowCounts();
    const c1 = await contractOf('ND-C1');
    const res = await post(`\ufeff\r\n${file.replace(/\n/g, '\r\n')}\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      debtors: { created: 0, updated: 0, unchanged: 3 },
      contracts: { created: 0, updated: 0, unchanged: 3 },
      lines: { created: 0, updated: 0, unchanged: 3, removed: 0 },
    });
    expect(await rowCounts()).toEqual(before);
    expect((await contractOf('ND-C1')).updatedAt).toEqual(c1.updatedAt);
  });

  test('many chunks: contracts refer to debtors staged chunks earlier, later in the file, or only in the database', async () => {
    const before = await rowCounts();
    const records: unknown[] = [];
    // A contract whose debtor comes at the very end of the file, and one whose debtor is only in the database.
    records.push(contract('ND-M-C0', 'ND-M-D-LAST', [line('First', '1')]));
    records.push(contract('ND-M-CDB', 'ND-D2', [line('Stored debtor', '2')]));
    for (let i = 0; i < 10; i++) records.push(debtor(`ND-M-D${i}`));
    for (let i = 0; i < 20; i++) {
      records.push(contract(`ND-M-C${i + 1}`, `ND-M-D${i % 10}`, [line('Rent', `${100 + i}`, { reference: 'RENT' }), line('Extra', '5')]));
    }
    records.push(debtor('ND-M-D-LAST'));
    expect(records.length).toBeGreaterThan(CHUNK * 10);
    const res = await post(ndjson(records));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      debtors: { created: 11, updated: 0, unchanged: 0 },
      contracts: { created: 22, updated: 0, unchanged: 0 },
      lines: { created: 42, updated: 0, unchanged: 0, removed: 0 },
    });
    expect(res.body.meta).toEqual({ lines: records.length });
    expect(await rowCounts()).toEqual(grownBy(before, 11, 22, 42));
    expect((await contractOf('ND-M-C0')).debtor.reference).toBe('ND-M-D-LAST');
    expect((await contractOf('ND-M-CDB')).debtor.reference).toBe('ND-D2');
    const d3 = await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'ND-M-D3' }, populate: ['contracts'] });
    expect(d3.contracts.map((c: { reference: string }) => c.reference)).toEqual(['ND-M-C4', 'ND-M-C14']);
    const c20 = await contractOf('ND-M-C20');
    expect(c20.lines.map((l: { description: string; unitPrice: string }) => [l.description, l.unitPrice])).toEqual([
      ['Rent', '119'],
      ['Extra', '5'],
    ]);
  });

  test('a bad line in a late chunk answers 400 with its line number and field; nothing is written', async () => {
    const before = await rowCounts();
    const records: unknown[] = [];
    for (let i = 0; i < 12; i++) records.push(debtor(`ND-BAD-D${i}`));
    for (let i = 0; i < 12; i++) records.push(contract(`ND-BAD-C${i}`, `ND-BAD-D${i}`, [line('Rent', '10')]));
    // Line 23 (the 7th chunk): a price with a comma.
    (records[22] as { contract: { lines: Rec[] } }).contract.lines[0].unitPrice = '1,50';
    const res = await post(ndjson(records));
    const errors = await expectRefused(res);
    expect(errors).toEqual([
      expect.objectContaining({ path: ['23', 'contract', 'lines', '0', 'unitPrice'], message: expect.stringMatching(/^Line 23: /) }),
    ]);
    expect(res.body.error.message).toBe(errors[0].message);
    expect(await rowCounts()).toEqual(before);
    expect(await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'ND-BAD-D0' } })).toBeNull();
  });

  test('several bad lines are listed together: malformed JSON, an unknown key, a record of neither kind', async () => {
    const before = await rowCounts();
    const res = await post(
      ndjson([
        debtor('ND-X-D1'),
        '{"debtor": {"reference": "ND-X-D2", "name": "Cut off"',
        debtor('ND-X-D3', { colour: 'blue' }),
        { invoice: { reference: 'X' } },
        '[1, 2, 3]',
        contract('ND-X-C1', 'ND-X-D1', [], { startDate: '2026-02-30' }),
      ]),
    );
    const errors = await expectRefused(res);
    expect(errors.map((e) => e.path.join('.'))).toEqual(['2', '3.debtor.colour', '4', '5', '6.contract.startDate']);
    expect(errors[0].message).toMatch(/^Line 2: not valid JSON/);
    expect(errors[2].message).toMatch(/^Line 4: .*"debtor" or "contract"/);
    expect(res.body.error.message).toBe('5 errors occurred');
    expect(await rowCounts()).toEqual(before);
  });

  test('more than 100 bad lines: the first 100 are listed and the message says there are more', async () => {
    const before = await rowCounts();
    const records = Array.from({ length: 150 }, (_, i) => debtor(`ND-MANY-${i}`, { deliveryChannel: 'fax' }));
    const res = await post(ndjson(records));
    const errors = await expectRefused(res);
    expect(errors).toHaveLength(100);
    expect(errors[99].path).toEqual(['100', 'debtor', 'deliveryChannel']);
    expect(res.body.error.message).toBe('More than 100 errors occurred; the first 100 are listed.');
    expect(await rowCounts()).toEqual(before);
  });

  test('references given twice in the file and debtors that exist nowhere are refused with their line numbers', async () => {
    const before = await rowCounts();
    const records: unknown[] = [debtor('ND-DUP-D1'), debtor('ND-DUP-D2')];
    for (let i = 0; i < 8; i++) records.push(contract(`ND-DUP-C${i}`, 'ND-DUP-D1'));
    records.push(debtor('ND-DUP-D1', { name: 'Again' })); // line 11
    records.push(contract('ND-DUP-C3', 'ND-DUP-D2')); // line 12
    records.push(contract('ND-DUP-C9', 'ND-NOWHERE')); // line 13
    const errors = await expectRefused(await post(ndjson(records)));
    expect(errors).toEqual([
      expect.objectContaining({ path: ['11', 'debtor', 'reference'], message: expect.stringMatching(/^Line 11: Debtor reference "ND-DUP-D1" .*first on line 1/) }),
      expect.objectContaining({ path: ['12', 'contract', 'reference'], message: expect.stringMatching(/"ND-DUP-C3" .*first on line 6/) }),
      expect.objectContaining({ path: ['13', 'contract', 'debtorReference'], message: expect.stringMatching(/^Line 13: .*"ND-NOWHERE"/) }),
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  test('an update through NDJSON keeps ids; the lines a contract no longer lists are removed', async () => {
    const before = await contractOf('ND-C1');
    const res = await post(ndjson([contract('ND-C1', 'ND-D2', [line('Rent', '900', { reference: 'RENT' })])]));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      debtors: { created: 0, updated: 0, unchanged: 0 },
      contracts: { created: 0, updated: 1, unchanged: 0 },
      lines: { created: 0, updated: 1, unchanged: 0, removed: 1 },
    });
    const after = await contractOf('ND-C1');
    expect(after).toMatchObject({ id: before.id, documentId: before.documentId, debtor: { reference: 'ND-D2' } });
    expect(after.lines.map((l: { id: number; unitPrice: string }) => [l.id, l.unitPrice])).toEqual([[before.lines[0].id, '900']]);
  });

  test('an empty file imports nothing', async () => {
    const res = await post('');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: { debtors: { created: 0, updated: 0, unchanged: 0 }, contracts: { created: 0, updated: 0, unchanged: 0 }, lines: { created: 0, updated: 0, unchanged: 0, removed: 0 } },
      meta: { lines: 0 },
    });
  });

  test.each(['text/plain', 'application/octet-stream', 'text/csv'])('a %s body answers 400 naming the accepted types; nothing is written', async (type) => {
    const before = await rowCounts();
    const res = await post(file, admin, type);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    expect(res.body.error.message).toMatch(/application\/json .*application\/x-ndjson/);
    expect(await rowCounts()).toEqual(before);
  });

  test('the JSON import answers as before next to it', async () => {
    const res = await app.request
      .post('/invoicing/contracts/import')
      .set('Authorization', importer.auth)
      .send({ debtors: [{ reference: 'ND-D3', name: 'Debtor ND-D3' }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: expect.objectContaining({ debtors: { created: 0, updated: 0, unchanged: 1 } }) });
  });

  test('a reference created by another writer during the apply step answers 409 and writes nothing (the error crosses from the thread intact)', async () => {
    const body = ndjson([debtor('ND-RACE-1'), debtor('ND-RACE-2')]);
    const res = await importRacingAnotherWriter(app, ['ND-RACE-1', 'ND-RACE-2'], rowCounts, () => post(body).then((r) => r));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ data: null, error: { status: 409, name: 'ConflictError' } });
  });

  test('the import runs on a thread of its own (the server bundle finds its built entry), with the same outcome as on the calling thread', async () => {
    // What the HTTP route runs (contractImport.importNdjson), asked directly where the import ran.
    const service = app.strapi.plugin('invoicing').service('contractImport') as {
      importNdjson: (
        stream: AsyncIterable<string>,
        options?: { threadEntry?: string | null },
      ) => Promise<{ lines: number; records: number; checkedOnThread: boolean; result: unknown }>;
    };
    const file = (n: number, price: string) =>
      (async function* () {
        yield ndjson([debtor('ND-T1'), ...Array.from({ length: n - 1 }, (_, i) => contract(`ND-TC${i + 1}`, 'ND-T1', [line('Huur', price)]))]);
      })();
    const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });
    expect(await service.importNdjson(file(501, '10.00'))).toEqual({
      lines: 501,
      records: 501,
      checkedOnThread: true,
      result: { debtors: counts(1, 0, 0), contracts: counts(500, 0, 0), lines: { ...counts(500, 0, 0), removed: 0 } },
    });
    expect(await contractOf('ND-TC500')).toMatchObject({ reference: 'ND-TC500', debtor: { reference: 'ND-T1' } });
    // the same code on the calling thread: the same answers
    expect(await service.importNdjson(file(501, '11.00'), { threadEntry: null })).toEqual({
      lines: 501,
      records: 501,
      checkedOnThread: false,
      result: { debtors: counts(0, 0, 1), contracts: counts(0, 0, 500), lines: { ...counts(0, 500, 0), removed: 0 } },
    });
    expect(await service.importNdjson(file(501, '12.00'))).toMatchObject({
      checkedOnThread: true,
      result: { debtors: counts(0, 0, 1), contracts: counts(0, 0, 500), lines: { ...counts(0, 500, 0), removed: 0 } },
    });
    const lines = (await contractOf('ND-TC1')).lines as Array<{ unitPrice: unknown }>;
    expect(lines.map((l) => Number(l.unitPrice))).toEqual([12]);
  });
});
