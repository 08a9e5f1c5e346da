import * as React from 'react';
import { Box, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import type { Run } from '../../../../shared/contracts/runs';
import { formatCalendarDate, formatMoment, formatPeriod } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { CYCLE_MESSAGES, formatActor } from '../../utils/labels';

const Detail = ({ label, name, children }: { label: string; name: string; children: React.ReactNode }) => (
  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
    <Flex direction="column" alignItems="flex-start" gap={1} data-field={name}>
      <Typography variant="sigma" textColor="neutral600" tag="dt">
        {label}
      </Typography>
      <Typography variant="omega" textColor="neutral800" tag="dd">
        {children}
      </Typography>
    </Flex>
  </Grid.Item>
);

export interface RunDetailsProps {
  run: Run;
  /** The approver's name from the audit trail, when known. */
  approverName: string | null;
}

/** The run's facts under the header: period, dates, schedule and approval. */
export const RunDetails = ({ run, approverName }: RunDetailsProps) => {
  const intl = useIntl();
  const { formatMessage } = intl;

  const approver = run.approvedBy === null ? null : formatActor(formatMessage, run.approvedBy, approverName);

  const none = formatMessage({ id: getTranslation('run.details.none'), defaultMessage: '-' });

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius data-testid="run-details">
      <Grid.Root gap={5} tag="dl">
        <Detail name="period" label={formatMessage({ id: getTranslation('run.details.period'), defaultMessage: 'Period' })}>
          {formatPeriod(intl, run.periodStart, run.periodEnd)}
        </Detail>
        <Detail name="cycle" label={formatMessage({ id: getTranslation('run.details.cycle'), defaultMessage: 'Cycle' })}>
          {formatMessage(CYCLE_MESSAGES[run.cycle])}
        </Detail>
        <Detail
          name="activationDate"
          label={formatMessage({ id: getTranslation('run.details.activationDate'), defaultMessage: 'Activation date' })}
        >
          {formatCalendarDate(intl, run.activationDate)}
        </Detail>
        <Detail name="schedule" label={formatMessage({ id: getTranslation('run.details.schedule'), defaultMessage: 'Schedule' })}>
          {run.schedule ? (
            <Link tag={NavLink} to={`../../schedules/${run.schedule.documentId}`} relative="path">
              {run.schedule.reference}
              {run.schedule.name ? ` ${run.schedule.name}` : ''}
            </Link>
          ) : (
            none
          )}
        </Detail>
        <Detail
          name="invoiceDate"
          label={formatMessage({ id: getTranslation('run.details.invoiceDate'), defaultMessage: 'Invoice date' })}
        >
          {formatCalendarDate(intl, run.invoiceDate)}
        </Detail>
        <Detail name="dueDate" label={formatMessage({ id: getTranslation('run.details.dueDate'), defaultMessage: 'Due date' })}>
          {formatCalendarDate(intl, run.dueDate)}
        </Detail>
        <Detail
          name="invoiceName"
          label={formatMessage({ id: getTranslation('run.details.invoiceName'), defaultMessage: 'Invoice name' })}
        >
          {run.invoiceName || none}
        </Detail>
        <Detail
          name="invoiceCategory"
          label={formatMessage({ id: getTranslation('run.details.invoiceCategory'), defaultMessage: 'Invoice category' })}
        >
          {run.invoiceCategory?.name ?? none}
        </Detail>
        <Detail
          name="approvedBy"
          label={formatMessage({ id: getTranslation('run.details.approvedBy'), defaultMessage: 'Approved by' })}
        >
          {approver ?? none}
        </Detail>
        <Detail
          name="approvedAt"
          label={formatMessage({ id: getTranslation('run.details.approvedAt'), defaultMessage: 'Approved at' })}
        >
          {run.approvedAt ? formatMoment(intl, run.approvedAt) : none}
        </Detail>
      </Grid.Root>
    </Box>
  );
};
