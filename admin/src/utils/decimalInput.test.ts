import { describe, expect, it } from '@jest/globals';

import { DECIMAL_PATTERN } from '../../../shared/money';
import { decimalToText, parseDecimalInput } from './decimalInput';

describe('parseDecimalInput', () => {
  it.each([
    ['1234.56', '1234.56'],
    ['1234,56', '1234.56'],
    ['-25.00', '-25'],
    ['-25,00', '-25'],
    ['+7', '7'],
    ['0012.50', '12.5'],
    [',5', '0.5'],
    ['-.5', '-0.5'],
    ['-0.00', '0'],
    ['  42  ', '42'],
    ['0.000001', '0.000001'],
    ['999999999999999.999999', '999999999999999.999999'],
    ['1.2300000', '1.23'],
  ])('%j is stored as %j', (text, value) => {
    const result = parseDecimalInput(text);
    expect(result).toEqual({ kind: 'valid', value });
    if (result.kind === 'valid') expect(DECIMAL_PATTERN.test(result.value)).toBe(true);
  });

  it.each(['', '   '])('%j is empty', (text) => {
    expect(parseDecimalInput(text)).toEqual({ kind: 'empty' });
  });

  it.each(['-', '+', '12.', '12,', '-3,'])('%j is incomplete (typing)', (text) => {
    expect(parseDecimalInput(text)).toEqual({ kind: 'incomplete' });
  });

  it.each(['abc', '1.234,56', '1,234.56', '1e3', '12 000', '1..2', '--1', '0x10', 'NaN', '12.5.', '€ 12', '.'])(
    '%j is not a decimal number',
    (text) => {
      expect(parseDecimalInput(text)).toEqual({ kind: 'invalid', reason: 'format' });
    },
  );

  it('refuses more than 6 significant decimals and more than 15 integer digits', () => {
    expect(parseDecimalInput('0.1234567')).toEqual({ kind: 'invalid', reason: 'scale' });
    expect(parseDecimalInput('1000000000000000')).toEqual({ kind: 'invalid', reason: 'integerDigits' });
    expect(parseDecimalInput('0001.10000000')).toEqual({ kind: 'valid', value: '1.1' });
  });

  it('keeps every digit (21 significant digits would not survive a JS number)', () => {
    expect(parseDecimalInput('123456789012345.123456')).toEqual({ kind: 'valid', value: '123456789012345.123456' });
  });
});

describe('decimalToText', () => {
  it('shows strings as stored and nothing for empty values', () => {
    expect(decimalToText('12.5')).toBe('12.5');
    expect(decimalToText(null)).toBe('');
    expect(decimalToText(undefined)).toBe('');
    expect(decimalToText(3)).toBe('3');
  });
});
