import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { scheduleServerErrors, type ScheduleFormState } from '../components/ScheduleForm';
import { getTranslation } from '../utils/getTranslation';

type ApiError = Parameters<ReturnType<typeof useAPIErrorHandler>['_unstableFormatAPIError']>[0];

export interface ScheduleFeedback {
  toggleNotification: ReturnType<typeof useNotification>['toggleNotification'];
  formatAPIError: (error: ApiError) => string;
  invalid: (type?: 'warning' | 'danger') => void;
  apiError: (error: ApiError) => void;
  refused: (error: ApiError) => void;
}

/**
 * The notifications of the pages that save a schedule (create and edit): fields to correct, and a
 * request the server refused.
 */
export const useScheduleFeedback = (form: Pick<ScheduleFormState, 'setErrors'>): ScheduleFeedback => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();

  /** "Correct the highlighted fields": a warning before sending, danger when the server refused them. */
  const invalid = (type: 'warning' | 'danger' = 'warning') =>
    toggleNotification({
      type,
      message: formatMessage({
        id: getTranslation('schedule.notification.invalid'),
        defaultMessage: 'Correct the highlighted fields and try again.',
      }),
    });

  /** A refused request, in the server's own words. */
  const apiError = (error: ApiError) => toggleNotification({ type: 'danger', message: formatAPIError(error) });

  /**
   * A refused save: a 400/404 with field paths puts its messages under their fields; anything else
   * (403, 409 re-timing …) is shown as the server's message.
   */
  const refused = (error: ApiError) => {
    const fieldErrors = scheduleServerErrors(error);
    form.setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length > 0) invalid('danger');
    else apiError(error);
  };

  return { toggleNotification, formatAPIError, invalid, apiError, refused };
};
