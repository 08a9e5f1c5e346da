import { ndjsonLines } from '../../server/src/services/import/ndjson';

/** The NDJSON line splitter of the streaming contract import. */
async function lines(pieces: Array<string | Buffer>, max?: number) {
  async function* stream() {
    for (const p of pieces) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
  }
  const out: Array<{ no: number; text: string | null }> = [];
  for await (const l of ndjsonLines(stream(), max)) out.push(l);
  return out;
}

describe('ndjsonLines', () => {
  test('numbers lines from 1 across chunk boundaries, with LF or CRLF ends and a last line without one', async () => {
    expect(await lines(['{"a":', '1}\r\n\n{"b"', ':2}\n{"c":3}'])).toEqual([
      { no: 1, text: '{"a":1}' },
      { no: 2, text: '' },
      { no: 3, text: '{"b":2}' },
      { no: 4, text: '{"c":3}' },
    ]);
  });

  test('a character split between two chunks is decoded whole; a leading byte order mark is dropped', async () => {
    const euro = Buffer.from('"€"\n', 'utf8'); // € is 3 bytes
    expect(await lines([Buffer.from([0xef, 0xbb, 0xbf]), euro.subarray(0, 2), euro.subarray(2)])).toEqual([{ no: 1, text: '"€"' }]);
  });

  test('a line over the limit is reported (text null) without holding it, and the count goes on', async () => {
    expect(await lines(['ok\n', 'x'.repeat(6), 'x'.repeat(6), 'x\nok\n', 'y'.repeat(20)], 10)).toEqual([
      { no: 1, text: 'ok' },
      { no: 2, text: null },
      { no: 3, text: 'ok' },
      { no: 4, text: null },
    ]);
  });

  test('an empty stream has no lines', async () => {
    expect(await lines([])).toEqual([]);
  });
});
