import {
  ACTION_LABELS,
  assertCanPerform,
  availableActions,
  availableUserActions,
  canPerform,
  FINAL_STATUSES,
  IllegalTransitionError,
  illegalTransitionMessage,
  isRunAction,
  isRunStatus,
  JOB_ACTIONS,
  nextStatus,
  RUN_ACTIONS,
  RUN_STATUSES,
  type RunAction,
  type RunStatus,
  STATUS_LABELS,
  TRANSITIONS,
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
  'on_hold/cancel': 'cancelled',
  'submitted/cancel': 'cancelled',
  'amounts_generated/cancel': 'cancelled',
};

const MATRIX: [RunStatus, RunAction, RunStatus | null][] = [];
for (const status of RUN_STATUSES) {
  for (const action of RUN_ACTIONS) MATRIX.push([status, action, ALLOWED[`${status}/${action}`] ?? null]);
}

test('statuses and actions', () => {
  expect(RUN_STATUSES).toEqual(['draft', 'on_hold', 'submitted', 'amounts_generated', 'approved', 'invoices_generated', 'cancelled']);
  expect(RUN_ACTIONS).toEqual([
    'hold',
    'activate',
    'generate_amounts',
    'complete_amounts',
    'delete_amounts',
    'approve',
    'generate_invoices',
    'complete_invoices',
    'cancel',
  ]);
  expect(MATRIX).toHaveLength(63);
  expect(Object.keys(ALLOWED)).toHaveLength(11);
});

describe('the full status × action matrix', () => {
  test.each(MATRIX.filter(([, , to]) => to !== null))('%s --%s--> %s is allowed', (status, action, to) => {
    expect(canPerform(status, action)).toBe(true);
    expect(nextStatus(status, action)).toBe(to);
    expect(() => assertCanPerform(status, action)).not.toThrow();
    expect(availableActions(status)).toContain(action);
    expect(TRANSITIONS[action].to).toBe(to);
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
    ['invoices_generated', [], []],
    ['cancelled', [], []],
  ])('%s: %j (user: %j)', (status, all, user) => {
    expect(availableActions(status)).toEqual(all);
    expect(availableUserActions(status)).toEqual(user);
  });

  test('user, job and final lists', () => {
    expect([...USER_ACTIONS]).toEqual(['activate', 'generate_amounts', 'delete_amounts', 'approve', 'generate_invoices', 'cancel']);
    expect([...JOB_ACTIONS]).toEqual(['generate_amounts', 'generate_invoices']);
    expect([...FINAL_STATUSES]).toEqual(['invoices_generated', 'cancelled']);
    for (const s of FINAL_STATUSES) expect(availableActions(s)).toEqual([]);
  });

  test('job actions leave the status unchanged', () => {
    for (const a of JOB_ACTIONS) {
      for (const from of TRANSITIONS[a].from) expect(nextStatus(from, a)).toBe(from);
    }
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
