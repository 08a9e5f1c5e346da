import cron, { type ScheduledTask } from 'node-cron';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { todayIn } from '../../../shared/dates';
import { startActionOf } from '../../../shared/lifecycle';
import type { JobType } from '../../../shared/jobs';
import { PLUGIN_ID } from '../constants';
import type { InvoicingConfig } from '../config';
import { getService } from '../utils/get-service';
import { SYSTEM } from '../utils/actor';
import { tables } from '../data/tables';

export interface TickResult {
  activated: number;
  amountJobsStarted: number;
  approved: number;
  invoiceJobsStarted: number;
  sendJobsStarted: number;
}

/**
 * The plugin's own ticker (DESIGN §8, §9): activation at the activation date and the automatic steps
 * the settings switch on. Every step is a conditional update or an idempotent job start, so any number
 * of instances may tick at the same moment and each run still moves exactly once.
 */
const ticker = ({ strapi }: { strapi: Core.Strapi }) => {
  let task: ScheduledTask | null = null;
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as InvoicingConfig;
  // knex: set-wise scans of runs without an active job (NOT EXISTS), every tick on every instance (data/bulk.ts).
  const t = tables(strapi);

  /** Runs in a status whose latest job of `type` did not fail (a failed job waits for a person to retry it). */
  const withoutFailedOrActiveJob = (type: JobType) => (qb: Knex.QueryBuilder) => {
    const j = t.jobs();
    const r = t.runs();
    qb.whereNotExists((sub) => sub.select(strapi.db.connection.raw('1')).from(j).whereRaw(`?? = ??`, [`${j}.run_id`, `${r}.id`]).whereNotNull(`${j}.active_key`));
    qb.whereNotExists((sub) =>
      sub
        .select(strapi.db.connection.raw('1'))
        .from(j)
        .whereRaw(`?? = ??`, [`${j}.run_id`, `${r}.id`])
        .where(`${j}.type`, type)
        .where(`${j}.state`, 'failed')
        .whereRaw(`?? = (select max(j2.id) from ?? as j2 where j2.run_id = ?? and j2.type = ?)`, [`${j}.id`, j, `${r}.id`, type]),
    );
  };

  /** Runs that never had a job of `type` (automatic sending sends once; failures wait for a person). */
  const withoutJobOf = (type: JobType) => (qb: Knex.QueryBuilder) => {
    const j = t.jobs();
    qb.whereNotExists((sub) =>
      sub.select(strapi.db.connection.raw('1')).from(j).whereRaw(`?? = ??`, [`${j}.run_id`, `${t.runs()}.id`]).where(`${j}.type`, type),
    );
  };

  const service = {
    start(): void {
      const { enabled, expression } = config().ticker;
      if (!enabled || task) return;
      task = cron.schedule(
        expression,
        async () => {
          try {
            await service.tick();
          } catch (error) {
            strapi.log.error(`[invoicing] ticker: ${error instanceof Error ? error.stack : String(error)}`);
          }
        },
        { name: 'invoicing-ticker', noOverlap: true },
      );
    },

    async stop(): Promise<void> {
      if (!task) return;
      await task.stop();
      await task.destroy();
      task = null;
    },

    /** One tick: activation, then the automatic steps in the order of the lifecycle. */
    async tick(now: Date = new Date()): Promise<TickResult> {
      const settings = await getService(strapi, 'settings').get();
      const runs = getService(strapi, 'runs');
      const jobs = getService(strapi, 'jobs');
      const result: TickResult = { activated: 0, amountJobsStarted: 0, approved: 0, invoiceJobsStarted: 0, sendJobsStarted: 0 };
      const today = todayIn(settings.timezone, now);

      for (const run of await runs.idsReadyFor('activate', (qb) => qb.where('activation_date', '<=', today))) {
        if (await runs.transition(run.documentId, 'activate', SYSTEM, { tolerant: true, details: { automatic: true } })) result.activated += 1;
      }
      if (settings.autoGenerateAmounts) {
        for (const run of await runs.idsReadyFor(startActionOf('amounts'), withoutFailedOrActiveJob('amounts'))) {
          if (await startTolerant(() => jobs.start(run.documentId, 'amounts', SYSTEM))) result.amountJobsStarted += 1;
        }
      }
      if (settings.autoApprove) {
        for (const run of await runs.idsReadyFor('approve')) {
          if (await runs.transition(run.documentId, 'approve', SYSTEM, { tolerant: true, details: { automatic: true } })) result.approved += 1;
        }
      }
      if (settings.autoGenerateInvoices) {
        for (const run of await runs.idsReadyFor(startActionOf('invoices'), withoutFailedOrActiveJob('invoices'))) {
          if (await startTolerant(() => jobs.start(run.documentId, 'invoices', SYSTEM))) result.invoiceJobsStarted += 1;
        }
      }
      if (settings.autoSendInvoices) {
        for (const run of await runs.idsReadyFor(startActionOf('send'), withoutJobOf('send'))) {
          if (await startTolerant(() => jobs.start(run.documentId, 'send', SYSTEM))) result.sendJobsStarted += 1;
        }
      }
      return result;
    },
  };

  /** A job start that another instance may have beaten us to: counts only a job this call created. */
  async function startTolerant(start: () => Promise<{ created: boolean }>): Promise<boolean> {
    try {
      return (await start()).created;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 409 || status === 404) return false;
      throw error;
    }
  }

  return service;
};

export default ticker;
