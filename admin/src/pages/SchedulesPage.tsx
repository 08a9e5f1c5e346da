import { Badge, Flex, LinkButton, Td, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { BackButton, Page, SearchInput } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { EmptyList, ListPageLayout, PaginatedTable, ReferenceLink, TextCell, useListQuery } from '../components/ListParts';
import { usePermissions } from '../hooks/usePermissions';
import { useGetSchedulesQuery } from '../services/api';
import { formatPeriod } from '../utils/format';
import { getTranslation } from '../utils/getTranslation';
import { CYCLE_MESSAGES } from '../utils/labels';

/**
 * Invoicing → Invoice runs → Invoice run schedules: searchable (reference or name) and paginated;
 * the IRS reference opens the schedule. "Create invoice run schedule" for users who manage schedules.
 */
export const SchedulesPage = () => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  const { search, params, searchKey, clearSearch } = useListQuery();
  const { canManageSchedules, isLoading: isLoadingPermissions } = usePermissions();

  const { data, isLoading, isError, isFetching } = useGetSchedulesQuery(params, { refetchOnMountOrArgChange: true });

  const title = formatMessage({ id: getTranslation('schedules.header.title'), defaultMessage: 'Invoice run schedules' });

  if (isLoadingPermissions || isLoading) {
    return <Page.Loading />;
  }

  if (isError || !data) {
    return <Page.Error />;
  }

  const { results: schedules, pagination } = data;

  const createButton = canManageSchedules ? (
    <LinkButton tag={NavLink} to="create" startIcon={<Plus />} size="S">
      {formatMessage({ id: getTranslation('schedules.create'), defaultMessage: 'Create invoice run schedule' })}
    </LinkButton>
  ) : null;

  return (
    <ListPageLayout
      isFetching={isFetching}
      navigationAction={<BackButton fallback="../runs" />}
      title={title}
      subtitle={formatMessage(
        {
          id: getTranslation('schedules.header.subtitle'),
          defaultMessage:
            '{total, plural, =0 {No invoice run schedules found} one {# invoice run schedule found} other {# invoice run schedules found}}',
        },
        { total: pagination.total },
      )}
      primaryAction={
        <Flex gap={2}>
          <LinkButton tag={NavLink} to="../runs" variant="tertiary" size="S">
            {formatMessage({ id: getTranslation('nav.runs'), defaultMessage: 'Invoice runs' })}
          </LinkButton>
          <LinkButton tag={NavLink} to="../credit-notes" variant="tertiary" size="S">
            {formatMessage({ id: getTranslation('nav.creditNotes'), defaultMessage: 'Credit notes' })}
          </LinkButton>
          {createButton}
        </Flex>
      }
      filters={
        <SearchInput
          key={searchKey}
          label={formatMessage({
            id: getTranslation('schedules.search.label'),
            defaultMessage: 'Search for an invoice run schedule',
          })}
          placeholder={formatMessage({
            id: getTranslation('schedules.search.placeholder'),
            defaultMessage: 'Search by reference or name',
          })}
        />
      }
    >
      {schedules.length === 0 ? (
        <EmptyList
          content={formatMessage({
            id: getTranslation('schedules.empty'),
            defaultMessage: 'There are no invoice run schedules yet.',
          })}
          action={createButton}
          filtered={
            search
              ? {
                  content: formatMessage({
                    id: getTranslation('schedules.empty.filtered'),
                    defaultMessage: 'No invoice run schedules match your search.',
                  }),
                  clearLabel: formatMessage({ id: getTranslation('schedules.empty.clear'), defaultMessage: 'Clear search' }),
                  onClear: () => clearSearch(),
                }
              : null
          }
        />
      ) : (
        <PaginatedTable
          aria-label={title}
          pagination={pagination}
          rowCount={schedules.length}
          headers={[
            formatMessage({ id: getTranslation('schedules.table.reference'), defaultMessage: 'Reference' }),
            formatMessage({ id: getTranslation('schedules.table.name'), defaultMessage: 'Name' }),
            formatMessage({ id: getTranslation('schedules.table.cycle'), defaultMessage: 'Cycle' }),
            formatMessage({ id: getTranslation('schedules.table.firstPeriod'), defaultMessage: 'First period' }),
            formatMessage({ id: getTranslation('schedules.table.numberOfRuns'), defaultMessage: 'Number of runs' }),
            formatMessage({ id: getTranslation('schedules.table.runsGenerated'), defaultMessage: 'Runs generated' }),
          ]}
        >
          {schedules.map((schedule) => (
            <Tr key={schedule.documentId} data-testid="schedule-row" data-reference={schedule.reference}>
              <Td>
                <ReferenceLink to={schedule.documentId} reference={schedule.reference} />
              </Td>
              <Td>
                <Flex gap={2}>
                  <Typography textColor="neutral800">{schedule.name}</Typography>
                  {schedule.adHoc ? (
                    <Badge>{formatMessage({ id: getTranslation('schedules.adHoc'), defaultMessage: 'Ad hoc' })}</Badge>
                  ) : null}
                </Flex>
              </Td>
              <TextCell>{formatMessage(CYCLE_MESSAGES[schedule.template.cycle])}</TextCell>
              <TextCell nowrap>{formatPeriod(intl, schedule.periodFrom, schedule.periodTo)}</TextCell>
              <TextCell>{formatNumber(schedule.numberOfRuns)}</TextCell>
              <TextCell>{formatNumber(schedule.runs.length)}</TextCell>
            </Tr>
          ))}
        </PaginatedTable>
      )}
    </ListPageLayout>
  );
};

export default SchedulesPage;
