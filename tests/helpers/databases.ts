/**
 * Scratch databases for tests on PostgreSQL and MySQL/MariaDB: every test boot creates its own database
 * (named `inv_<pid>_<host>_<counter>_<random>`) and drops it afterwards, so runs never see each other's
 * data and the servers are left as they were found.
 *
 * The servers are the ones of the project's machines: PostgreSQL at 127.0.0.1:5432 (user `postgres`,
 * trust auth) and MariaDB at 127.0.0.1:3306 (`root`, empty password); `INVOICING_TEST_PG_*` and
 * `INVOICING_TEST_MYSQL_*` override `HOST`, `PORT`, `USER` and `PASSWORD`. A server that cannot be
 * reached fails the test with a message naming it: CI guarantees both, so nothing is ever skipped.
 *
 * Every database created here is also listed on the test file's global (`__invoicingTestDatabases`):
 * the integration test environment (tests/setup/environment.ts) drops whatever a test file left
 * behind, and tests/setup/reap-databases.ts drops the databases of test processes that died.
 */
import crypto from 'crypto';
import os from 'os';

export type TestDialect = 'sqlite' | 'postgres' | 'mysql';
export type ServerDialect = Exclude<TestDialect, 'sqlite'>;

export const TEST_DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres', 'mysql'];

/** The database the integration tests of this process run on (`INVOICING_TEST_DB`, default sqlite). */
export function testDialect(): TestDialect {
  const value = (process.env.INVOICING_TEST_DB || 'sqlite').toLowerCase();
  if (value === 'postgres' || value === 'postgresql' || value === 'pg') return 'postgres';
  if (value === 'mysql' || value === 'mariadb') return 'mysql';
  if (value === 'sqlite') return 'sqlite';
  throw new Error(`INVOICING_TEST_DB must be sqlite, postgres or mysql, not "${value}"`);
}

export interface ServerSettings {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface ServerDatabase extends ServerSettings {
  dialect: ServerDialect;
  name: string;
  /** The DATABASE_* variables that point the playground (config/database.js) at this database. */
  env: Record<string, string>;
  /** Drops the database (closing what is still connected to it); once, later calls do nothing. */
  drop: () => Promise<void>;
}

const LABEL: Record<ServerDialect, string> = { postgres: 'PostgreSQL', mysql: 'MySQL/MariaDB' };

/** Host, port, user and password of the test server of a dialect (defaults, or INVOICING_TEST_PG_* / _MYSQL_*). */
export function serverSettings(dialect: ServerDialect): ServerSettings {
  const prefix = dialect === 'postgres' ? 'INVOICING_TEST_PG_' : 'INVOICING_TEST_MYSQL_';
  const e = (key: string, fallback: string) => process.env[prefix + key] || fallback;
  return dialect === 'postgres'
    ? { host: e('HOST', '127.0.0.1'), port: Number(e('PORT', '5432')), user: e('USER', 'postgres'), password: process.env[`${prefix}PASSWORD`] ?? '' }
    : { host: e('HOST', '127.0.0.1'), port: Number(e('PORT', '3306')), user: e('USER', 'root'), password: process.env[`${prefix}PASSWORD`] ?? '' };
}

/** Names start with this: `inv_<pid>_<host>_`, so a reaper can tell which process made a database. */
export const HOST_TAG = crypto.createHash('sha1').update(os.hostname()).digest('hex').slice(0, 6);
export const DATABASE_NAME = /^inv_(\d+)_([0-9a-f]{6})_\d+_[0-9a-f]{6}$/;

const CONNECT_TIMEOUT_MS = 10_000;

/** What is used of `pg` (the project has no @types/pg; the specifier is a variable so tsc does not look for them). */
interface PgModule {
  Client: new (config: Record<string, unknown>) => {
    on(event: 'error', listener: (error: Error) => void): void;
    connect(): Promise<void>;
    query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
    end(): Promise<void>;
  };
}
const PG: string = 'pg';

/**
 * Runs administrative statements on the server (not inside a scratch database) and answers the rows
 * of the last one. A server that cannot be reached throws an error that names it and how to fix it.
 */
export async function adminQuery(dialect: ServerDialect, statements: string[]): Promise<Array<Record<string, unknown>>> {
  const s = serverSettings(dialect);
  const unreachable = (error: unknown) => {
    const code = String((error as { code?: unknown })?.code ?? '');
    // Node's own errors come from outside Jest's sandbox: not `instanceof` the sandbox's Error.
    const message = String((error as { message?: unknown })?.message ?? error);
    const reason = /^[A-Z_]+$/.test(code) && !message.includes(code) ? `${code}: ${message}` : message;
    return new Error(
      `${LABEL[dialect]} is not reachable at ${s.host}:${s.port} as ${s.user} (${reason}). ` +
        `The ${dialect} integration tests need it running: CI guarantees it, locally start it or point ` +
        `${dialect === 'postgres' ? 'INVOICING_TEST_PG_*' : 'INVOICING_TEST_MYSQL_*'} (HOST, PORT, USER, PASSWORD) at one.`,
    );
  };
  let rows: Array<Record<string, unknown>> = [];
  if (dialect === 'postgres') {
    const { Client } = (await import(PG)) as PgModule;
    const client = new Client({ ...s, database: 'postgres', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw unreachable(error);
    }
    try {
      for (const sql of statements) rows = (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  } else {
    const mysql = await import('mysql2/promise');
    let connection: Awaited<ReturnType<typeof mysql.createConnection>>;
    try {
      connection = await mysql.createConnection({ ...s, connectTimeout: CONNECT_TIMEOUT_MS });
    } catch (error) {
      throw unreachable(error);
    }
    try {
      for (const sql of statements) {
        const [result] = await connection.query(sql);
        rows = Array.isArray(result) ? (result as Array<Record<string, unknown>>) : [];
      }
    } finally {
      await connection.end();
    }
  }
  return rows;
}

const dropStatement = (dialect: ServerDialect, name: string) =>
  dialect === 'postgres' ? `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)` : `DROP DATABASE IF EXISTS \`${name}\``;

/** Drops a database by name (any connections to it are closed first on PostgreSQL). */
export async function dropServerDatabase(dialect: ServerDialect, name: string): Promise<void> {
  if (!DATABASE_NAME.test(name)) throw new Error(`refusing to drop "${name}": not a test database name`);
  await adminQuery(dialect, [dropStatement(dialect, name)]);
}

/** The test databases (`inv_…`) on the server of a dialect. */
export async function listServerDatabases(dialect: ServerDialect): Promise<string[]> {
  const rows = await adminQuery(dialect, [
    dialect === 'postgres' ? `SELECT datname AS name FROM pg_database WHERE datname LIKE 'inv\\_%'` : `SHOW DATABASES LIKE 'inv\\_%'`,
  ]);
  return rows.map((row) => String(Object.values(row)[0])).filter((name) => DATABASE_NAME.test(name));
}

/** What the test environment needs to drop a database a test file left behind (plain data). */
export interface RegisteredDatabase {
  dialect: ServerDialect;
  name: string;
  dropped: boolean;
}

/** The databases created by this test file, on its global (the test environment reads it). */
export function registeredDatabases(): RegisteredDatabase[] {
  const g = globalThis as { __invoicingTestDatabases?: RegisteredDatabase[] };
  return (g.__invoicingTestDatabases ??= []);
}

let counter = 0;

/** Creates a fresh, empty database on the PostgreSQL or MySQL/MariaDB server. */
export async function createServerDatabase(dialect: ServerDialect): Promise<ServerDatabase> {
  counter += 1;
  const name = `inv_${process.pid}_${HOST_TAG}_${counter}_${crypto.randomBytes(3).toString('hex')}`;
  await adminQuery(dialect, [
    dialect === 'postgres' ? `CREATE DATABASE "${name}"` : `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  ]);
  const entry: RegisteredDatabase = { dialect, name, dropped: false };
  registeredDatabases().push(entry);
  const s = serverSettings(dialect);
  let dropping: Promise<void> | null = null;
  return {
    dialect,
    name,
    ...s,
    env: {
      DATABASE_CLIENT: dialect,
      DATABASE_URL: '',
      DATABASE_HOST: s.host,
      DATABASE_PORT: String(s.port),
      DATABASE_NAME: name,
      DATABASE_USERNAME: s.user,
      DATABASE_PASSWORD: s.password,
      DATABASE_SSL: 'false',
      DATABASE_POOL_MIN: '0',
      DATABASE_POOL_MAX: '10',
    },
    drop() {
      dropping ??= dropServerDatabase(dialect, name).then(
        () => {
          entry.dropped = true;
        },
        (error: unknown) => {
          dropping = null;
          throw error;
        },
      );
      return dropping;
    },
  };
}
