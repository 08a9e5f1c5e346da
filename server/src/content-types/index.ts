/**
 * Content types of DESIGN section 3, uid `plugin::invoicing.<name>`.
 *
 * Contracts, contract lines, debtors and invoice categories are maintained in the Content Manager.
 * Schedules, runs, amounts, invoices and invoice lines are managed by the plugin's own screens and
 * hidden from the Content Manager; jobs, run events and sequences are internal tables.
 *
 * High-volume tables (amounts, invoices, invoice lines, jobs, run events) refer to their parents by
 * plain integer columns instead of Strapi relations: Strapi 5 stores every relation in a link table,
 * which would multiply the rows written per amount by five at 100k contract lines, and unique keys
 * such as (run, contract line, period start) can only be declared on real columns. They also carry
 * a snapshot of the names they were made from, so an invoice is built from what the reviewer
 * approved, never from a contract's current state.
 */
import { CYCLES } from '../../../shared/periods';
import { DELIVERY_CHANNELS, LANGUAGES } from '../../../shared/validation';
import { RUN_STATUSES } from '../../../shared/lifecycle';
import { INVOICE_NAME_FORMATS } from '../../../shared/naming';
import { CONTRACT_STATUSES, CREDIT_STATUSES, JOB_STATES, JOB_TYPES, SEND_STATUSES } from '../constants';
import { contractLifecycles, contractLineLifecycles, debtorLifecycles, invoiceCategoryLifecycles } from './lifecycles';
import { VAT_CATEGORY_CODES } from '../../../shared/vat-categories';

type Attributes = Record<string, Record<string, unknown>>;

interface SchemaOptions {
  singularName: string;
  pluralName: string;
  displayName: string;
  description?: string;
  collectionName: string;
  attributes: Attributes;
  /** Shown and editable in the Content Manager. */
  editable?: boolean;
  indexes?: Array<{ name: string; columns: string[]; type?: 'unique' }>;
}

const hidden = {
  'content-manager': { visible: false },
  'content-type-builder': { visible: false },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Strapi 5 checks `unique` attributes in the Document Service only; the database gets a real unique
 * index for every attribute marked `unique` here, so concurrent writers on several instances cannot
 * create duplicates either.
 */
const uniqueIndexes = (collectionName: string, attributes: Attributes) =>
  Object.entries(attributes)
    .filter(([, a]) => a.unique === true)
    .map(([name]) => ({
      name: `${collectionName}_${snake(name)}_uq`,
      columns: [snake(name)],
      type: 'unique' as const,
    }));

const contentType = (o: SchemaOptions) => ({
  schema: {
    kind: 'collectionType',
    collectionName: o.collectionName,
    info: {
      singularName: o.singularName,
      pluralName: o.pluralName,
      displayName: o.displayName,
      description: o.description ?? '',
    },
    options: { draftAndPublish: false },
    pluginOptions: o.editable ? { 'content-type-builder': { visible: false } } : hidden,
    attributes: o.attributes,
    indexes: [...uniqueIndexes(o.collectionName, o.attributes), ...(o.indexes ?? [])],
  },
});

const withLifecycles = (lifecycles: Record<string, (event: never) => void>, o: SchemaOptions) => ({
  ...contentType(o),
  lifecycles,
});

const str = (extra: Record<string, unknown> = {}) => ({ type: 'string', ...extra });
const req = (extra: Record<string, unknown> = {}) => ({ type: 'string', required: true, ...extra });
const date = (required = false) => ({ type: 'date', required });
const int = (extra: Record<string, unknown> = {}) => ({ type: 'integer', ...extra });
/** Money in integer minor units (cents); a bigint column so run totals cannot overflow. */
const minor = () => ({ type: 'biginteger', required: true, default: '0' });
/** An exact decimal typed in major units (1234.56) in the Content Manager, stored as a string. */
const DECIMAL_REGEX = '^-?\\d+(\\.\\d+)?$';
const money = (required = true) => ({ type: 'customField', customField: 'plugin::invoicing.money', required, regex: DECIMAL_REGEX });
const decimal = (required = true) => ({ type: 'customField', customField: 'plugin::invoicing.decimal', required, regex: DECIMAL_REGEX });
const enumeration = (values: readonly string[], extra: Record<string, unknown> = {}) => ({
  type: 'enumeration',
  enum: [...values],
  ...extra,
});

export const debtor = withLifecycles(debtorLifecycles, {
  collectionName: 'invoicing_debtors',
  singularName: 'debtor',
  pluralName: 'debtors',
  displayName: 'Debtor',
  editable: true,
  attributes: {
    reference: req({ unique: true }),
    name: req(),
    email: { type: 'email' },
    street: str(),
    postalCode: str(),
    city: str(),
    /** Free text country name (optional); `countryCode` is the validated ISO 3166-1 alpha-2 code. */
    country: str(),
    countryCode: str({ maxLength: 2 }),
    vatNumber: str(),
    /** `en` | `nl`; empty = the seller's default language (DESIGN §16). */
    language: enumeration(LANGUAGES),
    /** Peppol participant id `scheme:id`. */
    electronicAddress: str(),
    deliveryChannel: enumeration(DELIVERY_CHANNELS, { required: true, default: 'email' }),
    contracts: { type: 'relation', relation: 'oneToMany', target: 'plugin::invoicing.contract', mappedBy: 'debtor' },
  },
});

export const invoiceCategory = withLifecycles(invoiceCategoryLifecycles, {
  collectionName: 'invoicing_invoice_categories',
  singularName: 'invoice-category',
  pluralName: 'invoice-categories',
  displayName: 'Invoice category',
  editable: true,
  attributes: {
    name: req({ unique: true }),
    description: { type: 'text' },
    /** The ledger account its invoice lines are booked on in the journal export (DESIGN §18); empty: the settings' default. */
    ledgerAccount: str({ maxLength: 40 }),
    /**
     * The VAT category of its invoices' 0% lines in e-invoices (DESIGN §18): empty = zero rated (`Z`);
     * `E`, `AE`, `K`, `G` and `O` need an exemption reason (text and/or VATEX code).
     */
    vatCategory: enumeration(VAT_CATEGORY_CODES),
    vatExemptionReason: str({ maxLength: 300 }),
    vatExemptionReasonCode: str({ maxLength: 30 }),
  },
});

export const contract = withLifecycles(contractLifecycles, {
  collectionName: 'invoicing_contracts',
  singularName: 'contract',
  pluralName: 'contracts',
  displayName: 'Contract',
  editable: true,
  attributes: {
    reference: req({ unique: true }),
    name: req(),
    debtor: { type: 'relation', relation: 'manyToOne', target: 'plugin::invoicing.debtor', inversedBy: 'contracts' },
    invoiceCycle: enumeration(CYCLES, { required: true, default: 'monthly' }),
    startDate: date(true),
    endDate: date(),
    status: enumeration(CONTRACT_STATUSES, { required: true, default: 'active' }),
    currency: req({ default: 'EUR', minLength: 3, maxLength: 3 }),
    lines: { type: 'relation', relation: 'oneToMany', target: 'plugin::invoicing.contract-line', mappedBy: 'contract' },
  },
});

export const contractLine = withLifecycles(contractLineLifecycles, {
  collectionName: 'invoicing_contract_lines',
  singularName: 'contract-line',
  pluralName: 'contract-lines',
  displayName: 'Contract line',
  editable: true,
  attributes: {
    contract: { type: 'relation', relation: 'manyToOne', target: 'plugin::invoicing.contract', inversedBy: 'lines' },
    reference: str(),
    description: req(),
    unitPrice: money(),
    quantity: decimal(),
    vatRate: decimal(),
    startDate: date(),
    endDate: date(),
  },
});

export const invoiceRunSchedule = contentType({
  collectionName: 'invoicing_schedules',
  singularName: 'invoice-run-schedule',
  pluralName: 'invoice-run-schedules',
  displayName: 'Invoice run schedule',
  attributes: {
    reference: req({ unique: true }),
    name: req(),
    description: { type: 'text' },
    periodFrom: date(true),
    periodTo: date(true),
    numberOfRuns: int({ required: true, min: 1, max: 120 }),
    // template { name, description, cycle, invoiceName, invoiceNameFormat, invoiceCategory, invoiceDate, dueDate }
    templateName: req(),
    templateDescription: { type: 'text' },
    cycle: enumeration(CYCLES, { required: true }),
    invoiceName: req(),
    invoiceNameFormat: enumeration(INVOICE_NAME_FORMATS, { required: true }),
    invoiceCategory: { type: 'relation', relation: 'manyToOne', target: 'plugin::invoicing.invoice-category' },
    invoiceDate: date(true),
    dueDate: date(true),
    adHoc: { type: 'boolean', default: false },
    runs: { type: 'relation', relation: 'oneToMany', target: 'plugin::invoicing.invoice-run', mappedBy: 'schedule' },
  },
});

export const invoiceRun = contentType({
  collectionName: 'invoicing_runs',
  singularName: 'invoice-run',
  pluralName: 'invoice-runs',
  displayName: 'Invoice run',
  attributes: {
    reference: req({ unique: true }),
    name: req(),
    description: { type: 'text' },
    schedule: { type: 'relation', relation: 'manyToOne', target: 'plugin::invoicing.invoice-run-schedule', inversedBy: 'runs' },
    /** `${schedule documentId}#${sequence}`: one run per schedule slot, even under concurrent generation. */
    slot: req({ unique: true }),
    sequence: int({ required: true, min: 0 }),
    cycle: enumeration(CYCLES, { required: true }),
    periodStart: date(true),
    periodEnd: date(true),
    activationDate: date(true),
    invoiceDate: date(true),
    dueDate: date(true),
    invoiceName: req(),
    invoiceNameFormat: enumeration(INVOICE_NAME_FORMATS, { required: true }),
    invoiceCategory: { type: 'relation', relation: 'manyToOne', target: 'plugin::invoicing.invoice-category' },
    status: enumeration(RUN_STATUSES, { required: true, default: 'draft' }),
    amountCount: int({ required: true, default: 0 }),
    /** Per currency: { currency, amounts, net, vat, gross } with money in minor units (set when amounts complete). */
    totalsByCurrency: { type: 'json' },
    invoiceCount: int({ required: true, default: 0 }),
    /**
     * The run's invoices and credit notes per sending status (DESIGN §16), kept by every write of their
     * `status` in the same transaction with relative increments (data/runs.ts `addDocCounts`), so that
     * GET /runs/:id and the runs list read them instead of counting a run's invoices per request.
     * Null (no default) on runs made before these columns existed: counted once and stored on first read.
     */
    docsOpen: int(),
    docsSending: int(),
    docsSent: int(),
    docsFailed: int(),
    /** Admin user id as text, or `system`. */
    amountsGeneratedBy: str(),
    approvedBy: str(),
    approvedAt: { type: 'datetime' },
  },
  indexes: [
    { name: 'invoicing_runs_status_activation_idx', columns: ['status', 'activation_date'] },
    { name: 'invoicing_runs_cycle_period_idx', columns: ['cycle', 'period_start', 'period_end'] },
  ],
});

export const amount = contentType({
  collectionName: 'invoicing_amounts',
  singularName: 'amount',
  pluralName: 'amounts',
  displayName: 'Amount',
  description: 'A to be invoiced amount of one contract line for (part of) a run period.',
  attributes: {
    runId: int({ required: true }),
    contractId: int({ required: true }),
    contractDocumentId: req(),
    contractReference: req(),
    contractName: req(),
    contractLineId: int({ required: true }),
    contractLineDocumentId: req(),
    lineDescription: req(),
    debtorId: int({ required: true }),
    debtorDocumentId: req(),
    debtorReference: req(),
    debtorName: req(),
    periodStart: date(true),
    periodEnd: date(true),
    description: { type: 'text', required: true },
    quantity: req(),
    unitPrice: req(),
    vatRate: req(),
    net: minor(),
    vat: minor(),
    gross: minor(),
    currency: req(),
    /** The invoice line made from this amount (set once, by invoice generation). */
    invoiceId: int(),
    /**
     * The credit note that credited this amount's invoice line (DESIGN §17), else null: a credited
     * amount no longer counts for duplicate protection, so its line and period can be invoiced again.
     */
    creditNoteId: int(),
  },
  indexes: [
    { name: 'invoicing_amounts_run_line_start_uq', columns: ['run_id', 'contract_line_id', 'period_start'], type: 'unique' },
    { name: 'invoicing_amounts_line_period_idx', columns: ['contract_line_id', 'period_start', 'period_end'] },
    /**
     * The invoice order of `name_debtor` runs (DESIGN, Invoices): the invoices job seeks to where its previous batch ended
     * and reads the next batch in index order, so a batch never re-reads or sorts what came before.
     * Also the amounts list's default order. `id` is explicit for PostgreSQL (SQLite and InnoDB append
     * the primary key to every index anyway); 3,072 bytes of key on MySQL/MariaDB, exactly its limit.
     */
    {
      name: 'invoicing_amounts_run_order_idx',
      columns: ['run_id', 'debtor_name', 'debtor_id', 'currency', 'contract_reference', 'id'],
    },
    /** The same for the per-contract formats: debtor name, then contract reference (binding). */
    {
      name: 'invoicing_amounts_run_contract_order_idx',
      columns: ['run_id', 'debtor_name', 'contract_reference', 'contract_id', 'id'],
    },
  ],
});

export const invoice = contentType({
  collectionName: 'invoicing_invoices',
  singularName: 'invoice',
  pluralName: 'invoices',
  displayName: 'Invoice',
  attributes: {
    number: req({ unique: true }),
    name: req(),
    runId: int({ required: true }),
    /** Grouping key within the run (contract, or debtor and currency): one invoice per group. */
    groupKey: req(),
    debtorId: int({ required: true }),
    debtorDocumentId: req(),
    debtorReference: req(),
    debtorName: req(),
    contractId: int(),
    contractDocumentId: str(),
    contractReference: str(),
    contractName: str(),
    categoryId: int(),
    categoryName: str(),
    /** The category's VAT treatment when the invoice was generated (DESIGN §18): its e-invoice never changes. */
    vatCategory: str(),
    vatExemptionReason: str(),
    vatExemptionReasonCode: str(),
    invoiceDate: date(true),
    dueDate: date(true),
    currency: req(),
    net: minor(),
    vat: minor(),
    gross: minor(),
    lineCount: int({ required: true, default: 0 }),
    /** The sending status (DESIGN §16); the API shows `creditStatus` instead once there is one. */
    status: enumeration(SEND_STATUSES, { required: true, default: 'open' }),
    /** `partially_credited` | `credited` once lines of the invoice are credited (DESIGN §17), else null. */
    creditStatus: enumeration(CREDIT_STATUSES),
    /**
     * Credit notes (DESIGN §17) live in this table too, so that numbering, snapshots, documents and
     * sending are the invoices' own code: a credit note has the id of the invoice it credits here (an
     * invoice has null) and the reason it was made.
     */
    creditedInvoiceId: int(),
    creditReason: { type: 'text' },
    /** Sending (DESIGN §16): why the last send failed, when the last accepted send was, accepted sends. */
    sendError: { type: 'text' },
    sentAt: { type: 'datetime' },
    sendCount: int({ required: true, default: 0 }),
    /** Who holds the invoice while it is `sending` (a send job's documentId, or a single send's token) and since when (ms). */
    sendClaim: str(),
    sendClaimedAt: { type: 'biginteger' },
    /** The claimer (send job or single send) whose attempt was recorded last: a job tries an invoice once. */
    sendAttempt: str(),
    /** The seller and debtor details as they were when the invoice was generated (DESIGN §16). */
    sellerSnapshot: { type: 'json' },
    debtorSnapshot: { type: 'json' },
    /**
     * The archived PDF (DESIGN §16): its upload-plugin file id, SHA-256 (hex) and size in bytes, set
     * once by a conditional update `WHERE document_sha_256 IS NULL`; null until first rendered.
     */
    documentFileId: int(),
    documentSha256: str(),
    documentSize: int(),
  },
  indexes: [
    { name: 'invoicing_invoices_run_group_uq', columns: ['run_id', 'group_key'], type: 'unique' },
    /**
     * The run's sending counts (GET /runs/:id, the runs list), and its invoice count apart from its
     * credit notes (`credited_invoice_id IS NULL`), from the index alone, without reading invoices.
     */
    { name: 'invoicing_invoices_run_status_kind_idx', columns: ['run_id', 'status', 'credited_invoice_id'] },
    /** An invoice's credit notes, and every credit note (`IS NOT NULL`) for the credit notes list. */
    { name: 'invoicing_invoices_credited_idx', columns: ['credited_invoice_id', 'number'] },
    /** The journal export (DESIGN §18): a period's invoices and credit notes in (date, number) order, a range of this index. */
    { name: 'invoicing_invoices_date_number_idx', columns: ['invoice_date', 'number'] },
  ],
});

export const invoiceLine = contentType({
  collectionName: 'invoicing_invoice_lines',
  singularName: 'invoice-line',
  pluralName: 'invoice-lines',
  displayName: 'Invoice line',
  attributes: {
    invoiceId: int({ required: true }),
    /** One invoice line per amount, ever (null on a credit note's line). */
    amountId: int({ unique: true }),
    /**
     * A credit note's line: the invoice line it credits. Unique, so a line is credited at most once even
     * when two admins on two instances credit it at the same moment (DESIGN §17).
     */
    creditedLineId: int({ unique: true }),
    position: int({ required: true, default: 0 }),
    description: { type: 'text', required: true },
    periodStart: date(true),
    periodEnd: date(true),
    quantity: req(),
    unitPrice: req(),
    vatRate: req(),
    net: minor(),
    vat: minor(),
    gross: minor(),
  },
  indexes: [{ name: 'invoicing_invoice_lines_invoice_idx', columns: ['invoice_id', 'position'] }],
});

export const job = contentType({
  collectionName: 'invoicing_jobs',
  singularName: 'job',
  pluralName: 'jobs',
  displayName: 'Invoicing job',
  attributes: {
    runId: int({ required: true }),
    type: enumeration(JOB_TYPES, { required: true }),
    state: enumeration(JOB_STATES, { required: true, default: 'queued' }),
    /** Set to the run id while queued or running, null after: at most one active job per run. */
    activeKey: str({ unique: true }),
    processed: int({ required: true, default: 0 }),
    total: int({ required: true, default: 0 }),
    error: { type: 'text' },
    summary: { type: 'json' },
    checkpoint: { type: 'json' },
    leaseOwner: str(),
    leaseExpiresAt: { type: 'biginteger' },
    attempts: int({ required: true, default: 0 }),
    actor: str(),
    startedAt: { type: 'datetime' },
    finishedAt: { type: 'datetime' },
  },
  indexes: [{ name: 'invoicing_jobs_state_lease_idx', columns: ['state', 'lease_expires_at'] }],
});

export const runEvent = contentType({
  collectionName: 'invoicing_run_events',
  singularName: 'run-event',
  pluralName: 'run-events',
  displayName: 'Invoice run event',
  attributes: {
    runId: int({ required: true }),
    action: req(),
    fromStatus: str(),
    toStatus: str(),
    /** Admin user id, or `system` for cron and automatic steps. */
    actor: req(),
    actorName: str(),
    at: { type: 'datetime', required: true },
    details: { type: 'json' },
  },
  indexes: [{ name: 'invoicing_run_events_run_idx', columns: ['run_id'] }],
});

export const sequence = contentType({
  collectionName: 'invoicing_sequences',
  singularName: 'sequence',
  pluralName: 'sequences',
  displayName: 'Invoicing sequence',
  attributes: {
    name: req({ unique: true }),
    value: { type: 'biginteger', required: true, default: '0' },
  },
});

export default {
  debtor,
  'invoice-category': invoiceCategory,
  contract,
  'contract-line': contractLine,
  'invoice-run-schedule': invoiceRunSchedule,
  'invoice-run': invoiceRun,
  amount,
  invoice,
  'invoice-line': invoiceLine,
  job,
  'run-event': runEvent,
  sequence,
};
