import * as React from 'react';

/**
 * Calls `refetch` whenever `version` changes after the first render (not on mount, when the query
 * loads anyway). The run page derives the version from the run (status, totals, job state), so its
 * lists follow a job that finishes while the page is open, without a reload.
 */
export const useRefetchOnChange = (version: string, refetch: () => unknown, enabled = true) => {
  const previous = React.useRef(version);
  React.useEffect(() => {
    if (previous.current === version) return;
    previous.current = version;
    if (!enabled) return;
    try {
      refetch();
    } catch {
      // the query has not started yet (skipped): it will load when it does
    }
  }, [version, refetch, enabled]);
};

/** The parts of a run whose change means its amounts, invoices or events changed. */
export const runVersion = (run: {
  status: string;
  updatedAt?: string;
  totals: { amounts: number; invoices: number };
  job: { documentId: string; state: string } | null;
}): string =>
  [run.status, run.totals.amounts, run.totals.invoices, run.job?.documentId ?? '', run.job?.state ?? ''].join('|');
