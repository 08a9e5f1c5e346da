import * as React from 'react';
import {
  Box,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { Schedule } from '../../../shared/contracts/schedules';
import { compareDates, isCalendarDate } from '../../../shared/dates';
import { INVOICE_NAME_FORMATS, type InvoiceNameFormat } from '../../../shared/naming';
import { addCycles, CYCLES, type Cycle, defaultPeriodTo, isCycle } from '../../../shared/periods';
import { MAX_NUMBER_OF_RUNS, scheduleInputSchema, type ScheduleInputBody, validate } from '../../../shared/validation';
import { useGetInvoiceCategoriesQuery } from '../services/api';
import { type FieldErrors, issuesToFieldErrors, pathGuard, serverFieldErrors } from '../utils/fieldErrors';
import { getTranslation } from '../utils/getTranslation';
import { CYCLE_MESSAGES, INVOICE_NAME_FORMAT_MESSAGES } from '../utils/labels';

/* -------------------------------------------------------------------------------------------------
 * Form model
 * -----------------------------------------------------------------------------------------------*/

/**
 * The form's values. Dates are `YYYY-MM-DD` strings (empty while not filled in), the category is a
 * documentId or '' for none, the number of runs is undefined while the input is empty.
 */
export interface ScheduleFormValues {
  name: string;
  description: string;
  periodFrom: string;
  periodTo: string;
  numberOfRuns: number | undefined;
  template: {
    name: string;
    description: string;
    cycle: Cycle;
    invoiceName: string;
    invoiceNameFormat: InvoiceNameFormat;
    invoiceCategory: string;
    invoiceDate: string;
    dueDate: string;
  };
}

type TemplateKey = keyof ScheduleFormValues['template'];

/** The body path of every input; each input's `name` attribute is its path. */
export type ScheduleFieldPath = Exclude<keyof ScheduleFormValues, 'template'> | `template.${TemplateKey}`;

export const SCHEDULE_FIELD_PATHS: readonly ScheduleFieldPath[] = [
  'name',
  'description',
  'periodFrom',
  'periodTo',
  'numberOfRuns',
  'template.name',
  'template.description',
  'template.cycle',
  'template.invoiceName',
  'template.invoiceNameFormat',
  'template.invoiceCategory',
  'template.invoiceDate',
  'template.dueDate',
];

export type ScheduleFieldErrors = FieldErrors<ScheduleFieldPath>;

const isFieldPath = pathGuard(SCHEDULE_FIELD_PATHS);

type FieldValue<P extends ScheduleFieldPath> = P extends `template.${infer K extends TemplateKey}`
  ? ScheduleFormValues['template'][K]
  : P extends keyof ScheduleFormValues
    ? ScheduleFormValues[P]
    : never;

const getValue = <P extends ScheduleFieldPath>(values: ScheduleFormValues, path: P): FieldValue<P> => {
  if (path.startsWith('template.')) return values.template[path.slice('template.'.length) as TemplateKey] as FieldValue<P>;
  return values[path as Exclude<keyof ScheduleFormValues, 'template'>] as FieldValue<P>;
};

const setValue = (values: ScheduleFormValues, path: ScheduleFieldPath, value: unknown): ScheduleFormValues => {
  if (path.startsWith('template.')) {
    return { ...values, template: { ...values.template, [path.slice('template.'.length)]: value } };
  }
  return { ...values, [path]: value };
};

export const DEFAULT_NUMBER_OF_RUNS = 12;

export const emptyScheduleValues = (): ScheduleFormValues => ({
  name: '',
  description: '',
  periodFrom: '',
  periodTo: '',
  numberOfRuns: DEFAULT_NUMBER_OF_RUNS,
  template: {
    name: '',
    description: '',
    cycle: 'monthly',
    invoiceName: '',
    invoiceNameFormat: 'name_contract',
    invoiceCategory: '',
    invoiceDate: '',
    dueDate: '',
  },
});

export const scheduleToValues = (schedule: Schedule): ScheduleFormValues => ({
  name: schedule.name,
  description: schedule.description ?? '',
  periodFrom: schedule.periodFrom,
  periodTo: schedule.periodTo,
  numberOfRuns: schedule.numberOfRuns,
  template: {
    name: schedule.template.name,
    description: schedule.template.description ?? '',
    cycle: schedule.template.cycle,
    invoiceName: schedule.template.invoiceName,
    invoiceNameFormat: schedule.template.invoiceNameFormat,
    invoiceCategory: schedule.template.invoiceCategory ?? '',
    invoiceDate: schedule.template.invoiceDate,
    dueDate: schedule.template.dueDate,
  },
});

const textOrNull = (value: string): string | null => (value.trim() === '' ? null : value);

/** The POST/PUT body (shared/validation `scheduleInputSchema`). An empty "To and including" is sent as null. */
export const valuesToBody = (values: ScheduleFormValues): ScheduleInputBody =>
  ({
    name: values.name,
    description: textOrNull(values.description),
    periodFrom: values.periodFrom,
    periodTo: values.periodTo === '' ? null : values.periodTo,
    numberOfRuns: values.numberOfRuns,
    template: {
      name: values.template.name,
      description: textOrNull(values.template.description),
      cycle: values.template.cycle,
      invoiceName: values.template.invoiceName,
      invoiceNameFormat: values.template.invoiceNameFormat,
      invoiceCategory: values.template.invoiceCategory === '' ? null : values.template.invoiceCategory,
      invoiceDate: values.template.invoiceDate,
      dueDate: values.template.dueDate,
    },
    // numberOfRuns may be undefined while the input is empty: the schema reports it as required.
  }) as ScheduleInputBody;

/** The end of the first period for From and the cycle, or '' while From is not a valid date. */
const prefilledPeriodTo = (periodFrom: string, cycle: Cycle): string =>
  isCalendarDate(periodFrom) && isCycle(cycle) ? defaultPeriodTo(periodFrom, cycle) : '';

/** RTK Query error → the server's 400/404 `details.errors` per form field. */
export const scheduleServerErrors = (error: unknown): ScheduleFieldErrors => serverFieldErrors(error, isFieldPath);

/* -------------------------------------------------------------------------------------------------
 * useScheduleForm
 * -----------------------------------------------------------------------------------------------*/

export interface ScheduleFormState {
  values: ScheduleFormValues;
  errors: ScheduleFieldErrors;
  /** whether the values differ from the ones loaded (or the empty form) */
  isDirty: boolean;
  onChange: <P extends ScheduleFieldPath>(path: P, value: FieldValue<P>) => void;
  setErrors: (errors: ScheduleFieldErrors) => void;
  /** Validates with the shared schema: the body, or null after showing the messages on their fields. */
  validate: () => ScheduleInputBody | null;
  /** Starts again from a saved schedule. */
  reset: (schedule: Schedule) => void;
}

/**
 * The state of a schedule form. "To and including" follows From and the cycle (the end of a regular
 * first period) until the user enters another date; an emptied "To and including" follows again.
 */
export const useScheduleForm = (schedule?: Schedule | null): ScheduleFormState => {
  const { formatMessage } = useIntl();
  const initial = React.useMemo(() => (schedule ? scheduleToValues(schedule) : emptyScheduleValues()), [schedule]);
  const [values, setValues] = React.useState<ScheduleFormValues>(initial);
  const [baseline, setBaseline] = React.useState<ScheduleFormValues>(initial);
  const [errors, setErrors] = React.useState<ScheduleFieldErrors>({});
  /** true once the user entered a "To and including" other than the prefilled one */
  const periodToEdited = React.useRef(
    Boolean(schedule) && initial.periodTo !== prefilledPeriodTo(initial.periodFrom, initial.template.cycle),
  );

  const reset = React.useCallback((next: Schedule) => {
    const nextValues = scheduleToValues(next);
    setValues(nextValues);
    setBaseline(nextValues);
    setErrors({});
    periodToEdited.current = nextValues.periodTo !== prefilledPeriodTo(nextValues.periodFrom, nextValues.template.cycle);
  }, []);

  const onChange = React.useCallback(<P extends ScheduleFieldPath>(path: P, value: FieldValue<P>) => {
    setValues((current) => {
      let next = setValue(current, path, value);
      if (path === 'periodTo') {
        const prefilled = prefilledPeriodTo(next.periodFrom, next.template.cycle);
        periodToEdited.current = value !== '' && value !== prefilled;
      } else if ((path === 'periodFrom' || path === 'template.cycle') && !periodToEdited.current) {
        next = setValue(next, 'periodTo', prefilledPeriodTo(next.periodFrom, next.template.cycle));
      }
      return next;
    });
    setErrors((current) => {
      const stale = [path, ...(path === 'periodFrom' || path === 'template.cycle' ? ['periodTo'] : [])] as ScheduleFieldPath[];
      if (!stale.some((p) => current[p] !== undefined)) return current;
      const next = { ...current };
      for (const p of stale) delete next[p];
      return next;
    });
  }, []);

  /** A translated message for a client-side issue on `path` (the schema's own sentences are English). */
  const clientMessage = React.useCallback(
    (path: ScheduleFieldPath, fallback: string, current: ScheduleFormValues): string => {
      const value = getValue(current, path);
      const required = () =>
        formatMessage({ id: getTranslation('form.error.required'), defaultMessage: 'This field is required.' });
      switch (path) {
        case 'name':
        case 'template.name':
        case 'template.invoiceName':
        case 'description':
        case 'template.description': {
          if (typeof value === 'string' && value.trim() === '') return required();
          const max = path.endsWith('description') ? 5000 : 255;
          return formatMessage(
            { id: getTranslation('form.error.tooLong'), defaultMessage: 'Use at most {max} characters.' },
            { max },
          );
        }
        case 'numberOfRuns':
          return formatMessage(
            { id: getTranslation('form.error.numberOfRuns'), defaultMessage: 'Enter a whole number from 1 to {max}.' },
            { max: MAX_NUMBER_OF_RUNS },
          );
        case 'template.cycle':
        case 'template.invoiceNameFormat':
          return formatMessage({ id: getTranslation('form.error.choice'), defaultMessage: 'Choose one of the options.' });
        case 'template.invoiceCategory':
          return fallback;
        case 'periodFrom':
        case 'periodTo':
        case 'template.invoiceDate':
        case 'template.dueDate': {
          if (value === '') return required();
          if (!isCalendarDate(value)) {
            return formatMessage({ id: getTranslation('form.error.date'), defaultMessage: 'Enter a valid date.' });
          }
          if (path === 'template.dueDate') {
            return formatMessage({
              id: getTranslation('form.error.dueDate'),
              defaultMessage: 'The due date must be on or after the invoice date.',
            });
          }
          if (path === 'periodTo' && isCalendarDate(current.periodFrom)) {
            if (compareDates(value, current.periodFrom) < 0) {
              return formatMessage({
                id: getTranslation('form.error.periodToBeforeFrom'),
                defaultMessage: 'To and including must be on or after From.',
              });
            }
            return formatMessage(
              {
                id: getTranslation('form.error.periodToTooLate'),
                defaultMessage:
                  'To and including must be before {limit}: the first period may be at most one cycle longer than a regular one.',
              },
              { limit: addCycles(current.periodFrom, current.template.cycle, 2) },
            );
          }
          return fallback;
        }
        default:
          return fallback;
      }
    },
    [formatMessage],
  );

  const validateForm = React.useCallback((): ScheduleInputBody | null => {
    const body = valuesToBody(values);
    const result = validate(scheduleInputSchema, body);
    if (result.ok) {
      setErrors({});
      return body;
    }
    setErrors(issuesToFieldErrors(result.errors, isFieldPath, (path, message) => clientMessage(path, message, values)));
    return null;
  }, [values, clientMessage]);

  const isDirty = React.useMemo(() => JSON.stringify(values) !== JSON.stringify(baseline), [values, baseline]);

  return { values, errors, isDirty, onChange, setErrors, validate: validateForm, reset };
};

/* -------------------------------------------------------------------------------------------------
 * ScheduleForm
 * -----------------------------------------------------------------------------------------------*/

export interface ScheduleFormProps {
  form: Pick<ScheduleFormState, 'values' | 'errors' | 'onChange'>;
  disabled?: boolean;
  /** Disables the period and cycle fields (the server refuses to re-time a schedule with started runs). */
  lockTiming?: boolean;
  /** Disables the number of runs (the schedule of an ad hoc run has exactly one). */
  lockNumberOfRuns?: boolean;
}

/** What every field reads from the form around it: values, errors, the change handler, disabled. */
interface FieldsContextValue extends Pick<ScheduleFormState, 'values' | 'errors' | 'onChange'> {
  disabled: boolean;
}

const FieldsContext = React.createContext<FieldsContextValue | null>(null);

const useFields = (): FieldsContextValue => {
  const context = React.useContext(FieldsContext);
  if (!context) throw new Error('A schedule field must be rendered inside ScheduleForm.');
  return context;
};

/** The label and hint of each field (a hint may use `{max}`, the largest number of runs). */
const FIELD_TEXTS: Readonly<Record<ScheduleFieldPath, { label: MessageDescriptor; hint: MessageDescriptor }>> = {
  name: {
    label: { id: getTranslation('form.name'), defaultMessage: 'Name' },
    hint: { id: getTranslation('form.name.hint'), defaultMessage: 'The name of the invoice run schedule' },
  },
  description: {
    label: { id: getTranslation('form.description'), defaultMessage: 'Description' },
    hint: { id: getTranslation('form.description.hint'), defaultMessage: 'The description of the schedule' },
  },
  periodFrom: {
    label: { id: getTranslation('form.periodFrom'), defaultMessage: 'From' },
    hint: { id: getTranslation('form.periodFrom.hint'), defaultMessage: 'The start date of the first invoice period' },
  },
  periodTo: {
    label: { id: getTranslation('form.periodTo'), defaultMessage: 'To and including' },
    hint: {
      id: getTranslation('form.periodTo.hint'),
      defaultMessage:
        'The end date of the first invoice period, filled in from From and the cycle (for a monthly run: one month after From, minus one day)',
    },
  },
  numberOfRuns: {
    label: { id: getTranslation('form.numberOfRuns'), defaultMessage: 'Number of runs' },
    hint: {
      id: getTranslation('form.numberOfRuns.hint'),
      defaultMessage: 'How many invoice runs the schedule generates, one per period (1 to {max})',
    },
  },
  'template.name': {
    label: { id: getTranslation('form.template.name'), defaultMessage: 'Name' },
    hint: {
      id: getTranslation('form.template.name.hint'),
      defaultMessage: 'The name of your invoice run template; every generated invoice run gets this name',
    },
  },
  'template.description': {
    label: { id: getTranslation('form.template.description'), defaultMessage: 'Description' },
    hint: {
      id: getTranslation('form.template.description.hint'),
      defaultMessage: 'The description of your invoice run template',
    },
  },
  'template.cycle': {
    label: { id: getTranslation('form.template.cycle'), defaultMessage: 'Cycle' },
    hint: {
      id: getTranslation('form.template.cycle.hint'),
      defaultMessage: 'The cycle of your invoice run (Weekly/Monthly/Yearly etc.)',
    },
  },
  'template.invoiceName': {
    label: { id: getTranslation('form.template.invoiceName'), defaultMessage: 'Invoice name' },
    hint: { id: getTranslation('form.template.invoiceName.hint'), defaultMessage: 'The name of your invoice' },
  },
  'template.invoiceNameFormat': {
    label: { id: getTranslation('form.template.invoiceNameFormat'), defaultMessage: 'Invoice name format' },
    hint: {
      id: getTranslation('form.template.invoiceNameFormat.hint'),
      defaultMessage: 'You can select a format for the invoice name',
    },
  },
  'template.invoiceCategory': {
    label: { id: getTranslation('form.template.invoiceCategory'), defaultMessage: 'Invoice category' },
    hint: { id: getTranslation('form.template.invoiceCategory.hint'), defaultMessage: 'Select the invoice category' },
  },
  'template.invoiceDate': {
    label: { id: getTranslation('form.template.invoiceDate'), defaultMessage: 'Invoice date' },
    hint: {
      id: getTranslation('form.template.invoiceDate.hint'),
      defaultMessage: 'The invoice date of the first invoice run; every next run moves one cycle on',
    },
  },
  'template.dueDate': {
    label: { id: getTranslation('form.template.dueDate'), defaultMessage: 'Due date' },
    hint: {
      id: getTranslation('form.template.dueDate.hint'),
      defaultMessage: "The due date of the first invoice run's invoices",
    },
  },
};

/** What a field declares: its body path (also the input's `name`, and the key of its texts) and place in the grid. */
interface FieldProps<P extends ScheduleFieldPath> {
  path: P;
  /** Grid columns out of 12 (6 unless said). */
  col?: number;
  required?: boolean;
  /** Disabled even while the form is not (e.g. the timing of a schedule with started runs). */
  locked?: boolean;
}

/** The label, hint and error message (from the form) around one input, in a grid cell. */
const FieldShell = ({
  path,
  col = 6,
  required,
  children,
}: Omit<FieldProps<ScheduleFieldPath>, 'locked'> & { children: React.ReactNode }) => {
  const { formatMessage } = useIntl();
  const { errors } = useFields();
  const texts = FIELD_TEXTS[path];
  return (
    <Grid.Item col={col} xs={12} direction="column" alignItems="stretch">
      <Field.Root
        name={path}
        hint={formatMessage(texts.hint, { max: MAX_NUMBER_OF_RUNS })}
        error={errors[path]}
        required={required}
      >
        <Field.Label>{formatMessage(texts.label)}</Field.Label>
        {children}
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );
};

/** The fields typed as free text or as a date. */
type TextPath =
  | 'name'
  | 'description'
  | 'periodFrom'
  | 'periodTo'
  | `template.${'name' | 'description' | 'invoiceName' | 'invoiceDate' | 'dueDate'}`;

/** A one-line text (the default), a multi-line text or a native date input (`YYYY-MM-DD`). */
const TextField = ({
  kind = 'text',
  locked = false,
  ...shell
}: FieldProps<TextPath> & { kind?: 'text' | 'textarea' | 'date' }) => {
  const { values, onChange, disabled } = useFields();
  const input = {
    name: shell.path,
    value: getValue(values, shell.path),
    disabled: disabled || locked,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(shell.path, e.target.value),
  };
  return (
    <FieldShell {...shell}>
      {kind === 'textarea' ? (
        <Textarea {...input} />
      ) : kind === 'date' ? (
        <TextInput type="date" {...input} />
      ) : (
        <TextInput autoComplete="off" {...input} />
      )}
    </FieldShell>
  );
};

/** The fields chosen from a list. */
type ChoicePath = `template.${'cycle' | 'invoiceNameFormat' | 'invoiceCategory'}`;

interface SelectFieldProps<P extends ChoicePath> extends FieldProps<P> {
  options: ReadonlyArray<{ value: FieldValue<P>; label: string }>;
  /** For a field that may stay empty: the text shown then, and how to empty it. */
  placeholder?: string;
  clearLabel?: string;
  onClear?: () => void;
  loading?: boolean;
}

/** A design-system select; only one of its options can be chosen. */
const SelectField = <P extends ChoicePath>({
  options,
  placeholder,
  clearLabel,
  onClear,
  loading,
  locked = false,
  ...shell
}: SelectFieldProps<P>) => {
  const { values, onChange, disabled } = useFields();
  return (
    <FieldShell {...shell}>
      <SingleSelect
        name={shell.path}
        value={getValue(values, shell.path)}
        disabled={disabled || locked}
        loading={loading}
        placeholder={placeholder}
        clearLabel={clearLabel}
        onClear={onClear}
        onChange={(value) => {
          const option = options.find((o) => o.value === value);
          if (option) onChange(shell.path, option.value);
        }}
      >
        {options.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {option.label}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </FieldShell>
  );
};

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
      <Grid.Root gap={6}>{children}</Grid.Root>
    </Flex>
  </Box>
);

/**
 * The fields of an invoice run schedule, in the seed manual's two sections: "Invoice run schedule"
 * and "Invoice run template". Every input's `name` is its path in the request body
 * (`periodFrom`, `template.invoiceDate`, …). Dates are native date inputs, so their value is always
 * `YYYY-MM-DD` with no time zone involved.
 */
export const ScheduleForm = ({ form, disabled = false, lockTiming = false, lockNumberOfRuns = false }: ScheduleFormProps) => {
  const { formatMessage } = useIntl();
  const { values, errors, onChange } = form;
  const { data: categories = [], isLoading: isLoadingCategories } = useGetInvoiceCategoriesQuery();
  const fields = React.useMemo(() => ({ values, errors, onChange, disabled }), [values, errors, onChange, disabled]);

  return (
    <FieldsContext.Provider value={fields}>
      <Flex direction="column" alignItems="stretch" gap={6}>
        <Section title={formatMessage({ id: getTranslation('form.section.schedule'), defaultMessage: 'Invoice run schedule' })}>
          <TextField path="name" col={12} required />
          <TextField path="description" kind="textarea" col={12} />
          <TextField path="periodFrom" kind="date" col={4} required locked={lockTiming} />
          <TextField path="periodTo" kind="date" col={4} locked={lockTiming} />
          <FieldShell path="numberOfRuns" col={4} required>
            <NumberInput
              name="numberOfRuns"
              step={1}
              value={values.numberOfRuns}
              disabled={disabled || lockNumberOfRuns}
              onValueChange={(value) => onChange('numberOfRuns', value)}
            />
          </FieldShell>
        </Section>

        <Section title={formatMessage({ id: getTranslation('form.section.template'), defaultMessage: 'Invoice run template' })}>
          <TextField path="template.name" col={12} required />
          <TextField path="template.description" kind="textarea" col={12} />
          <SelectField
            path="template.cycle"
            col={4}
            required
            locked={lockTiming}
            options={CYCLES.map((cycle) => ({ value: cycle, label: formatMessage(CYCLE_MESSAGES[cycle]) }))}
          />
          <TextField path="template.invoiceName" col={4} required />
          <SelectField
            path="template.invoiceNameFormat"
            col={4}
            required
            options={INVOICE_NAME_FORMATS.map((format) => ({
              value: format,
              label: formatMessage(INVOICE_NAME_FORMAT_MESSAGES[format]),
            }))}
          />
          <SelectField
            path="template.invoiceCategory"
            col={4}
            options={categories.map((category) => ({ value: category.documentId, label: category.name }))}
            loading={isLoadingCategories}
            placeholder={formatMessage({
              id: getTranslation('form.template.invoiceCategory.none'),
              defaultMessage: 'No category',
            })}
            clearLabel={formatMessage({
              id: getTranslation('form.template.invoiceCategory.clear'),
              defaultMessage: 'Remove the invoice category',
            })}
            onClear={() => onChange('template.invoiceCategory', '')}
          />
          <TextField path="template.invoiceDate" kind="date" col={4} required locked={lockTiming} />
          <TextField path="template.dueDate" kind="date" col={4} required locked={lockTiming} />
        </Section>
      </Flex>
    </FieldsContext.Provider>
  );
};
