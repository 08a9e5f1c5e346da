import type { Core } from '@strapi/strapi';
import { scheduleRuns, type RunTiming, type ScheduleTiming } from '../../../shared/periods';
import { formatReference } from '../../../shared/naming';
import { listQuerySchema, scheduleInputSchema, validate, type ScheduleInput } from '../../../shared/validation';
import type { Schedule } from '../../../shared/contracts/schedules';
import type { Pagination } from '../../../shared/contracts/common';
import { isRunStarted } from '../../../shared/lifecycle';
import { SEQUENCES, UID } from '../constants';
import { conflict, errors, isStorableId, notFound, validationError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { listPage, parseListQuery } from '../utils/list';
import type { ActorInfo } from '../utils/actor';
import { chunk, whereSearch, type Trx } from '../data/bulk';
import { categoryIdByDocumentId, linkedCategories, linkedCategory } from '../data/categories';
import { runsRepository, type RunEntity } from '../data/runs';
import { schedulesRepository, type ScheduleRow } from '../data/schedules';
import { newDocumentId } from '../data/ids';
import { toDateString, toInt, toIso } from '../data/rows';
import { tables } from '../data/tables';

const SORTABLE: Record<string, string> = {
  reference: 'reference',
  name: 'name',
  periodFrom: 'period_from',
  periodTo: 'period_to',
  numberOfRuns: 'number_of_runs',
  cycle: 'cycle',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

type Row = ScheduleRow;

/** Invoice run schedules (DESIGN §5, §11): CRUD and "Generate invoice runs". */
const schedules = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex only for the locked read and the list page (stored rows); writes and relations: the query engine (data/).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const repo = schedulesRepository(strapi);
  const runs = runsRepository(strapi);

  const timing = (s: ScheduleInput): ScheduleTiming => ({
    periodFrom: s.periodFrom,
    periodTo: s.periodTo,
    cycle: s.template.cycle,
    invoiceDate: s.template.invoiceDate,
    dueDate: s.template.dueDate,
  });

  const toData = (v: ScheduleInput, categoryId: number | null) => ({
    name: v.name,
    description: v.description ?? null,
    periodFrom: v.periodFrom,
    periodTo: v.periodTo,
    numberOfRuns: v.numberOfRuns,
    templateName: v.template.name,
    templateDescription: v.template.description ?? null,
    cycle: v.template.cycle,
    invoiceName: v.template.invoiceName,
    invoiceNameFormat: v.template.invoiceNameFormat,
    invoiceCategory: categoryId,
    invoiceDate: v.template.invoiceDate,
    dueDate: v.template.dueDate,
  });

  const rowToInput = (row: Row): ScheduleInput => ({
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    periodFrom: toDateString(row.period_from),
    periodTo: toDateString(row.period_to),
    numberOfRuns: toInt(row.number_of_runs),
    template: {
      name: String(row.template_name),
      description: (row.template_description as string | null) ?? null,
      cycle: row.cycle as ScheduleInput['template']['cycle'],
      invoiceName: String(row.invoice_name),
      invoiceNameFormat: row.invoice_name_format as ScheduleInput['template']['invoiceNameFormat'],
      invoiceCategory: null,
      invoiceDate: toDateString(row.invoice_date),
      dueDate: toDateString(row.due_date),
    },
  });

  /** A run's fields from its schedule and its timing. */
  const runFields = (v: ScheduleInput, tm: RunTiming, categoryId: number | null) => ({
    sequence: tm.sequence,
    name: v.template.name,
    description: v.template.description ?? null,
    cycle: v.template.cycle,
    periodStart: tm.periodStart,
    periodEnd: tm.periodEnd,
    activationDate: tm.activationDate,
    invoiceDate: tm.invoiceDate,
    dueDate: tm.dueDate,
    invoiceName: v.template.invoiceName,
    invoiceNameFormat: v.template.invoiceNameFormat,
    invoiceCategory: categoryId,
  });

  async function format(rows: Row[]): Promise<Schedule[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const runsBySchedule = new Map<number, RunEntity[]>();
    for (const part of chunk(ids, 500)) {
      for (const r of await runs.ofSchedules(part)) {
        const key = Number(r.schedule?.id);
        if (!runsBySchedule.has(key)) runsBySchedule.set(key, []);
        runsBySchedule.get(key)!.push(r);
      }
    }
    const categories = await linkedCategories(strapi, UID.schedule, ids);
    const runService = getService(strapi, 'runs');
    return rows.map((row) => {
      const id = Number(row.id);
      const input = rowToInput(row);
      const category = categories.get(id) ?? null;
      return {
        documentId: row.document_id,
        reference: row.reference,
        name: input.name,
        description: input.description ?? null,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        numberOfRuns: input.numberOfRuns,
        template: { ...input.template, description: input.template.description ?? null, invoiceCategory: category?.documentId ?? null },
        invoiceCategory: category,
        adHoc: Boolean(row.ad_hoc),
        runs: (runsBySchedule.get(id) ?? []).map((r) => runService.summaryOf(r)),
        createdAt: toIso(row.created_at) ?? '',
        updatedAt: toIso(row.updated_at) ?? '',
      };
    });
  }

  async function load(trx: Trx, documentId: string, lock = false): Promise<Row> {
    if (!isStorableId(documentId)) throw notFound('Invoice run schedule', documentId);
    const row = await repo.load(trx, documentId, lock);
    if (!row) throw notFound('Invoice run schedule', documentId);
    return row;
  }

  function parse(input: unknown): ScheduleInput {
    const parsed = validate(scheduleInputSchema, input);
    if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
    return parsed.value;
  }

  const service = {
    /** The id of an invoice category by documentId (null for none); 404 naming the field when unknown. */
    async resolveCategory(documentId: string | null, path: string[]): Promise<number | null> {
      if (!documentId) return null;
      const id = await categoryIdByDocumentId(strapi, documentId);
      if (id === null) {
        throw new errors.NotFoundError(`Invoice category "${documentId}" does not exist.`, {
          errors: [{ path, message: `Invoice category "${documentId}" does not exist.`, name: 'NotFoundError' }],
        });
      }
      return id;
    },

    async findMany(rawQuery: unknown): Promise<{ results: Schedule[]; pagination: Pagination }> {
      const query = parseListQuery(listQuerySchema.omit({ status: true }), rawQuery);
      const { rows, pagination } = await listPage({
        base: () => whereSearch(knex()(t.schedules()), ['reference', 'name'], query.search),
        query,
        sortable: SORTABLE,
        what: 'Schedules',
        defaultOrder: [],
        idDirection: 'desc',
      });
      return { results: await format(rows as Row[]), pagination };
    },

    async findOne(documentId: string): Promise<Schedule> {
      const [schedule] = await format([await load(knex(), documentId)]);
      return schedule;
    },

    async create(input: unknown): Promise<Schedule> {
      const v = parse(input);
      const categoryId = await service.resolveCategory(v.template.invoiceCategory ?? null, ['template', 'invoiceCategory']);
      const documentId = await strapi.db.transaction(async ({ trx }) => {
        const number = await getService(strapi, 'sequences').next(trx, SEQUENCES.schedule);
        const created = await repo.create({ documentId: newDocumentId(), reference: formatReference('IRS', number), adHoc: false, ...toData(v, categoryId) });
        return String(created.documentId);
      });
      return service.findOne(documentId);
    },

    /**
     * PUT: changes the schedule; runs still on hold follow the new definition. The periods and cycle
     * cannot change once one of its runs has been activated (409).
     */
    async update(documentId: string, input: unknown, actor: ActorInfo): Promise<Schedule> {
      const v = parse(input);
      const categoryId = await service.resolveCategory(v.template.invoiceCategory ?? null, ['template', 'invoiceCategory']);
      const settings = await getService(strapi, 'settings').get();
      await strapi.db.transaction(async ({ trx }) => {
        const row = await load(trx, documentId, true);
        const before = rowToInput(row);
        const runList = await runs.ofSchedule(row.id);
        const started = runList.filter((r) => isRunStarted(r.status));
        const retimed =
          before.periodFrom !== v.periodFrom ||
          before.periodTo !== v.periodTo ||
          before.template.cycle !== v.template.cycle ||
          before.template.invoiceDate !== v.template.invoiceDate ||
          before.template.dueDate !== v.template.dueDate;
        if (row.ad_hoc && v.numberOfRuns !== 1) {
          throw validationError('The schedule of an ad hoc run has exactly one run.', [
            { path: ['numberOfRuns'], message: 'The schedule of an ad hoc run has exactly one run.', name: 'ValidationError' },
          ]);
        }
        if (retimed && started.length > 0) {
          throw conflict(
            `The periods and dates of invoice run schedule ${row.reference} cannot change: ${started.length} of its runs have already been activated.`,
            { runs: started.length },
          );
        }
        await repo.update(row.id, toData(v, categoryId));
        // Runs still on hold follow the schedule (dates, names, invoice fields).
        const timings = scheduleRuns(timing(v), Math.max(v.numberOfRuns, ...runList.map((r) => r.sequence + 1)), settings.activationDaysBefore);
        for (const run of runList) {
          if (run.status !== 'on_hold') continue;
          const tm = timings[run.sequence];
          if (!tm) continue;
          // (An ad hoc run is its schedule's run 0: [periodFrom, periodTo] with the template's dates.)
          const { sequence: _sequence, ...data } = runFields(v, tm, categoryId);
          await runs.update(trx, run.id, data);
          await getService(strapi, 'events').record(trx, {
            runId: run.id,
            action: 'update',
            from: 'on_hold',
            to: 'on_hold',
            actor,
            details: { schedule: row.reference },
          });
        }
      });
      return service.findOne(documentId);
    },

    /** Deletes a schedule and its runs; refused (409) while one of its runs is past on hold. */
    async delete(documentId: string): Promise<{ documentId: string }> {
      await strapi.db.transaction(async ({ trx }) => {
        const row = await load(trx, documentId, true);
        const runList = await runs.ofSchedule(row.id);
        const started = runList.filter((r) => isRunStarted(r.status));
        if (started.length > 0) {
          throw conflict(
            `Invoice run schedule ${row.reference} cannot be deleted: ${started.length} of its runs ${started.length === 1 ? 'is' : 'are'} past "on_hold". Cancel ${started.length === 1 ? 'it' : 'them'} first, or keep the schedule.`,
            { runs: started.map((r) => r.status) },
          );
        }
        const runIds = runList.map((r) => r.id);
        for (const ids of chunk(runIds, 500)) {
          await trx(t.events()).whereIn('run_id', ids).delete();
          await trx(t.jobs()).whereIn('run_id', ids).delete();
        }
        for (const id of runIds) await runs.delete(trx, id);
        await repo.delete(row.id);
      });
      return { documentId };
    },

    /** Creates the missing runs 0 … numberOfRuns − 1 (idempotent; concurrent calls never duplicate a period). */
    async generateRuns(documentId: string, actor: ActorInfo): Promise<{ schedule: Schedule; created: number }> {
      const settings = await getService(strapi, 'settings').get();
      const created = await strapi.db.transaction(async ({ trx }) => {
        const row = await load(trx, documentId, true);
        const v = rowToInput(row);
        const categoryId = (await linkedCategory(strapi, UID.schedule, row.id))?.id ?? null;
        const existing = new Set((await runs.ofSchedule(row.id)).map((r) => r.sequence));
        const timings = scheduleRuns(timing(v), v.numberOfRuns, settings.activationDaysBefore).filter((tm) => !existing.has(tm.sequence));
        const ids = await getService(strapi, 'runs').insertRuns(
          trx,
          { id: row.id, documentId: row.document_id },
          timings.map((tm) => runFields(v, tm, categoryId)),
          actor,
        );
        return ids.length;
      });
      return { schedule: await service.findOne(documentId), created };
    },
  };

  return service;
};

export default schedules;
