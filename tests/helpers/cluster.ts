/**
 * Multi-process tests: real Strapi instances, each a separate OS process (`node tests/cluster/instance.js`,
 * spawned with an IPC channel) with its own HTTP port on 127.0.0.1, all on one PostgreSQL database.
 *
 * The parent talks to an instance over HTTP (the admin API, with an admin JWT) and hears from it over
 * IPC: `ready` (port, pid, the worker's lease owner id) and `tick` (what its ticker did). An instance
 * exits when the parent goes away, and `Cluster.stopAll()` (afterAll) ends every instance it started:
 * SIGTERM, then SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { ServerDatabase } from './databases';
import { BASE_ENV } from './strapi';
import type { TickResult } from '../../server/src/services/ticker';

export const INSTANCE_SCRIPT = path.resolve(__dirname, '..', 'cluster', 'instance.js');

/** The test boot's environment (tests/helpers/strapi.ts), with the worker on and quicker polling. */
export const CLUSTER_BASE_ENV: Record<string, string> = {
  ...BASE_ENV,
  INVOICING_WORKER_ENABLED: 'true',
  INVOICING_WORKER_POLL_MS: '200',
  STRAPI_LOG_LEVEL: 'warn',
};

/** Parsed JSON of an HTTP answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface HttpAnswer {
  status: number;
  body: Json;
}

export interface Instance {
  name: string;
  pid: number;
  port: number;
  url: string;
  /** The lease owner id of this instance's worker (`host:pid:random`, as stored in `invoicing_jobs.lease_owner`). */
  owner: string;
  /** Non-empty tick results reported by this instance's ticker, in order. */
  ticks: Array<TickResult & { at: number }>;
  tickErrors: string[];
  logFile: string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** The last part of the instance's output (for failure messages). */
  tail(chars?: number): string;
  /** `/invoicing/…` and `/admin/…` requests to this instance. */
  http: Http;
}

export interface Http {
  request(method: string, path: string, body?: unknown, token?: string): Promise<HttpAnswer>;
  /** `/invoicing${path}` with the cluster's admin token. */
  get(path: string, query?: Record<string, string | number>): Promise<HttpAnswer>;
  post(path: string, body?: unknown): Promise<HttpAnswer>;
  put(path: string, body?: unknown): Promise<HttpAnswer>;
}

export interface StartOptions {
  /** Extra environment (plugin config variables). */
  env?: Record<string, string>;
  /** Boot deadline (default 180 s: the machine is shared). */
  timeoutMs?: number;
}

/** Throws (with the answer) unless the request answered `status`. */
export function expectStatus(res: HttpAnswer, status: number, what: string): Json {
  if (res.status !== status) throw new Error(`${what} answered ${res.status} (expected ${status}): ${JSON.stringify(res.body).slice(0, 2000)}`);
  return res.body;
}

/** Polls `probe` until it answers something truthy; fails with `what` (and the last value) at the deadline. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60000);
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value) return value;
    last = value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

const TAIL_KEEP = 64 * 1024;

/** Every child process started by this test process, killed at exit as a last resort. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/**
 * The Strapi processes of one test on one database, and the admin token they share (a JWT signed with
 * the common ADMIN_JWT_SECRET is valid on every instance).
 */
export class Cluster {
  readonly instances: Instance[] = [];
  token = '';
  /**
   * The instances' full output, one file each; removed by `stopAll()` unless INVOICING_KEEP_CLUSTER_LOGS
   * is set (failure messages quote the last part of it anyway).
   */
  private logDir: string | null = null;

  constructor(
    readonly db: ServerDatabase,
    readonly env: Record<string, string> = {},
  ) {}

  /** Starts one instance and waits until it listens. */
  async start(name: string, options: StartOptions = {}): Promise<Instance> {
    this.logDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'invoicing-cluster-'));
    const logFile = path.join(this.logDir, `${this.db.name}-${name}.log`);
    const log = fs.createWriteStream(logFile);
    log.on('error', () => undefined); // the log is a convenience; never fail a test over it
    const child = spawn(process.execPath, [INSTANCE_SCRIPT], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, ...CLUSTER_BASE_ENV, ...this.db.env, ...this.env, ...options.env, CLUSTER_PORT: '0', CLUSTER_NAME: name },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    children.add(child);
    let output = '';
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      output = (output + chunk.toString('utf8')).slice(-TAIL_KEEP);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    // 'close' comes after the last output (which may arrive after 'exit').
    child.once('close', () => log.end());
    let exitedWith: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('exit', (code, signal) => {
        exitedWith = { code, signal };
        children.delete(child);
        resolve(exitedWith);
      });
    });

    const ticks: Instance['ticks'] = [];
    const tickErrors: string[] = [];
    const ready = new Promise<{ pid: number; port: number; owner: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance ${name} did not start within ${options.timeoutMs ?? 180000} ms`)), options.timeoutMs ?? 180000);
      child.on('message', (message: Json) => {
        if (message?.type === 'ready') {
          clearTimeout(timer);
          resolve(message);
        } else if (message?.type === 'tick') {
          ticks.push({ ...message.result, at: message.at });
        } else if (message?.type === 'tick-error') {
          tickErrors.push(String(message.message));
        } else if (message?.type === 'boot-error') {
          clearTimeout(timer);
          reject(new Error(`instance ${name} failed to boot: ${message.message}`));
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`instance ${name} exited during boot (code ${code}, signal ${signal})`));
      });
    });

    const tail = (chars = 4000) => output.slice(-chars);
    let info: { pid: number; port: number; owner: string };
    try {
      info = await ready;
    } catch (error) {
      if (!exitedWith) {
        child.kill('SIGKILL');
        await exited;
      }
      throw new Error(`${(error as Error).message}\n--- output of ${name} ---\n${tail()}`);
    }

    const url = `http://127.0.0.1:${info.port}`;
    const request = (method: string, p: string, body?: unknown, token?: string): Promise<HttpAnswer> =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        // Plain http without keep-alive: no socket outlives the test.
        const req = http.request(
          url + p,
          {
            method,
            agent: false,
            headers: {
              accept: 'application/json',
              connection: 'close',
              ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: Json = text;
              try {
                parsed = text ? JSON.parse(text) : null;
              } catch {
                // not JSON (CSV or an HTML error page): keep the text
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const qs = (query: Record<string, string | number> = {}) => {
      const s = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
      return s ? `?${s}` : '';
    };
    const instance: Instance = {
      name,
      pid: info.pid,
      port: info.port,
      url,
      owner: info.owner,
      ticks,
      tickErrors,
      logFile,
      alive: () => exitedWith === null,
      exited,
      async kill(signal: NodeJS.Signals = 'SIGKILL') {
        if (exitedWith) return;
        child.kill(signal);
        await exited;
      },
      tail,
      http: {
        request,
        get: (p, query) => request('GET', `/invoicing${p}${qs(query)}`, undefined, this.token),
        post: (p, body) => request('POST', `/invoicing${p}`, body ?? {}, this.token),
        put: (p, body) => request('PUT', `/invoicing${p}`, body ?? {}, this.token),
      },
    };
    this.instances.push(instance);
    return instance;
  }

  /**
   * Registers the first super admin through `instance` (POST /admin/register-admin) and keeps its JWT
   * as the cluster's token; logs in when an admin exists already.
   */
  async registerAdmin(instance: Instance, email = 'cluster-admin@invoicing.test', password = 'Cluster-test-1'): Promise<string> {
    let res = await instance.http.request('POST', '/admin/register-admin', { email, password, firstname: 'Cluster', lastname: 'Admin' });
    if (res.status !== 200 && res.status !== 201) res = await instance.http.request('POST', '/admin/login', { email, password });
    expectStatus(res, 200, 'register-admin / login');
    this.token = res.body.data.token as string;
    return this.token;
  }

  /** The instance whose worker owns `owner` (a lease owner id). */
  byOwner(owner: string | null | undefined): Instance | undefined {
    return this.instances.find((i) => i.owner === owner);
  }

  /** Ends every instance still running: SIGTERM (Strapi's destroy), SIGKILL after `graceMs`. */
  async stopAll(graceMs = 8000): Promise<void> {
    await Promise.all(
      this.instances
        .filter((instance) => instance.alive())
        .map(async (instance) => {
          let timer: NodeJS.Timeout | undefined;
          const stopped = instance.kill('SIGTERM').then(() => true);
          const graceful = await Promise.race([stopped, new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
          clearTimeout(timer);
          if (!graceful && instance.alive()) await instance.kill('SIGKILL');
        }),
    );
    if (this.logDir && !process.env.INVOICING_KEEP_CLUSTER_LOGS) {
      fs.rmSync(this.logDir, { recursive: true, force: true });
      this.logDir = null;
    }
  }

  /** Output tails of every instance (for failure messages). */
  tails(chars = 3000): string {
    return this.instances.map((i) => `--- ${i.name} (pid ${i.pid}, ${i.alive() ? 'alive' : 'exited'}) ---\n${i.tail(chars)}`).join('\n');
  }
}

/** What is used of `pg` (the project has no @types/pg; the specifier is a variable so tsc does not look for them). */
export interface PgClient {
  on(event: 'error', listener: (error: Error) => void): void;
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}
const PG: string = 'pg';

/** A pg client on the cluster's database (for assertions; the caller ends it). */
export async function pgClient(db: ServerDatabase): Promise<PgClient> {
  const { Client } = (await import(PG)) as { Client: new (config: Record<string, unknown>) => PgClient };
  const client = new Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.name });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** One SQL query's rows. */
export async function rows<T = Record<string, Json>>(client: PgClient, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}
