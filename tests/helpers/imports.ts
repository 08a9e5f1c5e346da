/** Row counts around a contract import (JSON or NDJSON): the three tables and their two link tables. */
import type { TestApp } from './strapi';
import { UIDS } from './fixtures';

export interface ImportRowCounts {
  debtors: number;
  contracts: number;
  lines: number;
  contractDebtorLinks: number;
  lineContractLinks: number;
}

/** Row counts of the debtor, contract and line tables and of the two link tables (names from Strapi's metadata). */
export async function importRowCounts(app: TestApp): Promise<ImportRowCounts> {
  const knex = app.strapi.db.connection;
  const table = (uid: string) => app.strapi.db.metadata.get(uid as never).tableName;
  const linkTable = (uid: string, attr: string) =>
    (app.strapi.db.metadata.get(uid as never).attributes as unknown as Record<string, { joinTable: { name: string } }>)[attr].joinTable.name;
  const count = async (name: string) => Number(((await knex(name).count({ n: '*' })) as Array<{ n: number | string }>)[0].n);
  return {
    debtors: await count(table(UIDS.debtor)),
    contracts: await count(table(UIDS.contract)),
    lines: await count(table(UIDS.line)),
    contractDebtorLinks: await count(linkTable(UIDS.contract, 'debtor')),
    lineContractLinks: await count(linkTable(UIDS.line, 'contract')),
  };
}

/** The counts after a first import of `debtors`, `contracts` and `lines` (each contract one debtor link, each line one contract link). */
export const grownBy = <T extends ImportRowCounts>(before: T, debtors: number, contracts: number, lines: number): T => ({
  ...before,
  debtors: before.debtors + debtors,
  contracts: before.contracts + contracts,
  lines: before.lines + lines,
  contractDebtorLinks: before.contractDebtorLinks + contracts,
  lineContractLinks: before.lineContractLinks + lines,
});

/** A JSON import body of `lines` contract lines in all, in contracts of up to 100 lines of one debtor each, living in `year`. */
export function linesImportBody(prefix: string, year: number, lines: number, linesPerContract = 100) {
  const contracts = Math.ceil(lines / linesPerContract);
  const debtors = Array.from({ length: contracts }, (_, i) => ({ reference: `${prefix}-D${i + 1}`, name: `Debtor ${prefix} ${i + 1}`, countryCode: 'NL' }));
  return {
    debtors,
    contracts: debtors.map((d, i) => ({
      reference: `${prefix}-C${i + 1}`,
      name: `Unit ${prefix} ${i + 1}`,
      debtorReference: d.reference,
      invoiceCycle: 'monthly',
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      status: 'active',
      currency: 'EUR',
      lines: Array.from({ length: Math.min(linesPerContract, lines - i * linesPerContract) }, (_, l) => ({
        reference: `L${l + 1}`,
        description: `Service ${l + 1}`,
        unitPrice: `${10 + (l % 90)}.00`,
        quantity: '1',
        vatRate: '21',
      })),
    })),
  };
}
