import { creditedLineMoney, creditStatusAfter, negateDecimal, selectCreditLines, sumLines } from '../../shared/credit-notes';
import { creditInputSchema, numberPrefixProblem, validate, DEFAULT_SETTINGS, settingsSchema, MAX_CREDIT_LINES } from '../../shared/validation';

describe('negateDecimal: the exact negative, digits as written', () => {
  test.each([
    ['54.84', '-54.84'],
    ['-54.84', '54.84'],
    ['1', '-1'],
    ['-1', '1'],
    ['0.500', '-0.500'],
    ['123456789012345.123456', '-123456789012345.123456'],
    ['0', '0'],
    ['-0', '0'],
    ['0.00', '0.00'],
    ['-0.000', '0.000'],
  ])('%s → %s', (value, negative) => {
    expect(negateDecimal(value)).toBe(negative);
    if (!/^-?0+(\.0+)?$/.test(value)) expect(negateDecimal(negateDecimal(value))).toBe(value.replace(/^-0$/, '0'));
  });
  test.each(['', 'abc', '1e5', '1,5', ' 1', '--1', '+1', '.5'])('refuses %p', (value) => expect(() => negateDecimal(value)).toThrow(/decimal string/));
});

describe('credit line money', () => {
  test('net, VAT and gross negated in minor units; the quantity negated; the unit price kept', () => {
    expect(creditedLineMoney({ quantity: '3', unitPrice: '33.33', net: 9999, vat: 900, gross: 10899 })).toEqual({ quantity: '-3', unitPrice: '33.33', net: -9999, vat: -900, gross: -10899 });
    expect(creditedLineMoney({ quantity: '1', unitPrice: '-10', net: -1000, vat: -210, gross: -1210 })).toEqual({ quantity: '-1', unitPrice: '-10', net: 1000, vat: 210, gross: 1210 });
    // zero stays 0, never -0 (which would print "-0.00")
    const zero = creditedLineMoney({ quantity: '0', unitPrice: '5', net: 0, vat: 0, gross: 0 });
    expect(Object.is(zero.net, 0) && Object.is(zero.vat, 0) && Object.is(zero.gross, 0)).toBe(true);
  });
  test('sums are exact integers and refuse to leave the safe range', () => {
    expect(sumLines([{ net: -100000, vat: -21000, gross: -121000 }, { net: 1000, vat: 210, gross: 1210 }])).toEqual({ net: -99000, vat: -20790, gross: -119790 });
    expect(sumLines([])).toEqual({ net: 0, vat: 0, gross: 0 });
    expect(() => sumLines([{ net: Number.MAX_SAFE_INTEGER, vat: 0, gross: 0 }, { net: 1, vat: 0, gross: 0 }])).toThrow(/too large/);
  });
});

describe('the invoice credit status', () => {
  test.each([
    [3, 0, null],
    [3, 1, 'partially_credited'],
    [3, 2, 'partially_credited'],
    [3, 3, 'credited'],
    [1, 1, 'credited'],
  ])('%i lines, %i credited → %p', (total, credited, status) => expect(creditStatusAfter(total, credited)).toBe(status));
  test.each([
    [1, 2],
    [-1, 0],
    [2, -1],
    [1.5, 1],
  ])('%p of %p is impossible', (total, credited) => expect(() => creditStatusAfter(total, credited)).toThrow(RangeError));
});

describe('which lines a credit takes', () => {
  const lines = [
    { documentId: 'l1', creditedBy: null },
    { documentId: 'l2', creditedBy: { number: 'CN-1' } },
    { documentId: 'l3', creditedBy: null },
  ];
  test('none named: every line not yet credited', () => {
    expect(selectCreditLines(lines, undefined)).toEqual({ ok: true, lines: [lines[0], lines[2]] });
  });
  test('named: those, in the order named', () => {
    expect(selectCreditLines(lines, ['l3', 'l1'])).toEqual({ ok: true, lines: [lines[2], lines[0]] });
  });
  test('a name that is not a line of the invoice comes first, with its index', () => {
    expect(selectCreditLines(lines, ['l2', 'x'])).toEqual({ ok: false, kind: 'not_a_line', index: 1, id: 'x' });
  });
  test('a line credited already', () => {
    expect(selectCreditLines(lines, ['l1', 'l2'])).toEqual({ ok: false, kind: 'already_credited', lines: [lines[1]] });
  });
  test('nothing left to credit', () => {
    expect(selectCreditLines([lines[1]], undefined)).toEqual({ ok: false, kind: 'nothing_left' });
    expect(selectCreditLines([], undefined)).toEqual({ ok: false, kind: 'nothing_left' });
  });
});

describe('the credit request', () => {
  const paths = (input: unknown) => {
    const r = validate(creditInputSchema, input);
    return r.ok ? [] : r.errors.map((e) => e.path.join('.'));
  };
  test('a reason, and optionally the lines', () => {
    expect(validate(creditInputSchema, { reason: '  Wrong price  ' })).toEqual({ ok: true, value: { reason: 'Wrong price' } });
    expect(validate(creditInputSchema, { reason: 'x', lines: [' a ', 'b'] })).toEqual({ ok: true, value: { reason: 'x', lines: ['a', 'b'] } });
  });
  test.each([
    [{}, ['reason']],
    [{ reason: '' }, ['reason']],
    [{ reason: 'x'.repeat(1001) }, ['reason']],
    [{ reason: 1 }, ['reason']],
    [{ reason: 'x', lines: [] }, ['lines']],
    [{ reason: 'x', lines: {} }, ['lines']],
    [{ reason: 'x', lines: ['a', 'a'] }, ['lines.1']],
    [{ reason: 'x', lines: ['a', 2] }, ['lines.1']],
    [{ reason: 'x', lines: Array.from({ length: MAX_CREDIT_LINES + 1 }, (_, i) => `l${i}`) }, ['lines']],
    [{ reason: 'x', other: 1 }, ['other']],
  ])('%j → 400 on %j', (input, expected) => expect(paths(input)).toEqual(expected));
});

describe('the number prefixes', () => {
  test('credit notes default to CN- and the two prefixes must differ', () => {
    expect(DEFAULT_SETTINGS.creditNotePrefix).toBe('CN-');
    expect(settingsSchema.parse({}).creditNotePrefix).toBe('CN-');
    expect(numberPrefixProblem(DEFAULT_SETTINGS)).toBeNull();
    expect(numberPrefixProblem({ invoiceNumberPrefix: 'INV-', creditNotePrefix: 'INV-' })).toMatchObject({ path: ['creditNotePrefix'], message: expect.stringMatching(/must differ/) });
    expect(numberPrefixProblem({ invoiceNumberPrefix: '', creditNotePrefix: '' })).not.toBeNull();
  });
});
