import type { Test } from 'supertest';
import type { TestApp, TestUser } from '../helpers/strapi';
import { adHocRun, createCategory, createContract, createDebtor, monthRun, scheduleBody } from '../helpers/fixtures';
import { errorPaths, expectStatus, runDbId, runInStatus, type Api, type Json } from '../helpers/runs';
import { pluginSnapshot, type PluginSnapshot } from '../helpers/checksum';
import { bootForFile } from '../helpers/suite';

/**
 * DESIGN §14: malformed requests on every write route (and the list parameters) answer 400 with
 * Strapi's error shape and the field paths, or 404 for unknown documentIds; never a 500, and never a
 * write: every plugin table and the plugin's core-store row hash the same after each case.
 */

interface Fixtures {
  schedule: string; // a schedule with three runs on hold
  adHocSchedule: string; // the one-run schedule of an ad hoc run
  onHoldRun: string;
  amountsRun: string; // amounts_generated, with amounts
  invoicedRun: string; // invoices_generated, with invoices
  cancelledRun: string;
  category: string;
  debtorReference: string;
  runNumericId: number; // the database id (not documentId) of amountsRun
  invoice: string; // an invoice of invoicedRun, nothing credited
  invoiceLine: string; // one of its lines
  creditedInvoice: string; // an invoice with one line credited
  creditedLine: string; // that credited line
  otherLine: string; // a line of creditedInvoice that is not credited
  creditNote: string; // the credit note of creditedLine
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Case {
  name: string;
  method: Method;
  /** after `/invoicing`; a function of the fixtures for real documentIds */
  path: string | ((f: Fixtures) => string);
  /** a JSON body (supertest serialises it) … */
  body?: unknown | ((f: Fixtures) => unknown);
  /** … or a raw body sent as is (JSON text with `__proto__`, invalid JSON, 1e400, other types) */
  raw?: string;
  contentType?: string;
  /** a raw query string */
  query?: string;
  status: 400 | 404 | 409;
  /** field paths that must be among `error.details.errors[].path` (400 validation) */
  paths?: string[][];
  /** the error name when it is not ValidationError (400) / NotFoundError (404) */
  errorName?: string;
  /** what the message must say */
  message?: RegExp;
}

/**
 * Bodies Strapi's body parser refuses before any plugin code runs (400 SyntaxError): JSON with a
 * `__proto__` key (prototype pollution), invalid JSON, and JSON that is not an object or a list.
 */
const PROTO = { errorName: 'SyntaxError', message: /forbidden prototype property/ } as const;
const NOT_JSON = { errorName: 'SyntaxError', message: /JSON/ } as const;

const MB = 'x'.repeat(1024 * 1024);
const SQL = "'; DROP TABLE invoicing_runs; --";
const SQL_OR = "' OR '1'='1";
const SCRIPT = '<script>alert("x")</script>';
const UNKNOWN = 'zzzzzzzzzzzzzzzzzzzzzzzz'; // shaped like a documentId, matches nothing

/** A valid schedule body with `patch` applied to its top level (undefined removes a key). */
const schedule = (patch: Record<string, unknown> = {}, template: Record<string, unknown> = {}) => {
  const body: Record<string, unknown> = scheduleBody({}, {});
  body.template = { ...(body.template as Record<string, unknown>), ...template };
  for (const t of Object.keys(template)) if (template[t] === undefined) delete (body.template as Record<string, unknown>)[t];
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return body;
};

/** A valid ad hoc run body with `patch` applied (undefined removes a key). */
const run = (patch: Record<string, unknown> = {}) => {
  const body: Record<string, unknown> = adHocRun();
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return body;
};

/** A raw JSON text: a valid body's JSON with `extra` spliced in front (so keys such as __proto__ stay own keys). */
const rawWith = (extra: string, body: unknown) => `{${extra},${JSON.stringify(body).slice(1)}`;

/** One valid import contract (for debtor `ref`) with `patch` (undefined removes) and lines. */
const contract = (ref: string, patch: Record<string, unknown> = {}, lines: unknown[] = [{ description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21' }]) => {
  const body: Record<string, unknown> = {
    reference: 'CTR-BAD-1',
    name: 'Bad input contract',
    debtorReference: ref,
    invoiceCycle: 'monthly',
    startDate: '2026-01-01',
    endDate: null,
    status: 'active',
    currency: 'EUR',
    lines,
  };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return body;
};
const line = (patch: Record<string, unknown>) => ({ description: 'Rent', unitPrice: '100.00', quantity: '1', vatRate: '21', ...patch });
const debtor = (patch: Record<string, unknown> = {}) => ({ reference: 'DEB-BAD-1', name: 'Bad input debtor', ...patch });

/* ---------------------------------------------------------------------------------------------- */
/* The table                                                                                      */
/* ---------------------------------------------------------------------------------------------- */

const settingsCases: Case[] = [
  { name: 'negative activationDaysBefore', method: 'PUT', path: '/settings', body: { activationDaysBefore: -1 }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'activationDaysBefore above 365', method: 'PUT', path: '/settings', body: { activationDaysBefore: 366 }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'non-integer activationDaysBefore', method: 'PUT', path: '/settings', body: { activationDaysBefore: 1.5 }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'activationDaysBefore as text', method: 'PUT', path: '/settings', body: { activationDaysBefore: '5' }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'activationDaysBefore null', method: 'PUT', path: '/settings', body: { activationDaysBefore: null }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'activationDaysBefore 1e400 (Infinity)', method: 'PUT', path: '/settings', raw: '{"activationDaysBefore": 1e400}', status: 400, paths: [['activationDaysBefore']] },
  { name: 'autoApprove as text', method: 'PUT', path: '/settings', body: { autoApprove: 'yes' }, status: 400, paths: [['autoApprove']] },
  { name: 'autoGenerateAmounts as number', method: 'PUT', path: '/settings', body: { autoGenerateAmounts: 1 }, status: 400, paths: [['autoGenerateAmounts']] },
  { name: 'requireDifferentApprover as object', method: 'PUT', path: '/settings', body: { requireDifferentApprover: { value: true } }, status: 400, paths: [['requireDifferentApprover']] },
  { name: 'SQL in invoiceNumberPrefix', method: 'PUT', path: '/settings', body: { invoiceNumberPrefix: SQL }, status: 400, paths: [['invoiceNumberPrefix']] },
  { name: 'HTML in invoiceNumberPrefix', method: 'PUT', path: '/settings', body: { invoiceNumberPrefix: SCRIPT }, status: 400, paths: [['invoiceNumberPrefix']] },
  { name: '1 MB invoiceNumberPrefix', method: 'PUT', path: '/settings', body: { invoiceNumberPrefix: MB }, status: 400, paths: [['invoiceNumberPrefix']] },
  { name: 'unknown time zone', method: 'PUT', path: '/settings', body: { timezone: 'Mars/Olympus_Mons' }, status: 400, paths: [['timezone']] },
  { name: 'SQL in time zone', method: 'PUT', path: '/settings', body: { timezone: `UTC${SQL}` }, status: 400, paths: [['timezone']] },
  { name: 'unknown field', method: 'PUT', path: '/settings', body: { autoApprove: true, sendInvoices: true }, status: 400, paths: [['sendInvoices']] },
  { name: 'NUL byte in time zone', method: 'PUT', path: '/settings', body: { timezone: 'UTC\u0000' }, status: 400, paths: [['timezone']] },
  { name: '__proto__ key (prototype pollution)', method: 'PUT', path: '/settings', raw: '{"__proto__": {"autoApprove": true, "polluted": "yes"}}', status: 400, ...PROTO },
  { name: 'constructor.prototype key', method: 'PUT', path: '/settings', body: { constructor: { prototype: { polluted: 'yes' } } }, status: 400, paths: [['constructor']] },
  { name: 'a list instead of an object', method: 'PUT', path: '/settings', body: [{ autoApprove: true }], status: 400, paths: [[]] },
  { name: 'several bad fields at once, all reported', method: 'PUT', path: '/settings', body: { activationDaysBefore: -5, timezone: 'Nowhere', autoApprove: 'no', invoiceNumberPrefix: 'a b' }, status: 400, paths: [['activationDaysBefore'], ['timezone'], ['autoApprove'], ['invoiceNumberPrefix']] },
  { name: 'one bad field among good ones writes none of them', method: 'PUT', path: '/settings', body: { autoApprove: true, autoGenerateInvoices: true, activationDaysBefore: 400 }, status: 400, paths: [['activationDaysBefore']] },
  { name: 'invalid JSON', method: 'PUT', path: '/settings', raw: '{"autoApprove": tru', status: 400, ...NOT_JSON },
  { name: 'sendRatePerSecond above 1000', method: 'PUT', path: '/settings', body: { sendRatePerSecond: 1001 }, status: 400, paths: [['sendRatePerSecond']] },
  { name: 'autoSendInvoices as text', method: 'PUT', path: '/settings', body: { autoSendInvoices: 'true' }, status: 400, paths: [['autoSendInvoices']] },
  { name: 'seller as a list', method: 'PUT', path: '/settings', body: { seller: [{ legalName: 'X' }] }, status: 400, paths: [['seller']] },
  { name: 'seller IBAN with a wrong checksum', method: 'PUT', path: '/settings', body: { seller: { iban: 'NL92ABNA0417164300' } }, status: 400, paths: [['seller', 'iban']] },
  { name: 'seller IBAN of the wrong length', method: 'PUT', path: '/settings', body: { seller: { iban: 'DE8937040044053201300' } }, status: 400, paths: [['seller', 'iban']] },
  { name: 'seller BIC with SQL', method: 'PUT', path: '/settings', body: { seller: { bic: SQL } }, status: 400, paths: [['seller', 'bic']] },
  { name: 'seller unknown country code', method: 'PUT', path: '/settings', body: { seller: { countryCode: 'UK' } }, status: 400, paths: [['seller', 'countryCode']] },
  { name: 'seller Belgian VAT number with a bad check number', method: 'PUT', path: '/settings', body: { seller: { vatNumber: 'BE0417497107' } }, status: 400, paths: [['seller', 'vatNumber']] },
  { name: 'seller electronic address without scheme', method: 'PUT', path: '/settings', body: { seller: { electronicAddress: 'NL123456789B01' } }, status: 400, paths: [['seller', 'electronicAddress']] },
  { name: 'seller electronic address, unknown EAS scheme', method: 'PUT', path: '/settings', body: { seller: { electronicAddress: '1234:abc' } }, status: 400, paths: [['seller', 'electronicAddress']] },
  { name: 'seller e-mail from with HTML', method: 'PUT', path: '/settings', body: { seller: { emailFrom: SCRIPT } }, status: 400, paths: [['seller', 'emailFrom']] },
  { name: 'seller logo that is not in the Media Library', method: 'PUT', path: '/settings', body: { seller: { logo: 2147483647 } }, status: 400, paths: [['seller', 'logo']] },
  { name: 'seller logo beyond a 32-bit id', method: 'PUT', path: '/settings', body: { seller: { logo: 2147483648 } }, status: 400, paths: [['seller', 'logo']] },
  { name: 'seller 1 MB payment terms', method: 'PUT', path: '/settings', body: { seller: { paymentTerms: { en: MB } } }, status: 400, paths: [['seller', 'paymentTerms', 'en']] },
  { name: 'seller unknown field', method: 'PUT', path: '/settings', body: { seller: { owner: 'X' } }, status: 400, paths: [['seller', 'owner']] },
];

const scheduleCreateCases: Case[] = [
  { name: 'empty body: every required field reported', method: 'POST', path: '/schedules', body: {}, status: 400, paths: [['name'], ['periodFrom'], ['numberOfRuns'], ['template']] },
  { name: 'missing name', method: 'POST', path: '/schedules', body: schedule({ name: undefined }), status: 400, paths: [['name']] },
  { name: 'blank name', method: 'POST', path: '/schedules', body: schedule({ name: '   ' }), status: 400, paths: [['name']] },
  { name: 'name as number', method: 'POST', path: '/schedules', body: schedule({ name: 42 }), status: 400, paths: [['name']] },
  { name: 'name null', method: 'POST', path: '/schedules', body: schedule({ name: null }), status: 400, paths: [['name']] },
  { name: '1 MB name', method: 'POST', path: '/schedules', body: schedule({ name: MB }), status: 400, paths: [['name']] },
  { name: '1 MB description', method: 'POST', path: '/schedules', body: schedule({ description: MB }), status: 400, paths: [['description']] },
  { name: 'NUL byte in name', method: 'POST', path: '/schedules', body: schedule({ name: 'Rent\u0000' }), status: 400, paths: [['name']] },
  { name: 'NUL byte in template invoiceName', method: 'POST', path: '/schedules', body: schedule({}, { invoiceName: 'Rent\u0000x' }), status: 400, paths: [['template', 'invoiceName']] },
  { name: 'NUL byte in invoiceCategory', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: 'abc\u0000def' }), status: 400, paths: [['template', 'invoiceCategory']] },
  { name: 'periodFrom 2026-02-30', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '2026-02-30' }), status: 400, paths: [['periodFrom']] },
  { name: 'periodFrom 2025-13-01', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '2025-13-01' }), status: 400, paths: [['periodFrom']] },
  { name: 'periodFrom without zero padding', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '2026-1-1' }), status: 400, paths: [['periodFrom']] },
  { name: 'periodFrom with a time', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '2026-01-01T00:00:00Z' }), status: 400, paths: [['periodFrom']] },
  { name: 'periodFrom as a number', method: 'POST', path: '/schedules', body: schedule({ periodFrom: 20260101 }), status: 400, paths: [['periodFrom']] },
  { name: 'periodFrom in year 0000', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '0000-01-01' }), status: 400, paths: [['periodFrom']] },
  { name: 'SQL in periodFrom', method: 'POST', path: '/schedules', body: schedule({ periodFrom: `2026-01-01${SQL}` }), status: 400, paths: [['periodFrom']] },
  { name: 'periodTo 2026-02-29 (no leap year)', method: 'POST', path: '/schedules', body: schedule({ periodTo: '2026-02-29' }), status: 400, paths: [['periodTo']] },
  { name: 'periodTo before periodFrom', method: 'POST', path: '/schedules', body: schedule({ periodFrom: '2026-03-01', periodTo: '2026-02-28' }), status: 400, paths: [['periodTo']] },
  { name: 'numberOfRuns 0', method: 'POST', path: '/schedules', body: schedule({ numberOfRuns: 0 }), status: 400, paths: [['numberOfRuns']] },
  { name: 'numberOfRuns 121', method: 'POST', path: '/schedules', body: schedule({ numberOfRuns: 121 }), status: 400, paths: [['numberOfRuns']] },
  { name: 'negative numberOfRuns', method: 'POST', path: '/schedules', body: schedule({ numberOfRuns: -3 }), status: 400, paths: [['numberOfRuns']] },
  { name: 'non-integer numberOfRuns', method: 'POST', path: '/schedules', body: schedule({ numberOfRuns: 2.5 }), status: 400, paths: [['numberOfRuns']] },
  { name: 'numberOfRuns as text', method: 'POST', path: '/schedules', body: schedule({ numberOfRuns: '3' }), status: 400, paths: [['numberOfRuns']] },
  { name: 'numberOfRuns 1e400 (Infinity)', method: 'POST', path: '/schedules', raw: JSON.stringify(schedule({ numberOfRuns: 7777 })).replace('7777', '1e400'), status: 400, paths: [['numberOfRuns']] },
  { name: 'template missing', method: 'POST', path: '/schedules', body: schedule({ template: undefined }), status: 400, paths: [['template']] },
  { name: 'template null', method: 'POST', path: '/schedules', body: schedule({ template: null }), status: 400, paths: [['template']] },
  { name: 'template a list', method: 'POST', path: '/schedules', body: schedule({ template: [] }), status: 400, paths: [['template']] },
  { name: 'template text', method: 'POST', path: '/schedules', body: schedule({ template: 'monthly' }), status: 400, paths: [['template']] },
  { name: 'unknown cycle', method: 'POST', path: '/schedules', body: schedule({}, { cycle: 'daily' }), status: 400, paths: [['template', 'cycle']] },
  { name: 'SQL in cycle', method: 'POST', path: '/schedules', body: schedule({}, { cycle: `monthly${SQL_OR}` }), status: 400, paths: [['template', 'cycle']] },
  { name: 'unknown invoiceNameFormat', method: 'POST', path: '/schedules', body: schedule({}, { invoiceNameFormat: 'name_everything' }), status: 400, paths: [['template', 'invoiceNameFormat']] },
  { name: 'template invoiceDate 2026-02-30', method: 'POST', path: '/schedules', body: schedule({}, { invoiceDate: '2026-02-30' }), status: 400, paths: [['template', 'invoiceDate']] },
  { name: 'template dueDate 2025-13-01', method: 'POST', path: '/schedules', body: schedule({}, { dueDate: '2025-13-01' }), status: 400, paths: [['template', 'dueDate']] },
  { name: 'dueDate before invoiceDate', method: 'POST', path: '/schedules', body: schedule({}, { invoiceDate: '2026-01-10', dueDate: '2026-01-09' }), status: 400, paths: [['template', 'dueDate']] },
  { name: 'invoiceCategory as number', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: 1 }), status: 400, paths: [['template', 'invoiceCategory']] },
  { name: 'invoiceCategory as operator object', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: { $ne: null } }), status: 400, paths: [['template', 'invoiceCategory']] },
  { name: 'unknown invoiceCategory documentId', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: UNKNOWN }), status: 404, paths: [['template', 'invoiceCategory']] },
  { name: 'SQL as invoiceCategory', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: SQL }), status: 404 },
  { name: 'wildcard % as invoiceCategory', method: 'POST', path: '/schedules', body: schedule({}, { invoiceCategory: '%' }), status: 404 },
  { name: 'extra field reference', method: 'POST', path: '/schedules', body: schedule({ reference: 'IRS-999999' }), status: 400, paths: [['reference']] },
  { name: 'extra fields documentId, id, runs, adHoc', method: 'POST', path: '/schedules', body: schedule({ documentId: 'abc', id: 1, runs: [], adHoc: true }), status: 400, paths: [['documentId'], ['id'], ['runs'], ['adHoc']] },
  { name: 'extra field in template', method: 'POST', path: '/schedules', body: schedule({}, { vatRate: '21' }), status: 400, paths: [['template', 'vatRate']] },
  { name: '__proto__ key at the top', method: 'POST', path: '/schedules', raw: rawWith('"__proto__": {"polluted": "yes"}', schedule()), status: 400, ...PROTO },
  { name: '__proto__ key in template', method: 'POST', path: '/schedules', raw: JSON.stringify(schedule()).replace('"template":{', '"template":{"__proto__":{"polluted":"yes"},'), status: 400, ...PROTO },
  { name: 'a list instead of an object', method: 'POST', path: '/schedules', body: [schedule()], status: 400, paths: [[]] },
  { name: 'JSON null', method: 'POST', path: '/schedules', raw: 'null', status: 400, ...NOT_JSON },
  { name: 'form-urlencoded body (numbers arrive as text)', method: 'POST', path: '/schedules', raw: 'name=Form&periodFrom=2026-01-01&numberOfRuns=3', contentType: 'application/x-www-form-urlencoded', status: 400, paths: [['numberOfRuns'], ['template']] },
  { name: 'plain-text body', method: 'POST', path: '/schedules', raw: 'create a schedule please', contentType: 'text/plain', status: 400, paths: [[]] },
  { name: 'invalid JSON', method: 'POST', path: '/schedules', raw: '{"name": "x",', status: 400, ...NOT_JSON },
];

const scheduleUpdateCases: Case[] = [
  { name: 'unknown documentId (valid body)', method: 'PUT', path: `/schedules/${UNKNOWN}`, body: schedule(), status: 404 },
  { name: 'SQL as documentId', method: 'PUT', path: `/schedules/${encodeURIComponent(SQL)}`, body: schedule(), status: 404 },
  { name: "a run's documentId", method: 'PUT', path: (f) => `/schedules/${f.onHoldRun}`, body: schedule(), status: 404 },
  { name: 'empty body', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: {}, status: 400, paths: [['name'], ['periodFrom'], ['numberOfRuns'], ['template']] },
  { name: 'periodFrom 2026-02-30', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ periodFrom: '2026-02-30' }), status: 400, paths: [['periodFrom']] },
  { name: 'periodTo 2025-13-01', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ periodTo: '2025-13-01' }), status: 400, paths: [['periodTo']] },
  { name: 'numberOfRuns 0', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ numberOfRuns: 0 }), status: 400, paths: [['numberOfRuns']] },
  { name: '1 MB template name', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({}, { name: MB }), status: 400, paths: [['template', 'name']] },
  { name: 'NUL byte in description', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ description: 'a\u0000b' }), status: 400, paths: [['description']] },
  { name: 'HTML in cycle', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({}, { cycle: SCRIPT }), status: 400, paths: [['template', 'cycle']] },
  { name: 'extra field reference', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ reference: 'IRS-000001' }), status: 400, paths: [['reference']] },
  { name: '__proto__ key', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, raw: rawWith('"__proto__": {"numberOfRuns": 1}', schedule()), status: 400, ...PROTO },
  { name: 'a list instead of an object', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: [], status: 400, paths: [[]] },
  { name: 'unknown invoiceCategory', method: 'PUT', path: (f) => `/schedules/${f.schedule}`, body: schedule({ name: 'Renamed' }, { invoiceCategory: UNKNOWN }), status: 404, paths: [['template', 'invoiceCategory']] },
  { name: 'an ad hoc schedule given two runs', method: 'PUT', path: (f) => `/schedules/${f.adHocSchedule}`, body: schedule({ numberOfRuns: 2 }), status: 400, paths: [['numberOfRuns']] },
];

/** Path parameters that name nothing: every write route with an :id answers 404 for each. */
const BAD_IDS: Array<[label: string, id: (f: Fixtures) => string]> = [
  ['an unknown documentId', () => UNKNOWN],
  ['SQL injection', () => encodeURIComponent(SQL)],
  ['the wildcard %', () => encodeURIComponent('%')],
  ['the wildcard _', () => '_'],
  ['HTML/script', () => encodeURIComponent(SCRIPT)],
  ['__proto__', () => '__proto__'],
  ['constructor', () => 'constructor'],
  ['a 4000-character id', () => 'a'.repeat(4000)],
  ["a row's numeric database id", (f) => String(f.runNumericId)],
  ['malformed percent-encoding', () => '%E0%A4%A'],
  ['an emoji', () => encodeURIComponent('💥')],
  ['a NUL byte', () => 'abc%00def'],
];

const idRoutes: Array<{ method: Method; path: (id: string) => string; label: string; wrongEntity: (f: Fixtures) => string; body?: unknown }> = [
  { method: 'PUT', label: 'PUT /schedules/:id', path: (id) => `/schedules/${id}`, wrongEntity: (f) => f.amountsRun },
  { method: 'DELETE', label: 'DELETE /schedules/:id', path: (id) => `/schedules/${id}`, wrongEntity: (f) => f.cancelledRun },
  { method: 'POST', label: 'POST /schedules/:id/generate-runs', path: (id) => `/schedules/${id}/generate-runs`, wrongEntity: (f) => f.onHoldRun },
  { method: 'POST', label: 'POST /runs/:id/activate', path: (id) => `/runs/${id}/activate`, wrongEntity: (f) => f.schedule },
  { method: 'POST', label: 'POST /runs/:id/approve', path: (id) => `/runs/${id}/approve`, wrongEntity: (f) => f.schedule },
  { method: 'POST', label: 'POST /runs/:id/cancel', path: (id) => `/runs/${id}/cancel`, wrongEntity: (f) => f.adHocSchedule },
  { method: 'POST', label: 'POST /runs/:id/amounts/generate', path: (id) => `/runs/${id}/amounts/generate`, wrongEntity: (f) => f.schedule },
  { method: 'DELETE', label: 'DELETE /runs/:id/amounts', path: (id) => `/runs/${id}/amounts`, wrongEntity: (f) => f.schedule },
  { method: 'POST', label: 'POST /runs/:id/invoices/generate', path: (id) => `/runs/${id}/invoices/generate`, wrongEntity: (f) => f.schedule },
  { method: 'POST', label: 'POST /runs/:id/invoices/send', path: (id) => `/runs/${id}/invoices/send`, wrongEntity: (f) => f.schedule },
  { method: 'POST', label: 'POST /invoices/:id/send', path: (id) => `/invoices/${id}/send`, wrongEntity: (f) => f.invoicedRun },
  { method: 'POST', label: 'POST /invoices/:id/credit', path: (id) => `/invoices/${id}/credit`, wrongEntity: (f) => f.invoicedRun, body: { reason: 'Wrong price' } },
  { method: 'POST', label: 'POST /credit-notes/:id/send', path: (id) => `/credit-notes/${id}/send`, wrongEntity: (f) => f.invoice },
];

const unknownIdCases: Case[] = idRoutes.flatMap((route) => [
  ...BAD_IDS.map(
    ([label, id]): Case => ({
      name: `${route.label} with ${label}`,
      method: route.method,
      path: (f) => route.path(id(f)),
      body: route.method === 'PUT' ? schedule() : route.body,
      status: 404,
    }),
  ),
  {
    name: `${route.label} with the documentId of another kind of entity`,
    method: route.method,
    path: (f) => route.path(route.wrongEntity(f)),
    body: route.method === 'PUT' ? schedule() : route.body,
    status: 404,
  },
]);

const runCreateCases: Case[] = [
  { name: 'empty body: every required field reported', method: 'POST', path: '/runs', body: {}, status: 400, paths: [['name'], ['cycle'], ['periodStart'], ['periodEnd'], ['invoiceDate'], ['dueDate'], ['invoiceName'], ['invoiceNameFormat']] },
  { name: '1 MB name', method: 'POST', path: '/runs', body: run({ name: MB }), status: 400, paths: [['name']] },
  { name: '1 MB invoiceName', method: 'POST', path: '/runs', body: run({ invoiceName: MB }), status: 400, paths: [['invoiceName']] },
  { name: 'NUL byte in invoiceName', method: 'POST', path: '/runs', body: run({ invoiceName: '\u0000' }), status: 400, paths: [['invoiceName']] },
  { name: 'name as a list', method: 'POST', path: '/runs', body: run({ name: ['January'] }), status: 400, paths: [['name']] },
  { name: 'unknown cycle', method: 'POST', path: '/runs', body: run({ cycle: 'fortnightly' }), status: 400, paths: [['cycle']] },
  { name: 'periodStart 2026-02-30', method: 'POST', path: '/runs', body: run({ periodStart: '2026-02-30' }), status: 400, paths: [['periodStart']] },
  { name: 'periodEnd 2025-13-01', method: 'POST', path: '/runs', body: run({ periodEnd: '2025-13-01' }), status: 400, paths: [['periodEnd']] },
  { name: 'periodEnd before periodStart', method: 'POST', path: '/runs', body: run({ periodStart: '2026-01-31', periodEnd: '2026-01-01' }), status: 400, paths: [['periodEnd']] },
  { name: 'invoiceDate 2026-04-31', method: 'POST', path: '/runs', body: run({ invoiceDate: '2026-04-31' }), status: 400, paths: [['invoiceDate']] },
  { name: 'dueDate before invoiceDate', method: 'POST', path: '/runs', body: run({ invoiceDate: '2026-02-15', dueDate: '2026-02-01' }), status: 400, paths: [['dueDate']] },
  { name: 'dueDate as a timestamp number', method: 'POST', path: '/runs', body: run({ dueDate: 1767225600000 }), status: 400, paths: [['dueDate']] },
  { name: 'SQL in invoiceNameFormat', method: 'POST', path: '/runs', body: run({ invoiceNameFormat: SQL }), status: 400, paths: [['invoiceNameFormat']] },
  { name: 'extra field status', method: 'POST', path: '/runs', body: run({ status: 'approved' }), status: 400, paths: [['status']] },
  { name: 'extra fields reference, schedule, sequence', method: 'POST', path: '/runs', body: run({ reference: 'IVR-000001', schedule: { documentId: 'x' }, sequence: 7 }), status: 400, paths: [['reference'], ['schedule'], ['sequence']] },
  { name: 'extra field totals', method: 'POST', path: '/runs', body: run({ totals: { net: '1000000.00' } }), status: 400, paths: [['totals']] },
  { name: 'unknown invoiceCategory', method: 'POST', path: '/runs', body: run({ invoiceCategory: UNKNOWN }), status: 404, paths: [['invoiceCategory']] },
  { name: 'invoiceCategory an empty string', method: 'POST', path: '/runs', body: run({ invoiceCategory: '' }), status: 400, paths: [['invoiceCategory']] },
  { name: '__proto__ key', method: 'POST', path: '/runs', raw: rawWith('"__proto__": {"status": "approved"}', run()), status: 400, ...PROTO },
  { name: 'constructor.prototype key', method: 'POST', path: '/runs', body: run({ constructor: { prototype: { status: 'approved' } } }), status: 400, paths: [['constructor']] },
  { name: 'a list of runs', method: 'POST', path: '/runs', body: [run(), run()], status: 400, paths: [[]] },
  { name: 'JSON text', method: 'POST', path: '/runs', raw: '"January"', status: 400, ...NOT_JSON },
];

const importCases: Case[] = [
  { name: 'a list instead of an object', method: 'POST', path: '/contracts/import', body: [debtor()], status: 400, paths: [[]] },
  { name: 'debtors not a list', method: 'POST', path: '/contracts/import', body: { debtors: { reference: 'DEB-1' } }, status: 400, paths: [['debtors']] },
  { name: 'contracts as text', method: 'POST', path: '/contracts/import', body: { contracts: 'all of them' }, status: 400, paths: [['contracts']] },
  { name: 'null in the debtors list', method: 'POST', path: '/contracts/import', body: { debtors: [null] }, status: 400, paths: [['debtors', '0']] },
  { name: 'debtor without reference and name', method: 'POST', path: '/contracts/import', body: { debtors: [{}] }, status: 400, paths: [['debtors', '0', 'reference'], ['debtors', '0', 'name']] },
  { name: '1 MB debtor name (valid contract next to it)', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ debtors: [debtor({ name: MB })], contracts: [contract(f.debtorReference)] }), status: 400, paths: [['debtors', '0', 'name']] },
  { name: 'invalid debtor email', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ email: `x${SQL}` })] }, status: 400, paths: [['debtors', '0', 'email']] },
  { name: 'NUL byte in debtor email', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ email: 'a\u0000@example.com' })] }, status: 400, paths: [['debtors', '0', 'email']] },
  { name: 'debtor country code as a name', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ countryCode: 'Nederland' })] }, status: 400, paths: [['debtors', '0', 'countryCode']] },
  { name: 'debtor Dutch VAT number without B', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ vatNumber: 'NL12345678901' })] }, status: 400, paths: [['debtors', '0', 'vatNumber']] },
  { name: 'debtor unknown language', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ language: 'de' })] }, status: 400, paths: [['debtors', '0', 'language']] },
  { name: 'debtor unknown delivery channel', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ deliveryChannel: 'post' })] }, status: 400, paths: [['debtors', '0', 'deliveryChannel']] },
  { name: 'debtor peppol_file without an electronic address', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ deliveryChannel: 'peppol_file' })] }, status: 400, paths: [['debtors', '0', 'electronicAddress']] },
  { name: 'debtor KvK electronic address of 7 digits', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ electronicAddress: '0106:1234567' })] }, status: 400, paths: [['debtors', '0', 'electronicAddress']] },
  { name: 'NUL byte in debtor name and city', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ name: 'A\u0000', city: '\u0000' })] }, status: 400, paths: [['debtors', '0', 'name'], ['debtors', '0', 'city']] },
  { name: 'NUL byte in a line description', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ description: 'Rent\u0000' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'description']] },
  { name: 'duplicate debtor references', method: 'POST', path: '/contracts/import', body: { debtors: [debtor(), debtor({ name: 'Twin' })] }, status: 400, paths: [['debtors', '1', 'reference']] },
  { name: 'unknown field on a debtor', method: 'POST', path: '/contracts/import', body: { debtors: [debtor({ id: 1 })] }, status: 400, paths: [['debtors', '0', 'id']] },
  { name: '__proto__ key on a debtor', method: 'POST', path: '/contracts/import', raw: '{"debtors": [{"__proto__": {"polluted": "yes"}, "reference": "DEB-BAD-P", "name": "Proto"}]}', status: 400, ...PROTO },
  { name: 'unknown top-level field', method: 'POST', path: '/contracts/import', body: { debtors: [], contracts: [], lines: [] }, status: 400, paths: [['lines']] },
  { name: 'contract startDate 2026-02-30', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { startDate: '2026-02-30' })] }), status: 400, paths: [['contracts', '0', 'startDate']] },
  { name: 'contract endDate 2025-13-01', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { endDate: '2025-13-01' })] }), status: 400, paths: [['contracts', '0', 'endDate']] },
  { name: 'contract endDate before startDate', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { startDate: '2026-05-01', endDate: '2026-04-30' })] }), status: 400, paths: [['contracts', '0', 'endDate']] },
  { name: 'unknown invoiceCycle', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { invoiceCycle: 'daily' })] }), status: 400, paths: [['contracts', '0', 'invoiceCycle']] },
  { name: 'unknown currency', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { currency: 'ABC' })] }), status: 400, paths: [['contracts', '0', 'currency']] },
  { name: 'SQL as currency', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { currency: SQL })] }), status: 400, paths: [['contracts', '0', 'currency']] },
  { name: 'unknown contract status', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { status: 'paused' })] }), status: 400, paths: [['contracts', '0', 'status']] },
  { name: 'unknown debtorReference', method: 'POST', path: '/contracts/import', body: { contracts: [contract('DEB-NOBODY')] }, status: 400, paths: [['contracts', '0', 'debtorReference']] },
  { name: 'wildcard % as debtorReference', method: 'POST', path: '/contracts/import', body: { contracts: [contract('%')] }, status: 400, paths: [['contracts', '0', 'debtorReference']] },
  { name: 'lines missing', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { lines: undefined })] }), status: 400, paths: [['contracts', '0', 'lines']] },
  { name: 'lines an object', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, { lines: { 0: line({}) } })] }), status: 400, paths: [['contracts', '0', 'lines']] },
  { name: 'unitPrice as a float number', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ unitPrice: 10.5 })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'unitPrice']] },
  { name: 'unitPrice with a decimal comma', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ unitPrice: '10,50' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'unitPrice']] },
  { name: 'unitPrice in exponent notation', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ unitPrice: '1e3' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'unitPrice']] },
  { name: 'unitPrice with 7 decimals', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ unitPrice: '1.0000001' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'unitPrice']] },
  { name: 'unitPrice with 16 integer digits', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ unitPrice: '1234567890123456' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'unitPrice']] },
  { name: 'negative quantity', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ quantity: '-1' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'quantity']] },
  { name: 'vatRate above 100', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ vatRate: '100.5' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'vatRate']] },
  { name: 'negative vatRate', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ vatRate: '-21' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'vatRate']] },
  { name: 'line startDate 2026-02-30', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ startDate: '2026-02-30' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'startDate']] },
  { name: 'line endDate before line startDate', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ startDate: '2026-03-01', endDate: '2026-02-01' })])] }), status: 400, paths: [['contracts', '0', 'lines', '0', 'endDate']] },
  { name: 'duplicate line references', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({ reference: 'L1' }), line({ reference: 'L1' })])] }), status: 400, paths: [['contracts', '0', 'lines', '1', 'reference']] },
  { name: 'null line', method: 'POST', path: '/contracts/import', body: (f: Fixtures) => ({ contracts: [contract(f.debtorReference, {}, [line({}), null])] }), status: 400, paths: [['contracts', '0', 'lines', '1']] },
  {
    name: 'all-or-nothing: valid debtors and contracts with one bad line at the end write nothing',
    method: 'POST',
    path: '/contracts/import',
    body: (f: Fixtures) => ({
      debtors: [debtor({ reference: 'DEB-NEW-1' }), debtor({ reference: 'DEB-NEW-2', name: 'Second' })],
      contracts: [
        contract('DEB-NEW-1', { reference: 'CTR-NEW-1' }),
        contract(f.debtorReference, { reference: 'CTR-NEW-2' }, [line({}), line({}), line({ vatRate: '21%' })]),
      ],
    }),
    status: 400,
    paths: [['contracts', '1', 'lines', '2', 'vatRate']],
  },
];

/** List query strings (GET) and the unknown entities of the read routes. */
const listCases: Case[] = [
  { name: 'schedules page=0', method: 'GET', path: '/schedules', query: 'page=0', status: 400, paths: [['page']] },
  { name: 'schedules page=-1', method: 'GET', path: '/schedules', query: 'page=-1', status: 400, paths: [['page']] },
  { name: 'schedules page=1.5', method: 'GET', path: '/schedules', query: 'page=1.5', status: 400, paths: [['page']] },
  { name: 'schedules page=abc', method: 'GET', path: '/schedules', query: 'page=abc', status: 400, paths: [['page']] },
  { name: 'schedules page as an object', method: 'GET', path: '/schedules', query: 'page[$gt]=0', status: 400, paths: [['page']] },
  { name: 'schedules pageSize=101', method: 'GET', path: '/schedules', query: 'pageSize=101', status: 400, paths: [['pageSize']] },
  { name: 'schedules pageSize=0', method: 'GET', path: '/schedules', query: 'pageSize=0', status: 400, paths: [['pageSize']] },
  { name: 'schedules search of 201 characters', method: 'GET', path: '/schedules', query: `search=${'s'.repeat(201)}`, status: 400, paths: [['search']] },
  { name: 'schedules search of 5000 characters', method: 'GET', path: '/schedules', query: `search=${'s'.repeat(5000)}`, status: 400, paths: [['search']] },
  { name: 'schedules search as a list', method: 'GET', path: '/schedules', query: 'search[]=a&search[]=b', status: 400, paths: [['search']] },
  { name: 'schedules search as an operator object', method: 'GET', path: '/schedules', query: 'search[$ne]=x', status: 400, paths: [['search']] },
  { name: 'schedules search with a NUL byte', method: 'GET', path: '/schedules', query: 'search=a%00b', status: 400, paths: [['search']] },
  { name: 'amounts search with a NUL byte', method: 'GET', path: (f) => `/runs/${f.amountsRun}/amounts`, query: 'search=%00', status: 400, paths: [['search']] },
  { name: 'schedules sort by an unknown field', method: 'GET', path: '/schedules', query: 'sort=password:asc', status: 400, paths: [['sort']] },
  { name: 'schedules sort __proto__', method: 'GET', path: '/schedules', query: 'sort=__proto__', status: 400, paths: [['sort']] },
  { name: 'schedules sort toString:desc', method: 'GET', path: '/schedules', query: 'sort=toString:desc', status: 400, paths: [['sort']] },
  { name: 'runs pageSize=1e3', method: 'GET', path: '/runs', query: 'pageSize=1e3', status: 400, paths: [['pageSize']] },
  { name: 'runs pageSize=-10', method: 'GET', path: '/runs', query: 'pageSize=-10', status: 400, paths: [['pageSize']] },
  { name: 'runs unknown status', method: 'GET', path: '/runs', query: 'status=paid', status: 400, paths: [['status']] },
  { name: 'runs SQL in status', method: 'GET', path: '/runs', query: `status=${encodeURIComponent(`on_hold${SQL_OR}`)}`, status: 400, paths: [['status']] },
  { name: 'runs status as a list', method: 'GET', path: '/runs', query: 'status[]=on_hold&status[]=approved', status: 400, paths: [['status']] },
  { name: 'runs SQL in sort', method: 'GET', path: '/runs', query: `sort=${encodeURIComponent('reference; DROP TABLE invoicing_runs')}`, status: 400, paths: [['sort']] },
  { name: 'runs sort direction sideways', method: 'GET', path: '/runs', query: 'sort=reference:sideways', status: 400, paths: [['sort']] },
  { name: 'runs sort constructor', method: 'GET', path: '/runs', query: 'sort=constructor:asc', status: 400, paths: [['sort']] },
  { name: 'runs sort __proto__:desc', method: 'GET', path: '/runs', query: 'sort=__proto__:desc', status: 400, paths: [['sort']] },
  { name: 'runs sort as a list', method: 'GET', path: '/runs', query: 'sort[]=reference&sort[]=name', status: 400, paths: [['sort']] },
  { name: 'amounts pageSize=500', method: 'GET', path: (f) => `/runs/${f.amountsRun}/amounts`, query: 'pageSize=500', status: 400, paths: [['pageSize']] },
  { name: 'amounts sort hasOwnProperty', method: 'GET', path: (f) => `/runs/${f.amountsRun}/amounts`, query: 'sort=hasOwnProperty', status: 400, paths: [['sort']] },
  { name: 'amounts sort by an unknown column', method: 'GET', path: (f) => `/runs/${f.amountsRun}/amounts`, query: 'sort=invoice_id:asc', status: 400, paths: [['sort']] },
  { name: 'invoices page=0', method: 'GET', path: (f) => `/runs/${f.invoicedRun}/invoices`, query: 'page=0', status: 400, paths: [['page']] },
  { name: 'invoices sort __proto__', method: 'GET', path: (f) => `/runs/${f.invoicedRun}/invoices`, query: 'sort=__proto__:asc', status: 400, paths: [['sort']] },
  { name: 'invoices status unknown', method: 'GET', path: (f) => `/runs/${f.invoicedRun}/invoices`, query: 'status=delivered', status: 400, paths: [['status']] },
  { name: 'events pageSize=abc', method: 'GET', path: (f) => `/runs/${f.amountsRun}/events`, query: 'pageSize=abc', status: 400, paths: [['pageSize']] },
  { name: 'amounts of an unknown run', method: 'GET', path: `/runs/${UNKNOWN}/amounts`, status: 404 },
  { name: 'amounts export of an unknown run', method: 'GET', path: `/runs/${UNKNOWN}/amounts/export`, status: 404 },
  { name: 'invoices of an unknown run', method: 'GET', path: `/runs/${UNKNOWN}/invoices`, status: 404 },
  { name: 'events of an unknown run', method: 'GET', path: `/runs/${UNKNOWN}/events`, status: 404 },
  { name: 'job of an unknown run', method: 'GET', path: `/runs/${UNKNOWN}/job`, status: 404 },
  { name: 'an unknown run', method: 'GET', path: `/runs/${encodeURIComponent(SQL)}`, status: 404 },
  { name: 'an unknown schedule', method: 'GET', path: '/schedules/__proto__', status: 404 },
  { name: 'an unknown invoice', method: 'GET', path: (f) => `/invoices/${f.invoicedRun}`, status: 404 },
  { name: 'an invoice id with a NUL byte', method: 'GET', path: '/invoices/a%00', status: 404 },
  { name: 'a run id with a NUL byte', method: 'GET', path: '/runs/%00', status: 404 },
  { name: 'a schedule id with a NUL byte', method: 'GET', path: '/schedules/x%00y', status: 404 },
  { name: 'the amounts export of a run id with a NUL byte', method: 'GET', path: '/runs/%00/amounts/export', status: 404 },
];

const credit = (body: unknown, patch: Partial<Case> = {}): Case => ({
  name: '',
  method: 'POST',
  path: (f) => `/invoices/${f.invoice}/credit`,
  body,
  status: 400,
  ...patch,
});
const CONFLICT = { status: 409, errorName: 'ConflictError' } as const;

const creditCases: Case[] = [
  { ...credit({}), name: 'no reason', paths: [['reason']], message: /Reason is required/ },
  { ...credit({ reason: '' }), name: 'an empty reason', paths: [['reason']] },
  { ...credit({ reason: '  \t ' }), name: 'a reason of spaces', paths: [['reason']] },
  { ...credit({ reason: 42 }), name: 'a reason that is a number', paths: [['reason']] },
  { ...credit({ reason: null }), name: 'a null reason', paths: [['reason']] },
  { ...credit({ reason: 'x'.repeat(1001) }), name: 'a reason of 1001 characters', paths: [['reason']] },
  { ...credit({ reason: 'a\u0000b' }), name: 'a reason with a NUL character', paths: [['reason']] },
  { ...credit({ reason: MB }), name: 'a 1 MB reason', paths: [['reason']] },
  { ...credit({ reason: 'x', lines: [] }), name: 'an empty list of lines', paths: [['lines']] },
  { ...credit({ reason: 'x', lines: 'all' }), name: 'lines as text', paths: [['lines']] },
  { ...credit({ reason: 'x', lines: [1] }), name: 'a line as a number', paths: [['lines', '0']] },
  { ...credit({ reason: 'x', lines: [''] }), name: 'an empty line id', paths: [['lines', '0']] },
  { ...credit((f: Fixtures) => ({ reason: 'x', lines: [f.invoiceLine, f.invoiceLine] })), name: 'a line named twice', paths: [['lines', '1']] },
  { ...credit({ reason: 'x', lines: [UNKNOWN] }), name: 'an unknown line', paths: [['lines', '0']], message: /is not a line of invoice/ },
  { ...credit({ reason: 'x', lines: [SQL] }), name: 'a line id of SQL', paths: [['lines', '0']] },
  { ...credit((f: Fixtures) => ({ reason: 'x', lines: [f.invoiceLine, 'a\u0000'] })), name: 'a line id with a NUL character', paths: [['lines', '1']] },
  { ...credit((f: Fixtures) => ({ reason: 'x', lines: [f.otherLine] })), name: 'a line of another invoice', paths: [['lines', '0']], message: /belongs to .*, not to invoice/ },
  { ...credit({ reason: 'x', amount: '10.00' }), name: 'an unknown key', paths: [['amount']] },
  { ...credit(['reason']), name: 'a list instead of an object' },
  { ...credit(null, { raw: rawWith('"__proto__":{"polluted":true}', { reason: 'x' }), ...PROTO }), name: 'a __proto__ key' },
  { ...credit(null, { raw: '{"reason": "x",', ...NOT_JSON }), name: 'invalid JSON' },
  { ...credit((f: Fixtures) => ({ reason: 'again', lines: [f.creditedLine] }), { path: (f) => `/invoices/${f.creditedInvoice}/credit`, ...CONFLICT }), name: 'a line credited already (409)', message: /already credited by credit note/ },
  { ...credit({ reason: 'x' }, { path: (f) => `/invoices/${f.creditNote}/credit`, ...CONFLICT }), name: 'a credit note (409)', message: /is a credit note; a credit note cannot be credited/ },
  { ...credit({ reason: 'x' }, { path: '/invoices/a%00b/credit', status: 404 }), name: 'an invoice id with a NUL byte' },
];

const creditNoteCases: Case[] = [
  { name: 'list status unknown', method: 'GET', path: '/credit-notes', query: 'status=void', status: 400, paths: [['status']] },
  { name: 'list sort __proto__', method: 'GET', path: '/credit-notes', query: 'sort=__proto__:asc', status: 400, paths: [['sort']] },
  { name: 'list sort by an unknown field', method: 'GET', path: '/credit-notes', query: 'sort=reason:asc', status: 400, paths: [['sort']] },
  { name: 'list page=0', method: 'GET', path: '/credit-notes', query: 'page=0', status: 400, paths: [['page']] },
  { name: 'list pageSize=1000', method: 'GET', path: '/credit-notes', query: 'pageSize=1000', status: 400, paths: [['pageSize']] },
  { name: 'list of an unknown run', method: 'GET', path: '/credit-notes', query: `run=${UNKNOWN}`, status: 404 },
  { name: 'list of an unknown invoice', method: 'GET', path: '/credit-notes', query: `invoice=${UNKNOWN}`, status: 404 },
  { name: 'list with a run id of a NUL byte', method: 'GET', path: '/credit-notes', query: 'run=a%00', status: 400, paths: [['run']] },
  { name: 'an unknown credit note', method: 'GET', path: `/credit-notes/${UNKNOWN}`, status: 404 },
  { name: 'an invoice as a credit note', method: 'GET', path: (f) => `/credit-notes/${f.invoice}`, status: 404 },
  { name: 'a credit note as an invoice', method: 'GET', path: (f) => `/invoices/${f.creditNote}`, status: 404 },
  { name: "an invoice's document as a credit note's", method: 'GET', path: (f) => `/credit-notes/${f.invoice}/document`, status: 404 },
  { name: "a credit note's document as an invoice's", method: 'GET', path: (f) => `/invoices/${f.creditNote}/document`, status: 404 },
  { name: 'a credit note sent as an invoice', method: 'POST', path: (f) => `/invoices/${f.creditNote}/send`, status: 404 },
  { name: 'creditNotePrefix equal to the invoice number prefix', method: 'PUT', path: '/settings', body: { creditNotePrefix: 'INV-' }, status: 400, paths: [['creditNotePrefix']] },
  { name: 'invoiceNumberPrefix equal to the credit note prefix', method: 'PUT', path: '/settings', body: { invoiceNumberPrefix: 'CN-' }, status: 400, paths: [['invoiceNumberPrefix']] },
  { name: 'creditNotePrefix with a space', method: 'PUT', path: '/settings', body: { creditNotePrefix: 'C N' }, status: 400, paths: [['creditNotePrefix']] },
  { name: 'creditNotePrefix of 21 characters', method: 'PUT', path: '/settings', body: { creditNotePrefix: 'C'.repeat(21) }, status: 400, paths: [['creditNotePrefix']] },
  { name: 'creditNotePrefix null', method: 'PUT', path: '/settings', body: { creditNotePrefix: null }, status: 400, paths: [['creditNotePrefix']] },
  { name: 'defaultLedgerAccount empty', method: 'PUT', path: '/settings', body: { defaultLedgerAccount: '' }, status: 400, paths: [['defaultLedgerAccount']] },
  { name: 'defaultLedgerAccount starting with =', method: 'PUT', path: '/settings', body: { defaultLedgerAccount: '=SUM(A1)' }, status: 400, paths: [['defaultLedgerAccount']] },
  { name: 'defaultLedgerAccount of 41 characters', method: 'PUT', path: '/settings', body: { defaultLedgerAccount: '8'.repeat(41) }, status: 400, paths: [['defaultLedgerAccount']] },
];

/** GET /exports/journal (DESIGN §18): the period's dates; other parameters are ignored, like the lists'. */
const journalCases: Case[] = [
  { name: 'no period', method: 'GET', path: '/exports/journal', status: 400, paths: [['from'], ['to']], message: /2 errors/ },
  { name: 'from missing', method: 'GET', path: '/exports/journal', query: 'to=2026-01-31', status: 400, paths: [['from']], message: /^From is required\.$/ },
  { name: 'to missing', method: 'GET', path: '/exports/journal', query: 'from=2026-01-01', status: 400, paths: [['to']], message: /^To is required\.$/ },
  { name: 'from not a calendar date', method: 'GET', path: '/exports/journal', query: 'from=2026-02-30&to=2026-03-31', status: 400, paths: [['from']], message: /does not exist/ },
  { name: 'to in another format', method: 'GET', path: '/exports/journal', query: 'from=2026-01-01&to=31-01-2026', status: 400, paths: [['to']], message: /YYYY-MM-DD/ },
  { name: 'from with a time', method: 'GET', path: '/exports/journal', query: 'from=2026-01-01T00:00:00Z&to=2026-01-31', status: 400, paths: [['from']] },
  { name: 'from in year 10000', method: 'GET', path: '/exports/journal', query: 'from=10000-01-01&to=2026-01-31', status: 400, paths: [['from']] },
  { name: 'from as a list', method: 'GET', path: '/exports/journal', query: 'from[]=2026-01-01&from[]=2026-01-02&to=2026-01-31', status: 400, paths: [['from']] },
  { name: 'to as an operator object', method: 'GET', path: '/exports/journal', query: 'from=2026-01-01&to[$gt]=2026-01-01', status: 400, paths: [['to']] },
  { name: 'SQL in from', method: 'GET', path: '/exports/journal', query: `from=${encodeURIComponent(`2026-01-01${SQL_OR}`)}&to=2026-01-31`, status: 400, paths: [['from']] },
  { name: 'from with a NUL byte', method: 'GET', path: '/exports/journal', query: 'from=2026-01-01%00&to=2026-01-31', status: 400, paths: [['from']] },
  { name: 'from after to', method: 'GET', path: '/exports/journal', query: 'from=2026-02-01&to=2026-01-31', status: 400, paths: [['to']], message: /must be on or after from/ },
];

const GROUPS: Array<[group: string, cases: Case[]]> = [
  ['PUT /settings', settingsCases],
  ['POST /schedules', scheduleCreateCases],
  ['PUT /schedules/:id', scheduleUpdateCases],
  ['unknown documentIds on every write route with an :id', unknownIdCases],
  ['POST /runs', runCreateCases],
  ['POST /contracts/import', importCases],
  ['list query parameters and unknown entities (GET)', listCases],
  ['POST /invoices/:id/credit', creditCases],
  ['credit notes: lists, kinds and the prefix', creditNoteCases],
  ['GET /exports/journal', journalCases],
];

const ALL_CASES = GROUPS.flatMap(([, cases]) => cases);

/* ---------------------------------------------------------------------------------------------- */

describe('bad input answers 400/404 and writes nothing (DESIGN §14)', () => {
  let app: TestApp;
  let admin: TestUser;
  let a: Api;
  let f: Fixtures;
  let baseline: PluginSnapshot;

  bootForFile(
    async (booted) => {
      ({ app, admin, a } = booted);

      // Existing data in every table, so "unchanged" means something.
      expectStatus(await a.put('/settings', { invoiceNumberPrefix: 'INV-', activationDaysBefore: 7 }), 200, 'PUT /settings');
      const category = await createCategory(app.strapi, 'Bad input category');
      const deb = await createDebtor(app.strapi, { name: 'Bad input BV', reference: 'DEB-EXISTING' });
      await createContract(app.strapi, { debtor: deb, invoiceCycle: 'monthly', startDate: '2025-01-01', lines: [{ unitPrice: '100.00' }, { unitPrice: '-5.25', quantity: '2' }] });

      const created = await a.post('/schedules', scheduleBody({ numberOfRuns: 3, periodFrom: '2027-01-01' }, { invoiceCategory: category.documentId, invoiceDate: '2027-01-05', dueDate: '2027-01-19' }));
      expectStatus(created, 201, 'POST /schedules');
      const scheduleId = created.body.data.documentId as string;
      expectStatus(await a.post(`/schedules/${scheduleId}/generate-runs`), 201, 'generate-runs');

      const onHoldRun = await runInStatus(app, admin, 'on_hold', monthRun(2026, 6));
      const amountsRun = await runInStatus(app, admin, 'amounts_generated', monthRun(2026, 1));
      const invoicedRun = await runInStatus(app, admin, 'invoices_generated', monthRun(2026, 2));
      const cancelledRun = await runInStatus(app, admin, 'cancelled', monthRun(2026, 3));
      const adHocSchedule = (await a.get(`/runs/${onHoldRun}`)).body.data.schedule.documentId as string;

      /** An invoice of `invoicedRun` as it is, and one of another run with a line credited. */
      const creditFixtures = async (invoiced: string) => {
        const invoiceOf = async (run: string) => (await a.get(`/invoices/${(await a.get(`/runs/${run}/invoices`)).body.results[0].documentId}`)).body.data as Json;
        const invoice = await invoiceOf(invoiced);
        const creditedInvoice = await invoiceOf(await runInStatus(app, admin, 'invoices_generated', monthRun(2026, 4)));
        const made = await a.post(`/invoices/${creditedInvoice.documentId}/credit`, { reason: 'Fixture', lines: [creditedInvoice.lines[0].documentId] });
        expectStatus(made, 201, 'POST /invoices/:id/credit');
        return {
          invoice: invoice.documentId as string,
          invoiceLine: invoice.lines[0].documentId as string,
          creditedInvoice: creditedInvoice.documentId as string,
          creditedLine: creditedInvoice.lines[0].documentId as string,
          otherLine: creditedInvoice.lines[1].documentId as string,
          creditNote: made.body.data.documentId as string,
        };
      };

      f = {
        schedule: scheduleId,
        adHocSchedule,
        onHoldRun,
        amountsRun,
        invoicedRun,
        cancelledRun,
        category: category.documentId,
        debtorReference: 'DEB-EXISTING',
        runNumericId: await runDbId(app.strapi, amountsRun),
        ...(await creditFixtures(invoicedRun)),
      };
      baseline = await pluginSnapshot(app.strapi);
    },
    { env: { INVOICING_WORKER_ENABLED: 'false' } },
  );

  const send = (c: Case): Test => {
    const path = `/invoicing${typeof c.path === 'function' ? c.path(f) : c.path}`;
    const method = c.method === 'DELETE' ? 'delete' : (c.method.toLowerCase() as 'get' | 'post' | 'put');
    let req = app.request[method](path).set('Authorization', admin.auth);
    if (c.query !== undefined) req = req.query(c.query);
    if (c.raw !== undefined) return req.set('Content-Type', c.contentType ?? 'application/json').send(c.raw);
    const body = typeof c.body === 'function' ? (c.body as (f: Fixtures) => unknown)(f) : c.body;
    return body === undefined ? req : req.send(body as object);
  };

  test('the fixtures hold data in every table that matters', () => {
    const rows = (name: string) => baseline[name]?.rows ?? 0;
    expect(rows('invoicing_schedules')).toBeGreaterThanOrEqual(5);
    expect(rows('invoicing_runs')).toBeGreaterThanOrEqual(7);
    expect(rows('invoicing_amounts')).toBeGreaterThanOrEqual(2);
    expect(rows('invoicing_invoices')).toBeGreaterThanOrEqual(1);
    expect(rows('invoicing_invoice_lines')).toBeGreaterThanOrEqual(2);
    expect(rows('invoicing_jobs')).toBeGreaterThanOrEqual(3);
    expect(rows('invoicing_run_events')).toBeGreaterThanOrEqual(10);
    expect(rows('invoicing_sequences')).toBeGreaterThanOrEqual(2);
    expect(rows('invoicing_contract_lines')).toBe(2);
    expect(rows('strapi_core_store_settings[plugin_invoicing_*]')).toBe(1);
    // the link tables of the relations are part of the snapshot
    const linkTables = Object.keys(baseline).filter((t) => t.endsWith('_lnk'));
    expect(linkTables.length).toBeGreaterThanOrEqual(4);
    expect(linkTables.every((t) => baseline[t].rows > 0)).toBe(true);
  });

  test(`the table has at least 100 cases (${ALL_CASES.length})`, () => {
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(GROUPS.flatMap(([group, cases]) => cases.map((c) => `${group} ${c.name}`))).size).toBe(ALL_CASES.length);
  });

  for (const [group, cases] of GROUPS) {
    describe(group, () => {
      test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const res = await send(c);
        const body: Json = res.body;
        const expectedName = c.errorName ?? (c.status === 400 ? 'ValidationError' : c.status === 409 ? 'ConflictError' : 'NotFoundError');
        if (res.status !== c.status || body?.error?.name !== expectedName) {
          throw new Error(`answered ${res.status} ${body?.error?.name} (expected ${c.status} ${expectedName}): ${JSON.stringify(body).slice(0, 2000)}`);
        }

        // Strapi's error shape, with a short, clear message (never the 1 MB input echoed back)
        expect(body).toMatchObject({ data: null, error: { status: c.status, name: expect.any(String), message: expect.any(String) } });
        const { name, message } = body.error as { name: string; message: string };
        expect(message.length).toBeGreaterThan(5);
        expect(message.length).toBeLessThan(1000);
        expect(message).not.toMatch(/internal server error|sqlite|sql syntax|knex|stack|undefined/i);
        expect(JSON.stringify(body).length).toBeLessThan(20000);
        expect(name).toBe(expectedName);
        if (c.status === 400 && !c.errorName) {
          const issues = body.error.details?.errors as Array<{ path: unknown; message: unknown }>;
          expect(Array.isArray(issues) && issues.length > 0).toBe(true);
          for (const issue of issues) {
            expect(Array.isArray(issue.path)).toBe(true);
            expect(typeof issue.message).toBe('string');
            expect((issue.message as string).length).toBeLessThan(1000);
          }
        }
        if (c.paths) expect(errorPaths(body)).toEqual(expect.arrayContaining(c.paths));
        if (c.message) expect(message).toMatch(c.message);

        // nothing written, in any plugin table or the settings
        expect(await pluginSnapshot(app.strapi)).toEqual(baseline);
      });
    });
  }

  test('after the whole table: every plugin table and the settings are unchanged, and no prototype was polluted', async () => {
    expect(await pluginSnapshot(app.strapi)).toEqual(baseline);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    const settings = await a.get('/settings');
    expect(settings.body.data).toMatchObject({ invoiceNumberPrefix: 'INV-', activationDaysBefore: 7, autoApprove: false, autoGenerateInvoices: false });
    expect((await a.get(`/runs/${f.amountsRun}`)).body.data.status).toBe('amounts_generated');
    expect((await a.get(`/schedules/${f.schedule}`)).body.data.runs).toHaveLength(3);
  });

  test('the checksum sees a one-value change in a row and in the settings (the "unchanged" checks can fail)', async () => {
    const knex = app.strapi.db.connection;
    const row = await knex('invoicing_runs').orderBy('id', 'asc').first('id', 'name');
    await knex('invoicing_runs').where({ id: row.id }).update({ name: `${row.name}!` });
    const changed = await pluginSnapshot(app.strapi);
    expect(changed.invoicing_runs.rows).toBe(baseline.invoicing_runs.rows);
    expect(changed.invoicing_runs.sha256).not.toBe(baseline.invoicing_runs.sha256);
    await knex('invoicing_runs').where({ id: row.id }).update({ name: row.name });
    expect(await pluginSnapshot(app.strapi)).toEqual(baseline);

    expect((await a.put('/settings', { autoApprove: true })).status).toBe(200);
    const store = 'strapi_core_store_settings[plugin_invoicing_*]';
    expect((await pluginSnapshot(app.strapi))[store].sha256).not.toBe(baseline[store].sha256);
    expect((await a.put('/settings', { autoApprove: false })).status).toBe(200);
    expect(await pluginSnapshot(app.strapi)).toEqual(baseline);
  });

  test('search text is matched literally: SQL, wildcards and HTML find nothing and change nothing (200)', async () => {
    for (const search of ['%', '_', '%%', '!', '!%', SQL, SQL_OR, SCRIPT, '\\', '[a-z]*']) {
      for (const path of ['/schedules', '/runs', `/runs/${f.amountsRun}/amounts`, `/runs/${f.invoicedRun}/invoices`]) {
        const res = await a.get(path, { search });
        expect([path, search, res.status]).toEqual([path, search, 200]);
        expect([path, search, res.body.pagination.total]).toEqual([path, search, 0]);
      }
    }
    // the control: a real search term does find rows
    expect((await a.get('/runs', { search: 'IVR-' })).body.pagination.total).toBeGreaterThanOrEqual(7);
    expect(await pluginSnapshot(app.strapi)).toEqual(baseline);
  });

  test('free text is stored verbatim: SQL and HTML in a name are data, not code', async () => {
    const name = `${SQL} ${SCRIPT} 100% _done_`;
    const res = await a.post('/schedules', scheduleBody({ name, description: SQL }));
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name, description: SQL });
    expect((await a.get(`/schedules/${res.body.data.documentId}`)).body.data.name).toBe(name);
    expect((await a.get('/schedules', { search: '100% _done_' })).body.results.map((s: { name: string }) => s.name)).toEqual([name]);
    // every table is still there and still holds its rows
    const after = await pluginSnapshot(app.strapi);
    expect(Object.keys(after)).toEqual(Object.keys(baseline));
    expect(after.invoicing_runs).toEqual(baseline.invoicing_runs);
    expect(after.invoicing_schedules.rows).toBe(baseline.invoicing_schedules.rows + 1);
  });
});
