import * as React from 'react';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { Run } from '../../../../shared/contracts/runs';
import { canPerform, type RunAction } from '../../../../shared/lifecycle';
import { getTranslation } from '../../utils/getTranslation';
import { isJobActive } from '../JobProgress';

/** The sentences that say why a run action cannot be performed now. */
const HINTS = {
  jobRunning: { id: getTranslation('run.hint.jobRunning'), defaultMessage: 'Wait until the running job has finished.' },
  hasInvoices: {
    id: getTranslation('run.hint.hasInvoices'),
    defaultMessage: 'The run already has invoices, so its amounts can no longer be removed.',
  },
  cancelled: { id: getTranslation('run.hint.cancelled'), defaultMessage: 'The run has been cancelled.' },
  invoicesGenerated: {
    id: getTranslation('run.hint.invoicesGenerated'),
    defaultMessage: 'The invoices of this run have already been generated.',
  },
  draft: { id: getTranslation('run.hint.draft'), defaultMessage: 'The run is still being created.' },
  alreadyActivated: { id: getTranslation('run.hint.alreadyActivated'), defaultMessage: 'The run has already been activated.' },
  activateFirst: { id: getTranslation('run.hint.activateFirst'), defaultMessage: 'Activate the run first.' },
  amountsExist: {
    id: getTranslation('run.hint.amountsExist'),
    defaultMessage: 'The amounts have already been generated; delete them first to generate them again.',
  },
  alreadyApproved: { id: getTranslation('run.hint.alreadyApproved'), defaultMessage: 'The run has already been approved.' },
  noAmounts: { id: getTranslation('run.hint.noAmounts'), defaultMessage: 'There are no amounts to delete.' },
  approvedNoDelete: {
    id: getTranslation('run.hint.approvedNoDelete'),
    defaultMessage: 'Amounts cannot be deleted once the run has been approved.',
  },
  activateAndGenerate: {
    id: getTranslation('run.hint.activateAndGenerate'),
    defaultMessage: 'Activate the run and generate the amounts first.',
  },
  generateAmountsFirst: { id: getTranslation('run.hint.generateAmountsFirst'), defaultMessage: 'Generate the amounts first.' },
  activateGenerateApprove: {
    id: getTranslation('run.hint.activateGenerateApprove'),
    defaultMessage: 'Activate the run, generate the amounts and approve them first.',
  },
  generateAndApprove: {
    id: getTranslation('run.hint.generateAndApprove'),
    defaultMessage: 'Generate the amounts and approve them first.',
  },
  approveFirst: { id: getTranslation('run.hint.approveFirst'), defaultMessage: 'Approve the amounts first.' },
  approvedNoCancel: {
    id: getTranslation('run.hint.approvedNoCancel'),
    defaultMessage: 'An approved run can no longer be cancelled.',
  },
  notNow: { id: getTranslation('run.hint.notNow'), defaultMessage: 'This is not possible in the current status.' },
} satisfies Record<string, MessageDescriptor>;

export type DisabledHint = keyof typeof HINTS;

/**
 * Why `action` cannot be performed on `run` now (DESIGN §4, shared/lifecycle): the hint to show, or
 * null when the action is allowed.
 */
export const disabledHint = (run: Pick<Run, 'status' | 'job' | 'totals'>, action: RunAction): DisabledHint | null => {
  const { status } = run;
  if (canPerform(status, action)) {
    if (isJobActive(run.job)) {
      // A job of the same type may be "started" again (the server answers the running one).
      const sameJob =
        (action === 'generate_amounts' && run.job?.type === 'amounts') ||
        (action === 'generate_invoices' && run.job?.type === 'invoices');
      return sameJob ? null : 'jobRunning';
    }
    if ((action === 'delete_amounts' || action === 'cancel') && run.totals.invoices > 0) return 'hasInvoices';
    return null;
  }
  if (status === 'cancelled') return 'cancelled';
  if (status === 'invoices_generated') return 'invoicesGenerated';
  if (status === 'draft') return 'draft';
  switch (action) {
    case 'activate':
      return 'alreadyActivated';
    case 'generate_amounts':
      if (status === 'on_hold') return 'activateFirst';
      return status === 'amounts_generated' ? 'amountsExist' : 'alreadyApproved';
    case 'delete_amounts':
      return status === 'on_hold' || status === 'submitted' ? 'noAmounts' : 'approvedNoDelete';
    case 'approve':
      if (status === 'on_hold') return 'activateAndGenerate';
      return status === 'submitted' ? 'generateAmountsFirst' : 'alreadyApproved';
    case 'generate_invoices':
      if (status === 'on_hold') return 'activateGenerateApprove';
      return status === 'submitted' ? 'generateAndApprove' : 'approveFirst';
    case 'cancel':
      return 'approvedNoCancel';
    default:
      return 'notNow';
  }
};

/**
 * Why a run action cannot be performed now, as a sentence for the tooltip or hint of its disabled
 * button; null when the action is allowed.
 */
export const useDisabledReason = () => {
  const { formatMessage } = useIntl();

  return React.useCallback(
    (run: Pick<Run, 'status' | 'job' | 'totals'>, action: RunAction): string | null => {
      const hint = disabledHint(run, action);
      return hint ? formatMessage(HINTS[hint]) : null;
    },
    [formatMessage],
  );
};
