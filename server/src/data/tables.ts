/**
 * THE table-name helper: the plugin's tables and link tables as Strapi's metadata names them
 * (`strapi.db.metadata.get(uid)`), for the knex paths. The query engine (`strapi.db.query(uid)`)
 * needs none of this.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

/** The table of a content type. */
export function tableName(strapi: Core.Strapi, uid: string): string {
  return strapi.db.metadata.get(uid as never).tableName;
}

export interface JoinTable {
  name: string;
  joinColumn: string;
  inverseJoinColumn: string;
  orderColumn?: string;
  inverseOrderColumn?: string;
}

interface MetaAttribute {
  columnName?: string;
  joinTable?: {
    name: string;
    joinColumn: { name: string };
    inverseJoinColumn: { name: string };
    orderColumnName?: string;
    inverseOrderColumnName?: string;
  };
}

function attributesOf(strapi: Core.Strapi, uid: string): Record<string, MetaAttribute> {
  return strapi.db.metadata.get(uid as never).attributes as unknown as Record<string, MetaAttribute>;
}

/** The column of a scalar attribute (null when the attribute has none, e.g. `publishedAt` without draft & publish). */
export function columnNameOrNull(strapi: Core.Strapi, uid: string, attribute: string): string | null {
  return attributesOf(strapi, uid)[attribute]?.columnName ?? null;
}

/** The column of a scalar attribute; throws when there is none. */
export function columnName(strapi: Core.Strapi, uid: string, attribute: string): string {
  const name = columnNameOrNull(strapi, uid, attribute);
  if (!name) throw new Error(`no column for ${uid}.${attribute}`);
  return name;
}

/** The link table of a Strapi relation attribute. */
export function joinTable(strapi: Core.Strapi, uid: string, attribute: string): JoinTable {
  const jt = attributesOf(strapi, uid)[attribute]?.joinTable;
  if (!jt) throw new Error(`${uid}.${attribute} has no link table`);
  return {
    name: jt.name,
    joinColumn: jt.joinColumn.name,
    inverseJoinColumn: jt.inverseJoinColumn.name,
    orderColumn: jt.orderColumnName,
    inverseOrderColumn: jt.inverseOrderColumnName,
  };
}

/** The plugin's tables by role, named as Strapi's metadata names them. */
export function tables(strapi: Core.Strapi) {
  const name = (uid: string) => () => tableName(strapi, uid);
  return {
    debtors: name(UID.debtor),
    categories: name(UID.invoiceCategory),
    contracts: name(UID.contract),
    contractLines: name(UID.contractLine),
    schedules: name(UID.schedule),
    runs: name(UID.run),
    amounts: name(UID.amount),
    invoices: name(UID.invoice),
    invoiceLines: name(UID.invoiceLine),
    jobs: name(UID.job),
    events: name(UID.runEvent),
    sequences: name(UID.sequence),
  };
}

