import {
  ACTION_LABELS,
  ACTIVE_JOB_STATES,
  activeJobType,
  assertCanPerform,
  availableActions,
  availableUserActions,
  canPerform,
  canStillPerform,
  completionActionOf,
  FINAL_STATUSES,
  hintKey,
  IllegalTransitionError,
  illegalTransitionMessage,
  isJobActive,
  isJobState,
  isJobType,
  isRunStarted,
  isRunAction,
  isRunStatus,
  keepsStatus,
  JOB_ACTIONS,
  JOB_STATES,
  JOB_TYPES,
  type JobType,
  LIFECYCLE,
  nextStatus,
  ownJobOf,
  reachableStatuses,
  type Refusal,
  REFUSAL_MESSAGE_KEYS,
  REFUSAL_REASONS,
  refusalMessage,
  refusalMessageKey,
  refusalOf,
  RUN_ACTIONS,
  RUN_HINTS,
  RUN_STATUSES,
  type RunAction,
  type RunHint,
  type RunStatus,
  statusAfter,
  startActionOf,
  STATUS_LABELS,
  statusHint,
  TRANSITIONS,
  UNSTARTED_STATUSES,
  USER_ACTIONS,
} from '../../shared';

/** DESIGN §4 written out independently of the implementation: [status, action] → next status. */
const ALLOWED: Record<string, RunStatus> = {
  'draft/hold': 'on_hold',
  'on_hold/activate': 'submitted',
  'submitted/generate_amounts': 'submitted',
  'submitted/complete_amounts': 'amounts_generated',
  'amounts_generated/delete_amounts': 'submitted',
  'amounts_generated/approve': 'approved',
  'approved/generate_invoices': 'approved',
  'approved/complete_invoices': 'invoices_generated',
  'invoices_generated/send_invoices': 'invoices_generated',
  'invoices_generated/complete_sending': 'invoices_sent',
  'invoices_generated/prepare_documents': 'invoices_generated',
  'invoices_generated/complete_documents': 'invoices_generated',
  'on_hold/cancel': 'cancelled',
  'submitted/cancel': 'cancelled',
  'amounts_generated/cancel': 'cancelled',
};

const MATRIX: [RunStatus, RunAction, RunStatus | null][] = [];
for (const status of RUN_STATUSES) {
  for (const action of RUN_ACTIONS) MATRIX.push([status, action, ALLOWED[`${status}/${action}`] ?? null]);
}

test('statuses and actions', () => {
  expect(RUN_STATUSES).toEqual(['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated', 'invoices_sent', 'cancelled']);
  expect(RUN_ACTIONS).toEqual([
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
  ]);
  expect(MATRIX).toHaveLength(104);
  expect(Object.keys(ALLOWED)).toHaveLength(15);
});

describe('the full status × action matrix', () => {
  test.each(MATRIX.filter(([, , to]) => to !== null))('%s --%s--> %s is allowed', (status, action, to) => {
    expect(canPerform(status, action)).toBe(true);
    expect(nextStatus(status, action)).toBe(to);
    expect(() => assertCanPerform(status, action)).not.toThrow();
    expect(availableActions(status)).toContain(action);
    expect(statusAfter(status, action)).toBe(to);
    expect(TRANSITIONS[action].to ?? status).toBe(to);
    expect(TRANSITIONS[action].from).toContain(status);
  });

  test.each(MATRIX.filter(([, , to]) => to === null).map(([s, a]) => [s, a] as const))('%s --%s--> is refused', (status, action) => {
    expect(canPerform(status, action)).toBe(false);
    expect(availableActions(status)).not.toContain(action);
    expect(TRANSITIONS[action].from).not.toContain(status);
    expect(() => assertCanPerform(status, action)).toThrow(IllegalTransitionError);
    let error: unknown;
    try {
      nextStatus(status, action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toBeInstanceOf(Error);
    const e = error as IllegalTransitionError;
    expect(e.status).toBe(status);
    expect(e.action).toBe(action);
    expect(e.name).toBe('IllegalTransitionError');
    expect(e.message).toBe(illegalTransitionMessage(status, action));
    // names the current status and what is needed
    expect(e.message).toMatch(/^Cannot .+: its status is ".+", and .+ needs status ".+"/);
    expect(e.message).toContain(`"${status}"`);
    for (const from of TRANSITIONS[action].from) expect(e.message).toContain(`"${from}"`);
    expect(e.message.endsWith('.')).toBe(true);
  });
});

describe('messages', () => {
  test.each<[RunStatus, RunAction, string]>([
    [
      'submitted',
      'approve',
      'Cannot approve invoice run: its status is "submitted", and approval needs status "amounts_generated" (generate the amounts first).',
    ],
    [
      'on_hold',
      'approve',
      'Cannot approve invoice run: its status is "on_hold", and approval needs status "amounts_generated" (activate the run and generate the amounts first).',
    ],
    [
      'approved',
      'approve',
      'Cannot approve invoice run: its status is "approved", and approval needs status "amounts_generated" (it has already been approved).',
    ],
    [
      'on_hold',
      'generate_amounts',
      'Cannot generate amounts for invoice run: its status is "on_hold", and generating amounts needs status "submitted" (activate the run first).',
    ],
    [
      'approved',
      'delete_amounts',
      'Cannot delete the amounts of invoice run: its status is "approved", and deleting amounts needs status "amounts_generated" (amounts cannot be deleted once the run has been approved).',
    ],
    [
      'approved',
      'cancel',
      'Cannot cancel invoice run: its status is "approved", and cancelling needs status "on_hold", "submitted" or "amounts_generated" (an approved run can no longer be cancelled).',
    ],
    [
      'cancelled',
      'activate',
      'Cannot activate invoice run: its status is "cancelled", and activation needs status "on_hold" (the run has been cancelled).',
    ],
    [
      'amounts_generated',
      'generate_invoices',
      'Cannot generate invoices for invoice run: its status is "amounts_generated", and generating invoices needs status "approved" (approve the amounts first).',
    ],
    [
      'invoices_generated',
      'generate_invoices',
      'Cannot generate invoices for invoice run: its status is "invoices_generated", and generating invoices needs status "approved" (its invoices have already been generated).',
    ],
  ])('%s / %s', (status, action, message) => {
    expect(illegalTransitionMessage(status, action)).toBe(message);
  });

  test('unknown statuses and actions get a message too', () => {
    expect(illegalTransitionMessage('weird' as RunStatus, 'approve')).toMatch(/status "weird" is unknown/);
    expect(illegalTransitionMessage('draft', 'fly' as RunAction)).toMatch(/unknown action "fly"/);
    expect(canPerform('weird' as RunStatus, 'approve')).toBe(false);
    expect(canPerform('draft', 'fly' as RunAction)).toBe(false);
  });
});

describe('available actions', () => {
  test.each<[RunStatus, RunAction[], RunAction[]]>([
    ['draft', ['hold'], []],
    ['on_hold', ['activate', 'cancel'], ['activate', 'cancel']],
    ['submitted', ['generate_amounts', 'complete_amounts', 'cancel'], ['generate_amounts', 'cancel']],
    ['amounts_generated', ['delete_amounts', 'approve', 'cancel'], ['delete_amounts', 'approve', 'cancel']],
    ['approved', ['generate_invoices', 'complete_invoices'], ['generate_invoices']],
    ['invoices_generated', ['send_invoices', 'complete_sending', 'prepare_documents', 'complete_documents'], ['send_invoices', 'prepare_documents']],
    ['invoices_sent', [], []],
    ['cancelled', [], []],
  ])('%s: %j (user: %j)', (status, all, user) => {
    expect(availableActions(status)).toEqual(all);
    expect(availableUserActions(status)).toEqual(user);
  });

  test('user, job and final lists', () => {
    expect([...USER_ACTIONS]).toEqual(['activate', 'generate_amounts', 'delete_amounts', 'approve', 'generate_invoices', 'send_invoices', 'cancel', 'prepare_documents']);
    expect([...JOB_ACTIONS]).toEqual(['generate_amounts', 'generate_invoices', 'send_invoices', 'prepare_documents']);
    expect([...FINAL_STATUSES]).toEqual(['invoices_sent', 'cancelled']);
    for (const s of FINAL_STATUSES) expect(availableActions(s)).toEqual([]);
  });

  test('job actions leave the status unchanged', () => {
    for (const a of JOB_ACTIONS) {
      for (const from of TRANSITIONS[a].from) expect(nextStatus(from, a)).toBe(from);
    }
  });

  test('an action with to: null keeps whichever status it is performed in', () => {
    expect(RUN_ACTIONS.filter(keepsStatus)).toEqual(['prepare_documents', 'complete_documents']);
    expect(LIFECYCLE.complete_documents.completesJob).toBe('documents');
    expect(LIFECYCLE.prepare_documents.startsJob).toBe('documents');
    for (const a of RUN_ACTIONS.filter(keepsStatus)) {
      for (const s of RUN_STATUSES) expect(statusAfter(s, a)).toBe(s);
      for (const from of TRANSITIONS[a].from) expect(nextStatus(from, a)).toBe(from);
    }
    // every other action names its status
    for (const a of RUN_ACTIONS.filter((x) => !keepsStatus(x))) expect(statusAfter('draft', a)).toBe(LIFECYCLE[a].to);
    // a status-keeping action does not make earlier statuses reach anything new
    expect(reachableStatuses('activate')).toEqual(['draft', 'on_hold']);
  });
});

test('the happy path from draft to invoices_generated', () => {
  const steps: RunAction[] = ['hold', 'activate', 'generate_amounts', 'complete_amounts', 'approve', 'generate_invoices', 'complete_invoices'];
  let s: RunStatus = 'draft';
  const seen: RunStatus[] = [s];
  for (const a of steps) {
    s = nextStatus(s, a);
    seen.push(s);
  }
  expect(seen).toEqual(['draft', 'on_hold', 'submitted', 'submitted', 'amounts_generated', 'approved', 'approved', 'invoices_generated']);
});

test('delete amounts goes back to submitted and amounts can be generated again', () => {
  let s: RunStatus = 'amounts_generated';
  s = nextStatus(s, 'delete_amounts');
  expect(s).toBe('submitted');
  expect(canPerform(s, 'generate_amounts')).toBe(true);
});

describe('guards and labels', () => {
  test.each([...RUN_STATUSES])('isRunStatus(%s)', (s) => expect(isRunStatus(s)).toBe(true));
  test.each(['', 'Draft', 'open', null, 3])('isRunStatus(%p) is false', (s) => expect(isRunStatus(s)).toBe(false));
  test.each([...RUN_ACTIONS])('isRunAction(%s)', (a) => expect(isRunAction(a)).toBe(true));
  test.each(['', 'Approve', 'delete', null])('isRunAction(%p) is false', (a) => expect(isRunAction(a)).toBe(false));

  test('status labels from the seed', () => {
    expect(STATUS_LABELS).toEqual({
      draft: 'Draft',
      on_hold: 'On hold',
      submitted: 'Submitted',
      amounts_generated: 'Amounts generated',
      approved: 'Approved',
      invoices_generated: 'Invoices generated',
      invoices_sent: 'Invoices sent',
      cancelled: 'Cancelled',
    });
  });

  test('every action has a label', () => {
    for (const a of RUN_ACTIONS) expect(ACTION_LABELS[a]).toMatch(/^[A-Z]/);
  });

  test('the table is frozen', () => {
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(STATUS_LABELS)).toBe(true);
  });
});

/* ---- the table as the one source: job actions, refusals, keys and sentences, reachability, jobs ---- */

const OWN_JOB: Partial<Record<RunAction, JobType>> = {
  generate_amounts: 'amounts',
  complete_amounts: 'amounts',
  generate_invoices: 'invoices',
  complete_invoices: 'invoices',
  send_invoices: 'send',
  complete_sending: 'send',
  prepare_documents: 'documents',
  complete_documents: 'documents',
};
const REMOVES_AMOUNTS: RunAction[] = ['delete_amounts', 'cancel'];

/** The hint of a refused action, by hand (the sentences the panel and the 409 give). */
function expectedHint(status: RunStatus, action: RunAction): RunHint {
  if (status === 'draft') return 'draft';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'invoices_generated') return 'invoicesGenerated';
  if (status === 'invoices_sent') return 'invoicesSent';
  switch (action) {
    case 'hold':
      return 'onlyNewRuns';
    case 'activate':
      return 'alreadyActivated';
    case 'generate_amounts':
    case 'complete_amounts':
      return status === 'on_hold' ? 'activateFirst' : status === 'amounts_generated' ? 'amountsExist' : 'approvedNoGenerate';
    case 'delete_amounts':
      return status === 'on_hold' || status === 'submitted' ? 'noAmounts' : 'approvedNoDelete';
    case 'approve':
      return status === 'on_hold' ? 'activateAndGenerate' : status === 'submitted' ? 'generateAmountsFirst' : 'alreadyApproved';
    case 'generate_invoices':
    case 'complete_invoices':
      return status === 'on_hold' ? 'activateGenerateApprove' : status === 'submitted' ? 'generateAndApprove' : 'approveFirst';
    case 'cancel':
      return 'approvedNoCancel';
    case 'send_invoices':
    case 'complete_sending':
    case 'prepare_documents':
    case 'complete_documents':
      return 'generateInvoicesFirst';
  }
}

function expectedRefusal(status: RunStatus, action: RunAction, activeJob: JobType | null, hasInvoices: boolean): Refusal | null {
  if (!ALLOWED[`${status}/${action}`]) return { reason: 'runs.refusal.wrongStatus', hint: expectedHint(status, action) };
  if (activeJob && activeJob !== OWN_JOB[action]) return { reason: 'runs.refusal.busyJob', job: activeJob };
  if (hasInvoices && REMOVES_AMOUNTS.includes(action)) return { reason: 'runs.refusal.hasInvoices' };
  return null;
}

const JOBS: Array<JobType | null> = [null, 'amounts', 'invoices', 'documents', 'send'];
const CASES: Array<[RunStatus, RunAction, JobType | null, boolean]> = [];
for (const status of RUN_STATUSES)
  for (const action of RUN_ACTIONS) for (const job of JOBS) for (const invoices of [false, true]) CASES.push([status, action, job, invoices]);

describe('the table', () => {
  test('every row: from, to, who, its job', () => {
    for (const action of RUN_ACTIONS) {
      const row = LIFECYCLE[action];
      expect(TRANSITIONS[action]).toEqual({ from: [...row.from], to: row.to });
      for (const status of RUN_STATUSES) expect(row.from.includes(status)).toBe(ALLOWED[`${status}/${action}`] !== undefined);
      expect(ownJobOf(action)).toBe(OWN_JOB[action] ?? null);
      expect(Boolean(row.removesAmounts)).toBe(REMOVES_AMOUNTS.includes(action));
      expect(row.by).toBe(USER_ACTIONS.includes(action) ? 'user' : 'system');
    }
    expect(Object.keys(LIFECYCLE)).toEqual([...RUN_ACTIONS]);
    expect(Object.isFrozen(LIFECYCLE)).toBe(true);
    expect(Object.isFrozen(LIFECYCLE.cancel.from)).toBe(true);
    expect(Object.isFrozen(LIFECYCLE.approve.hints)).toBe(true);
  });

  test.each([...JOB_TYPES])('the %s job: one action starts it, one completes it', (type) => {
    const start = startActionOf(type);
    const complete = completionActionOf(type);
    expect(RUN_ACTIONS.filter((a) => LIFECYCLE[a].startsJob === type)).toEqual([start]);
    expect(RUN_ACTIONS.filter((a) => LIFECYCLE[a].completesJob === type)).toEqual([complete]);
    expect(JOB_ACTIONS).toContain(start);
    expect(USER_ACTIONS).toContain(start);
    expect(USER_ACTIONS).not.toContain(complete);
    // A start leaves the status; the completion is possible in every status the start leaves it in.
    for (const from of LIFECYCLE[start].from) expect(statusAfter(from, start)).toBe(from);
    expect(LIFECYCLE[complete].from).toEqual(LIFECYCLE[start].from);
    // The completion moves the run on, unless the job is one that keeps the status (documents).
    if (type === 'documents') {
      expect([LIFECYCLE[start].to, LIFECYCLE[complete].to]).toEqual([null, null]);
    } else {
      expect(LIFECYCLE[complete].to).not.toBe(LIFECYCLE[start].to);
    }
  });

  test('the job actions of the job types', () => {
    expect(JOB_TYPES.map((t) => [startActionOf(t), completionActionOf(t)])).toEqual([
      ['generate_amounts', 'complete_amounts'],
      ['generate_invoices', 'complete_invoices'],
      ['prepare_documents', 'complete_documents'],
      ['send_invoices', 'complete_sending'],
    ]);
    expect(() => startActionOf('print' as JobType)).toThrow(/no action that starts a print job/);
    expect(() => completionActionOf('print' as JobType)).toThrow(/no action that completes a print job/);
  });

  test('final statuses are exactly those no row leads out of', () => {
    expect([...FINAL_STATUSES]).toEqual(RUN_STATUSES.filter((s) => !Object.entries(ALLOWED).some(([k, to]) => k.startsWith(`${s}/`) && to !== s)));
  });
});

describe('refusalOf: every status × action × active job × invoices', () => {
  test('the case count', () => expect(CASES).toHaveLength(8 * 13 * 5 * 2));

  test.each(CASES)('%s / %s, job %s, invoices %s', (status, action, activeJob, hasInvoices) => {
    const expected = expectedRefusal(status, action, activeJob, hasInvoices);
    const refusal = refusalOf({ status, activeJob, hasInvoices }, action);
    expect(refusal).toEqual(expected);
    // The status check is canPerform's.
    expect(refusal?.reason === 'runs.refusal.wrongStatus').toBe(!canPerform(status, action));
    if (refusal) {
      const key = refusalMessageKey(refusal);
      expect(REFUSAL_MESSAGE_KEYS).toContain(key);
      const error = new IllegalTransitionError(status, action, refusal, 'IVR-000007');
      expect(error.refusal).toEqual(refusal);
      expect(error.details).toEqual({ status, action, reason: refusal.reason, ...(activeJob && refusal.reason === 'runs.refusal.busyJob' ? { job: activeJob } : {}) });
      expect(error.message).toBe(refusalMessage(refusal, { status, reference: 'IVR-000007' }, action));
      if (refusal.reason === 'runs.refusal.wrongStatus') {
        expect(key).toBe(hintKey(expectedHint(status, action)));
        expect(error.message).toBe(illegalTransitionMessage(status, action));
      }
    }
  });

  test('unknown statuses and actions are refused for their status, without a hint', () => {
    expect(refusalOf({ status: 'weird' as RunStatus, activeJob: null, hasInvoices: false }, 'approve')).toEqual({
      reason: 'runs.refusal.wrongStatus',
      hint: null,
    });
    expect(refusalOf({ status: 'draft', activeJob: null, hasInvoices: false }, 'fly' as RunAction)).toEqual({
      reason: 'runs.refusal.wrongStatus',
      hint: null,
    });
    expect(refusalMessageKey({ reason: 'runs.refusal.wrongStatus', hint: null })).toBe('runs.refusal.wrongStatus');
    expect(statusHint('weird' as RunStatus, 'approve')).toBeNull();
  });
});

describe('keys and sentences', () => {
  test('stable keys', () => {
    expect(REFUSAL_REASONS).toEqual({
      wrongStatus: 'runs.refusal.wrongStatus',
      busyJob: 'runs.refusal.busyJob',
      hasInvoices: 'runs.refusal.hasInvoices',
    });
    expect(hintKey('activateFirst')).toBe('runs.refusal.hint.activateFirst');
    expect(REFUSAL_MESSAGE_KEYS).toHaveLength(3 + RUN_HINTS.length);
    expect(new Set(REFUSAL_MESSAGE_KEYS).size).toBe(REFUSAL_MESSAGE_KEYS.length);
  });

  test('every hint is given somewhere, and has its own sentence', () => {
    const given = new Set(CASES.map(([s, a]) => statusHint(s, a)).filter((h) => h !== null));
    expect([...given].sort()).toEqual([...RUN_HINTS].sort());
    const sentences = new Set<string>();
    for (const h of RUN_HINTS) {
      const [status, action] = CASES.find(([s, a]) => !canPerform(s, a) && statusHint(s, a) === h)!;
      const message = illegalTransitionMessage(status, action);
      const inParentheses = /\((.+)\)\.$/.exec(message)?.[1];
      expect(inParentheses).toBeDefined();
      sentences.add(inParentheses!);
    }
    expect(sentences.size).toBe(RUN_HINTS.length);
  });

  test.each<[RunAction, JobType, string]>([
    ['cancel', 'amounts', 'Cannot cancel invoice run IVR-000001 while its amounts are being generated; wait until the job has finished.'],
    [
      'delete_amounts',
      'invoices',
      'Cannot delete the amounts of invoice run IVR-000001 while its invoices are being generated; wait until the job has finished.',
    ],
    ['approve', 'amounts', 'Cannot approve invoice run IVR-000001 while its amounts are being generated; wait until the job has finished.'],
    ['activate', 'invoices', 'Cannot activate invoice run IVR-000001 while its invoices are being generated; wait until the job has finished.'],
  ])('busy: %s while a %s job runs', (action, job, sentence) => {
    expect(refusalMessage({ reason: 'runs.refusal.busyJob', job }, { status: 'submitted', reference: 'IVR-000001' }, action)).toBe(sentence);
  });

  test('invoices', () => {
    expect(refusalMessage({ reason: 'runs.refusal.hasInvoices' }, { status: 'amounts_generated', reference: 'IVR-000002' }, 'cancel')).toBe(
      'Invoice run IVR-000002 already has invoices, so its amounts can no longer be removed.',
    );
  });

  test('a refusal without its own is a status refusal (nextStatus, assertCanPerform)', () => {
    const error = new IllegalTransitionError('approved', 'cancel');
    expect(error.refusal).toEqual({ reason: 'runs.refusal.wrongStatus', hint: 'approvedNoCancel' });
    expect(error.details).toEqual({ status: 'approved', action: 'cancel', reason: 'runs.refusal.wrongStatus' });
  });
});

describe('what can still become possible', () => {
  /** By hand: the statuses from which a path of the table leads to one the action is allowed in. */
  const REACHABLE: Record<RunAction, RunStatus[]> = {
    hold: ['draft'],
    activate: ['draft', 'on_hold'],
    generate_amounts: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
    complete_amounts: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
    delete_amounts: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
    approve: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
    generate_invoices: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved'],
    complete_invoices: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved'],
    send_invoices: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated'],
    complete_sending: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated'],
    prepare_documents: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated'],
    complete_documents: ['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated'],
    cancel: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
  };
  test.each([...RUN_ACTIONS])('%s', (action) => {
    expect(reachableStatuses(action)).toEqual(REACHABLE[action]);
    for (const status of RUN_STATUSES) expect(canStillPerform(status, action)).toBe(REACHABLE[action].includes(status));
    for (const from of LIFECYCLE[action].from) expect(canStillPerform(from, action)).toBe(true);
    for (const status of FINAL_STATUSES) expect(canStillPerform(status, action)).toBe(LIFECYCLE[action].from.includes(status));
  });
  test('unknown values', () => {
    expect(canStillPerform('weird' as RunStatus, 'approve')).toBe(false);
    expect(canStillPerform('draft', 'fly' as RunAction)).toBe(false);
  });
});

describe('jobs (shared/jobs.ts)', () => {
  test('types and states', () => {
    expect([...JOB_TYPES]).toEqual(['amounts', 'invoices', 'documents', 'send']);
    expect([...JOB_STATES]).toEqual(['queued', 'running', 'failed', 'succeeded']);
    expect([...ACTIVE_JOB_STATES]).toEqual(['queued', 'running']);
    for (const t of JOB_TYPES) expect(isJobType(t)).toBe(true);
    for (const s of JOB_STATES) expect(isJobState(s)).toBe(true);
    for (const v of ['', 'Amounts', 'sending', null, 1]) {
      expect(isJobType(v)).toBe(false);
      expect(isJobState(v)).toBe(false);
    }
  });

  test.each([...JOB_STATES])('a job %s', (state) => {
    const active = state === 'queued' || state === 'running';
    expect(isJobActive({ state })).toBe(active);
    expect(activeJobType({ type: 'invoices', state })).toBe(active ? 'invoices' : null);
  });

  test('no job', () => {
    expect(isJobActive(null)).toBe(false);
    expect(isJobActive(undefined)).toBe(false);
    expect(activeJobType(null)).toBeNull();
  });
});

test('unstarted statuses (a schedule may still change its dates, or be deleted)', () => {
  expect([...UNSTARTED_STATUSES]).toEqual(['draft', 'on_hold', 'cancelled']);
  for (const status of RUN_STATUSES) expect(isRunStarted(status)).toBe(!['draft', 'on_hold', 'cancelled'].includes(status));
});
