/** documentIds for rows the plugin writes itself (bulk paths and the knex writers). */
import crypto from 'crypto';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Characters of a bulk documentId after its time prefix: 14 random ones, ~72 bits. */
const RANDOM_CHARS = 14;
let lastMs = 0;

/**
 * `count` documentIds for rows written in bulk, in the shape of Strapi's cuid2 ids (24 characters,
 * lowercase letters and digits, starting with a letter): `d`, the time in milliseconds in base 36
 * (9 characters, never decreasing in this process), then 14 crypto-random characters (~72 bits, by
 * rejection sampling, so each is uniformly distributed). cuid2's `createId` costs ~26 µs per id
 * (4 s for 150k rows); this is ~2 µs.
 *
 * The time prefix keeps the ids of a batch next to each other in Strapi's `document_id` index: with
 * wholly random ids every row of a batch lands on another page of an index that grows with the
 * table, so a batch of 1,000 rows got ~3× slower between 100k and 1M rows on SQLite (each touched
 * page is written to the journal); with the prefix the cost per batch stays flat.
 */
export function newDocumentIds(count: number): string[] {
  const ids: string[] = new Array(count);
  let pool = crypto.randomBytes(Math.max(64, count * 16));
  let p = 0;
  const next = (range: number): string => {
    const limit = 256 - (256 % range);
    for (;;) {
      if (p >= pool.length) {
        pool = crypto.randomBytes(Math.max(64, count * 4));
        p = 0;
      }
      const b = pool[p++];
      if (b < limit) return ID_ALPHABET[b % range];
    }
  };
  lastMs = Math.max(lastMs, Date.now());
  const prefix = `d${lastMs.toString(36).padStart(9, '0')}`;
  for (let i = 0; i < count; i++) {
    let id = prefix;
    for (let j = 0; j < RANDOM_CHARS; j++) id += next(36);
    ids[i] = id;
  }
  return ids;
}

let idPool: string[] = [];

/** One documentId (drawn from a pool refilled 256 at a time). */
export function newDocumentId(): string {
  if (idPool.length === 0) idPool = newDocumentIds(256);
  return idPool.pop()!;
}

