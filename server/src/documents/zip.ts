/**
 * A ZIP archive streamed entry by entry (DESIGN §16: GET `/runs/:id/invoices/documents`), for Koa's
 * `ctx.body`.
 *
 * The entries come from an (async) iterable and each entry's bytes may be produced lazily (a function
 * returning a promise, e.g. "render or load this invoice's PDF"). The next entry is taken from the
 * iterable only after the previous one has been read into the archive, and an entry's bytes are only
 * produced when the archive reaches it, so a slow client holds back the rendering (stream backpressure)
 * and at most one document is held in memory, whatever the number of entries. When the consumer goes
 * away (the client disconnects) the iterable is closed and nothing more is produced.
 *
 * A failing entry (the iterable or a producer throws) destroys the stream with that error: the archive
 * is then incomplete, which an HTTP client sees as an aborted download rather than a wrong file.
 */
import { Readable } from 'stream';
import { ZipFile } from 'yazl';

export interface ZipEntry {
  /** the file name in the archive; made safe with `safeEntryName` (no folders, no path separators) */
  name: string;
  /** the bytes, or a function producing them when the archive reaches this entry */
  data: Buffer | (() => Promise<Buffer>);
}

export interface ZipStreamOptions {
  /** the entries' modification time (default: now); pass a fixed date for byte-identical archives */
  date?: Date;
  /** deflate the entries (default true); PDFs are mostly compressed already, so `false` is cheaper */
  compress?: boolean;
}

const MAX_NAME_LENGTH = 180;

/**
 * A file name safe in any archive and on any file system: no path separators or `..` (an entry can
 * never escape the folder it is extracted to), no control characters or characters Windows forbids,
 * no leading dots or trailing dots/spaces, at most 180 characters (extension kept), never empty.
 */
export function safeEntryName(name: string, fallback = 'document'): string {
  let safe = String(name ?? '')
    .normalize('NFC')
    // path segments joined by "_", without empty, "." and ".." segments
    .split(/[/\\]+/)
    .filter((segment) => !/^[\s.]*$/.test(segment))
    .join('_')
    .replace(/[\u0000-\u001f\u007f:*?"<>|]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '')
    .trim();
  if (safe.length > MAX_NAME_LENGTH) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot <= 10 ? safe.slice(dot) : '';
    safe = `${safe.slice(0, MAX_NAME_LENGTH - ext.length).trimEnd()}${ext}`;
  }
  return safe || fallback;
}

/** `name`, or `name (2).ext`, `name (3).ext`, … when the name was already used (compared case-insensitively). */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; used.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

/** Streams a ZIP of `entries`; see the module comment for backpressure and errors. */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options: ZipStreamOptions = {}): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const mtime = options.date ?? new Date();
  const compress = options.compress ?? true;
  const used = new Set<string>();

  const fail = (err: unknown) => {
    if (!output.destroyed) output.destroy(err instanceof Error ? err : new Error(String(err)));
  };
  zip.on('error', fail);

  // Settles when the consumer is gone (destroyed, or the archive was read to its end).
  const closed = new Promise<void>((resolve) => output.once('close', () => resolve()));

  const feed = async () => {
    const iterator =
      Symbol.asyncIterator in entries
        ? (entries as AsyncIterable<ZipEntry>)[Symbol.asyncIterator]()
        : (entries as Iterable<ZipEntry>)[Symbol.iterator]();
    let exhausted = false;
    try {
      while (!output.destroyed) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const entry = next.value;
        const name = uniqueName(safeEntryName(entry.name), used);
        // yazl asks for the bytes when the archive reaches this entry; the entry is done when yazl has
        // read them all (they then sit in the bounded stream buffers on their way to the client).
        const consumed = new Promise<void>((resolve, reject) => {
          zip.addReadStreamLazy(name, { mtime, compress }, (cb) => {
            const produce = typeof entry.data === 'function' ? entry.data() : Promise.resolve(entry.data);
            produce
              .then((data) => {
                if (!Buffer.isBuffer(data)) throw new Error(`ZIP entry ${JSON.stringify(name)} did not produce bytes.`);
                const stream = Readable.from([data], { objectMode: false });
                stream.once('end', () => resolve());
                cb(null, stream);
              })
              .catch(reject);
          });
        });
        await Promise.race([consumed, closed]);
      }
      if (exhausted && !output.destroyed) zip.end();
    } catch (err) {
      fail(err);
    } finally {
      // Stopped early (consumer gone or an error): let the source release what it holds.
      if (!exhausted) {
        try {
          await iterator.return?.();
        } catch {
          // the source's own clean-up failed; the stream already reports the first error
        }
      }
    }
  };
  void feed();
  return output;
}
