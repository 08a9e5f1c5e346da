/**
 * Boots the real playground Strapi in-process for integration tests, on the database of
 * `testDialect()` (INVOICING_TEST_DB): a fresh SQLite file, or a fresh scratch database on the
 * PostgreSQL or MySQL/MariaDB test server, per boot; the HTTP server on loopback only; and helpers for
 * admin users, roles and JWTs.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import supertest from 'supertest';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { createServerDatabase, testDialect, type TestDialect } from './databases';

export const APP_DIR = path.resolve(__dirname, '..', '..', 'playground');

/**
 * The database a test app runs on. Pass it to `bootStrapi({ database })` to boot again on the same data
 * (a restart after `stop({ keepDatabase: true })`) or to run a second instance on it. It is dropped
 * when the last app running on it stops without `keepDatabase` (and, in any case, at the end of the
 * test file by the test environment).
 */
export interface TestDatabase {
  dialect: TestDialect;
  /** SQLite: the database file; PostgreSQL and MySQL: the scratch database's name. */
  location: string;
  /** The DATABASE_* variables that point the playground's config/database.js at it. */
  env: Record<string, string>;
  /** Removes the file or drops the database; once, later calls do nothing. */
  drop: () => Promise<void>;
}

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the running server (http://127.0.0.1:<port>). */
  request: supertest.Agent;
  url: string;
  database: TestDatabase;
  /** @deprecated `database.location`: the SQLite file, or the server database's name. */
  dbFile: string;
  /**
   * Stops Strapi and, unless `keepDatabase` or another app still runs on it, drops its database.
   * Calling it again only drops what the first call kept.
   */
  stop: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

export interface BootOptions {
  /** Boot on this database (a restart, or a second instance); a fresh one of `testDialect()` otherwise. */
  database?: TestDatabase;
  /** @deprecated use `database`. A SQLite file, or the `dbFile` of an earlier app whose database was kept. */
  dbFile?: string;
  /** Extra environment for this boot (e.g. INVOICING_DEMO_DATA=true). */
  env?: Record<string, string>;
  /** Serve the built admin panel (playground/build) at /admin, for the browser tests. */
  serveAdminPanel?: boolean;
}

/** Secrets and quiet logs for a test boot (in-process here, and for the cluster's child processes). */
export const BASE_ENV: Record<string, string> = {
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  JWT_SECRET: 'invoicing-test-jwt-secret',
  ADMIN_JWT_SECRET: 'invoicing-test-admin-jwt-secret',
  APP_KEYS: 'testKeyOne,testKeyTwo',
  API_TOKEN_SALT: 'invoicing-test-api-token-salt',
  TRANSFER_TOKEN_SALT: 'invoicing-test-transfer-salt',
  ENCRYPTION_KEY: 'invoicing-test-encryption-key',
  INVOICING_DEMO_DATA: 'false',
  // Tests drive the ticker themselves; the worker runs as on every instance.
  INVOICING_TICKER_ENABLED: 'false',
  INVOICING_WORKER_POLL_MS: '100',
  STRAPI_LOG_LEVEL: 'error',
  NODE_ENV: 'test',
  BROWSER: 'none',
};

/** Temp directories made by `tempDbFile` (removed with their database). */
const tempDirs = new Set<string>();

export const tempDbFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invoicing-test-'));
  tempDirs.add(dir);
  return path.join(dir, 'data.db');
};

/** Databases not dropped yet, by location (for the deprecated `dbFile` option). */
const live = new Map<string, TestDatabase>();
/** How many started apps run on each database. */
const running = new Map<TestDatabase, number>();

function sqliteDatabase(file: string): TestDatabase {
  let dropped = false;
  const database: TestDatabase = {
    dialect: 'sqlite',
    location: file,
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    async drop() {
      if (dropped) return;
      dropped = true;
      live.delete(file);
      const dir = path.dirname(file);
      if (tempDirs.delete(dir)) fs.rmSync(dir, { recursive: true, force: true });
      else for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    },
  };
  live.set(file, database);
  return database;
}

/** A fresh, empty database of the dialect (default `testDialect()`), dropped by the last app's `stop()`. */
export async function createTestDatabase(dialect: TestDialect = testDialect()): Promise<TestDatabase> {
  if (dialect === 'sqlite') return sqliteDatabase(tempDbFile());
  const server = await createServerDatabase(dialect);
  const database: TestDatabase = {
    dialect,
    location: server.name,
    env: server.env,
    async drop() {
      live.delete(server.name);
      await server.drop();
    },
  };
  live.set(server.name, database);
  return database;
}

async function resolveDatabase(options: BootOptions): Promise<TestDatabase> {
  if (options.database) return options.database;
  if (options.dbFile) return live.get(options.dbFile) ?? sqliteDatabase(options.dbFile);
  return createTestDatabase();
}

export async function bootStrapi(options: BootOptions = {}): Promise<TestApp> {
  const database = await resolveDatabase(options);
  running.set(database, (running.get(database) ?? 0) + 1);
  let stopped = false;
  /** One app less on the database; drops it when that was the last one and it is not kept. */
  const release = async (keepDatabase: boolean) => {
    if (!stopped) {
      stopped = true;
      running.set(database, (running.get(database) ?? 1) - 1);
    }
    if (!keepDatabase && !running.get(database)) {
      running.delete(database);
      await database.drop();
    }
  };

  Object.assign(process.env, BASE_ENV, database.env, options.env);
  const { createStrapi } = await import('@strapi/strapi');
  const instance = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: options.serveAdminPanel ?? false });
  let strapi: Core.Strapi;
  let url: string;
  try {
    strapi = await instance.load();
    strapi.server.mount();
    const httpServer = strapi.server.httpServer;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
  } catch (error) {
    // A boot that fails half-way (e.g. in a bootstrap) must not leave its database and timers open.
    await instance.destroy().catch(() => undefined);
    await release(false).catch(() => undefined);
    throw error;
  }

  return {
    strapi,
    request: supertest.agent(url),
    url,
    database,
    dbFile: database.location,
    async stop({ keepDatabase = false } = {}) {
      try {
        if (!stopped) await strapi.destroy();
      } finally {
        await release(keepDatabase);
      }
    },
  };
}

export const PASSWORD = 'Test-password-1';

let userCounter = 0;

/** Creates an admin role holding exactly the given plugin actions. */
export async function createRole(strapi: Core.Strapi, name: string, actions: string[]): Promise<{ id: number }> {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name, description: `test role ${name}` });
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  return role;
}

export interface TestUser {
  id: number;
  email: string;
  token: string;
  /** Authorization header value. */
  auth: string;
}

/** Creates an active admin user with the given roles and logs them in through POST /admin/login. */
export async function createUser(app: TestApp, roleIds: number[], label = 'user'): Promise<TestUser> {
  userCounter += 1;
  const email = `${label}-${userCounter}-${Date.now()}@invoicing.test`;
  const user = await app.strapi.service('admin::user').create({
    email,
    firstname: label,
    lastname: 'Tester',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: roleIds,
  });
  const token = await login(app, email, PASSWORD);
  return { id: user.id, email, token, auth: `Bearer ${token}` };
}

export async function login(app: TestApp, email: string, password: string): Promise<string> {
  const res = await app.request.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
}

export async function createSuperAdmin(app: TestApp): Promise<TestUser> {
  const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
  return createUser(app, [superAdmin.id], 'super');
}
