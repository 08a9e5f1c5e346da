/**
 * Background jobs of an invoice run (DESIGN §4, §9): their types and states and the rules the server
 * and the admin panel share. Which lifecycle action starts a job and which one its successful end
 * performs is in the lifecycle table (shared/lifecycle.ts, `startActionOf` / `completionActionOf`).
 *
 * - A run has at most one active job, queued or running.
 * - Starting the job a run is already busy with answers that job (idempotent), never a second one.
 * - While a job is active, every other action on the run waits for it (the lifecycle's `busyJob`).
 * - A job's end moves the run on only when it succeeded; a failed job leaves the status as it was.
 */

/** `documents` renders and archives the PDFs of a run's invoices; it leaves the run's status as it is. */
export const JOB_TYPES = ['amounts', 'invoices', 'documents', 'send'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATES = ['queued', 'running', 'failed', 'succeeded'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The states in which a job is active: it holds its run until it ends. */
export const ACTIVE_JOB_STATES: readonly JobState[] = Object.freeze(['queued', 'running'] as const);

export function isJobType(v: unknown): v is JobType {
  return typeof v === 'string' && (JOB_TYPES as readonly string[]).includes(v);
}

export function isJobState(v: unknown): v is JobState {
  return typeof v === 'string' && (JOB_STATES as readonly string[]).includes(v);
}

/** Whether a job (a run's latest) is queued or running. */
export function isJobActive(job: { state: JobState } | null | undefined): boolean {
  return job !== null && job !== undefined && ACTIVE_JOB_STATES.includes(job.state);
}

/** The type of the run's active job, given its latest job; null when none is active. */
export function activeJobType(job: { type: JobType; state: JobState } | null | undefined): JobType | null {
  return job && isJobActive(job) ? job.type : null;
}
