/**
 * The browser tests run against the built admin panel (`strapi build` of the playground, as CI's
 * "admin bundle" step makes it). When the build is missing or older than the plugin's admin sources,
 * it is rebuilt here first, so `npm test` on a fresh clone works too.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_BUILD_INDEX = path.join(ROOT, 'playground', 'build', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

export function ensureAdminBuild(): void {
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'admin', 'src')),
    newestMtime(path.join(ROOT, 'shared')),
    newestMtime(path.join(ROOT, 'playground', 'src', 'admin'))
  );
  const built = fs.existsSync(ADMIN_BUILD_INDEX) ? fs.statSync(ADMIN_BUILD_INDEX).mtimeMs : 0;
  if (built >= sources) return;
  execFileSync('npm', ['run', 'build:admin'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  if (!fs.existsSync(ADMIN_BUILD_INDEX)) throw new Error(`strapi build did not write ${ADMIN_BUILD_INDEX}`);
}
