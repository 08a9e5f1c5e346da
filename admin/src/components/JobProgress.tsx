import { Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { Job } from '../../../shared/contracts/runs';
import { getTranslation } from '../utils/getTranslation';

/** Whole percent of a job, 0–100 (integer arithmetic on counts). */
export const jobPercent = (job: Pick<Job, 'processed' | 'total'>): number =>
  job.total > 0 ? Math.min(100, Math.floor((job.processed * 100) / job.total)) : 0;

/**
 * A job's progress: a bar and "Generating amounts: 1,200 of 5,000 lines (24%)". `compact` shows the
 * bar with a percentage only (for table rows).
 */
export const JobProgress = ({ job, compact = false }: { job: Job; compact?: boolean }) => {
  const { formatMessage, formatNumber } = useIntl();
  const percent = jobPercent(job);
  const label = formatMessage(
    { id: getTranslation(`job.progress.${job.type}`), defaultMessage: 'Generating: {processed} of {total} ({percent}%)' },
    { processed: formatNumber(job.processed), total: formatNumber(job.total), percent }
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={1} role="status" aria-live="polite" data-testid="job-progress" data-percent={percent}>
      <ProgressBar value={percent} size={compact ? 'S' : 'M'} aria-label={label} />
      <Typography variant="pi" textColor="neutral600">
        {compact ? `${percent}%` : label}
      </Typography>
    </Flex>
  );
};
