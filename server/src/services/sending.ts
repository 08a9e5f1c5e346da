import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Invoice, JobSummary } from '../../../shared/contracts/runs';
import {
  invoiceMail,
  invoiceMessageId,
  JOB_SENDABLE_STATUSES,
  nextSendAt,
  SEND_FAILURES,
  SINGLE_SENDABLE_STATUSES,
  type SendStatus,
} from '../../../shared/sending';
import { WEBHOOK_EVENTS } from '../constants';
import { conflict, isStorableId, notFound } from '../utils/errors';
import { getService } from '../utils/get-service';
import { SYSTEM, type ActorInfo } from '../utils/actor';
import { type Trx } from '../data/bulk';
import { newDocumentId } from '../data/ids';
import { toInt } from '../data/rows';
import { addToDelta, runsRepository, type DocCountDelta } from '../data/runs';
import { tables } from '../data/tables';
import type { InvoiceDocument } from './documents';
import { UblProblem } from '../documents/ubl';
import type { DocumentKind } from '../../../shared/contracts/documents';
import type { JobContext, JobHandler } from './worker';

/** Invoices a send job claims at a time (loaded, their PDFs prepared and then sent side by side). */
const CLAIM_CHUNK = 40;
/**
 * Messages of one claimed chunk in flight at once. A mail server answers each message after a few
 * round trips; one at a time, a job would mostly wait (about 6 messages/s on loopback here).
 */
const SEND_CONCURRENCY = 8;

/**
 * Outcomes of a send job are committed at most this often (group commit): a commit costs a disk flush
 * (~10 ms on SQLite here, during which better-sqlite3 holds the event loop), and one per message capped
 * a job at the disk's flush rate. An outcome not yet committed at a crash means that message goes again.
 */
const GROUP_COMMIT_MS = 100;

/**
 * A claim older than this is taken as abandoned (the instance that held it died): a send job or a
 * single send may take the invoice over. A send job's own claims are resumed by the job at once.
 */
const STALE_CLAIM_MS = 10 * 60 * 1000;

type Outcome = { ok: true } | { ok: false; reason: string };

interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

interface EmailService {
  send(options: {
    to: string;
    from?: string;
    replyTo?: string;
    subject: string;
    text: string;
    html: string;
    attachments: MailAttachment[];
    headers: Record<string, string>;
  }): Promise<unknown>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const errorText = (error: unknown): string => {
  const e = error as { message?: string; response?: string } | null;
  return (e?.response || e?.message || String(error)).replace(/\s+/g, ' ').trim().slice(0, 1000);
};

/**
 * Sending invoices by e-mail (DESIGN §16): the `send` job of a run and the single send of one invoice.
 *
 * An invoice is claimed with a conditional update (`open | send_failed` → `sending`, with the claimer's
 * token), so two instances, or a job and a single send, never send the same document at once. The
 * message goes through Strapi's email plugin with a Message-ID derived from the invoice's documentId;
 * the outcome is recorded only by the claim's holder (`sent` with `sendCount` + 1, or `send_failed`
 * with the reason). A crashed job's claims stay `sending` under its documentId, and the job, resumed by
 * another worker, sends those again first (the same Message-ID).
 */
const sending = ({ strapi }: { strapi: Core.Strapi }) => {
  // knex: sending claims invoices by conditional updates, thousands per job (data/bulk.ts).
  const t = tables(strapi);
  const knex = () => strapi.db.connection;
  const runsRepo = runsRepository(strapi);

  /**
   * The invoices a claimer may take: in one of `statuses`, or `sending` under an abandoned claim; never
   * one this same claimer already tried (a job tries each invoice once: a failure waits for a retry).
   */
  const claimable = (statuses: readonly SendStatus[], staleBefore: number, token: string) => (w: Knex.QueryBuilder) =>
    w
      .where((c) => c.whereIn('status', statuses as SendStatus[]).orWhere((s) => s.where('status', 'sending').andWhere('send_claimed_at', '<', staleBefore)))
      .andWhere((c) => c.whereNull('send_attempt').orWhereNot('send_attempt', token));

  /**
   * The attachments of an invoice's e-mail: its PDF, and its UBL file (DESIGN §18) when the debtor's
   * delivery channel is `peppol_file`. Throws `UblProblem` when that file cannot be made.
   */
  function attachmentsFor(invoice: Invoice, pdf: InvoiceDocument): MailAttachment[] {
    const attachments: MailAttachment[] = [{ filename: pdf.fileName, content: pdf.data, contentType: pdf.mime }];
    if (invoice.debtor.deliveryChannel === 'peppol_file') {
      const ubl = getService(strapi, 'eInvoices').fileOf(invoice);
      attachments.push({ filename: ubl.fileName, content: ubl.data, contentType: ubl.mime });
    }
    return attachments;
  }

  /** Builds and sends the e-mail of one invoice; never throws for a send that fails, answers why. */
  /**
   * Hands the message of one invoice, with its PDF, to the email plugin. `beforeSend` runs between
   * producing the PDF and sending: the send job's throttle sits there, so `sendRatePerSecond` paces
   * what the mail server receives, not the rendering before it.
   */
  async function deliver(invoice: Invoice, document: () => Promise<InvoiceDocument>, beforeSend?: () => Promise<void>): Promise<Outcome> {
    const to = invoice.debtor.email?.trim();
    if (!to) return { ok: false, reason: SEND_FAILURES.noEmail };
    let pdf: InvoiceDocument;
    try {
      pdf = await document();
    } catch (error) {
      return { ok: false, reason: `The ${invoice.kind === 'credit_note' ? 'credit note' : 'invoice'}'s document could not be produced: ${errorText(error)}` };
    }
    let attachments: MailAttachment[];
    try {
      attachments = attachmentsFor(invoice, pdf);
    } catch (error) {
      if (!(error instanceof UblProblem)) throw error;
      return { ok: false, reason: SEND_FAILURES.noEInvoice(error.message) };
    }
    const mail = invoiceMail(invoice);
    const seller = invoice.seller;
    if (beforeSend) await beforeSend();
    try {
      const email = strapi.plugin('email').service('email') as unknown as EmailService;
      await email.send({
        to,
        ...(seller?.emailFrom ? { from: seller.legalName ? `"${seller.legalName.replace(/["\\]/g, '')}" <${seller.emailFrom}>` : seller.emailFrom } : {}),
        ...(seller?.emailReplyTo ? { replyTo: seller.emailReplyTo } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments,
        headers: { 'Message-ID': invoiceMessageId(invoice.documentId, seller?.emailFrom, invoice.kind) },
      });
    } catch (error) {
      return { ok: false, reason: SEND_FAILURES.mailServer(errorText(error)) };
    }
    return { ok: true };
  }

  /** Records the outcome, only while `token` still holds the invoice; answers whether it did. */
  async function record(trx: Trx, invoiceId: number, token: string, outcome: Outcome): Promise<boolean> {
    const now = new Date();
    const patch = outcome.ok
      ? { status: 'sent', send_error: null, sent_at: now, send_count: trx.raw('?? + 1', ['send_count']) }
      : { status: 'send_failed', send_error: outcome.reason.slice(0, 2000) };
    const updated = await trx(t.invoices())
      .where({ id: invoiceId, status: 'sending', send_claim: token })
      .update({ ...patch, send_attempt: token, send_claim: null, send_claimed_at: null, updated_at: now });
    return updated === 1;
  }

  /**
   * Claims for `token` the invoices of `scope` that `claimable(statuses, …)` allows, one conditional
   * update per status they come from, so that the run's document counts change by exactly the rows
   * each update took (`open → sending` …; a stale `sending` taken over stays `sending`). Answers how
   * many it claimed and that change; the caller adds the change to the run in the same transaction.
   */
  async function claim(
    trx: Trx,
    scope: (qb: Knex.QueryBuilder) => void,
    statuses: readonly SendStatus[],
    staleBefore: number,
    token: string,
  ): Promise<{ claimed: number; delta: DocCountDelta }> {
    const notTried = (c: Knex.QueryBuilder) => c.whereNull('send_attempt').orWhereNot('send_attempt', token);
    const patch = () => ({ status: 'sending', send_claim: token, send_claimed_at: Date.now(), updated_at: new Date() });
    const delta: DocCountDelta = {};
    let claimed = 0;
    for (const status of statuses) {
      const qb = trx(t.invoices());
      scope(qb);
      const n = Number(await qb.andWhere('status', status).andWhere(notTried).update(patch()));
      addToDelta(delta, status, -n);
      addToDelta(delta, 'sending', n);
      claimed += n;
    }
    const stale = trx(t.invoices());
    scope(stale);
    claimed += Number(await stale.andWhere('status', 'sending').andWhere('send_claimed_at', '<', staleBefore).andWhere(notTried).update(patch()));
    return { claimed, delta };
  }

  /** Announces `invoice.sent` / `invoice.send-failed` for integrators (after the commit), one query for all. */
  async function announce(invoiceIds: number[], actor: ActorInfo): Promise<void> {
    if (invoiceIds.length === 0) return;
    const rows = (await knex()(`${t.invoices()} as i`)
      .join(`${t.runs()} as r`, 'r.id', 'i.run_id')
      .whereIn('i.id', invoiceIds)
      .orderBy('i.number', 'asc')
      .select(
        'i.document_id',
        'i.number',
        'i.status',
        'i.send_error',
        'i.send_count',
        'i.credited_invoice_id',
        'r.document_id as run_document_id',
        'r.reference as run_reference',
      )) as Array<Record<string, unknown>>;
    for (const row of rows) {
      // a credit note (DESIGN §17) announces credit-note.sent / credit-note.send-failed with the same payload
      const credit = row.credited_invoice_id !== null && row.credited_invoice_id !== undefined;
      const event =
        row.status === 'sent'
          ? credit
            ? WEBHOOK_EVENTS.CREDIT_NOTE_SENT
            : WEBHOOK_EVENTS.INVOICE_SENT
          : credit
            ? WEBHOOK_EVENTS.CREDIT_NOTE_SEND_FAILED
            : WEBHOOK_EVENTS.INVOICE_SEND_FAILED;
      getService(strapi, 'events').publish(event, {
        [credit ? 'creditNote' : 'invoice']: {
          documentId: String(row.document_id),
          number: String(row.number),
          status: String(row.status),
          sendError: (row.send_error as string | null) ?? null,
          sendCount: toInt(row.send_count),
        },
        run: { documentId: String(row.run_document_id), reference: String(row.run_reference) },
        actor: actor.id === SYSTEM.id ? 'system' : Number(actor.id),
      });
    }
  }

  async function unsentCount(trx: Trx, runId: number): Promise<number> {
    const [{ count }] = (await trx(t.invoices()).where({ run_id: runId }).whereNot('status', 'sent').count({ count: '*' })) as Array<{ count: number | string }>;
    return Number(count);
  }

  /**
   * Waits for the throttle of `sendRatePerSecond` (0 = no throttling). Calls are served one after
   * another, so messages sent side by side still start at most `rate` per second.
   */
  function throttle(rate: number) {
    let last: number | null = null;
    let queue: Promise<void> = Promise.resolve();
    return () => {
      queue = queue.then(async () => {
        const wait = nextSendAt(last, rate) - Date.now();
        if (wait > 0) await sleep(wait);
        last = Date.now();
      });
      return queue;
    };
  }

  const service: JobHandler & {
    sendOne(documentId: string, actor: ActorInfo, kind?: DocumentKind): Promise<Invoice>;
  } = {
    /**
     * The send job: every invoice of the run not yet sent (failed ones again), a chunk of claims at a
     * time, sent side by side and their outcomes recorded by group commit (each batch also renews the
     * lease).
     * The run moves to `invoices_sent` (complete_sending) only when every invoice is sent.
     */
    async runJob(ctx: JobContext): Promise<void> {
      const runId = Number(ctx.run.id);
      const token = String(ctx.job.document_id);
      const actor: ActorInfo = { id: String(ctx.job.actor ?? SYSTEM.id), name: null };
      const summary: JobSummary = { sent: 0, failed: 0, ...ctx.summary() };
      let processed = toInt(ctx.job.processed);

      if (!ctx.checkpoint<{ started: boolean } | null>(null)) {
        await ctx.batch(async (trx) => {
          processed = 0;
          Object.assign(summary, { sent: 0, failed: 0 });
          return { total: await unsentCount(trx, runId), processed, checkpoint: { started: true }, summary };
        });
      }
      const wait = throttle((await getService(strapi, 'settings').get()).sendRatePerSecond);

      for (;;) {
        // This job's own claims first (left `sending` by a crashed attempt), then new ones.
        let ids = ((await knex()(t.invoices()).where({ run_id: runId, status: 'sending', send_claim: token }).orderBy('number', 'asc').limit(CLAIM_CHUNK).pluck('id')) as number[]).map(Number);
        if (ids.length === 0) {
          await ctx.batch(async (trx) => {
            const staleBefore = Date.now() - STALE_CLAIM_MS;
            const candidates = (await trx(t.invoices())
              .where({ run_id: runId })
              .andWhere(claimable(JOB_SENDABLE_STATUSES, staleBefore, token))
              .orderBy('number', 'asc')
              .limit(CLAIM_CHUNK)
              .pluck('id')) as number[];
            if (candidates.length > 0) {
              const { delta } = await claim(trx, (qb) => qb.whereIn('id', candidates), JOB_SENDABLE_STATUSES, staleBefore, token);
              await runsRepo.addDocCounts(trx, runId, delta);
            }
            return {};
          });
          ids = ((await knex()(t.invoices()).where({ run_id: runId, status: 'sending', send_claim: token }).orderBy('number', 'asc').pluck('id')) as number[]).map(Number);
          if (ids.length === 0) break;
        }
        // The chunk's invoices and their PDFs (the missing ones rendered and archived in one batch; when
        // that fails, each invoice tries its own so that one bad document fails only its invoice).
        const invoices = await getService(strapi, 'invoices').findManyById(ids);
        const documentsService = getService(strapi, 'documents');
        const pdfs = await documentsService.ensureMany(invoices.filter((i) => i.debtor.email?.trim())).catch((error: unknown) => {
          strapi.log.warn(`[invoicing] the documents of a send chunk could not be prepared together: ${errorText(error)}`);
          return new Map<string, InvoiceDocument>();
        });
        // Up to SEND_CONCURRENCY messages in flight; outcomes are recorded by group commit: those that
        // arrive while a batch commits are written together in the next one (the job's progress and
        // lease are one row, so batches go one after another). An outcome not yet recorded when the
        // process dies leaves its invoice `sending` under this job: the resumed job sends it again
        // with the same Message-ID.
        const sendOne = async (invoice: Invoice & { id: number }) => {
          const known = pdfs.get(invoice.documentId);
          const outcome = await deliver(invoice, known ? async () => known : () => documentsService.ensure(invoice.documentId), wait);
          // Recorded in the background; a lane goes on with its next message (the chunk ends with the
          // last batch), and stops when a batch failed (e.g. the job lost its lease).
          recordOutcome(invoice.id, outcome).catch((error: unknown) => {
            recordFailure ??= { error };
          });
        };
        let recordFailure: { error: unknown } | null = null;
        let waiting: Array<{ id: number; outcome: Outcome }> = [];
        let lastCommitAt = 0;
        let recording: Promise<void> = Promise.resolve();
        const recordOutcome = (id: number, outcome: Outcome): Promise<void> => {
          waiting.push({ id, outcome });
          if (waiting.length === 1) {
            recording = recording.then(async () => {
              // At most one commit per GROUP_COMMIT_MS: the outcomes arriving meanwhile join it.
              const wait = lastCommitAt + GROUP_COMMIT_MS - Date.now();
              if (wait > 0) await sleep(wait);
              const items = waiting;
              waiting = [];
              const recorded: number[] = [];
              await ctx.batch(async (trx) => {
                const delta: DocCountDelta = {};
                for (const item of items) {
                  if (!(await record(trx, item.id, token, item.outcome))) continue;
                  recorded.push(item.id);
                  processed += 1;
                  if (item.outcome.ok) summary.sent = (summary.sent ?? 0) + 1;
                  else summary.failed = (summary.failed ?? 0) + 1;
                  addToDelta(delta, 'sending', -1);
                  addToDelta(delta, item.outcome.ok ? 'sent' : 'send_failed', 1);
                }
                // the run's document counts, in the transaction of the outcomes
                await runsRepo.addDocCounts(trx, runId, delta);
                return { processed, summary };
              });
              lastCommitAt = Date.now();
              await announce(recorded, actor);
            });
          }
          return recording;
        };
        let next = 0;
        const lane = async () => {
          while (next < invoices.length && !recordFailure) await sendOne(invoices[next++]);
        };
        await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, invoices.length) }, lane));
        await recording;
        if (recordFailure) throw (recordFailure as { error: unknown }).error;
      }

      // complete_sending moves the run on only when every invoice of it is sent.
      await ctx.finish(async (trx) => {
        const unsent = await unsentCount(trx, runId);
        return {
          processed,
          summary,
          complete: unsent === 0 ? { details: { sent: summary.sent ?? 0, failed: summary.failed ?? 0 } } : null,
        };
      });
    },

    /**
     * POST /invoices/:id/send: sends one invoice now, or sends it again (a sent one too: `sendCount`
     * counts the accepted sends, the Message-ID stays the same). 409 while it is being sent. When it
     * was the run's last unsent invoice (and no send job is running), the run becomes `invoices_sent`.
     */
    async sendOne(documentId: string, actor: ActorInfo, kind: DocumentKind = 'invoice'): Promise<Invoice> {
      const what = kind === 'credit_note' ? 'Credit note' : 'Invoice';
      if (!isStorableId(documentId)) throw notFound(what, documentId);
      const qb = knex()(t.invoices()).where({ document_id: documentId });
      if (kind === 'credit_note') qb.whereNotNull('credited_invoice_id');
      else qb.whereNull('credited_invoice_id');
      const row = (await qb.first('id', 'run_id', 'number')) as { id: number; run_id: number; number: string } | undefined;
      if (!row) throw notFound(what, documentId);
      const id = Number(row.id);
      const token = `single:${newDocumentId()}`;
      const runId = Number(row.run_id);
      const claimed = await strapi.db.transaction(async ({ trx }) => {
        const { claimed: n, delta } = await claim(trx, (qb) => qb.where({ id }), SINGLE_SENDABLE_STATUSES, Date.now() - STALE_CLAIM_MS, token);
        await runsRepo.addDocCounts(trx, runId, delta);
        return n;
      });
      if (claimed !== 1) {
        throw conflict(`${what} ${row.number} is being sent right now; wait until that has finished.`, { status: 'sending' });
      }
      let outcome: Outcome;
      try {
        const invoice = await getService(strapi, 'invoices').findOne(documentId, kind);
        outcome = await deliver(invoice, () => getService(strapi, 'documents').ensure(documentId));
      } catch (error) {
        outcome = { ok: false, reason: errorText(error) };
      }
      await strapi.db.transaction(async ({ trx }) => {
        if (await record(trx, id, token, outcome)) {
          await runsRepo.addDocCounts(trx, runId, addToDelta(addToDelta({}, 'sending', -1), outcome.ok ? 'sent' : 'send_failed', 1));
        }
      });
      await announce([id], actor);
      await completeIfAllSent(runId, actor);
      return getService(strapi, 'invoices').findOne(documentId, kind);
    },
  };

  /** After a single send: the run's completion when all its invoices are sent and no job is active. */
  async function completeIfAllSent(runId: number, actor: ActorInfo): Promise<void> {
    const run = (await knex()(t.runs()).where({ id: runId }).first('document_id', 'status')) as { document_id: string; status: string } | undefined;
    if (!run || run.status !== 'invoices_generated') return;
    const lifecycle = getService(strapi, 'lifecycle');
    const done = await lifecycle.withRun(
      run.document_id,
      async (trx, locked) => {
        if (locked.status !== 'invoices_generated') return false;
        if (await getService(strapi, 'jobs').active(trx, locked.id)) return false;
        if ((await unsentCount(trx, runId)) > 0) return false;
        await lifecycle.applyTransition(trx, locked, 'complete_sending', { actor, details: { single: true }, facts: { activeJob: null } });
        return true;
      },
      { tolerant: true },
    );
    if (done) {
      const apiRun = await getService(strapi, 'runs').findOne(run.document_id);
      lifecycle.announce(apiRun, 'complete_sending', { actor: actor.id === SYSTEM.id ? 'system' : Number(actor.id) });
    }
  }

  return service;
};

export default sending;
