/**
 * The install test's host app: the packed plugin installed with npm or pnpm into a plain Strapi 5 app
 * (tests/install/host-template, as create-strapi-app makes one), built for production with
 * `strapi build` and started with `strapi start` on 127.0.0.1.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { freePort } from '../helpers/ports';

export const ROOT = path.resolve(__dirname, '..', '..');
const TEMPLATE = path.join(__dirname, 'host-template');

export type PackageManager = 'npm' | 'pnpm';

export interface Tarball {
  file: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: string[];
}

/** Seconds since `start`, to one decimal. */
export const seconds = (start: number) => Math.round((Date.now() - start) / 100) / 10;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}: ${e.message}\n${(e.stdout ?? '').slice(-4000)}\n${(e.stderr ?? '').slice(-4000)}`);
  }
}

/**
 * `npm pack` of the repository, as `npm publish` would pack it. `npm test` has just run
 * `npm run build` (the Plugin SDK's `strapi-plugin build`), so the lifecycle scripts are skipped here
 * and the SDK's `verify` is run on its own; without a build, one is made first.
 */
export function packPlugin(destination: string): Tarball & { verify: string } {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'server', 'index.js')) || !fs.existsSync(path.join(ROOT, 'dist', 'admin', 'index.mjs'))) {
    run('npm', ['run', 'build'], ROOT);
  }
  const verified = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'strapi-plugin'), ['verify'], { cwd: ROOT, encoding: 'utf8' });
  const verify = `${verified.stdout}${verified.stderr}`.replace(/\u001b\[[0-9;]*m/g, '').trim() || `exit ${verified.status}`;
  if (verified.status !== 0) throw new Error(`strapi-plugin verify failed:\n${verify}`);
  const json = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], ROOT);
  const [info] = JSON.parse(json.slice(json.indexOf('['))) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: Array<{ path: string }>;
  }>;
  return {
    file: path.join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    entryCount: info.entryCount,
    files: info.files.map((f) => f.path),
    verify,
  };
}

/** node-gyp builds better-sqlite3 against the machine's Node headers (npm's `nodedir`, when set). */
function nodedirEnv(): NodeJS.ProcessEnv {
  try {
    const dir = execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).trim();
    return dir && dir !== 'undefined' && dir !== 'null' ? { npm_config_nodedir: dir } : {};
  } catch {
    return {};
  }
}

/** A copy of the host template in a temp directory with the tarball installed by `manager`. */
export function installHost(manager: PackageManager, tarball: string): { dir: string; seconds: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `invoicing-host-${manager}-`));
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  const pkgFile = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies['strapi-plugin-invoicing'] = `file:${tarball}`;
  fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  const start = Date.now();
  if (manager === 'npm') {
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  } else {
    // pnpm runs no dependency's build script unless the project allows it (pnpm 11+: allowBuilds).
    fs.writeFileSync(
      path.join(dir, 'pnpm-workspace.yaml'),
      ["allowBuilds:", "  '@swc/core': true", '  better-sqlite3: true', '  core-js-pure: false', '  esbuild: true', ''].join('\n'),
    );
    run(path.join(ROOT, 'node_modules', '.bin', 'pnpm'), ['install', '--prefer-offline'], dir, nodedirEnv());
  }
  return { dir, seconds: seconds(start) };
}

export const HOST_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  APP_KEYS: 'installKeyOne,installKeyTwo',
  ADMIN_JWT_SECRET: 'install-admin-jwt-secret',
  API_TOKEN_SALT: 'install-api-token-salt',
  TRANSFER_TOKEN_SALT: 'install-transfer-salt',
  ENCRYPTION_KEY: 'install-encryption-key',
  JWT_SECRET: 'install-jwt-secret',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  BROWSER: 'none',
};

/** `strapi build` of the host (the admin panel with the plugin from node_modules); its seconds. */
export function buildHost(dir: string): number {
  const start = Date.now();
  run(path.join(dir, 'node_modules', '.bin', 'strapi'), ['build'], dir, HOST_ENV);
  return seconds(start);
}


export interface RunningHost {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

/** `strapi start` of the built host on a free loopback port; resolves once /_health answers. */
export async function startHost(dir: string, timeoutMs = 180_000): Promise<RunningHost> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(path.join(dir, 'node_modules', '.bin', 'strapi'), ['start'], {
    cwd: dir,
    env: { ...process.env, ...HOST_ENV, PORT: String(port), DATABASE_FILENAME: '.tmp/install-test.db' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const stop = async () => {
    if (exited !== null || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && exited === null && process.kill(-child.pid, 'SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`strapi start exited with ${exited}:\n${output.slice(-6000)}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`strapi start did not answer /_health within ${timeoutMs} ms:\n${output.slice(-6000)}`);
    }
    const ok = await fetch(`${url}/_health`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, stop, log: () => output };
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A JSON request to the host; answers status and parsed body. */
export async function call(url: string, method: string, route: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
