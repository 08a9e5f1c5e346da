/**
 * Invoice run lifecycle (DESIGN §4, binding): the one table of statuses and actions that the
 * server's guards and transitions, its jobs and the admin panel's buttons all read.
 *
 *   draft ──(at once)──▶ on_hold ──activate──▶ submitted
 *   submitted ──generate amounts (job)──▶ amounts_generated ──approve──▶ approved
 *   amounts_generated ──delete amounts──▶ submitted
 *   approved ──generate invoices (job)──▶ invoices_generated
 *   invoices_generated ──send invoices (job)──▶ invoices_sent   (once every invoice is sent, DESIGN §16)
 *   on_hold | submitted | amounts_generated ──cancel──▶ cancelled
 *   invoices_generated ──prepare documents (job)──▶ (status unchanged)
 *
 * Starting a job (`generate_amounts`, `generate_invoices`) leaves the status unchanged; the job's
 * completion (`complete_amounts`, `complete_invoices`) moves the run on. Whether an action may be
 * performed now is `refusalOf()`: the status, then a busy job, then existing invoices; a refusal is a
 * stable key (`runs.refusal.*`) that the server words in English for its 409 (`refusalMessage`) and
 * the admin panel translates (admin/src/translations).
 */
import type { JobType } from './jobs';

export const RUN_STATUSES = [
  'draft',
  'on_hold',
  'submitted',
  'amounts_generated',
  'approved',
  'invoices_generated',
  'invoices_sent',
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
  'send_invoices',
  'complete_sending',
  'cancel',
  'prepare_documents',
  'complete_documents',
] as const;
export type RunAction = (typeof RUN_ACTIONS)[number];

export function isRunAction(v: unknown): v is RunAction {
  return typeof v === 'string' && (RUN_ACTIONS as readonly string[]).includes(v);
}

/**
 * Why an action in a status it is not allowed in is refused: what to do first, or why it is no longer
 * possible. Each is a message key `runs.refusal.hint.<hint>` (see `hintKey`).
 */
export const RUN_HINTS = [
  'draft',
  'cancelled',
  'invoicesGenerated',
  'onlyNewRuns',
  'alreadyActivated',
  'activateFirst',
  'amountsExist',
  'approvedNoGenerate',
  'alreadyApproved',
  'noAmounts',
  'approvedNoDelete',
  'activateAndGenerate',
  'generateAmountsFirst',
  'activateGenerateApprove',
  'generateAndApprove',
  'approveFirst',
  'approvedNoCancel',
  'generateInvoicesFirst',
  'invoicesSent',
] as const;
export type RunHint = (typeof RUN_HINTS)[number];

/** The hints of a refused action: per status, and `otherwise` for the statuses not listed. */
export type ActionHints = Partial<Record<RunStatus, RunHint>> & { otherwise: RunHint };

/** One row of the lifecycle table. */
export interface ActionRule {
  /** The statuses the action is allowed in. */
  from: readonly RunStatus[];
  /**
   * The status after it (a job start leaves the status as it is); `null`: the action never changes
   * the status, in whichever of its `from` statuses it is performed (a job that only works on the
   * run's invoices, such as preparing their documents).
   */
  to: RunStatus | null;
  /** `user`: a button and an admin route (the ticker may perform it too); `system`: never a user's. */
  by: 'user' | 'system';
  /** The background job this action starts; the run moves on when the job completes. */
  startsJob?: JobType;
  /** The job whose successful end performs this action. */
  completesJob?: JobType;
  /** The action removes the run's amounts, so it is refused once the run has invoices. */
  removesAmounts?: boolean;
  /** Why it is refused in a status it is not allowed in (after the status-wide `STATUS_HINTS`). */
  hints: Readonly<ActionHints>;
}

const AMOUNTS_HINTS: ActionHints = { on_hold: 'activateFirst', amounts_generated: 'amountsExist', otherwise: 'approvedNoGenerate' };
const INVOICES_HINTS: ActionHints = { on_hold: 'activateGenerateApprove', submitted: 'generateAndApprove', otherwise: 'approveFirst' };
const DOCUMENTS_HINTS: ActionHints = { otherwise: 'generateInvoicesFirst' };
const SENDING_HINTS: ActionHints = { otherwise: 'generateInvoicesFirst' };

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v as object);
  return Object.freeze(value);
}

/**
 * The lifecycle table. Adding a step is a row here (plus, for a job, its type in shared/jobs.ts and
 * its handler on the server); the guards, the job start and finish, the panel's buttons and their
 * disabled reasons follow from it.
 */
export const LIFECYCLE: Readonly<Record<RunAction, Readonly<ActionRule>>> = deepFreeze({
  hold: { from: ['draft'], to: 'on_hold', by: 'system', hints: { otherwise: 'onlyNewRuns' } },
  activate: { from: ['on_hold'], to: 'submitted', by: 'user', hints: { otherwise: 'alreadyActivated' } },
  generate_amounts: { from: ['submitted'], to: 'submitted', by: 'user', startsJob: 'amounts', hints: AMOUNTS_HINTS },
  complete_amounts: { from: ['submitted'], to: 'amounts_generated', by: 'system', completesJob: 'amounts', hints: AMOUNTS_HINTS },
  delete_amounts: {
    from: ['amounts_generated'],
    to: 'submitted',
    by: 'user',
    removesAmounts: true,
    hints: { on_hold: 'noAmounts', submitted: 'noAmounts', otherwise: 'approvedNoDelete' },
  },
  approve: {
    from: ['amounts_generated'],
    to: 'approved',
    by: 'user',
    hints: { on_hold: 'activateAndGenerate', submitted: 'generateAmountsFirst', otherwise: 'alreadyApproved' },
  },
  generate_invoices: { from: ['approved'], to: 'approved', by: 'user', startsJob: 'invoices', hints: INVOICES_HINTS },
  complete_invoices: { from: ['approved'], to: 'invoices_generated', by: 'system', completesJob: 'invoices', hints: INVOICES_HINTS },
  // Sending (DESIGN §16): the job sends every invoice not yet sent; the run moves on only when all are.
  send_invoices: { from: ['invoices_generated'], to: 'invoices_generated', by: 'user', startsJob: 'send', hints: SENDING_HINTS },
  complete_sending: { from: ['invoices_generated'], to: 'invoices_sent', by: 'system', completesJob: 'send', hints: SENDING_HINTS },
  cancel: {
    from: ['on_hold', 'submitted', 'amounts_generated'],
    to: 'cancelled',
    by: 'user',
    removesAmounts: true,
    hints: { otherwise: 'approvedNoCancel' },
  },
  prepare_documents: { from: ['invoices_generated'], to: null, by: 'user', startsJob: 'documents', hints: DOCUMENTS_HINTS },
  complete_documents: { from: ['invoices_generated'], to: null, by: 'system', completesJob: 'documents', hints: DOCUMENTS_HINTS },
} satisfies Record<RunAction, ActionRule>);

/** Hints that hold for every action refused in the status (they win over an action's own hints). */
export const STATUS_HINTS: Readonly<Partial<Record<RunStatus, RunHint>>> = Object.freeze({
  draft: 'draft',
  cancelled: 'cancelled',
  invoices_generated: 'invoicesGenerated',
  invoices_sent: 'invoicesSent',
});

export interface Transition {
  from: readonly RunStatus[];
  /** null: the status stays as it is */
  to: RunStatus | null;
}

/** The table's transitions alone: action → from statuses and the status after. */
export const TRANSITIONS: Readonly<Record<RunAction, Transition>> = deepFreeze(
  RUN_ACTIONS.reduce(
    (table, a) => ({ ...table, [a]: { from: [...LIFECYCLE[a].from], to: LIFECYCLE[a].to } }),
    {} as Record<RunAction, Transition>,
  ),
);

/** Actions a user triggers (buttons / admin routes); the others are performed by the system. */
export const USER_ACTIONS: readonly RunAction[] = Object.freeze(RUN_ACTIONS.filter((a) => LIFECYCLE[a].by === 'user'));

/** Actions that start a background job rather than change the status at once. */
export const JOB_ACTIONS: readonly RunAction[] = Object.freeze(RUN_ACTIONS.filter((a) => LIFECYCLE[a].startsJob !== undefined));

/** The status a run is in after `action` was performed in `status` (no check that it is allowed). */
export const statusAfter = (status: RunStatus, action: RunAction): RunStatus => LIFECYCLE[action].to ?? status;

/** Whether the action never changes the run's status (its `to` is null). */
export const keepsStatus = (action: RunAction): boolean => LIFECYCLE[action].to === null;

/** Statuses no action leaves (actions that keep the status, such as preparing documents, may still apply). */
export const FINAL_STATUSES: readonly RunStatus[] = Object.freeze(
  RUN_STATUSES.filter((s) => RUN_ACTIONS.every((a) => !LIFECYCLE[a].from.includes(s) || statusAfter(s, a) === s)),
);

/**
 * Statuses of a run that has not started: not yet activated, or cancelled. A schedule whose runs are
 * all unstarted may still change its periods and dates, and may be deleted.
 */
export const UNSTARTED_STATUSES: readonly RunStatus[] = Object.freeze([...reachableStatuses('activate'), 'cancelled'] as RunStatus[]);

export const isRunStarted = (status: RunStatus): boolean => !UNSTARTED_STATUSES.includes(status);

function jobAction(type: JobType, key: 'startsJob' | 'completesJob'): RunAction {
  const action = RUN_ACTIONS.find((a) => LIFECYCLE[a][key] === type);
  if (!action) throw new Error(`The lifecycle table has no action that ${key === 'startsJob' ? 'starts' : 'completes'} a ${type} job.`);
  return action;
}

/** The action that starts a job of this type (`generate_amounts` for `amounts`). */
export const startActionOf = (type: JobType): RunAction => jobAction(type, 'startsJob');

/** The action a job of this type performs when it succeeds (`complete_amounts` for `amounts`). */
export const completionActionOf = (type: JobType): RunAction => jobAction(type, 'completesJob');

/** The job an action belongs to (the one it starts or completes), if any. */
export const ownJobOf = (action: RunAction): JobType | null => LIFECYCLE[action].startsJob ?? LIFECYCLE[action].completesJob ?? null;

export function canPerform(status: RunStatus, action: RunAction): boolean {
  if (!isRunStatus(status) || !isRunAction(action)) return false;
  return LIFECYCLE[action].from.includes(status);
}

export function availableActions(status: RunStatus): RunAction[] {
  return RUN_ACTIONS.filter((a) => canPerform(status, a));
}

export function availableUserActions(status: RunStatus): RunAction[] {
  return USER_ACTIONS.filter((a) => canPerform(status, a));
}

/**
 * Statuses in which the action is allowed now or can become allowed through later steps of the
 * lifecycle (so a panel shows its button, perhaps disabled, and hides it once it can never apply).
 */
export function reachableStatuses(action: RunAction): RunStatus[] {
  const reach = new Set<RunStatus>(LIFECYCLE[action].from);
  for (let grown = true; grown; ) {
    grown = false;
    for (const a of RUN_ACTIONS) {
      const to = LIFECYCLE[a].to;
      if (to === null || !reach.has(to)) continue;
      for (const s of LIFECYCLE[a].from) {
        if (!reach.has(s)) {
          reach.add(s);
          grown = true;
        }
      }
    }
  }
  return RUN_STATUSES.filter((s) => reach.has(s));
}

/** Whether the action is allowed now or can still become allowed from this status. */
export function canStillPerform(status: RunStatus, action: RunAction): boolean {
  return isRunStatus(status) && isRunAction(action) && reachableStatuses(action).includes(status);
}

/* -------------------------------------------------------------------------------------------------
 * Refusals: whether an action may be performed now, and why not.
 * -----------------------------------------------------------------------------------------------*/

/** The stable keys of the reasons an action is refused. */
export const REFUSAL_REASONS = {
  /** The run's status does not allow the action (409 naming the status and what is needed). */
  wrongStatus: 'runs.refusal.wrongStatus',
  /** Another job of the run is queued or running. */
  busyJob: 'runs.refusal.busyJob',
  /** The action would remove amounts that have been invoiced. */
  hasInvoices: 'runs.refusal.hasInvoices',
} as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[keyof typeof REFUSAL_REASONS];

export type Refusal =
  | { reason: typeof REFUSAL_REASONS.wrongStatus; hint: RunHint | null }
  | { reason: typeof REFUSAL_REASONS.busyJob; job: JobType }
  | { reason: typeof REFUSAL_REASONS.hasInvoices };

/** What the guards need to know about a run. */
export interface RunFacts {
  status: RunStatus;
  /** The type of the run's queued or running job; null when none is active. */
  activeJob: JobType | null;
  /** Whether invoices exist for the run. */
  hasInvoices: boolean;
}

/** The message key of a hint. */
export const hintKey = (hint: RunHint): string => `runs.refusal.hint.${hint}`;

/** Every message key a refusal can have: each side words (server) or translates (admin) all of them. */
export const REFUSAL_MESSAGE_KEYS: readonly string[] = Object.freeze([...Object.values(REFUSAL_REASONS), ...RUN_HINTS.map(hintKey)]);

/** The hint for an action refused in a status; null for an unknown status or action. */
export function statusHint(status: RunStatus, action: RunAction): RunHint | null {
  if (!isRunStatus(status) || !isRunAction(action)) return null;
  const hints = LIFECYCLE[action].hints;
  return STATUS_HINTS[status] ?? hints[status] ?? hints.otherwise;
}

/**
 * Whether `action` may be performed on a run now: null when it may, otherwise why not. Checked in
 * this order: the status (the table), then a busy job (only the action's own job may be active: a
 * start answers it, a completion is performed by it), then invoices (for actions removing amounts).
 */
export function refusalOf(facts: RunFacts, action: RunAction): Refusal | null {
  if (!canPerform(facts.status, action)) return { reason: REFUSAL_REASONS.wrongStatus, hint: statusHint(facts.status, action) };
  if (facts.activeJob !== null && facts.activeJob !== ownJobOf(action)) return { reason: REFUSAL_REASONS.busyJob, job: facts.activeJob };
  if (LIFECYCLE[action].removesAmounts && facts.hasInvoices) return { reason: REFUSAL_REASONS.hasInvoices };
  return null;
}

/** The message key that says why: the hint of a status refusal when there is one, else the reason. */
export function refusalMessageKey(refusal: Refusal): string {
  return refusal.reason === REFUSAL_REASONS.wrongStatus && refusal.hint ? hintKey(refusal.hint) : refusal.reason;
}

/* -------------------------------------------------------------------------------------------------
 * English wording (labels, and the server's 409 sentences). The admin panel's wording is in its
 * translations, under the same keys.
 * -----------------------------------------------------------------------------------------------*/

export const STATUS_LABELS: Readonly<Record<RunStatus, string>> = Object.freeze({
  draft: 'Draft',
  on_hold: 'On hold',
  submitted: 'Submitted',
  amounts_generated: 'Amounts generated',
  approved: 'Approved',
  invoices_generated: 'Invoices generated',
  invoices_sent: 'Invoices sent',
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
  send_invoices: 'Send invoices',
  complete_sending: 'Complete sending',
  cancel: 'Cancel',
  prepare_documents: 'Prepare documents',
  complete_documents: 'Complete document preparation',
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
  send_invoices: { attempt: 'send the invoices of invoice run', subject: 'sending invoices' },
  complete_sending: { attempt: 'complete sending for invoice run', subject: 'completing sending' },
  cancel: { attempt: 'cancel invoice run', subject: 'cancelling' },
  prepare_documents: { attempt: 'prepare the documents of invoice run', subject: 'preparing documents' },
  complete_documents: { attempt: 'complete document preparation for invoice run', subject: 'completing document preparation' },
};

/** The server's wording of each hint (in parentheses after the status sentence). */
const HINT_SENTENCES: Readonly<Record<RunHint, string>> = {
  draft: 'the run is still being created',
  cancelled: 'the run has been cancelled',
  invoicesGenerated: 'its invoices have already been generated',
  onlyNewRuns: 'only a new run is put on hold',
  alreadyActivated: 'it has already been activated',
  activateFirst: 'activate the run first',
  amountsExist: 'the amounts have already been generated; delete them first to generate them again',
  approvedNoGenerate: 'the run has already been approved',
  alreadyApproved: 'it has already been approved',
  noAmounts: 'there are no amounts to delete',
  approvedNoDelete: 'amounts cannot be deleted once the run has been approved',
  activateAndGenerate: 'activate the run and generate the amounts first',
  generateAmountsFirst: 'generate the amounts first',
  activateGenerateApprove: 'activate the run, generate the amounts and approve them first',
  generateAndApprove: 'generate the amounts and approve them first',
  approveFirst: 'approve the amounts first',
  approvedNoCancel: 'an approved run can no longer be cancelled',
  generateInvoicesFirst: 'generate the invoices first',
  invoicesSent: 'its invoices have already been sent',
};

/** What a busy run is doing, by the type of its active job. */
const JOB_PHRASES: Readonly<Record<JobType, string>> = {
  amounts: 'its amounts are being generated',
  invoices: 'its invoices are being generated',
  documents: 'its invoice documents are being prepared',
  send: 'its invoices are being sent',
};

function quoteList(values: readonly string[]): string {
  const q = values.map((v) => `"${v}"`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * The sentence shown when an action is refused for the run's status, naming the current status and
 * what is needed, e.g.
 * `Cannot approve invoice run: its status is "submitted", and approval needs status "amounts_generated" (generate the amounts first).`
 */
export function illegalTransitionMessage(status: RunStatus, action: RunAction): string {
  if (!isRunAction(action)) return `Cannot perform unknown action ${JSON.stringify(action)} on invoice run.`;
  const { attempt, subject } = ACTION_PHRASES[action];
  const needs = `${subject} needs status ${quoteList(LIFECYCLE[action].from)}`;
  if (!isRunStatus(status)) return `Cannot ${attempt}: its status ${JSON.stringify(status)} is unknown, and ${needs}.`;
  const h = statusHint(status, action);
  return `Cannot ${attempt}: its status is "${status}", and ${needs}${h ? ` (${HINT_SENTENCES[h]})` : ''}.`;
}

/** The server's English sentence for a refusal (the 409's message). */
export function refusalMessage(refusal: Refusal, run: { status: RunStatus; reference: string }, action: RunAction): string {
  switch (refusal.reason) {
    case REFUSAL_REASONS.wrongStatus:
      return illegalTransitionMessage(run.status, action);
    case REFUSAL_REASONS.busyJob:
      return `Cannot ${ACTION_PHRASES[action].attempt} ${run.reference} while ${JOB_PHRASES[refusal.job]}; wait until the job has finished.`;
    case REFUSAL_REASONS.hasInvoices:
      return `Invoice run ${run.reference} already has invoices, so its amounts can no longer be removed.`;
  }
}

/**
 * An action refused by the lifecycle (`refusalOf`). The server answers it with a 409 whose details are
 * `{ status, action, reason[, job] }`.
 */
export class IllegalTransitionError extends Error {
  readonly status: RunStatus;
  readonly action: RunAction;
  readonly refusal: Refusal;
  constructor(status: RunStatus, action: RunAction, refusal?: Refusal, reference = '') {
    const r = refusal ?? { reason: REFUSAL_REASONS.wrongStatus, hint: statusHint(status, action) };
    super(r.reason === REFUSAL_REASONS.wrongStatus ? illegalTransitionMessage(status, action) : refusalMessage(r, { status, reference }, action));
    this.name = 'IllegalTransitionError';
    this.status = status;
    this.action = action;
    this.refusal = r;
  }

  /** The 409's details. */
  get details(): Record<string, unknown> {
    return { status: this.status, action: this.action, reason: this.refusal.reason, ...('job' in this.refusal ? { job: this.refusal.job } : {}) };
  }
}

/** The status after the action; throws `IllegalTransitionError` when the action is not allowed. */
export function nextStatus(status: RunStatus, action: RunAction): RunStatus {
  if (!canPerform(status, action)) throw new IllegalTransitionError(status, action);
  return statusAfter(status, action);
}

/** Throws `IllegalTransitionError` unless the action is allowed in the status. */
export function assertCanPerform(status: RunStatus, action: RunAction): void {
  if (!canPerform(status, action)) throw new IllegalTransitionError(status, action);
}
