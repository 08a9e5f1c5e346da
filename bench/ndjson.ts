/**
 * The NDJSON import bench: `npm run bench:ndjson` (`-- --lines 1000000 --db sqlite|postgres|mysql
 * --file <existing.ndjson> --chunk-size N --keep --http`).
 *
 * Writes an NDJSON file of N lines (default 1,000,000: every fifth line a debtor, the others contracts
 * of that debtor with one or two lines each; every 1,000th contract names a debtor that comes later in
 * the file), then runs the operator's CLI (`npm run import`'s command) on a fresh database of the
 * playground in a child process, samples that process's resident set size from /proc every 100 ms,
 * and checks the counts it prints against what was generated. The last stdout line is one JSON object.
 *
 * `--http` instead boots the playground in this process and streams the file to
 * `POST /invoicing/contracts/import` as a super admin; the peak RSS of this process during the
 * import is the kernel's high-water mark (VmHWM, reset after the boot through /proc/self/clear_refs).
 * Run it with the node flags the server would have (e.g. `node --max-old-space-size=256 -r
 * ./bench/register.js bench/ndjson.ts --http`).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import v8 from 'v8';
import { spawn } from 'child_process';
import { once } from 'events';
import http from 'http';
import { BASE_ENV, bootStrapi, createSuperAdmin, createTestDatabase, type TestDatabase } from '../tests/helpers/strapi';
import type { TestDialect } from '../tests/helpers/databases';

interface Options {
  lines: number;
  db: TestDialect;
  file: string | null;
  chunkSize: number | null;
  keep: boolean;
  http: boolean;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { lines: 1_000_000, db: 'sqlite', file: null, chunkSize: null, keep: false, http: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') options.lines = Number(argv[++i]);
    else if (a === '--db') options.db = argv[++i] as TestDialect;
    else if (a === '--file') options.file = argv[++i];
    else if (a === '--chunk-size') options.chunkSize = Number(argv[++i]);
    else if (a === '--keep') options.keep = true;
    else if (a === '--http') options.http = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(options.lines) || options.lines < 5) throw new Error('--lines must be an integer ≥ 5');
  if (!['sqlite', 'postgres', 'mysql'].includes(options.db)) throw new Error('--db must be sqlite, postgres or mysql');
  return options;
}

const log = (message: string) => process.stderr.write(`[bench ndjson] ${message}\n`);

export interface Generated {
  lines: number;
  debtors: number;
  contracts: number;
  contractLines: number;
  bytes: number;
}

/** Writes the file (with the stream's backpressure) and answers what it holds. */
export async function generateNdjson(file: string, lines: number): Promise<Generated> {
  const out = fs.createWriteStream(file, { highWaterMark: 1024 * 1024 });
  const counts: Generated = { lines, debtors: 0, contracts: 0, contractLines: 0, bytes: 0 };
  const lastBlock = Math.floor((lines - 1) / 5);
  let buffer = '';
  for (let k = 0; k < lines; k++) {
    const block = Math.floor(k / 5);
    let text: string;
    if (k % 5 === 0) {
      counts.debtors += 1;
      text = JSON.stringify({
        debtor: { reference: `BD-${block}`, name: `Bench debtor ${block}`, email: `debtor${block}@example.com`, city: 'Utrecht', countryCode: 'NL' },
      });
    } else {
      counts.contracts += 1;
      const forward = k % 1000 === 1 && block + 3 <= lastBlock; // a debtor further down the file
      const contractLines = [{ reference: 'RENT', description: 'Rent', unitPrice: `${500 + (k % 500)}.00`, quantity: '1', vatRate: '21' }];
      if (k % 2 === 0) contractLines.push({ reference: 'SERVICE', description: 'Service costs', unitPrice: '42.50', quantity: '1', vatRate: '21' });
      counts.contractLines += contractLines.length;
      text = JSON.stringify({
        contract: {
          reference: `BC-${k}`,
          name: `Bench contract ${k}`,
          debtorReference: `BD-${forward ? block + 3 : block}`,
          invoiceCycle: 'monthly',
          startDate: '2026-01-01',
          lines: contractLines,
        },
      });
    }
    buffer += `${text}\n`;
    if (buffer.length > 512 * 1024) {
      counts.bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  counts.bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return counts;
}

/** VmRSS of a process in MB (Linux), null once it is gone. */
function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** This process's peak RSS in MB since the last reset (Linux VmHWM). */
function peakSelfMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** POSTs the file as NDJSON through a booted playground in this process. */
async function overHttp(file: string, database: TestDatabase, chunkSize: number | null) {
  const app = await bootStrapi({ database, env: { STRAPI_LOG_LEVEL: 'warn', ...(chunkSize ? { INVOICING_IMPORT_CHUNK_SIZE: String(chunkSize) } : {}) } });
  try {
    const admin = await createSuperAdmin(app);
    const afterBoot = rssMb(process.pid) ?? 0;
    fs.writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS
    // What the peak is made of: the V8 heap (garbage included) and the kernel's split of the RSS,
    // sampled on this thread every 100 ms (a busy event loop samples less often).
    let heapPeak = 0;
    let partsAtPeak: Record<string, number> = {};
    let rssAtPeak = 0;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, v8.getHeapStatistics().total_heap_size);
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
      if (kb('VmRSS') >= rssAtPeak) {
        rssAtPeak = kb('VmRSS');
        partsAtPeak = { anon: Math.round(kb('RssAnon')), file: Math.round(kb('RssFile')), shmem: Math.round(kb('RssShmem')) };
      }
    }, 100);
    const started = Date.now();
    const url = new URL('/invoicing/contracts/import', app.url);
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', headers: { Authorization: admin.auth, 'Content-Type': 'application/x-ndjson' }, timeout: 3_600_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (t: string) => (body += t));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: body }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      fs.createReadStream(file, { highWaterMark: 256 * 1024 }).on('error', reject).pipe(req);
    });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    if (status !== 200) throw new Error(`POST answered ${status}: ${text.slice(0, 2000)}`);
    return { answer: JSON.parse(text) as Answer, seconds, afterBoot, peak: peakSelfMb(), heapPeakMb: Math.round(heapPeak / 1024 / 1024), partsAtPeak };
  } finally {
    await app.stop({ keepDatabase: true });
  }
}

interface Answer {
  data: { debtors: { created: number }; contracts: { created: number }; lines: { created: number } };
  meta: { lines: number };
}

function checkCounts(generated: Generated | null, answer: Answer) {
  if (!generated) return;
  const expected = { debtors: generated.debtors, contracts: generated.contracts, lines: generated.contractLines };
  const got = { debtors: answer.data.debtors.created, contracts: answer.data.contracts.created, lines: answer.data.lines.created };
  if (JSON.stringify(expected) !== JSON.stringify(got)) throw new Error(`counts differ: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const repo = path.resolve(__dirname, '..');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invoicing-ndjson-'));
  const file = options.file ?? path.join(dir, `contracts-${options.lines}.ndjson`);
  let generated: Generated | null = null;
  if (!options.file) {
    const t0 = Date.now();
    generated = await generateNdjson(file, options.lines);
    log(`generated ${file}: ${generated.lines} lines, ${(generated.bytes / 1024 / 1024).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const database = await createTestDatabase(options.db);
  try {
    if (options.http) {
      const { answer, seconds, afterBoot, peak, heapPeakMb, partsAtPeak } = await overHttp(file, database, options.chunkSize);
      checkCounts(generated, answer);
      const result = {
        mode: 'http',
        database: options.db,
        file: { lines: answer.meta.lines, mb: Math.round(fs.statSync(file).size / 1024 / 1024) },
        imported: answer.data,
        seconds: { import: seconds },
        linesPerSecond: Math.round(answer.meta.lines / seconds),
        rssMb: { afterBoot: Math.round(afterBoot), peakDuringImport: Math.round(peak), sampledPeakParts: partsAtPeak },
        heapPeakMb,
        nodeFlags: process.execArgv.filter((a) => a.startsWith('--max')),
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    // The node flags of `npm run import` (its heap limit), so this measures what operators run.
    const script = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.import;
    const nodeFlags = /^node\s+(.*?)\s*scripts\/import\.js$/.exec(script)?.[1].split(/\s+/).filter(Boolean) ?? [];
    const args = [...nodeFlags, path.join(repo, 'scripts', 'import.js'), file, ...(options.chunkSize ? ['--chunk-size', String(options.chunkSize)] : [])];
    const started = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: repo,
      env: { ...process.env, ...BASE_ENV, ...database.env, STRAPI_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let importStartedAt: number | null = null;
    let bootRss = 0;
    let importRssMax = 0;
    let rssMax = 0;
    const samples: Array<[seconds: number, mb: number]> = [];
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      process.stderr.write(text);
      if (importStartedAt === null && text.includes('[import] ') && text.includes(' into ')) {
        importStartedAt = Date.now();
        bootRss = rssMb(child.pid!) ?? 0;
      }
    });
    const sampler = setInterval(() => {
      const mb = rssMb(child.pid!);
      if (mb === null) return;
      rssMax = Math.max(rssMax, mb);
      if (importStartedAt !== null) importRssMax = Math.max(importRssMax, mb);
      if (samples.length === 0 || Date.now() - started - samples[samples.length - 1][0] * 1000 >= 5000) {
        samples.push([Math.round((Date.now() - started) / 100) / 10, Math.round(mb)]);
      }
    }, 100);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearInterval(sampler);
    const ended = Date.now();
    if (code !== 0) throw new Error(`the import exited with ${code}`);
    const answer = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Answer;
    checkCounts(generated, answer);
    const importSeconds = importStartedAt === null ? null : (ended - importStartedAt) / 1000;
    const result = {
      mode: 'cli',
      database: options.db,
      file: { lines: answer.meta.lines, mb: Math.round(fs.statSync(file).size / 1024 / 1024) },
      imported: answer.data,
      seconds: { total: (ended - started) / 1000, import: importSeconds },
      linesPerSecond: importSeconds ? Math.round(answer.meta.lines / importSeconds) : null,
      rssMb: { afterBoot: Math.round(bootRss), peakDuringImport: Math.round(importRssMax), peakProcess: Math.round(rssMax) },
      nodeFlags,
      rssSamples: samples,
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    if (!options.keep) {
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    } else {
      log(`kept ${file} and the ${options.db} database ${database.location}`);
    }
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
