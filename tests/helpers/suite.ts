/**
 * The usual frame of an integration test file: one booted Strapi for the whole file with a super admin
 * and an API client as that admin, stopped after the file.
 */
import { bootStrapi, createSuperAdmin, type BootOptions, type TestApp, type TestUser } from './strapi';
import { api, type Api } from './runs';
import { removeArchivedDocuments } from './documents';

export interface Booted {
  app: TestApp;
  admin: TestUser;
  /** `/invoicing/…` requests as `admin`. */
  a: Api;
}

/**
 * Registers `beforeAll` (boot, super admin, then `ready` with them: the file keeps what it needs and
 * adds its own set-up) and `afterAll` (remove the archived PDFs, stop) in the calling file or `describe` block.
 */
export function bootForFile(ready: (booted: Booted) => unknown, options: BootOptions = {}): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await bootStrapi(options);
    const admin = await createSuperAdmin(app);
    await ready({ app, admin, a: api(app, admin) });
  });
  afterAll(async () => {
    // archived PDFs live in the playground's shared uploads folder, which outlives the test database
    if (app) await removeArchivedDocuments(app).catch(() => undefined);
    await app?.stop();
  });
}
