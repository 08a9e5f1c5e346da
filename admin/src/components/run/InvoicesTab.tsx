import * as React from 'react';
import { Box, Button, Flex, SingleSelect, SingleSelectOption, Td, TextButton, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { DocumentKind } from '../../../../shared/contracts/documents';
import type { Job, Run } from '../../../../shared/contracts/runs';
import { canStillPerform, startActionOf } from '../../../../shared/lifecycle';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../../../shared/sending';
import { InvoiceStatusBadge } from '../StatusBadge';
import { CreditNoteRow, useCreditNoteHeaders } from '../CreditNoteRow';
import { invoiceStatusMessage } from '../../utils/labels';
import { useFileDownload } from '../../hooks/useFileDownload';
import { runDocumentsUrl, runUblUrl, useGetCreditNotesQuery, useGetInvoicesQuery } from '../../services/api';
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
const CREDIT_NOTES_PAGE_SIZE = 10;

/** Credit notes exist only for a run with invoices. */
const hasInvoicesOf = (run: Run) => run.totals.invoices > 0;

export interface InvoicesTabProps {
  run: Run;
  canGenerate: boolean;
  /** The `read` permission: download the documents. */
  canRead: boolean;
  /** `invoices.send`: Send invoices and Resend. */
  canSend: boolean;
  /** `invoices.credit`: Credit on an invoice's detail. */
  canCredit?: boolean;
  onJobStarted: (job: Job) => void;
}

/**
 * Tab Invoices: Generate, the run's invoices page by page, and an invoice's detail with its lines and
 * PDF; once invoices exist, Prepare documents (the documents job), Download all (ZIP), and Send
 * invoices (the send job) with each invoice's sending status. Under the invoices, the run's credit notes
 * (DESIGN §17) once there are any.
 */
export const InvoicesTab = ({ run, canGenerate, canRead, canSend, canCredit = false, onJobStarted }: InvoicesTabProps) => {
  const intl = useIntl();
  const creditNoteHeaders = useCreditNoteHeaders();
  const { formatMessage, formatNumber } = intl;
  const [page, setPage] = React.useState(1);
  const [creditNotesPage, setCreditNotesPage] = React.useState(1);
  const [openDocument, setOpenDocument] = React.useState<{ id: string; kind: DocumentKind } | null>(null);
  const setOpenInvoice = (id: string) => setOpenDocument({ id, kind: 'invoice' });
  const [status, setStatus] = React.useState<InvoiceStatus | ''>('');

  const { data, isLoading, isFetching, isError, error } = useGetInvoicesQuery({
    id: run.documentId,
    page,
    pageSize: PAGE_SIZE,
    status: status || undefined,
    version: runVersion(run),
  });
  useQueryFailure(isError, error);

  const creditNotesQuery = useGetCreditNotesQuery(
    { run: run.documentId, page: creditNotesPage, pageSize: CREDIT_NOTES_PAGE_SIZE, version: runVersion(run) },
    { skip: !hasInvoicesOf(run) },
  );
  useQueryFailure(creditNotesQuery.isError, creditNotesQuery.error);
  const creditNotes = creditNotesQuery.data?.results ?? [];

  const invoices = data?.results ?? [];
  const feedback = useRunFeedback();
  const { download, isDownloading } = useFileDownload();
  const ubl = useFileDownload();
  const hasInvoices = hasInvoicesOf(run);

  const handleDownloadAll = async () => {
    try {
      await download(runDocumentsUrl(run.documentId), `${run.reference}.zip`, 'application/zip');
    } catch (error) {
      feedback.failure(error);
    }
  };
  const handleDownloadUbl = async () => {
    try {
      await ubl.download(runUblUrl(run.documentId), `${run.reference}-ubl.zip`, 'application/zip');
    } catch (error) {
      feedback.failure(error);
    }
  };
  /** What a send job would send: every invoice not yet sent (failed ones again). */
  const toSend = run.sending.open + run.sending.failed;

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
          {canRead ? (
            <Button variant="secondary" startIcon={<Download />} loading={ubl.isDownloading} onClick={handleDownloadUbl} data-testid="download-all-ubl">
              {formatMessage({ id: getTranslation('documents.downloadAllUbl'), defaultMessage: 'Download e-invoices (ZIP)' })}
            </Button>
          ) : null}
        </GenerateActions>
      ) : null}
      {canStillPerform(run.status, startActionOf('send')) && run.totals.invoices > 0 ? (
        <GenerateActions
          run={run}
          type="send"
          canGenerate={canSend}
          onJobStarted={onJobStarted}
          label={
            toSend > 0 && toSend === run.sending.failed
              ? formatMessage({ id: getTranslation('invoices.send.retryFailed'), defaultMessage: 'Retry failed' })
              : undefined
          }
          confirm={{
            title: formatMessage({ id: getTranslation('invoices.send.confirm.title'), defaultMessage: 'Send invoices' }),
            body: formatMessage(
              {
                id: getTranslation('invoices.send.confirm.body'),
                defaultMessage:
                  '{count, plural, one {# invoice} other {# invoices}} will be sent by e-mail to the debtors. Invoices already sent are not sent again.',
              },
              { count: toSend },
            ),
            confirmLabel: formatMessage({ id: getTranslation('invoices.send'), defaultMessage: 'Send invoices' }),
          }}
        />
      ) : null}
      {run.totals.invoices > 0 ? (
        <Typography variant="omega" textColor={run.sending.failed > 0 ? 'danger600' : 'neutral600'} data-testid="sending-counts">
          {formatMessage(
            {
              id: getTranslation('invoices.sending.counts'),
              defaultMessage: 'Sent: {sent} · Not sent yet: {open} · Send failed: {failed}',
            },
            {
              sent: formatNumber(run.sending.sent),
              open: formatNumber(run.sending.open + run.sending.sending),
              failed: formatNumber(run.sending.failed),
            },
          )}
        </Typography>
      ) : null}

      <Box>
        <Flex justifyContent="space-between" alignItems="center" paddingBottom={4}>
          <Typography variant="delta" tag="h3">
            {formatMessage({ id: getTranslation('invoices.title'), defaultMessage: 'Invoices' })}
          </Typography>
          <Flex gap={4} alignItems="center">
            <SingleSelect
              size="S"
              aria-label={formatMessage({ id: getTranslation('invoices.filter.status'), defaultMessage: 'Status' })}
              value={status}
              onChange={(value: string | number) => {
                setStatus(value as InvoiceStatus | '');
                setPage(1);
              }}
              data-testid="invoices-status-filter"
            >
              <SingleSelectOption value="">
                {formatMessage({ id: getTranslation('invoices.filter.all'), defaultMessage: 'All invoices' })}
              </SingleSelectOption>
              {INVOICE_STATUSES.map((s) => (
                <SingleSelectOption key={s} value={s}>
                  {formatMessage(invoiceStatusMessage(s))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
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
                formatMessage({ id: getTranslation('invoices.column.status'), defaultMessage: 'Status' }),
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
                  <Td>
                    <InvoiceStatusBadge status={invoice.status} />
                  </Td>
                </Tr>
              ))}
            </DataTable>
            <Pager name="invoices" pagination={data?.pagination} onPageChange={setPage} />
          </Flex>
        )}
      </Box>

      {creditNotes.length > 0 ? (
        <Box data-testid="run-credit-notes">
          <Flex justifyContent="space-between" alignItems="center" paddingBottom={4}>
            <Typography variant="delta" tag="h3">
              {formatMessage({ id: getTranslation('creditNotes.title'), defaultMessage: 'Credit notes' })}
            </Typography>
            <Typography variant="omega" textColor="neutral600" data-testid="run-credit-notes-count">
              {formatMessage(
                {
                  id: getTranslation('creditNotes.count'),
                  defaultMessage: '{count, plural, =0 {No credit notes} one {# credit note} other {# credit notes}}',
                },
                { count: creditNotesQuery.data?.pagination.total ?? creditNotes.length },
              )}
            </Typography>
          </Flex>
          <Flex direction="column" alignItems="stretch" gap={4} aria-busy={creditNotesQuery.isFetching}>
            <DataTable
              data-testid="credit-notes-table"
              rowCount={creditNotes.length}
              headers={creditNoteHeaders}
            >
              {creditNotes.map((note) => (
                <CreditNoteRow key={note.documentId} note={note} onOpen={(id) => setOpenDocument({ id, kind: 'credit_note' })} />
              ))}
            </DataTable>
            <Pager name="credit-notes" pagination={creditNotesQuery.data?.pagination} onPageChange={setCreditNotesPage} />
          </Flex>
        </Box>
      ) : null}

      <InvoiceDetailModal
        invoiceId={openDocument?.id ?? null}
        kind={openDocument?.kind}
        canSend={canSend}
        canCredit={canCredit}
        onClose={() => setOpenDocument(null)}
      />
    </Flex>
  );
};
