import * as React from 'react';
import { Box, Flex, IconButton, Td, Tr, Typography } from '@strapi/design-system';
import { Search, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Job, Run } from '../../../../shared/contracts/runs';
import { canPerform } from '../../../../shared/lifecycle';
import { useDeleteAmountsMutation } from '../../services/api';
import { formatMoney } from '../../utils/format';
import { getTranslation } from '../../utils/getTranslation';
import { DataTable } from '../ListParts';
import { ActionButton } from './ActionButton';
import { AmountsOverviewModal } from './AmountsOverviewModal';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { GenerateActions } from './GenerateActions';
import { EmptyNote } from './RunParts';
import { useDisabledReason } from './useDisabledReason';
import { useRunFeedback } from './useRunFeedback';

export interface AmountsTabProps {
  run: Run;
  canGenerate: boolean;
  canDelete: boolean;
  /** Called with the job the server answered, so the page follows it until it ends. */
  onJobStarted: (job: Job) => void;
}

/**
 * Tab Amounts: Generate, Delete amounts, the run's totals per currency, the last amount job's
 * summary and the "To be invoiced amounts" overview behind the magnifier.
 */
export const AmountsTab = ({ run, canGenerate, canDelete, onJobStarted }: AmountsTabProps) => {
  const intl = useIntl();
  const { formatMessage, formatNumber } = intl;
  const feedback = useRunFeedback();
  const disabledReason = useDisabledReason();
  const [deleteAmounts] = useDeleteAmountsMutation();
  const [isDeleteOpen, setIsDeleteOpen] = React.useState(false);
  const [isOverviewOpen, setIsOverviewOpen] = React.useState(false);

  const deleteReason = disabledReason(run, 'delete_amounts');

  const handleDelete = async (): Promise<void> => {
    try {
      await deleteAmounts(run.documentId).unwrap();
      feedback.success(
        formatMessage(
          { id: getTranslation('amounts.notification.deleted'), defaultMessage: 'The amounts of {reference} have been deleted.' },
          { reference: run.reference },
        ),
      );
    } catch (error) {
      feedback.failure(error);
    }
  };

  const { totals } = run;
  const overviewLabel = formatMessage({
    id: getTranslation('amounts.overview.open'),
    defaultMessage: 'Show the to be invoiced amounts',
  });

  return (
    <Flex direction="column" alignItems="stretch" gap={6} data-testid="amounts-tab">
      <GenerateActions run={run} type="amounts" canGenerate={canGenerate} onJobStarted={onJobStarted}>
        {canDelete ? (
          <ActionButton
            variant="danger-light"
            startIcon={<Trash />}
            disabledReason={deleteReason}
            onClick={() => setIsDeleteOpen(true)}
            data-testid="delete-amounts"
          >
            {formatMessage({ id: getTranslation('amounts.delete'), defaultMessage: 'Delete amounts' })}
          </ActionButton>
        ) : null}
      </GenerateActions>

      <Box>
        <Flex justifyContent="space-between" alignItems="center" paddingBottom={4} gap={4} data-testid="to-be-invoiced-amounts">
          <Flex gap={2} alignItems="center">
            <Typography variant="delta" tag="h3">
              {formatMessage({ id: getTranslation('amounts.toBeInvoiced'), defaultMessage: 'To be invoiced amounts' })}
            </Typography>
            <IconButton label={overviewLabel} variant="tertiary" onClick={() => setIsOverviewOpen(true)}>
              <Search />
            </IconButton>
          </Flex>
          <Typography variant="omega" textColor="neutral600" data-testid="amounts-count">
            {formatMessage(
              {
                id: getTranslation('amounts.count'),
                defaultMessage: '{count, plural, =0 {No amounts} one {# amount} other {# amounts}}',
              },
              { count: totals.amounts },
            )}
          </Typography>
        </Flex>

        {totals.byCurrency.length > 0 ? (
          <DataTable
            data-testid="amounts-totals"
            rowCount={totals.byCurrency.length}
            headers={[
              formatMessage({ id: getTranslation('amounts.column.currency'), defaultMessage: 'Currency' }),
              formatMessage({ id: getTranslation('amounts.totals.count'), defaultMessage: 'Number of amounts' }),
              formatMessage({ id: getTranslation('amounts.column.net'), defaultMessage: 'Net' }),
              formatMessage({ id: getTranslation('amounts.column.vat'), defaultMessage: 'VAT' }),
              formatMessage({ id: getTranslation('amounts.column.gross'), defaultMessage: 'Gross' }),
            ]}
          >
            {totals.byCurrency.map((row) => (
              <Tr key={row.currency} data-currency={row.currency}>
                <Td>
                  <Typography>{row.currency}</Typography>
                </Td>
                <Td>
                  <Typography>{formatNumber(row.amounts)}</Typography>
                </Td>
                <Td>
                  <Typography data-testid={`total-net-${row.currency}`}>{formatMoney(intl, row.net, row.currency)}</Typography>
                </Td>
                <Td>
                  <Typography data-testid={`total-vat-${row.currency}`}>{formatMoney(intl, row.vat, row.currency)}</Typography>
                </Td>
                <Td>
                  <Typography data-testid={`total-gross-${row.currency}`} fontWeight="bold">
                    {formatMoney(intl, row.gross, row.currency)}
                  </Typography>
                </Td>
              </Tr>
            ))}
          </DataTable>
        ) : (
          <EmptyNote>
            {canPerform(run.status, 'generate_amounts')
              ? formatMessage({
                  id: getTranslation('amounts.empty'),
                  defaultMessage: 'There are no amounts yet. Press Generate to create them from the contracts.',
                })
              : formatMessage({ id: getTranslation('amounts.none'), defaultMessage: 'This run has no amounts.' })}
          </EmptyNote>
        )}
      </Box>

      <AmountsOverviewModal run={run} open={isOverviewOpen} onOpenChange={setIsOverviewOpen} />

      <ConfirmActionDialog
        open={isDeleteOpen}
        onOpenChange={setIsDeleteOpen}
        title={formatMessage({ id: getTranslation('dialog.deleteAmounts.title'), defaultMessage: 'Delete amounts' })}
        confirmLabel={formatMessage({ id: getTranslation('dialog.deleteAmounts.confirm'), defaultMessage: 'Delete amounts' })}
        onConfirm={handleDelete}
        variant="danger"
        data-testid="delete-amounts-dialog"
      >
        {formatMessage(
          {
            id: getTranslation('dialog.deleteAmounts.body'),
            defaultMessage:
              'Delete the {count, plural, one {# amount} other {# amounts}} of {reference}? The run goes back to Submitted and the amounts can be generated again.',
          },
          { count: totals.amounts, reference: run.reference },
        )}
      </ConfirmActionDialog>
    </Flex>
  );
};
