import {
  bicProblem,
  COUNTRY_CODES,
  compactIdentifier,
  electronicAddressProblem,
  EU_VAT_PREFIXES,
  IBAN_LENGTHS,
  ibanProblem,
  isBelgianEnterpriseNumber,
  isCountryCode,
  mod97,
  PEPPOL_EAS_CODES,
  splitElectronicAddress,
  vatNumberProblem,
} from '../../shared';

describe('country codes (ISO 3166-1 alpha-2)', () => {
  test('the 249 assigned codes, unique, two capitals each', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  test.each(['NL', 'BE', 'DE', 'FR', 'LU', 'GB', 'US', 'AX', 'SS', 'ZW'])('%s is a country code', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  test.each(['nl', 'XX', 'UK', 'EL', 'EU', 'NLD', 'N', '', ' NL', 12, null, undefined])('%j is not', (code) => {
    expect(isCountryCode(code)).toBe(false);
  });
});

describe('compactIdentifier and mod97', () => {
  test('removes spaces, dots and hyphens and upper-cases', () => {
    expect(compactIdentifier(' nl91 abna-0417.1643 00\t')).toBe('NL91ABNA0417164300');
    expect(compactIdentifier('')).toBe('');
  });

  test('mod97 of long digit strings', () => {
    expect(mod97('0')).toBe(0);
    expect(mod97('97')).toBe(0);
    expect(mod97('98')).toBe(1);
    expect(mod97('123456789012345678901234567890')).toBe(Number(BigInt('123456789012345678901234567890') % 97n));
  });
});

describe('IBAN', () => {
  test.each([
    'NL91ABNA0417164300',
    'DE89370400440532013000',
    'BE68539007547034',
    'GB29NWBK60161331926819',
    'FR1420041010050500013M02606',
    'LU280019400644750000',
    'NO9386011117947',
    'CH9300762011623852957',
  ])('%s is valid', (iban) => {
    expect(ibanProblem(iban)).toBeNull();
  });

  test.each([
    ['NL91ABNA0417164301', /check digits/],
    ['NL19ABNA0417164300', /check digits/],
    ['NL91ABNA041716430', /17 characters.*18/],
    ['NL91ABNA04171643000', /19 characters.*18/],
    ['XX91ABNA0417164300', /not a country that uses IBANs/],
    ['US91ABNA0417164300', /not a country that uses IBANs/],
    ['NLAAABNA0417164300', /two check digits/],
    ['91NLABNA0417164300', /country code/],
    ['NL91ABNA041716430!', /letters and digits/],
    ['', /country code/],
  ])('%s is refused (%s)', (iban, why) => {
    expect(ibanProblem(iban)).toMatch(why);
  });

  test('every registry length is a sane number for a known country', () => {
    for (const [country, length] of Object.entries(IBAN_LENGTHS)) {
      expect(isCountryCode(country) || country === 'XK').toBe(true);
      expect(length).toBeGreaterThanOrEqual(15);
      expect(length).toBeLessThanOrEqual(34);
    }
  });
});

describe('BIC', () => {
  test.each(['ABNANL2A', 'DEUTDEFF500', 'INGBNL2AXXX', 'GEBABEBB', 'KREDBEBB123'])('%s is valid', (bic) => {
    expect(bicProblem(bic)).toBeNull();
  });

  test.each([
    ['ABNANL2', /8 or 11/],
    ['ABNANL2AXX', /8 or 11/],
    ['ABN1NL2A', /8 or 11/],
    ['ABNAXX2A', /not an ISO country code/],
    ['abnanl2a', /8 or 11/],
    ['', /8 or 11/],
  ])('%s is refused', (bic, why) => {
    expect(bicProblem(bic)).toMatch(why);
  });
});

describe('Belgian enterprise number', () => {
  test.each(['0123456749', '0417497106', '0203201340', '1000000021'])('%s has a valid check number', (n) => {
    expect(isBelgianEnterpriseNumber(n)).toBe(true);
  });
  test.each(['0123456789', '0417497107', '2123456749', '012345674', '01234567490', 'A123456749'])('%s is refused', (n) => {
    expect(isBelgianEnterpriseNumber(n)).toBe(false);
  });
});

describe('VAT numbers per country prefix', () => {
  test.each([
    'NL123456789B01',
    'NL000099998B57',
    'BE0123456749',
    'BE0417497106',
    'DE123456789',
    'FR40303265045',
    'FRK7399859412',
    'LU26375245',
    'GB123456789',
    'GB123456789012',
    'GBGD001',
    'GBHA599',
    'ATU12345678',
    'ESX1234567L',
    'EL123456789',
    'XI123456789',
    'CHE123456789',
    'NO123456789MVA',
  ])('%s is valid', (vat) => {
    expect(vatNumberProblem(vat)).toBeNull();
  });

  test.each([
    ['NL123456789', /NL, 9 digits, the letter B/],
    ['NL123456789B1', /NL, 9 digits/],
    ['NL12345678B01', /NL, 9 digits/],
    ['BE123456749', /10-digit enterprise number/],
    ['BE2123456749', /starting with 0 or 1/],
    ['BE0123456789', /check number/],
    ['DE12345678', /DE and 9 digits/],
    ['DE1234567890', /DE and 9 digits/],
    ['FRI0303265045', /FR, 2 check characters/],
    ['FR4030326504', /SIREN/],
    ['LU2637524', /LU and 8 digits/],
    ['GB12345678', /GB and 9 or 12 digits/],
    ['GBGD500', /GBGD/],
    ['GBHA499', /GBHA/],
    ['AT1', /AT followed by 2 to 12/],
    ['ES1234567890123', /ES followed by 2 to 12/],
    ['123456789', /country prefix/],
    ['N1234', /country prefix/],
    ['US1', /country prefix followed by 2 to 13/],
  ])('%s is refused', (vat, why) => {
    expect(vatNumberProblem(vat)).toMatch(why);
  });

  test('the EU prefixes are the member states (Greece as EL) and Northern Ireland', () => {
    expect(EU_VAT_PREFIXES).toHaveLength(28);
    expect(EU_VAT_PREFIXES).toContain('EL');
    expect(EU_VAT_PREFIXES).not.toContain('GR');
    expect(EU_VAT_PREFIXES).not.toContain('GB');
  });
});

describe('Peppol electronic address scheme:id', () => {
  test.each([
    '0208:0123456749',
    '0106:12345678',
    '9944:NL123456789B01',
    '9925:BE0417497106',
    '0088:5790000435951',
    '0192:987654325',
    '0184:DK12345678',
    '0184:12345678',
    '0007:5560360793',
    '0151:51824753556',
    '0177:ABC-123',
    '9930:DE123456789',
    '0204:991-1234512345-06',
  ])('%s is valid', (address) => {
    expect(electronicAddressProblem(address)).toBeNull();
  });

  test.each([
    ['0208:0123456789', /Belgian enterprise number/],
    ['0208:123456749', /Belgian enterprise number/],
    ['0106:1234567', /KvK number/],
    ['0106:1234567A', /KvK number/],
    ['9944:NL123456789', /Dutch VAT number/],
    ['9944:BE0123456749', /Dutch VAT number/],
    ['9925:BE0123456789', /Belgian VAT number/],
    ['9925:NL123456789B01', /Belgian VAT number/],
    ['1234:abc', /not in the Peppol EAS code list/],
    // checked as fatal by Peppol's rules (PEPPOL-COMMON-R040 … R050), so refused when typed
    ['0088:5790000435952', /GLN/],
    ['0088:57900004359A1', /GLN/],
    ['0192:987654321', /Norwegian organisation number/],
    ['0192:000000000', /Norwegian organisation number/],
    ['0184:DK1234567', /Danish CVR number/],
    ['0007:5560360794', /Swedish organisation number/],
    ['0151:51824753557', /Australian Business Number/],
    // not (or no longer) in the code list of BIS Billing 3.0.19
    ['9901:12345678', /not in the Peppol EAS code list/],
    ['9955:12345678', /not in the Peppol EAS code list/],
    ['208:0123456749', /4-digit scheme code/],
    ['NL123456789B01', /scheme:id/],
    ['0208:', /1 to 50/],
    ['0088:has space', /1 to 50/],
    [`0088:${'1'.repeat(51)}`, /1 to 50/],
  ])('%s is refused', (address, why) => {
    expect(electronicAddressProblem(address)).toMatch(why);
  });

  test('splitElectronicAddress splits at the first colon', () => {
    expect(splitElectronicAddress('0208:0123456749')).toEqual({ scheme: '0208', id: '0123456749' });
    expect(splitElectronicAddress('a:b:c')).toEqual({ scheme: 'a', id: 'b:c' });
    expect(splitElectronicAddress('none')).toBeUndefined();
  });

  test('the EAS codes are unique four-digit codes', () => {
    expect(new Set(PEPPOL_EAS_CODES).size).toBe(PEPPOL_EAS_CODES.length);
    for (const code of PEPPOL_EAS_CODES) expect(code).toMatch(/^\d{4}$/);
    for (const code of ['0208', '0106', '9944', '9925', '0088']) expect(PEPPOL_EAS_CODES).toContain(code);
  });
});
