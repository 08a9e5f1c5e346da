/**
 * Invoice run lifecycle (DESIGN §4, binding). One table read by the server's guards and the admin
 * panel's buttons:
 *
 *   draft ──(at once)──▶ on_hold ──activate──▶ submitted
 *   submitted ──generate amounts (job)──▶ amounts_generated ──approve──▶ approved
 *   amounts_generated ──delete amounts──▶ submitted
 *   approved ──generate invoices (job)──▶ invoices_generated
 *   on_hold | submitted | amounts_generated ──cancel──▶ cancelled
 *
 * Starting a job (`generate_amounts`, `generate_invoices`) leaves the status unchanged; the job's
 * completion (`complete_amounts`, `complete_invoices`) moves the run on.
 */

export const RUN_STATUSES = [
  'draft',
  'on_hold',
  'submitted',
  'amounts_generated',
  'approved',
  'invoices_generated',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function isRunStatus(v: unknown): v is RunStatus {
  return typeof v === 'string' && (RUN_STATUSES as readonly string[]).includes(v);
}

export const RUN_ACTIONS = [
  'hold',
  'activate',
  'generate_amounts',
  'complete_amounts',
  'delete_amounts',
  'approve',
  'generate_invoices',
  'complete_invoices',
  'cancel',
] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

export function isRunAction(v: unknown): v is RunAction {
  return typeof v === 'string' && (RUN_ACTIONS as readonly string[]).includes(v);
}

export interface Transition {
  from: readonly RunStatus[];
  to: RunStatus;
}

export const TRANSITIONS: Readonly<Record<RunAction, Transition>> = Object.freeze({
  hold: { from: ['draft'], to: 'on_hold' },
  activate: { from: ['on_hold'], to: 'submitted' },
  generate_amounts: { from: ['submitted'], to: 'submitted' },
  complete_amounts: { from: ['submitted'], to: 'amounts_generated' },
  delete_amounts: { from: ['amounts_generated'], to: 'submitted' },
  approve: { from: ['amounts_generated'], to: 'approved' },
  generate_invoices: { from: ['approved'], to: 'approved' },
  complete_invoices: { from: ['approved'], to: 'invoices_generated' },
  cancel: { from: ['on_hold', 'submitted', 'amounts_generated'], to: 'cancelled' },
});

/** Actions a user triggers (buttons / admin routes); the others are performed by the system. */
export const USER_ACTIONS: readonly RunAction[] = Object.freeze([
  'activate',
  'generate_amounts',
  'delete_amounts',
  'approve',
  'generate_invoices',
  'cancel',
] as const);

/** Actions that start a background job rather than change the status at once. */
export const JOB_ACTIONS: readonly RunAction[] = Object.freeze(['generate_amounts', 'generate_invoices'] as const);

/** Statuses no action leaves. */
export const FINAL_STATUSES: readonly RunStatus[] = Object.freeze(['invoices_generated', 'cancelled'] as const);

export function canPerform(status: RunStatus, action: RunAction): boolean {
  if (!isRunStatus(status) || !isRunAction(action)) return false;
  return TRANSITIONS[action].from.includes(status);
}

export function availableActions(status: RunStatus): RunAction[] {
  return RUN_ACTIONS.filter((a) => canPerform(status, a));
}

export function availableUserActions(status: RunStatus): RunAction[] {
  return USER_ACTIONS.filter((a) => canPerform(status, a));
}

export const STATUS_LABELS: Readonly<Record<RunStatus, string>> = Object.freeze({
  draft: 'Draft',
  on_hold: 'On hold',
  submitted: 'Submitted',
  amounts_generated: 'Amounts generated',
  approved: 'Approved',
  invoices_generated: 'Invoices generated',
  cancelled: 'Cancelled',
});

export const ACTION_LABELS: Readonly<Record<RunAction, string>> = Object.freeze({
  hold: 'Put on hold',
  activate: 'Activate',
  generate_amounts: 'Generate amounts',
  complete_amounts: 'Complete amount generation',
  delete_amounts: 'Delete amounts',
  approve: 'Approve',
  generate_invoices: 'Generate invoices',
  complete_invoices: 'Complete invoice generation',
  cancel: 'Cancel',
});

/** What the refused action tried ("Cannot …") and what it is called as a subject ("… needs status"). */
const ACTION_PHRASES: Readonly<Record<RunAction, { attempt: string; subject: string }>> = {
  hold: { attempt: 'put invoice run on hold', subject: 'putting it on hold' },
  activate: { attempt: 'activate invoice run', subject: 'activation' },
  generate_amounts: { attempt: 'generate amounts for invoice run', subject: 'generating amounts' },
  complete_amounts: { attempt: 'complete amount generation for invoice run', subject: 'completing amount generation' },
  delete_amounts: { attempt: 'delete the amounts of invoice run', subject: 'deleting amounts' },
  approve: { attempt: 'approve invoice run', subject: 'approval' },
  generate_invoices: { attempt: 'generate invoices for invoice run', subject: 'generating invoices' },
  complete_invoices: { attempt: 'complete invoice generation for invoice run', subject: 'completing invoice generation' },
  cancel: { attempt: 'cancel invoice run', subject: 'cancelling' },
};

/** A hint on what to do (or why it is no longer possible), by action and current status. */
function hint(status: RunStatus, action: RunAction): string | null {
  if (status === 'cancelled') return 'the run has been cancelled';
  if (status === 'invoices_generated') return 'its invoices have already been generated';
  if (status === 'draft') return 'the run is still being created';
  switch (action) {
    case 'hold':
      return 'only a new run is put on hold';
    case 'activate':
      return 'it has already been activated';
    case 'generate_amounts':
    case 'complete_amounts':
      if (status === 'on_hold') return 'activate the run first';
      if (status === 'amounts_generated') return 'the amounts have already been generated; delete them first to generate them again';
      return 'the run has already been approved';
    case 'delete_amounts':
      if (status === 'on_hold' || status === 'submitted') return 'there are no amounts to delete';
      return 'amounts cannot be deleted once the run has been approved';
    case 'approve':
      if (status === 'on_hold') return 'activate the run and generate the amounts first';
      if (status === 'submitted') return 'generate the amounts first';
      return 'it has already been approved';
    case 'generate_invoices':
    case 'complete_invoices':
      if (status === 'on_hold') return 'activate the run, generate the amounts and approve them first';
      if (status === 'submitted') return 'generate the amounts and approve them first';
      return 'approve the amounts first';
    case 'cancel':
      return 'an approved run can no longer be cancelled';
  }
}

function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * The sentence shown when an action is refused, naming the current status and what is needed, e.g.
 * `Cannot approve invoice run: its status is "submitted", and approval needs status "amounts_generated" (generate the amounts first).`
 */
export function illegalTransitionMessage(status: RunStatus, action: RunAction): string {
  if (!isRunAction(action)) return `Cannot perform unknown action ${JSON.stringify(action)} on invoice run.`;
  const { attempt, subject } = ACTION_PHRASES[action];
  const from = TRANSITIONS[action].from;
  const needs = `${subject} needs status ${quoteList(from)}`;
  if (!isRunStatus(status)) return `Cannot ${attempt}: its status ${JSON.stringify(status)} is unknown, and ${needs}.`;
  const h = hint(status, action);
  return `Cannot ${attempt}: its status is "${status}", and ${needs}${h ? ` (${h})` : ''}.`;
}

export class IllegalTransitionError extends Error {
  readonly status: RunStatus;
  readonly action: RunAction;
  constructor(status: RunStatus, action: RunAction) {
    super(illegalTransitionMessage(status, action));
    this.name = 'IllegalTransitionError';
    this.status = status;
    this.action = action;
  }
}

/** The status after the action; throws `IllegalTransitionError` when the action is not allowed. */
export function nextStatus(status: RunStatus, action: RunAction): RunStatus {
  if (!canPerform(status, action)) throw new IllegalTransitionError(status, action);
  return TRANSITIONS[action].to;
}

/** Throws `IllegalTransitionError` unless the action is allowed in the status. */
export function assertCanPerform(status: RunStatus, action: RunAction): void {
  if (!canPerform(status, action)) throw new IllegalTransitionError(status, action);
}
