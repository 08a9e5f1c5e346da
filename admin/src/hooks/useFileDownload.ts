import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

/** `attachment; filename="IVR-000001-amounts.csv"` → the file name. */
export const fileNameOf = (disposition: string | null | undefined): string | null => {
  if (!disposition) return null;
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : null;
};

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads a file of the admin API with the admin's token (`useFetchClient`, `responseType: 'blob'`)
 * and saves it under the name of its `Content-Disposition` (else `fallbackName`). Errors are thrown
 * to the caller.
 */
export function useFileDownload() {
  const { get } = useFetchClient();
  const [isDownloading, setIsDownloading] = React.useState(false);

  const fetchBlob = React.useCallback(
    async (url: string, mime: string): Promise<{ blob: Blob; name: string | null }> => {
      const response = await get<Blob>(url, { responseType: 'blob' });
      const blob = response.data instanceof Blob ? response.data : new Blob([String(response.data)], { type: mime });
      return { blob, name: fileNameOf(response.headers?.get('content-disposition')) };
    },
    [get],
  );

  const download = React.useCallback(
    async (url: string, fallbackName: string, mime: string): Promise<void> => {
      setIsDownloading(true);
      try {
        const { blob, name } = await fetchBlob(url, mime);
        saveBlob(blob, name ?? fallbackName);
      } finally {
        setIsDownloading(false);
      }
    },
    [fetchBlob],
  );

  return { download, fetchBlob, isDownloading };
}
