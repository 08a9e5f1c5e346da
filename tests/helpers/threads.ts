import fs from 'fs';
import os from 'os';
import path from 'path';

const root = path.resolve(__dirname, '../..');

/**
 * Thread entries for unit tests of the plugin's `worker_threads` pools, in a temporary directory:
 * `entry` runs a thread entry's TypeScript source through bench/register.js (the built entries in
 * dist/ are what the integration tests use); `crashing` is a thread that dies at its first message.
 * Call `remove` after the tests.
 */
export function threadEntries(name: string, source: string): { entry: string; crashing: string; dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `invoicing-${name}-`));
  const entry = path.join(dir, `${name}.js`);
  fs.writeFileSync(entry, `require(${JSON.stringify(path.join(root, 'bench/register.js'))});\nrequire(${JSON.stringify(path.join(root, source))});\n`);
  const crashing = path.join(dir, 'crashing-worker.js');
  fs.writeFileSync(crashing, `require('worker_threads').parentPort.on('message', () => process.exit(3));\n`);
  return { entry, crashing, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
