/**
 * Sending invoices by e-mail (DESIGN §16): the invoice statuses, the deterministic Message-ID, the
 * e-mail's subject and body in the debtor's language (en, nl), the throttle and the clear reasons a
 * send fails with. Pure: the server's sending service builds its messages from these.
 */
import type { Invoice } from './contracts/runs';
import type { DocumentLanguage } from './contracts/documents';
import { documentLanguage } from './document-data';
import { fillText, formatDocumentDate, formatDocumentMoney } from './document-texts';

/** A document's sending status: `open` → `sending` → `sent` | `send_failed` (DESIGN §16). */
export const SEND_STATUSES = ['open', 'sending', 'sent', 'send_failed'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/** What crediting did to an invoice (DESIGN §17): some of its lines, or all of them, are credited. */
export const CREDIT_STATUSES = ['partially_credited', 'credited'] as const;
export type CreditStatus = (typeof CREDIT_STATUSES)[number];

/**
 * An invoice's status in the API: its credit status once it has one, else its sending status. The two
 * are kept apart in the database, so crediting never disturbs sending (a credited invoice that was not
 * sent yet is still sent: it was issued, and the debtor receives it and its credit note).
 */
export const INVOICE_STATUSES = [...SEND_STATUSES, ...CREDIT_STATUSES] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export function isInvoiceStatus(v: unknown): v is InvoiceStatus {
  return typeof v === 'string' && (INVOICE_STATUSES as readonly string[]).includes(v);
}

/** The status the API shows for a document's sending and credit statuses. */
export function invoiceStatusOf(send: SendStatus, credit: CreditStatus | null | undefined): InvoiceStatus {
  return credit ?? send;
}

/** The statuses a run's send job takes an invoice from (a failed one is sent again: "Retry failed"). */
export const JOB_SENDABLE_STATUSES: readonly SendStatus[] = Object.freeze(['open', 'send_failed'] as const);

/** The statuses a single send (`POST /invoices/:id/send`) takes an invoice from: a sent one is resent. */
export const SINGLE_SENDABLE_STATUSES: readonly SendStatus[] = Object.freeze(['open', 'send_failed', 'sent'] as const);

/** The Message-ID domain when the seller has no `emailFrom`. */
export const DEFAULT_MESSAGE_ID_DOMAIN = 'strapi-plugin-invoicing';

/** The domain of an e-mail address (lower case), or null when it has none. */
export function emailDomain(address: string | null | undefined): string | null {
  const at = (address ?? '').trim().lastIndexOf('@');
  if (at < 0) return null;
  const domain = (address ?? '')
    .trim()
    .slice(at + 1)
    .replace(/>$/, '')
    .toLowerCase();
  return /^[a-z0-9.-]+$/.test(domain) && domain.length > 0 ? domain : null;
}

/**
 * The Message-ID of an invoice's e-mail: `<invoice.{documentId}@{domain of emailFrom}>`. The same for
 * every send of the document (a resend after a crash, a retry, a resend by hand), so the receiving side
 * recognises it as the same message.
 */
export function invoiceMessageId(documentId: string, emailFrom: string | null | undefined, kind: 'invoice' | 'credit_note' = 'invoice'): string {
  return `<${kind === 'credit_note' ? 'credit-note' : 'invoice'}.${documentId}@${emailDomain(emailFrom) ?? DEFAULT_MESSAGE_ID_DOMAIN}>`;
}

interface MailTexts {
  subject: string;
  greeting: string;
  greetingNoName: string;
  body: string;
  /** credit notes (DESIGN §17) */
  creditSubject: string;
  /** `{number}`, `{invoiceDate}`, `{gross}` (the credited amount, positive), `{invoiceNumber}` */
  creditBody: string;
  closing: string;
}

const MAIL_TEXTS: Readonly<Record<DocumentLanguage, MailTexts>> = Object.freeze({
  en: {
    subject: 'Invoice {number} from {seller}',
    greeting: 'Dear {debtor},',
    greetingNoName: 'Dear customer,',
    body: 'Please find attached invoice {number} of {invoiceDate} for {gross}. We kindly ask you to pay it by {dueDate}, quoting the invoice number {number}.',
    creditSubject: 'Credit note {number} from {seller}',
    creditBody: 'Please find attached credit note {number} of {invoiceDate}, which credits {gross} of invoice {invoiceNumber}. The amount will be refunded or settled with you.',
    closing: 'Kind regards,',
  },
  nl: {
    subject: 'Factuur {number} van {seller}',
    greeting: 'Beste {debtor},',
    greetingNoName: 'Beste klant,',
    body: 'In de bijlage vindt u factuur {number} van {invoiceDate} voor {gross}. Wij verzoeken u deze uiterlijk {dueDate} te betalen onder vermelding van factuurnummer {number}.',
    creditSubject: 'Creditnota {number} van {seller}',
    creditBody: 'In de bijlage vindt u creditnota {number} van {invoiceDate}, waarmee {gross} van factuur {invoiceNumber} wordt gecrediteerd. Het bedrag wordt aan u terugbetaald of met u verrekend.',
    closing: 'Met vriendelijke groet,',
  },
});

export interface InvoiceMail {
  language: DocumentLanguage;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The e-mail of an invoice (GET /invoices/:id's shape, with its snapshots), in the debtor's language
 * (else the seller's default, else English): subject, plain text and the same as simple HTML.
 */
export function invoiceMail(
  invoice: Pick<Invoice, 'number' | 'invoiceDate' | 'dueDate' | 'gross' | 'currency' | 'debtor' | 'seller'> & Partial<Pick<Invoice, 'kind' | 'creditedInvoice'>>,
): InvoiceMail {
  const language = documentLanguage(invoice);
  const t = MAIL_TEXTS[language];
  const seller = invoice.seller?.legalName?.trim() ?? '';
  const credit = invoice.kind === 'credit_note';
  const values = {
    number: invoice.number,
    seller,
    debtor: invoice.debtor.name,
    invoiceDate: formatDocumentDate(invoice.invoiceDate, language),
    dueDate: formatDocumentDate(invoice.dueDate, language),
    // a credit note's total is negative; its e-mail names the amount credited
    gross: formatDocumentMoney(credit ? invoice.gross.replace(/^-/, '') : invoice.gross, invoice.currency, language),
    invoiceNumber: invoice.creditedInvoice?.number ?? '',
  };
  const subjectText = credit ? t.creditSubject : t.subject;
  const subject = seller ? fillText(subjectText, values) : fillText(subjectText.replace(/ \S+ \{seller\}$/, ''), values);
  const paragraphs = [
    invoice.debtor.name ? fillText(t.greeting, values) : t.greetingNoName,
    fillText(credit ? t.creditBody : t.body, values),
    seller ? `${t.closing}\n${seller}` : t.closing,
  ];
  return {
    language,
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n'),
  };
}

/** The reasons a send fails with, in English (stored as the invoice's `sendError`). */
export const SEND_FAILURES = {
  noEmail: 'The debtor has no e-mail address.',
  /** The mail server could not be reached or refused the message. */
  mailServer: (detail: string) => `The mail server did not accept the message: ${detail}`,
  /** The debtor takes e-invoices (`peppol_file`) and the document's UBL file cannot be made (DESIGN §18). */
  noEInvoice: (detail: string) => `The e-invoice could not be made: ${detail}`,
} as const;

/**
 * The throttle of `sendRatePerSecond` (0 = off): the earliest time (ms) the next message may go, given
 * when the previous one went.
 */
export function nextSendAt(previousAt: number | null, ratePerSecond: number): number {
  if (previousAt === null || !(ratePerSecond > 0)) return previousAt ?? 0;
  return previousAt + 1000 / ratePerSecond;
}
