/**
 * Invoice categories through Strapi's query engine (low volume: a lookup per request, one populate
 * per page of runs or schedules), which reads the link tables itself.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { chunk } from './bulk';
import { isVatCategoryCode, type VatTreatment } from '../../../shared/vat-categories';

export interface LinkedCategory {
  documentId: string;
  name: string;
}

type Owner = typeof UID.run | typeof UID.schedule;

/** The id of an invoice category by documentId, or null when there is none. */
export async function categoryIdByDocumentId(strapi: Core.Strapi, documentId: string): Promise<number | null> {
  const row = (await strapi.db.query(UID.invoiceCategory).findOne({ where: { documentId }, select: ['id'] })) as { id: number } | null;
  return row ? Number(row.id) : null;
}

/** The invoice category (documentId and name, the API's shape) linked to each of `ownerIds`, rows of `ownerUid` (runs or schedules). */
export async function linkedCategories(strapi: Core.Strapi, ownerUid: Owner, ownerIds: number[]): Promise<Map<number, LinkedCategory>> {
  const found = new Map<number, LinkedCategory>();
  for (const ids of chunk(ownerIds, 500)) {
    const rows = (await strapi.db.query(ownerUid).findMany({
      where: { id: { $in: ids } },
      select: ['id'],
      populate: { invoiceCategory: { select: ['documentId', 'name'] } },
    })) as Array<{ id: number; invoiceCategory?: { documentId: string; name: string } | null }>;
    for (const r of rows) {
      if (r.invoiceCategory) found.set(Number(r.id), { documentId: String(r.invoiceCategory.documentId), name: String(r.invoiceCategory.name) });
    }
  }
  return found;
}

/** The invoice category (id, name and VAT treatment) linked to one run or schedule, or null for none. */
export async function linkedCategory(strapi: Core.Strapi, ownerUid: Owner, ownerId: number): Promise<({ id: number; name: string } & VatTreatment) | null> {
  const row = (await strapi.db.query(ownerUid).findOne({
    where: { id: ownerId },
    select: ['id'],
    populate: { invoiceCategory: { select: ['id', 'name', 'vatCategory', 'vatExemptionReason', 'vatExemptionReasonCode'] } },
  })) as { invoiceCategory?: Record<string, unknown> | null } | null;
  const c = row?.invoiceCategory;
  if (!c) return null;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return {
    id: Number(c.id),
    name: String(c.name),
    vatCategory: isVatCategoryCode(c.vatCategory) ? c.vatCategory : null,
    vatExemptionReason: text(c.vatExemptionReason),
    vatExemptionReasonCode: text(c.vatExemptionReasonCode),
  };
}
