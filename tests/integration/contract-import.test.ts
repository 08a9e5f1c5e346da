import { createRole, createUser, type TestApp, type TestUser } from '../helpers/strapi';
import { UIDS, type LineSpec } from '../helpers/fixtures';
import { bootForFile } from '../helpers/suite';
import { grownBy, importRacingAnotherWriter, importRowCounts } from '../helpers/imports';

/** POST /invoicing/contracts/import (DESIGN §11): bulk upsert by reference, all-or-nothing. */

type Body = {
  debtors?: Array<Record<string, unknown>>;
  contracts?: Array<Record<string, unknown> & { lines?: Array<Record<string, unknown>> }>;
};

/** A contract line as stored: every field of a line spec, its identity, and a reference that may be null. */
type StoredLine = Omit<Required<LineSpec>, 'reference'> & { id: number; documentId: string; reference: string | null; updatedAt: string };

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const line = (description: string, unitPrice: string, extra: Record<string, unknown> = {}) => ({
  description,
  unitPrice,
  quantity: '1',
  vatRate: '21',
  ...extra,
});

type Counts = { created?: number; updated?: number; unchanged?: number; removed?: number };
const zero = { created: 0, updated: 0, unchanged: 0 };
/** An import result (the answer's data): the counts given, every other count 0. */
const importResult = (debtors: Counts, contracts: Counts, lines: Counts) => ({
  debtors: { ...zero, ...debtors },
  contracts: { ...zero, ...contracts },
  lines: { ...zero, removed: 0, ...lines },
});

/** Two debtors, three contracts: lines with references, without, and a contract in another currency. */
const baseBody = (): Body => ({
  debtors: [
    { reference: 'IMP-D1', name: 'Jansen', email: 'jansen@example.com', street: 'Kerkstraat 1', postalCode: '1011 AB', city: 'Amsterdam', country: 'NL' },
    { reference: 'IMP-D2', name: 'Bakkerij Zon', vatNumber: 'NL123456789B01' },
  ],
  contracts: [
    {
      reference: 'IMP-C1',
      name: 'Rent Jansen',
      debtorReference: 'IMP-D1',
      invoiceCycle: 'monthly',
      startDate: '2026-01-01',
      currency: 'eur',
      lines: [
        line('Rent', '845.00', { reference: 'RENT', vatRate: '0' }),
        line('Service costs', '62.35', { reference: 'SERVICE' }),
        line('Parking space', '95', { reference: 'PARKING', quantity: '1.50', startDate: '2026-03-16' }),
      ],
    },
    {
      reference: 'IMP-C2',
      name: 'Cleaning Zon',
      debtorReference: 'IMP-D2',
      invoiceCycle: 'weekly',
      startDate: '2026-01-05',
      endDate: '2026-12-31',
      lines: [line('Cleaning service', '45.00'), line('Window cleaning', '27.50'), line('Loyalty discount', '-15')],
    },
    {
      reference: 'IMP-C3',
      name: 'License Zon',
      debtorReference: 'IMP-D2',
      invoiceCycle: 'yearly',
      startDate: '2025-07-01',
      status: 'terminated',
      currency: 'JPY',
      lines: [line('Annual license', '180000')],
    },
  ],
});

describe('contract import (POST /invoicing/contracts/import)', () => {
  let app: TestApp;
  let admin: TestUser;
  let importer: TestUser;
  let outsider: TestUser;

  const post = (body: unknown, user: TestUser = admin) =>
    app.request.post('/invoicing/contracts/import').set('Authorization', user.auth).send(body as object);

  const service = () =>
    app.strapi.plugin('invoicing').service('contractImport') as { importContracts(input: unknown): Promise<Record<string, unknown>> };

  const rowCounts = () => importRowCounts(app);

  const linesOf = async (contractReference: string): Promise<StoredLine[]> =>
    (await app.strapi.db.query(UIDS.line).findMany({
      where: { contract: { reference: contractReference } },
      orderBy: { id: 'asc' },
    })) as StoredLine[];

  const contract = async (reference: string) =>
    app.strapi.db.query(UIDS.contract).findOne({ where: { reference }, populate: ['debtor', 'lines'] });

  bootForFile(async (booted) => {
    ({ app, admin } = booted);
    const importerRole = await createRole(app.strapi, 'Contract importer', ['plugin::invoicing.contracts.import']);
    const outsiderRole = await createRole(app.strapi, 'Invoicing reader', ['plugin::invoicing.read']);
    importer = await createUser(app, [importerRole.id], 'importer');
    outsider = await createUser(app, [outsiderRole.id], 'outsider');
  });

  test('without a token the answer is 401 and nothing is written', async () => {
    const before = await rowCounts();
    const res = await app.request.post('/invoicing/contracts/import').send(baseBody());
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ status: 401, name: 'UnauthorizedError' });
    expect(await rowCounts()).toEqual(before);
  });

  test('a role without plugin::invoicing.contracts.import gets 403 and nothing is written', async () => {
    const before = await rowCounts();
    const res = await post(baseBody(), outsider);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect(await rowCounts()).toEqual(before);
  });

  test('a body with many errors answers one 400 listing every bad path, and writes nothing', async () => {
    const before = await rowCounts();
    const body = baseBody();
    body.debtors!.push({ reference: 'IMP-D1', name: 'Jansen again' }); // duplicate debtor reference
    body.contracts![0].currency = 'XYZ';
    body.contracts![0].lines![1].vatRate = '101';
    body.contracts![0].lines![2].reference = 'RENT'; // duplicate line reference within the contract
    body.contracts![1].endDate = '2025-12-31'; // before its start date
    body.contracts![2].debtorReference = 'NO-SUCH-DEBTOR';
    body.contracts!.push({ ...clone(body.contracts![1]), endDate: null }); // duplicate contract reference
    body.contracts!.push({
      reference: 'IMP-C9',
      name: 'Bad date',
      debtorReference: 'IMP-D1',
      invoiceCycle: 'monthly',
      startDate: '2026-02-30',
      lines: [line('Rent', '1,50')],
    });

    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeNull();
    expect(res.body.error.name).toBe('ValidationError');
    const errors = res.body.error.details.errors as Array<{ path: string[]; message: string }>;
    const paths = errors.map((e) => e.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'debtors.2.reference',
        'contracts.0.currency',
        'contracts.0.lines.1.vatRate',
        'contracts.0.lines.2.reference',
        'contracts.1.endDate',
        'contracts.2.debtorReference',
        'contracts.3.reference',
        'contracts.4.startDate',
        'contracts.4.lines.0.unitPrice',
      ]),
    );
    expect(res.body.error.message).toBe(`${errors.length} errors occurred`);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
    expect(errors.find((e) => e.path.join('.') === 'contracts.2.debtorReference')?.message).toMatch(/NO-SUCH-DEBTOR/);
    expect(await rowCounts()).toEqual(before);
  });

  test('an otherwise valid body with an unknown debtor reference is refused with 400 and writes nothing', async () => {
    const before = await rowCounts();
    const body = baseBody();
    body.contracts![1].debtorReference = 'IMP-D404';
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([
      expect.objectContaining({ path: ['contracts', '1', 'debtorReference'], message: expect.stringMatching(/IMP-D404/) }),
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  test('the first import answers 200 with the counts and stores canonical values and relations', async () => {
    const before = await rowCounts();
    const res = await post(baseBody(), importer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: importResult({ created: 2 }, { created: 3 }, { created: 7 }) });
    expect(await rowCounts()).toEqual(grownBy(before, 2, 3, 7));

    const c1 = await contract('IMP-C1');
    expect(c1).toMatchObject({
      name: 'Rent Jansen',
      invoiceCycle: 'monthly',
      startDate: '2026-01-01',
      endDate: null,
      status: 'active',
      currency: 'EUR',
      debtor: { reference: 'IMP-D1', name: 'Jansen', email: 'jansen@example.com', city: 'Amsterdam' },
    });
    expect(c1.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
    expect(c1.publishedAt).not.toBeNull();
    expect(c1.lines.map((l: StoredLine) => l.reference)).toEqual(['RENT', 'SERVICE', 'PARKING']);
    expect(await contract('IMP-C3')).toMatchObject({ status: 'terminated', currency: 'JPY', debtor: { reference: 'IMP-D2' } });

    const lines = await linesOf('IMP-C1');
    expect(lines.map((l) => [l.unitPrice, l.quantity, l.vatRate, l.startDate])).toEqual([
      ['845', '1', '0', null],
      ['62.35', '1', '21', null],
      ['95', '1.5', '21', '2026-03-16'],
    ]);
    expect((await linesOf('IMP-C2')).map((l) => [l.reference, l.unitPrice])).toEqual([
      [null, '45'],
      [null, '27.5'],
      [null, '-15'],
    ]);
    const debtor2 = await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'IMP-D2' }, populate: ['contracts'] });
    expect(debtor2).toMatchObject({ email: null, vatNumber: 'NL123456789B01' });
    expect(debtor2.contracts.map((c: { reference: string }) => c.reference).sort()).toEqual(['IMP-C2', 'IMP-C3']);
  });

  test('importing the same body again changes nothing and keeps every id and documentId', async () => {
    const before = {
      c1: await linesOf('IMP-C1'),
      c2: await linesOf('IMP-C2'),
      contract: await contract('IMP-C1'),
      counts: await rowCounts(),
    };
    const res = await post(baseBody());
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(importResult({ unchanged: 2 }, { unchanged: 3 }, { unchanged: 7 }));
    // Untouched rows: same ids, same documentIds, not even updatedAt moves.
    expect(await linesOf('IMP-C1')).toEqual(before.c1);
    expect(await linesOf('IMP-C2')).toEqual(before.c2);
    const after = await contract('IMP-C1');
    expect(after.updatedAt).toEqual(before.contract.updatedAt);
    expect(after.documentId).toBe(before.contract.documentId);
    expect(await rowCounts()).toEqual(before.counts);
  });

  test('a changed price updates that one line in place: same id and documentId', async () => {
    const before = await linesOf('IMP-C1');
    const body = baseBody();
    body.contracts![0].lines![1].unitPrice = '64.10';
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(importResult({ unchanged: 2 }, { unchanged: 3 }, { updated: 1, unchanged: 6 }));
    const after = await linesOf('IMP-C1');
    expect(after.map((l) => [l.id, l.documentId])).toEqual(before.map((l) => [l.id, l.documentId]));
    expect(after[1].unitPrice).toBe('64.1');
    expect(after[0]).toEqual(before[0]);
    expect(after[2]).toEqual(before[2]);
  });

  test('decimals are compared after normalisation: "64.100" is the stored "64.1"', async () => {
    const body = baseBody();
    body.contracts![0].lines![1].unitPrice = '64.100';
    body.contracts![0].lines![0].unitPrice = '0845.0';
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.data.lines).toEqual({ created: 0, updated: 0, unchanged: 7, removed: 0 });
  });

  test('lines without a reference are matched by position; a line added at the end is created', async () => {
    const before = await linesOf('IMP-C2');
    const body = baseBody();
    body.contracts![0].lines![1].unitPrice = '64.1';
    const lines = body.contracts![1].lines!;
    lines[1] = line('Window cleaning (large)', '32.5');
    lines.push(line('Plant care', '12.95'));
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.data.lines).toEqual({ created: 1, updated: 1, unchanged: 6, removed: 0 });
    const after = await linesOf('IMP-C2');
    expect(after.slice(0, 3).map((l) => l.id)).toEqual(before.map((l) => l.id));
    expect(after.map((l) => [l.description, l.unitPrice])).toEqual([
      ['Cleaning service', '45'],
      ['Window cleaning (large)', '32.5'],
      ['Loyalty discount', '-15'],
      ['Plant care', '12.95'],
    ]);
    // The new line is appended to the contract's list (the link table's order column).
    const c2 = await contract('IMP-C2');
    expect(c2.lines.map((l: StoredLine) => l.description)).toEqual(after.map((l) => l.description));
  });

  test('lines the import no longer lists are removed; the others keep their identity', async () => {
    const beforeC1 = await linesOf('IMP-C1');
    const beforeCounts = await rowCounts();
    const body = baseBody();
    body.contracts![0].lines = [body.contracts![0].lines![0], { ...body.contracts![0].lines![2] }]; // drop SERVICE
    body.contracts![1].lines = [line('Cleaning service', '45.00'), line('Window cleaning (large)', '32.5')]; // drop the last two
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.data.lines).toEqual({ created: 0, updated: 0, unchanged: 5, removed: 3 });
    const afterC1 = await linesOf('IMP-C1');
    expect(afterC1.map((l) => [l.id, l.reference])).toEqual([
      [beforeC1[0].id, 'RENT'],
      [beforeC1[2].id, 'PARKING'],
    ]);
    expect(await app.strapi.db.query(UIDS.line).findOne({ where: { id: beforeC1[1].id } })).toBeNull();
    expect(await rowCounts()).toEqual({ ...beforeCounts, lines: beforeCounts.lines - 3, lineContractLinks: beforeCounts.lineContractLinks - 3 });
  });

  test('changed contract and debtor fields are updated in place, a contract can move to another debtor', async () => {
    const c3 = await contract('IMP-C3');
    const d1 = await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'IMP-D1' } });
    const res = await post({
      debtors: [{ reference: 'IMP-D1', name: 'Jansen B.V.', email: 'info@jansen.example' }],
      contracts: [
        {
          reference: 'IMP-C3',
          name: 'License Jansen',
          debtorReference: 'IMP-D1',
          invoiceCycle: 'yearly',
          startDate: '2025-07-01',
          endDate: '2027-06-30',
          status: 'active',
          currency: 'JPY',
          lines: [line('Annual license', '180000')],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(importResult({ updated: 1 }, { updated: 1 }, { unchanged: 1 }));
    const after = await contract('IMP-C3');
    expect(after).toMatchObject({ id: c3.id, documentId: c3.documentId, name: 'License Jansen', status: 'active', endDate: '2027-06-30' });
    expect(after.debtor).toMatchObject({ id: d1.id, documentId: d1.documentId, name: 'Jansen B.V.', email: 'info@jansen.example', city: null });
    const d2 = await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'IMP-D2' }, populate: ['contracts'] });
    expect(d2.contracts.map((c: { reference: string }) => c.reference)).toEqual(['IMP-C2']);
    // Contracts and debtors that are not in the body are left alone.
    expect((await contract('IMP-C1')).name).toBe('Rent Jansen');
  });

  test('a contract may refer to a debtor that exists only in the database', async () => {
    const res = await post({
      contracts: [
        { reference: 'IMP-C4', name: 'Storage', debtorReference: 'IMP-D2', invoiceCycle: 'four_weekly', startDate: '2026-02-01', lines: [] },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(importResult({}, { created: 1 }, {}));
    expect(await contract('IMP-C4')).toMatchObject({ currency: 'EUR', status: 'active', debtor: { reference: 'IMP-D2' }, lines: [] });
  });

  test('a reference created by another writer during the import answers 409 and writes nothing', async () => {
    const body = {
      debtors: [
        { reference: 'RACE-1', name: 'First' },
        { reference: 'RACE-2', name: 'Second' },
      ],
    };
    const res = await importRacingAnotherWriter(app, ['RACE-1', 'RACE-2'], rowCounts, () => post(body).then((r) => r));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ data: null, error: { status: 409, name: 'ConflictError' } });
  });

  test('imported records are listed and edited through the Content Manager', async () => {
    const cm = (uid: string) => `/content-manager/collection-types/${uid}`;
    const list = await app.request.get(`${cm(UIDS.contract)}?page=1&pageSize=100&_q=IMP-C`).set('Authorization', admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.results.map((c: { reference: string }) => c.reference).sort()).toEqual(['IMP-C1', 'IMP-C2', 'IMP-C3', 'IMP-C4']);

    const c1 = list.body.results.find((c: { reference: string }) => c.reference === 'IMP-C1');
    const one = await app.request.get(`${cm(UIDS.contract)}/${c1.documentId}`).set('Authorization', admin.auth);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ reference: 'IMP-C1', currency: 'EUR', startDate: '2026-01-01' });

    const relations = await app.request
      .get(`/content-manager/relations/${UIDS.contract}/${c1.documentId}/lines?page=1&pageSize=10`)
      .set('Authorization', admin.auth);
    expect(relations.status).toBe(200);
    expect(relations.body.results).toHaveLength(2);

    const [rent] = await linesOf('IMP-C1');
    const edit = await app.request
      .put(`${cm(UIDS.line)}/${rent.documentId}`)
      .set('Authorization', admin.auth)
      .send({ description: 'Rent (edited)', unitPrice: '850.00' });
    expect(edit.status).toBe(200);
    expect(edit.body.data).toMatchObject({ description: 'Rent (edited)', unitPrice: '850' });

    const debtorEdit = await app.request
      .put(`${cm(UIDS.contract)}/${c1.documentId}`)
      .set('Authorization', admin.auth)
      .send({ name: 'Rent Jansen (edited)' });
    expect(debtorEdit.status).toBe(200);
    expect((await contract('IMP-C1')).debtor.reference).toBe('IMP-D1');

    // The next import puts back what the import says, on the same rows.
    const body = baseBody();
    body.debtors = [];
    body.contracts = [{ ...body.contracts![0], lines: [body.contracts![0].lines![0], body.contracts![0].lines![2]] }];
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(importResult({}, { updated: 1 }, { updated: 1, unchanged: 1 }));
    const [rentAfter] = await linesOf('IMP-C1');
    expect(rentAfter).toMatchObject({ id: rent.id, documentId: rent.documentId, description: 'Rent', unitPrice: '845' });
  });

  test('5,000 lines over 1,250 debtors import in chunks and re-import as unchanged, updated and removed', async () => {
    const debtors = Array.from({ length: 1250 }, (_, i) => ({ reference: `BULK-D${i}`, name: `Bulk debtor ${i}` }));
    const contracts = Array.from({ length: 2500 }, (_, i) => ({
      reference: `BULK-C${i}`,
      name: `Bulk contract ${i}`,
      debtorReference: `BULK-D${i % 1250}`,
      invoiceCycle: 'monthly',
      startDate: '2026-01-01',
      lines: [line('Rent', `${100 + (i % 50)}.00`, { reference: 'RENT' }), line('Service costs', '12.5')],
    }));
    const before = await rowCounts();
    expect(await service().importContracts({ debtors, contracts })).toEqual(importResult({ created: 1250 }, { created: 2500 }, { created: 5000 }));
    expect(await rowCounts()).toEqual(grownBy(before, 1250, 2500, 5000));
    // Every debtor got its two contracts, every contract its two lines, in order.
    const d7 = await app.strapi.db.query(UIDS.debtor).findOne({ where: { reference: 'BULK-D7' }, populate: ['contracts'] });
    expect(d7.contracts.map((c: { reference: string }) => c.reference)).toEqual(['BULK-C7', 'BULK-C1257']);
    const c2499 = await contract('BULK-C2499');
    expect(c2499.debtor.reference).toBe('BULK-D1249');
    expect(c2499.lines.map((l: StoredLine) => [l.reference, l.unitPrice])).toEqual([
      ['RENT', '149'],
      [null, '12.5'],
    ]);
    const documentIds = new Set(
      ((await app.strapi.db.query(UIDS.line).findMany({ select: ['documentId'] })) as Array<{ documentId: string }>).map((l) => l.documentId),
    );
    expect(documentIds.size).toBe(before.lines + 5000);

    const idsBefore = (await linesOf('BULK-C1000')).map((l) => l.id);
    // Change 1,000 prices, drop the second line of 600 contracts.
    const changed = contracts.map((c, i) => ({
      ...c,
      lines: [
        i < 1000 ? { ...c.lines[0], unitPrice: `${200 + (i % 50)}` } : c.lines[0],
        ...(i >= 1900 ? [] : [c.lines[1]]),
      ],
    }));
    expect(await service().importContracts({ contracts: changed })).toEqual(importResult({}, { unchanged: 2500 }, { updated: 1000, unchanged: 3400, removed: 600 }));
    expect((await linesOf('BULK-C1000')).map((l) => l.id)).toEqual(idsBefore);
    expect((await linesOf('BULK-C999')).map((l) => l.unitPrice)).toEqual(['249', '12.5']);
    expect((await linesOf('BULK-C1900')).map((l) => l.unitPrice)).toEqual(['100']);
    expect((await rowCounts()).lines).toBe(before.lines + 4400);

    expect(await service().importContracts({ contracts: changed })).toMatchObject({
      lines: { created: 0, updated: 0, unchanged: 4400, removed: 0 },
    });
  });
});
