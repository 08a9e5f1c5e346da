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
  SEND_STATUSES,
  CREDIT_STATUSES,
  invoiceStatusOf,
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
  test('open → sending → sent | send_failed, and the credit statuses shown instead once there is one', () => {
    expect([...SEND_STATUSES]).toEqual(['open', 'sending', 'sent', 'send_failed']);
    expect([...CREDIT_STATUSES]).toEqual(['partially_credited', 'credited']);
    expect([...INVOICE_STATUSES]).toEqual(['open', 'sending', 'sent', 'send_failed', 'partially_credited', 'credited']);
    for (const s of SEND_STATUSES) {
      expect(invoiceStatusOf(s, null)).toBe(s);
      expect(invoiceStatusOf(s, undefined)).toBe(s);
      for (const c of CREDIT_STATUSES) expect(invoiceStatusOf(s, c)).toBe(c);
    }
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

  test('a credit note has a Message-ID of its own kind', () => {
    expect(invoiceMessageId('abc123', 'facturen@verhuur.nl', 'credit_note')).toBe('<credit-note.abc123@verhuur.nl>');
    expect(invoiceMessageId('abc123', null, 'invoice')).toBe(`<invoice.abc123@${DEFAULT_MESSAGE_ID_DOMAIN}>`);
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

describe('the e-mail of a credit note', () => {
  const note = (language: 'en' | 'nl') =>
    invoice({ kind: 'credit_note', number: 'CN-2027-000003', gross: '-1210.00', creditedInvoice: { documentId: 'i1', number: 'F-2027-000042', invoiceDate: '2027-02-01' } }, language);
  test('Dutch: credit note subject, the amount credited without its minus, the credited invoice', () => {
    const mail = invoiceMail(note('nl'));
    expect(mail.subject).toBe('Creditnota CN-2027-000003 van Verhuur B.V.');
    expect(mail.text).toContain('In de bijlage vindt u creditnota CN-2027-000003 van 01-02-2027, waarmee € 1.210,00 van factuur F-2027-000042 wordt gecrediteerd.');
    expect(mail.text).not.toMatch(/betalen|-1/);
  });
  test('English, and without a seller name', () => {
    expect(invoiceMail(note('en'))).toMatchObject({ subject: 'Credit note CN-2027-000003 from Verhuur B.V.' });
    expect(invoiceMail(note('en')).text).toContain('which credits €1,210.00 of invoice F-2027-000042. The amount will be refunded or settled with you.');
    expect(invoiceMail(invoice({ kind: 'credit_note', number: 'CN-1', gross: '-1.00' }, 'en', '')).subject).toBe('Credit note CN-1');
  });
});
