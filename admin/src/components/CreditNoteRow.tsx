import { Flex, Td, TextButton, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CreditNote } from '../../../shared/contracts/credit-notes';
import { formatCalendarDate, formatMoney } from '../utils/format';
import { getTranslation } from '../utils/getTranslation';
import { TextCell } from './ListParts';
import { InvoiceStatusBadge } from './StatusBadge';

/** The columns of a credit note list (the Credit notes page, a run's Invoices tab). */
export const useCreditNoteHeaders = (): string[] => {
  const { formatMessage } = useIntl();
  return [
    formatMessage({ id: getTranslation('creditNotes.column.number'), defaultMessage: 'Number' }),
    formatMessage({ id: getTranslation('creditNotes.column.creditedInvoice'), defaultMessage: 'Credited invoice' }),
    formatMessage({ id: getTranslation('creditNotes.column.debtor'), defaultMessage: 'Debtor' }),
    formatMessage({ id: getTranslation('creditNotes.column.date'), defaultMessage: 'Date' }),
    formatMessage({ id: getTranslation('creditNotes.column.gross'), defaultMessage: 'Gross' }),
    formatMessage({ id: getTranslation('creditNotes.column.status'), defaultMessage: 'Status' }),
  ];
};

/** One credit note of a list: its number opens it (and, with `rowOpens`, the whole row does). */
export const CreditNoteRow = ({ note, onOpen, rowOpens = false }: { note: CreditNote; onOpen: (documentId: string) => void; rowOpens?: boolean }) => {
  const intl = useIntl();
  return (
    <Tr
      data-testid={rowOpens ? 'credit-note-row' : undefined}
      data-credit-note={note.number}
      onClick={rowOpens ? () => onOpen(note.documentId) : undefined}
      style={rowOpens ? { cursor: 'pointer' } : undefined}
    >
      <Td>
        <TextButton onClick={() => onOpen(note.documentId)} data-testid="credit-note-number">
          <Typography textColor="primary600">{note.number}</Typography>
        </TextButton>
      </Td>
      <TextCell>{note.creditedInvoice?.number ?? ''}</TextCell>
      <TextCell detail={note.debtor.reference}>{note.debtor.name}</TextCell>
      <TextCell nowrap>{formatCalendarDate(intl, note.invoiceDate)}</TextCell>
      <TextCell nowrap bold>
        {formatMoney(intl, note.gross, note.currency)}
      </TextCell>
      <Td>
        <Flex>
          <InvoiceStatusBadge status={note.status} />
        </Flex>
      </Td>
    </Tr>
  );
};
