import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CATEGORIES_WITH_EXEMPTION_REASON,
  VATEX_CATEGORY,
  VATEX_CODES,
  VAT_CATEGORY_CODES,
  isVatCategoryCode,
  lineVatCategory,
  vatTreatmentProblem,
  type VatCategoryCode,
  type VatTreatment,
} from '../../shared/vat-categories';

const t = (vatCategory: VatCategoryCode | null, vatExemptionReason: string | null = null, vatExemptionReasonCode: string | null = null): VatTreatment => ({
  vatCategory,
  vatExemptionReason,
  vatExemptionReasonCode,
});

describe('VAT_CATEGORY_CODES', () => {
  it('are the UNCL5305 codes an invoice category may carry (S is automatic)', () => {
    expect([...VAT_CATEGORY_CODES]).toEqual(['Z', 'E', 'AE', 'K', 'G', 'O']);
    expect(VAT_CATEGORY_CODES).not.toContain('S');
    for (const c of VAT_CATEGORY_CODES) expect(isVatCategoryCode(c)).toBe(true);
    for (const c of ['S', 'L', 'M', 'B', 'z', '', null, undefined, 0]) expect(isVatCategoryCode(c)).toBe(false);
  });
});

describe('lineVatCategory (DESIGN §18)', () => {
  it.each(['21', '9', '0.01', '5.5', '100', '021.00'])('rate %s > 0 is S, whatever the treatment', (rate) => {
    expect(lineVatCategory(rate, null)).toBe('S');
    for (const c of VAT_CATEGORY_CODES) expect(lineVatCategory(rate, t(c, 'reason'))).toBe('S');
  });

  it.each(['0', '0.00', '00', '-0'])('rate %s is Z without a treatment, else the treatment\'s category', (rate) => {
    expect(lineVatCategory(rate, null)).toBe('Z');
    expect(lineVatCategory(rate, t(null))).toBe('Z');
    for (const c of VAT_CATEGORY_CODES) expect(lineVatCategory(rate, t(c, 'reason'))).toBe(c);
  });

  it.each(['-1', '-0.01', 'abc', '', '1e2', ' 21'])('rejects the rate %j', (rate) => {
    expect(() => lineVatCategory(rate, null)).toThrow(/VAT rate/);
  });
});

describe('vatTreatmentProblem', () => {
  it('accepts no category and Z without a reason', () => {
    expect(vatTreatmentProblem(t(null))).toBeNull();
    expect(vatTreatmentProblem(t('Z'))).toBeNull();
    expect(vatTreatmentProblem(t('Z', '  ', ''))).toBeNull();
  });

  it.each([
    [null, 'a reason', null, 'vatExemptionReason'],
    ['Z', 'a reason', null, 'vatExemptionReason'],
    ['Z', null, 'VATEX-EU-O', 'vatExemptionReasonCode'],
  ] as const)('refuses a reason on %s (BR-Z-10)', (category, reason, code, field) => {
    const problem = vatTreatmentProblem(t(category, reason, code));
    expect(problem?.field).toBe(field);
    expect(problem?.message).toMatch(/zero rated category \(Z\) cannot have a VAT exemption reason/);
  });

  it.each(CATEGORIES_WITH_EXEMPTION_REASON)('%s needs a reason text or code, either one is enough', (category) => {
    expect(vatTreatmentProblem(t(category))).toEqual({ field: 'vatExemptionReason', message: expect.stringMatching(new RegExp(`^The VAT category ${category} \\(.+\\) needs an exemption reason`)) });
    expect(vatTreatmentProblem(t(category, ' ', ' '))?.field).toBe('vatExemptionReason');
    expect(vatTreatmentProblem(t(category, 'Some reason'))).toBeNull();
    const code = Object.entries(VATEX_CATEGORY).find(([, c]) => c === category)?.[0] ?? 'VATEX-EU-132';
    expect(vatTreatmentProblem(t(category, null, code))).toBeNull();
    expect(vatTreatmentProblem(t(category, 'Some reason', code))).toBeNull();
  });

  it('accepts every code of the CEN VATEX list, in any case, with a category it allows', () => {
    for (const code of VATEX_CODES) {
      const category = VATEX_CATEGORY[code] ?? 'E';
      expect(vatTreatmentProblem(t(category, null, code))).toBeNull();
      expect(vatTreatmentProblem(t(category, null, code.toLowerCase()))).toBeNull();
    }
  });

  it('has the VATEX list of the CEN rules (BR-CL-22) exactly', () => {
    const sch = readFileSync(join(__dirname, '..', 'fixtures', 'peppol', 'CEN-EN16931-UBL.sch'), 'utf8');
    const rule = sch.slice(sch.indexOf('id="BR-CL-22"'));
    const list = rule.slice(rule.indexOf("' VATEX") + 2, rule.indexOf(" '", rule.indexOf("' VATEX") + 2)).split(' ');
    expect(list).toEqual(VATEX_CODES);
  });

  it.each(['VATEX-EU-999', 'VATEX', 'EU-132', 'vatex eu ic', 'Reverse charge'])('refuses the code %j (not on the list)', (code) => {
    const problem = vatTreatmentProblem(t('E', 'reason', code));
    expect(problem?.field).toBe('vatExemptionReasonCode');
    expect(problem?.message).toMatch(/is not a VAT exemption reason code of the CEN VATEX list/);
  });

  it('refuses a code Peppol ties to another category (PEPPOL-EN16931-P0104 … P0111)', () => {
    for (const [code, required] of Object.entries(VATEX_CATEGORY)) {
      for (const category of CATEGORIES_WITH_EXEMPTION_REASON) {
        const problem = vatTreatmentProblem(t(category, null, code));
        if (category === required) expect(problem).toBeNull();
        else expect(problem).toEqual({ field: 'vatExemptionReasonCode', message: expect.stringContaining(`belongs to VAT category ${required}`) });
      }
    }
  });

  it('refuses a category that is not one an invoice category may carry', () => {
    expect(vatTreatmentProblem(t('S' as VatCategoryCode, 'x'))?.field).toBe('vatCategory');
    expect(vatTreatmentProblem(t('L' as VatCategoryCode))?.field).toBe('vatCategory');
  });

  it('checks every combination of category, reason and code', () => {
    const codes = [null, 'VATEX-EU-AE', 'VATEX-EU-IC', 'VATEX-EU-G', 'VATEX-EU-O', 'VATEX-EU-D', 'VATEX-EU-132-1A', 'VATEX-FR-FRANCHISE', 'NOPE'];
    let checked = 0;
    for (const category of [null, ...VAT_CATEGORY_CODES]) {
      for (const reason of [null, 'A reason']) {
        for (const code of codes) {
          const problem = vatTreatmentProblem(t(category, reason, code));
          checked += 1;
          let expected: string | null;
          if (category === null || category === 'Z') expected = reason || code ? (reason ? 'vatExemptionReason' : 'vatExemptionReasonCode') : null;
          else if (!reason && !code) expected = 'vatExemptionReason';
          else if (code === 'NOPE') expected = 'vatExemptionReasonCode';
          else if (code && VATEX_CATEGORY[code] && VATEX_CATEGORY[code] !== category) expected = 'vatExemptionReasonCode';
          else expected = null;
          expect([category, reason, code, problem?.field ?? null]).toEqual([category, reason, code, expected]);
        }
      }
    }
    expect(checked).toBe(7 * 2 * 9);
  });
});
