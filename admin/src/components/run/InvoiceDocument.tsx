import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Invoice } from '../../../../shared/contracts/runs';
import { useFileDownload } from '../../hooks/useFileDownload';
import { usePermissions } from '../../hooks/usePermissions';
import { invoiceDocumentUrl, invoiceUblUrl } from '../../services/api';
import { getTranslation } from '../../utils/getTranslation';
import { LoadingBlock } from './RunParts';
import { useRunFeedback } from './useRunFeedback';

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * An invoice's (or a credit note's, `kind: 'credit_note'`) PDF on its detail: a preview (the PDF fetched with the admin's token as a blob and shown
 * from a blob URL, since an `<iframe src>` of the API would carry no token), "Download PDF" and "Download e-invoice (UBL)" (DESIGN §18). The
 * first look renders and archives the document; the invoice's `document` then changes, so the preview
 * is keyed on the invoice only, never refetched for that.
 */
export const InvoiceDocument = ({ invoice }: { invoice: Pick<Invoice, 'documentId' | 'number'> & Partial<Pick<Invoice, 'kind'>> }) => {
  const kind = invoice.kind ?? 'invoice';
  const { formatMessage } = useIntl();
  const feedback = useRunFeedback();
  const { canRead } = usePermissions();
  const { download, fetchBlob, isDownloading } = useFileDownload();
  const ubl = useFileDownload();
  const [preview, setPreview] = React.useState<{ url: string } | { error: string } | null>(null);

  React.useEffect(() => {
    if (!canRead) return undefined;
    let url: string | null = null;
    let cancelled = false;
    setPreview(null);
    fetchBlob(invoiceDocumentUrl(invoice.documentId, 'inline', kind), 'application/pdf')
      .then(({ blob }) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }));
        setPreview({ url });
      })
      .catch((error: unknown) => {
        if (!cancelled) setPreview({ error: errorText(error) });
      });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [invoice.documentId, kind, canRead, fetchBlob]);

  if (!canRead) return null;

  const handleDownload = async () => {
    try {
      await download(invoiceDocumentUrl(invoice.documentId, 'attachment', kind), `${invoice.number}.pdf`, 'application/pdf');
    } catch (error) {
      feedback.failure(error);
    }
  };

  const handleDownloadUbl = async () => {
    try {
      await ubl.download(invoiceUblUrl(invoice.documentId, kind), `${invoice.number}.xml`, 'application/xml');
    } catch (error) {
      feedback.failure(error);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="invoice-document">
      <Flex justifyContent="flex-end" gap={2}>
        <Button variant="secondary" startIcon={<Download />} loading={ubl.isDownloading} onClick={handleDownloadUbl} data-testid="download-invoice-ubl">
          {formatMessage({ id: getTranslation('documents.downloadUbl'), defaultMessage: 'Download e-invoice (UBL)' })}
        </Button>
        <Button startIcon={<Download />} loading={isDownloading} onClick={handleDownload} data-testid="download-invoice-pdf">
          {kind === 'credit_note'
            ? formatMessage({ id: getTranslation('documents.downloadCreditNote'), defaultMessage: 'Download PDF' })
            : formatMessage({ id: getTranslation('documents.download'), defaultMessage: 'Download PDF' })}
        </Button>
      </Flex>
      {preview === null ? (
        <LoadingBlock>{formatMessage({ id: getTranslation('documents.preview.loading'), defaultMessage: 'Loading the PDF…' })}</LoadingBlock>
      ) : 'error' in preview ? (
        <Typography textColor="danger600" data-testid="invoice-pdf-error">
          {formatMessage(
            { id: getTranslation('documents.preview.failed'), defaultMessage: 'The PDF could not be loaded: {error}' },
            { error: preview.error },
          )}
        </Typography>
      ) : (
        <Box borderColor="neutral200" borderStyle="solid" borderWidth="1px" hasRadius overflow="hidden">
          <iframe
            src={preview.url}
            title={
              kind === 'credit_note'
                ? formatMessage(
                    { id: getTranslation('documents.preview.titleCreditNote'), defaultMessage: 'PDF of credit note {number}' },
                    { number: invoice.number },
                  )
                : formatMessage({ id: getTranslation('documents.preview.title'), defaultMessage: 'PDF of invoice {number}' }, { number: invoice.number })
            }
            data-testid="invoice-pdf-preview"
            style={{ width: '100%', height: '70vh', border: 0, display: 'block' }}
          />
        </Box>
      )}
    </Flex>
  );
};
