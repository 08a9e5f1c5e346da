import * as React from 'react';
import { Box, Button, Flex, Grid, Td, Tr, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { useGetInvoiceQuery, useSendInvoiceMutation } from '../../services/api';
import { InvoiceStatusBadge } from '../StatusBadge';
import { formatCalendarDate, formatDecimal, formatMoment, formatMoney, formatPeriod } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable } from '../ListParts';
import { InvoiceDocument } from './InvoiceDocument';
import { LoadingBlock, ModalFrame } from './RunParts';
import { useQueryFailure, useRunFeedback } from './useRunFeedback';

const Field = ({ label, name, children }: { label: string; name: string; children: React.ReactNode }) => (
  <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
    <Flex direction="column" alignItems="flex-start" gap={1} data-field={name}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography textColor="neutral800">{children}</Typography>
    </Flex>
  </Grid.Item>
);

export interface InvoiceDetailModalProps {
  /** documentId of the invoice to show; null when closed. */
  invoiceId: string | null;
  /** documentId of the invoice's run (refetched after a send). */
  runId: string;
  /** `invoices.send`: the Send / Resend button. */
  canSend: boolean;
  onClose: () => void;
}

/** One invoice with its lines (GET /invoices/:id), its PDF (preview and download) and its sending. */
export const InvoiceDetailModal = ({ invoiceId, runId, canSend, onClose }: InvoiceDetailModalProps) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const feedback = useRunFeedback();
  const [sendInvoice, { isLoading: isSending }] = useSendInvoiceMutation();

  /** Sends or resends the invoice; the answer says whether the mail server took it. */
  const handleSend = async () => {
    if (!invoiceId) return;
    try {
      const sent = await sendInvoice({ id: invoiceId, runId }).unwrap();
      if (sent.status === 'sent') {
        feedback.success(
          formatMessage(
            { id: getTranslation('invoice.send.done'), defaultMessage: 'Invoice {number} has been sent.' },
            { number: sent.number },
          ),
        );
      } else {
        feedback.danger(
          formatMessage(
            { id: getTranslation('invoice.send.failed'), defaultMessage: 'Invoice {number} could not be sent: {reason}' },
            { number: sent.number, reason: sent.sendError ?? '' },
          ),
        );
      }
    } catch (error) {
      feedback.failure(error);
    }
  };
  const { data: invoice, isLoading, isError, error } = useGetInvoiceQuery(invoiceId ?? '', { skip: !invoiceId });
  useQueryFailure(isError, error);

  const none = formatMessage({ id: getTranslation('run.details.none'), defaultMessage: '-' });
  const lines = invoice?.lines ?? [];

  return (
    <ModalFrame
      open={invoiceId !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      data-testid="invoice-detail"
      maxWidth="120rem"
      closeLabel={formatMessage({ id: getTranslation('invoice.closeLabel'), defaultMessage: 'Close the invoice' })}
      closeText={formatMessage({ id: getTranslation('invoice.close'), defaultMessage: 'Close' })}
      title={
        invoice
          ? formatMessage({ id: getTranslation('invoice.title'), defaultMessage: 'Invoice {number}' }, { number: invoice.number })
          : formatMessage({ id: getTranslation('invoice.titleLoading'), defaultMessage: 'Invoice' })
      }
    >
      {isLoading || (!invoice && !isError) ? (
        <LoadingBlock>
          {formatMessage({ id: getTranslation('invoice.loading'), defaultMessage: 'Loading the invoice…' })}
        </LoadingBlock>
      ) : !invoice ? (
        <Typography textColor="danger600">
          {formatMessage({ id: getTranslation('invoice.loadError'), defaultMessage: 'The invoice could not be loaded.' })}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Flex gap={4} alignItems="center" wrap="wrap" data-testid="invoice-sending">
            <InvoiceStatusBadge status={invoice.status} />
            {invoice.sentAt ? (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage(
                  {
                    id: getTranslation('invoice.sending.sentAt'),
                    defaultMessage: 'Last sent {at} ({count, plural, one {# time} other {# times}} in all)',
                  },
                  { at: formatMoment(intl, invoice.sentAt), count: invoice.sendCount },
                )}
              </Typography>
            ) : null}
            {invoice.status === 'send_failed' && invoice.sendError ? (
              <Typography variant="pi" textColor="danger600" data-testid="invoice-send-error">
                {invoice.sendError}
              </Typography>
            ) : null}
            {canSend ? (
              <Button
                variant="secondary"
                startIcon={<Mail />}
                loading={isSending}
                disabled={invoice.status === 'sending'}
                onClick={handleSend}
                data-testid="invoice-send"
              >
                {invoice.status === 'open'
                  ? formatMessage({ id: getTranslation('invoice.send'), defaultMessage: 'Send' })
                  : formatMessage({ id: getTranslation('invoice.resend'), defaultMessage: 'Resend' })}
              </Button>
            ) : null}
          </Flex>
          <Grid.Root gap={4}>
            <Field name="name" label={formatMessage({ id: getTranslation('invoice.field.name'), defaultMessage: 'Name' })}>
              {invoice.name}
            </Field>
            <Field name="debtor" label={formatMessage({ id: getTranslation('invoice.field.debtor'), defaultMessage: 'Debtor' })}>
              {`${invoice.debtor.name} (${invoice.debtor.reference})`}
            </Field>
            <Field
              name="contract"
              label={formatMessage({ id: getTranslation('invoice.field.contract'), defaultMessage: 'Contract' })}
            >
              {invoice.contract ? `${invoice.contract.reference} ${invoice.contract.name}` : none}
            </Field>
            <Field
              name="invoiceDate"
              label={formatMessage({ id: getTranslation('invoice.field.invoiceDate'), defaultMessage: 'Invoice date' })}
            >
              {formatCalendarDate(intl, invoice.invoiceDate)}
            </Field>
            <Field
              name="dueDate"
              label={formatMessage({ id: getTranslation('invoice.field.dueDate'), defaultMessage: 'Due date' })}
            >
              {formatCalendarDate(intl, invoice.dueDate)}
            </Field>
            <Field
              name="category"
              label={formatMessage({ id: getTranslation('invoice.field.category'), defaultMessage: 'Category' })}
            >
              {invoice.category?.name ?? none}
            </Field>
            <Field name="net" label={formatMessage({ id: getTranslation('invoice.field.net'), defaultMessage: 'Net' })}>
              {formatMoney(intl, invoice.net, invoice.currency)}
            </Field>
            <Field name="vat" label={formatMessage({ id: getTranslation('invoice.field.vat'), defaultMessage: 'VAT' })}>
              {formatMoney(intl, invoice.vat, invoice.currency)}
            </Field>
            <Field name="gross" label={formatMessage({ id: getTranslation('invoice.field.gross'), defaultMessage: 'Gross' })}>
              {formatMoney(intl, invoice.gross, invoice.currency)}
            </Field>
          </Grid.Root>

          <Box>
            <Typography variant="delta" tag="h3">
              {formatMessage({ id: getTranslation('invoice.lines.title'), defaultMessage: 'Invoice lines' })}
            </Typography>
            <Box paddingTop={3}>
              <DataTable
                data-testid="invoice-lines"
                rowCount={lines.length}
                headers={[
                  formatMessage({ id: getTranslation('invoice.lines.position'), defaultMessage: '#' }),
                  formatMessage({ id: getTranslation('invoice.lines.description'), defaultMessage: 'Description' }),
                  formatMessage({ id: getTranslation('invoice.lines.period'), defaultMessage: 'Period' }),
                  formatMessage({ id: getTranslation('invoice.lines.quantity'), defaultMessage: 'Quantity' }),
                  formatMessage({ id: getTranslation('invoice.lines.unitPrice'), defaultMessage: 'Unit price' }),
                  formatMessage({ id: getTranslation('invoice.lines.net'), defaultMessage: 'Net' }),
                  formatMessage({ id: getTranslation('invoice.lines.vatRate'), defaultMessage: 'VAT rate' }),
                  formatMessage({ id: getTranslation('invoice.lines.vat'), defaultMessage: 'VAT' }),
                  formatMessage({ id: getTranslation('invoice.lines.gross'), defaultMessage: 'Gross' }),
                ]}
              >
                {lines.map((line, index) => (
                  <Tr key={`${line.position}-${line.amount}`}>
                    <Td>
                      <Typography>{index + 1}</Typography>
                    </Td>
                    <Td>
                      <Typography>{line.description}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatPeriod(intl, line.periodStart, line.periodEnd)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatDecimal(intl, line.quantity)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(intl, line.unitPrice, invoice.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(intl, line.net, invoice.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {formatMessage(
                          { id: getTranslation('invoice.lines.vatRateValue'), defaultMessage: '{rate}%' },
                          { rate: formatDecimal(intl, line.vatRate) },
                        )}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMoney(intl, line.vat, invoice.currency)}</Typography>
                    </Td>
                    <Td>
                      <Typography fontWeight="bold">{formatMoney(intl, line.gross, invoice.currency)}</Typography>
                    </Td>
                  </Tr>
                ))}
              </DataTable>
            </Box>
          </Box>

          <InvoiceDocument invoice={invoice} />
        </Flex>
      )}
    </ModalFrame>
  );
};
