/**
 * The streamed ZIP helper. The archive is read back with a small reader of the ZIP format (end of
 * central directory → central directory → local headers → inflate → CRC-32), so the test needs no
 * unzip library.
 */
import { randomBytes } from 'crypto';
import { PassThrough, type Readable } from 'stream';
import { safeEntryName, zipStream, type ZipEntry } from '../../server/src/documents/zip';
import { unzip } from '../helpers/zip';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Lets pending I/O callbacks and promise jobs run (a few turns of the event loop). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('safeEntryName', () => {
  test.each([
    ['INV-2027-000001.pdf', 'INV-2027-000001.pdf'],
    ['Factuur Zoë Müller-Groß.pdf', 'Factuur Zoë Müller-Groß.pdf'],
    ['../../etc/passwd', 'etc_passwd'],
    ['./x/../y.pdf', 'x_y.pdf'],
    ['a/b\\c.pdf', 'a_b_c.pdf'],
    ['/absolute.pdf', 'absolute.pdf'],
    ['C:\\Windows\\x.pdf', 'C_Windows_x.pdf'],
    ['what?<>|*".pdf', 'what_.pdf'],
    ['tab\tnew\nline.pdf', 'tab_new_line.pdf'],
    ['..', 'document'],
    ['  . hidden.pdf', 'hidden.pdf'],
    ['trailing. ', 'trailing'],
    ['a..b.pdf', 'a.b.pdf'],
    ['', 'document'],
  ])('%j → %j', (input, expected) => {
    expect(safeEntryName(input)).toBe(expected);
    expect(safeEntryName(input)).not.toMatch(/[/\\]|\.\./);
  });

  test('long names are cut to 180 characters and keep their extension; NFC-normalised', () => {
    const long = safeEntryName(`${'x'.repeat(300)}.pdf`);
    expect(long).toHaveLength(180);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(safeEntryName('Zoe\u0308.pdf')).toBe('Zo\u00eb.pdf');
    expect(safeEntryName('', 'fallback.pdf')).toBe('fallback.pdf');
  });
});

describe('zipStream', () => {
  test('buffers and lazily produced entries from an async iterable form a valid archive; unsafe and duplicate names are fixed', async () => {
    const pdf = Buffer.from('%PDF-1.3 Łukasz Żółć\n'.repeat(50));
    async function* entries(): AsyncGenerator<ZipEntry> {
      yield { name: 'INV-2027-000001.pdf', data: pdf };
      yield { name: 'INV-2027-000002.pdf', data: async () => Buffer.from('second') };
      yield { name: '../evil/INV.pdf', data: Buffer.from('evil') };
      yield { name: 'inv-2027-000001.pdf', data: Buffer.from('duplicate') };
      yield { name: 'empty.pdf', data: Buffer.alloc(0) };
    }
    const zip = await collect(zipStream(entries(), { date: new Date('2027-12-31T00:00:00Z') }));
    const files = unzip(zip);
    expect(files.map((f) => f.name)).toEqual(['INV-2027-000001.pdf', 'INV-2027-000002.pdf', 'evil_INV.pdf', 'inv-2027-000001 (2).pdf', 'empty.pdf']);
    expect(files[0].data.equals(pdf)).toBe(true);
    expect(files[0].method).toBe(8);
    expect(files.map((f) => f.data.toString()).slice(1, 4)).toEqual(['second', 'evil', 'duplicate']);
    expect(files[4].data).toHaveLength(0);
  });

  test('a plain iterable works too; compress: false stores the entries; a fixed date gives identical archives', async () => {
    const make = () =>
      zipStream(
        [
          { name: 'a.pdf', data: Buffer.from('A') },
          { name: 'b.pdf', data: async () => Buffer.from('B') },
        ],
        { date: new Date('2027-12-31T00:00:00Z'), compress: false },
      );
    const first = await collect(make());
    expect(unzip(first).map((f) => [f.name, f.method, f.data.toString()])).toEqual([
      ['a.pdf', 0, 'A'],
      ['b.pdf', 0, 'B'],
    ]);
    expect((await collect(make())).equals(first)).toBe(true);
  });

  test('no entries: an empty but valid archive', async () => {
    expect(unzip(await collect(zipStream([])))).toEqual([]);
  });

  test('entries are produced only as the consumer reads: a paused consumer holds the producer back', async () => {
    const total = 150;
    const size = 256 * 1024;
    let produced = 0;
    let pulled = 0;
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (let i = 0; i < total; i += 1) {
        pulled += 1;
        yield {
          name: `INV-${i}.pdf`,
          data: async () => {
            produced += 1;
            return randomBytes(size);
          },
        };
      }
    }
    const stream = zipStream(entries(), { compress: false });
    // Nobody reads yet: only the first entries may be produced (stream buffers), not 150 × 256 kB.
    await turns(50);
    expect(produced).toBeGreaterThanOrEqual(1);
    expect(produced).toBeLessThanOrEqual(2);
    expect(pulled).toBeLessThanOrEqual(2);

    // Read slowly: at any moment the producer is at most a couple of entries ahead of what was read.
    let read = 0;
    let maxAhead = 0;
    const slow = new PassThrough({ highWaterMark: 16 * 1024 });
    stream.pipe(slow);
    for await (const chunk of slow) {
      read += (chunk as Buffer).length;
      maxAhead = Math.max(maxAhead, produced - Math.floor(read / size));
      if (read % (4 * size) < (chunk as Buffer).length) await turns(2);
    }
    expect(produced).toBe(total);
    expect(maxAhead).toBeLessThanOrEqual(3);
  });

  test('the consumer going away stops production and closes the source', async () => {
    let produced = 0;
    let closed = false;
    async function* entries(): AsyncGenerator<ZipEntry> {
      try {
        for (let i = 0; i < 1000; i += 1) {
          yield { name: `INV-${i}.pdf`, data: async () => ((produced += 1), randomBytes(64 * 1024)) };
        }
      } finally {
        closed = true;
      }
    }
    const stream = zipStream(entries(), { compress: false });
    for await (const _chunk of stream) {
      if (produced >= 3) break; // destroys the stream
    }
    const at = produced;
    for (let i = 0; i < 100 && !closed; i += 1) await turns(1);
    expect(closed).toBe(true);
    expect(produced).toBeLessThanOrEqual(at + 1);
    expect(produced).toBeLessThan(10);
  });

  test('a failing producer or source destroys the stream with its error', async () => {
    const failing = zipStream([
      { name: 'ok.pdf', data: Buffer.from('ok') },
      {
        name: 'bad.pdf',
        data: async () => {
          throw new Error('render failed for INV-2');
        },
      },
    ]);
    await expect(collect(failing)).rejects.toThrow('render failed for INV-2');

    async function* broken(): AsyncGenerator<ZipEntry> {
      yield { name: 'ok.pdf', data: Buffer.from('ok') };
      throw new Error('database went away');
    }
    await expect(collect(zipStream(broken()))).rejects.toThrow('database went away');

    const notBytes = zipStream([{ name: 'x.pdf', data: async () => 'text' as unknown as Buffer }]);
    await expect(collect(notBytes)).rejects.toThrow('ZIP entry "x.pdf" did not produce bytes.');
  });
});
