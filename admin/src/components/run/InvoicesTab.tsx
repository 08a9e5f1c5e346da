import * as React from 'react';
import { Box, Button, Flex, Td, TextButton, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Job, Run } from '../../../../shared/contracts/runs';
import { useFileDownload } from '../../hooks/useFileDownload';
import { runDocumentsUrl, useGetInvoicesQuery } from '../../services/api';
import { formatCalendarDate, formatMoney } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable, TextCell } from '../ListParts';
import { GenerateActions } from './GenerateActions';
import { InvoiceDetailModal } from './InvoiceDetailModal';
import { Pager } from './Pager';
import { EmptyNote, LoadingBlock } from './RunParts';
import { runVersion } from './runVersion';
import { useQueryFailure, useRunFeedback } from './useRunFeedback';

const PAGE_SIZE = 20;

export interface InvoicesTabProps {
  run: Run;
  canGenerate: boolean;
  /** The `read` permission: download the documents. */
  canRead: boolean;
  onJobStarted: (job: Job) => void;
}

/**
 * Tab Invoices: Generate, the run's invoices page by page, and an invoice's detail with its lines and
 * PDF; once invoices exist, Prepare documents (the documents job) and Download all (ZIP).
 */
export const InvoicesTab = ({ run, canGenerate, canRead, onJobStarted }: InvoicesTabProps) => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  const feedback = useRunFeedback();
  const { download, isDownloading } = useFileDownload();
  const hasInvoices = run.totals.invoices > 0;

  const handleDownloadAll = async () => {
    try {
      await download(runDocumentsUrl(run.documentId), `${run.reference}.zip`, 'application/zip');
    } catch (error) {
      feedback.failure(error);
    }
  };
  const [page, setPage] = React.useState(1);
  const [openInvoice, setOpenInvoice] = React.useState<string | null>(null);

  const { data, isLoading, isFetching, isError, error } = useGetInvoicesQuery({
    id: run.documentId,
    page,
    pageSize: PAGE_SIZE,
    version: runVersion(run),
  });
  useQueryFailure(isError, error);

  const invoices = data?.results ?? [];

  return (
    <Flex direction="column" alignItems="stretch" gap={6} data-testid="invoices-tab">
      <GenerateActions run={run} type="invoices" canGenerate={canGenerate} onJobStarted={onJobStarted} />
      {hasInvoices ? (
        <GenerateActions run={run} type="documents" canGenerate={canGenerate} onJobStarted={onJobStarted}>
          {canRead ? (
            <Button
              variant="secondary"
              startIcon={<Download />}
              loading={isDownloading}
              onClick={handleDownloadAll}
              data-testid="download-all-documents"
            >
              {formatMessage({ id: getTranslation('documents.downloadAll'), defaultMessage: 'Download all (ZIP)' })}
            </Button>
          ) : null}
        </GenerateActions>
      ) : null}

      <Box>
        <Flex justifyContent="space-between" alignItems="center" paddingBottom={4}>
          <Typography variant="delta" tag="h3">
            {formatMessage({ id: getTranslation('invoices.title'), defaultMessage: 'Invoices' })}
          </Typography>
          <Typography variant="omega" textColor="neutral600" data-testid="invoices-count">
            {formatMessage(
              {
                id: getTranslation('invoices.count'),
                defaultMessage: '{count, plural, =0 {No invoices} one {# invoice} other {# invoices}}',
              },
              { count: data?.pagination.total ?? run.totals.invoices },
            )}
          </Typography>
        </Flex>

        {isLoading ? (
          <LoadingBlock>
            {formatMessage({ id: getTranslation('invoices.loading'), defaultMessage: 'Loading the invoices…' })}
          </LoadingBlock>
        ) : invoices.length === 0 ? (
          <EmptyNote>
            {formatMessage({
              id: getTranslation('invoices.empty'),
              defaultMessage: 'There are no invoices yet. They are generated once the amounts have been approved.',
            })}
          </EmptyNote>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4} aria-busy={isFetching}>
            <DataTable
              data-testid="invoices-table"
              rowCount={invoices.length}
              headers={[
                formatMessage({ id: getTranslation('invoices.column.number'), defaultMessage: 'Number' }),
                formatMessage({ id: getTranslation('invoices.column.name'), defaultMessage: 'Name' }),
                formatMessage({ id: getTranslation('invoices.column.debtor'), defaultMessage: 'Debtor' }),
                formatMessage({ id: getTranslation('invoices.column.contract'), defaultMessage: 'Contract' }),
                formatMessage({ id: getTranslation('invoices.column.invoiceDate'), defaultMessage: 'Invoice date' }),
                formatMessage({ id: getTranslation('invoices.column.dueDate'), defaultMessage: 'Due date' }),
                formatMessage({ id: getTranslation('invoices.column.net'), defaultMessage: 'Net' }),
                formatMessage({ id: getTranslation('invoices.column.vat'), defaultMessage: 'VAT' }),
                formatMessage({ id: getTranslation('invoices.column.gross'), defaultMessage: 'Gross' }),
                formatMessage({ id: getTranslation('invoices.column.lines'), defaultMessage: 'Lines' }),
              ]}
            >
              {invoices.map((invoice) => (
                <Tr key={invoice.documentId} data-invoice={invoice.number}>
                  <Td>
                    <TextButton onClick={() => setOpenInvoice(invoice.documentId)} data-testid="invoice-number">
                      <Typography textColor="primary600">{invoice.number}</Typography>
                    </TextButton>
                  </Td>
                  <TextCell>{invoice.name}</TextCell>
                  <TextCell>{invoice.debtor.name}</TextCell>
                  <TextCell>{invoice.contract?.reference ?? ''}</TextCell>
                  <TextCell>{formatCalendarDate(intl, invoice.invoiceDate)}</TextCell>
                  <TextCell>{formatCalendarDate(intl, invoice.dueDate)}</TextCell>
                  <TextCell>{formatMoney(intl, invoice.net, invoice.currency)}</TextCell>
                  <TextCell>{formatMoney(intl, invoice.vat, invoice.currency)}</TextCell>
                  <TextCell bold>{formatMoney(intl, invoice.gross, invoice.currency)}</TextCell>
                  <TextCell>{formatNumber(invoice.lineCount)}</TextCell>
                </Tr>
              ))}
            </DataTable>
            <Pager name="invoices" pagination={data?.pagination} onPageChange={setPage} />
          </Flex>
        )}
      </Box>

      <InvoiceDetailModal invoiceId={openInvoice} onClose={() => setOpenInvoice(null)} />
    </Flex>
  );
};
