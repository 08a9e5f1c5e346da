import type { MessageDescriptor } from 'react-intl';

import type { Run } from '../../../../shared/contracts/runs';
import { activeJobType } from '../../../../shared/jobs';
import {
  canStillPerform,
  refusalMessageKey,
  refusalOf,
  type Refusal,
  type RunAction,
  type RunFacts,
} from '../../../../shared/lifecycle';
import { getTranslation } from '../../utils/getTranslation';

/**
 * What the run page derives from the shared lifecycle table (shared/lifecycle.ts): which action
 * buttons it shows and why a shown button is disabled. No rule of the lifecycle is restated here.
 */

type RunState = Pick<Run, 'status' | 'job' | 'totals'>;

/** The facts the lifecycle's guards need, as the run answered by the API shows them. */
export const runFacts = (run: RunState): RunFacts => ({
  status: run.status,
  activeJob: activeJobType(run.job),
  hasInvoices: run.totals.invoices > 0,
});

/** Why `action` cannot be performed on `run` now; null when it can. */
export const actionRefusal = (run: RunState, action: RunAction): Refusal | null => refusalOf(runFacts(run), action);

/**
 * Whether the page shows the action's button for a run in this status: while the action is allowed
 * or can still become allowed (disabled, with its reason, until then); hidden once it never can.
 */
export const isActionShown = (run: Pick<Run, 'status'>, action: RunAction): boolean => canStillPerform(run.status, action);

/** The translated sentence of a refusal (key `runs.refusal.*` of admin/src/translations). */
export const refusalMessage = (refusal: Refusal): MessageDescriptor => ({ id: getTranslation(refusalMessageKey(refusal)) });
