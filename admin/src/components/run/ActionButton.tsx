import * as React from 'react';
import { Box, Button, Tooltip, type ButtonProps } from '@strapi/design-system';

export interface ActionButtonProps {
  children: React.ReactNode;
  onClick?: () => void;
  /** Why the button is disabled: shown as its tooltip (and as its accessible description). */
  disabledReason?: string | null;
  disabled?: boolean;
  loading?: boolean;
  variant?: ButtonProps['variant'];
  startIcon?: React.ReactNode;
  size?: ButtonProps['size'];
  'data-testid'?: string;
}

/**
 * A design-system button that is disabled when it has a `disabledReason`, which then appears as a
 * tooltip on hover and focus (a disabled button gets no pointer events, so the tooltip sits on a
 * focusable wrapper).
 */
export const ActionButton = ({
  children,
  onClick,
  disabledReason,
  disabled,
  loading,
  variant,
  startIcon,
  size = 'S',
  'data-testid': testId,
}: ActionButtonProps) => {
  const isDisabled = Boolean(disabled || disabledReason);
  const button = (
    <Button
      size={size}
      variant={variant}
      startIcon={startIcon}
      loading={loading}
      disabled={isDisabled}
      onClick={onClick}
      data-testid={testId}
    >
      {children}
    </Button>
  );
  if (!disabledReason) return button;
  return (
    <Tooltip label={disabledReason}>
      <Box tag="span" display="inline-block" tabIndex={0} data-disabled-reason={disabledReason}>
        {button}
      </Box>
    </Tooltip>
  );
};
