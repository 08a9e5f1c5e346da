/**
 * Document rendering benchmark (DESIGN §16): how many invoice PDFs per second the renderer produces,
 * alone and streamed into a ZIP, for typical invoices of 1–5 lines with distinct debtors, numbers and
 * amounts (so that no cache sees the same document twice).
 *
 * `measureDocuments()` returns the figures for the main bench to include; run on its own with
 * `node -r ./bench/register.js bench/documents.ts [--documents N]`, it prints them as JSON.
 *
 * Both wall-clock and CPU rates are reported: on a machine shared with other work the wall-clock rate
 * drops with the load, the rate per CPU second much less.
 */
import { performance } from 'perf_hooks';
import { Writable } from 'stream';
import { pipeline } from 'stream/promises';
import { renderInvoicePdf } from '../server/src/documents/pdf';
import { zipStream } from '../server/src/documents/zip';
import type { DocumentLine, InvoiceDocumentData } from '../shared/contracts/documents';
import { computeAmount, formatMinor } from '../shared/money';
import { sampleDocument, totalsOf } from '../tests/helpers/documents';

export interface DocumentBenchOptions {
  /** documents per measurement (default 1000) */
  documents?: number;
  /** documents rendered first and not measured (fonts, caches, JIT; default 50) */
  warmup?: number;
}

export interface DocumentBenchResult {
  documents: number;
  linesPerDocument: string;
  render: { seconds: number; documentsPerSecond: number; documentsPerCpuSecond: number; averageBytes: number };
  zip: { seconds: number; documentsPerSecond: number; bytes: number };
  rssGrowthMb: number;
}

const FIRST = ['Łukasz', 'Zoë', 'Ödön', 'Anna', 'Jürgen', 'Renée', 'Søren', 'Marek', 'Inès', 'Pieter', 'Ålesund', 'Ğül'];
const LAST = ['Żółć', 'Müller-Groß', 'Kovács', 'de Vries', 'Jansen', 'Łęcki', 'Dubois', "O'Brien", 'Nuñez', 'Østergaard'];
const ITEMS = [
  { description: 'Huur kantoorruimte', vatRate: '21' },
  { description: 'Servicekosten', vatRate: '21' },
  { description: 'Parkeerplaats', vatRate: '9' },
  { description: 'Borg', vatRate: '0' },
  { description: 'Schoonmaak gemeenschappelijke ruimten', vatRate: '21' },
];

/** Document i of a run: the tests' seller, 1–5 lines, its own debtor, number and amounts, alternating nl and en. */
export function benchDocument(i: number): InvoiceDocumentData {
  const currency = 'EUR';
  const lineCount = 1 + (i % 5);
  const lines: DocumentLine[] = Array.from({ length: lineCount }, (_, j) => {
    const item = ITEMS[(i + j) % ITEMS.length];
    const unitPrice = formatMinor(1000 + ((i * 7919 + j * 104729) % 250000), currency);
    const quantity = j % 2 ? '2.5' : '1';
    const amount = computeAmount({ unitPrice, quantity, coveredDays: 31, periodDays: 31, currency, vatRate: item.vatRate });
    return {
      description: `${item.description} ${i}-${j}`,
      periodStart: '2027-12-01',
      periodEnd: '2027-12-31',
      quantity,
      unitPrice,
      vatRate: item.vatRate,
      net: formatMinor(amount.net, currency),
      vat: formatMinor(amount.vat, currency),
      gross: formatMinor(amount.gross, currency),
    };
  });
  const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 3) % LAST.length]}`;
  return sampleDocument({
    language: i % 2 ? 'en' : 'nl',
    number: `INV-2027-${String(i + 1).padStart(6, '0')}`,
    name: `Huur december 2027 - ${name}`,
    debtor: {
      name,
      reference: `DEB-${String(i).padStart(5, '0')}`,
      street: `Dorpsstraat ${1 + (i % 300)}`,
      postalCode: `${1000 + (i % 8999)} AB`,
      city: i % 3 ? 'Utrecht' : 'Berlin',
      countryCode: i % 3 ? 'NL' : 'DE',
      vatNumber: i % 4 ? null : `NL${String(100000000 + i)}B01`,
    },
    lines,
    totals: totalsOf(lines, currency),
  });
}

export async function measureDocuments(options: DocumentBenchOptions = {}): Promise<DocumentBenchResult> {
  const count = options.documents ?? 1000;
  const warmup = options.warmup ?? 50;
  for (let i = 0; i < warmup; i += 1) await renderInvoicePdf(benchDocument(count + i));
  const inputs = Array.from({ length: count }, (_, i) => benchDocument(i));
  const rss = process.memoryUsage().rss;

  const cpu = process.cpuUsage();
  let start = performance.now();
  let bytes = 0;
  for (const input of inputs) bytes += (await renderInvoicePdf(input)).length;
  const renderSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;

  start = performance.now();
  let zipBytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      zipBytes += chunk.length;
      callback();
    },
  });
  await pipeline(
    zipStream(
      inputs.map((input) => ({ name: `${input.number}.pdf`, data: () => renderInvoicePdf(input) })),
      { date: new Date('2027-12-31T00:00:00Z') },
    ),
    sink,
  );
  const zipSeconds = (performance.now() - start) / 1000;

  const round = (n: number, digits = 1) => Number(n.toFixed(digits));
  return {
    documents: count,
    linesPerDocument: '1-5',
    render: {
      seconds: round(renderSeconds, 2),
      documentsPerSecond: round(count / renderSeconds),
      documentsPerCpuSecond: round(count / cpuSeconds),
      averageBytes: Math.round(bytes / count),
    },
    zip: { seconds: round(zipSeconds, 2), documentsPerSecond: round(count / zipSeconds), bytes: zipBytes },
    rssGrowthMb: round((process.memoryUsage().rss - rss) / 1024 / 1024),
  };
}

if (require.main === module) {
  const at = process.argv.indexOf('--documents');
  const documents = at > 0 ? Number(process.argv[at + 1]) : undefined;
  measureDocuments({ documents }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
