import { describe, expect, test } from '@jest/globals';
import { issuesToFieldErrors, pathGuard, serverFieldErrors } from './fieldErrors';

const isPath = pathGuard(['name', 'template.dueDate', 'seller.iban', 'seller.paymentTerms.nl'] as const);

describe('issuesToFieldErrors', () => {
  test('joins paths with dots, keeps the first message per field and drops unknown paths', () => {
    expect(
      issuesToFieldErrors(
        [
          { path: ['seller', 'iban'], message: 'IBAN is wrong.' },
          { path: ['seller', 'iban'], message: 'second' },
          { path: ['seller', 'paymentTerms', 'nl'], message: 'Too long.' },
          { path: ['template', 'dueDate'], message: 'Due date.' },
          { path: ['debtors', 0, 'name'], message: 'not on this form' },
          { path: [], message: 'whole body' },
          { path: 'name', message: 'path not a list' },
          { path: ['name'], message: 42 },
        ],
        isPath,
      ),
    ).toEqual({ 'seller.iban': 'IBAN is wrong.', 'seller.paymentTerms.nl': 'Too long.', 'template.dueDate': 'Due date.' });
  });

  test('translate replaces each message', () => {
    expect(issuesToFieldErrors([{ path: ['name'], message: 'Name is required.' }], isPath, (path, m) => `${path}: ${m.length}`)).toEqual({
      name: 'name: 17',
    });
  });
});

describe('serverFieldErrors', () => {
  test('reads the details.errors of an RTK Query error', () => {
    const error = { name: 'ValidationError', message: '2 errors occurred', details: { errors: [{ path: ['seller', 'iban'], message: 'Bad IBAN.' }] } };
    expect(serverFieldErrors(error, isPath)).toEqual({ 'seller.iban': 'Bad IBAN.' });
  });

  test.each([[undefined], [null], ['text'], [{}], [{ details: null }], [{ details: { errors: 'x' } }], [{ name: 'ConflictError', message: 'x', details: {} }]])(
    '%j has no field errors',
    (error: unknown) => {
      expect(serverFieldErrors(error, isPath)).toEqual({});
    },
  );
});
