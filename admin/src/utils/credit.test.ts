import { describe, expect, test } from '@jest/globals';

import type { InvoiceLine } from '../../../shared/contracts/runs';
import {
  chosenLines,
  creditableLines,
  creditFieldErrors,
  creditFormProblems,
  creditRequestBody,
  creditTotal,
  isCreditable,
} from './credit';

const line = (documentId: string, gross: string, creditedBy: InvoiceLine['creditedBy'] = null): InvoiceLine => ({
  documentId,
  position: Number(documentId.replace(/\D/g, '')) || 1,
  amount: `amount-${documentId}`,
  description: `Line ${documentId}`,
  periodStart: '2027-01-01',
  periodEnd: '2027-01-31',
  quantity: '1',
  unitPrice: gross,
  net: gross,
  vatRate: '0',
  vat: '0.00',
  gross,
  creditedBy,
});

const credited = { documentId: 'cn1', number: 'CN-2027-000001' };
const lines = [line('l1', '54.84'), line('l2', '0.10', credited), line('l3', '0.20'), line('l4', '1000000.01')];

describe('creditable lines', () => {
  test('leaves out the lines a credit note already credits (null and a missing creditedBy are open)', () => {
    const missing = { ...line('l5', '1.00') };
    delete missing.creditedBy;
    expect(creditableLines([...lines, missing]).map((l) => l.documentId)).toEqual(['l1', 'l3', 'l4', 'l5']);
    expect(creditableLines(undefined)).toEqual([]);
  });

  test('an invoice with an open line is creditable; a credit note or a fully credited invoice is not', () => {
    expect(isCreditable({ kind: 'invoice', lines })).toBe(true);
    expect(isCreditable({ kind: 'credit_note', lines })).toBe(false);
    expect(isCreditable({ kind: 'invoice', lines: [line('l2', '0.10', credited)] })).toBe(false);
    expect(isCreditable({ kind: 'invoice', lines: undefined })).toBe(false);
  });

  test('all lines, or the ticked open ones in invoice order (a ticked credited line never counts)', () => {
    expect(chosenLines(lines, 'all', new Set()).map((l) => l.documentId)).toEqual(['l1', 'l3', 'l4']);
    expect(chosenLines(lines, 'selection', new Set(['l4', 'l2', 'l1'])).map((l) => l.documentId)).toEqual(['l1', 'l4']);
    expect(chosenLines(lines, 'selection', new Set())).toEqual([]);
  });
});

describe('creditTotal', () => {
  test('sums the gross exactly in minor units and shows it negative', () => {
    // 0.10 + 0.20 in floats is 0.30000000000000004.
    expect(creditTotal([{ gross: '0.10' }, { gross: '0.20' }], 'EUR')).toEqual({ count: 2, gross: '-0.30' });
    expect(creditTotal([{ gross: '54.84' }, { gross: '1000000.01' }], 'EUR')).toEqual({ count: 2, gross: '-1000054.85' });
  });

  test("follows the currency's minor unit and gives 0 (not -0) for nothing", () => {
    expect(creditTotal([{ gross: '100' }, { gross: '250' }], 'JPY')).toEqual({ count: 2, gross: '-350' });
    expect(creditTotal([], 'EUR')).toEqual({ count: 0, gross: '0.00' });
    expect(creditTotal([{ gross: '0.00' }], 'EUR')).toEqual({ count: 1, gross: '0.00' });
  });
});

describe('the request', () => {
  test('all lines leaves `lines` out; a selection names the lines by documentId; the reason is trimmed', () => {
    expect(creditRequestBody('all', lines, '  Wrong rent  ')).toEqual({ reason: 'Wrong rent' });
    expect(creditRequestBody('selection', [lines[0], lines[2]], 'Moved out')).toEqual({ reason: 'Moved out', lines: ['l1', 'l3'] });
  });

  test('an empty reason and an empty selection are refused before the request', () => {
    expect([...creditFormProblems('all', 0, ' ')]).toEqual(['reason']);
    expect([...creditFormProblems('selection', 0, 'x')]).toEqual(['lines']);
    expect([...creditFormProblems('selection', 2, 'x')]).toEqual([]);
  });

  test("a 400's messages land on the reason and the line list", () => {
    const error = {
      name: 'ValidationError',
      details: {
        errors: [
          { path: ['reason'], message: 'Reason is required.' },
          { path: ['lines', 1], message: 'Line x is not a line of this invoice.' },
          { path: ['lines'], message: 'second message' },
          { path: ['other'], message: 'not on the form' },
        ],
      },
    };
    expect(creditFieldErrors(error)).toEqual({ reason: 'Reason is required.', lines: 'Line x is not a line of this invoice.' });
    expect(creditFieldErrors({ name: 'ConflictError', message: 'Line already credited.' })).toEqual({});
    expect(creditFieldErrors(undefined)).toEqual({});
  });
});
