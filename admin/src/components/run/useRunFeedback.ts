import * as React from 'react';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { getTranslation } from '../../utils/getTranslation';

type RtkError = Parameters<ReturnType<typeof useAPIErrorHandler>['_unstableFormatAPIError']>[0];

/**
 * Notifications of the run page: successes in green, and server errors (400, 403, 404, 409) in red
 * with the server's own sentence (`_unstableFormatAPIError` reads Strapi's error shape from RTK Query).
 */
export const useRunFeedback = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();

  const success = React.useCallback((message: string) => toggleNotification({ type: 'success', message }), [toggleNotification]);

  const info = React.useCallback((message: string) => toggleNotification({ type: 'info', message }), [toggleNotification]);

  const danger = React.useCallback((message: string) => toggleNotification({ type: 'danger', message }), [toggleNotification]);

  /** A failed request: the server's message, or a generic sentence when there is none. */
  const failure = React.useCallback(
    (error: unknown) => {
      let message = '';
      if (error && typeof error === 'object') {
        try {
          message = formatAPIError(error as RtkError);
        } catch {
          message = '';
        }
      }
      toggleNotification({
        type: 'danger',
        message:
          message ||
          formatMessage({
            id: getTranslation('run.notification.error'),
            defaultMessage: 'Something went wrong. Reload the page and try again.',
          }),
      });
    },
    [formatAPIError, formatMessage, toggleNotification],
  );

  return React.useMemo(() => ({ success, info, danger, failure }), [success, info, danger, failure]);
};

/** Reports a failed query (its `isError` and `error`) with `failure`, each time it fails. */
export const useQueryFailure = (isError: boolean, error: unknown) => {
  const { failure } = useRunFeedback();
  React.useEffect(() => {
    if (isError) failure(error);
  }, [isError, error, failure]);
};
