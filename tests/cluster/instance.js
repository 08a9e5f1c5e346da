'use strict';

/**
 * One Strapi instance of a multi-process test (tests/helpers/cluster.ts starts it with
 * child_process.spawn and an IPC channel): boots the playground with the compiled plugin (`dist/`) on
 * the database its DATABASE_* environment names, serves the admin API on 127.0.0.1 (port
 * CLUSTER_PORT, 0 = any free port) and reports over IPC:
 *
 *   { type: 'ready', pid, port, owner }   once it listens (`owner`: its worker's lease owner id)
 *   { type: 'tick', result }              after every tick of the plugin's ticker that did something
 *   { type: 'tick-error', message }       when a tick threw
 *   { type: 'boot-error', message }       when the boot failed (the process then exits with 1)
 *
 * It exits when the parent goes away (IPC disconnect), so a killed test run leaves no orphans, and on
 * SIGTERM it stops Strapi (the plugin's destroy stops the ticker and hands a running job back).
 */
const path = require('path');

const APP_DIR = path.resolve(__dirname, '..', '..', 'playground');

const send = (message) => {
  if (process.connected) process.send(message);
};

let strapi = null;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    if (strapi) await strapi.destroy();
  } catch {
    // exiting anyway
  }
  process.exit(code);
}

process.on('disconnect', () => {
  // The test process is gone: do not outlive it.
  process.exit(1);
});
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: APP_DIR, distDir: APP_DIR, autoReload: false, serveAdminPanel: false });
  strapi = await app.load();

  // Report what this instance's ticker did. The cron task calls the service object's `tick`, so
  // wrapping the property here sees every tick of this process.
  const ticker = strapi.plugin('invoicing').service('ticker');
  const tick = ticker.tick;
  ticker.tick = async function wrappedTick(...args) {
    try {
      const result = await tick.apply(this, args);
      if (result.activated || result.amountJobsStarted || result.approved || result.invoiceJobsStarted) {
        send({ type: 'tick', at: Date.now(), result });
      }
      return result;
    } catch (error) {
      send({ type: 'tick-error', at: Date.now(), message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };

  strapi.server.mount();
  const httpServer = strapi.server.httpServer;
  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(Number(process.env.CLUSTER_PORT || 0), '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address();
  send({ type: 'ready', pid: process.pid, port, owner: strapi.plugin('invoicing').service('worker').owner });
}

main().catch((error) => {
  send({ type: 'boot-error', message: error instanceof Error ? error.stack : String(error) });
  stop(1);
});
