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
 * What a refused download answered (400/404/409 in Strapi's error shape): `{ name, message, details }`
 * like the errors of the panel's RTK queries, so `useRunFeedback().failure` and `serverFieldErrors`
 * read it the same way. Null when the body is not Strapi's error shape.
 */
export async function refusalOf(body: Blob | string | null | undefined): Promise<{ name: string; message: string; details: unknown } | null> {
  try {
    const text = typeof body === 'string' ? body : body ? await body.text() : '';
    const parsed = JSON.parse(text) as { error?: { name?: unknown; message?: unknown; details?: unknown } };
    const error = parsed?.error;
    if (!error || typeof error.message !== 'string') return null;
    return { name: typeof error.name === 'string' ? error.name : 'Error', message: error.message, details: error.details ?? {} };
  } catch {
    return null;
  }
}

/** Statuses whose body (Strapi's error shape) a download reads to report the server's sentence. */
const REFUSALS = new Set([400, 404, 409]);

/**
 * Downloads a file of the admin API with the admin's token (`useFetchClient`, `responseType: 'blob'`)
 * and saves it under the name of its `Content-Disposition` (else `fallbackName`). Errors are thrown
 * to the caller: a refusal (400, 404, 409) as `{ name, message, details }` with the server's sentence.
 */
export function useFileDownload() {
  const { get } = useFetchClient();
  const [isDownloading, setIsDownloading] = React.useState(false);

  const fetchBlob = React.useCallback(
    async (url: string, mime: string): Promise<{ blob: Blob; name: string | null }> => {
      const response = await get<Blob>(url, { responseType: 'blob', validateStatus: (status: number) => REFUSALS.has(status) });
      const status = response.status ?? 200;
      if (REFUSALS.has(status)) {
        throw (await refusalOf(response.data)) ?? { name: 'Error', message: '', details: {}, status };
      }
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
