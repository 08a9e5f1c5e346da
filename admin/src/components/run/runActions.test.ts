import { describe, expect, it } from '@jest/globals';
import { createIntl } from 'react-intl';

import type { Job, Run } from '../../../../shared/contracts/runs';
import type { JobState, JobType } from '../../../../shared/jobs';
import { REFUSAL_MESSAGE_KEYS, RUN_STATUSES, USER_ACTIONS, type RunAction, type RunStatus } from '../../../../shared/lifecycle';
import en from '../../translations/en.json';
import nl from '../../translations/nl.json';
import { getTranslation } from '../../utils/getTranslation';
import { actionRefusal, isActionShown, refusalMessage } from './runActions';

/**
 * What the run page derives from the shared lifecycle: the disabled reasons of its buttons (as the
 * user reads them, in English and Dutch) and which of its header buttons it shows. The expected
 * sentences are written out by hand from DESIGN §4.
 */

const intlOf = (locale: string, messages: Record<string, string>) =>
  createIntl({ locale, messages: Object.fromEntries(Object.entries(messages).map(([k, v]) => [getTranslation(k), v])) });
const EN = intlOf('en', en);
const NL = intlOf('nl', nl);

const job = (type: JobType, state: JobState): Job => ({
  documentId: 'job',
  type,
  state,
  processed: 0,
  total: 0,
  error: null,
  summary: { created: 0, alreadyInvoiced: 0, parked: [] },
  attempts: 0,
  actor: 'system',
  createdAt: '2030-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});

type RunState = Pick<Run, 'status' | 'job' | 'totals'>;
const run = (status: RunStatus, options: { job?: Job; invoices?: number } = {}): RunState => ({
  status,
  job: options.job ?? null,
  totals: { amounts: 0, net: '0.00', vat: '0.00', gross: '0.00', invoices: options.invoices ?? 0, currency: null, byCurrency: [] },
});

/** The sentence of the disabled button; null when the action is allowed. */
const reason = (r: RunState, action: RunAction, intl = EN): string | null => {
  const refusal = actionRefusal(r, action);
  return refusal ? intl.formatMessage(refusalMessage(refusal)) : null;
};

const CREATED = 'The run is still being created.';
const ACTIVATED = 'The run has already been activated.';
const NO_AMOUNTS = 'There are no amounts to delete.';
const APPROVED = 'The run has already been approved.';
const INVOICED = 'The invoices of this run have already been generated.';
const CANCELLED = 'The run has been cancelled.';
const SENT = 'The invoices of this run have already been sent.';
const INVOICES_FIRST = 'Generate the invoices first.';
const BUSY = 'Wait until the running job has finished.';
const HAS_INVOICES = 'The run already has invoices, so its amounts can no longer be removed.';

/** [activate, generate_amounts, delete_amounts, approve, generate_invoices, send_invoices, cancel, prepare_documents] per status, no job, no invoices. */
const EXPECTED: Record<RunStatus, Array<string | null>> = {
  draft: [CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED],
  on_hold: [
    null,
    'Activate the run first.',
    NO_AMOUNTS,
    'Activate the run and generate the amounts first.',
    'Activate the run, generate the amounts and approve them first.',
    INVOICES_FIRST,
    null,
    INVOICES_FIRST,
  ],
  submitted: [ACTIVATED, null, NO_AMOUNTS, 'Generate the amounts first.', 'Generate the amounts and approve them first.', INVOICES_FIRST, null, INVOICES_FIRST],
  amounts_generated: [
    ACTIVATED,
    'The amounts have already been generated; delete them first to generate them again.',
    null,
    null,
    'Approve the amounts first.',
    INVOICES_FIRST,
    null,
    INVOICES_FIRST,
  ],
  approved: [
    ACTIVATED,
    APPROVED,
    'Amounts cannot be deleted once the run has been approved.',
    APPROVED,
    null,
    INVOICES_FIRST,
    'An approved run can no longer be cancelled.',
    INVOICES_FIRST,
  ],
  invoices_generated: [INVOICED, INVOICED, INVOICED, INVOICED, INVOICED, null, INVOICED, null],
  invoices_sent: [SENT, SENT, SENT, SENT, SENT, SENT, SENT, SENT],
  cancelled: [CANCELLED, CANCELLED, CANCELLED, CANCELLED, CANCELLED, CANCELLED, CANCELLED, CANCELLED],
};

describe('disabled reasons of the run page buttons', () => {
  it('covers every user action', () => {
    expect([...USER_ACTIONS]).toEqual(['activate', 'generate_amounts', 'delete_amounts', 'approve', 'generate_invoices', 'send_invoices', 'cancel', 'prepare_documents']);
    expect(Object.keys(EXPECTED)).toEqual([...RUN_STATUSES]);
  });

  const matrix = RUN_STATUSES.flatMap((status) => USER_ACTIONS.map((action, i) => [status, action, EXPECTED[status][i]] as const));
  it.each(matrix)('%s / %s: %p', (status, action, expected) => {
    expect(reason(run(status), action)).toBe(expected);
    // A finished or failed job holds nothing up.
    expect(reason(run(status, { job: job('amounts', 'failed') }), action)).toBe(expected);
    expect(reason(run(status, { job: job('invoices', 'succeeded') }), action)).toBe(expected);
  });

  it('while the amounts are being generated, only that job may be started (again); the status speaks first', () => {
    for (const state of ['queued', 'running'] as const) {
      const busy = run('submitted', { job: job('amounts', state) });
      expect(reason(busy, 'generate_amounts')).toBeNull();
      expect(reason(busy, 'cancel')).toBe(BUSY);
      expect(reason(busy, 'activate')).toBe(ACTIVATED);
      expect(reason(busy, 'approve')).toBe('Generate the amounts first.');
      expect(reason(busy, 'generate_invoices')).toBe('Generate the amounts and approve them first.');
      expect(reason(busy, 'delete_amounts')).toBe(NO_AMOUNTS);
    }
  });

  it('while the invoices are being generated, only that job may be started (again)', () => {
    const busy = run('approved', { job: job('invoices', 'running'), invoices: 3 });
    expect(reason(busy, 'generate_invoices')).toBeNull();
    expect(reason(busy, 'generate_amounts')).toBe(APPROVED);
    expect(reason(busy, 'cancel')).toBe('An approved run can no longer be cancelled.');
  });

  it('a job of one type makes an action of the other wait where the status would allow it', () => {
    expect(reason(run('submitted', { job: job('invoices', 'running') }), 'generate_amounts')).toBe(BUSY);
    expect(reason(run('amounts_generated', { job: job('amounts', 'queued') }), 'approve')).toBe(BUSY);
    expect(reason(run('on_hold', { job: job('amounts', 'running') }), 'activate')).toBe(BUSY);
  });

  it('amounts that have been invoiced cannot be removed (delete amounts, cancel)', () => {
    const invoiced = run('amounts_generated', { invoices: 1 });
    expect(reason(invoiced, 'delete_amounts')).toBe(HAS_INVOICES);
    expect(reason(invoiced, 'cancel')).toBe(HAS_INVOICES);
    expect(reason(invoiced, 'approve')).toBeNull();
    // a busy job is named before the invoices
    expect(reason(run('submitted', { invoices: 1, job: job('amounts', 'running') }), 'cancel')).toBe(BUSY);
  });

  it('in Dutch', () => {
    expect(reason(run('on_hold'), 'approve', NL)).toBe('Activeer eerst de run en genereer de bedragen.');
    expect(reason(run('submitted', { job: job('amounts', 'running') }), 'cancel', NL)).toBe('Wacht tot de lopende taak klaar is.');
    expect(reason(run('amounts_generated', { invoices: 2 }), 'delete_amounts', NL)).toBe(
      'De run heeft al facturen, dus de bedragen kunnen niet meer worden verwijderd.',
    );
    expect(reason(run('cancelled'), 'activate', NL)).toBe('De run is geannuleerd.');
  });

  it.each(['en', 'nl'] as const)('every refusal key of the lifecycle has its %s sentence', (locale) => {
    const messages: Record<string, string> = locale === 'en' ? en : nl;
    expect(REFUSAL_MESSAGE_KEYS.length).toBeGreaterThan(3);
    expect(REFUSAL_MESSAGE_KEYS.filter((key) => typeof messages[key] !== 'string' || messages[key].trim() === '')).toEqual([]);
  });
});

describe('header buttons shown per status (Activate, Approve, Cancel)', () => {
  /** Shown while the action is allowed or can still become allowed; hidden once it never can. */
  const SHOWN: Record<'activate' | 'approve' | 'cancel', RunStatus[]> = {
    activate: ['draft', 'on_hold'],
    approve: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
    cancel: ['draft', 'on_hold', 'submitted', 'amounts_generated'],
  };
  const cases = (['activate', 'approve', 'cancel'] as const).flatMap((action) =>
    RUN_STATUSES.map((status) => [action, status, SHOWN[action].includes(status)] as const),
  );
  it.each(cases)('%s in %s: %p', (action, status, shown) => {
    expect(isActionShown({ status }, action)).toBe(shown);
  });
});
