import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { LIFECYCLE, type RunAction, type RunStatus } from '../../../shared/lifecycle';
import { activationDateFor } from '../../../shared/periods';
import { formatReference } from '../../../shared/naming';
import { adHocRunInputSchema, listQuerySchema, validate } from '../../../shared/validation';
import type { Run, RunSummary } from '../../../shared/contracts/runs';
import type { Pagination } from '../../../shared/contracts/common';
import { SEQUENCES } from '../constants';
import { errors, isStorableId, notFound, validationError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { listPage, parseListQuery } from '../utils/list';
import { SYSTEM, toActor, type ActorInfo } from '../utils/actor';
import { tidyAfterBulkDelete, whereSearch, type Trx } from '../data/bulk';
import { newDocumentId } from '../data/ids';
import { parseJson, toDateString, toInt, toIso } from '../data/rows';
import { runsRepository, type RunRow } from '../data/runs';
import { schedulesRepository } from '../data/schedules';
import { tables } from '../data/tables';
import { toRunTotals, type StoredCurrencyTotals } from '../../../shared/totals';

export type { RunRow };

const SORTABLE: Record<string, string> = {
  reference: 'reference',
  name: 'name',
  status: 'status',
  cycle: 'cycle',
  periodStart: 'period_start',
  periodEnd: 'period_end',
  activationDate: 'activation_date',
  invoiceDate: 'invoice_date',
  dueDate: 'due_date',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export interface TransitionOptions {
  /** For the ticker and automatic steps: answer null instead of a 409 when the run has moved on. */
  tolerant?: boolean;
  details?: Record<string, unknown>;
}

/** Invoice runs: lists, the ad hoc run, and every user/system transition of DESIGN §4. */
const runs = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex only for the list page and the locked read (stored rows); writes and relations: the query engine (data/runs.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const repo = runsRepository(strapi);

  function summary(row: Record<string, unknown>): RunSummary {
    return {
      documentId: String(row.document_id),
      reference: String(row.reference),
      name: String(row.name),
      status: row.status as RunStatus,
      sequence: toInt(row.sequence),
      periodStart: toDateString(row.period_start),
      periodEnd: toDateString(row.period_end),
      activationDate: toDateString(row.activation_date),
      invoiceDate: toDateString(row.invoice_date),
      dueDate: toDateString(row.due_date),
    };
  }

  /** What a user's action does besides moving the status: the attributes it sets on the run. */
  async function effects(trx: Trx, run: RunRow, action: RunAction, actor: ActorInfo, removed: { amounts: number }): Promise<Record<string, unknown>> {
    const patch: Record<string, unknown> = {};
    if (action === 'approve') {
      const settings = await getService(strapi, 'settings').get();
      if (settings.requireDifferentApprover && actor.id !== SYSTEM.id && actor.id === String(run.amounts_generated_by ?? '')) {
        // A PolicyError: Strapi's authorize middleware turns any other ForbiddenError thrown by a
        // handler into a bare "Forbidden", losing this sentence.
        throw new errors.PolicyError(
          `You generated the amounts of invoice run ${run.reference}, so another reviewer must approve it (setting "Require a different approver").`,
          { status: run.status, action },
        );
      }
      patch.approvedBy = actor.id;
      patch.approvedAt = new Date();
    }
    if (LIFECYCLE[action].removesAmounts) {
      removed.amounts = Number(await trx(t.amounts()).where({ run_id: run.id }).delete());
      Object.assign(patch, { amountCount: 0, totalsByCurrency: null, amountsGeneratedBy: null });
    }
    return patch;
  }

  /** The same summary from a run as the query engine answers it (attribute names). */
  function summaryOf(run: Record<string, unknown>): RunSummary {
    return summary({
      document_id: run.documentId,
      reference: run.reference,
      name: run.name,
      status: run.status,
      sequence: run.sequence,
      period_start: run.periodStart,
      period_end: run.periodEnd,
      activation_date: run.activationDate,
      invoice_date: run.invoiceDate,
      due_date: run.dueDate,
    });
  }

  const service = {
    summary,
    summaryOf,

    /** Run rows → API runs, with schedule, category and latest job. */
    async format(trx: Trx, rows: Array<Record<string, unknown>>): Promise<Run[]> {
      if (rows.length === 0) return [];
      const ids = rows.map((r) => Number(r.id));
      const { schedules, categories } = await repo.relations(ids);
      const jobs = await getService(strapi, 'jobs').latestForRuns(trx, ids);
      // kept on the run's row by every change of its documents' statuses (data/runs.ts): no count per request
      const sending = await repo.countsOf(rows);
      return rows.map((row) => {
        const id = Number(row.id);
        const stored = parseJson<StoredCurrencyTotals[]>(row.totals_by_currency, []);
        return {
          ...summary(row),
          description: (row.description as string | null) ?? null,
          cycle: row.cycle as Run['cycle'],
          invoiceName: String(row.invoice_name),
          invoiceNameFormat: row.invoice_name_format as Run['invoiceNameFormat'],
          invoiceCategory: categories.get(id) ?? null,
          schedule: schedules.get(id) ?? { documentId: '', reference: '', name: '', adHoc: false },
          totals: toRunTotals(stored, toInt(row.invoice_count)),
          amountsGeneratedBy: toActor(row.amounts_generated_by),
          approvedBy: toActor(row.approved_by),
          approvedAt: toIso(row.approved_at),
          job: jobs.get(id) ?? null,
          sending: sending.get(id) ?? { open: 0, sending: 0, sent: 0, failed: 0 },
          createdAt: toIso(row.created_at) ?? '',
          updatedAt: toIso(row.updated_at) ?? '',
        };
      });
    },

    /** The run row by documentId, or a 404. With `lock`, the row stays locked until the transaction ends. */
    async load(trx: Trx, documentId: string, lock = false): Promise<RunRow> {
      if (!isStorableId(documentId)) throw notFound('Invoice run', documentId);
      const row = await repo.load(trx, documentId, lock);
      if (!row) throw notFound('Invoice run', documentId);
      return row;
    },

    async findOne(documentId: string): Promise<Run> {
      const row = await service.load(knex(), documentId);
      const [run] = await service.format(knex(), [row]);
      return run;
    },

    async findMany(rawQuery: unknown): Promise<{ results: Run[]; pagination: Pagination }> {
      const query = parseListQuery(listQuerySchema, rawQuery);
      const { rows, pagination } = await listPage({
        base: () => {
          const qb = knex()(t.runs());
          if (query.status) qb.where('status', query.status);
          return whereSearch(qb, ['reference', 'name'], query.search);
        },
        query,
        sortable: SORTABLE,
        what: 'Runs',
        defaultOrder: [['period_start', 'desc']],
        idDirection: 'desc',
      });
      return { results: await service.format(knex(), rows), pagination };
    },

    /** POST /runs: an ad hoc run with the one-run schedule it belongs to, put on hold at once. */
    async createAdHoc(input: unknown, actor: ActorInfo): Promise<Run> {
      const parsed = validate(adHocRunInputSchema, input);
      if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
      const v = parsed.value;
      const categoryId = await getService(strapi, 'schedules').resolveCategory(v.invoiceCategory ?? null, ['invoiceCategory']);
      const settings = await getService(strapi, 'settings').get();
      const runId = await strapi.db.transaction(async ({ trx }) => {
        const seq = getService(strapi, 'sequences');
        const scheduleNumber = await seq.next(trx, SEQUENCES.schedule);
        const schedule = await schedulesRepository(strapi).create({
          documentId: newDocumentId(),
          reference: formatReference('IRS', scheduleNumber),
          name: v.name,
          description: v.description ?? null,
          periodFrom: v.periodStart,
          periodTo: v.periodEnd,
          numberOfRuns: 1,
          templateName: v.name,
          templateDescription: v.description ?? null,
          cycle: v.cycle,
          invoiceName: v.invoiceName,
          invoiceNameFormat: v.invoiceNameFormat,
          invoiceCategory: categoryId,
          invoiceDate: v.invoiceDate,
          dueDate: v.dueDate,
          adHoc: true,
        });
        const [id] = await service.insertRuns(trx, { id: schedule.id, documentId: schedule.documentId }, [
          {
            sequence: 0,
            name: v.name,
            description: v.description ?? null,
            cycle: v.cycle,
            periodStart: v.periodStart,
            periodEnd: v.periodEnd,
            activationDate: activationDateFor(v.periodStart, settings.activationDaysBefore),
            invoiceDate: v.invoiceDate,
            dueDate: v.dueDate,
            invoiceName: v.invoiceName,
            invoiceNameFormat: v.invoiceNameFormat,
            invoiceCategory: categoryId,
          },
        ], actor);
        return id;
      });
      const row = (await knex()(t.runs()).where({ id: runId }).first()) as RunRow;
      const [run] = await service.format(knex(), [row]);
      return run;
    },

    /**
     * Creates runs in status draft and puts them on hold at once (both steps are in the audit trail).
     * References come from the gapless IVR counter in the caller's transaction.
     */
    async insertRuns(
      trx: Trx,
      schedule: { id: number; documentId: string },
      specs: Array<{
        sequence: number;
        name: string;
        description: string | null;
        cycle: string;
        periodStart: string;
        periodEnd: string;
        activationDate: string;
        invoiceDate: string;
        dueDate: string;
        invoiceName: string;
        invoiceNameFormat: string;
        invoiceCategory: number | null;
      }>,
      actor: ActorInfo,
    ): Promise<number[]> {
      if (specs.length === 0) return [];
      const first = await getService(strapi, 'sequences').next(trx, SEQUENCES.run, specs.length);
      const ids: number[] = [];
      const ev = getService(strapi, 'events');
      for (const [i, spec] of specs.entries()) {
        const created = await repo.create(trx, {
          documentId: newDocumentId(),
          reference: formatReference('IVR', first + i),
          slot: `${schedule.documentId}#${spec.sequence}`,
          schedule: schedule.id,
          status: 'draft',
          // a new run has no documents yet; every document written later adds itself (data/runs.ts)
          docsOpen: 0,
          docsSending: 0,
          docsSent: 0,
          docsFailed: 0,
          ...spec,
        });
        await ev.record(trx, { runId: created.id, action: 'create', from: null, to: 'draft', actor });
        const run: RunRow = { id: created.id, document_id: created.documentId, reference: created.reference, status: 'draft' };
        await getService(strapi, 'lifecycle').applyTransition(trx, run, 'hold', { actor, facts: { activeJob: null } });
        ids.push(created.id);
      }
      return ids;
    },

    /**
     * Performs a user's or the ticker's lifecycle action (DESIGN §4) through the lifecycle's
     * `applyTransition`, on the locked run in one transaction, with the action's effects (approval,
     * removing the amounts); the integrators' event is announced after the commit.
     */
    async transition(documentId: string, action: RunAction, actor: ActorInfo, options: TransitionOptions = {}): Promise<Run | null> {
      const lifecycle = getService(strapi, 'lifecycle');
      const removed = { amounts: 0 };
      const from = await lifecycle.withRun(
        documentId,
        async (trx, run) => {
          removed.amounts = 0; // a retried transaction counts afresh
          const moved = await lifecycle.applyTransition(trx, run, action, {
            actor,
            details: options.details ?? null,
            effects: () => effects(trx, run, action, actor, removed),
          });
          return moved.from;
        },
        { tolerant: options.tolerant },
      );
      if (from === null) return null;
      // committed: a big delete leaves dead rows the next amounts job would wade through (PostgreSQL)
      tidyAfterBulkDelete(knex(), t.amounts(), removed.amounts, (message) => strapi.log.warn(message));
      const run = await service.findOne(documentId);
      lifecycle.announce(run, action, { from, actor: toActor(actor.id) });
      return run;
    },

    /** Runs still on hold follow a changed `activationDaysBefore` (DESIGN §5). */
    async retimeOnHold(activationDaysBefore: number): Promise<number> {
      const rows = (await knex()(t.runs()).where({ status: 'on_hold' }).select('id', 'period_start', 'activation_date')) as Array<
        Record<string, unknown>
      >;
      let changed = 0;
      await strapi.db.transaction(async ({ trx }) => {
        for (const row of rows) {
          const next = activationDateFor(toDateString(row.period_start), activationDaysBefore);
          if (next === toDateString(row.activation_date)) continue;
          changed += await repo.updateWhereStatus(trx, Number(row.id), 'on_hold', { activationDate: next });
        }
      });
      return changed;
    },

    async events(documentId: string, rawQuery: unknown) {
      const parsed = validate(listQuerySchema.pick({ page: true, pageSize: true }), rawQuery ?? {});
      if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
      const { page, pageSize } = parsed.value;
      const run = await service.load(knex(), documentId);
      const { results, total } = await getService(strapi, 'events').list(knex(), run.id, page, pageSize);
      return { results, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    /** Ids and documentIds of the runs in a status the action is allowed in, oldest first (for the ticker). */
    async idsReadyFor(action: RunAction, extra?: (qb: Knex.QueryBuilder) => void, limit = 500): Promise<Array<{ id: number; documentId: string }>> {
      const qb = knex()(t.runs()).whereIn('status', LIFECYCLE[action].from).select('id', 'document_id').orderBy('id', 'asc').limit(limit);
      if (extra) extra(qb);
      const rows = (await qb) as Array<{ id: number; document_id: string }>;
      return rows.map((r) => ({ id: Number(r.id), documentId: r.document_id }));
    },
  };

  return service;
};

export default runs;
