import * as React from 'react';
import {
  Box,
  Flex,
  LinkButton,
  SingleSelect,
  SingleSelectOption,
  Td,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Calendar, Minus } from '@strapi/icons';
import { Page, SearchInput, withEncodedUserParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import type { Run } from '../../../shared/contracts/runs';
import { isJobActive } from '../../../shared/jobs';
import { isRunStatus, RUN_STATUSES } from '../../../shared/lifecycle';
import { JobProgress } from '../components/JobProgress';
import { JournalExportButton } from '../components/JournalExportDialog';
import { EmptyList, ListPageLayout, PaginatedTable, ReferenceLink, TextCell, useListQuery } from '../components/ListParts';
import { StatusBadge } from '../components/StatusBadge';
import { IDLE_POLL_INTERVAL_MS, JOB_POLL_INTERVAL_MS } from '../constants';
import { useGetRunsQuery } from '../services/api';
import { formatCalendarDate, formatMoney, formatPeriod } from '../utils/format';
import { getTranslation } from '../utils/getTranslation';
import { statusMessage } from '../utils/labels';

/** The status filter's value for "no filter" (the URL then has no `status`). */
const ALL_STATUSES = 'all';

/* -------------------------------------------------------------------------------------------------
 * Money cells
 * -----------------------------------------------------------------------------------------------*/

/** Net or gross of a run: one amount, or one line per currency when the run has several. */
const MoneyCell = ({ run, field }: { run: Run; field: 'net' | 'gross' }) => {
  const intl = useIntl();
  const { totals } = run;
  if (totals.amounts === 0) {
    return (
      <Typography textColor="neutral600" aria-hidden>
        –
      </Typography>
    );
  }
  if (!totals.currency && totals.byCurrency.length > 0) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        {totals.byCurrency.map((line) => (
          <Typography key={line.currency} textColor="neutral800" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(intl, line[field], line.currency)}
          </Typography>
        ))}
      </Flex>
    );
  }
  return (
    <Typography textColor="neutral800" style={{ whiteSpace: 'nowrap' }}>
      {formatMoney(intl, totals[field], totals.currency)}
    </Typography>
  );
};

/* -------------------------------------------------------------------------------------------------
 * InvoiceRunsPage
 * -----------------------------------------------------------------------------------------------*/

/**
 * Invoicing → Invoice runs: searchable (reference or name), filterable by status, paginated; the
 * reference opens the run. While a listed run has a queued or running job the list is polled, so its
 * progress moves without a refresh.
 */
export const InvoiceRunsPage = () => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  const { query, setQuery, search, params, searchKey, clearSearch } = useListQuery();
  const status = isRunStatus(query.status) ? query.status : undefined;

  const [polling, setPolling] = React.useState(false);
  const { data, isLoading, isError, isFetching } = useGetRunsQuery(
    { ...params, status },
    {
      pollingInterval: polling ? JOB_POLL_INTERVAL_MS : IDLE_POLL_INTERVAL_MS,
      refetchOnMountOrArgChange: true,
    },
  );
  const runs = React.useMemo(() => data?.results ?? [], [data]);
  const anyActive = runs.some((run) => isJobActive(run.job));
  React.useEffect(() => setPolling(anyActive), [anyActive]);

  const isFiltered = Boolean(search || status);

  const handleStatusChange = (value: string | number) => {
    const next = String(value);
    setQuery(
      withEncodedUserParams(query, {
        status: next === ALL_STATUSES ? undefined : next,
        page: '1',
      }),
    );
  };

  const title = formatMessage({ id: getTranslation('runs.header.title'), defaultMessage: 'Invoice runs' });

  if (isLoading) {
    return <Page.Loading />;
  }

  if (isError || !data) {
    return <Page.Error />;
  }

  const { pagination } = data;
  const schedulesLabel = formatMessage({ id: getTranslation('nav.schedules'), defaultMessage: 'Invoice run schedules' });

  return (
    <ListPageLayout
      isFetching={isFetching}
      title={title}
      subtitle={formatMessage(
        {
          id: getTranslation('runs.header.subtitle'),
          defaultMessage: '{total, plural, =0 {No invoice runs found} one {# invoice run found} other {# invoice runs found}}',
        },
        { total: pagination.total },
      )}
      primaryAction={
        <Flex gap={2}>
          <JournalExportButton />
          <LinkButton tag={NavLink} to="../credit-notes" variant="tertiary" startIcon={<Minus />} size="S">
            {formatMessage({ id: getTranslation('nav.creditNotes'), defaultMessage: 'Credit notes' })}
          </LinkButton>
          <LinkButton tag={NavLink} to="../schedules" variant="secondary" startIcon={<Calendar />} size="S">
            {schedulesLabel}
          </LinkButton>
        </Flex>
      }
      filters={
        <>
          <SearchInput
            key={searchKey}
            label={formatMessage({ id: getTranslation('runs.search.label'), defaultMessage: 'Search for an invoice run' })}
            placeholder={formatMessage({
              id: getTranslation('runs.search.placeholder'),
              defaultMessage: 'Search by reference or name',
            })}
          />
          <Box minWidth="20rem">
            <SingleSelect
              name="status"
              size="S"
              aria-label={formatMessage({ id: getTranslation('runs.filter.status'), defaultMessage: 'Filter by status' })}
              value={status ?? ALL_STATUSES}
              onChange={handleStatusChange}
            >
              <SingleSelectOption value={ALL_STATUSES}>
                {formatMessage({ id: getTranslation('runs.filter.status.all'), defaultMessage: 'All statuses' })}
              </SingleSelectOption>
              {RUN_STATUSES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {formatMessage(statusMessage(value))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </>
      }
    >
      {runs.length === 0 ? (
        <EmptyList
          content={formatMessage({
            id: getTranslation('runs.empty'),
            defaultMessage: 'There are no invoice runs yet. Create an invoice run schedule to generate them.',
          })}
          action={
            <LinkButton tag={NavLink} to="../schedules" variant="secondary" startIcon={<Calendar />}>
              {schedulesLabel}
            </LinkButton>
          }
          filtered={
            isFiltered
              ? {
                  content: formatMessage({
                    id: getTranslation('runs.empty.filtered'),
                    defaultMessage: 'No invoice runs match your search or filter.',
                  }),
                  clearLabel: formatMessage({
                    id: getTranslation('runs.empty.clear'),
                    defaultMessage: 'Clear search and filter',
                  }),
                  onClear: () => clearSearch({ status: undefined }),
                }
              : null
          }
        />
      ) : (
        <PaginatedTable
          aria-label={title}
          pagination={pagination}
          rowCount={runs.length}
          headers={[
            formatMessage({ id: getTranslation('runs.table.reference'), defaultMessage: 'Reference' }),
            formatMessage({ id: getTranslation('runs.table.name'), defaultMessage: 'Name' }),
            formatMessage({ id: getTranslation('runs.table.status'), defaultMessage: 'Status' }),
            formatMessage({ id: getTranslation('runs.table.period'), defaultMessage: 'Period' }),
            formatMessage({ id: getTranslation('runs.table.activationDate'), defaultMessage: 'Activation date' }),
            formatMessage({ id: getTranslation('runs.table.amounts'), defaultMessage: 'Amounts' }),
            formatMessage({ id: getTranslation('runs.table.net'), defaultMessage: 'Net' }),
            formatMessage({ id: getTranslation('runs.table.gross'), defaultMessage: 'Gross' }),
          ]}
        >
          {runs.map((run) => (
            <Tr key={run.documentId} data-testid="run-row" data-reference={run.reference}>
              <Td>
                <ReferenceLink to={run.documentId} reference={run.reference} />
              </Td>
              <TextCell>{run.name}</TextCell>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={2}>
                  <StatusBadge status={run.status} />
                  {run.job && isJobActive(run.job) ? (
                    <Box width="12rem">
                      <JobProgress job={run.job} compact />
                    </Box>
                  ) : null}
                </Flex>
              </Td>
              <TextCell nowrap>{formatPeriod(intl, run.periodStart, run.periodEnd)}</TextCell>
              <TextCell nowrap>{formatCalendarDate(intl, run.activationDate)}</TextCell>
              <TextCell>{formatNumber(run.totals.amounts)}</TextCell>
              <Td>
                <MoneyCell run={run} field="net" />
              </Td>
              <Td>
                <MoneyCell run={run} field="gross" />
              </Td>
            </Tr>
          ))}
        </PaginatedTable>
      )}
      {anyActive ? (
        <VisuallyHidden>
          {formatMessage({
            id: getTranslation('runs.polling'),
            defaultMessage: 'Progress is updated automatically while invoice runs are being processed.',
          })}
        </VisuallyHidden>
      ) : null}
    </ListPageLayout>
  );
};

export default InvoiceRunsPage;
