import { documentLanguage, invoiceDocumentData, invoicePeriod } from '../../shared/document-data';
import type { Invoice } from '../../shared/contracts/runs';
import { DEFAULT_SELLER } from '../../shared/validation';

const line = (periodStart: string, periodEnd: string, net = '10.00') => ({
  documentId: `l-${periodStart}`,
  position: 1,
  amount: 'a1',
  description: 'Rent',
  periodStart,
  periodEnd,
  quantity: '1',
  unitPrice: net,
  net,
  vatRate: '21',
  vat: '2.10',
  gross: '12.10',
});

const invoice = (overrides: Partial<Invoice> = {}): Invoice => ({
  documentId: 'inv1',
  kind: 'invoice',
  number: '2027-000001',
  name: 'Rent C1',
  run: { documentId: 'run1', reference: 'IVR-000001' },
  debtor: { documentId: 'd1', reference: 'D1', name: 'Łukasz Żółć', language: null, street: 'Kerkstraat 1', postalCode: '1011 AB', city: 'Amsterdam', countryCode: 'NL', vatNumber: null },
  contract: null,
  category: null,
  invoiceDate: '2027-02-01',
  dueDate: '2027-02-15',
  currency: 'EUR',
  net: '20.00',
  vat: '4.20',
  gross: '24.20',
  status: 'open',
  sendStatus: 'open',
  creditedInvoice: null,
  creditReason: null,
  sendError: null,
  sentAt: null,
  sendCount: 0,
  lineCount: 2,
  document: null,
  lines: [line('2027-01-10', '2027-01-31'), line('2027-01-01', '2027-01-20')],
  seller: { ...DEFAULT_SELLER, legalName: 'Verhuur B.V.', iban: 'NL91ABNA0417164300', defaultLanguage: 'nl', paymentTerms: { en: 'Pay in 14 days.', nl: 'Betaal binnen 14 dagen.' }, logo: null },
  ...overrides,
});

describe('document data from an invoice and its snapshots', () => {
  it("takes the debtor's language, else the seller's default, else English", () => {
    expect(documentLanguage(invoice())).toBe('nl');
    expect(documentLanguage(invoice({ debtor: { ...invoice().debtor, language: 'en' } }))).toBe('en');
    expect(documentLanguage(invoice({ seller: null }))).toBe('en');
  });

  it('covers the earliest line start to the latest line end', () => {
    expect(invoicePeriod(invoice())).toEqual({ start: '2027-01-01', end: '2027-01-31' });
    expect(invoicePeriod(invoice({ lines: [] }))).toEqual({ start: '2027-02-01', end: '2027-02-01' });
  });

  it('shows the snapshot, the payment terms in the document language and the totals', () => {
    const data = invoiceDocumentData(invoice());
    expect(data).toMatchObject({
      kind: 'invoice',
      language: 'nl',
      number: '2027-000001',
      seller: { legalName: 'Verhuur B.V.', iban: 'NL91ABNA0417164300', paymentTerms: 'Betaal binnen 14 dagen.', bic: null },
      debtor: { name: 'Łukasz Żółć', city: 'Amsterdam', countryCode: 'NL', vatNumber: null },
      totals: { net: '20.00', vat: '4.20', gross: '24.20' },
      logo: null,
    });
    expect(data.lines).toHaveLength(2);
    expect(data.lines[0]).toEqual({ description: 'Rent', periodStart: '2027-01-10', periodEnd: '2027-01-31', quantity: '1', unitPrice: '10.00', vatRate: '21', net: '10.00', vat: '2.10', gross: '12.10' });
  });

  it('renders an invoice made before snapshots with an empty seller', () => {
    expect(invoiceDocumentData(invoice({ seller: null })).seller.legalName).toBe('');
  });
});
