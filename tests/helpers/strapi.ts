/**
 * Boots the real playground Strapi in-process for integration tests: a fresh SQLite file per test
 * file (or per call), the HTTP server on loopback only, and helpers for admin users, roles and JWTs.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import supertest from 'supertest';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';

export const APP_DIR = path.resolve(__dirname, '..', '..', 'playground');

export interface TestApp {
  strapi: Core.Strapi;
  /** supertest bound to the running server (http://127.0.0.1:<port>). */
  request: supertest.Agent;
  url: string;
  dbFile: string;
  stop: (options?: { keepDatabase?: boolean }) => Promise<void>;
}

export interface BootOptions {
  /** Reuse a database file (to test a restart); a fresh temp file otherwise. */
  dbFile?: string;
  /** Extra environment for this boot (e.g. INVOICING_DEMO_DATA=true). */
  env?: Record<string, string>;
}

const BASE_ENV: Record<string, string> = {
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

export const tempDbFile = () =>
  path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'invoicing-test-')), 'data.db');

export async function bootStrapi(options: BootOptions = {}): Promise<TestApp> {
  const dbFile = options.dbFile ?? tempDbFile();
  Object.assign(process.env, BASE_ENV, {
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: dbFile,
    ...options.env,
  });

  const { createStrapi } = await import('@strapi/strapi');
  const instance = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: false });
  let strapi: Core.Strapi;
  try {
    strapi = await instance.load();
  } catch (error) {
    // A boot that fails half-way (e.g. in a bootstrap) must not leave its database and timers open.
    await instance.destroy().catch(() => undefined);
    throw error;
  }
  strapi.server.mount();
  const httpServer = strapi.server.httpServer;
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    strapi,
    request: supertest.agent(url),
    url,
    dbFile,
    async stop({ keepDatabase = false } = {}) {
      await strapi.destroy();
      if (!keepDatabase) fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
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
