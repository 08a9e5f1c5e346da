/**
 * Test data: contracts through Strapi's own Document Service (as a content admin would create them in
 * the Content Manager), and the request bodies of runs and schedules (DESIGN §11).
 */
import type { Core } from '@strapi/strapi';

export const UIDS = {
  debtor: 'plugin::invoicing.debtor',
  category: 'plugin::invoicing.invoice-category',
  contract: 'plugin::invoicing.contract',
  line: 'plugin::invoicing.contract-line',
  run: 'plugin::invoicing.invoice-run',
  job: 'plugin::invoicing.job',
} as const;

let counter = 0;
const next = () => {
  counter += 1;
  return `${Date.now().toString(36)}${counter}`;
};

export async function createDebtor(strapi: Core.Strapi, data: { name?: string; reference?: string } = {}) {
  const ref = data.reference ?? `DEB-${next()}`;
  return strapi.documents(UIDS.debtor).create({ data: { reference: ref, name: data.name ?? `Debtor ${ref}` } as never });
}

export async function createCategory(strapi: Core.Strapi, name = `Category ${next()}`) {
  return strapi.documents(UIDS.category).create({ data: { name } as never });
}

export interface LineSpec {
  description?: string;
  unitPrice: string;
  quantity?: string;
  vatRate?: string;
  startDate?: string | null;
  endDate?: string | null;
  reference?: string;
}

export interface ContractSpec {
  debtor: { documentId: string };
  reference?: string;
  name?: string;
  invoiceCycle?: string;
  startDate?: string;
  endDate?: string | null;
  status?: 'active' | 'terminated';
  currency?: string;
  lines: LineSpec[];
}

/** A contract with its lines; answers the contract and the lines' documentIds in order. */
export async function createContract(strapi: Core.Strapi, spec: ContractSpec) {
  const reference = spec.reference ?? `CTR-${next()}`;
  const contract = await strapi.documents(UIDS.contract).create({
    data: {
      reference,
      name: spec.name ?? `Contract ${reference}`,
      debtor: { connect: [{ documentId: spec.debtor.documentId }] },
      invoiceCycle: spec.invoiceCycle ?? 'monthly',
      startDate: spec.startDate ?? '2020-01-01',
      endDate: spec.endDate ?? null,
      status: spec.status ?? 'active',
      currency: spec.currency ?? 'EUR',
    } as never,
  });
  const lines = [];
  for (const [i, line] of spec.lines.entries()) {
    lines.push(
      await strapi.documents(UIDS.line).create({
        data: {
          contract: { connect: [{ documentId: contract.documentId }] },
          description: line.description ?? `Line ${i + 1}`,
          unitPrice: line.unitPrice,
          quantity: line.quantity ?? '1',
          vatRate: line.vatRate ?? '21',
          startDate: line.startDate ?? null,
          endDate: line.endDate ?? null,
          reference: line.reference ?? null,
        } as never,
      }),
    );
  }
  return { contract, lines };
}

/**
 * A contract that lives within `year` unless its dates are given. Tests that share one database each
 * work in a calendar year of their own, so no test sees another test's contract lines.
 */
export const contractIn = (
  strapi: Core.Strapi,
  year: number,
  spec: Omit<ContractSpec, 'startDate' | 'endDate'> & { startDate?: string; endDate?: string | null },
) => createContract(strapi, { startDate: `${year}-01-01`, endDate: `${year}-12-31`, ...spec });

/** The body of an ad hoc run (POST /runs): January 2026 unless overridden. */
export const adHocRun = (overrides: Record<string, unknown> = {}) => ({
  name: 'January',
  cycle: 'monthly',
  periodStart: '2026-01-01',
  periodEnd: '2026-01-31',
  invoiceDate: '2026-02-01',
  dueDate: '2026-02-15',
  invoiceName: 'Rent',
  invoiceNameFormat: 'name_contract',
  invoiceCategory: null,
  ...overrides,
});

/** An ad hoc run of month `m` (1–12) of `year`, invoiced on the 1st and due on the 15th of the next month. */
export const monthRun = (year: number, m: number, overrides: Record<string, unknown> = {}) => {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const next = (day: number) => iso(new Date(Date.UTC(year, m, day)));
  return adHocRun({
    name: `Month ${year}-${String(m).padStart(2, '0')}`,
    periodStart: iso(new Date(Date.UTC(year, m - 1, 1))),
    periodEnd: iso(new Date(Date.UTC(year, m, 0))),
    invoiceDate: next(1),
    dueDate: next(15),
    ...overrides,
  });
};

/** A schedule body in the shape of DESIGN §11; `template` overrides are merged into the template. */
export function scheduleBody(overrides: Record<string, unknown> = {}, template: Record<string, unknown> = {}) {
  return {
    name: 'Monthly rent',
    description: 'Rent of all monthly contracts',
    periodFrom: '2026-01-01',
    numberOfRuns: 3,
    ...overrides,
    template: {
      name: 'Rent run',
      description: 'Monthly rent run',
      cycle: 'monthly',
      invoiceName: 'Rent',
      invoiceNameFormat: 'name_contract',
      invoiceCategory: null,
      invoiceDate: '2026-01-05',
      dueDate: '2026-01-19',
      ...template,
    },
  };
}
