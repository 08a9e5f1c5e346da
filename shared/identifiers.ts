/**
 * Business identifiers of seller and debtor details (DESIGN §16): IBAN, BIC, VAT numbers and Peppol
 * electronic addresses. Pure functions, no Strapi import, shared by the admin forms and the server.
 *
 * Each check takes a value in compact form (see `compactIdentifier`) and answers `null` when it is
 * valid, otherwise the reason as the end of a sentence ("has 17 characters; a Dutch IBAN has 18"),
 * which the schemas in validation.ts put behind the field's label.
 */
import { isCountryCode } from './countries';

/** Upper case without spaces, dots and hyphens: "nl91 abna 0417.1643-00" → "NL91ABNA0417164300". */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s.-]+/g, '').toUpperCase();
}

/** The remainder of a long decimal digit string divided by 97 (ISO 7064 MOD 97-10). */
export function mod97(digits: string): number {
  let rest = 0;
  for (const ch of digits) rest = (rest * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return rest;
}

/** Letters as numbers the IBAN way: A = 10 … Z = 35; digits stay. */
const lettersToDigits = (value: string): string =>
  value.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

/* ------------------------------------------------------------------------------------------------ */
/* IBAN (ISO 13616) and BIC (ISO 9362)                                                             */
/* ------------------------------------------------------------------------------------------------ */

/** IBAN length per country, from the SWIFT IBAN registry. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
});

export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
    return 'must start with a two-letter country code and two check digits, followed by letters and digits only';
  }
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return `starts with "${country}", which is not a country that uses IBANs`;
  if (iban.length !== length) return `has ${iban.length} characters; an IBAN from ${country} has ${length}`;
  if (mod97(lettersToDigits(iban.slice(4) + iban.slice(0, 4))) !== 1) return 'has wrong check digits (a typing error?)';
  return null;
}

export function bicProblem(bic: string): string | null {
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return 'must be 8 or 11 characters: 4 letters for the bank, 2 for the country, 2 letters or digits for the location and optionally 3 for the branch';
  }
  const country = bic.slice(4, 6);
  if (!isCountryCode(country) && country !== 'XK') return `has "${country}" as its country, which is not an ISO country code`;
  return null;
}

/* ------------------------------------------------------------------------------------------------ */
/* VAT numbers                                                                                      */
/* ------------------------------------------------------------------------------------------------ */

/** VAT number prefixes of the EU member states (Greece uses EL) and Northern Ireland (XI). */
export const EU_VAT_PREFIXES: readonly string[] = Object.freeze(
  'AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI'.split(' '),
);

/** A Belgian enterprise number: 10 digits starting with 0 or 1, the last two 97 − (first eight mod 97). */
export function isBelgianEnterpriseNumber(digits: string): boolean {
  if (!/^[01]\d{9}$/.test(digits)) return false;
  return 97 - mod97(digits.slice(0, 8)) === Number(digits.slice(8));
}

interface VatRule {
  pattern: RegExp;
  shape: string;
  check?: (vat: string) => boolean;
}

const VAT_RULES: Readonly<Record<string, VatRule>> = {
  // Dutch btw-id (since 2020 also for sole traders): 9 digits, the letter B and 2 digits. Only the shape
  // is checked: old numbers carry an 11-test, new ones a mod-97 check, and both are in use.
  NL: { pattern: /^NL\d{9}B\d{2}$/, shape: 'NL, 9 digits, the letter B and 2 digits (NL123456789B01)' },
  BE: {
    pattern: /^BE[01]\d{9}$/,
    shape: 'BE and the 10-digit enterprise number starting with 0 or 1 (BE0123456749)',
    check: (vat) => isBelgianEnterpriseNumber(vat.slice(2)),
  },
  DE: { pattern: /^DE\d{9}$/, shape: 'DE and 9 digits (DE123456789)' },
  FR: { pattern: /^FR[0-9A-HJ-NP-Z]{2}\d{9}$/, shape: 'FR, 2 check characters and the 9-digit SIREN (FR40303265045)' },
  LU: { pattern: /^LU\d{8}$/, shape: 'LU and 8 digits (LU26375245)' },
  GB: {
    pattern: /^GB(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
    shape: 'GB and 9 or 12 digits, or GBGD/GBHA and 3 digits (GB123456789)',
  },
};

export function vatNumberProblem(vat: string): string | null {
  const prefix = vat.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(prefix)) return 'must start with the two-letter country prefix, such as NL or BE';
  const rule = VAT_RULES[prefix];
  if (rule) {
    if (!rule.pattern.test(vat)) return `must be written as ${rule.shape}`;
    if (rule.check && !rule.check(vat)) return 'has a wrong check number (a typing error?)';
    return null;
  }
  if (EU_VAT_PREFIXES.includes(prefix)) {
    return /^[A-Z]{2}[A-Z0-9]{2,12}$/.test(vat) ? null : `must be ${prefix} followed by 2 to 12 letters or digits`;
  }
  // Outside the EU (CHE…, NO…MVA, …): a country prefix and 2 to 13 letters or digits.
  return /^[A-Z]{2}[A-Z0-9]{2,13}$/.test(vat) ? null : 'must be a country prefix followed by 2 to 13 letters or digits';
}

/* ------------------------------------------------------------------------------------------------ */
/* Peppol electronic address `scheme:id`                                                            */
/* ------------------------------------------------------------------------------------------------ */

/** Electronic Address Scheme codes of the Peppol EAS code list (BIS Billing 3.0, as release 3.0.19's rules check them). */
export const PEPPOL_EAS_CODES: readonly string[] = Object.freeze(
  (
    '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 ' +
    '0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 ' +
    '0210 0211 0212 0213 0215 0216 0217 0218 0221 0225 0230 0235 0240 9910 9913 9914 9915 9918 9919 ' +
    '9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 ' +
    '9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959'
  ).split(' '),
);

const EAS = new Set(PEPPOL_EAS_CODES);

const digitsOf = (id: string) => [...id].map((c) => c.charCodeAt(0) - 48);

/** GS1 check digit (GLN, scheme 0088). */
function isGln(id: string): boolean {
  if (!/^\d{2,}$/.test(id)) return false;
  const d = digitsOf(id);
  const check = d.pop()!;
  const sum = d.reverse().reduce((s, digit, i) => s + digit * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Norwegian organisation number (scheme 0192): 9 digits, weights 2–7 from the right, mod 11. */
function isNorwegianOrgNumber(id: string): boolean {
  if (!/^\d{9}$/.test(id) || Number(id) === 0) return false;
  const d = digitsOf(id);
  const check = d.pop()!;
  const sum = d.reverse().reduce((s, digit, i) => s + digit * ((i % 6) + 2), 0);
  return (11 - (sum % 11)) % 11 === check;
}

/** Swedish organisation number (scheme 0007): 10 digits, Luhn check digit. */
function isSwedishOrgNumber(id: string): boolean {
  if (!/^\d{10}$/.test(id)) return false;
  const d = digitsOf(id);
  const check = d.pop()!;
  const sum = d.reverse().reduce((s, digit, i) => s + (i % 2 === 0 ? ((digit * 2) % 10) + Math.floor((digit * 2) / 10) : digit), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Australian Business Number (scheme 0151): 11 digits, first digit minus 1, weights, mod 89. */
function isAbn(id: string): boolean {
  if (!/^\d{11}$/.test(id)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const d = digitsOf(id);
  d[0] -= 1;
  return d.reduce((s, digit, i) => s + digit * weights[i], 0) % 89 === 0;
}

/**
 * Schemes whose identifiers have a format or check digit: the ones Peppol's rules check as fatal
 * (PEPPOL-COMMON-R040 … R050), so an address the network would refuse is refused when it is typed.
 */
const SCHEME_RULES: Readonly<Record<string, { what: string; valid: (id: string) => boolean }>> = {
  '0088': { what: 'a GLN: digits with a valid GS1 check digit (0088:5790000435951)', valid: isGln },
  '0192': { what: 'a Norwegian organisation number: 9 digits with a valid check digit (0192:987654325)', valid: isNorwegianOrgNumber },
  '0184': { what: 'a Danish CVR number: 8 digits, optionally after DK (0184:DK12345678)', valid: (id) => /^(DK)?\d{8}$/.test(id) },
  '0007': { what: 'a Swedish organisation number: 10 digits with a valid check digit (0007:5560360793)', valid: isSwedishOrgNumber },
  '0151': { what: 'an Australian Business Number: 11 digits with a valid check (0151:51824753556)', valid: isAbn },
  '0208': { what: 'a Belgian enterprise number: 10 digits with a valid check number (0208:0123456749)', valid: isBelgianEnterpriseNumber },
  '0106': { what: 'a Dutch KvK number: 8 digits (0106:12345678)', valid: (id) => /^\d{8}$/.test(id) },
  '9944': { what: 'a Dutch VAT number (9944:NL123456789B01)', valid: (id) => VAT_RULES.NL.pattern.test(id) },
  '9925': { what: 'a Belgian VAT number (9925:BE0123456749)', valid: (id) => vatNumberProblem(id) === null && id.startsWith('BE') },
};

/** Splits `scheme:id`; undefined when the value has no colon. */
export function splitElectronicAddress(value: string): { scheme: string; id: string } | undefined {
  const at = value.indexOf(':');
  return at < 0 ? undefined : { scheme: value.slice(0, at), id: value.slice(at + 1) };
}

export function electronicAddressProblem(value: string): string | null {
  const parts = splitElectronicAddress(value);
  if (!parts || !/^\d{4}$/.test(parts.scheme)) {
    return 'must be a Peppol participant id written as scheme:id, with a 4-digit scheme code (for example 0208:0123456749)';
  }
  if (!EAS.has(parts.scheme)) return `uses scheme ${parts.scheme}, which is not in the Peppol EAS code list`;
  if (!/^[A-Za-z0-9._\-/+]{1,50}$/.test(parts.id)) {
    return 'must have an id of 1 to 50 letters, digits or the characters . _ - / + after the colon';
  }
  const rule = SCHEME_RULES[parts.scheme];
  if (rule && !rule.valid(parts.id)) return `must hold ${rule.what} after scheme ${parts.scheme}`;
  return null;
}
