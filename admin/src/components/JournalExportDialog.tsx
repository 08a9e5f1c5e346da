import * as React from 'react';
import { Button, Field, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { isCalendarDate, todayIn } from '../../../shared/dates';
import { journalFilename, journalQuerySchema, previousCalendarMonth } from '../../../shared/journal';
import { validate } from '../../../shared/validation';
import { useFileDownload } from '../hooks/useFileDownload';
import { usePermissions } from '../hooks/usePermissions';
import { journalExportUrl } from '../services/api';
import { type FieldErrors, issuesToFieldErrors, pathGuard, serverFieldErrors } from '../utils/fieldErrors';
import { getTranslation } from '../utils/getTranslation';
import { useRunFeedback } from './run/useRunFeedback';

const FIELDS = ['from', 'to'] as const;
type JournalField = (typeof FIELDS)[number];
const isJournalField = pathGuard(FIELDS);

/** Today in the browser's time zone (the default period is the calendar month before it). */
const browserToday = (): string => {
  try {
    return todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);
  } catch {
    return todayIn('UTC');
  }
};

/**
 * "Export journal" (DESIGN §18): a button that opens a dialog with the period (From, To; the previous
 * calendar month by default) and downloads GET /exports/journal as CSV, the way the amounts CSV is
 * downloaded. The period is checked with the server's own schema first; a refusal of the server shows
 * its sentence under the field it names (or as a notification). Shown to admins who may read invoicing.
 */
export const JournalExportButton = () => {
  const { formatMessage } = useIntl();
  const { canRead } = usePermissions();
  const feedback = useRunFeedback();
  const { download, isDownloading } = useFileDownload();
  const [open, setOpen] = React.useState(false);
  const [period, setPeriod] = React.useState(() => previousCalendarMonth(browserToday()));
  const [errors, setErrors] = React.useState<FieldErrors<JournalField>>({});

  if (!canRead) return null;

  const openDialog = () => {
    setPeriod(previousCalendarMonth(browserToday()));
    setErrors({});
    setOpen(true);
  };

  const change = (field: JournalField) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const { value } = event.target;
    setPeriod((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      if (current[field] === undefined) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  };

  const handleSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isDownloading) return;
    const checked = validate(journalQuerySchema, period);
    if (!checked.ok) {
      // The shared schema's sentences are English: the panel says the same in the admin's language.
      const dateError = formatMessage({ id: getTranslation('journal.date.error'), defaultMessage: 'Enter a date, for example 2026-01-31.' });
      const orderError = formatMessage({ id: getTranslation('journal.order.error'), defaultMessage: 'To must be on or after From.' });
      setErrors(
        issuesToFieldErrors(checked.errors, isJournalField, (path) =>
          path === 'to' && isCalendarDate(period.from) && isCalendarDate(period.to) ? orderError : dateError,
        ),
      );
      return;
    }
    try {
      await download(journalExportUrl(checked.value.from, checked.value.to), journalFilename(checked.value.from, checked.value.to), 'text/csv');
      feedback.success(formatMessage({ id: getTranslation('journal.done'), defaultMessage: 'The journal has been downloaded.' }));
      setOpen(false);
    } catch (error) {
      const fieldErrors = serverFieldErrors(error, isJournalField);
      if (Object.keys(fieldErrors).length > 0) setErrors(fieldErrors);
      else feedback.failure(error);
    }
  };

  const label = formatMessage({ id: getTranslation('journal.button'), defaultMessage: 'Export journal' });

  return (
    <>
      <Button variant="tertiary" size="S" startIcon={<Download />} onClick={openDialog} data-testid="journal-export-open">
        {label}
      </Button>
      <Modal.Root open={open} onOpenChange={(next) => (isDownloading ? undefined : setOpen(next))}>
        <Modal.Content data-testid="journal-dialog">
          <form onSubmit={handleSubmit} noValidate>
            <Modal.Header closeLabel={formatMessage({ id: getTranslation('journal.closeLabel'), defaultMessage: 'Close without exporting' })}>
              <Modal.Title>{label}</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography textColor="neutral700">
                  {formatMessage({
                    id: getTranslation('journal.description'),
                    defaultMessage:
                      'A CSV file with one row per invoice and credit note line dated in the period: ledger account, VAT rate and category, net, VAT and gross.',
                  })}
                </Typography>
                <Flex gap={4} alignItems="flex-start">
                  <Field.Root name="from" required error={errors.from}>
                    <Field.Label>{formatMessage({ id: getTranslation('journal.from'), defaultMessage: 'From' })}</Field.Label>
                    <TextInput type="date" name="from" value={period.from} onChange={change('from')} disabled={isDownloading} />
                    <Field.Error />
                  </Field.Root>
                  <Field.Root name="to" required error={errors.to}>
                    <Field.Label>{formatMessage({ id: getTranslation('journal.to'), defaultMessage: 'To' })}</Field.Label>
                    <TextInput type="date" name="to" value={period.to} onChange={change('to')} disabled={isDownloading} />
                    <Field.Error />
                  </Field.Root>
                </Flex>
                <Typography variant="pi" textColor="neutral600">
                  {formatMessage({
                    id: getTranslation('journal.hint'),
                    defaultMessage: 'Both days are included. The ledger account is the invoice category’s, else the default in Settings → Invoicing.',
                  })}
                </Typography>
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary" disabled={isDownloading}>
                  {formatMessage({ id: getTranslation('dialog.goBack'), defaultMessage: 'Go back' })}
                </Button>
              </Modal.Close>
              <Button type="submit" startIcon={<Download />} loading={isDownloading} data-testid="journal-export-submit">
                {formatMessage({ id: getTranslation('journal.submit'), defaultMessage: 'Download CSV' })}
              </Button>
            </Modal.Footer>
          </form>
        </Modal.Content>
      </Modal.Root>
    </>
  );
};
