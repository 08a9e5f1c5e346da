/**
 * The admin HTTP API as the browser tests' admin uses it to set a scene before the panel is driven:
 * a call that throws unless it answers the expected status, waiting for a run's job, and a run brought
 * up to its invoices (activate, amounts, approve, invoices).
 */
import type { TestApp } from '../helpers/strapi';

export interface E2eApi {
  call(method: 'get' | 'post', path: string, status: number, body?: object): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  waitForJob(runId: string): Promise<void>;
  /** Creates the ad hoc run `body` and brings it to `invoices_generated`; answers its documentId. */
  invoicedRun(body: Record<string, unknown>): Promise<string>;
}

/** `auth` is read at each call (the token arrives after the boot). */
export function e2eApi(app: () => TestApp, auth: () => string): E2eApi {
  const api: E2eApi = {
    async call(method, path, status, body) {
      const res = await app().request[method](`/invoicing${path}`).set('Authorization', auth()).send(body);
      if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
      return res.body;
    },
    async waitForJob(runId) {
      for (let i = 0; i < 600; i += 1) {
        const { data: job } = await api.call('get', `/runs/${runId}/job`, 200);
        if (job?.state === 'succeeded') return;
        if (job?.state === 'failed') throw new Error(`job failed: ${job.error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('job did not finish');
    },
    async invoicedRun(body) {
      const { data: run } = await api.call('post', '/runs', 201, body);
      const id = run.documentId as string;
      await api.call('post', `/runs/${id}/activate`, 200);
      await api.call('post', `/runs/${id}/amounts/generate`, 202);
      await api.waitForJob(id);
      await api.call('post', `/runs/${id}/approve`, 200);
      await api.call('post', `/runs/${id}/invoices/generate`, 202);
      await api.waitForJob(id);
      return id;
    },
  };
  return api;
}
