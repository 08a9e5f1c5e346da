/**
 * The parts of a run whose change means its amounts, invoices or events changed. The run page's
 * lists pass it with their query (`RunScopedParams.version`), so they follow a write or a job that
 * finishes while the page is open, without a reload.
 */
export const runVersion = (run: {
  status: string;
  totals: { amounts: number; invoices: number };
  job: { documentId: string; state: string } | null;
}): string =>
  [run.status, run.totals.amounts, run.totals.invoices, run.job?.documentId ?? '', run.job?.state ?? ''].join('|');
