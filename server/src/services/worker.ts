import os from 'os';
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { JobSummary } from '../../../shared/contracts/runs';
import { completionActionOf, type RunAction } from '../../../shared/lifecycle';
import type { JobType } from '../../../shared/jobs';
import { AMOUNTS_CLAIM_LOCK, PLUGIN_ID, WEBHOOK_EVENTS } from '../constants';
import { workerBatchSize, type InvoicingConfig } from '../config';
import { getService, type ServiceName, type ServiceOf } from '../utils/get-service';
import { SYSTEM, toActor } from '../utils/actor';
import { yieldToEventLoop, type Trx } from '../data/bulk';
import { parseJson } from '../data/rows';
import { tables } from '../data/tables';
import type { JobRow } from './jobs';
import type { RunRow } from '../data/runs';

/** Thrown when another worker has taken the job over (our lease expired): stop without writing. */
export class LeaseLostError extends Error {
  constructor(jobId: number) {
    super(`The lease on job ${jobId} was lost to another worker.`);
    this.name = 'LeaseLostError';
  }
}

/** Thrown by `processNext({ maxBatches })` to stop like a crash would: the lease is left to expire. */
export class InterruptedError extends Error {
  constructor() {
    super('Job processing interrupted.');
    this.name = 'InterruptedError';
  }
}

export interface ProgressPatch {
  processed?: number;
  total?: number;
  checkpoint?: unknown;
  summary?: JobSummary;
}

/** How a job's successful end moves its run: the job type's completion action of the lifecycle table. */
export interface JobCompletion {
  /** More attributes of the run's update (totals, counts), as attribute names (the query engine writes them). */
  patch?: Record<string, unknown>;
  /** Stored with the run event. */
  details?: Record<string, unknown>;
  /** More of the integrators' event payload (besides `action` and `actor`). */
  announce?: Record<string, unknown>;
}

export interface FinishPatch extends ProgressPatch {
  /** The run's completion transition; null when the job ends without moving the run on. */
  complete: JobCompletion | null;
}

export interface JobContext {
  job: JobRow;
  run: RunRow;
  batchSize: number;
  /** The checkpoint and summary as the job was claimed: where this attempt resumes. */
  checkpoint<T>(fallback: T): T;
  summary(): JobSummary;
  /**
   * One unit of work in its own transaction: first renews the lease (and fails with LeaseLostError
   * when another worker holds the job now), then does the work, then records the progress.
   */
  batch(work: (trx: Trx) => Promise<ProgressPatch>): Promise<void>;
  /**
   * The last transaction: the work (totals, counts), then — when it answers `complete` — the run's
   * completion transition through the lifecycle's `applyTransition`, then the job is marked
   * succeeded; the completion's event is announced after the commit.
   */
  finish(work: (trx: Trx) => Promise<FinishPatch>): Promise<void>;
}

export interface JobHandler {
  runJob(ctx: JobContext): Promise<void>;
}

/** The services that can work off a job. */
type HandlerName = { [N in ServiceName]: ServiceOf<N> extends JobHandler ? N : never }[ServiceName];

/** The service that works off each type of job. */
const JOB_HANDLERS: Readonly<Record<JobType, HandlerName>> = { amounts: 'amounts', invoices: 'invoices', documents: 'documents', send: 'sending' };

/**
 * The worker of this instance (DESIGN §9): claims queued jobs, or running jobs whose lease expired, by
 * an atomic conditional update, and works them off in batches, each in its own transaction that also
 * renews the lease and records the progress and checkpoint. A crashed instance's job is taken over
 * when its lease expires and resumes from its checkpoint.
 */
const worker = ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  // knex: job claims and leases are conditional UPDATEs (lease owner, state) polled by every instance (data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as InvoicingConfig;

  let timer: NodeJS.Timeout | null = null;
  let draining: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function claimOne(trx: Trx, id: number, now: number): Promise<boolean> {
    const updated = await trx(t.jobs())
      .where({ id })
      .andWhere((w) => w.where('state', 'queued').orWhere((r) => r.where('state', 'running').andWhere('lease_expires_at', '<', now)))
      .update({
        state: 'running',
        lease_owner: owner,
        lease_expires_at: now + config().worker.leaseMs,
        attempts: trx.raw('?? + 1', ['attempts']),
        updated_at: new Date(now),
      });
    if (updated === 1) await trx(t.jobs()).where({ id }).whereNull('started_at').update({ started_at: new Date(now) });
    return updated === 1;
  }

  /**
   * Amount jobs whose runs share a cycle and overlap in period never run at once (DESIGN §6): they are
   * claimed one at a time under a lock row, and a job waits while an overlapping one holds a live lease.
   */
  async function claimAmounts(id: number, runId: number): Promise<boolean> {
    return strapi.db.transaction(async ({ trx }) => {
      await getService(strapi, 'sequences').next(trx, AMOUNTS_CLAIM_LOCK);
      const now = Date.now();
      const run = (await trx(t.runs()).where({ id: runId }).first('cycle', 'period_start', 'period_end')) as Record<string, unknown> | undefined;
      if (!run) return false;
      const busy = await trx(`${t.jobs()} as j`)
        .join(`${t.runs()} as r`, 'r.id', 'j.run_id')
        .where('j.type', 'amounts')
        .where('j.state', 'running')
        .where('j.lease_expires_at', '>=', now)
        .whereNot('j.id', id)
        .where('r.cycle', run.cycle as string)
        .where('r.period_start', '<=', run.period_end as string)
        .where('r.period_end', '>=', run.period_start as string)
        .first('j.id');
      if (busy) return false;
      return claimOne(trx, id, now);
    });
  }

  async function claim(): Promise<JobRow | null> {
    const now = Date.now();
    const candidates = (await knex()(t.jobs())
      .where((w) => w.where('state', 'queued').orWhere((r) => r.where('state', 'running').andWhere('lease_expires_at', '<', now)))
      .orderBy('id', 'asc')
      .limit(20)
      .select('id', 'run_id', 'type')) as Array<{ id: number; run_id: number; type: string }>;
    for (const c of candidates) {
      const ok = c.type === 'amounts' ? await claimAmounts(c.id, c.run_id) : await strapi.db.transaction(({ trx }) => claimOne(trx, c.id, Date.now()));
      if (ok) return (await knex()(t.jobs()).where({ id: c.id }).first()) as JobRow;
    }
    return null;
  }

  async function fail(job: JobRow, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    strapi.log.error(`[invoicing] ${job.type} job ${job.id} of run ${job.run_id} failed: ${message}`);
    const failed = await strapi.db.transaction(async ({ trx }) => {
      const updated = await trx(t.jobs())
        .where({ id: job.id, lease_owner: owner, state: 'running' })
        .update({ state: 'failed', error: message.slice(0, 5000), active_key: null, finished_at: new Date(), lease_expires_at: null, updated_at: new Date() });
      if (!updated) return false;
      const run = (await trx(t.runs()).where({ id: job.run_id }).first('status')) as { status: RunRow['status'] } | undefined;
      await getService(strapi, 'events').record(trx, {
        runId: job.run_id,
        action: 'job_failed',
        from: run?.status ?? null,
        to: run?.status ?? null,
        actor: SYSTEM,
        details: { job: job.document_id, type: job.type, error: message.slice(0, 1000) },
      });
      return true;
    });
    if (!failed) return;
    const runRow = (await knex()(t.runs()).where({ id: job.run_id }).first('document_id')) as { document_id: string } | undefined;
    if (runRow) {
      const run = await getService(strapi, 'runs').findOne(runRow.document_id);
      getService(strapi, 'events').emit(WEBHOOK_EVENTS.INVOICE_RUN_JOB_FAILED, run, { job: { type: job.type, error: message } });
    }
  }

  async function processJob(job: JobRow, maxBatches = Infinity): Promise<void> {
    const run = (await knex()(t.runs()).where({ id: job.run_id }).first()) as RunRow | undefined;
    if (!run) {
      await fail(job, new Error('The invoice run of this job no longer exists.'));
      return;
    }
    let batches = 0;
    const { leaseMs } = config().worker;
    const batchSize = workerBatchSize(config().worker);

    const commit = async (trx: Trx, patch: ProgressPatch, extra: Record<string, unknown> = {}) => {
      const row: Record<string, unknown> = { lease_expires_at: Date.now() + leaseMs, updated_at: new Date(), ...extra };
      if (patch.processed !== undefined) row.processed = patch.processed;
      if (patch.total !== undefined) row.total = patch.total;
      if (patch.checkpoint !== undefined) row.checkpoint = JSON.stringify(patch.checkpoint);
      if (patch.summary !== undefined) row.summary = JSON.stringify(patch.summary);
      const updated = await trx(t.jobs()).where({ id: job.id, lease_owner: owner, state: 'running' }).update(row);
      if (updated !== 1) throw new LeaseLostError(job.id);
    };
    const renew = async (trx: Trx) => {
      const updated = await trx(t.jobs())
        .where({ id: job.id, lease_owner: owner, state: 'running' })
        .update({ lease_expires_at: Date.now() + leaseMs });
      if (updated !== 1) throw new LeaseLostError(job.id);
    };

    const ctx: JobContext = {
      job,
      run,
      batchSize,
      checkpoint: <T>(fallback: T) => parseJson<T>(job.checkpoint, fallback),
      summary: () => ({ created: 0, alreadyInvoiced: 0, parked: [], ...parseJson<Partial<JobSummary>>(job.summary, {}) }),
      async batch(work) {
        if (stopped) throw new InterruptedError();
        await strapi.db.transaction(async ({ trx }) => {
          await renew(trx);
          const patch = await work(trx);
          await commit(trx, patch);
        });
        batches += 1;
        if (batches >= maxBatches) throw new InterruptedError();
        await yieldToEventLoop();
      },
      async finish(work) {
        const action: RunAction = completionActionOf(job.type);
        let completed: JobCompletion | null = null;
        await strapi.db.transaction(async ({ trx }) => {
          await renew(trx);
          const { complete, ...patch } = await work(trx);
          if (complete) {
            await getService(strapi, 'lifecycle').applyTransition(trx, run, action, {
              actor: { id: String(job.actor ?? SYSTEM.id), name: null },
              details: complete.details ?? null,
              facts: { activeJob: job.type },
              effects: async () => complete.patch,
            });
            completed = complete;
          }
          await commit(trx, patch, { state: 'succeeded', active_key: null, finished_at: new Date(), lease_expires_at: null });
        });
        if (completed) {
          const apiRun = await getService(strapi, 'runs').findOne(String(run.document_id));
          getService(strapi, 'lifecycle').announce(apiRun, action, { actor: toActor(job.actor), ...(completed as JobCompletion).announce });
        }
      },
    };

    const handler: JobHandler = getService(strapi, JOB_HANDLERS[job.type]);
    try {
      await handler.runJob(ctx);
    } catch (error) {
      if (error instanceof InterruptedError) {
        if (stopped) {
          // Shutting down: hand the job back at once instead of letting the lease run out.
          await knex()(t.jobs()).where({ id: job.id, lease_owner: owner, state: 'running' }).update({ lease_expires_at: 0 });
        }
        throw error;
      }
      if (error instanceof LeaseLostError) {
        strapi.log.warn(`[invoicing] ${error.message}`);
        return;
      }
      await fail(job, error);
    }
  }

  async function drainAll(): Promise<void> {
    for (;;) {
      if (stopped) return;
      const job = await claim();
      if (!job) return;
      try {
        await processJob(job);
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error;
        return;
      }
    }
  }

  const service = {
    owner,

    start(): void {
      stopped = false;
      const { enabled, pollIntervalMs } = config().worker;
      if (!enabled || timer) return;
      timer = setInterval(() => service.poke(), pollIntervalMs);
      timer.unref?.();
      service.poke();
    },

    /** Looks for work now (after a job was queued on this instance). */
    poke(): void {
      if (stopped || !config().worker.enabled) return;
      if (draining) {
        again = true;
        return;
      }
      draining = drainAll()
        .catch((error: unknown) => {
          strapi.log.error(`[invoicing] worker: ${error instanceof Error ? error.stack : String(error)}`);
        })
        .finally(() => {
          draining = null;
          if (again) {
            again = false;
            service.poke();
          }
        });
    },

    /** Works off every job that can be claimed now (tests and the benchmark drive it directly). */
    async drain(): Promise<void> {
      await drainAll();
    },

    /**
     * Claims one job and works at most `maxBatches` batches of it. When it stops early it leaves the job
     * running with its lease, as a crashed instance would. Answers the job id, or null when none.
     */
    async processNext(options: { maxBatches?: number } = {}): Promise<number | null> {
      const job = await claim();
      if (!job) return null;
      try {
        await processJob(job, options.maxBatches ?? Infinity);
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error;
      }
      return job.id;
    },

    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (draining) await draining;
    },
  };

  return service;
};

export default worker;
