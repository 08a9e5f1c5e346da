import { csvNumber, csvRow, csvText, type CsvCell } from '../../shared/csv';
import { parseCsv, parseCsvFields } from '../helpers/csv';

describe('csvText (text cells)', () => {
  test('plain text is wrapped in double quotes', () => {
    expect(csvText('Rent')).toBe('"Rent"');
    expect(csvText('Appartement 12B')).toBe('"Appartement 12B"');
  });

  test('the empty string, null and undefined give an empty quoted field', () => {
    expect(csvText('')).toBe('""');
    expect(csvText(null)).toBe('""');
    expect(csvText(undefined)).toBe('""');
  });

  test('double quotes are doubled (RFC 4180)', () => {
    expect(csvText('He said "hi"')).toBe('"He said ""hi"""');
    expect(csvText('"')).toBe('""""');
    expect(csvText('""')).toBe('""""""');
    expect(csvText('"quoted"')).toBe('"""quoted"""');
  });

  test('commas stay inside the quoted field', () => {
    expect(csvText('Smith, John')).toBe('"Smith, John"');
    expect(csvText(',')).toBe('","');
  });

  test('line breaks (LF, CRLF, CR) inside the text stay inside the quoted field', () => {
    expect(csvText('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvText('line 1\r\nline 2')).toBe('"line 1\r\nline 2"');
    expect(csvText('line 1\rline 2')).toBe('"line 1\rline 2"');
  });

  test.each([
    ['=', '=SUM(A1:A2)'],
    ['+', '+31 20 123 4567'],
    ['-', '-2+3'],
    ['@', '@SUM(A1)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
  ])('a text starting with %s is neutralised with a leading apostrophe', (_label, value) => {
    expect(csvText(value)).toBe(`"'${value}"`);
  });

  test('the neutralised formulas of the OWASP examples', () => {
    expect(csvText('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvText('=cmd|\' /C calc\'!A0')).toBe('"\'=cmd|\' /C calc\'!A0"');
    expect(csvText('@')).toBe('"\'@"');
    expect(csvText('-')).toBe('"\'-"');
    expect(csvText('+')).toBe('"\'+"');
    expect(csvText('=')).toBe('"\'="');
  });

  test('formula characters that do not start the text are left alone', () => {
    expect(csvText('a=b')).toBe('"a=b"');
    expect(csvText('Rent - January')).toBe('"Rent - January"');
    expect(csvText('info@example.com')).toBe('"info@example.com"');
    expect(csvText('1+1')).toBe('"1+1"');
    expect(csvText('tab\tinside')).toBe('"tab\tinside"');
    expect(csvText(' =1+1')).toBe('" =1+1"');
  });

  test('a text that starts with a quote before the formula character is not a formula', () => {
    expect(csvText('"=1+1"')).toBe('"""=1+1"""');
  });

  test('neutralising and quote doubling combine', () => {
    expect(csvText('="x"')).toBe('"\'=""x"""');
  });

  test('non-ASCII text is kept as is', () => {
    expect(csvText('Huur – januari € 12,50 ñ 日本')).toBe('"Huur – januari € 12,50 ñ 日本"');
  });
});

describe('csvNumber (money, quantities, rates, dates)', () => {
  test.each([
    ['54.84', '54.84'],
    ['0', '0'],
    ['0.00', '0.00'],
    ['1234567.891', '1234567.891'],
    ['1000', '1000'],
    ['007', '007'],
  ])('the decimal string %s is written plain', (input, output) => {
    expect(csvNumber(input)).toBe(output);
  });

  test('a negative amount stays a plain number (not neutralised, not quoted)', () => {
    expect(csvNumber('-26.06')).toBe('-26.06');
    expect(csvNumber('-0.01')).toBe('-0.01');
    expect(csvNumber('-1000')).toBe('-1000');
    expect(csvNumber(-12.5)).toBe('-12.5');
  });

  test('JS numbers are written plain', () => {
    expect(csvNumber(0)).toBe('0');
    expect(csvNumber(42)).toBe('42');
    expect(csvNumber(21.5)).toBe('21.5');
    expect(csvNumber(-0)).toBe('0');
  });

  test('calendar dates are written plain', () => {
    expect(csvNumber('2026-01-31')).toBe('2026-01-31');
    expect(csvNumber('2024-02-29')).toBe('2024-02-29');
  });

  test('null and undefined give an empty, unquoted field', () => {
    expect(csvNumber(null)).toBe('');
    expect(csvNumber(undefined)).toBe('');
  });

  test.each([
    ['abc', '"abc"'],
    ['12,50', '"12,50"'],
    ['1.', '"1."'],
    ['.5', '".5"'],
    [' 12', '" 12"'],
    ['12 ', '"12 "'],
    ['1e5', '"1e5"'],
    ['2026-1-5', '"2026-1-5"'],
    ['', '""'],
    ['12"', '"12"""'],
  ])('the non-numeric value %j in a number cell is written as quoted text', (input, output) => {
    expect(csvNumber(input)).toBe(output);
  });

  test.each([
    ['=1+2', '"\'=1+2"'],
    ['+5', '"\'+5"'],
    ['-abc', '"\'-abc"'],
    ['--5', '"\'--5"'],
    ['-2026-01-01', '"\'-2026-01-01"'],
    ['@5', '"\'@5"'],
    ['\t5', '"\'\t5"'],
    ['\r5', '"\'\r5"'],
  ])('a non-numeric value %j in a number cell is quoted and neutralised', (input, output) => {
    expect(csvNumber(input)).toBe(output);
  });

  test('non-finite JS numbers are not written as numbers', () => {
    expect(csvNumber(Number.NaN)).toBe('"NaN"');
    expect(csvNumber(Number.POSITIVE_INFINITY)).toBe('"Infinity"');
    expect(csvNumber(Number.NEGATIVE_INFINITY)).toBe('"\'-Infinity"');
  });
});

describe('csvRow', () => {
  test('joins cells with commas and ends the row with CRLF', () => {
    expect(csvRow([{ text: 'a' }, { number: '1.50' }, { text: 'b' }])).toBe('"a",1.50,"b"\r\n');
  });

  test('an empty row is just CRLF, a single cell has no comma', () => {
    expect(csvRow([])).toBe('\r\n');
    expect(csvRow([{ text: 'x' }])).toBe('"x"\r\n');
    expect(csvRow([{ number: '-3' }])).toBe('-3\r\n');
  });

  test('null and undefined cells keep their column', () => {
    expect(csvRow([{ text: null }, { number: null }, { text: undefined }, { number: undefined }, { text: 'end' }])).toBe('"",,"",,"end"\r\n');
  });

  test('a cell with a `number` key is numeric even when its value is text-like', () => {
    expect(csvRow([{ number: 'n/a' }, { text: '5' }])).toBe('"n/a","5"\r\n');
  });

  test('rows with every kind of awkward value read back to the intended fields', () => {
    const cells: CsvCell[] = [
      { text: 'CTR-1' },
      { text: '=HYPERLINK("http://x")' },
      { text: 'Smith, "Jr."' },
      { text: 'multi\r\nline\ntext\rend' },
      { text: '\tindent' },
      { text: '@user' },
      { text: '+31' },
      { text: '-minus' },
      { number: '2026-01-16' },
      { number: '-26.06' },
      { number: 0 },
      { number: 'bogus, value' },
      { number: null },
      { text: null },
    ];
    const csv = csvRow(cells) + csvRow([{ text: 'second' }, { number: '1' }]);
    expect(parseCsv(csv)).toEqual([
      [
        'CTR-1',
        '\'=HYPERLINK("http://x")',
        'Smith, "Jr."',
        'multi\r\nline\ntext\rend',
        "'\tindent",
        "'@user",
        "'+31",
        "'-minus",
        '2026-01-16',
        '-26.06',
        '0',
        'bogus, value',
        '',
        '',
      ],
      ['second', '1'],
    ]);
  });

  test('no written field starts with a formula character once read back, except plain numbers', () => {
    const nasty = ['=1', '+1', '-1x', '@1', '\t1', '\r1', '=', '-', '+', '@'];
    for (const value of nasty) {
      const [[textField, numberField]] = parseCsv(csvRow([{ text: value }, { number: value }]));
      expect(textField).toBe(`'${value}`);
      expect(numberField).toBe(`'${value}`);
    }
    const [[negative]] = parseCsvFields(csvRow([{ number: '-1' }]));
    expect(negative).toEqual({ value: '-1', quoted: false });
  });
});
