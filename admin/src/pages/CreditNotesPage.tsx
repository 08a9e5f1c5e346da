import * as React from 'react';
import { Box, Flex, LinkButton, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { BackButton, Page, SearchInput, withEncodedUserParams } from '@strapi/strapi/admin';
import { type MessageDescriptor, useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { isInvoiceStatus, INVOICE_STATUSES } from '../../../shared/sending';
import { JournalExportButton } from '../components/JournalExportDialog';
import { EmptyList, ListPageLayout, PaginatedTable, useListQuery } from '../components/ListParts';
import { InvoiceDetailModal } from '../components/run/InvoiceDetailModal';
import { CreditNoteRow, useCreditNoteHeaders } from '../components/CreditNoteRow';
import { usePermissions } from '../hooks/usePermissions';
import { useGetCreditNotesQuery } from '../services/api';
import { getTranslation } from '../utils/getTranslation';
import { invoiceStatusMessage } from '../utils/labels';

/** The status filter's value for "no filter" (the URL then has no `status`). */
const ALL_STATUSES = 'all';

/** The server's default order (GET /credit-notes): the newest number first. */
const DEFAULT_SORT = 'number:desc';

/**
 * The orders the list offers (the server's sort fields: number, debtor, gross, invoiceDate). Amounts
 * are negative: the largest credit is the lowest gross.
 */
const SORTS: ReadonlyArray<{ value: string; label: MessageDescriptor }> = [
  { value: 'number:desc', label: { id: getTranslation('creditNotes.sort.number.desc'), defaultMessage: 'Number, newest first' } },
  { value: 'number:asc', label: { id: getTranslation('creditNotes.sort.number.asc'), defaultMessage: 'Number, oldest first' } },
  { value: 'invoiceDate:desc', label: { id: getTranslation('creditNotes.sort.invoiceDate.desc'), defaultMessage: 'Date, newest first' } },
  { value: 'invoiceDate:asc', label: { id: getTranslation('creditNotes.sort.invoiceDate.asc'), defaultMessage: 'Date, oldest first' } },
  { value: 'debtor:asc', label: { id: getTranslation('creditNotes.sort.debtor.asc'), defaultMessage: 'Debtor, A to Z' } },
  { value: 'debtor:desc', label: { id: getTranslation('creditNotes.sort.debtor.desc'), defaultMessage: 'Debtor, Z to A' } },
  { value: 'gross:asc', label: { id: getTranslation('creditNotes.sort.gross.asc'), defaultMessage: 'Amount, largest credit first' } },
  { value: 'gross:desc', label: { id: getTranslation('creditNotes.sort.gross.desc'), defaultMessage: 'Amount, smallest credit first' } },
];

/**
 * Invoicing → Credit notes (DESIGN §17): every credit note, searchable (its number, the credited
 * invoice's number, the debtor's name or reference), filterable by status, sortable and paginated; a
 * row opens the credit note's detail (lines, PDF, sending).
 */
export const CreditNotesPage = () => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const creditNoteHeaders = useCreditNoteHeaders();
  const { query, setQuery, search, params, searchKey, clearSearch } = useListQuery();
  const status = isInvoiceStatus(query.status) ? query.status : undefined;
  const sort = SORTS.some((option) => option.value === params.sort) ? (params.sort as string) : DEFAULT_SORT;
  const { canSendInvoices, canCreditInvoices } = usePermissions();
  const [openCreditNote, setOpenCreditNote] = React.useState<string | null>(null);

  const { data, isLoading, isError, isFetching } = useGetCreditNotesQuery(
    { ...params, sort, status },
    { refetchOnMountOrArgChange: true },
  );

  const isFiltered = Boolean(search || status);

  const handleStatusChange = (value: string | number) => {
    const next = String(value);
    setQuery(withEncodedUserParams(query, { status: next === ALL_STATUSES ? undefined : next, page: '1' }));
  };
  const handleSortChange = (value: string | number) => {
    const next = String(value);
    setQuery(withEncodedUserParams(query, { sort: next === DEFAULT_SORT ? undefined : next, page: '1' }));
  };

  const title = formatMessage({ id: getTranslation('creditNotes.header.title'), defaultMessage: 'Credit notes' });

  if (isLoading) {
    return <Page.Loading />;
  }

  if (isError || !data) {
    return <Page.Error />;
  }

  const { results: creditNotes, pagination } = data;

  return (
    <ListPageLayout
      isFetching={isFetching}
      navigationAction={<BackButton fallback="../runs" />}
      title={title}
      subtitle={formatMessage(
        {
          id: getTranslation('creditNotes.header.subtitle'),
          defaultMessage: '{total, plural, =0 {No credit notes found} one {# credit note found} other {# credit notes found}}',
        },
        { total: pagination.total },
      )}
      primaryAction={
        <Flex gap={2}>
          <JournalExportButton />
          <LinkButton tag={NavLink} to="../runs" variant="tertiary" size="S">
            {formatMessage({ id: getTranslation('nav.runs'), defaultMessage: 'Invoice runs' })}
          </LinkButton>
        </Flex>
      }
      filters={
        <>
          <SearchInput
            key={searchKey}
            label={formatMessage({ id: getTranslation('creditNotes.search.label'), defaultMessage: 'Search for a credit note' })}
            placeholder={formatMessage({
              id: getTranslation('creditNotes.search.placeholder'),
              defaultMessage: 'Search by number, invoice number or debtor',
            })}
          />
          <Box minWidth="20rem">
            <SingleSelect
              name="status"
              size="S"
              aria-label={formatMessage({ id: getTranslation('creditNotes.filter.status'), defaultMessage: 'Filter by status' })}
              value={status ?? ALL_STATUSES}
              onChange={handleStatusChange}
            >
              <SingleSelectOption value={ALL_STATUSES}>
                {formatMessage({ id: getTranslation('creditNotes.filter.status.all'), defaultMessage: 'All statuses' })}
              </SingleSelectOption>
              {INVOICE_STATUSES.map((value) => (
                <SingleSelectOption key={value} value={value}>
                  {formatMessage(invoiceStatusMessage(value))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="24rem">
            <SingleSelect
              name="sort"
              size="S"
              aria-label={formatMessage({ id: getTranslation('creditNotes.sort.label'), defaultMessage: 'Sort by' })}
              value={sort}
              onChange={handleSortChange}
            >
              {SORTS.map((option) => (
                <SingleSelectOption key={option.value} value={option.value}>
                  {formatMessage(option.label)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        </>
      }
    >
      {creditNotes.length === 0 ? (
        <EmptyList
          content={formatMessage({
            id: getTranslation('creditNotes.empty'),
            defaultMessage: 'There are no credit notes yet. Credit an invoice from its detail on the invoice run page.',
          })}
          action={
            <LinkButton tag={NavLink} to="../runs" variant="secondary">
              {formatMessage({ id: getTranslation('nav.runs'), defaultMessage: 'Invoice runs' })}
            </LinkButton>
          }
          filtered={
            isFiltered
              ? {
                  content: formatMessage({
                    id: getTranslation('creditNotes.empty.filtered'),
                    defaultMessage: 'No credit notes match your search or filter.',
                  }),
                  clearLabel: formatMessage({ id: getTranslation('creditNotes.empty.clear'), defaultMessage: 'Clear search and filter' }),
                  onClear: () => clearSearch({ status: undefined }),
                }
              : null
          }
        />
      ) : (
        <PaginatedTable
          aria-label={title}
          pagination={pagination}
          rowCount={creditNotes.length}
          data-testid="credit-notes-list"
          headers={creditNoteHeaders}
        >
          {creditNotes.map((note) => (
            <CreditNoteRow key={note.documentId} note={note} onOpen={setOpenCreditNote} rowOpens />
          ))}
        </PaginatedTable>
      )}

      <InvoiceDetailModal
        invoiceId={openCreditNote}
        kind="credit_note"
        canSend={canSendInvoices}
        canCredit={canCreditInvoices}
        onClose={() => setOpenCreditNote(null)}
      />
    </ListPageLayout>
  );
};

export default CreditNotesPage;
