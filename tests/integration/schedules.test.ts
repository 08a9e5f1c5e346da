import type { TestApp, TestUser } from '../helpers/strapi';
import { adHocRun, createCategory, scheduleBody } from '../helpers/fixtures';
import { errorPaths, runEvents, type Api } from '../helpers/runs';
import { bootForFile } from '../helpers/suite';

/** Invoice run schedules through the admin API (DESIGN §5, §11, §14). */
describe('invoice run schedules (/invoicing/schedules)', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  bootForFile((booted) => ({ app, admin, a } = booted));

  const refNumber = (ref: string) => Number(/^(?:IRS|IVR)-(\d{6})$/.exec(ref)?.[1] ?? NaN);
  const expectConsecutive = (refs: string[], prefix: 'IRS' | 'IVR', first?: number) => {
    for (const r of refs) expect(r).toMatch(new RegExp(`^${prefix}-\\d{6}$`));
    const numbers = refs.map(refNumber).sort((x, y) => x - y);
    const start = first ?? numbers[0];
    expect(numbers).toEqual(Array.from({ length: refs.length }, (_, i) => start + i));
  };
  const totalSchedules = async () => (await a.get('/schedules', { pageSize: 1 })).body.pagination.total as number;
  const totalRuns = async () => (await a.get('/runs', { pageSize: 1 })).body.pagination.total as number;
  const lastReference = async (path: '/schedules' | '/runs') => {
    const res = await a.get(path, { sort: 'reference:desc', pageSize: 1 });
    return res.body.results.length ? refNumber(res.body.results[0].reference) : 0;
  };
  const create = async (overrides: Record<string, unknown> = {}, template: Record<string, unknown> = {}) => {
    const res = await a.post('/schedules', scheduleBody(overrides, template));
    if (res.status !== 201) throw new Error(`POST /schedules answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.data;
  };
  const generate = (id: string) => a.post(`/schedules/${id}/generate-runs`);
  const dates = (run: Record<string, string>) => [run.periodStart, run.periodEnd, run.invoiceDate, run.dueDate, run.activationDate];

  test('create, read, update and delete a schedule with the seed fields', async () => {
    const category = await createCategory(app.strapi, 'Rent invoices');
    const body = scheduleBody(
      { name: 'Rent 2026', description: 'All rent contracts', periodFrom: '2026-01-31', numberOfRuns: 4 },
      { invoiceCategory: category.documentId, invoiceNameFormat: 'name_contract_debtor', invoiceDate: '2026-01-31', dueDate: '2026-02-14' },
    );
    const created = await a.post('/schedules', body);
    expect(created.status).toBe(201);
    const s = created.body.data;
    expect(s).toMatchObject({
      name: 'Rent 2026',
      description: 'All rent contracts',
      periodFrom: '2026-01-31',
      // periodTo left out: prefilled with the end of a regular first period
      periodTo: '2026-02-27',
      numberOfRuns: 4,
      adHoc: false,
      runs: [],
      template: { ...body.template, invoiceCategory: category.documentId },
    });
    expect(s.reference).toMatch(/^IRS-\d{6}$/);
    expect(typeof s.documentId).toBe('string');

    const read = await a.get(`/schedules/${s.documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ documentId: s.documentId, reference: s.reference, periodTo: '2026-02-27', template: s.template });

    const changed = scheduleBody(
      { name: 'Rent 2026 (edited)', description: null, periodFrom: '2026-01-31', periodTo: '2026-02-27', numberOfRuns: 6 },
      { name: 'Rent', cycle: 'quarterly', invoiceCategory: null, invoiceName: 'Huur', invoiceNameFormat: 'name_debtor', invoiceDate: '2026-02-01', dueDate: '2026-02-01' },
    );
    const updated = await a.put(`/schedules/${s.documentId}`, changed);
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ ...changed, documentId: s.documentId, reference: s.reference });
    expect((await a.get(`/schedules/${s.documentId}`)).body.data).toMatchObject(changed);

    const removed = await a.del(`/schedules/${s.documentId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ documentId: s.documentId });
    const gone = await a.get(`/schedules/${s.documentId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
  });

  test('generate runs: monthly from the 31st keeps returning to the month end (§5)', async () => {
    const s = await create({ periodFrom: '2026-01-31', numberOfRuns: 4 }, { invoiceDate: '2026-01-31', dueDate: '2026-02-14', name: 'Month end' });
    const res = await generate(s.documentId);
    expect(res.status).toBe(201);
    expect(res.body.meta).toEqual({ created: 4 });
    const runs = res.body.data.runs;
    expect(runs.map((r: Record<string, unknown>) => r.sequence)).toEqual([0, 1, 2, 3]);
    expect(runs.map(dates)).toEqual([
      ['2026-01-31', '2026-02-27', '2026-01-31', '2026-02-14', '2026-01-26'],
      ['2026-02-28', '2026-03-30', '2026-02-28', '2026-03-14', '2026-02-23'],
      ['2026-03-31', '2026-04-29', '2026-03-31', '2026-04-14', '2026-03-26'],
      ['2026-04-30', '2026-05-30', '2026-04-30', '2026-05-14', '2026-04-25'],
    ]);
    expectConsecutive(runs.map((r: { reference: string }) => r.reference), 'IVR');
    for (const r of runs) expect(r).toMatchObject({ status: 'on_hold', name: 'Month end' });

    // Each run carries the schedule's template and a link back to the schedule.
    const run = (await a.get(`/runs/${runs[1].documentId}`)).body.data;
    expect(run).toMatchObject({
      reference: runs[1].reference,
      cycle: 'monthly',
      invoiceName: 'Rent',
      invoiceNameFormat: 'name_contract',
      invoiceCategory: null,
      sequence: 1,
      schedule: { documentId: s.documentId, reference: s.reference, adHoc: false },
      totals: { amounts: 0, invoices: 0 },
      job: null,
      approvedBy: null,
    });
    // The audit trail: created as draft, then on hold at once, by the admin who pressed the button.
    const events = await runEvents(app, admin, runs[1].documentId);
    expect(events.map((e) => [e.action, e.from, e.to, e.actor])).toEqual([
      ['create', null, 'draft', admin.id],
      ['hold', 'draft', 'on_hold', admin.id],
    ]);
  });

  test.each([
    [
      'a broken first period (periodTo given): later runs are anchored on periodTo + 1',
      { periodFrom: '2026-01-15', periodTo: '2026-01-31', numberOfRuns: 3 },
      { cycle: 'monthly', invoiceDate: '2026-01-15', dueDate: '2026-01-29' },
      [
        ['2026-01-15', '2026-01-31', '2026-01-15', '2026-01-29', '2026-01-10'],
        ['2026-02-01', '2026-02-28', '2026-02-15', '2026-02-28', '2026-01-27'],
        ['2026-03-01', '2026-03-31', '2026-03-15', '2026-03-29', '2026-02-24'],
      ],
    ],
    [
      'a long first period (one cycle and a half)',
      { periodFrom: '2026-01-01', periodTo: '2026-04-15', numberOfRuns: 2 },
      { cycle: 'quarterly', invoiceDate: '2026-01-01', dueDate: '2026-01-31' },
      [
        ['2026-01-01', '2026-04-15', '2026-01-01', '2026-01-31', '2025-12-27'],
        ['2026-04-16', '2026-07-15', '2026-04-01', '2026-04-30', '2026-04-11'],
      ],
    ],
    [
      'weekly (7 days)',
      { periodFrom: '2026-01-05', numberOfRuns: 3 },
      { cycle: 'weekly', invoiceDate: '2026-01-05', dueDate: '2026-01-12' },
      [
        ['2026-01-05', '2026-01-11', '2026-01-05', '2026-01-12', '2025-12-31'],
        ['2026-01-12', '2026-01-18', '2026-01-12', '2026-01-19', '2026-01-07'],
        ['2026-01-19', '2026-01-25', '2026-01-19', '2026-01-26', '2026-01-14'],
      ],
    ],
    [
      'four-weekly (28 days)',
      { periodFrom: '2026-01-01', numberOfRuns: 2 },
      { cycle: 'four_weekly', invoiceDate: '2026-01-01', dueDate: '2026-01-15' },
      [
        ['2026-01-01', '2026-01-28', '2026-01-01', '2026-01-15', '2025-12-27'],
        ['2026-01-29', '2026-02-25', '2026-01-29', '2026-02-12', '2026-01-24'],
      ],
    ],
    [
      'half-yearly from Aug 31',
      { periodFrom: '2025-08-31', numberOfRuns: 3 },
      { cycle: 'half_yearly', invoiceDate: '2025-08-31', dueDate: '2025-09-30' },
      [
        ['2025-08-31', '2026-02-27', '2025-08-31', '2025-09-30', '2025-08-26'],
        ['2026-02-28', '2026-08-30', '2026-02-28', '2026-03-30', '2026-02-23'],
        ['2026-08-31', '2027-02-27', '2026-08-31', '2026-09-30', '2026-08-26'],
      ],
    ],
    [
      'yearly from a leap day',
      { periodFrom: '2024-02-29', numberOfRuns: 4 },
      { cycle: 'yearly', invoiceDate: '2024-02-29', dueDate: '2024-03-14' },
      [
        ['2024-02-29', '2025-02-27', '2024-02-29', '2024-03-14', '2024-02-24'],
        ['2025-02-28', '2026-02-27', '2025-02-28', '2025-03-14', '2025-02-23'],
        ['2026-02-28', '2027-02-27', '2026-02-28', '2026-03-14', '2026-02-23'],
        ['2027-02-28', '2028-02-28', '2027-02-28', '2027-03-14', '2027-02-23'],
      ],
    ],
  ])('generate runs: %s', async (_title, overrides, template, expected) => {
    const s = await create(overrides, template);
    const res = await generate(s.documentId);
    expect(res.status).toBe(201);
    expect(res.body.data.runs.map(dates)).toEqual(expected);
  });

  test('generate runs is idempotent; raising numberOfRuns adds only the missing runs', async () => {
    const s = await create({ periodFrom: '2026-01-01', numberOfRuns: 3 }, { invoiceDate: '2026-01-01', dueDate: '2026-01-15' });
    const first = await generate(s.documentId);
    expect(first.status).toBe(201);
    expect(first.body.meta.created).toBe(3);
    const before = first.body.data.runs;
    const runsBefore = await totalRuns();

    const again = await generate(s.documentId);
    expect(again.status).toBe(200);
    expect(again.body.meta.created).toBe(0);
    expect(again.body.data.runs).toEqual(before);
    expect(await totalRuns()).toBe(runsBefore);

    const body = scheduleBody({ periodFrom: '2026-01-01', numberOfRuns: 5 }, { invoiceDate: '2026-01-01', dueDate: '2026-01-15' });
    const raised = await a.put(`/schedules/${s.documentId}`, body);
    expect(raised.status).toBe(200);
    expect(raised.body.data.runs).toHaveLength(3); // PUT itself creates no runs
    const more = await generate(s.documentId);
    expect(more.status).toBe(201);
    expect(more.body.meta.created).toBe(2);
    const after = more.body.data.runs;
    expect(after).toHaveLength(5);
    expect(after.slice(0, 3)).toEqual(before);
    expect(after.map((r: Record<string, string>) => [r.sequence, r.periodStart, r.periodEnd])).toEqual([
      [0, '2026-01-01', '2026-01-31'],
      [1, '2026-02-01', '2026-02-28'],
      [2, '2026-03-01', '2026-03-31'],
      [3, '2026-04-01', '2026-04-30'],
      [4, '2026-05-01', '2026-05-31'],
    ]);
    expectConsecutive(after.map((r: { reference: string }) => r.reference), 'IVR');
    expect(await totalRuns()).toBe(runsBefore + 2);
  });

  test('pressing "Generate invoice runs" several times at once never duplicates a period', async () => {
    const s = await create({ periodFrom: '2026-01-01', numberOfRuns: 6 }, { invoiceDate: '2026-01-01', dueDate: '2026-01-15' });
    const runsBefore = await totalRuns();
    const lastRun = await lastReference('/runs');
    const answers = await Promise.all(Array.from({ length: 5 }, () => generate(s.documentId)));
    for (const res of answers) expect([200, 201]).toContain(res.status);
    expect(answers.reduce((n, res) => n + res.body.meta.created, 0)).toBe(6);
    const runs = (await a.get(`/schedules/${s.documentId}`)).body.data.runs;
    expect(runs.map((r: { sequence: number }) => r.sequence)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(runs.map((r: { periodStart: string }) => r.periodStart)).size).toBe(6);
    expectConsecutive(runs.map((r: { reference: string }) => r.reference), 'IVR', lastRun + 1);
    expect(await totalRuns()).toBe(runsBefore + 6);
  });

  test('references IRS-/IVR- are unique and gapless under concurrent creation', async () => {
    const lastSchedule = await lastReference('/schedules');
    const lastRun = await lastReference('/runs');

    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => a.post('/schedules', scheduleBody({ name: `Parallel ${i}`, numberOfRuns: 2 }))),
    );
    for (const res of created) expect(res.status).toBe(201);
    const refs = created.map((res) => res.body.data.reference as string);
    expectConsecutive(refs, 'IRS', lastSchedule + 1);

    // Generating the runs of all ten at once: 20 run references, consecutive.
    const generated = await Promise.all(created.map((res) => generate(res.body.data.documentId)));
    for (const res of generated) expect(res.status).toBe(201);
    const runRefs = generated.flatMap((res) => res.body.data.runs.map((r: { reference: string }) => r.reference));
    expectConsecutive(runRefs, 'IVR', lastRun + 1);
    // Within one schedule its runs take consecutive references in sequence order.
    for (const res of generated) {
      const [r0, r1] = res.body.data.runs;
      expect(refNumber(r1.reference)).toBe(refNumber(r0.reference) + 1);
    }

    // Ad hoc runs (each with its one-run schedule) share both counters.
    const adHoc = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        a.post('/runs', adHocRun({ name: `Ad hoc ${i}` })),
      ),
    );
    for (const res of adHoc) expect(res.status).toBe(201);
    expectConsecutive(
      adHoc.map((res) => res.body.data.reference),
      'IVR',
      lastRun + 21,
    );
    expectConsecutive(
      adHoc.map((res) => res.body.data.schedule.reference),
      'IRS',
      lastSchedule + 11,
    );
  });

  test('search by reference or name, pagination and sort', async () => {
    const tag = `Zebra${Date.now().toString(36)}`;
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await create({ name: `${tag} schedule ${i}` }));

    const byName = await a.get('/schedules', { search: tag.toLowerCase() });
    expect(byName.status).toBe(200);
    expect(byName.body.pagination).toEqual({ page: 1, pageSize: 10, pageCount: 1, total: 3 });
    expect(byName.body.results.map((s: { documentId: string }) => s.documentId).sort()).toEqual(made.map((s) => s.documentId).sort());

    const byRef = await a.get('/schedules', { search: made[1].reference });
    expect(byRef.body.results.map((s: { reference: string }) => s.reference)).toEqual([made[1].reference]);
    expect(byRef.body.pagination.total).toBe(1);

    const none = await a.get('/schedules', { search: `${tag}-nothing` });
    expect(none.body).toEqual({ results: [], pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 } });

    const page2 = await a.get('/schedules', { search: tag, pageSize: 2, page: 2, sort: 'reference:asc' });
    expect(page2.body.pagination).toEqual({ page: 2, pageSize: 2, pageCount: 2, total: 3 });
    expect(page2.body.results.map((s: { reference: string }) => s.reference)).toEqual([made[2].reference]);

    const desc = await a.get('/schedules', { search: tag, sort: 'name:desc' });
    expect(desc.body.results.map((s: { name: string }) => s.name)).toEqual([2, 1, 0].map((i) => `${tag} schedule ${i}`));

    const bad = await a.get('/schedules', { sort: 'password:asc' });
    expect(bad.status).toBe(400);
    expect(errorPaths(bad.body)).toContainEqual(['sort']);
  });

  test('search takes %, _, ! and a backslash literally (no LIKE wildcards)', async () => {
    const tag = `W${Date.now().toString(36)}`;
    const literal = await create({ name: `${tag} 50% off_now! \\ a` });
    const lookalike = await create({ name: `${tag} 50X offXnow! \\ a` });
    const names = async (search: string) =>
      (await a.get('/schedules', { search })).body.results.map((s: { documentId: string }) => s.documentId).sort();
    expect(await names(`${tag} 50% off_`)).toEqual([literal.documentId]);
    expect(await names('50%')).toEqual([literal.documentId]);
    expect(await names(`${tag} 50_`)).toEqual([]);
    expect(await names(`now! \\`)).toEqual([literal.documentId, lookalike.documentId].sort());
  });

  test("an ad hoc run's schedule keeps exactly one run, and its run keeps its own period when the schedule is edited", async () => {
    const created = await a.post('/runs', adHocRun({ name: 'Odd period', periodStart: '2026-03-10', periodEnd: '2026-04-20' }));
    expect(created.status).toBe(201);
    const scheduleId = created.body.data.schedule.documentId as string;
    const schedule = (await a.get(`/schedules/${scheduleId}`)).body.data;
    expect({ adHoc: schedule.adHoc, runs: schedule.runs.length }).toEqual({ adHoc: true, runs: 1 });
    const { name, description, periodFrom, periodTo, numberOfRuns, template } = schedule;
    const body = { name, description, periodFrom, periodTo, numberOfRuns, template };

    const two = await a.put(`/schedules/${scheduleId}`, { ...body, numberOfRuns: 2 });
    expect(two.status).toBe(400);
    expect(errorPaths(two.body)).toEqual([['numberOfRuns']]);

    const renamed = await a.put(`/schedules/${scheduleId}`, { ...body, template: { ...body.template, name: 'Renamed run', invoiceName: 'Renamed' } });
    expect(renamed.status).toBe(200);
    const run = (await a.get(`/runs/${created.body.data.documentId}`)).body.data;
    expect(run).toMatchObject({ name: 'Renamed run', invoiceName: 'Renamed', periodStart: '2026-03-10', periodEnd: '2026-04-20', status: 'on_hold' });
  });

  test('delete is refused (409) while a run is past on_hold; allowed once it is cancelled', async () => {
    const s = await create({ numberOfRuns: 2 });
    const runs = (await generate(s.documentId)).body.data.runs;
    const activated = await a.post(`/runs/${runs[0].documentId}/activate`);
    expect(activated.status).toBe(200);

    const refused = await a.del(`/schedules/${s.documentId}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ data: null, error: { status: 409 } });
    expect(refused.body.error.message).toContain(s.reference);
    expect(refused.body.error.message).toContain('on_hold');
    // Nothing was removed.
    expect((await a.get(`/schedules/${s.documentId}`)).body.data.runs).toHaveLength(2);
    expect((await a.get(`/runs/${runs[0].documentId}`)).body.data.status).toBe('submitted');
    expect((await a.get(`/runs/${runs[1].documentId}`)).status).toBe(200);

    expect((await a.post(`/runs/${runs[0].documentId}/cancel`)).status).toBe(200);
    const removed = await a.del(`/schedules/${s.documentId}`);
    expect(removed.status).toBe(200);
    expect((await a.get(`/schedules/${s.documentId}`)).status).toBe(404);
    // Its runs went with it.
    expect((await a.get(`/runs/${runs[0].documentId}`)).status).toBe(404);
    expect((await a.get(`/runs/${runs[1].documentId}`)).status).toBe(404);
  });

  test('a schedule whose runs are all on hold is deleted with its runs', async () => {
    const s = await create({ numberOfRuns: 3 });
    const runs = (await generate(s.documentId)).body.data.runs;
    const runsBefore = await totalRuns();
    expect((await a.del(`/schedules/${s.documentId}`)).status).toBe(200);
    expect(await totalRuns()).toBe(runsBefore - 3);
    for (const r of runs) expect((await a.get(`/runs/${r.documentId}`)).status).toBe(404);
  });

  test.each([
    ['periodTo before periodFrom', scheduleBody({ periodFrom: '2026-02-01', periodTo: '2026-01-31' }), ['periodTo']],
    ['an unknown cycle', scheduleBody({}, { cycle: 'fortnightly' }), ['template', 'cycle']],
    ['numberOfRuns 0', scheduleBody({ numberOfRuns: 0 }), ['numberOfRuns']],
    ['numberOfRuns 121', scheduleBody({ numberOfRuns: 121 }), ['numberOfRuns']],
    ['numberOfRuns 2.5', scheduleBody({ numberOfRuns: 2.5 }), ['numberOfRuns']],
    ['dueDate before invoiceDate', scheduleBody({}, { invoiceDate: '2026-02-01', dueDate: '2026-01-31' }), ['template', 'dueDate']],
    ['a date that does not exist', scheduleBody({ periodFrom: '2026-02-30' }), ['periodFrom']],
    ['a date in another format', scheduleBody({}, { invoiceDate: '01-02-2026' }), ['template', 'invoiceDate']],
    ['a missing name', { ...scheduleBody(), name: undefined }, ['name']],
    ['an unknown invoice name format', scheduleBody({}, { invoiceNameFormat: 'name_only' }), ['template', 'invoiceNameFormat']],
    ['a missing template', { ...scheduleBody(), template: undefined }, ['template']],
  ])('POST and PUT with %s answer 400 with the field path, and write nothing', async (_title, body, path) => {
    const existing = await create({ name: 'Validation target' });
    const schedulesBefore = await totalSchedules();
    const runsBefore = await totalRuns();

    const post = await a.post('/schedules', body);
    expect(post.status).toBe(400);
    expect(post.body.data).toBeNull();
    expect(post.body.error).toMatchObject({ status: 400, name: 'ValidationError' });
    expect(errorPaths(post.body)).toContainEqual(path);
    for (const e of post.body.error.details.errors) expect(e.message.length).toBeGreaterThan(10);

    const put = await a.put(`/schedules/${existing.documentId}`, body);
    expect(put.status).toBe(400);
    expect(errorPaths(put.body)).toContainEqual(path);

    expect(await totalSchedules()).toBe(schedulesBefore);
    expect(await totalRuns()).toBe(runsBefore);
    expect((await a.get(`/schedules/${existing.documentId}`)).body.data).toMatchObject({ name: 'Validation target', numberOfRuns: 3 });
  });

  test('several bad fields are all reported at once', async () => {
    const res = await a.post(
      '/schedules',
      scheduleBody({ periodFrom: '2026-02-01', periodTo: '2026-01-01', numberOfRuns: 0 }, { invoiceDate: '2026-02-01', dueDate: '2026-01-01' }),
    );
    expect(res.status).toBe(400);
    const paths = errorPaths(res.body);
    expect(paths).toEqual(expect.arrayContaining([['periodTo'], ['numberOfRuns'], ['template', 'dueDate']]));
  });

  test('an unknown schedule id answers 404 on every route, an unknown invoice category 404 with nothing written', async () => {
    for (const res of [
      await a.get('/schedules/does-not-exist'),
      await a.put('/schedules/does-not-exist', scheduleBody()),
      await a.del('/schedules/does-not-exist'),
      await generate('does-not-exist'),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    }

    const existing = await create({ name: 'Category target' });
    const schedulesBefore = await totalSchedules();
    const unknownCategory = scheduleBody({}, { invoiceCategory: 'no-such-category' });
    const post = await a.post('/schedules', unknownCategory);
    expect(post.status).toBe(404);
    expect(post.body.error.message).toContain('no-such-category');
    expect(errorPaths(post.body)).toContainEqual(['template', 'invoiceCategory']);
    expect(await totalSchedules()).toBe(schedulesBefore);

    const put = await a.put(`/schedules/${existing.documentId}`, { ...unknownCategory, name: 'Changed' });
    expect(put.status).toBe(404);
    expect((await a.get(`/schedules/${existing.documentId}`)).body.data.name).toBe('Category target');
  });

  test('a schedule edit moves runs still on hold, and is refused (409) once a run has been activated', async () => {
    const s = await create({ periodFrom: '2026-01-01', numberOfRuns: 2 }, { invoiceDate: '2026-01-01', dueDate: '2026-01-15' });
    const runs = (await generate(s.documentId)).body.data.runs;

    const moved = await a.put(
      `/schedules/${s.documentId}`,
      scheduleBody({ periodFrom: '2026-02-01', numberOfRuns: 2 }, { invoiceName: 'Huur', invoiceDate: '2026-02-03', dueDate: '2026-02-17' }),
    );
    expect(moved.status).toBe(200);
    expect(moved.body.data.runs.map(dates)).toEqual([
      ['2026-02-01', '2026-02-28', '2026-02-03', '2026-02-17', '2026-01-27'],
      ['2026-03-01', '2026-03-31', '2026-03-03', '2026-03-17', '2026-02-24'],
    ]);
    expect(moved.body.data.runs.map((r: { documentId: string }) => r.documentId)).toEqual(runs.map((r: { documentId: string }) => r.documentId));
    expect((await a.get(`/runs/${runs[0].documentId}`)).body.data.invoiceName).toBe('Huur');

    expect((await a.post(`/runs/${runs[0].documentId}/activate`)).status).toBe(200);
    const refused = await a.put(`/schedules/${s.documentId}`, scheduleBody({ periodFrom: '2026-03-01', numberOfRuns: 2 }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(s.reference);
    const after = (await a.get(`/schedules/${s.documentId}`)).body.data;
    expect(after.periodFrom).toBe('2026-02-01');
    expect(after.runs[1].periodStart).toBe('2026-03-01');
  });
});
