/**
 * A fingerprint of everything the plugin stores: every table of a `plugin::invoicing.*` model, every
 * link table of their relations, and the plugin's rows in Strapi's core store. Read with knex only
 * (no dialect-specific SQL), with values normalised (dates, booleans, big integers, JSON) so the same
 * data hashes the same on SQLite, PostgreSQL and MySQL/MariaDB.
 *
 * `expect(await pluginSnapshot(strapi)).toEqual(before)` names the table that changed.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';

export interface TableFingerprint {
  rows: number;
  sha256: string;
}

export type PluginSnapshot = Record<string, TableFingerprint>;

const PLUGIN_PREFIX = 'plugin::invoicing.';
const STORE_KEY_PREFIX = 'plugin_invoicing_';

interface MetadataAttribute {
  joinTable?: { name: string };
}

interface Metadata {
  uid: string;
  tableName: string;
  attributes: Record<string, MetadataAttribute>;
}

/** The plugin's tables: its models' tables and their relations' link tables, sorted by name. */
export function pluginTables(strapi: Core.Strapi): string[] {
  const names = new Set<string>();
  const metadata = strapi.db.metadata as unknown as Map<string, Metadata>;
  for (const [uid, meta] of metadata) {
    if (!uid.startsWith(PLUGIN_PREFIX)) continue;
    names.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes)) {
      if (attribute.joinTable?.name) names.add(attribute.joinTable.name);
    }
  }
  return [...names].sort();
}

/** Canonical JSON: object keys sorted, so a re-serialised JSON column hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** One column value as text that does not depend on how the driver hands it back. */
export function normaliseValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Buffer.isBuffer(value)) return `bytes:${value.toString('hex')}`;
  if (typeof value === 'boolean') return value ? 'n:1' : 'n:0';
  if (typeof value === 'number' || typeof value === 'bigint') return `n:${String(value)}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  return `j:${JSON.stringify(canonical(value))}`;
}

function fingerprint(rows: Array<Record<string, unknown>>): TableFingerprint {
  const hash = crypto.createHash('sha256');
  for (const row of rows) {
    const columns = Object.keys(row).sort();
    hash.update(columns.map((c) => `${c}=${normaliseValue(row[c])}`).join('\u0001'));
    hash.update('\u0002');
  }
  return { rows: rows.length, sha256: hash.digest('hex') };
}

/** Row count and sha256 of every plugin table and of the plugin's core-store rows. */
export async function pluginSnapshot(strapi: Core.Strapi): Promise<PluginSnapshot> {
  const knex = strapi.db.connection;
  const out: PluginSnapshot = {};
  for (const table of pluginTables(strapi)) {
    const rows = (await knex(table).select('*').orderBy('id', 'asc')) as Array<Record<string, unknown>>;
    out[table] = fingerprint(rows);
  }
  const storeTable = strapi.db.metadata.get('strapi::core-store' as never).tableName;
  const storeRows = ((await knex(storeTable).select('*').orderBy('id', 'asc')) as Array<Record<string, unknown>>).filter((row) =>
    String(row.key).startsWith(STORE_KEY_PREFIX),
  );
  out[`${storeTable}[${STORE_KEY_PREFIX}*]`] = fingerprint(storeRows);
  return out;
}

/** Total rows over a snapshot (to assert that the fixtures hold data). */
export const snapshotRows = (snapshot: PluginSnapshot, table: string): number => snapshot[table]?.rows ?? 0;
