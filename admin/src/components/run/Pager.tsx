import { Flex, IconButton, Typography } from '@strapi/design-system';
import { ChevronLeft, ChevronRight } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Pagination } from '../../../../shared/contracts/common';
import { getTranslation } from '../../utils/getTranslation';

export interface PagerProps {
  pagination: Pagination | undefined;
  onPageChange: (page: number) => void;
  /** Distinguishes the pagers of one page for tests and screen readers ("amounts", "invoices", …). */
  name: string;
}

/**
 * Previous / next pagination for the lists inside the run page (the URL-driven Pagination of the
 * admin belongs to a page's one main list; the run page has several lists and a modal).
 */
export const Pager = ({ pagination, onPageChange, name }: PagerProps) => {
  const { formatMessage, formatNumber } = useIntl();
  if (!pagination || pagination.total === 0) return null;
  const { page, pageCount, total } = pagination;
  const lastPage = Math.max(1, pageCount);
  return (
    <Flex justifyContent="space-between" alignItems="center" gap={2} tag="nav" data-testid={`${name}-pager`}
      aria-label={formatMessage({ id: getTranslation('run.pager.label'), defaultMessage: 'Pagination' })}
    >
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(
          { id: getTranslation('run.pager.total'), defaultMessage: '{total, plural, one {# entry} other {# entries}}' },
          { total },
        )}
      </Typography>
      <Flex gap={2} alignItems="center">
        <IconButton
          label={formatMessage({ id: getTranslation('run.pager.previous'), defaultMessage: 'Previous page' })}
          variant="tertiary"
          disabled={page <= 1}
          onClick={() => onPageChange(page - 1)}
        >
          <ChevronLeft />
        </IconButton>
        <Typography variant="pi" textColor="neutral800" aria-live="polite">
          {formatMessage(
            { id: getTranslation('run.pager.page'), defaultMessage: 'Page {page} of {pageCount}' },
            { page: formatNumber(page), pageCount: formatNumber(lastPage) },
          )}
        </Typography>
        <IconButton
          label={formatMessage({ id: getTranslation('run.pager.next'), defaultMessage: 'Next page' })}
          variant="tertiary"
          disabled={page >= lastPage}
          onClick={() => onPageChange(page + 1)}
        >
          <ChevronRight />
        </IconButton>
      </Flex>
    </Flex>
  );
};
