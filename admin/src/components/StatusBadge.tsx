import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RunStatus } from '../../../shared/lifecycle';
import type { InvoiceStatus } from '../../../shared/sending';
import { invoiceStatusMessage, statusMessage } from '../utils/labels';

/** Badge variant per run status (design-system colours, never hard-coded ones). */
const TONE: Record<RunStatus, 'neutral' | 'secondary' | 'warning' | 'primary' | 'success' | 'danger' | 'alternative'> = {
  draft: 'neutral',
  on_hold: 'neutral',
  submitted: 'secondary',
  amounts_generated: 'warning',
  approved: 'alternative',
  invoices_generated: 'success',
  invoices_sent: 'success',
  cancelled: 'danger',
};

/** Badge variant per invoice status (DESIGN §16, and the credit statuses of §17). */
const INVOICE_TONE: Record<InvoiceStatus, 'neutral' | 'secondary' | 'success' | 'danger' | 'warning' | 'alternative'> = {
  open: 'neutral',
  sending: 'secondary',
  sent: 'success',
  send_failed: 'danger',
  partially_credited: 'warning',
  credited: 'alternative',
};

export const InvoiceStatusBadge = ({ status }: { status: InvoiceStatus }) => {
  const { formatMessage } = useIntl();
  return (
    <Badge variant={INVOICE_TONE[status] ?? 'neutral'} data-invoice-status={status}>
      {formatMessage(invoiceStatusMessage(status))}
    </Badge>
  );
};

export const StatusBadge = ({ status }: { status: RunStatus }) => {
  const { formatMessage } = useIntl();
  const tone = TONE[status];
  return (
    <Badge variant={tone} data-status={status}>
      {formatMessage(statusMessage(status))}
    </Badge>
  );
};
