/**
 * The seller and debtor snapshots an invoice stores at generation (DESIGN §16), built in bulk by the
 * invoices job: the seller once per job, the debtors once per batch.
 */
import type { Core } from '@strapi/strapi';
import type { DebtorSnapshot, SellerSnapshot } from '../../../shared/contracts/snapshots';
import { DELIVERY_CHANNELS, LANGUAGES, type Seller } from '../../../shared/validation';
import { UID_UPLOAD_FILE } from '../constants';
import { chunk, type Trx } from '../data/bulk';
import { tables } from '../data/tables';

/** The seller with its logo resolved to the Media Library file (null when the file is gone). */
export async function sellerSnapshot(strapi: Core.Strapi, seller: Seller): Promise<SellerSnapshot> {
  const { logo, ...details } = seller;
  let file: { id: number; name: string; url: string; mime: string } | null = null;
  if (logo !== null && strapi.contentTypes[UID_UPLOAD_FILE]) {
    file = (await strapi.db.query(UID_UPLOAD_FILE).findOne({ where: { id: logo }, select: ['id', 'name', 'url', 'mime'] })) ?? null;
  }
  return { ...details, logo: file ? { id: Number(file.id), name: file.name, url: file.url, mime: file.mime } : null };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const oneOf = <T extends string>(values: readonly T[], v: unknown): T | null => (values.includes(v as T) ? (v as T) : null);

/** The details of a debtor row; a missing row (deleted since) has none. */
export function debtorDetails(row: Record<string, unknown> | undefined): Omit<DebtorSnapshot, 'documentId' | 'reference' | 'name'> {
  const r = row ?? {};
  return {
    email: text(r.email),
    street: text(r.street),
    postalCode: text(r.postal_code),
    city: text(r.city),
    country: text(r.country),
    countryCode: text(r.country_code),
    vatNumber: text(r.vat_number),
    language: oneOf(LANGUAGES, r.language),
    electronicAddress: text(r.electronic_address),
    deliveryChannel: oneOf(DELIVERY_CHANNELS, r.delivery_channel) ?? 'email',
  };
}

/** The debtor rows of these ids, by id, read in chunks. */
export async function debtorRows(strapi: Core.Strapi, db: Trx, ids: Iterable<number>): Promise<Map<number, Record<string, unknown>>> {
  const table = tables(strapi).debtors();
  const rows = new Map<number, Record<string, unknown>>();
  for (const part of chunk([...new Set(ids)], 500)) {
    const found = (await db(table)
      .whereIn('id', part)
      .select('id', 'email', 'street', 'postal_code', 'city', 'country', 'country_code', 'vat_number', 'language', 'electronic_address', 'delivery_channel')) as Array<
      Record<string, unknown>
    >;
    for (const r of found) rows.set(Number(r.id), r);
  }
  return rows;
}
