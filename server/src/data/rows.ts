/** Row mapping: stored column values (as each database answers them) → the API's shapes, and back. */
import { formatMinor } from '../../../shared/money';
import { newDocumentId } from './ids';

/** Columns Strapi fills on every row of a collection type without draft & publish. */
export function baseColumns(now: Date = new Date()): Record<string, unknown> {
  return { document_id: newDocumentId(), created_at: now, updated_at: now, published_at: now };
}

/** JSON columns come back as text (SQLite, MySQL, Strapi's PostgreSQL JSONB parser) or objects. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

/** Dates come back as `YYYY-MM-DD` text, or as a Date from some MySQL configurations. */
export function toDateString(value: unknown): string {
  if (value instanceof Date) {
    const y = value.getFullYear();
    const m = String(value.getMonth() + 1).padStart(2, '0');
    const d = String(value.getDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  return String(value).slice(0, 10);
}

export function toDateStringOrNull(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : toDateString(value);
}

/** Datetimes: SQLite keeps epoch milliseconds, the others a timestamp. */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function toInt(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** The quantity, price and money columns of an amount or invoice line row in the API's shape (DESIGN §11). */
export function lineMoney(r: Record<string, unknown>, currency: string) {
  return {
    quantity: String(r.quantity),
    unitPrice: String(r.unit_price),
    net: formatMinor(Number(r.net), currency),
    vatRate: String(r.vat_rate),
    vat: formatMinor(Number(r.vat), currency),
    gross: formatMinor(Number(r.gross), currency),
  };
}

