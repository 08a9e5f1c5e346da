import * as React from 'react';
import { Box, Button, Flex, Searchbar, Tr } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useDebounce } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { Run } from '../../../../shared/contracts/runs';
import { amountsExportUrl, useGetAmountsQuery } from '../../services/api';
import { useFileDownload } from '../../hooks/useFileDownload';
import { formatDecimal, formatMoney, formatPeriod } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable, TextCell } from '../ListParts';
import { Pager } from './Pager';
import { EmptyNote, LoadingBlock, ModalFrame } from './RunParts';
import { runVersion } from './runVersion';
import { useQueryFailure, useRunFeedback } from './useRunFeedback';

const PAGE_SIZE = 20;

export interface AmountsOverviewModalProps {
  run: Run;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * "To be invoiced amounts": the run's amounts page by page, searchable (debtor, contract,
 * description), with the CSV export of all of them.
 */
export const AmountsOverviewModal = ({ run, open, onOpenChange }: AmountsOverviewModalProps) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const { download, isDownloading: isExporting } = useFileDownload();
  const feedback = useRunFeedback();
  const [page, setPage] = React.useState(1);
  const [search, setSearch] = React.useState('');
  const debouncedSearch = useDebounce(search.trim(), 300);

  React.useEffect(() => setPage(1), [debouncedSearch]);

  const { data, isLoading, isFetching, isError, error } = useGetAmountsQuery(
    { id: run.documentId, page, pageSize: PAGE_SIZE, search: debouncedSearch || undefined, version: runVersion(run) },
    { skip: !open },
  );
  useQueryFailure(isError, error);

  const handleExport = async () => {
    try {
      await download(amountsExportUrl(run.documentId), `${run.reference}-amounts.csv`, 'text/csv');
    } catch (exportError) {
      feedback.failure(exportError);
    }
  };

  const amounts = data?.results ?? [];

  return (
    <ModalFrame
      open={open}
      onOpenChange={onOpenChange}
      data-testid="amounts-overview"
      maxWidth="140rem"
      closeLabel={formatMessage({
        id: getTranslation('amounts.overview.closeLabel'),
        defaultMessage: 'Close the amounts overview',
      })}
      closeText={formatMessage({ id: getTranslation('amounts.overview.close'), defaultMessage: 'Close' })}
      title={formatMessage(
        { id: getTranslation('amounts.overview.title'), defaultMessage: 'To be invoiced amounts of {reference}' },
        { reference: run.reference },
      )}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between" alignItems="center" gap={4} wrap="wrap">
          <Box minWidth="28rem">
            <Searchbar
              name="amounts-search"
              value={search}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSearch(e.target.value)}
              onClear={() => setSearch('')}
              clearLabel={formatMessage({ id: getTranslation('amounts.search.clear'), defaultMessage: 'Clear the search' })}
              placeholder={formatMessage({
                id: getTranslation('amounts.search.placeholder'),
                defaultMessage: 'Search by debtor, contract or description',
              })}
            >
              {formatMessage({ id: getTranslation('amounts.search.label'), defaultMessage: 'Search the amounts' })}
            </Searchbar>
          </Box>
          <Button
            variant="secondary"
            startIcon={<Download />}
            loading={isExporting}
            onClick={handleExport}
            disabled={run.totals.amounts === 0}
            data-testid="export-amounts"
          >
            {formatMessage({ id: getTranslation('amounts.export'), defaultMessage: 'Export CSV' })}
          </Button>
        </Flex>

        {isLoading ? (
          <LoadingBlock>
            {formatMessage({ id: getTranslation('amounts.loading'), defaultMessage: 'Loading the amounts…' })}
          </LoadingBlock>
        ) : amounts.length === 0 ? (
          <EmptyNote padding={6}>
            {debouncedSearch
              ? formatMessage({
                  id: getTranslation('amounts.overview.noMatch'),
                  defaultMessage: 'No amounts match your search.',
                })
              : formatMessage({
                  id: getTranslation('amounts.overview.empty'),
                  defaultMessage: 'This run has no amounts.',
                })}
          </EmptyNote>
        ) : (
          <Box aria-busy={isFetching}>
            <DataTable
              data-testid="amounts-table"
              rowCount={amounts.length}
              headers={[
                formatMessage({ id: getTranslation('amounts.column.debtor'), defaultMessage: 'Debtor' }),
                formatMessage({ id: getTranslation('amounts.column.contract'), defaultMessage: 'Contract' }),
                formatMessage({ id: getTranslation('amounts.column.description'), defaultMessage: 'Line description' }),
                formatMessage({ id: getTranslation('amounts.column.period'), defaultMessage: 'Period' }),
                formatMessage({ id: getTranslation('amounts.column.quantity'), defaultMessage: 'Quantity' }),
                formatMessage({ id: getTranslation('amounts.column.unitPrice'), defaultMessage: 'Unit price' }),
                formatMessage({ id: getTranslation('amounts.column.net'), defaultMessage: 'Net' }),
                formatMessage({ id: getTranslation('amounts.column.vatRate'), defaultMessage: 'VAT rate' }),
                formatMessage({ id: getTranslation('amounts.column.vat'), defaultMessage: 'VAT' }),
                formatMessage({ id: getTranslation('amounts.column.gross'), defaultMessage: 'Gross' }),
                formatMessage({ id: getTranslation('amounts.column.currency'), defaultMessage: 'Currency' }),
              ]}
            >
              {amounts.map((amount) => (
                <Tr key={amount.documentId} data-amount={amount.documentId}>
                  <TextCell detail={amount.debtor.reference}>{amount.debtor.name}</TextCell>
                  <TextCell detail={amount.contract.name}>{amount.contract.reference}</TextCell>
                  <TextCell>{amount.contractLine.description || amount.description}</TextCell>
                  <TextCell>{formatPeriod(intl, amount.periodStart, amount.periodEnd)}</TextCell>
                  <TextCell>{formatDecimal(intl, amount.quantity)}</TextCell>
                  <TextCell>{formatMoney(intl, amount.unitPrice, amount.currency)}</TextCell>
                  <TextCell>{formatMoney(intl, amount.net, amount.currency)}</TextCell>
                  <TextCell>
                    {formatMessage(
                      { id: getTranslation('amounts.vatRate'), defaultMessage: '{rate}%' },
                      { rate: formatDecimal(intl, amount.vatRate) },
                    )}
                  </TextCell>
                  <TextCell>{formatMoney(intl, amount.vat, amount.currency)}</TextCell>
                  <TextCell bold>{formatMoney(intl, amount.gross, amount.currency)}</TextCell>
                  <TextCell>{amount.currency}</TextCell>
                </Tr>
              ))}
            </DataTable>
          </Box>
        )}
        <Pager name="amounts" pagination={data?.pagination} onPageChange={setPage} />
      </Flex>
    </ModalFrame>
  );
};
