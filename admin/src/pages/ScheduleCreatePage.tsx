import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { Check, Play } from '@strapi/icons';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';

import { ScheduleForm, useScheduleForm } from '../components/ScheduleForm';
import { usePermissions } from '../hooks/usePermissions';
import { useScheduleFeedback } from '../hooks/useScheduleFeedback';
import { useCreateScheduleMutation, useGenerateRunsMutation } from '../services/api';
import { getTranslation } from '../utils/getTranslation';

type Submit = 'generate' | 'return';

/**
 * Invoice run schedules → Create invoice run schedule: the seed's fields and its two buttons.
 * "Generate invoice runs" creates the schedule, generates its runs and opens the schedule (its runs
 * are listed at the bottom); "Save and return" creates it and goes back to the list.
 */
const ScheduleCreatePage = () => {
  const { formatMessage } = useIntl();
  const navigate = useNavigate();
  const form = useScheduleForm();
  const { toggleNotification, formatAPIError, invalid, refused } = useScheduleFeedback(form);
  const [createSchedule] = useCreateScheduleMutation();
  const [generateRuns] = useGenerateRunsMutation();
  const [submitting, setSubmitting] = React.useState<Submit | null>(null);

  const submit = async (action: Submit) => {
    if (submitting) return;
    const body = form.validate();
    if (!body) {
      invalid();
      return;
    }
    setSubmitting(action);
    try {
      const created = await createSchedule(body);
      if ('error' in created) {
        refused(created.error);
        return;
      }
      const schedule = created.data;
      if (action === 'return') {
        toggleNotification({
          type: 'success',
          message: formatMessage(
            {
              id: getTranslation('schedule.notification.created'),
              defaultMessage: 'Invoice run schedule {reference} has been created.',
            },
            { reference: schedule.reference },
          ),
        });
        navigate('../schedules');
        return;
      }
      const generated = await generateRuns(schedule.documentId);
      if ('error' in generated) {
        toggleNotification({
          type: 'danger',
          message: formatMessage(
            {
              id: getTranslation('schedule.notification.createdNotGenerated'),
              defaultMessage:
                'Invoice run schedule {reference} has been created, but its invoice runs could not be generated: {message}',
            },
            { reference: schedule.reference, message: formatAPIError(generated.error) },
          ),
        });
      } else {
        toggleNotification({
          type: 'success',
          message: formatMessage(
            {
              id: getTranslation('schedule.notification.createdAndGenerated'),
              defaultMessage:
                'Invoice run schedule {reference} has been created with {count, plural, one {# invoice run} other {# invoice runs}}.',
            },
            { reference: schedule.reference, count: generated.data.created },
          ),
        });
      }
      navigate(`../schedules/${schedule.documentId}`);
    } finally {
      setSubmitting(null);
    }
  };

  const title = formatMessage({ id: getTranslation('schedule.create.title'), defaultMessage: 'Create invoice run schedule' });

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <form
        noValidate
        onSubmit={(event) => {
          // Enter in a field does not create anything: the two buttons say what happens.
          event.preventDefault();
        }}
      >
        <Layouts.Header
          navigationAction={<BackButton fallback="../schedules" />}
          title={title}
          subtitle={formatMessage({
            id: getTranslation('schedule.create.subtitle'),
            defaultMessage:
              'Fill in the schedule and its template, then generate the invoice runs, or save and return to generate them later.',
          })}
          primaryAction={
            <Flex gap={2}>
              <Button
                type="button"
                variant="secondary"
                size="S"
                startIcon={<Check />}
                loading={submitting === 'return'}
                disabled={submitting !== null}
                onClick={() => submit('return')}
              >
                {formatMessage({ id: getTranslation('schedule.saveAndReturn'), defaultMessage: 'Save and return' })}
              </Button>
              <Button
                type="button"
                size="S"
                startIcon={<Play />}
                loading={submitting === 'generate'}
                disabled={submitting !== null}
                onClick={() => submit('generate')}
              >
                {formatMessage({ id: getTranslation('schedule.generateRuns'), defaultMessage: 'Generate invoice runs' })}
              </Button>
            </Flex>
          }
        />
        <Layouts.Content>
          <ScheduleForm form={form} disabled={submitting !== null} />
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

/** Only users who manage schedules may create one. */
const ProtectedScheduleCreatePage = () => {
  const { canManageSchedules, isLoading } = usePermissions();
  if (isLoading) return <Page.Loading />;
  if (!canManageSchedules) return <Page.NoPermissions />;
  return <ScheduleCreatePage />;
};

export { ProtectedScheduleCreatePage as ScheduleCreatePage, ScheduleCreatePage as ScheduleCreateForm };
export default ProtectedScheduleCreatePage;
