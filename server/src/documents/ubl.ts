// placeholder replaced by the ubl branch
import type { Invoice, InvoiceLine } from '../../../shared/contracts/runs';
export class UblProblem extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
export function invoiceUbl(invoice: Invoice & { lines: InvoiceLine[] }): string {
  throw new UblProblem('invoice', `not built ${invoice.number}`);
}
export const ublFileName = (invoice: Pick<Invoice, 'number'>) => `${invoice.number}.xml`;
