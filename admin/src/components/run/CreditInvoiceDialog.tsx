import * as React from 'react';
import { Box, Button, Checkbox, Field, Flex, Modal, Radio, Td, Textarea, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { Invoice } from '../../../../shared/contracts/runs';
import { useCreditInvoiceMutation } from '../../services/api';
import {
  type CreditField,
  type CreditMode,
  chosenLines,
  creditableLines,
  creditFieldErrors,
  creditFormProblems,
  creditRequestBody,
  creditTotal,
} from '../../utils/credit';
import type { FieldErrors } from '../../utils/fieldErrors';
import { formatMoney, formatPeriod } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable } from '../ListParts';
import { useRunFeedback } from './useRunFeedback';

/** The longest reason the server takes (shared/validation `creditInputSchema`). */
const MAX_REASON = 1000;

export interface CreditInvoiceDialogProps {
  /** The invoice with its lines (GET /invoices/:id); null when closed. */
  invoice: Invoice | null;
  onClose: () => void;
}

/**
 * Credit an invoice (DESIGN §17): all lines not yet credited, or a selection of them; a required
 * reason; and, before "Create credit note", the credit note's total (the chosen lines' gross, negative)
 * and its number of lines. The invoice, its run and the credit note lists are refetched afterwards.
 */
export const CreditInvoiceDialog = ({ invoice, onClose }: CreditInvoiceDialogProps) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const feedback = useRunFeedback();
  const [creditInvoice, { isLoading }] = useCreditInvoiceMutation();
  const [mode, setMode] = React.useState<CreditMode>('all');
  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = React.useState('');
  const [errors, setErrors] = React.useState<FieldErrors<CreditField>>({});

  // A fresh form each time it opens (for this invoice).
  const invoiceId = invoice?.documentId ?? null;
  React.useEffect(() => {
    setMode('all');
    setSelected(new Set());
    setReason('');
    setErrors({});
  }, [invoiceId]);

  const lines = invoice?.lines ?? [];
  const open = creditableLines(lines);
  const chosen = chosenLines(lines, mode, selected);
  const total = invoice ? creditTotal(chosen, invoice.currency) : null;

  const clearError = (field: CreditField) =>
    setErrors((current) => {
      if (current[field] === undefined) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });

  const toggleLine = (documentId: string, checked: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(documentId);
      else next.delete(documentId);
      return next;
    });
    clearError('lines');
  };

  const reasonRequired = formatMessage({ id: getTranslation('credit.reason.required'), defaultMessage: 'Enter the reason for the credit note.' });
  const linesRequired = formatMessage({ id: getTranslation('credit.lines.required'), defaultMessage: 'Choose at least one line to credit.' });

  const handleSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!invoice || isLoading) return;
    const problems = creditFormProblems(mode, chosen.length, reason);
    if (problems.size > 0) {
      setErrors({
        ...(problems.has('reason') ? { reason: reasonRequired } : {}),
        ...(problems.has('lines') ? { lines: linesRequired } : {}),
      });
      return;
    }
    try {
      const note = await creditInvoice({
        id: invoice.documentId,
        runId: invoice.run.documentId,
        body: creditRequestBody(mode, chosen, reason),
      }).unwrap();
      feedback.success(
        formatMessage(
          { id: getTranslation('credit.done'), defaultMessage: 'Credit note {number} has been created.' },
          { number: note.number },
        ),
      );
      onClose();
    } catch (error) {
      const fieldErrors = creditFieldErrors(error);
      if (Object.keys(fieldErrors).length > 0) setErrors(fieldErrors);
      else feedback.failure(error);
    }
  };

  const allLabel = formatMessage(
    {
      id: getTranslation('credit.mode.all'),
      defaultMessage: 'All lines not yet credited ({count, plural, one {# line} other {# lines}})',
    },
    { count: open.length },
  );

  return (
    <Modal.Root open={invoice !== null} onOpenChange={(next) => (next || isLoading ? undefined : onClose())}>
      <Modal.Content data-testid="credit-dialog" style={{ maxWidth: '90rem' }}>
        <form onSubmit={handleSubmit} noValidate>
          <Modal.Header closeLabel={formatMessage({ id: getTranslation('credit.closeLabel'), defaultMessage: 'Close without crediting' })}>
            <Modal.Title>
              {formatMessage(
                { id: getTranslation('credit.title'), defaultMessage: 'Credit invoice {number}' },
                { number: invoice?.number ?? '' },
              )}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            {invoice && total ? (
              <Flex direction="column" alignItems="stretch" gap={6}>
                <Flex direction="column" alignItems="stretch" gap={3}>
                  <Typography variant="sigma" textColor="neutral600" tag="h3" id="credit-lines-label">
                    {formatMessage({ id: getTranslation('credit.lines.label'), defaultMessage: 'Lines to credit' })}
                  </Typography>
                  <Radio.Group
                    value={mode}
                    onValueChange={(value: string) => {
                      setMode(value === 'selection' ? 'selection' : 'all');
                      clearError('lines');
                    }}
                    aria-labelledby="credit-lines-label"
                    data-testid="credit-mode"
                  >
                    <Radio.Item value="all">{allLabel}</Radio.Item>
                    <Radio.Item value="selection">
                      {formatMessage({ id: getTranslation('credit.mode.selection'), defaultMessage: 'A selection of lines' })}
                    </Radio.Item>
                  </Radio.Group>
                  {mode === 'selection' ? (
                    <DataTable
                      data-testid="credit-lines"
                      aria-label={formatMessage({ id: getTranslation('credit.lines.label'), defaultMessage: 'Lines to credit' })}
                      rowCount={open.length}
                      headers={[
                        formatMessage({ id: getTranslation('credit.lines.choose'), defaultMessage: 'Credit' }),
                        formatMessage({ id: getTranslation('invoice.lines.description'), defaultMessage: 'Description' }),
                        formatMessage({ id: getTranslation('invoice.lines.period'), defaultMessage: 'Period' }),
                        formatMessage({ id: getTranslation('invoice.lines.net'), defaultMessage: 'Net' }),
                      ]}
                    >
                      {open.map((line) => (
                        <Tr key={line.documentId} data-line={line.documentId}>
                          <Td>
                            <Checkbox
                              checked={selected.has(line.documentId)}
                              onCheckedChange={(checked: boolean | 'indeterminate') => toggleLine(line.documentId, checked === true)}
                              aria-label={formatMessage(
                                { id: getTranslation('credit.lines.chooseLine'), defaultMessage: 'Credit line {description}' },
                                { description: line.description },
                              )}
                            />
                          </Td>
                          <Td>
                            <Typography>{line.description}</Typography>
                          </Td>
                          <Td>
                            <Typography style={{ whiteSpace: 'nowrap' }}>{formatPeriod(intl, line.periodStart, line.periodEnd)}</Typography>
                          </Td>
                          <Td>
                            <Typography style={{ whiteSpace: 'nowrap' }}>{formatMoney(intl, line.net, invoice.currency)}</Typography>
                          </Td>
                        </Tr>
                      ))}
                    </DataTable>
                  ) : null}
                  {errors.lines ? (
                    <Typography variant="pi" textColor="danger600" data-testid="credit-lines-error">
                      {errors.lines}
                    </Typography>
                  ) : null}
                </Flex>

                <Field.Root
                  name="reason"
                  required
                  error={errors.reason}
                  hint={formatMessage({
                    id: getTranslation('credit.reason.hint'),
                    defaultMessage: 'Shown on the credit note. At most 1000 characters.',
                  })}
                >
                  <Field.Label>{formatMessage({ id: getTranslation('credit.reason.label'), defaultMessage: 'Reason' })}</Field.Label>
                  <Textarea
                    name="reason"
                    value={reason}
                    maxLength={MAX_REASON}
                    onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                      setReason(e.target.value);
                      clearError('reason');
                    }}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>

                <Box background="neutral100" padding={4} hasRadius data-testid="credit-summary">
                  <Flex direction="column" alignItems="flex-start" gap={1}>
                    <Typography variant="sigma" textColor="neutral600">
                      {formatMessage({ id: getTranslation('credit.summary.title'), defaultMessage: 'The credit note' })}
                    </Typography>
                    <Typography textColor="neutral800" data-testid="credit-summary-total">
                      {formatMessage(
                        {
                          id: getTranslation('credit.summary.total'),
                          defaultMessage: '{count, plural, =0 {No lines chosen} one {# line} other {# lines}} · total {total}',
                        },
                        { count: total.count, total: formatMoney(intl, total.gross, invoice.currency) },
                      )}
                    </Typography>
                    <Typography variant="pi" textColor="neutral600">
                      {formatMessage({
                        id: getTranslation('credit.summary.note'),
                        defaultMessage: 'A credit note cannot be withdrawn once it has been created. It gets a number of its own.',
                      })}
                    </Typography>
                  </Flex>
                </Box>
              </Flex>
            ) : null}
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={isLoading}>
                {formatMessage({ id: getTranslation('dialog.goBack'), defaultMessage: 'Go back' })}
              </Button>
            </Modal.Close>
            <Button type="submit" variant="danger-light" loading={isLoading} data-testid="credit-submit">
              {formatMessage({ id: getTranslation('credit.submit'), defaultMessage: 'Create credit note' })}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
