import { adminApi } from '@strapi/strapi/admin';

import type { EntityResponse, ListResponse } from '../../../shared/contracts/common';
import type { CreditInvoice, CreditNote } from '../../../shared/contracts/credit-notes';
import type {
  AmountsMeta,
  Amount,
  CreateAdHocRun,
  Invoice,
  Job,
  ListInvoiceCategories,
  Run,
  RunEvent,
} from '../../../shared/contracts/runs';
import type { Schedule } from '../../../shared/contracts/schedules';
import type { GetSettings, UpdateSettings } from '../../../shared/contracts/settings';
import type { Settings } from '../../../shared/validation';
import type { RunStatus } from '../../../shared/lifecycle';
import type { JobType } from '../../../shared/jobs';
import type { DocumentDisposition, DocumentKind } from '../../../shared/contracts/documents';
import type { InvoiceStatus } from '../../../shared/sending';
import type { ScheduleInputBody } from '../../../shared/validation';
import { PLUGIN_ID } from '../pluginId';

/**
 * The panel's typed client for the admin HTTP API (DESIGN section 11), as RTK Query endpoints on
 * Strapi's `adminApi`, the way Strapi's own plugins (content-releases) do it: cached, de-duplicated,
 * invalidated by tags after every write, and polled where a page shows a running job.
 *
 * Request and response types come from `shared/contracts`, the same ones the server's controllers
 * satisfy.
 */

export interface ListParams {
  page?: number;
  pageSize?: number;
  search?: string;
  sort?: string;
}

export interface RunListParams extends ListParams {
  status?: RunStatus;
}

/** The POST that starts each type of job. */
const JOB_PATHS: Readonly<Record<JobType, string>> = {
  amounts: 'amounts/generate',
  invoices: 'invoices/generate',
  documents: 'documents/prepare',
  send: 'invoices/send',
};

export interface RunScopedParams extends ListParams {
  id: string;
  /**
   * The run's `runVersion`: part of the cache key only, never sent. A list under a run is fetched
   * again when the run changes (a write, a job that finished), and once per change.
   */
  version?: string;
  /** The invoice list's status filter. */
  status?: InvoiceStatus;
}

/** GET /credit-notes: the list's filters (`run` and `invoice` are documentIds). */
export interface CreditNoteListParams extends ListParams {
  status?: InvoiceStatus;
  run?: string;
  invoice?: string;
  /** With `run`: the run's `runVersion`, part of the cache key only (a send job changes their statuses). */
  version?: string;
}

/** Drops empty values so the query string only carries what the user set. */
const params = (value: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''));

const base = `/${PLUGIN_ID}`;

/** The fields of a Media Library file the panel shows. */
export interface MediaFile {
  id: number;
  name: string;
  url: string;
  mime: string;
  formats?: { thumbnail?: { url: string } } | null;
}

/** The cache tag of one run (its page and its row in the lists) and of one schedule. */
const runTag = (id: string) => ({ type: 'InvoicingRun', id }) as const;
const scheduleTag = (id: string) => ({ type: 'InvoicingSchedule', id }) as const;

/** The tags of the two lists: invalidated by every write that adds, changes or removes an entry. */
const RUN_LIST = { type: 'InvoicingRun', id: 'LIST' } as const;
/** One invoice (its detail), refetched after it was sent. */
const invoiceTag = (id: string) => ({ type: 'InvoicingRun', id: `invoice:${id}` }) as const;
const SCHEDULE_LIST = { type: 'InvoicingSchedule', id: 'LIST' } as const;
/** A run's invoice list (all its pages and versions), refetched after one of its invoices was credited. */
const runInvoicesTag = (id: string) => ({ type: 'InvoicingRun', id: `invoices:${id}` }) as const;
/** One credit note (its detail), and every list of credit notes (the page, a run's, an invoice's). */
const creditNoteTag = (id: string) => ({ type: 'InvoicingCreditNote', id }) as const;
const CREDIT_NOTE_LIST = { type: 'InvoicingCreditNote', id: 'LIST' } as const;

/**
 * A paginated list under one run (`/runs/:id/<path>`), cached per run version (`version`) instead
 * of under the run's tag: every write to a run changes the run itself, so a tag as well would fetch
 * each list twice after a write.
 */
const runScopedList = (path: 'events' | 'amounts' | 'invoices') => ({
  query: ({ id, version: _version, ...query }: RunScopedParams) => ({
    url: `${base}/runs/${id}/${path}`,
    method: 'GET' as const,
    config: { params: params(query) },
  }),
});

const invoicingApi = adminApi
  .enhanceEndpoints({
    addTagTypes: ['InvoicingRun', 'InvoicingSchedule', 'InvoicingCategory', 'InvoicingSettings', 'InvoicingCreditNote'],
  })
  .injectEndpoints({
    endpoints: (build) => ({
      /* ------------------------------------------------------------------ runs */
      getRuns: build.query<ListResponse<Run>, RunListParams | void>({
        query: (query) => ({ url: `${base}/runs`, method: 'GET', config: { params: params(query ?? {}) } }),
        providesTags: (result) => [RUN_LIST, ...(result?.results ?? []).map((run) => runTag(run.documentId))],
      }),
      getRun: build.query<Run, string>({
        query: (id) => ({ url: `${base}/runs/${id}`, method: 'GET' }),
        transformResponse: (response: EntityResponse<Run>) => response.data,
        providesTags: (_result, _error, id) => [runTag(id)],
      }),
      createAdHocRun: build.mutation<Run, CreateAdHocRun.Request['body']>({
        query: (body) => ({ url: `${base}/runs`, method: 'POST', data: body }),
        transformResponse: (response: EntityResponse<Run>) => response.data,
        invalidatesTags: [RUN_LIST, SCHEDULE_LIST],
      }),
      transitionRun: build.mutation<Run, { id: string; action: 'activate' | 'approve' | 'cancel' }>({
        query: ({ id, action }) => ({ url: `${base}/runs/${id}/${action}`, method: 'POST' }),
        transformResponse: (response: EntityResponse<Run>) => response.data,
        invalidatesTags: (_result, _error, { id }) => [runTag(id), RUN_LIST, SCHEDULE_LIST],
      }),
      getRunEvents: build.query<ListResponse<RunEvent>, RunScopedParams>(runScopedList('events')),

      /* ------------------------------------------------------------------ jobs */
      startJob: build.mutation<Job, { id: string; type: JobType }>({
        query: ({ id, type }) => ({ url: `${base}/runs/${id}/${JOB_PATHS[type]}`, method: 'POST' }),
        transformResponse: (response: EntityResponse<Job>) => response.data,
        invalidatesTags: (_result, _error, { id }) => [runTag(id), RUN_LIST],
      }),
      deleteAmounts: build.mutation<unknown, string>({
        query: (id) => ({ url: `${base}/runs/${id}/amounts`, method: 'DELETE' }),
        invalidatesTags: (_result, _error, id) => [runTag(id), RUN_LIST],
      }),

      /* --------------------------------------------------------- amounts, invoices */
      getAmounts: build.query<ListResponse<Amount, AmountsMeta>, RunScopedParams>(runScopedList('amounts')),
      getInvoices: build.query<ListResponse<Invoice>, RunScopedParams>({
        ...runScopedList('invoices'),
        // Crediting changes an invoice's status but not the run's version: that write invalidates this.
        providesTags: (_result, _error, { id }) => [runInvoicesTag(id)],
      }),
      getInvoice: build.query<Invoice, string>({
        query: (id) => ({ url: `${base}/invoices/${id}`, method: 'GET' }),
        transformResponse: (response: EntityResponse<Invoice>) => response.data,
        providesTags: (_result, _error, id) => [invoiceTag(id)],
      }),
      /** Sends (or resends) one invoice; answers it after the attempt. */
      sendInvoice: build.mutation<Invoice, { id: string; runId: string }>({
        query: ({ id }) => ({ url: `${base}/invoices/${id}/send`, method: 'POST' }),
        transformResponse: (response: EntityResponse<Invoice>) => response.data,
        invalidatesTags: (_result, _error, { id, runId }) => [invoiceTag(id), runTag(runId), RUN_LIST],
      }),

      /* ----------------------------------------------------------- credit notes */
      /**
       * Credits lines of an invoice (all not yet credited when `lines` is left out); answers the new
       * credit note. The invoice, the run (its totals and invoice list) and every credit note list change.
       */
      creditInvoice: build.mutation<CreditNote, { id: string; runId: string; body: CreditInvoice.Request['body'] }>({
        query: ({ id, body }) => ({ url: `${base}/invoices/${id}/credit`, method: 'POST', data: body }),
        transformResponse: (response: EntityResponse<CreditNote>) => response.data,
        invalidatesTags: (_result, _error, { id, runId }) => [
          invoiceTag(id),
          runInvoicesTag(runId),
          runTag(runId),
          RUN_LIST,
          CREDIT_NOTE_LIST,
        ],
      }),
      getCreditNotes: build.query<ListResponse<CreditNote>, CreditNoteListParams | void>({
        query: ({ version: _version, ...query } = {}) => ({ url: `${base}/credit-notes`, method: 'GET', config: { params: params(query) } }),
        providesTags: (result) => [CREDIT_NOTE_LIST, ...(result?.results ?? []).map((note) => creditNoteTag(note.documentId))],
      }),
      getCreditNote: build.query<CreditNote, string>({
        query: (id) => ({ url: `${base}/credit-notes/${id}`, method: 'GET' }),
        transformResponse: (response: EntityResponse<CreditNote>) => response.data,
        providesTags: (_result, _error, id) => [creditNoteTag(id)],
      }),
      /** Sends (or resends) one credit note; answers it after the attempt. */
      sendCreditNote: build.mutation<CreditNote, { id: string; runId: string; invoiceId?: string }>({
        query: ({ id }) => ({ url: `${base}/credit-notes/${id}/send`, method: 'POST' }),
        transformResponse: (response: EntityResponse<CreditNote>) => response.data,
        invalidatesTags: (_result, _error, { id, runId, invoiceId }) => [
          creditNoteTag(id),
          CREDIT_NOTE_LIST,
          runTag(runId),
          ...(invoiceId ? [invoiceTag(invoiceId)] : []),
        ],
      }),

      /* -------------------------------------------------------------- schedules */
      getSchedules: build.query<ListResponse<Schedule>, ListParams | void>({
        query: (query) => ({ url: `${base}/schedules`, method: 'GET', config: { params: params(query ?? {}) } }),
        providesTags: (result) => [SCHEDULE_LIST, ...(result?.results ?? []).map((schedule) => scheduleTag(schedule.documentId))],
      }),
      getSchedule: build.query<Schedule, string>({
        query: (id) => ({ url: `${base}/schedules/${id}`, method: 'GET' }),
        transformResponse: (response: EntityResponse<Schedule>) => response.data,
        providesTags: (_result, _error, id) => [scheduleTag(id)],
      }),
      createSchedule: build.mutation<Schedule, ScheduleInputBody>({
        query: (body) => ({ url: `${base}/schedules`, method: 'POST', data: body }),
        transformResponse: (response: EntityResponse<Schedule>) => response.data,
        invalidatesTags: [SCHEDULE_LIST],
      }),
      updateSchedule: build.mutation<Schedule, { id: string; body: ScheduleInputBody }>({
        query: ({ id, body }) => ({ url: `${base}/schedules/${id}`, method: 'PUT', data: body }),
        transformResponse: (response: EntityResponse<Schedule>) => response.data,
        invalidatesTags: (_result, _error, { id }) => [scheduleTag(id), SCHEDULE_LIST, RUN_LIST],
      }),
      deleteSchedule: build.mutation<unknown, string>({
        query: (id) => ({ url: `${base}/schedules/${id}`, method: 'DELETE' }),
        invalidatesTags: [SCHEDULE_LIST, RUN_LIST],
      }),
      generateRuns: build.mutation<{ schedule: Schedule; created: number }, string>({
        query: (id) => ({ url: `${base}/schedules/${id}/generate-runs`, method: 'POST' }),
        transformResponse: (response: EntityResponse<Schedule> & { meta: { created: number } }) => ({
          schedule: response.data,
          created: response.meta.created,
        }),
        invalidatesTags: (_result, _error, id) => [scheduleTag(id), SCHEDULE_LIST, RUN_LIST],
      }),

      /* --------------------------------------------------------------- settings */
      // Named after the plugin: endpoint names share one namespace on Strapi's adminApi, where the
      // i18n plugin already has a `getSettings`.
      getInvoicingSettings: build.query<Settings, void>({
        query: () => ({ url: `${base}/settings`, method: 'GET' }),
        transformResponse: (response: GetSettings.Response) => response.data,
        providesTags: ['InvoicingSettings'],
      }),
      updateInvoicingSettings: build.mutation<Settings, UpdateSettings.Request['body']>({
        query: (body) => ({ url: `${base}/settings`, method: 'PUT', data: body }),
        transformResponse: (response: GetSettings.Response) => response.data,
        invalidatesTags: ['InvoicingSettings'],
      }),
      /** A Media Library file (the upload plugin's admin API), to show the seller's logo. */
      getInvoicingMediaFile: build.query<MediaFile, number>({
        query: (id) => ({ url: `/upload/files/${id}`, method: 'GET' }),
      }),

      /* ------------------------------------------------------------- categories */
      getInvoiceCategories: build.query<ListInvoiceCategories.Response['results'], void>({
        query: () => ({ url: `${base}/invoice-categories`, method: 'GET' }),
        transformResponse: (response: ListInvoiceCategories.Response) => response.results,
        providesTags: [{ type: 'InvoicingCategory', id: 'LIST' }],
      }),
    }),
  });

export const {
  useGetRunsQuery,
  useGetRunQuery,
  useCreateAdHocRunMutation,
  useTransitionRunMutation,
  useGetRunEventsQuery,
  useStartJobMutation,
  useDeleteAmountsMutation,
  useGetAmountsQuery,
  useGetInvoicesQuery,
  useGetInvoiceQuery,
  useSendInvoiceMutation,
  useCreditInvoiceMutation,
  useGetCreditNotesQuery,
  useGetCreditNoteQuery,
  useSendCreditNoteMutation,
  useGetSchedulesQuery,
  useGetScheduleQuery,
  useCreateScheduleMutation,
  useUpdateScheduleMutation,
  useDeleteScheduleMutation,
  useGenerateRunsMutation,
  useGetInvoiceCategoriesQuery,
  useGetInvoicingSettingsQuery,
  useUpdateInvoicingSettingsMutation,
  useGetInvoicingMediaFileQuery,
} = invoicingApi;

export { invoicingApi };

/** The URL of a run's CSV export, relative to the admin API (fetch it with `useFetchClient`). */
export const amountsExportUrl = (id: string) => `${base}/runs/${id}/amounts/export`;

/** The URL of the journal export of a period (GET /exports/journal, CSV; DESIGN §18). */
export const journalExportUrl = (from: string, to: string) =>
  `${base}/exports/journal?${new URLSearchParams({ from, to }).toString()}`;

/**
 * The URL of an invoice's PDF (GET /invoices/:id/document), or a credit note's (GET
 * /credit-notes/:id/document); `inline` for the preview.
 */
export const invoiceDocumentUrl = (id: string, disposition: DocumentDisposition = 'attachment', kind: DocumentKind = 'invoice') =>
  `${base}/${kind === 'credit_note' ? 'credit-notes' : 'invoices'}/${id}/document${disposition === 'inline' ? '?disposition=inline' : ''}`;

/** The URL of the ZIP of a run's invoice PDFs (GET /runs/:id/invoices/documents). */
export const runDocumentsUrl = (id: string) => `${base}/runs/${id}/invoices/documents`;

/** The URL of an invoice's (or credit note's) Peppol UBL file (GET /invoices/:id/ubl, /credit-notes/:id/ubl). */
export const invoiceUblUrl = (id: string, kind: DocumentKind = 'invoice') => `${base}/${kind === 'credit_note' ? 'credit-notes' : 'invoices'}/${id}/ubl`;

/** The URL of the ZIP of a run's UBL files (GET /runs/:id/invoices/ubl). */
export const runUblUrl = (id: string) => `${base}/runs/${id}/invoices/ubl`;
