import type { IntlShape, MessageDescriptor } from 'react-intl';

import type { Actor } from '../../../shared/contracts/runs';
import { STATUS_LABELS, type RunAction, type RunStatus } from '../../../shared/lifecycle';
import type { InvoiceNameFormat } from '../../../shared/naming';
import type { Cycle } from '../../../shared/periods';
import type { InvoiceStatus } from '../../../shared/sending';
import { getTranslation } from './getTranslation';

/**
 * Labels of the plugin's domain values, one set for every screen: the schedule form and lists, the
 * run page and its history all name a cycle, a name format, a status or an actor the same way.
 */

/** The label of each invoice cycle (DESIGN §5). */
export const CYCLE_MESSAGES: Readonly<Record<Cycle, MessageDescriptor>> = {
  weekly: { id: getTranslation('cycle.weekly'), defaultMessage: 'Weekly' },
  four_weekly: { id: getTranslation('cycle.four_weekly'), defaultMessage: 'Every four weeks' },
  monthly: { id: getTranslation('cycle.monthly'), defaultMessage: 'Monthly' },
  quarterly: { id: getTranslation('cycle.quarterly'), defaultMessage: 'Quarterly' },
  half_yearly: { id: getTranslation('cycle.half_yearly'), defaultMessage: 'Half-yearly' },
  yearly: { id: getTranslation('cycle.yearly'), defaultMessage: 'Yearly' },
};

/** The three invoice name formats, worded as in the seed manual. */
export const INVOICE_NAME_FORMAT_MESSAGES: Readonly<Record<InvoiceNameFormat, MessageDescriptor>> = {
  name_contract: {
    id: getTranslation('invoiceNameFormat.name_contract'),
    defaultMessage: 'Invoice name + contract name',
  },
  name_contract_debtor: {
    id: getTranslation('invoiceNameFormat.name_contract_debtor'),
    defaultMessage: 'Invoice name + contract name + debtor',
  },
  name_debtor: {
    id: getTranslation('invoiceNameFormat.name_debtor'),
    defaultMessage: 'Invoice name + debtor',
  },
};

/** The label of a run status (`status.<status>`, a key per status of shared/lifecycle). */
export const statusMessage = (status: RunStatus): MessageDescriptor => ({
  id: getTranslation(`status.${status}`),
  defaultMessage: STATUS_LABELS[status],
});

/** The label of an invoice's status: its sending status (DESIGN §16) or its credit status (§17). */
const INVOICE_STATUS_MESSAGES: Readonly<Record<InvoiceStatus, MessageDescriptor>> = {
  open: { id: getTranslation('invoiceStatus.open'), defaultMessage: 'Open' },
  sending: { id: getTranslation('invoiceStatus.sending'), defaultMessage: 'Sending' },
  sent: { id: getTranslation('invoiceStatus.sent'), defaultMessage: 'Sent' },
  send_failed: { id: getTranslation('invoiceStatus.send_failed'), defaultMessage: 'Send failed' },
  partially_credited: { id: getTranslation('invoiceStatus.partially_credited'), defaultMessage: 'Partially credited' },
  credited: { id: getTranslation('invoiceStatus.credited'), defaultMessage: 'Credited' },
};

export const invoiceStatusMessage = (status: InvoiceStatus): MessageDescriptor =>
  INVOICE_STATUS_MESSAGES[status] ?? INVOICE_STATUS_MESSAGES.open;

/** The actions an event records: the lifecycle's, and the run's creation, update and a failed job. */
type EventAction = RunAction | 'create' | 'update' | 'job_failed';

/** What each kind of event of a run's history says (its "What"). */
const ACTION_MESSAGES: Readonly<Record<EventAction, MessageDescriptor>> = {
  create: { id: getTranslation('events.action.create'), defaultMessage: 'Created' },
  hold: { id: getTranslation('events.action.hold'), defaultMessage: 'Put on hold' },
  update: { id: getTranslation('events.action.update'), defaultMessage: 'Updated from its schedule' },
  activate: { id: getTranslation('events.action.activate'), defaultMessage: 'Activated' },
  generate_amounts: { id: getTranslation('events.action.generate_amounts'), defaultMessage: 'Amount generation started' },
  complete_amounts: { id: getTranslation('events.action.complete_amounts'), defaultMessage: 'Amounts generated' },
  delete_amounts: { id: getTranslation('events.action.delete_amounts'), defaultMessage: 'Amounts deleted' },
  approve: { id: getTranslation('events.action.approve'), defaultMessage: 'Approved' },
  generate_invoices: { id: getTranslation('events.action.generate_invoices'), defaultMessage: 'Invoice generation started' },
  complete_invoices: { id: getTranslation('events.action.complete_invoices'), defaultMessage: 'Invoices generated' },
  send_invoices: { id: getTranslation('events.action.send_invoices'), defaultMessage: 'Sending started' },
  complete_sending: { id: getTranslation('events.action.complete_sending'), defaultMessage: 'Invoices sent' },
  cancel: { id: getTranslation('events.action.cancel'), defaultMessage: 'Cancelled' },
  prepare_documents: { id: getTranslation('events.action.prepare_documents'), defaultMessage: 'Document preparation started' },
  complete_documents: { id: getTranslation('events.action.complete_documents'), defaultMessage: 'Documents prepared' },
  job_failed: { id: getTranslation('events.action.job_failed'), defaultMessage: 'Job failed' },
};

/** The label of an event's action; undefined for an action this panel does not know. */
export const eventActionMessage = (action: string): MessageDescriptor | undefined =>
  Object.hasOwn(ACTION_MESSAGES, action) ? ACTION_MESSAGES[action as EventAction] : undefined;

/** Who did something: "System", the user's name, or "User #3" when the name is not known. */
export const formatActor = (formatMessage: IntlShape['formatMessage'], actor: Actor, name: string | null | undefined): string =>
  actor === 'system'
    ? formatMessage({ id: getTranslation('run.actor.system'), defaultMessage: 'System' })
    : (name ?? formatMessage({ id: getTranslation('run.actor.user'), defaultMessage: 'User #{id}' }, { id: actor }));
