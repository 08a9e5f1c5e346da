import * as React from 'react';
import { useIntl } from 'react-intl';

import type { Run } from '../../../../shared/contracts/runs';
import type { RunAction } from '../../../../shared/lifecycle';
import { actionRefusal, refusalMessage } from './runActions';

/**
 * Why a run action cannot be performed now, as a sentence for the tooltip or hint of its disabled
 * button; null when the action is allowed (the shared lifecycle's `refusalOf`, translated).
 */
export const useDisabledReason = () => {
  const { formatMessage } = useIntl();

  return React.useCallback(
    (run: Pick<Run, 'status' | 'job' | 'totals'>, action: RunAction): string | null => {
      const refusal = actionRefusal(run, action);
      return refusal ? formatMessage(refusalMessage(refusal)) : null;
    },
    [formatMessage],
  );
};
