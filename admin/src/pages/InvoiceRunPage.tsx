import * as React from 'react';
import { Box, Flex, Link, Tabs, Typography } from '@strapi/design-system';
import { ArrowLeft, Check, Cross, Play } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { type MessageDescriptor, useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';

import type { Job, Run } from '../../../shared/contracts/runs';
import { isJobActive, type JobType } from '../../../shared/jobs';
import { type RunAction } from '../../../shared/lifecycle';
import { ActionButton } from '../components/run/ActionButton';
import { AmountsTab } from '../components/run/AmountsTab';
import { ConfirmActionDialog } from '../components/run/ConfirmActionDialog';
import { InvoicesTab } from '../components/run/InvoicesTab';
import { RunDetails } from '../components/run/RunDetails';
import { RunHistory } from '../components/run/RunHistory';
import { isActionShown } from '../components/run/runActions';
import { useDisabledReason } from '../components/run/useDisabledReason';
import { useRunFeedback } from '../components/run/useRunFeedback';
import { usePermissions } from '../hooks/usePermissions';
import { JobProgress } from '../components/JobProgress';
import { StatusBadge } from '../components/StatusBadge';
import { IDLE_POLL_INTERVAL_MS, JOB_POLL_INTERVAL_MS } from '../constants';
import { PLUGIN_ID } from '../pluginId';
import { useGetRunEventsQuery, useGetRunQuery, useTransitionRunMutation } from '../services/api';
import { formatPeriod } from '../utils/format';
import { getTranslation } from '../utils/getTranslation';

const RUNS_LIST = `/plugins/${PLUGIN_ID}/runs`;

type Transition = 'activate' | 'approve' | 'cancel';

/** The notification after a transition went through. */
const TRANSITION_DONE: Readonly<Record<Transition, MessageDescriptor>> = {
  activate: { id: getTranslation('run.notification.activated'), defaultMessage: 'Invoice run {reference} has been activated.' },
  approve: { id: getTranslation('run.notification.approved'), defaultMessage: 'Invoice run {reference} has been approved.' },
  cancel: { id: getTranslation('run.notification.cancelled'), defaultMessage: 'Invoice run {reference} has been cancelled.' },
};

/* -------------------------------------------------------------------------------------------------
 * Job follow-up: polls while a job runs, and tells when it has ended.
 * -----------------------------------------------------------------------------------------------*/

/** The notification of a failed job, per job type. */
const FAILED_NOTIFICATIONS: Readonly<Record<JobType, MessageDescriptor>> = {
  amounts: {
    id: getTranslation('amounts.notification.failed'),
    defaultMessage: 'Generating the amounts failed: {error} Press Generate to try again.',
  },
  invoices: {
    id: getTranslation('invoices.notification.failed'),
    defaultMessage: 'Generating the invoices failed: {error} Press Generate to try again.',
  },
  documents: {
    id: getTranslation('documents.notification.failed'),
    defaultMessage: 'Preparing the documents failed: {error} Press Prepare documents to try again.',
  },
  send: {
    id: getTranslation('invoices.send.notification.failed'),
    defaultMessage: 'Sending the invoices failed: {error} Press Send invoices to try again.',
  },
};

/**
 * Remembers the jobs seen queued or running on this page (and those started from it); when one of
 * them is found finished, says so once with a notification.
 */
const useJobFollowUp = (run: Run | undefined) => {
  const { formatMessage, formatNumber } = useIntl();
  const feedback = useRunFeedback();
  const seen = React.useRef(new Set<string>());
  const notified = React.useRef(new Set<string>());
  const job = run?.job ?? null;

  const follow = React.useCallback((started: Job) => {
    seen.current.add(started.documentId);
  }, []);

  React.useEffect(() => {
    if (!job) return;
    if (isJobActive(job)) {
      seen.current.add(job.documentId);
      return;
    }
    if (!seen.current.has(job.documentId) || notified.current.has(job.documentId)) return;
    notified.current.add(job.documentId);

    if (job.state === 'failed') {
      const error = job.error ?? '';
      feedback.danger(formatMessage(FAILED_NOTIFICATIONS[job.type], { error }));
      return;
    }
    const { summary } = job;
    // One sentence per job type (the compiler asks for a new type's).
    const finished: Readonly<Record<JobType, () => string>> = {
      amounts: () =>
        formatMessage(
          {
            id: getTranslation('amounts.notification.finished'),
            defaultMessage: 'The amounts have been generated: {created} created, {alreadyInvoiced} already invoiced, {parked} parked.',
          },
          {
            created: formatNumber(summary.created),
            alreadyInvoiced: formatNumber(summary.alreadyInvoiced),
            parked: formatNumber(summary.parkedCount ?? summary.parked.length),
          },
        ),
      invoices: () =>
        formatMessage(
          {
            id: getTranslation('invoices.notification.finished'),
            defaultMessage: 'The invoices have been generated: {created, plural, one {# invoice} other {# invoices}}.',
          },
          { created: summary.created },
        ),
      documents: () =>
        formatMessage(
          {
            id: getTranslation('documents.notification.finished'),
            defaultMessage: 'The documents have been prepared: {created, plural, one {# new document} other {# new documents}}.',
          },
          { created: summary.created },
        ),
      send: () =>
        formatMessage(
          {
            id: getTranslation('invoices.send.notification.finished'),
            defaultMessage: 'Sending has finished: {sent} sent, {failed} failed.',
          },
          { sent: formatNumber(summary.sent ?? 0), failed: formatNumber(summary.failed ?? 0) },
        ),
    };
    if (job.type === 'send' && (summary.failed ?? 0) > 0) feedback.danger(finished.send());
    else feedback.success(finished[job.type]());
    // Keyed on the job's identity and state only: progress ticks do not re-run this.
  }, [job?.documentId, job?.state]);

  return follow;
};

/* -------------------------------------------------------------------------------------------------
 * InvoiceRunPage
 * -----------------------------------------------------------------------------------------------*/

/**
 * One invoice run (DESIGN §12): header with reference, name, status and its actions (Activate,
 * Approve, Cancel), the run's facts, the job progress while amounts or invoices are generated, tabs
 * Amounts and Invoices, and the audit trail.
 */
export const InvoiceRunPage = () => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const { id = '' } = useParams<{ id: string }>();
  const feedback = useRunFeedback();
  const disabledReason = useDisabledReason();
  const {
    canManageRuns,
    canApprove,
    canGenerateAmounts,
    canDeleteAmounts,
    canGenerateInvoices,
    canRead,
    canSendInvoices,
    canCreditInvoices,
    isLoading: isLoadingPermissions,
  } = usePermissions();

  // Polls every second while a job is queued or running, or while a job started here has not shown up
  // on the run yet; otherwise slowly, so steps the ticker takes by itself show up without a reload.
  const [polling, setPolling] = React.useState(false);
  const [startedJob, setStartedJob] = React.useState<string | null>(null);
  const {
    data: run,
    isLoading,
    isError,
    error,
  } = useGetRunQuery(id, {
    skip: !id,
    pollingInterval: polling ? JOB_POLL_INTERVAL_MS : IDLE_POLL_INTERVAL_MS,
  });
  const jobActive = isJobActive(run?.job);
  const awaitingJob = startedJob !== null && run !== undefined && run.job?.documentId !== startedJob;
  React.useEffect(() => setPolling(jobActive || awaitingJob), [jobActive, awaitingJob]);
  React.useEffect(() => {
    if (startedJob !== null && run?.job?.documentId === startedJob) setStartedJob(null);
  }, [startedJob, run?.job?.documentId]);

  const followJob = useJobFollowUp(run);
  const onJobStarted = React.useCallback(
    (job: Job) => {
      followJob(job);
      if (isJobActive(job)) setStartedJob(job.documentId);
    },
    [followJob],
  );

  // The approver's name comes from the audit trail (the run carries the user id only).
  const approverId = run?.approvedBy;
  const { data: approvalEvents } = useGetRunEventsQuery(
    { id, page: 1, pageSize: 100 },
    { skip: !id || approverId === null || approverId === undefined || approverId === 'system' },
  );
  const approverName = React.useMemo(() => {
    const events = approvalEvents?.results ?? [];
    for (let i = events.length - 1; i >= 0; i -= 1) {
      if (events[i].action === 'approve' && events[i].actor === approverId) return events[i].actorName;
    }
    return null;
  }, [approvalEvents, approverId]);

  const [transitionRun, { isLoading: isTransitioning }] = useTransitionRunMutation();
  const [confirming, setConfirming] = React.useState<Transition | null>(null);

  if (isLoadingPermissions || isLoading) return <Page.Loading />;

  const backLink = (
    <Link tag={NavLink} to={RUNS_LIST} startIcon={<ArrowLeft />}>
      {formatMessage({ id: getTranslation('run.back'), defaultMessage: 'Back' })}
    </Link>
  );

  if (isError || !run) {
    const notFound = Boolean(error && typeof error === 'object' && 'status' in error && error.status === 404);
    return (
      <Page.Main>
        <Layouts.Header
          navigationAction={backLink}
          title={formatMessage({ id: getTranslation('run.notFound.title'), defaultMessage: 'Invoice run' })}
        />
        <Layouts.Content>
          <Page.Error
            content={
              notFound
                ? formatMessage({
                    id: getTranslation('run.notFound.body'),
                    defaultMessage: 'This invoice run does not exist (any more).',
                  })
                : formatMessage({
                    id: getTranslation('run.loadError'),
                    defaultMessage: 'The invoice run could not be loaded.',
                  })
            }
          />
        </Layouts.Content>
      </Page.Main>
    );
  }

  const performTransition = async (action: Transition): Promise<void> => {
    try {
      await transitionRun({ id: run.documentId, action }).unwrap();
      feedback.success(formatMessage(TRANSITION_DONE[action], { reference: run.reference }));
    } catch (transitionError) {
      feedback.failure(transitionError);
    }
  };

  const reasonFor = (action: RunAction) => disabledReason(run, action);
  const showAction = (action: Transition, allowed: boolean) => allowed && isActionShown(run, action);

  const headerActions = (
    <Flex gap={2} wrap="wrap">
      {showAction('activate', canManageRuns) ? (
        <ActionButton
          variant="secondary"
          startIcon={<Play />}
          disabledReason={reasonFor('activate')}
          loading={isTransitioning && confirming === null}
          onClick={() => performTransition('activate')}
          data-testid="run-activate"
        >
          {formatMessage({ id: getTranslation('run.action.activate'), defaultMessage: 'Activate' })}
        </ActionButton>
      ) : null}
      {showAction('cancel', canManageRuns) ? (
        <ActionButton
          variant="danger-light"
          startIcon={<Cross />}
          disabledReason={reasonFor('cancel')}
          onClick={() => setConfirming('cancel')}
          data-testid="run-cancel"
        >
          {formatMessage({ id: getTranslation('run.action.cancel'), defaultMessage: 'Cancel' })}
        </ActionButton>
      ) : null}
      {showAction('approve', canApprove) ? (
        <ActionButton
          variant="default"
          startIcon={<Check />}
          disabledReason={reasonFor('approve')}
          onClick={() => setConfirming('approve')}
          data-testid="run-approve"
        >
          {formatMessage({ id: getTranslation('run.action.approve'), defaultMessage: 'Approve' })}
        </ActionButton>
      ) : null}
    </Flex>
  );

  const title = formatMessage(
    { id: getTranslation('run.header.title'), defaultMessage: '{reference} {name}' },
    { reference: run.reference, name: run.name },
  );

  return (
    <Page.Main>
      <Page.Title>
        {formatMessage(
          { id: getTranslation('run.page.title'), defaultMessage: '{reference} - Invoice runs' },
          { reference: run.reference },
        )}
      </Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={title}
        subtitle={
          <Flex gap={3} alignItems="center" paddingTop={1} data-testid="run-subtitle">
            <StatusBadge status={run.status} />
            <Typography variant="epsilon" textColor="neutral600">
              {formatPeriod(intl, run.periodStart, run.periodEnd)}
            </Typography>
          </Flex>
        }
        primaryAction={headerActions}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <RunDetails run={run} approverName={approverName} />

          {run.job && isJobActive(run.job) ? (
            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <JobProgress job={run.job} />
            </Box>
          ) : null}

          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
            <Tabs.Root defaultValue="amounts" variant="simple">
              <Tabs.List
                aria-label={formatMessage({ id: getTranslation('run.tabs.label'), defaultMessage: 'Amounts and invoices' })}
              >
                <Tabs.Trigger value="amounts">
                  {formatMessage({ id: getTranslation('run.tabs.amounts'), defaultMessage: 'Amounts' })}
                </Tabs.Trigger>
                <Tabs.Trigger value="invoices">
                  {formatMessage({ id: getTranslation('run.tabs.invoices'), defaultMessage: 'Invoices' })}
                </Tabs.Trigger>
              </Tabs.List>
              <Box paddingTop={6}>
                <Tabs.Content value="amounts">
                  <AmountsTab
                    run={run}
                    canGenerate={canGenerateAmounts}
                    canDelete={canDeleteAmounts}
                    onJobStarted={onJobStarted}
                  />
                </Tabs.Content>
                <Tabs.Content value="invoices">
                  <InvoicesTab
                    run={run}
                    canGenerate={canGenerateInvoices}
                    canRead={canRead}
                    canSend={canSendInvoices}
                    canCredit={canCreditInvoices}
                    onJobStarted={onJobStarted}
                  />
                </Tabs.Content>
              </Box>
            </Tabs.Root>
          </Box>

          <RunHistory run={run} />
        </Flex>
      </Layouts.Content>

      <ConfirmActionDialog
        open={confirming === 'approve'}
        onOpenChange={(open) => setConfirming(open ? 'approve' : null)}
        title={formatMessage({ id: getTranslation('dialog.approve.title'), defaultMessage: 'Approve invoice run' })}
        confirmLabel={formatMessage({ id: getTranslation('dialog.approve.confirm'), defaultMessage: 'Approve' })}
        onConfirm={() => performTransition('approve')}
        variant="success"
        data-testid="approve-dialog"
      >
        {formatMessage(
          {
            id: getTranslation('dialog.approve.body'),
            defaultMessage:
              'Approve the {count, plural, one {# amount} other {# amounts}} of {reference}? The invoices are generated from exactly these amounts.',
          },
          { count: run.totals.amounts, reference: run.reference },
        )}
      </ConfirmActionDialog>

      <ConfirmActionDialog
        open={confirming === 'cancel'}
        onOpenChange={(open) => setConfirming(open ? 'cancel' : null)}
        title={formatMessage({ id: getTranslation('dialog.cancel.title'), defaultMessage: 'Cancel invoice run' })}
        confirmLabel={formatMessage({ id: getTranslation('dialog.cancel.confirm'), defaultMessage: 'Cancel run' })}
        onConfirm={() => performTransition('cancel')}
        variant="danger"
        data-testid="cancel-dialog"
      >
        {formatMessage(
          {
            id: getTranslation('dialog.cancel.body'),
            defaultMessage: 'Cancel {reference}? Its amounts are removed and the run cannot be used any more.',
          },
          { reference: run.reference },
        )}
      </ConfirmActionDialog>
    </Page.Main>
  );
};

export default InvoiceRunPage;
