import { chunk, insertChunkSize, isUniqueViolation } from '../../server/src/data/bulk';
import { newDocumentId, newDocumentIds } from '../../server/src/data/ids';
import { parseJson, toDateString, toDateStringOrNull, toIso } from '../../server/src/data/rows';

describe('documentIds for bulk rows', () => {
  test('24 lowercase letters and digits, starting with a letter, like Strapi cuid2 ids', () => {
    for (const id of [...newDocumentIds(2000), newDocumentId(), newDocumentId()]) expect(id).toMatch(/^[a-z][a-z0-9]{23}$/);
  });

  test('no duplicates in 200,000 ids', () => {
    const ids = newDocumentIds(200_000);
    expect(new Set(ids).size).toBe(200_000);
  });

  test('the random characters are spread evenly (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const id of newDocumentIds(20_000)) for (const c of id.slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
    const expected = (20_000 * 14) / 36;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.08);
  });

  test('a time prefix that never decreases keeps the ids of a batch together in an index', () => {
    const before = Date.now();
    const first = newDocumentIds(3);
    const later = newDocumentIds(3);
    const prefix = (id: string) => id.slice(0, 10);
    expect(new Set(first.map(prefix)).size).toBe(1);
    expect(prefix(later[0]) >= prefix(first[0])).toBe(true);
    expect(parseInt(prefix(first[0]).slice(1), 36)).toBeGreaterThanOrEqual(before);
    expect(parseInt(prefix(first[0]).slice(1), 36)).toBeLessThanOrEqual(Date.now());
  });

  test('the pooled single id draws new ids across refills', () => {
    const ids = Array.from({ length: 600 }, () => newDocumentId());
    expect(new Set(ids).size).toBe(600);
  });
});

describe('chunking under the databases’ variable limits', () => {
  test('chunk splits in order and keeps the remainder', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });

  test('rows per INSERT stay under 500 terms and 30,000 variables', () => {
    expect(insertChunkSize(27)).toBe(500);
    expect(insertChunkSize(100)).toBe(300);
    expect(insertChunkSize(40_000)).toBe(1);
    for (let cols = 1; cols <= 200; cols++) {
      expect(insertChunkSize(cols)).toBeLessThanOrEqual(500);
      expect(insertChunkSize(cols) * cols).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('values as the databases give them back', () => {
  test('dates: YYYY-MM-DD text as is, a Date by its calendar day', () => {
    expect(toDateString('2026-02-28')).toBe('2026-02-28');
    expect(toDateString(new Date(2024, 1, 29))).toBe('2024-02-29');
    expect(toDateStringOrNull(null)).toBeNull();
    expect(toDateStringOrNull('')).toBeNull();
    expect(toDateStringOrNull('2026-12-31')).toBe('2026-12-31');
  });

  test('datetimes: epoch milliseconds (SQLite), text or Date', () => {
    expect(toIso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(toIso('1764201600000')).toBe('2025-11-27T00:00:00.000Z');
    expect(toIso('2026-01-02T03:04:05.000Z')).toBe('2026-01-02T03:04:05.000Z');
    expect(toIso(new Date('2026-05-01T00:00:00Z'))).toBe('2026-05-01T00:00:00.000Z');
    expect(toIso(null)).toBeNull();
    expect(toIso('not a date')).toBeNull();
  });

  test('JSON: text is parsed, objects pass, bad text falls back', () => {
    expect(parseJson('{"a":1}', {})).toEqual({ a: 1 });
    expect(parseJson({ a: 1 }, {})).toEqual({ a: 1 });
    expect(parseJson(null, [])).toEqual([]);
    expect(parseJson('{oops', 'fallback')).toBe('fallback');
  });

  test('unique violations of PostgreSQL, MySQL/MariaDB and SQLite are recognised, others not', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ code: 'ER_DUP_ENTRY' })).toBe(true);
    expect(isUniqueViolation({ errno: 1062 })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_NOTNULL' })).toBe(false);
    expect(isUniqueViolation(new Error('boom'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
