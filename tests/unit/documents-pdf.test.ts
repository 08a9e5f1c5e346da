/**
 * The invoice/credit-note PDF renderer (DESIGN §16, §17), read back with pdf-parse.
 */
import { documentFonts, renderInvoicePdf, renderInvoicePdfWith } from '../../server/src/documents/pdf';
import type { InvoiceDocumentData } from '../../shared/contracts/documents';
import { png, sampleDocument, sampleLines, totalsOf } from '../helpers/documents';
import { pdfText } from '../helpers/pdf-text';

/** A 1 × 1 greyscale baseline-compatible JPEG. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

/** Every expected piece is in the text (one failure names the missing piece). */
function expectAll(text: string, expected: string[]): void {
  for (const piece of expected) expect(text).toContain(piece);
}

const STANDARD_14 = /\/(Helvetica|Times-Roman|Times-Bold|Courier|Symbol|ZapfDingbats)\b/;

describe('renderInvoicePdf', () => {
  test('a Dutch invoice: Dutch labels, dates and amounts, names with ł ż ó ë ü ß ő, VAT breakdown, payment details', async () => {
    const data = sampleDocument({ language: 'nl' });
    const pdf = await renderInvoicePdf(data);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages } = await pdfText(pdf);
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Factuur',
      'Factuurnummer INV-2027-000042',
      'Factuurdatum 31-12-2027',
      'Vervaldatum 14-01-2028',
      'Periode 01-12-2027 – 31-12-2027',
      'Klantnummer DEB-0042',
      'Łukasz Żółć',
      'Ödön-Straße 17',
      'Duitsland', // the debtor's country, which is not the seller's
      'Btw-nummer: DE123456789',
      'Vastgoed Zoë Müller-Groß B.V.',
      'Btw-nummer: NL123456789B01',
      'KvK: 12345678',
      'Omschrijving Periode Aantal Prijs per',
      'Servicekosten Zoë Müller-Groß 01-12-2027 – 31-12-2027 2,5 € 85,40 21% € 213,50',
      'Parkeerplaats (Łukasz Żółć) 01-12-2027 – 31-12-2027 3 € 60,00 9% € 180,00',
      'BTW-specificatie',
      'BTW-tarief Grondslag BTW-bedrag',
      '0% € 250,00 € 0,00',
      '9% € 180,00 € 16,20',
      '21% € 1.448,06 € 304,10',
      'Subtotaal € 1.878,06',
      'BTW € 320,30',
      'Totaal € 2.198,36',
      'Gelieve € 2.198,36 uiterlijk 14-01-2028 over te maken op NL91 ABNA 0417 1643 00',
      'IBAN NL91 ABNA 0417 1643 00',
      'BIC ABNANL2A',
      'Betalingskenmerk INV-2027-000042',
      'Betalingsvoorwaarden',
      'Betaling binnen 14 dagen na factuurdatum.',
      'Pagina 1 van 1 Vastgoed Zoë Müller-Groß B.V. · Factuur INV-2027-000042',
    ]);
    expect(text).not.toMatch(/Invoice|Due date|Payment/);
  });

  test('an English invoice: English labels, dates and amounts', async () => {
    const base = sampleDocument();
    const pdf = await renderInvoicePdf({ ...base, language: 'en', debtor: { ...base.debtor, name: 'Zoë Müller-Groß', countryCode: 'NL' } });
    const { text } = await pdfText(pdf);
    expectAll(text, [
      'Invoice',
      'Invoice number INV-2027-000042',
      'Invoice date 31 Dec 2027',
      'Due date 14 Jan 2028',
      'Period 1 Dec 2027 – 31 Dec 2027',
      'Zoë Müller-Groß',
      'Description Period Quantity Unit price VAT Net',
      'Servicekosten Zoë Müller-Groß 1 Dec 2027 – 31 Dec 2027 2.5 €85.40 21% €213.50',
      'VAT breakdown',
      '21% €1,448.06 €304.10',
      'Subtotal €1,878.06',
      'Total €2,198.36',
      'Please pay €2,198.36 by 14 Jan 2028 to NL91 ABNA 0417 1643 00, stating payment reference INV-2027-000042.',
      'Payment reference INV-2027-000042',
      'Chamber of Commerce: 12345678',
      'Page 1 of 1',
    ]);
    // a debtor in the seller's own country gets no country line
    expect(text).not.toMatch(/Germany|Factuur/);
  });

  test('a credit note: its title, number, the credited invoice and the reason; the refund sentence has no minus', async () => {
    const data = sampleDocument({
      kind: 'credit_note',
      language: 'nl',
      number: 'CN-2027-000001',
      creditedInvoiceNumber: 'INV-2027-000042',
      reason: 'Verkeerde prijs op de contractregel',
    });
    const { text } = await pdfText(await renderInvoicePdf(data));
    expectAll(text, [
      'Creditnota',
      'Creditnotanummer CN-2027-000001',
      'Creditnotadatum 31-12-2027',
      'Gecrediteerde factuur INV-2027-000042',
      'Reden: Verkeerde prijs op de contractregel',
      '€ -1.234,56',
      'Totaal € -2.198,36',
      'Het bedrag van € 2.198,36 wordt aan u terugbetaald of met u verrekend.',
      'Betalingskenmerk CN-2027-000001',
    ]);
    expect(text).not.toMatch(/Vervaldatum|Gelieve/);

    const en = await pdfText(await renderInvoicePdf({ ...data, language: 'en', reason: 'Wrong price' }));
    expectAll(en.text, ['Credit note number CN-2027-000001', 'Credited invoice INV-2027-000042', 'Reason: Wrong price']);
  });

  test('fonts are embedded TrueType subsets of DejaVu Sans; no standard-14 font is referenced', async () => {
    const raw = (await renderInvoicePdf(sampleDocument())).toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw.match(/\/FontFile2/g)).toHaveLength(2);
    expect(raw).not.toMatch(STANDARD_14);
    expect(raw).not.toContain('/Type1');
  });

  test('a 120-line invoice breaks over several pages, repeats the table header and has the totals on the last page only', async () => {
    const data = sampleDocument({}, 120);
    const { pages, text } = await pdfText(await renderInvoicePdf(data));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page).toContain('Omschrijving Periode Aantal Prijs per');
      expect(page).toContain(`Pagina ${i + 1} van ${pages.length}`);
      if (i > 0) expect(page).toContain('Factuur INV-2027-000042');
    });
    const last = pages[pages.length - 1];
    expect(last).toContain(`Totaal ${'€ 55.082,64'}`);
    expect(last).toContain('BTW-specificatie');
    expect(last).toContain('Betalingskenmerk INV-2027-000042');
    for (const page of pages.slice(0, -1)) expect(page).not.toMatch(/Totaal|BTW-specificatie/);
    // every line is there, once
    for (let i = 1; i <= 120; i += 1) expect(text.match(new RegExp(`#${i}\\b`, 'g'))).toHaveLength(1);
  });

  test('deterministic: the same input gives the same bytes, whatever was rendered before', async () => {
    const a = sampleDocument();
    const b = sampleDocument({ language: 'en', number: 'INV-2027-000043', debtor: { ...a.debtor, name: 'Ödön Ő. Kovács' } }, 7);
    const first = await renderInvoicePdf(a);
    await renderInvoicePdf(b);
    const again = await renderInvoicePdf(structuredClone(a));
    expect(again.equals(first)).toBe(true);
    // the info dates are the invoice date, not the time of rendering
    const raw = first.toString('latin1');
    expect(raw.match(/\(D:\d+Z\)/g)).toEqual(['(D:20271231000000Z)', '(D:20271231000000Z)']); // CreationDate, ModDate
    const { info } = await pdfText(first);
    expect(info).toMatchObject({ CreationDate: 'D:20271231000000Z', ModDate: 'D:20271231000000Z', Title: 'Factuur INV-2027-000042' });
    // another invoice date changes the dates and the file ID
    const later = (await renderInvoicePdf({ ...a, invoiceDate: '2028-01-01' })).toString('latin1');
    expect(later.match(/\(D:\d+Z\)/g)).toEqual(['(D:20280101000000Z)', '(D:20280101000000Z)']);
    const id = (s: string) => /\/ID \[<([0-9a-f]+)>/.exec(s)?.[1];
    expect(id(raw)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(later)).not.toBe(id(raw));
  });

  test("the process-wide font caches change no byte: same output as pdfkit parsing the font files itself", async () => {
    const { files } = documentFonts();
    for (const data of [sampleDocument(), sampleDocument({ language: 'en', kind: 'credit_note', number: 'CN-2027-000009' }, 12)]) {
      const cached = await renderInvoicePdf(data);
      const plain = await renderInvoicePdfWith(data, { regular: files.regular, bold: files.bold });
      expect(cached.equals(plain)).toBe(true);
    }
  });

  test('a PNG or JPEG logo is embedded as an image', async () => {
    const withPng = (await renderInvoicePdf(sampleDocument({ logo: { data: png(120, 40), mime: 'image/png' } }))).toString('latin1');
    expect(withPng).toMatch(/\/Subtype \/Image/);
    expect(withPng).toMatch(/\/Width 120\s/);
    const withJpeg = (await renderInvoicePdf(sampleDocument({ logo: { data: JPEG, mime: 'image/jpeg' } }))).toString('latin1');
    expect(withJpeg).toContain('/DCTDecode');
    const without = (await renderInvoicePdf(sampleDocument())).toString('latin1');
    expect(without).not.toMatch(/\/Subtype \/Image/);
  });

  test('optional seller and debtor details may be missing; no IBAN gives the sentence without it', async () => {
    const base = sampleDocument({ language: 'en' });
    const data: InvoiceDocumentData = {
      ...base,
      seller: { ...base.seller, street: null, postalCode: null, city: null, countryCode: null, vatNumber: null, companyId: null, iban: null, bic: null, email: null, phone: null, website: null, paymentTerms: null },
      debtor: { name: 'Zoë', reference: null, street: null, postalCode: null, city: null, countryCode: null, vatNumber: null },
    };
    const { text } = await pdfText(await renderInvoicePdf(data));
    expect(text).toContain('Please pay €2,198.36 by 14 Jan 2028, stating payment reference INV-2027-000042.');
    expect(text).toContain('Payment reference INV-2027-000042');
    expect(text).not.toMatch(/IBAN|BIC|VAT number|Customer number|Payment terms/);
  });

  test('long values wrap or shrink instead of overlapping: names, descriptions, a huge unit price, the footer', async () => {
    const base = sampleDocument();
    const lines = sampleLines(2);
    lines[0].description = 'Een zeer lange omschrijving die over meerdere regels moet doorlopen, met Ödön Łukasz Żółć';
    lines[1].unitPrice = '123456789.125';
    const legalName = 'Stichting Vastgoedbeheer en Verhuur Zoë Müller-Groß & Partners Amsterdam-Zuidoost B.V.';
    const { text } = await pdfText(
      await renderInvoicePdf({ ...base, lines, totals: totalsOf(lines, 'EUR'), seller: { ...base.seller, legalName } }),
    );
    expectAll(text, ['Stichting Vastgoedbeheer en Verhuur Zoë Müller-', 'Een zeer lange omschrijving', '2,5 € 123.456.789,125 21% € 213,50']);
    // the footer keeps the number and page, without a seller name too long to fit beside them
    expect(text).toContain('Pagina 1 van 1 Factuur INV-2027-000042');
    expect(text).not.toContain('B.V. · Factuur');
  });

  test('other currencies use their decimals: JPY without, KWD with three', async () => {
    const jpyLines = sampleLines(2, 'JPY');
    const jpy = await pdfText(await renderInvoicePdf(sampleDocument({ currency: 'JPY', language: 'en', lines: jpyLines, totals: totalsOf(jpyLines, 'JPY') })));
    // a unit price keeps the decimals it has; the net is in whole yen
    expect(jpy.text).toContain('JPY 1,234.56 21% JPY 1,235');
    expect(jpy.text).toContain('Total JPY 1,753');
    const kwdLines = sampleLines(1, 'KWD');
    const kwd = await pdfText(await renderInvoicePdf(sampleDocument({ currency: 'KWD', language: 'nl', lines: kwdLines, totals: totalsOf(kwdLines, 'KWD') })));
    expect(kwd.text).toContain('KWD 1.234,560');
  });

  test('bad input rejects with a clear error instead of a broken PDF', async () => {
    await expect(renderInvoicePdf(sampleDocument({ invoiceDate: '2027-13-01' }))).rejects.toThrow(/Invalid invoice date "2027-13-01"/);
    await expect(renderInvoicePdf(sampleDocument({ invoiceDate: '2027-02-30' }))).rejects.toThrow(/Invalid invoice date "2027-02-30"/);
    const eur = sampleDocument();
    await expect(renderInvoicePdf({ ...eur, currency: 'XYZ' })).rejects.toThrow(/Unknown currency "XYZ"/);
    await expect(renderInvoicePdf(sampleDocument({ language: 'de' as never }))).rejects.toThrow(/Unknown document language "de"/);
  });
});
