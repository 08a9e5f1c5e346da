import * as React from 'react';
import { Box, Flex, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { Run, RunEvent } from '../../../../shared/contracts/runs';
import { isRunStatus, type RunStatus } from '../../../../shared/lifecycle';
import { useGetRunEventsQuery } from '../../services/api';
import { formatMoment } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { eventActionMessage, formatActor, statusMessage } from '../../utils/labels';
import { DataTable, TextCell } from '../ListParts';
import { Pager } from './Pager';
import { LoadingBlock } from './RunParts';
import { runVersion } from './runVersion';

const PAGE_SIZE = 10;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The run's audit trail (DESIGN §4): when, who, what, and the status change. */
export const RunHistory = ({ run }: { run: Run }) => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  const [page, setPage] = React.useState(1);
  const { data, isLoading } = useGetRunEventsQuery({
    id: run.documentId,
    page,
    pageSize: PAGE_SIZE,
    version: runVersion(run),
  });

  const statusLabel = (status: RunStatus | null): string =>
    status && isRunStatus(status) ? formatMessage(statusMessage(status)) : '';

  const actionLabel = (action: string): string => {
    const message = eventActionMessage(action);
    return message ? formatMessage(message) : action;
  };

  /** A short line from the event's details (counts of a finished job, a failed job's error). */
  const detailsLine = (event: RunEvent): string | null => {
    const d = event.details;
    if (!d) return null;
    if (event.action === 'complete_amounts') {
      const created = num(d.created);
      if (created === null) return null;
      return formatMessage(
        {
          id: getTranslation('events.details.amounts'),
          defaultMessage: '{created} created, {alreadyInvoiced} already invoiced, {parked} parked',
        },
        {
          created: formatNumber(created),
          alreadyInvoiced: formatNumber(num(d.alreadyInvoiced) ?? 0),
          parked: formatNumber(num(d.parked) ?? 0),
        },
      );
    }
    if (event.action === 'complete_invoices') {
      const invoices = num(d.invoices);
      if (invoices === null) return null;
      return formatMessage(
        { id: getTranslation('events.details.invoices'), defaultMessage: '{invoices} invoices, {lines} lines' },
        { invoices: formatNumber(invoices), lines: formatNumber(num(d.lines) ?? 0) },
      );
    }
    if (event.action === 'job_failed' && typeof d.error === 'string') return d.error;
    return null;
  };

  const events = data?.results ?? [];

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius tag="section" data-testid="run-history">
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {formatMessage({ id: getTranslation('events.title'), defaultMessage: 'History' })}
        </Typography>
        {isLoading ? (
          <LoadingBlock small>
            {formatMessage({ id: getTranslation('events.loading'), defaultMessage: 'Loading the history…' })}
          </LoadingBlock>
        ) : events.length === 0 ? (
          <Typography textColor="neutral600">
            {formatMessage({ id: getTranslation('events.empty'), defaultMessage: 'Nothing has happened to this run yet.' })}
          </Typography>
        ) : (
          <DataTable
            data-testid="run-events"
            rowCount={events.length}
            headers={[
              formatMessage({ id: getTranslation('events.column.when'), defaultMessage: 'When' }),
              formatMessage({ id: getTranslation('events.column.who'), defaultMessage: 'Who' }),
              formatMessage({ id: getTranslation('events.column.what'), defaultMessage: 'What' }),
              formatMessage({ id: getTranslation('events.column.status'), defaultMessage: 'Status' }),
            ]}
          >
            {events.map((event) => {
              const details = detailsLine(event);
              const changed = event.from !== event.to;
              return (
                <Tr key={event.id} data-action={event.action}>
                  <TextCell>{formatMoment(intl, event.at)}</TextCell>
                  <TextCell>{formatActor(formatMessage, event.actor, event.actorName)}</TextCell>
                  <Td>
                    <Typography textColor="neutral800">{actionLabel(event.action)}</Typography>
                    {details ? (
                      <Typography variant="pi" textColor={event.action === 'job_failed' ? 'danger600' : 'neutral600'} tag="p">
                        {details}
                      </Typography>
                    ) : null}
                  </Td>
                  <TextCell>
                    {changed
                      ? formatMessage(
                          { id: getTranslation('events.statusChange'), defaultMessage: '{from} → {to}' },
                          { from: statusLabel(event.from) || '–', to: statusLabel(event.to) },
                        )
                      : statusLabel(event.to)}
                  </TextCell>
                </Tr>
              );
            })}
          </DataTable>
        )}
        <Pager name="events" pagination={data?.pagination} onPageChange={setPage} />
      </Flex>
    </Box>
  );
};
