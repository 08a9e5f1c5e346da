import * as React from 'react';
import { Box, Button, Flex, Loader, Modal, Typography } from '@strapi/design-system';

/**
 * Small pieces shared by the run page's tabs, lists and modals.
 */

/** A spinner with its text, centred in the space a list will take. `small` for a side section. */
export const LoadingBlock = ({ children, small = false }: { children: string; small?: boolean }) => (
  <Flex justifyContent="center" padding={small ? 4 : 8}>
    <Loader small={small}>{children}</Loader>
  </Flex>
);

/** A grey box with one sentence, where a list or table has nothing to show. */
export const EmptyNote = ({ children, padding = 4 }: { children: React.ReactNode; padding?: 4 | 6 }) => (
  <Box background="neutral100" padding={padding} hasRadius>
    <Typography textColor="neutral600">{children}</Typography>
  </Box>
);

export interface ModalFrameProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  /** The label of the header's close (×) button. */
  closeLabel: string;
  /** The text of the footer's close button. */
  closeText: string;
  maxWidth: string;
  'data-testid': string;
  children: React.ReactNode;
}

/** A design-system modal with a title, the body, and a footer that only closes it. */
export const ModalFrame = ({
  open,
  onOpenChange,
  title,
  closeLabel,
  closeText,
  maxWidth,
  'data-testid': testId,
  children,
}: ModalFrameProps) => (
  <Modal.Root open={open} onOpenChange={onOpenChange}>
    <Modal.Content data-testid={testId} style={{ maxWidth }}>
      <Modal.Header closeLabel={closeLabel}>
        <Modal.Title>{title}</Modal.Title>
      </Modal.Header>
      <Modal.Body>{children}</Modal.Body>
      <Modal.Footer>
        <Modal.Close>
          <Button variant="tertiary">{closeText}</Button>
        </Modal.Close>
      </Modal.Footer>
    </Modal.Content>
  </Modal.Root>
);
