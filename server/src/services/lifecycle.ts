import type { Core } from '@strapi/strapi';
import { IllegalTransitionError, LIFECYCLE, refusalOf, statusAfter, type RunAction, type RunFacts, type RunStatus } from '../../../shared/lifecycle';
import type { JobType } from '../../../shared/jobs';
import type { Run } from '../../../shared/contracts/runs';
import { TRANSITION_EVENTS } from '../constants';
import { conflict } from '../utils/errors';
import { getService } from '../utils/get-service';
import type { ActorInfo } from '../utils/actor';
import type { Trx } from '../data/bulk';
import { tables } from '../data/tables';
import { runsRepository, type RunRow } from '../data/runs';

export interface ApplyTransitionOptions {
  actor: ActorInfo;
  /** Stored with the run event. */
  details?: Record<string, unknown> | null;
  /** Facts the caller already knows (otherwise read in the transaction). */
  facts?: { activeJob?: JobType | null; hasInvoices?: boolean };
  /**
   * The action's own work once the lifecycle allowed it, before the status moves (in the same
   * transaction); answers more attributes for the run's update (attribute names: the run's writes go
   * through the query engine, data/runs.ts).
   */
  effects?: (trx: Trx) => Promise<Record<string, unknown> | void>;
}

/**
 * The run lifecycle on the server (DESIGN §4): every status change — a user's transition, a job's
 * start and a job's successful end — goes through `applyTransition`, which asks the shared table
 * (`refusalOf`), and every refusal becomes a 409 in `withRun`.
 */
const lifecycle = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex for the facts (active job, invoices); the run's own update goes through data/runs.ts (query engine).
  const t = tables(strapi);
  const runs = runsRepository(strapi);

  /** What `refusalOf` needs, from what the caller knows and the database. */
  async function factsOf(trx: Trx, run: RunRow, action: RunAction, known: ApplyTransitionOptions['facts'] = {}): Promise<RunFacts> {
    let activeJob = known.activeJob;
    if (activeJob === undefined) {
      const active = (await trx(t.jobs()).where({ active_key: String(run.id) }).first('type')) as { type: JobType } | undefined;
      activeJob = active?.type ?? null;
    }
    let hasInvoices = known.hasInvoices ?? false;
    if (known.hasInvoices === undefined && LIFECYCLE[action].removesAmounts) {
      const [{ count }] = (await trx(t.invoices()).where({ run_id: run.id }).count({ count: '*' })) as Array<{ count: number | string }>;
      hasInvoices = Number(count) > 0;
    }
    return { status: run.status, activeJob, hasInvoices };
  }

  /**
   * Runs `work` in one transaction on the run, locked until it ends. A lifecycle refusal becomes a 409
   * here, and only here (details `{ status, action, reason[, job] }`); with `tolerant` (the ticker and
   * automatic steps, for which a run that has moved on is no error) it answers null instead.
   */
  function withRun<T>(documentId: string, work: (trx: Trx, run: RunRow) => Promise<T>): Promise<T>;
  function withRun<T>(documentId: string, work: (trx: Trx, run: RunRow) => Promise<T>, options: { tolerant?: boolean }): Promise<T | null>;
  async function withRun<T>(documentId: string, work: (trx: Trx, run: RunRow) => Promise<T>, options: { tolerant?: boolean } = {}): Promise<T | null> {
    try {
      return await strapi.db.transaction(async ({ trx }) => work(trx, await getService(strapi, 'runs').load(trx, documentId, true)));
    } catch (error) {
      if (!(error instanceof IllegalTransitionError)) throw error;
      if (options.tolerant) return null;
      throw conflict(error.message, error.details);
    }
  }

  const service = {
    /** Throws `IllegalTransitionError` unless the lifecycle allows `action` on the run now. */
    async check(trx: Trx, run: RunRow, action: RunAction, known?: ApplyTransitionOptions['facts']): Promise<void> {
      const refusal = refusalOf(await factsOf(trx, run, action, known), action);
      if (refusal) throw new IllegalTransitionError(run.status, action, refusal, run.reference);
    },

    /**
     * Performs a lifecycle action in the caller's transaction: checks it against the table, does its
     * effects, moves the status with a conditional `UPDATE … WHERE status = <expected>` (data/runs.ts;
     * skipped for a job start, which leaves the status and the row alone) and writes the run event.
     */
    async applyTransition(trx: Trx, run: RunRow, action: RunAction, options: ApplyTransitionOptions): Promise<{ from: RunStatus; to: RunStatus }> {
      await service.check(trx, run, action, options.facts);
      const patch = (await options.effects?.(trx)) ?? {};
      const from = run.status;
      const to = statusAfter(from, action);
      if (to !== from || Object.keys(patch).length > 0) {
        const updated = await runs.updateWhereStatus(trx, run.id, from, { ...patch, status: to, updatedAt: new Date() });
        if (updated !== 1) {
          // The run moved on since it was read (a job's end reads it when the job was claimed).
          throw new IllegalTransitionError((await runs.statusOf(trx, run.id)) ?? from, action);
        }
      }
      await getService(strapi, 'events').record(trx, { runId: run.id, action, from, to, actor: options.actor, details: options.details ?? null });
      return { from, to };
    },

    withRun,

    /** Announces the integrators' event of an action (after the commit), if it has one. */
    announce(run: Run, action: RunAction, extra: Record<string, unknown>): void {
      const event = TRANSITION_EVENTS[action];
      if (event) getService(strapi, 'events').emit(event, run, { action, ...extra });
    },
  };

  return service;
};

export default lifecycle;
