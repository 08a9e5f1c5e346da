import * as React from 'react';
import { Box, Button, Dialog, Flex, Td, Tr, Typography } from '@strapi/design-system';
import { Check, Play, Trash } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router-dom';

import type { RunSummary } from '../../../shared/contracts/runs';
import type { Schedule } from '../../../shared/contracts/schedules';
import { isRunStarted } from '../../../shared/lifecycle';
import { DataTable, EmptyList, ReferenceLink, TextCell } from '../components/ListParts';
import { ScheduleForm, useScheduleForm } from '../components/ScheduleForm';
import { StatusBadge } from '../components/StatusBadge';
import { usePermissions } from '../hooks/usePermissions';
import { useScheduleFeedback } from '../hooks/useScheduleFeedback';
import {
  useDeleteScheduleMutation,
  useGenerateRunsMutation,
  useGetScheduleQuery,
  useUpdateScheduleMutation,
} from '../services/api';
import { formatCalendarDate, formatPeriod } from '../utils/format';
import { getTranslation } from '../utils/getTranslation';
import { CYCLE_MESSAGES } from '../utils/labels';

/* -------------------------------------------------------------------------------------------------
 * ScheduleRuns: the generated runs, at the bottom of the page
 * -----------------------------------------------------------------------------------------------*/

const ScheduleRuns = ({ runs }: { runs: RunSummary[] }) => {
  const intl = useIntl();
  const { formatMessage } = intl;
  const title = formatMessage({ id: getTranslation('schedule.runs.title'), defaultMessage: 'Invoice runs of this schedule' });

  return (
    <Flex direction="column" alignItems="stretch" gap={4} tag="section" aria-label={title}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      {runs.length === 0 ? (
        <EmptyList
          iconWidth="10rem"
          content={formatMessage({
            id: getTranslation('schedule.runs.empty'),
            defaultMessage: 'No invoice runs have been generated yet. Press “Generate invoice runs” to create them.',
          })}
        />
      ) : (
        <DataTable
          mutedHeaders
          aria-label={title}
          rowCount={runs.length}
          headers={[
            formatMessage({ id: getTranslation('schedule.runs.reference'), defaultMessage: 'Reference' }),
            formatMessage({ id: getTranslation('schedule.runs.name'), defaultMessage: 'Name' }),
            formatMessage({ id: getTranslation('schedule.runs.status'), defaultMessage: 'Status' }),
            formatMessage({ id: getTranslation('schedule.runs.period'), defaultMessage: 'Period' }),
            formatMessage({ id: getTranslation('schedule.runs.activationDate'), defaultMessage: 'Activation date' }),
            formatMessage({ id: getTranslation('schedule.runs.invoiceDate'), defaultMessage: 'Invoice date' }),
            formatMessage({ id: getTranslation('schedule.runs.dueDate'), defaultMessage: 'Due date' }),
          ]}
        >
          {runs.map((run) => (
            <Tr key={run.documentId} data-testid="schedule-run-row" data-reference={run.reference}>
              <Td>
                <ReferenceLink to={`../runs/${run.documentId}`} reference={run.reference} />
              </Td>
              <TextCell>{run.name}</TextCell>
              <Td>
                <StatusBadge status={run.status} />
              </Td>
              <TextCell nowrap>{formatPeriod(intl, run.periodStart, run.periodEnd)}</TextCell>
              <TextCell nowrap>{formatCalendarDate(intl, run.activationDate)}</TextCell>
              <TextCell nowrap>{formatCalendarDate(intl, run.invoiceDate)}</TextCell>
              <TextCell nowrap>{formatCalendarDate(intl, run.dueDate)}</TextCell>
            </Tr>
          ))}
        </DataTable>
      )}
    </Flex>
  );
};

/* -------------------------------------------------------------------------------------------------
 * ScheduleEditor: header, actions and form of a loaded schedule
 * -----------------------------------------------------------------------------------------------*/

type Busy = 'save' | 'generate' | 'delete' | null;

const ScheduleEditor = ({ schedule, canManage }: { schedule: Schedule; canManage: boolean }) => {
  const { formatMessage } = useIntl();
  const navigate = useNavigate();
  const form = useScheduleForm(schedule);
  const { toggleNotification, invalid, apiError, refused } = useScheduleFeedback(form);
  const [updateSchedule] = useUpdateScheduleMutation();
  const [generateRuns] = useGenerateRunsMutation();
  const [deleteSchedule] = useDeleteScheduleMutation();
  const [busy, setBusy] = React.useState<Busy>(null);
  const [isDeleteOpen, setIsDeleteOpen] = React.useState(false);

  const started = schedule.runs.filter((run) => isRunStarted(run.status));
  const lockTiming = started.length > 0;

  /** Saves the form when it has changes; false when it could not be saved (messages shown). */
  const saveChanges = async (): Promise<boolean> => {
    if (!form.isDirty) return true;
    const body = form.validate();
    if (!body) {
      invalid();
      return false;
    }
    const result = await updateSchedule({ id: schedule.documentId, body });
    if ('error' in result) {
      refused(result.error);
      return false;
    }
    form.reset(result.data);
    return true;
  };

  const handleSave = async () => {
    if (busy) return;
    if (!form.isDirty) {
      toggleNotification({
        type: 'info',
        message: formatMessage({
          id: getTranslation('schedule.notification.unchanged'),
          defaultMessage: 'There are no changes to save.',
        }),
      });
      return;
    }
    setBusy('save');
    try {
      if (await saveChanges()) {
        toggleNotification({
          type: 'success',
          message: formatMessage({
            id: getTranslation('schedule.notification.saved'),
            defaultMessage: 'The invoice run schedule has been saved.',
          }),
        });
      }
    } finally {
      setBusy(null);
    }
  };

  const handleGenerate = async () => {
    if (busy) return;
    setBusy('generate');
    try {
      if (!(await saveChanges())) return;
      const result = await generateRuns(schedule.documentId);
      if ('error' in result) {
        apiError(result.error);
        return;
      }
      toggleNotification({
        type: 'success',
        message:
          result.data.created > 0
            ? formatMessage(
                {
                  id: getTranslation('schedule.notification.runsGenerated'),
                  defaultMessage: '{count, plural, one {# invoice run has} other {# invoice runs have}} been generated.',
                },
                { count: result.data.created },
              )
            : formatMessage({
                id: getTranslation('schedule.notification.runsUpToDate'),
                defaultMessage: 'All invoice runs of this schedule already exist.',
              }),
      });
    } finally {
      setBusy(null);
    }
  };

  const handleDelete = async () => {
    setBusy('delete');
    try {
      const result = await deleteSchedule(schedule.documentId);
      setIsDeleteOpen(false);
      if ('error' in result) {
        apiError(result.error);
        return;
      }
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('schedule.notification.deleted'),
            defaultMessage: 'Invoice run schedule {reference} has been deleted.',
          },
          { reference: schedule.reference },
        ),
      });
      navigate('../schedules', { replace: true });
    } finally {
      setBusy(null);
    }
  };

  const title = formatMessage(
    { id: getTranslation('schedule.header.title'), defaultMessage: '{reference} – {name}' },
    { reference: schedule.reference, name: schedule.name },
  );

  return (
    <Page.Main aria-busy={busy !== null}>
      <Page.Title>{title}</Page.Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (canManage) void handleSave();
        }}
      >
        <Layouts.Header
          navigationAction={<BackButton fallback="../schedules" />}
          title={title}
          subtitle={formatMessage(
            {
              id: getTranslation('schedule.header.subtitle'),
              defaultMessage: '{cycle} · {generated} of {total} invoice runs generated',
            },
            {
              cycle: formatMessage(CYCLE_MESSAGES[schedule.template.cycle]),
              generated: schedule.runs.length,
              total: schedule.numberOfRuns,
            },
          )}
          primaryAction={
            canManage ? (
              <Flex gap={2}>
                <Dialog.Root open={isDeleteOpen} onOpenChange={setIsDeleteOpen}>
                  <Dialog.Trigger>
                    <Button type="button" variant="danger-light" size="S" startIcon={<Trash />} disabled={busy !== null}>
                      {formatMessage({ id: getTranslation('schedule.delete'), defaultMessage: 'Delete' })}
                    </Button>
                  </Dialog.Trigger>
                  <ConfirmDialog
                    title={formatMessage({
                      id: getTranslation('schedule.delete.title'),
                      defaultMessage: 'Delete invoice run schedule',
                    })}
                    onConfirm={handleDelete}
                  >
                    {formatMessage(
                      {
                        id: getTranslation('schedule.delete.confirm'),
                        defaultMessage:
                          'Delete invoice run schedule {reference} and its {count, plural, =0 {invoice runs} one {# invoice run} other {# invoice runs}}? This cannot be undone.',
                      },
                      { reference: schedule.reference, count: schedule.runs.length },
                    )}
                  </ConfirmDialog>
                </Dialog.Root>
                <Button
                  type="submit"
                  variant="secondary"
                  size="S"
                  startIcon={<Check />}
                  loading={busy === 'save'}
                  disabled={busy !== null}
                >
                  {formatMessage({ id: getTranslation('schedule.save'), defaultMessage: 'Save' })}
                </Button>
                <Button
                  type="button"
                  size="S"
                  startIcon={<Play />}
                  loading={busy === 'generate'}
                  disabled={busy !== null}
                  onClick={handleGenerate}
                >
                  {formatMessage({ id: getTranslation('schedule.generateRuns'), defaultMessage: 'Generate invoice runs' })}
                </Button>
              </Flex>
            ) : null
          }
        />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={8}>
            {!canManage || lockTiming || schedule.adHoc ? (
              <Box
                background="primary100"
                borderColor="primary200"
                paddingTop={3}
                paddingBottom={3}
                paddingLeft={4}
                paddingRight={4}
                hasRadius
              >
                <Flex direction="column" alignItems="stretch" gap={1}>
                  {!canManage ? (
                    <Typography variant="omega" textColor="primary700">
                      {formatMessage({
                        id: getTranslation('schedule.readOnly'),
                        defaultMessage: 'You may view this invoice run schedule but not change it.',
                      })}
                    </Typography>
                  ) : null}
                  {canManage && lockTiming ? (
                    <Typography variant="omega" textColor="primary700">
                      {formatMessage(
                        {
                          id: getTranslation('schedule.timingLocked'),
                          defaultMessage:
                            'The periods, cycle and dates can no longer change: {count, plural, one {# of its invoice runs has} other {# of its invoice runs have}} already been activated.',
                        },
                        { count: started.length },
                      )}
                    </Typography>
                  ) : null}
                  {schedule.adHoc ? (
                    <Typography variant="omega" textColor="primary700">
                      {formatMessage({
                        id: getTranslation('schedule.adHoc'),
                        defaultMessage: 'This is the schedule of an ad hoc invoice run: it has exactly one run.',
                      })}
                    </Typography>
                  ) : null}
                </Flex>
              </Box>
            ) : null}
            <ScheduleForm
              form={form}
              disabled={!canManage || busy !== null}
              lockTiming={lockTiming}
              lockNumberOfRuns={schedule.adHoc}
            />
            <ScheduleRuns runs={schedule.runs} />
          </Flex>
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

/* -------------------------------------------------------------------------------------------------
 * SchedulePage
 * -----------------------------------------------------------------------------------------------*/

/**
 * An invoice run schedule (`schedules/:id`): its fields (editable by users who manage schedules),
 * Save, Generate invoice runs (creates the missing runs), Delete, and its runs at the bottom.
 */
export const SchedulePage = () => {
  const { formatMessage } = useIntl();
  const { id = '' } = useParams<{ id: string }>();
  const { canManageSchedules, isLoading: isLoadingPermissions } = usePermissions();
  const { data: schedule, isLoading, error } = useGetScheduleQuery(id, { skip: !id, refetchOnMountOrArgChange: true });

  if (isLoadingPermissions || isLoading) return <Page.Loading />;

  if (!schedule) {
    const notFound = typeof error === 'object' && error !== null && 'status' in error && error.status === 404;
    return (
      <Page.Main>
        <Layouts.Header
          navigationAction={<BackButton fallback="../schedules" />}
          title={formatMessage({ id: getTranslation('schedules.header.title'), defaultMessage: 'Invoice run schedules' })}
        />
        <Layouts.Content>
          {notFound ? (
            <Page.NoData
              content={formatMessage({
                id: getTranslation('schedule.notFound'),
                defaultMessage: 'This invoice run schedule does not exist (anymore).',
              })}
            />
          ) : (
            <Page.Error />
          )}
        </Layouts.Content>
      </Page.Main>
    );
  }

  // Keyed by the schedule, so the form starts from its saved values.
  return <ScheduleEditor key={schedule.documentId} schedule={schedule} canManage={canManageSchedules} />;
};

export default SchedulePage;
