import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { RunStatus } from '../../../shared/lifecycle';
import { statusMessage } from '../utils/labels';

/** Badge variant per run status (design-system colours, never hard-coded ones). */
const TONE: Record<RunStatus, 'neutral' | 'secondary' | 'warning' | 'primary' | 'success' | 'danger' | 'alternative'> = {
  draft: 'neutral',
  on_hold: 'neutral',
  submitted: 'secondary',
  amounts_generated: 'warning',
  approved: 'alternative',
  invoices_generated: 'success',
  cancelled: 'danger',
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
