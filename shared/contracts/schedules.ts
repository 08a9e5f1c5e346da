import type { CalendarDate } from '../dates';
import type { Cycle } from '../periods';
import type { InvoiceNameFormat } from '../naming';
import type { ScheduleInputBody } from '../validation';
import type { EntityResponse, ErrorResponse, ListResponse } from './common';
import type { CategoryRef, RunSummary } from './runs';

export interface ScheduleTemplate {
  name: string;
  description: string | null;
  cycle: Cycle;
  invoiceName: string;
  invoiceNameFormat: InvoiceNameFormat;
  /** documentId of the invoice category, or null */
  invoiceCategory: string | null;
  invoiceDate: CalendarDate;
  dueDate: CalendarDate;
}

export interface Schedule {
  documentId: string;
  reference: string;
  name: string;
  description: string | null;
  periodFrom: CalendarDate;
  periodTo: CalendarDate;
  numberOfRuns: number;
  template: ScheduleTemplate;
  /** the invoice category's name, for display */
  invoiceCategory: CategoryRef | null;
  /** true for the one-run schedule of an ad hoc run */
  adHoc: boolean;
  runs: RunSummary[];
  createdAt: string;
  updatedAt: string;
}

/** GET /invoicing/schedules */
export declare namespace ListSchedules {
  export type Request = { query: { page?: number; pageSize?: number; search?: string; sort?: string } };
  export type Response = ListResponse<Schedule>;
}

/** GET /invoicing/schedules/:id */
export declare namespace GetSchedule {
  export type Response = EntityResponse<Schedule> | ErrorResponse;
}

/** POST /invoicing/schedules, PUT /invoicing/schedules/:id */
export declare namespace SaveSchedule {
  export type Request = { body: ScheduleInputBody };
  export type Response = EntityResponse<Schedule> | ErrorResponse;
}

/** DELETE /invoicing/schedules/:id */
export declare namespace DeleteSchedule {
  export type Response = EntityResponse<{ documentId: string }> | ErrorResponse;
}

/** POST /invoicing/schedules/:id/generate-runs: `created` counts the runs made by this call. */
export declare namespace GenerateRuns {
  export type Response = (EntityResponse<Schedule> & { meta: { created: number } }) | ErrorResponse;
}
