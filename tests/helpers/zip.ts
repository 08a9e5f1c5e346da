/**
 * A small reader of the ZIP format (end of central directory → central directory → local headers →
 * inflate → CRC-32), so tests of streamed archives need no unzip library.
 */
import zlib from 'zlib';

export interface UnzippedEntry {
  name: string;
  data: Buffer;
  method: number;
}

export function unzip(zip: Buffer): UnzippedEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory header ${i}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    if (zip.subarray(local + 30, local + 30 + zip.readUInt16LE(local + 26)).toString('utf8') !== name) throw new Error(`name mismatch ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== size) throw new Error(`size mismatch ${name}`);
    if (zlib.crc32(data) !== crc) throw new Error(`CRC mismatch ${name}`);
    entries.push({ name, data, method });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
