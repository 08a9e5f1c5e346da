/**
 * One place for the plugin's uids, permission actions and statuses (the content-releases style).
 */
import { ACTION_IDS, PERMISSIONS, PLUGIN_ID, type PermissionAction } from '../../shared/permissions';
import type { RunAction } from '../../shared/lifecycle';

export { PERMISSIONS, PLUGIN_ID, type PermissionAction };
export { CONTRACT_STATUSES } from '../../shared/validation';

export const UID = {
  debtor: 'plugin::invoicing.debtor',
  invoiceCategory: 'plugin::invoicing.invoice-category',
  contract: 'plugin::invoicing.contract',
  contractLine: 'plugin::invoicing.contract-line',
  schedule: 'plugin::invoicing.invoice-run-schedule',
  run: 'plugin::invoicing.invoice-run',
  amount: 'plugin::invoicing.amount',
  invoice: 'plugin::invoicing.invoice',
  invoiceLine: 'plugin::invoicing.invoice-line',
  job: 'plugin::invoicing.job',
  runEvent: 'plugin::invoicing.run-event',
  sequence: 'plugin::invoicing.sequence',
} as const;

/** Strapi's Media Library file (the seller's logo). */
export const UID_UPLOAD_FILE = 'plugin::upload.file' as const;

export type InvoicingUid = (typeof UID)[keyof typeof UID];

/** Admin permission actions (DESIGN section 10), registered under section `plugins`. */
export const ACTIONS: ReadonlyArray<{
  section: 'plugins';
  displayName: string;
  uid: string;
  pluginName: typeof PLUGIN_ID;
  subCategory?: string;
}> = [
  { section: 'plugins', displayName: 'Read invoicing', uid: ACTION_IDS.read, pluginName: PLUGIN_ID, subCategory: 'General' },
  { section: 'plugins', displayName: 'Manage invoice run schedules', uid: ACTION_IDS.schedulesManage, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Manage invoice runs (ad hoc, activate, cancel)', uid: ACTION_IDS.runsManage, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Generate amounts', uid: ACTION_IDS.amountsGenerate, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Delete amounts', uid: ACTION_IDS.amountsDelete, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Approve invoice runs', uid: ACTION_IDS.runsApprove, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Generate invoices', uid: ACTION_IDS.invoicesGenerate, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Send invoices', uid: ACTION_IDS.invoicesSend, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Credit invoices', uid: ACTION_IDS.invoicesCredit, pluginName: PLUGIN_ID, subCategory: 'Invoice runs' },
  { section: 'plugins', displayName: 'Import contracts', uid: ACTION_IDS.contractsImport, pluginName: PLUGIN_ID, subCategory: 'Contracts' },
  { section: 'plugins', displayName: 'Read settings', uid: ACTION_IDS.settingsRead, pluginName: PLUGIN_ID, subCategory: 'Settings' },
  { section: 'plugins', displayName: 'Update settings', uid: ACTION_IDS.settingsUpdate, pluginName: PLUGIN_ID, subCategory: 'Settings' },
];

/** The role created once on first start (DESIGN section 10). */
export const REVIEWER_ROLE = {
  name: 'Invoice run reviewer',
  code: 'invoicing-run-reviewer',
  description: 'Reviews and approves invoice runs (created by the Invoicing plugin).',
  permissions: [PERMISSIONS.read, PERMISSIONS.runsApprove] as PermissionAction[],
} as const;

/** Key of the settings entry in Strapi's core store. */
export const SETTINGS_STORE_KEY = 'settings' as const;

export { JOB_STATES, JOB_TYPES, type JobState, type JobType } from '../../shared/jobs';

export { CREDIT_STATUSES, INVOICE_STATUSES, SEND_STATUSES, type CreditStatus, type InvoiceStatus, type SendStatus } from '../../shared/sending';

/** Sequence names in the sequences table (gapless counters). */
export const SEQUENCES = {
  schedule: 'reference:IRS',
  run: 'reference:IVR',
  invoiceNumber: (year: number) => `invoice-number:${year}`,
  creditNoteNumber: (year: number) => `credit-note-number:${year}`,
} as const;

/** Webhook and event hub events (DESIGN §13): key for the webhook store → event name. */
export const WEBHOOK_EVENTS = {
  INVOICE_RUN_ACTIVATED: 'invoice-run.activated',
  INVOICE_RUN_AMOUNTS_GENERATED: 'invoice-run.amounts-generated',
  INVOICE_RUN_AMOUNTS_DELETED: 'invoice-run.amounts-deleted',
  INVOICE_RUN_APPROVED: 'invoice-run.approved',
  INVOICE_RUN_INVOICES_GENERATED: 'invoice-run.invoices-generated',
  INVOICE_RUN_CANCELLED: 'invoice-run.cancelled',
  INVOICE_RUN_JOB_FAILED: 'invoice-run.job-failed',
  INVOICE_RUN_INVOICES_SENT: 'invoice-run.invoices-sent',
  INVOICE_SENT: 'invoice.sent',
  INVOICE_SEND_FAILED: 'invoice.send-failed',
  CREDIT_NOTE_CREATED: 'credit-note.created',
  CREDIT_NOTE_SENT: 'credit-note.sent',
  CREDIT_NOTE_SEND_FAILED: 'credit-note.send-failed',
} as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[keyof typeof WEBHOOK_EVENTS];

/** The event each user/system transition announces. */
export const TRANSITION_EVENTS: Readonly<Partial<Record<RunAction, WebhookEvent>>> = {
  activate: WEBHOOK_EVENTS.INVOICE_RUN_ACTIVATED,
  complete_amounts: WEBHOOK_EVENTS.INVOICE_RUN_AMOUNTS_GENERATED,
  delete_amounts: WEBHOOK_EVENTS.INVOICE_RUN_AMOUNTS_DELETED,
  approve: WEBHOOK_EVENTS.INVOICE_RUN_APPROVED,
  complete_invoices: WEBHOOK_EVENTS.INVOICE_RUN_INVOICES_GENERATED,
  complete_sending: WEBHOOK_EVENTS.INVOICE_RUN_INVOICES_SENT,
  cancel: WEBHOOK_EVENTS.INVOICE_RUN_CANCELLED,
};

/** Name of the row in the sequences table that serialises the claiming of amount jobs. */
export const AMOUNTS_CLAIM_LOCK = 'lock:amounts-claim';

/**
 * Lines read per page of the journal export's keyset walk (DESIGN §18): the export streams page by
 * page and never holds a whole period. The plugin config's `exports.pageSize` overrides it.
 */
export const JOURNAL_PAGE_SIZE = 2000;
