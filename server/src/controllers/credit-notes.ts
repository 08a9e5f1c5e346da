import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { CreditInvoice, GetCreditNote, ListCreditNotes, SendCreditNote } from '../../../shared/contracts/credit-notes';
import type { CreditNote } from '../../../shared/contracts/credit-notes';
import { creditInputSchema, validate } from '../../../shared/validation';
import { actorOf } from '../utils/actor';
import { validationError } from '../utils/errors';
import { getService } from '../utils/get-service';

/** Credit notes (DESIGN §17): crediting an invoice, the list, one credit note and its sending. */
const creditNotesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /invoices/:id/credit → 201 with the credit note. */
  async credit(ctx: Context) {
    const parsed = validate(creditInputSchema, ctx.request.body ?? {});
    if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
    const note = await getService(strapi, 'creditNotes').credit(ctx.params.id, parsed.value, actorOf(ctx));
    ctx.status = 201;
    ctx.body = { data: note } satisfies CreditInvoice.Response;
  },
  async find(ctx: Context) {
    ctx.body = (await getService(strapi, 'creditNotes').findMany(ctx.query)) satisfies ListCreditNotes.Response;
  },
  async findOne(ctx: Context) {
    ctx.body = { data: (await getService(strapi, 'invoices').findOne(ctx.params.id, 'credit_note')) as CreditNote } satisfies GetCreditNote.Response;
  },
  async sendOne(ctx: Context) {
    ctx.body = { data: (await getService(strapi, 'sending').sendOne(ctx.params.id, actorOf(ctx), 'credit_note')) as CreditNote } satisfies SendCreditNote.Response;
  },
});

export default creditNotesController;
