import * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { Job, Run } from '../../../../shared/contracts/runs';
import { isJobActive, type JobType } from '../../../../shared/jobs';
import { startActionOf } from '../../../../shared/lifecycle';
import { useStartJobMutation } from '../../services/api';
import { getTranslation } from '../../utils/getTranslation';
import { ActionButton } from './ActionButton';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { JobSummary } from './JobSummary';
import { useDisabledReason } from './useDisabledReason';
import { useRunFeedback } from './useRunFeedback';

/** Per job type: the Generate button's text and test id, and the notification when its job starts. */
const GENERATE: Readonly<
  Record<JobType, { label: MessageDescriptor; started: MessageDescriptor; testId: string; hintTestId: string }>
> = {
  amounts: {
    testId: 'generate-amounts',
    hintTestId: 'generate-amounts-hint',
    label: { id: getTranslation('amounts.generate'), defaultMessage: 'Generate' },
    started: {
      id: getTranslation('amounts.notification.started'),
      defaultMessage: 'Generating the amounts has started. This runs in the background.',
    },
  },
  send: {
    testId: 'send-invoices',
    hintTestId: 'send-invoices-hint',
    label: { id: getTranslation('invoices.send'), defaultMessage: 'Send invoices' },
    started: {
      id: getTranslation('invoices.notification.sendStarted'),
      defaultMessage: 'Sending the invoices has started. This runs in the background.',
    },
  },
  invoices: {
    testId: 'generate-invoices',
    hintTestId: 'generate-invoices-hint',
    label: { id: getTranslation('invoices.generate'), defaultMessage: 'Generate' },
    started: {
      id: getTranslation('invoices.notification.started'),
      defaultMessage: 'Generating the invoices has started. This runs in the background.',
    },
  },
  documents: {
    testId: 'prepare-documents',
    hintTestId: 'prepare-documents-hint',
    label: { id: getTranslation('documents.prepare'), defaultMessage: 'Prepare documents' },
    started: {
      id: getTranslation('documents.notification.started'),
      defaultMessage: 'Preparing the documents has started. This runs in the background.',
    },
  },
};

export interface GenerateActionsProps {
  run: Run;
  /** The job the Generate button starts. */
  type: JobType;
  canGenerate: boolean;
  /** Called with the job the server answered, so the page follows it until it ends. */
  onJobStarted: (job: Job) => void;
  /** More buttons of the tab, after Generate (Delete amounts). */
  children?: React.ReactNode;
  /** Ask first: the dialog's title, text and confirm button (Send invoices, with the count). */
  confirm?: { title: string; body: string; confirmLabel: string };
  /** The button's text instead of the job type's ("Retry failed"). */
  label?: string;
}

/**
 * The top of the Amounts and Invoices tabs: Generate (busy while its job runs), the tab's other
 * buttons, why Generate is disabled, and the summary of the last job of this type.
 */
export const GenerateActions = ({ run, type, canGenerate, onJobStarted, children, confirm, label }: GenerateActionsProps) => {
  const [confirmOpen, setConfirmOpen] = React.useState(false);
  const { formatMessage } = useIntl();
  const feedback = useRunFeedback();
  const disabledReason = useDisabledReason();
  const [startJob, { isLoading: isStarting }] = useStartJobMutation();

  const generateReason = disabledReason(run, startActionOf(type));
  const isGenerating = run.job?.type === type && isJobActive(run.job);

  const handleGenerate = async () => {
    try {
      const job = await startJob({ id: run.documentId, type }).unwrap();
      onJobStarted(job);
      feedback.info(formatMessage(GENERATE[type].started));
    } catch (error) {
      feedback.failure(error);
    }
  };

  return (
    <>
      {canGenerate || children ? (
        <Flex gap={2} wrap="wrap" alignItems="center">
          {canGenerate ? (
            <ActionButton
              startIcon={<Play />}
              disabledReason={isGenerating ? null : generateReason}
              loading={isStarting || isGenerating}
              onClick={confirm ? () => setConfirmOpen(true) : handleGenerate}
              data-testid={GENERATE[type].testId}
            >
              {label ?? formatMessage(GENERATE[type].label)}
            </ActionButton>
          ) : null}
          {children}
          {canGenerate && generateReason && !isGenerating ? (
            <Typography variant="pi" textColor="neutral600" data-testid={GENERATE[type].hintTestId}>
              {generateReason}
            </Typography>
          ) : null}
        </Flex>
      ) : null}

      {confirm ? (
        <ConfirmActionDialog
          open={confirmOpen}
          onOpenChange={setConfirmOpen}
          title={confirm.title}
          confirmLabel={confirm.confirmLabel}
          onConfirm={handleGenerate}
          variant="default"
          data-testid={`${GENERATE[type].testId}-confirm`}
        >
          {confirm.body}
        </ConfirmActionDialog>
      ) : null}
      <JobSummary job={run.job} type={type} />
    </>
  );
};
