import type { Core } from '@strapi/strapi';
import type { RunStatus } from '../../../shared/lifecycle';
import type { Run, RunEvent } from '../../../shared/contracts/runs';
import { UID, WEBHOOK_EVENTS, type WebhookEvent } from '../constants';
import type { ActorInfo } from '../utils/actor';
import { toActor } from '../utils/actor';
import { type Trx } from '../data/bulk';
import { baseColumns, parseJson, toIso } from '../data/rows';
import { tableName } from '../data/tables';

export interface RecordEventInput {
  runId: number;
  action: string;
  from: RunStatus | null;
  to: RunStatus | null;
  actor: ActorInfo;
  details?: Record<string, unknown> | null;
}

/** The audit trail of runs (DESIGN §4) and the events integrators hook into (DESIGN §13). */
const events = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: run events are written in the caller's transaction, also by the jobs' batches (data/bulk.ts).
  const table = () => tableName(strapi, UID.runEvent);

  return {
    /** Writes one run event inside the caller's transaction. */
    async record(trx: Trx, e: RecordEventInput): Promise<void> {
      const now = new Date();
      await trx(table()).insert({
        ...baseColumns(now),
        run_id: e.runId,
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        actor: e.actor.id,
        actor_name: e.actor.name,
        at: now,
        details: e.details ? JSON.stringify(e.details) : null,
      });
    },

    async list(trx: Trx, runId: number, page: number, pageSize: number): Promise<{ results: RunEvent[]; total: number }> {
      const t = table();
      const [{ count }] = (await trx(t).where({ run_id: runId }).count({ count: '*' })) as Array<{ count: number | string }>;
      const rows = (await trx(t)
        .where({ run_id: runId })
        .orderBy('id', 'asc')
        .offset((page - 1) * pageSize)
        .limit(pageSize)) as Array<Record<string, unknown>>;
      return {
        total: Number(count),
        results: rows.map((r) => ({
          id: Number(r.id),
          action: String(r.action),
          from: (r.from_status as RunStatus | null) ?? null,
          to: (r.to_status as RunStatus | null) ?? null,
          actor: toActor(r.actor) ?? 'system',
          actorName: (r.actor_name as string | null) ?? null,
          at: toIso(r.at) ?? '',
          details: parseJson<Record<string, unknown> | null>(r.details, null),
        })),
      };
    },

    /** Announces a run event on Strapi's event hub (and so to webhooks subscribed to it). */
    emit(event: WebhookEvent, run: Pick<Run, 'reference' | 'documentId' | 'status' | 'totals'>, extra: Record<string, unknown> = {}): void {
      this.publish(event, { run: { reference: run.reference, documentId: run.documentId, status: run.status, totals: run.totals }, ...extra });
    },

    /** Announces an event with its whole payload (the invoice events of sending). */
    publish(event: WebhookEvent, payload: Record<string, unknown>): void {
      Promise.resolve(strapi.eventHub.emit(event, payload)).catch((error: unknown) => {
        strapi.log.warn(`[invoicing] a listener of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    },

    registerWebhookEvents(): void {
      const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void } | undefined;
      if (!store) return;
      for (const [key, value] of Object.entries(WEBHOOK_EVENTS)) store.addAllowedEvent(key, value);
    },
  };
};

export default events;
