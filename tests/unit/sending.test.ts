import {
  DEFAULT_MESSAGE_ID_DOMAIN,
  emailDomain,
  INVOICE_STATUSES,
  invoiceMail,
  invoiceMessageId,
  isInvoiceStatus,
  JOB_SENDABLE_STATUSES,
  nextSendAt,
  SEND_FAILURES,
  SINGLE_SENDABLE_STATUSES,
} from '../../shared/sending';
import type { Invoice } from '../../shared/contracts/runs';

const invoice = (overrides: Partial<Invoice> = {}, language: 'en' | 'nl' | null = 'nl', legalName = 'Verhuur B.V.') =>
  ({
    number: 'F-2027-000042',
    invoiceDate: '2027-02-01',
    dueDate: '2027-02-15',
    gross: '1234.50',
    currency: 'EUR',
    debtor: { documentId: 'd1', reference: 'D1', name: 'Bakkerij <Zon> & Co', language },
    seller: { legalName, defaultLanguage: 'en', emailFrom: 'facturen@verhuur.nl' },
    ...overrides,
  }) as unknown as Invoice;

describe('invoice statuses', () => {
  test('open → sending → sent | send_failed', () => {
    expect([...INVOICE_STATUSES]).toEqual(['open', 'sending', 'sent', 'send_failed']);
    for (const s of INVOICE_STATUSES) expect(isInvoiceStatus(s)).toBe(true);
    for (const v of ['', 'Sent', 'failed', null, 1]) expect(isInvoiceStatus(v)).toBe(false);
  });
  test('a job retries failed ones but never resends; a single send also resends', () => {
    expect([...JOB_SENDABLE_STATUSES]).toEqual(['open', 'send_failed']);
    expect([...SINGLE_SENDABLE_STATUSES]).toEqual(['open', 'send_failed', 'sent']);
  });
});

describe('Message-ID', () => {
  test.each([
    ['facturen@verhuur.nl', 'verhuur.nl'],
    ['  Billing@Example.COM ', 'example.com'],
    ['', null],
    [null, null],
    [undefined, null],
    ['no-at-sign', null],
    ['x@', null],
    ['x@bad domain', null],
  ])('emailDomain(%p) = %p', (address, domain) => expect(emailDomain(address)).toBe(domain));

  test('derived from the documentId and the domain of emailFrom, the same every time', () => {
    expect(invoiceMessageId('abc123', 'facturen@verhuur.nl')).toBe('<invoice.abc123@verhuur.nl>');
    expect(invoiceMessageId('abc123', 'facturen@verhuur.nl')).toBe(invoiceMessageId('abc123', 'Facturen@VERHUUR.nl'));
    expect(invoiceMessageId('abc123', '')).toBe(`<invoice.abc123@${DEFAULT_MESSAGE_ID_DOMAIN}>`);
    expect(invoiceMessageId('other', 'facturen@verhuur.nl')).not.toBe(invoiceMessageId('abc123', 'facturen@verhuur.nl'));
  });
});

describe('the e-mail of an invoice', () => {
  test('Dutch for a Dutch debtor: subject, body with the PDF formats, HTML escaped', () => {
    const mail = invoiceMail(invoice());
    expect(mail.language).toBe('nl');
    expect(mail.subject).toBe('Factuur F-2027-000042 van Verhuur B.V.');
    expect(mail.text).toBe(
      'Beste Bakkerij <Zon> & Co,\n\nIn de bijlage vindt u factuur F-2027-000042 van 01-02-2027 voor € 1.234,50. ' +
        'Wij verzoeken u deze uiterlijk 15-02-2027 te betalen onder vermelding van factuurnummer F-2027-000042.\n\n' +
        'Met vriendelijke groet,\nVerhuur B.V.\n',
    );
    expect(mail.html).toContain('<p>Beste Bakkerij &lt;Zon&gt; &amp; Co,</p>');
    expect(mail.html).toContain('<p>Met vriendelijke groet,<br>Verhuur B.V.</p>');
  });

  test("English for an English debtor, and for one without a language the seller's default", () => {
    for (const mail of [invoiceMail(invoice({}, 'en')), invoiceMail(invoice({}, null))]) {
      expect(mail.language).toBe('en');
      expect(mail.subject).toBe('Invoice F-2027-000042 from Verhuur B.V.');
      expect(mail.text).toContain('Please find attached invoice F-2027-000042 of 1 Feb 2027 for €1,234.50.');
      expect(mail.text).toContain('by 15 Feb 2027');
      expect(mail.text).toMatch(/Kind regards,\nVerhuur B\.V\.\n$/);
    }
  });

  test('without a seller name the subject and closing leave it out', () => {
    expect(invoiceMail(invoice({}, 'nl', '')).subject).toBe('Factuur F-2027-000042');
    expect(invoiceMail(invoice({}, 'en', '  ')).subject).toBe('Invoice F-2027-000042');
    expect(invoiceMail(invoice({}, 'en', '')).text).toMatch(/Kind regards,\n$/);
  });

  test('reasons of a failed send', () => {
    expect(SEND_FAILURES.noEmail).toBe('The debtor has no e-mail address.');
    expect(SEND_FAILURES.mailServer('550 no such user')).toBe('The mail server did not accept the message: 550 no such user');
  });
});

describe('throttle', () => {
  test.each([
    [null, 10, 0],
    [1000, 10, 1100],
    [1000, 4, 1250],
    [1000, 1, 2000],
    [1000, 0, 1000],
    [null, 0, 0],
  ])('after %p at %p per second: %p', (previous, rate, next) => expect(nextSendAt(previous, rate)).toBe(next));
});
