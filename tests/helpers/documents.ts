/**
 * Sample renderer input for the document tests and the document bench: a Dutch seller invoicing a
 * debtor whose names need more than Latin-1 (ł, ż, ó, ë, ü, ß, ő), with lines at 21 %, 9 % and 0 %.
 */
import zlib from 'zlib';
import type { TestApp } from './strapi';
import { computeAmount, formatMinor, sumMinor, toMinor } from '../../shared/money';
import type { DocumentLine, InvoiceDocumentData } from '../../shared/contracts/documents';

const LINE_TEMPLATES: { description: string; unitPrice: string; quantity: string; vatRate: string }[] = [
  { description: 'Huur kantoorruimte Ödön-Straße 3, unit 2.14', unitPrice: '1234.56', quantity: '1', vatRate: '21' },
  { description: 'Servicekosten Zoë Müller-Groß', unitPrice: '85.40', quantity: '2.5', vatRate: '21' },
  { description: 'Parkeerplaats (Łukasz Żółć)', unitPrice: '60', quantity: '3', vatRate: '9' },
  { description: 'Borg — vrijgesteld', unitPrice: '250', quantity: '1', vatRate: '0' },
  { description: 'Schoonmaak gemeenschappelijke ruimten, inclusief glasbewassing en vuilafvoer per kwartaal', unitPrice: '19.99', quantity: '4', vatRate: '21' },
];

/** `count` lines cycling through the templates, with exact net/VAT/gross (shared/money.ts). */
export function sampleLines(count: number, currency = 'EUR', sign: 1 | -1 = 1): DocumentLine[] {
  return Array.from({ length: count }, (_, i) => {
    const tpl = LINE_TEMPLATES[i % LINE_TEMPLATES.length];
    const unitPrice = sign < 0 ? `-${tpl.unitPrice}` : tpl.unitPrice;
    const amount = computeAmount({ unitPrice, quantity: tpl.quantity, coveredDays: 31, periodDays: 31, currency, vatRate: tpl.vatRate });
    return {
      description: count > LINE_TEMPLATES.length ? `${tpl.description} #${i + 1}` : tpl.description,
      periodStart: '2027-12-01',
      periodEnd: '2027-12-31',
      quantity: tpl.quantity,
      unitPrice,
      vatRate: tpl.vatRate,
      net: formatMinor(amount.net, currency),
      vat: formatMinor(amount.vat, currency),
      gross: formatMinor(amount.gross, currency),
    };
  });
}

export function totalsOf(lines: DocumentLine[], currency: string): InvoiceDocumentData['totals'] {
  const sum = (key: 'net' | 'vat' | 'gross') => formatMinor(sumMinor(lines.map((l) => toMinor(l[key], currency))), currency);
  return { net: sum('net'), vat: sum('vat'), gross: sum('gross') };
}

export function sampleDocument(overrides: Partial<InvoiceDocumentData> = {}, lineCount = 4): InvoiceDocumentData {
  const currency = overrides.currency ?? 'EUR';
  const lines = overrides.lines ?? sampleLines(lineCount, currency, overrides.kind === 'credit_note' ? -1 : 1);
  return {
    kind: 'invoice',
    language: 'nl',
    number: 'INV-2027-000042',
    name: 'Huur december 2027 - Kantoorpand Ödön - Łukasz Żółć',
    invoiceDate: '2027-12-31',
    dueDate: '2028-01-14',
    period: { start: '2027-12-01', end: '2027-12-31' },
    currency,
    seller: {
      legalName: 'Vastgoed Zoë Müller-Groß B.V.',
      street: 'Keizersgracht 123',
      postalCode: '1015 CJ',
      city: 'Amsterdam',
      countryCode: 'NL',
      vatNumber: 'NL123456789B01',
      companyId: '12345678',
      iban: 'NL91 ABNA 0417 1643 00',
      bic: 'ABNANL2A',
      email: 'facturen@example.nl',
      phone: '+31 20 123 4567',
      website: 'www.example.nl',
      paymentTerms: 'Betaling binnen 14 dagen na factuurdatum. Bij te late betaling is de wettelijke handelsrente verschuldigd.',
    },
    debtor: {
      name: 'Łukasz Żółć',
      reference: 'DEB-0042',
      street: 'Ödön-Straße 17',
      postalCode: '10115',
      city: 'Berlin',
      countryCode: 'DE',
      vatNumber: 'DE123456789',
    },
    lines,
    totals: totalsOf(lines, currency),
    creditedInvoiceNumber: null,
    reason: null,
    logo: null,
    ...overrides,
  };
}

/** A `w` × `h` PNG of one colour (8-bit RGB), for logos. */
export function png(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y += 1) for (let x = 0; x < w; x += 1) raw.set([30, 90, 160], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Removes the invoices' archived PDFs (file and Media Library row) of a test app: the local upload
 * provider keeps them in the playground's public folder, which outlives the test database. Call it
 * before the app stops.
 */
export async function removeArchivedDocuments(app: TestApp): Promise<void> {
  const rows = (await app.strapi.db.connection('invoicing_invoices').whereNotNull('document_file_id').select('document_file_id')) as Array<{
    document_file_id: number;
  }>;
  const ids = rows.map((r) => Number(r.document_file_id));
  const provider = app.strapi.plugin('upload').provider as unknown as { delete(file: unknown): Promise<unknown> };
  const files = app.strapi.db.query('plugin::upload.file');
  // The provider's copies one by one, the rows a thousand at a time (one transaction each).
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const file of await files.findMany({ where: { id: { $in: chunk } } })) await provider.delete(file);
    await files.deleteMany({ where: { id: { $in: chunk } } });
  }
}
