/** Seller objects of the settings (DESIGN §16) for unit and integration tests: plain data. */

/** What a fresh install answers: every field empty, no logo, English. */
export const EMPTY_SELLER = {
  legalName: '',
  street: '',
  postalCode: '',
  city: '',
  countryCode: '',
  vatNumber: '',
  companyId: '',
  iban: '',
  bic: '',
  email: '',
  phone: '',
  website: '',
  logo: null,
  paymentTerms: { en: '', nl: '' },
  emailFrom: '',
  emailReplyTo: '',
  defaultLanguage: 'en',
  electronicAddress: '',
} as const;

/** A complete, valid seller in normalised form (without a logo). */
export const VALID_SELLER = {
  legalName: 'Vastgoed Beheer B.V.',
  street: 'Herengracht 1',
  postalCode: '1015 BA',
  city: 'Amsterdam',
  countryCode: 'NL',
  vatNumber: 'NL123456789B01',
  companyId: '12345678',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  email: 'finance@example.com',
  phone: '+31 20 123 4567',
  website: 'https://example.com',
  paymentTerms: { en: 'Pay within 14 days.', nl: 'Betalen binnen 14 dagen.' },
  emailFrom: 'invoices@example.com',
  emailReplyTo: 'finance@example.com',
  defaultLanguage: 'nl',
  electronicAddress: '0106:12345678',
} as const;
