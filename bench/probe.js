'use strict';

/**
 * The bench's observer, run in a worker thread (see bench/run.ts).
 *
 * Strapi, the plugin's worker and the bench's driver share the main thread's event loop. When a job
 * keeps that loop busy, timers there fire late, so a main-thread timer cannot measure how long an HTTP
 * answer takes, nor sample the RSS at the right moments. This thread has its own event loop: it times
 * `GET /invoicing/runs/:id` every `intervalMs` (200 ms) and the runs list every `listIntervalMs` (1 s) as an
 * outside client would see them, polls the job every `jobIntervalMs` (1 s)
 * and notes (in epoch milliseconds) when it is seen finished, and samples the process RSS every ~100 ms.
 *
 * Messages in:  { type: 'start', phase, url, auth, runId, probeGet, intervalMs, listIntervalMs, jobIntervalMs, rssIntervalMs }
 *               { type: 'watch', jobDocumentId }   poll GET /runs/:id/job until that job finished
 *               { type: 'stop' }
 * Messages out: { type: 'job', state, at, job }      the watched job succeeded or failed
 *               { type: 'stopped', rssStart, rssMax, getMs, listMs, errors }
 */
const fs = require('fs');
const http = require('http');
const { parentPort } = require('worker_threads');
const { performance } = require('perf_hooks');

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => {
  try {
    fs.writeSync(2, `[bench probe] ${message}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
};

let phase = null;

/**
 * GET with a fresh connection each time (`agent: false`): a kept-alive socket can be closed by the
 * server's keep-alive timer in the very moment a busy event loop frees up, failing the next request.
 */
function get(url, auth) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { Authorization: auth, Accept: 'application/json' }, timeout: 120000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body = null;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep null
        }
        resolve({ status: res.statusCode, body });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out after 120 s')));
    req.on('error', reject);
  });
}

async function probeGets(p) {
  while (p.running) {
    const t = now();
    try {
      const res = await get(`${p.url}/invoicing/runs/${p.runId}`, p.auth);
      // (an answer that arrives just after the phase ended was still asked during it)
      if (res.status !== 200) p.errors.push(`GET run answered ${res.status}`);
      else p.getMs.push(now() - t);
    } catch (error) {
      p.errors.push(`GET run failed: ${error && error.message}`);
    }
    await sleep(p.intervalMs);
  }
}

/** The runs list (first page, the panel's default), as often as the panel polls it. */
async function probeList(p) {
  while (p.running) {
    const t = now();
    try {
      const res = await get(`${p.url}/invoicing/runs?page=1&pageSize=10`, p.auth);
      if (res.status !== 200) p.errors.push(`GET runs answered ${res.status}`);
      else p.listMs.push(now() - t);
    } catch (error) {
      p.errors.push(`GET runs failed: ${error && error.message}`);
    }
    await sleep(p.listIntervalMs);
  }
}

async function watchJob(p, jobDocumentId) {
  let lastLog = now();
  while (p.running) {
    try {
      const res = await get(`${p.url}/invoicing/runs/${p.runId}/job`, p.auth);
      const job = res.body && res.body.data;
      if (res.status !== 200) {
        p.errors.push(`GET job answered ${res.status}`);
      } else if (job && (!jobDocumentId || !job.documentId || job.documentId === jobDocumentId)) {
        if (job.state === 'succeeded' || job.state === 'failed') {
          parentPort.postMessage({ type: 'job', state: job.state, at: now(), job });
          return;
        }
        if (now() - lastLog >= 2000) {
          lastLog = now();
          const max = p.getMs.length ? Math.max(...p.getMs).toFixed(0) : '-';
          log(`${p.phase}: ${job.state} ${job.processed}/${job.total} (GET run: ${p.getMs.length} answers, slowest ${max} ms)`);
        }
      }
    } catch (error) {
      p.errors.push(`GET job failed: ${error && error.message}`);
    }
    // The job is polled once a second like the panel does: the phase's time is the job's own finishedAt,
    // and every request costs the server's one main thread ~20–40 ms (admin authentication).
    await sleep(p.jobIntervalMs);
  }
}

/**
 * The process's resident set from /proc/self/status, split as the kernel counts it: anonymous memory
 * (the V8 heaps, the allocator, SQLite's page cache), file pages mapped in, shared memory (SQLite's
 * WAL index). Null off Linux.
 */
function rssParts() {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (name) => Number((new RegExp(`${name}:\\s+(\\d+) kB`).exec(status) || [])[1] || 0) * 1024;
    return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
  } catch {
    return null;
  }
}

function sampleRss(p) {
  const parts = rssParts();
  const rss = parts ? parts.rss : process.memoryUsage().rss;
  if (rss >= p.rssMax) {
    p.rssMax = rss;
    p.rssMaxParts = parts;
  }
}

parentPort.on('message', (msg) => {
  if (msg.type === 'start') {
    const rss = process.memoryUsage().rss;
    phase = {
      phase: msg.phase,
      url: msg.url,
      auth: msg.auth,
      runId: msg.runId,
      intervalMs: msg.intervalMs || 50,
      listIntervalMs: msg.listIntervalMs || 1000,
      jobIntervalMs: msg.jobIntervalMs || 1000,
      running: true,
      rssStart: rss,
      rssMax: rss,
      rssMaxParts: null,
      getMs: [],
      listMs: [],
      errors: [],
      tasks: [],
    };
    const p = phase;
    p.timer = setInterval(() => sampleRss(p), msg.rssIntervalMs || 100);
    if (msg.probeGet) p.tasks.push(probeGets(p), probeList(p));
  } else if (msg.type === 'watch') {
    if (phase) phase.tasks.push(watchJob(phase, msg.jobDocumentId));
  } else if (msg.type === 'stop') {
    const p = phase;
    phase = null;
    if (!p) {
      parentPort.postMessage({ type: 'stopped', rssStart: 0, rssMax: 0, getMs: [], listMs: [], errors: ['no phase running'] });
      return;
    }
    p.running = false;
    clearInterval(p.timer);
    sampleRss(p);
    Promise.allSettled(p.tasks).then(() => {
      parentPort.postMessage({ type: 'stopped', rssStart: p.rssStart, rssMax: p.rssMax, rssMaxParts: p.rssMaxParts, getMs: p.getMs, listMs: p.listMs, errors: p.errors });
    });
  }
});
