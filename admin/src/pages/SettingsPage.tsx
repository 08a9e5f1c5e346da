import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import {
  Layouts,
  Page,
  isFetchError,
  useAPIErrorHandler,
  useFetchClient,
  useNotification,
  useRBAC,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { GetSettings, UpdateSettings } from '../../../shared/contracts/settings';
import { settingsUpdateSchema, validate, type Settings } from '../../../shared/validation';
import { PERMISSIONS } from '../constants';
import { getTranslation } from '../utils/getTranslation';

/* -------------------------------------------------------------------------------------------------
 * Form model
 * -----------------------------------------------------------------------------------------------*/

type SettingsKey = keyof Settings;
type BooleanKey = { [K in SettingsKey]: Settings[K] extends boolean ? K : never }[SettingsKey];

/** The form's values: the number input is empty (undefined) while the admin clears it. */
type FormValues = Omit<Settings, 'activationDaysBefore'> & { activationDaysBefore: number | undefined };

type FieldErrors = Partial<Record<SettingsKey, string>>;

const SETTINGS_KEYS: readonly SettingsKey[] = [
  'activationDaysBefore',
  'autoApprove',
  'autoGenerateAmounts',
  'autoGenerateInvoices',
  'requireDifferentApprover',
  'invoiceNumberPrefix',
  'timezone',
];

const isSettingsKey = (key: unknown): key is SettingsKey =>
  typeof key === 'string' && (SETTINGS_KEYS as readonly string[]).includes(key);

/** The values that differ from what was loaded: the PUT body. An emptied number becomes null. */
const changedValues = (initial: Settings, values: FormValues): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    const value = values[key];
    if (value !== initial[key]) body[key] = value === undefined ? null : value;
  }
  return body;
};

/** Server 400 `details.errors` → one message per field; anything else → undefined. */
const serverFieldErrors = (error: unknown): FieldErrors | undefined => {
  if (!isFetchError(error)) return undefined;
  const details = error.response?.data?.error?.details as { errors?: unknown } | undefined;
  if (!details || !Array.isArray(details.errors)) return undefined;
  const errors: FieldErrors = {};
  for (const issue of details.errors as Array<{ path?: unknown; message?: unknown }>) {
    const key = Array.isArray(issue.path) ? issue.path[0] : undefined;
    if (isSettingsKey(key) && typeof issue.message === 'string' && errors[key] === undefined) {
      errors[key] = issue.message;
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
};

/** Time zones the browser knows, for the suggestions list of the time zone input. */
const timeZoneSuggestions = (): string[] => {
  try {
    const zones = Intl.supportedValuesOf('timeZone');
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
};

/* -------------------------------------------------------------------------------------------------
 * SettingsPage
 * -----------------------------------------------------------------------------------------------*/

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { get, put } = useFetchClient();
  const { formatAPIError } = useAPIErrorHandler();
  const {
    allowedActions: { canUpdate },
    isLoading: isLoadingPermissions,
  } = useRBAC(PERMISSIONS.settings);

  const [initial, setInitial] = React.useState<Settings | null>(null);
  const [values, setValues] = React.useState<FormValues | null>(null);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [loadFailed, setLoadFailed] = React.useState(false);
  const [isSubmitting, setIsSubmitting] = React.useState(false);
  const timeZones = React.useMemo(timeZoneSuggestions, []);

  React.useEffect(() => {
    let cancelled = false;
    get<GetSettings.Response>('/invoicing/settings')
      .then(({ data }) => {
        if (cancelled) return;
        setInitial(data.data);
        setValues(data.data);
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        setLoadFailed(true);
        toggleNotification({
          type: 'danger',
          message: isFetchError(error)
            ? formatAPIError(error)
            : formatMessage({
                id: getTranslation('settings.notification.loadError'),
                defaultMessage: 'The settings could not be loaded.',
              }),
        });
      });
    return () => {
      cancelled = true;
    };
    // All of these keep their identity (memoised by Strapi and react-intl): the settings load once.
  }, [get, toggleNotification, formatAPIError, formatMessage]);

  const setValue = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((current) => (current ? { ...current, [key]: value } : current));
    setErrors((current) => {
      if (current[key] === undefined) return current;
      const next = { ...current };
      delete next[key];
      return next;
    });
  };

  /** Client-side messages, translated per field (the shared schema's sentences are English). */
  const clientMessage = (key: SettingsKey): string => {
    switch (key) {
      case 'activationDaysBefore':
        return formatMessage({
          id: getTranslation('settings.activationDaysBefore.error'),
          defaultMessage: 'Enter a whole number from 0 to 365.',
        });
      case 'invoiceNumberPrefix':
        return formatMessage({
          id: getTranslation('settings.invoiceNumberPrefix.error'),
          defaultMessage: 'Use at most 20 characters: letters, digits and . _ / -',
        });
      case 'timezone':
        return formatMessage({
          id: getTranslation('settings.timezone.error'),
          defaultMessage: 'Enter a known IANA time zone, for example UTC or Europe/Amsterdam.',
        });
      default:
        return formatMessage({
          id: getTranslation('settings.boolean.error'),
          defaultMessage: 'Choose yes or no.',
        });
    }
  };

  const handleSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canUpdate || !initial || !values || isSubmitting) return;

    const body = changedValues(initial, values);
    if (Object.keys(body).length === 0) {
      toggleNotification({
        type: 'info',
        message: formatMessage({
          id: getTranslation('settings.notification.unchanged'),
          defaultMessage: 'There are no changes to save.',
        }),
      });
      return;
    }

    const result = validate(settingsUpdateSchema, body);
    if (!result.ok) {
      const clientErrors: FieldErrors = {};
      for (const issue of result.errors) {
        const key = issue.path[0];
        if (isSettingsKey(key)) clientErrors[key] = clientMessage(key);
      }
      setErrors(clientErrors);
      toggleNotification({
        type: 'warning',
        message: formatMessage({
          id: getTranslation('settings.notification.invalid'),
          defaultMessage: 'Correct the highlighted fields and save again.',
        }),
      });
      return;
    }

    setIsSubmitting(true);
    try {
      const { data } = await put<GetSettings.Response, UpdateSettings.Request['body']>(
        '/invoicing/settings',
        result.value,
      );
      setInitial(data.data);
      setValues(data.data);
      setErrors({});
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTranslation('settings.notification.saved'),
          defaultMessage: 'The settings have been saved.',
        }),
      });
    } catch (error) {
      const fieldErrors = serverFieldErrors(error);
      if (fieldErrors) setErrors(fieldErrors);
      toggleNotification({
        type: 'danger',
        message: isFetchError(error)
          ? formatAPIError(error)
          : formatMessage({
              id: getTranslation('settings.notification.saveError'),
              defaultMessage: 'The settings could not be saved.',
            }),
      });
    } finally {
      setIsSubmitting(false);
    }
  };

  if (loadFailed) return <Page.Error />;
  if (isLoadingPermissions || !values) return <Page.Loading />;

  const readOnly = !canUpdate;
  const yes = formatMessage({ id: getTranslation('common.yes'), defaultMessage: 'Yes' });
  const no = formatMessage({ id: getTranslation('common.no'), defaultMessage: 'No' });

  const toggleField = (key: BooleanKey, label: string, hint: string) => (
    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={key} hint={hint} error={errors[key]}>
        <Field.Label>{label}</Field.Label>
        <Toggle
          checked={values[key]}
          onLabel={yes}
          offLabel={no}
          disabled={readOnly}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue(key, e.target.checked)}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );

  return (
    <Page.Main tabIndex={-1}>
      <Page.Title>
        {formatMessage({ id: getTranslation('settings.page.title'), defaultMessage: 'Settings - Invoicing' })}
      </Page.Title>
      <form noValidate onSubmit={handleSubmit}>
        <Layouts.Header
          title={formatMessage({ id: getTranslation('settings.header.title'), defaultMessage: 'Invoicing' })}
          subtitle={formatMessage({
            id: getTranslation('settings.header.subtitle'),
            defaultMessage: 'Configure when invoice runs are activated and which steps run automatically.',
          })}
          primaryAction={
            <Button type="submit" startIcon={<Check />} size="S" disabled={readOnly} loading={isSubmitting}>
              {formatMessage({ id: getTranslation('settings.save'), defaultMessage: 'Save' })}
            </Button>
          }
        />
        <Layouts.Content>
          <Flex direction="column" alignItems="stretch" gap={6}>
            {readOnly ? (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage({
                  id: getTranslation('settings.readOnly'),
                  defaultMessage: 'You may view these settings but not change them.',
                })}
              </Typography>
            ) : null}

            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h2">
                  {formatMessage({ id: getTranslation('settings.section.runs'), defaultMessage: 'Invoice runs' })}
                </Typography>
                <Grid.Root gap={6}>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <Field.Root
                      name="activationDaysBefore"
                      required
                      hint={formatMessage({
                        id: getTranslation('settings.activationDaysBefore.hint'),
                        defaultMessage:
                          'A run goes from On hold to Submitted this many days before its period starts (0 to 365).',
                      })}
                      error={errors.activationDaysBefore}
                    >
                      <Field.Label>
                        {formatMessage({
                          id: getTranslation('settings.activationDaysBefore.label'),
                          defaultMessage: 'Activate invoice run x days before start date',
                        })}
                      </Field.Label>
                      <NumberInput
                        name="activationDaysBefore"
                        step={1}
                        value={values.activationDaysBefore}
                        disabled={readOnly}
                        onValueChange={(value) => setValue('activationDaysBefore', value)}
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} />
                  {toggleField(
                    'autoApprove',
                    formatMessage({
                      id: getTranslation('settings.autoApprove.label'),
                      defaultMessage: 'Automatically approve run',
                    }),
                    formatMessage({
                      id: getTranslation('settings.autoApprove.hint'),
                      defaultMessage: 'Approve a run as soon as its amounts have been generated.',
                    }),
                  )}
                  {toggleField(
                    'autoGenerateAmounts',
                    formatMessage({
                      id: getTranslation('settings.autoGenerateAmounts.label'),
                      defaultMessage: 'Automatically generate amounts invoice run',
                    }),
                    formatMessage({
                      id: getTranslation('settings.autoGenerateAmounts.hint'),
                      defaultMessage: 'Generate the amounts to be invoiced as soon as a run is submitted.',
                    }),
                  )}
                  {toggleField(
                    'autoGenerateInvoices',
                    formatMessage({
                      id: getTranslation('settings.autoGenerateInvoices.label'),
                      defaultMessage: 'Automatically generate invoices run',
                    }),
                    formatMessage({
                      id: getTranslation('settings.autoGenerateInvoices.hint'),
                      defaultMessage: 'Generate the invoices as soon as a run is approved.',
                    }),
                  )}
                  {toggleField(
                    'requireDifferentApprover',
                    formatMessage({
                      id: getTranslation('settings.requireDifferentApprover.label'),
                      defaultMessage: 'Approver must differ from the user who generated the amounts',
                    }),
                    formatMessage({
                      id: getTranslation('settings.requireDifferentApprover.hint'),
                      defaultMessage: 'Four-eyes principle: applies when a run is approved by hand.',
                    }),
                  )}
                </Grid.Root>
              </Flex>
            </Box>

            <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h2">
                  {formatMessage({ id: getTranslation('settings.section.general'), defaultMessage: 'Invoices and dates' })}
                </Typography>
                <Grid.Root gap={6}>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <Field.Root
                      name="invoiceNumberPrefix"
                      hint={formatMessage({
                        id: getTranslation('settings.invoiceNumberPrefix.hint'),
                        defaultMessage:
                          'Placed before every invoice number, e.g. INV- gives INV-2026-000001. At most 20 characters.',
                      })}
                      error={errors.invoiceNumberPrefix}
                    >
                      <Field.Label>
                        {formatMessage({
                          id: getTranslation('settings.invoiceNumberPrefix.label'),
                          defaultMessage: 'Invoice number prefix',
                        })}
                      </Field.Label>
                      <TextInput
                        name="invoiceNumberPrefix"
                        autoComplete="off"
                        value={values.invoiceNumberPrefix}
                        disabled={readOnly}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                          setValue('invoiceNumberPrefix', e.target.value)
                        }
                      />
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <Field.Root
                      name="timezone"
                      required
                      hint={formatMessage({
                        id: getTranslation('settings.timezone.hint'),
                        defaultMessage:
                          'The IANA time zone that decides which day it is for activation, e.g. Europe/Amsterdam.',
                      })}
                      error={errors.timezone}
                    >
                      <Field.Label>
                        {formatMessage({ id: getTranslation('settings.timezone.label'), defaultMessage: 'Time zone' })}
                      </Field.Label>
                      <TextInput
                        name="timezone"
                        autoComplete="off"
                        spellCheck={false}
                        list="invoicing-settings-timezones"
                        value={values.timezone}
                        disabled={readOnly}
                        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue('timezone', e.target.value)}
                      />
                      <datalist id="invoicing-settings-timezones">
                        {timeZones.map((zone) => (
                          <option key={zone} value={zone} />
                        ))}
                      </datalist>
                      <Field.Hint />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                </Grid.Root>
              </Flex>
            </Box>
          </Flex>
        </Layouts.Content>
      </form>
    </Page.Main>
  );
};

/* -------------------------------------------------------------------------------------------------
 * ProtectedSettingsPage
 * -----------------------------------------------------------------------------------------------*/

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settingsRead}>
    <SettingsPage />
  </Page.Protect>
);

export { ProtectedSettingsPage, SettingsPage };
export default ProtectedSettingsPage;
