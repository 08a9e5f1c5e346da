import { Box, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { Job } from '../../../../shared/contracts/runs';
import type { JobType } from '../../../../shared/jobs';
import { formatMoment } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';

/** How many parked lines are listed on the page (the job keeps up to 1,000). */
const PARKED_SHOWN = 20;

/** One count of the summary, e.g. "Created: 1,200". */
const Count = ({
  message,
  count,
  'data-testid': testId,
  warn = false,
}: {
  message: MessageDescriptor;
  count: number;
  'data-testid': string;
  /** In red (parked lines). */
  warn?: boolean;
}) => {
  const { formatMessage, formatNumber } = useIntl();
  return (
    <Typography data-testid={testId} textColor={warn ? 'danger600' : undefined}>
      {formatMessage(message, { count: formatNumber(count) })}
    </Typography>
  );
};

/** The title of a failed job's error, per job type. */
const FAILED_TITLES: Readonly<Record<JobType, MessageDescriptor>> = {
  amounts: { id: getTranslation('amounts.job.failed.title'), defaultMessage: 'Generating the amounts failed' },
  invoices: { id: getTranslation('invoices.job.failed.title'), defaultMessage: 'Generating the invoices failed' },
  documents: { id: getTranslation('documents.job.failed.title'), defaultMessage: 'Preparing the documents failed' },
  send: { id: getTranslation('invoices.send.job.failed.title'), defaultMessage: 'Sending the invoices failed' },
};

export interface JobSummaryProps {
  job: Job | null;
  type: JobType;
}

/**
 * The outcome of the run's last job of one type: a failed job's error (it stays until a new job
 * starts) or the summary of a finished one (created, already invoiced, parked lines with reasons).
 */
export const JobSummary = ({ job, type }: JobSummaryProps) => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  if (!job || job.type !== type) return null;

  if (job.state === 'failed') {
    return (
      <Box
        background="danger100"
        borderColor="danger200"
        borderStyle="solid"
        borderWidth="1px"
        padding={4}
        hasRadius
        role="alert"
        data-testid={`${type}-job-error`}
      >
        <Flex gap={3} alignItems="flex-start">
          <WarningCircle fill="danger600" aria-hidden />
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography fontWeight="bold" textColor="danger700">
              {formatMessage(FAILED_TITLES[type])}
            </Typography>
            <Typography textColor="neutral800">
              {formatMessage(
                {
                  id: getTranslation('run.job.failed.body'),
                  defaultMessage: '{error} Press Generate to try again.',
                },
                { error: job.error ?? '' },
              )}
            </Typography>
          </Flex>
        </Flex>
      </Box>
    );
  }

  if (job.state !== 'succeeded') return null;

  const { summary } = job;
  const parkedCount = summary.parkedCount ?? summary.parked.length;
  const finished = job.finishedAt ? formatMoment(intl, job.finishedAt) : '';

  return (
    <Box background="neutral100" padding={4} hasRadius data-testid={`${type}-job-summary`}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="delta" tag="h3">
          {formatMessage({ id: getTranslation('run.job.summary.title'), defaultMessage: 'Last generation' })}
          {finished ? (
            <Typography variant="pi" textColor="neutral600">
              {' '}
              {formatMessage(
                { id: getTranslation('run.job.summary.finishedAt'), defaultMessage: '(finished {at})' },
                { at: finished },
              )}
            </Typography>
          ) : null}
        </Typography>
        {type === 'send' ? (
          <Flex gap={6} wrap="wrap">
            <Count
              data-testid="summary-sent"
              message={{ id: getTranslation('invoices.send.summary.sent'), defaultMessage: 'Sent: {count}' }}
              count={summary.sent ?? 0}
            />
            <Count
              data-testid="summary-failed"
              message={{ id: getTranslation('invoices.send.summary.failed'), defaultMessage: 'Failed: {count}' }}
              count={summary.failed ?? 0}
              warn={(summary.failed ?? 0) > 0}
            />
          </Flex>
        ) : type === 'amounts' ? (
          <Flex gap={6} wrap="wrap">
            <Count
              data-testid="summary-created"
              message={{ id: getTranslation('amounts.summary.created'), defaultMessage: 'Created: {count}' }}
              count={summary.created}
            />
            <Count
              data-testid="summary-already-invoiced"
              message={{ id: getTranslation('amounts.summary.alreadyInvoiced'), defaultMessage: 'Already invoiced: {count}' }}
              count={summary.alreadyInvoiced}
            />
            <Count
              data-testid="summary-parked"
              message={{ id: getTranslation('amounts.summary.parked'), defaultMessage: 'Parked: {count}' }}
              count={parkedCount}
              warn={parkedCount > 0}
            />
          </Flex>
        ) : type === 'documents' ? (
          <Flex gap={6} wrap="wrap">
            <Count
              data-testid="summary-created"
              message={{ id: getTranslation('documents.summary.created'), defaultMessage: 'Documents archived: {count}' }}
              count={summary.created}
            />
          </Flex>
        ) : (
          <Flex gap={6} wrap="wrap">
            <Count
              data-testid="summary-created"
              message={{ id: getTranslation('invoices.summary.created'), defaultMessage: 'Invoices created: {count}' }}
              count={summary.created}
            />
            {summary.lines !== undefined ? (
              <Count
                data-testid="summary-lines"
                message={{ id: getTranslation('invoices.summary.lines'), defaultMessage: 'Invoice lines: {count}' }}
                count={summary.lines}
              />
            ) : null}
          </Flex>
        )}
        {type === 'amounts' && summary.parked.length > 0 ? (
          <Box data-testid="parked-lines">
            <Typography variant="omega" fontWeight="bold" tag="p">
              {formatMessage({
                id: getTranslation('amounts.summary.parkedTitle'),
                defaultMessage: 'Parked contract lines (not included in this run):',
              })}
            </Typography>
            <Box tag="ul" paddingLeft={4}>
              {summary.parked.slice(0, PARKED_SHOWN).map((line, index) => (
                <li key={`${line.contractLine}-${index}`}>
                  <Typography variant="pi">
                    {formatMessage(
                      { id: getTranslation('amounts.summary.parkedLine'), defaultMessage: 'Contract line {line}: {reason}' },
                      { line: line.contractLine, reason: line.reason },
                    )}
                  </Typography>
                </li>
              ))}
            </Box>
            {parkedCount > PARKED_SHOWN ? (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage(
                  { id: getTranslation('amounts.summary.parkedMore'), defaultMessage: 'and {count} more' },
                  { count: formatNumber(parkedCount - PARKED_SHOWN) },
                )}
              </Typography>
            ) : null}
          </Box>
        ) : null}
      </Flex>
    </Box>
  );
};
