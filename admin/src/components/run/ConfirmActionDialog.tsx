import * as React from 'react';
import { Button, Dialog, type ButtonProps } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';

export interface ConfirmActionDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: React.ReactNode;
  /** Text of the confirm button ("Approve", "Cancel run", "Delete amounts"). */
  confirmLabel: string;
  /** Performs the action and reports its outcome (a notification); the dialog then closes. */
  onConfirm: () => Promise<unknown>;
  variant?: ButtonProps['variant'];
  'data-testid'?: string;
}

/**
 * Confirmation for Approve, Cancel and Delete amounts: a design-system alert dialog with "Go back"
 * and the action's own confirm button, which shows a spinner while the request runs.
 */
export const ConfirmActionDialog = ({
  open,
  onOpenChange,
  title,
  children,
  confirmLabel,
  onConfirm,
  variant = 'danger-light',
  'data-testid': testId,
}: ConfirmActionDialogProps) => {
  const { formatMessage } = useIntl();
  const [isConfirming, setIsConfirming] = React.useState(false);

  const handleConfirm = async () => {
    if (isConfirming) return;
    setIsConfirming(true);
    try {
      await onConfirm();
    } finally {
      setIsConfirming(false);
      // Closed after a refusal too: the run has been refetched, and its buttons show what is possible now.
      onOpenChange(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => (isConfirming ? undefined : onOpenChange(next))}>
      <Dialog.Content data-testid={testId}>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill={variant === 'success' ? 'success600' : 'danger600'} />}>
          {children}
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={isConfirming}>
              {formatMessage({ id: getTranslation('dialog.goBack'), defaultMessage: 'Go back' })}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant={variant} loading={isConfirming} onClick={handleConfirm}>
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
