import type { Core } from '@strapi/strapi';
import { startActionOf } from '../../../shared/lifecycle';
import type { JobType } from '../../../shared/jobs';
import type { Job, JobSummary } from '../../../shared/contracts/runs';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { toActor, type ActorInfo } from '../utils/actor';
import { chunk, isUniqueViolation, type Trx } from '../data/bulk';
import { newDocumentId } from '../data/ids';
import { baseColumns, parseJson, toInt, toIso } from '../data/rows';
import { tableName } from '../data/tables';

export type JobRow = Record<string, unknown> & {
  id: number;
  run_id: number;
  type: JobType;
  state: Job['state'];
};

export const emptySummary = (): JobSummary => ({ created: 0, alreadyInvoiced: 0, parked: [] });

/**
 * Background jobs stored in the database (DESIGN §9). A run has at most one active (queued or running)
 * job: `active_key` holds the run id while the job is active and is unique, so starting a job twice,
 * from any number of requests or instances, gives the same job.
 */
const jobs = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: job rows are claimed and finished with conditional updates on a unique active key (data/bulk.ts).
  const table = () => tableName(strapi, UID.job);
  const knex = () => strapi.db.connection;

  const service = {
    format(row: Record<string, unknown>): Job {
      const summary = { ...emptySummary(), ...parseJson<Partial<JobSummary>>(row.summary, {}) };
      return {
        documentId: String(row.document_id),
        type: row.type as JobType,
        state: row.state as Job['state'],
        processed: toInt(row.processed),
        total: toInt(row.total),
        error: (row.error as string | null) ?? null,
        summary,
        attempts: toInt(row.attempts),
        actor: toActor(row.actor) ?? 'system',
        createdAt: toIso(row.created_at) ?? '',
        startedAt: toIso(row.started_at),
        finishedAt: toIso(row.finished_at),
      };
    },

    /** The latest job of each run. */
    async latestForRuns(trx: Trx, runIds: number[]): Promise<Map<number, Job>> {
      const out = new Map<number, Job>();
      for (const ids of chunk(runIds, 500)) {
        const latest = trx(table()).whereIn('run_id', ids).groupBy('run_id').max({ id: 'id' });
        const rows = (await trx(table()).whereIn('id', latest)) as Array<Record<string, unknown>>;
        for (const row of rows) out.set(Number(row.run_id), service.format(row));
      }
      return out;
    },

    async active(trx: Trx, runId: number): Promise<JobRow | undefined> {
      return (await trx(table()).where({ active_key: String(runId) }).first()) as JobRow | undefined;
    },

    /** The latest job of a run of the given type. */
    async latestOfType(trx: Trx, runId: number, type: JobType): Promise<JobRow | undefined> {
      return (await trx(table()).where({ run_id: runId, type }).orderBy('id', 'desc').first()) as JobRow | undefined;
    },

    /**
     * Starts a job of the run (its start action in the lifecycle table): answers the run's active job
     * when it is this one, otherwise the lifecycle decides (409) and a new job is queued through
     * `applyTransition`. `created` tells which.
     */
    async start(runDocumentId: string, type: JobType, actor: ActorInfo): Promise<{ job: Job; created: boolean }> {
      const action = startActionOf(type);
      const lifecycle = getService(strapi, 'lifecycle');
      let result: { row: Record<string, unknown>; created: boolean };
      try {
        result = await lifecycle.withRun(runDocumentId, async (trx, run) => {
          const existing = await service.active(trx, run.id);
          if (existing) {
            // Allowed only when it is this very job (then it is answered); another one makes the run busy.
            await lifecycle.check(trx, run, action, { activeJob: existing.type });
            return { row: existing, created: false };
          }
          const documentId = newDocumentId();
          await lifecycle.applyTransition(trx, run, action, {
            actor,
            details: { job: documentId },
            facts: { activeJob: null },
            effects: async () => {
              await trx(table()).insert({
                ...baseColumns(new Date()),
                document_id: documentId,
                run_id: run.id,
                type,
                state: 'queued',
                active_key: String(run.id),
                processed: 0,
                total: 0,
                error: null,
                summary: JSON.stringify(emptySummary()),
                checkpoint: null,
                lease_owner: null,
                lease_expires_at: null,
                attempts: 0,
                actor: actor.id,
              });
            },
          });
          return { row: (await trx(table()).where({ document_id: documentId }).first()) as Record<string, unknown>, created: true };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          // Another instance queued it between our read and insert: answer that job.
          const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
          const existing = await service.active(knex(), run.id);
          if (existing) return { job: service.format(existing), created: false };
        }
        throw error;
      }
      if (result.created) getService(strapi, 'worker').poke();
      return { job: service.format(result.row), created: result.created };
    },

    async forRun(runDocumentId: string): Promise<Job | null> {
      const run = await getService(strapi, 'runs').load(knex(), runDocumentId);
      return (await service.latestForRuns(knex(), [run.id])).get(run.id) ?? null;
    },
  };

  return service;
};

export default jobs;
