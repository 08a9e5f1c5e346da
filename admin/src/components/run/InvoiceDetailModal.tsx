import * as React from 'react';
import { Box, Button, Flex, Grid, Td, TextButton, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft, Mail, Minus } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { DocumentKind } from '../../../../shared/contracts/documents';
import type { Invoice } from '../../../../shared/contracts/runs';
import {
  useGetCreditNoteQuery,
  useGetInvoiceQuery,
  useSendCreditNoteMutation,
  useSendInvoiceMutation,
} from '../../services/api';
import { InvoiceStatusBadge } from '../StatusBadge';
import { isCreditable } from '../../utils/credit';
import { formatCalendarDate, formatDecimal, formatMoment, formatMoney, formatPeriod } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable, TextCell } from '../ListParts';
import { CreditInvoiceDialog } from './CreditInvoiceDialog';
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
  /** documentId of the invoice (or credit note) to show; null when closed. */
  invoiceId: string | null;
  /** What `invoiceId` is: an invoice (GET /invoices/:id) or a credit note (GET /credit-notes/:id). */
  kind?: DocumentKind;
  /** `invoices.send`: the Send / Resend button. */
  canSend: boolean;
  /** `invoices.credit`: the Credit button of an invoice with lines not yet credited (DESIGN §17). */
  canCredit?: boolean;
  onClose: () => void;
}

interface Shown {
  id: string;
  kind: DocumentKind;
}

/**
 * One invoice or credit note with its lines (GET /invoices/:id, GET /credit-notes/:id), its PDF
 * (preview and download) and its sending. An invoice shows its credit notes and which of its lines they
 * credit, and offers Credit; a credit note names the invoice it credits and why. A credit note or
 * invoice opened from here shows in the same modal, with Back to return.
 */
export const InvoiceDetailModal = ({ invoiceId, kind = 'invoice', canSend, canCredit = false, onClose }: InvoiceDetailModalProps) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const feedback = useRunFeedback();
  const [sendInvoice, { isLoading: isSendingInvoice }] = useSendInvoiceMutation();
  const [sendCreditNote, { isLoading: isSendingCreditNote }] = useSendCreditNoteMutation();
  const isSending = isSendingInvoice || isSendingCreditNote;

  // The documents opened from this one (a credit note from its invoice, and back), newest last.
  const [trail, setTrail] = React.useState<Shown[]>([]);
  const [crediting, setCrediting] = React.useState(false);
  React.useEffect(() => {
    setTrail([]);
    setCrediting(false);
  }, [invoiceId, kind]);
  const shown: Shown | null = trail.length > 0 ? trail[trail.length - 1] : invoiceId ? { id: invoiceId, kind } : null;
  const openDocument = (next: Shown) => setTrail((current) => [...current, next]);
  const goBack = () => setTrail((current) => current.slice(0, -1));

  const invoiceQuery = useGetInvoiceQuery(shown?.id ?? '', { skip: !shown || shown.kind !== 'invoice' });
  const creditNoteQuery = useGetCreditNoteQuery(shown?.id ?? '', { skip: !shown || shown.kind !== 'credit_note' });
  const { data, isLoading, isError, error } = shown?.kind === 'credit_note' ? creditNoteQuery : invoiceQuery;
  useQueryFailure(isError, error);
  // The answer of an earlier document stays in `data` while the next one loads: show it only when it is the one asked for.
  const invoice: Invoice | undefined = data && shown && data.documentId === shown.id ? data : undefined;
  const isCreditNote = shown?.kind === 'credit_note';

  /** Sends or resends the invoice or credit note; the answer says whether the mail server took it. */
  const handleSend = async () => {
    if (!invoice) return;
    try {
      const sent =
        invoice.kind === 'credit_note'
          ? await sendCreditNote({
              id: invoice.documentId,
              runId: invoice.run.documentId,
              invoiceId: invoice.creditedInvoice?.documentId,
            }).unwrap()
          : await sendInvoice({ id: invoice.documentId, runId: invoice.run.documentId }).unwrap();
      // `sendStatus`: a (partly) credited invoice keeps its credit status in `status`.
      if ((sent.sendStatus ?? sent.status) === 'sent') {
        feedback.success(
          sent.kind === 'credit_note'
            ? formatMessage(
                { id: getTranslation('creditNote.send.done'), defaultMessage: 'Credit note {number} has been sent.' },
                { number: sent.number },
              )
            : formatMessage(
                { id: getTranslation('invoice.send.done'), defaultMessage: 'Invoice {number} has been sent.' },
                { number: sent.number },
              ),
        );
      } else {
        feedback.danger(
          sent.kind === 'credit_note'
            ? formatMessage(
                { id: getTranslation('creditNote.send.failed'), defaultMessage: 'Credit note {number} could not be sent: {reason}' },
                { number: sent.number, reason: sent.sendError ?? '' },
              )
            : formatMessage(
                { id: getTranslation('invoice.send.failed'), defaultMessage: 'Invoice {number} could not be sent: {reason}' },
                { number: sent.number, reason: sent.sendError ?? '' },
              ),
        );
      }
    } catch (error) {
      feedback.failure(error);
    }
  };

  const none = formatMessage({ id: getTranslation('run.details.none'), defaultMessage: '-' });
  const lines = invoice?.lines ?? [];
  const creditNotes = invoice?.creditNotes ?? [];
  const sendStatus = invoice ? (invoice.sendStatus ?? invoice.status) : 'open';

  return (
    <ModalFrame
      open={invoiceId !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      data-testid="invoice-detail"
      maxWidth="120rem"
      closeLabel={
        isCreditNote
          ? formatMessage({ id: getTranslation('creditNote.closeLabel'), defaultMessage: 'Close the credit note' })
          : formatMessage({ id: getTranslation('invoice.closeLabel'), defaultMessage: 'Close the invoice' })
      }
      closeText={formatMessage({ id: getTranslation('invoice.close'), defaultMessage: 'Close' })}
      title={
        isCreditNote
          ? invoice
            ? formatMessage({ id: getTranslation('creditNote.title'), defaultMessage: 'Credit note {number}' }, { number: invoice.number })
            : formatMessage({ id: getTranslation('creditNote.titleLoading'), defaultMessage: 'Credit note' })
          : invoice
            ? formatMessage({ id: getTranslation('invoice.title'), defaultMessage: 'Invoice {number}' }, { number: invoice.number })
            : formatMessage({ id: getTranslation('invoice.titleLoading'), defaultMessage: 'Invoice' })
      }
    >
      {trail.length > 0 ? (
        <Box paddingBottom={4}>
          <TextButton startIcon={<ArrowLeft />} onClick={goBack} data-testid="invoice-detail-back">
            {formatMessage({ id: getTranslation('invoice.back'), defaultMessage: 'Back' })}
          </TextButton>
        </Box>
      ) : null}
      {isLoading || (!invoice && !isError) ? (
        <LoadingBlock>
          {isCreditNote
            ? formatMessage({ id: getTranslation('creditNote.loading'), defaultMessage: 'Loading the credit note…' })
            : formatMessage({ id: getTranslation('invoice.loading'), defaultMessage: 'Loading the invoice…' })}
        </LoadingBlock>
      ) : !invoice ? (
        <Typography textColor="danger600">
          {isCreditNote
            ? formatMessage({ id: getTranslation('creditNote.loadError'), defaultMessage: 'The credit note could not be loaded.' })
            : formatMessage({ id: getTranslation('invoice.loadError'), defaultMessage: 'The invoice could not be loaded.' })}
        </Typography>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={6} data-kind={invoice.kind} data-number={invoice.number}>
          <Flex gap={4} alignItems="center" wrap="wrap" data-testid="invoice-sending">
            <InvoiceStatusBadge status={invoice.status} />
            {/* A (partly) credited invoice keeps its sending status next to its credit status. */}
            {sendStatus !== invoice.status ? <InvoiceStatusBadge status={sendStatus} /> : null}
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
            {sendStatus === 'send_failed' && invoice.sendError ? (
              <Typography variant="pi" textColor="danger600" data-testid="invoice-send-error">
                {invoice.sendError}
              </Typography>
            ) : null}
            {canSend ? (
              <Button
                variant="secondary"
                startIcon={<Mail />}
                loading={isSending}
                disabled={sendStatus === 'sending'}
                onClick={handleSend}
                data-testid="invoice-send"
              >
                {sendStatus === 'open'
                  ? formatMessage({ id: getTranslation('invoice.send'), defaultMessage: 'Send' })
                  : formatMessage({ id: getTranslation('invoice.resend'), defaultMessage: 'Resend' })}
              </Button>
            ) : null}
            {canCredit && isCreditable(invoice) ? (
              <Button variant="danger-light" startIcon={<Minus />} onClick={() => setCrediting(true)} data-testid="invoice-credit">
                {formatMessage({ id: getTranslation('invoice.credit'), defaultMessage: 'Credit' })}
              </Button>
            ) : null}
          </Flex>
          <Grid.Root gap={4}>
            {invoice.kind === 'credit_note' ? (
              <>
                <Field
                  name="creditedInvoice"
                  label={formatMessage({ id: getTranslation('creditNote.field.creditedInvoice'), defaultMessage: 'Credited invoice' })}
                >
                  {invoice.creditedInvoice ? (
                    <TextButton
                      onClick={() =>
                        invoice.creditedInvoice && openDocument({ id: invoice.creditedInvoice.documentId, kind: 'invoice' })
                      }
                      data-testid="credited-invoice"
                    >
                      <Typography textColor="primary600">{invoice.creditedInvoice.number}</Typography>
                    </TextButton>
                  ) : (
                    none
                  )}
                </Field>
                <Grid.Item col={8} s={6} xs={12} direction="column" alignItems="stretch">
                  <Flex direction="column" alignItems="flex-start" gap={1} data-field="creditReason">
                    <Typography variant="sigma" textColor="neutral600">
                      {formatMessage({ id: getTranslation('creditNote.field.reason'), defaultMessage: 'Reason' })}
                    </Typography>
                    <Typography textColor="neutral800" style={{ whiteSpace: 'pre-wrap' }} data-testid="credit-reason">
                      {invoice.creditReason ?? none}
                    </Typography>
                  </Flex>
                </Grid.Item>
              </>
            ) : null}
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
              label={
                invoice.kind === 'credit_note'
                  ? formatMessage({ id: getTranslation('creditNote.field.date'), defaultMessage: 'Credit note date' })
                  : formatMessage({ id: getTranslation('invoice.field.invoiceDate'), defaultMessage: 'Invoice date' })
              }
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
              {invoice.kind === 'credit_note'
                ? formatMessage({ id: getTranslation('creditNote.lines.title'), defaultMessage: 'Credit note lines' })
                : formatMessage({ id: getTranslation('invoice.lines.title'), defaultMessage: 'Invoice lines' })}
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
                  <Tr key={line.documentId ?? `${line.position}-${line.amount}`} data-credited={line.creditedBy ? 'true' : undefined}>
                    <Td>
                      <Typography>{index + 1}</Typography>
                    </Td>
                    <Td>
                      <Typography>{line.description}</Typography>
                      {line.creditedBy ? (
                        <Box>
                          <TextButton
                            onClick={() => line.creditedBy && openDocument({ id: line.creditedBy.documentId, kind: 'credit_note' })}
                            data-testid="line-credited-by"
                          >
                            <Typography variant="pi" textColor="primary600">
                              {formatMessage(
                                { id: getTranslation('invoice.lines.creditedBy'), defaultMessage: 'Credited by {number}' },
                                { number: line.creditedBy.number },
                              )}
                            </Typography>
                          </TextButton>
                        </Box>
                      ) : null}
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

          {invoice.kind === 'invoice' && creditNotes.length > 0 ? (
            <Box>
              <Typography variant="delta" tag="h3">
                {formatMessage({ id: getTranslation('invoice.creditNotes.title'), defaultMessage: 'Credit notes' })}
              </Typography>
              <Box paddingTop={3}>
                <DataTable
                  data-testid="invoice-credit-notes"
                  rowCount={creditNotes.length}
                  headers={[
                    formatMessage({ id: getTranslation('creditNotes.column.number'), defaultMessage: 'Number' }),
                    formatMessage({ id: getTranslation('creditNotes.column.date'), defaultMessage: 'Date' }),
                    formatMessage({ id: getTranslation('creditNotes.column.gross'), defaultMessage: 'Gross' }),
                    formatMessage({ id: getTranslation('creditNotes.column.status'), defaultMessage: 'Status' }),
                    formatMessage({ id: getTranslation('creditNotes.column.reason'), defaultMessage: 'Reason' }),
                  ]}
                >
                  {creditNotes.map((note) => (
                    <Tr key={note.documentId} data-credit-note={note.number}>
                      <Td>
                        <TextButton
                          onClick={() => openDocument({ id: note.documentId, kind: 'credit_note' })}
                          data-testid="credit-note-number"
                        >
                          <Typography textColor="primary600">{note.number}</Typography>
                        </TextButton>
                      </Td>
                      <TextCell nowrap>{formatCalendarDate(intl, note.invoiceDate)}</TextCell>
                      <TextCell nowrap bold>
                        {formatMoney(intl, note.gross, invoice.currency)}
                      </TextCell>
                      <Td>
                        <InvoiceStatusBadge status={note.status} />
                      </Td>
                      <TextCell>{note.reason}</TextCell>
                    </Tr>
                  ))}
                </DataTable>
              </Box>
            </Box>
          ) : null}

          <InvoiceDocument invoice={invoice} />
        </Flex>
      )}
      <CreditInvoiceDialog invoice={crediting && invoice?.kind === 'invoice' ? invoice : null} onClose={() => setCrediting(false)} />
    </ModalFrame>
  );
};
