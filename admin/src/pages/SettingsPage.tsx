import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Toggle,
  Typography,
} from '@strapi/design-system';
import { Check, Cross, Image } from '@strapi/icons';
import { Layouts, Page, useAPIErrorHandler, useNotification, useRBAC, useStrapiApp } from '@strapi/strapi/admin';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { UpdateSettings } from '../../../shared/contracts/settings';
import {
  LANGUAGES,
  type Language,
  numberPrefixProblem,
  type Seller,
  settingsUpdateSchema,
  type Settings,
  validate,
} from '../../../shared/validation';
import { PERMISSIONS } from '../constants';
import { useGetInvoicingMediaFileQuery, useGetInvoicingSettingsQuery, useUpdateInvoicingSettingsMutation } from '../services/api';
import { type FieldErrors, issuesToFieldErrors, pathGuard, serverFieldErrors } from '../utils/fieldErrors';
import { getTranslation } from '../utils/getTranslation';

/* -------------------------------------------------------------------------------------------------
 * Form model
 * -----------------------------------------------------------------------------------------------*/

type NumberKey = 'activationDaysBefore' | 'sendRatePerSecond';
type TopKey = Exclude<keyof Settings, 'seller'>;
type BooleanKey = { [K in TopKey]: Settings[K] extends boolean ? K : never }[TopKey];
type SellerTextKey = Exclude<keyof Seller, 'logo' | 'paymentTerms' | 'defaultLanguage'>;

/** The form's values: a number input is empty (undefined) while the admin clears it. */
type FormValues = Omit<Settings, NumberKey> & Record<NumberKey, number | undefined>;

const TOP_KEYS: readonly TopKey[] = [
  'activationDaysBefore',
  'autoApprove',
  'autoGenerateAmounts',
  'autoGenerateInvoices',
  'requireDifferentApprover',
  'invoiceNumberPrefix',
  'creditNotePrefix',
  'timezone',
  'sendRatePerSecond',
  'autoSendInvoices',
  'defaultLedgerAccount',
];

/** Every field of the form by its body path (the paths of a 400's `details.errors`). */
const FIELD_PATHS = [
  ...TOP_KEYS,
  'seller.legalName',
  'seller.street',
  'seller.postalCode',
  'seller.city',
  'seller.countryCode',
  'seller.vatNumber',
  'seller.companyId',
  'seller.iban',
  'seller.bic',
  'seller.email',
  'seller.phone',
  'seller.website',
  'seller.logo',
  'seller.paymentTerms.en',
  'seller.paymentTerms.nl',
  'seller.emailFrom',
  'seller.emailReplyTo',
  'seller.defaultLanguage',
  'seller.electronicAddress',
] as const;

type FieldPath = (typeof FIELD_PATHS)[number];
const isFieldPath = pathGuard(FIELD_PATHS);

/**
 * The PUT body: the settings that differ from what was loaded (an emptied number becomes null, which
 * the schema refuses), and the whole seller when any of its fields changed.
 */
const changedValues = (initial: Settings, values: FormValues): UpdateSettings.Request['body'] => {
  const body: Record<string, unknown> = {};
  for (const key of TOP_KEYS) {
    const value = values[key];
    if (value !== initial[key]) body[key] = value === undefined ? null : value;
  }
  if (JSON.stringify(values.seller) !== JSON.stringify(initial.seller)) body.seller = values.seller;
  return body as UpdateSettings.Request['body'];
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
 * Messages
 * -----------------------------------------------------------------------------------------------*/

const SELLER_LABELS: Record<SellerTextKey, MessageDescriptor> = {
  legalName: { id: getTranslation('settings.seller.legalName.label'), defaultMessage: 'Legal name' },
  street: { id: getTranslation('settings.seller.street.label'), defaultMessage: 'Street and number' },
  postalCode: { id: getTranslation('settings.seller.postalCode.label'), defaultMessage: 'Postal code' },
  city: { id: getTranslation('settings.seller.city.label'), defaultMessage: 'City' },
  countryCode: { id: getTranslation('settings.seller.countryCode.label'), defaultMessage: 'Country code' },
  vatNumber: { id: getTranslation('settings.seller.vatNumber.label'), defaultMessage: 'VAT number' },
  companyId: { id: getTranslation('settings.seller.companyId.label'), defaultMessage: 'Chamber of commerce number' },
  iban: { id: getTranslation('settings.seller.iban.label'), defaultMessage: 'IBAN' },
  bic: { id: getTranslation('settings.seller.bic.label'), defaultMessage: 'BIC' },
  email: { id: getTranslation('settings.seller.email.label'), defaultMessage: 'E-mail' },
  phone: { id: getTranslation('settings.seller.phone.label'), defaultMessage: 'Phone' },
  website: { id: getTranslation('settings.seller.website.label'), defaultMessage: 'Website' },
  emailFrom: { id: getTranslation('settings.seller.emailFrom.label'), defaultMessage: 'Send invoices from (e-mail)' },
  emailReplyTo: { id: getTranslation('settings.seller.emailReplyTo.label'), defaultMessage: 'Reply-to e-mail' },
  electronicAddress: { id: getTranslation('settings.seller.electronicAddress.label'), defaultMessage: 'Electronic address (Peppol)' },
};

const EMAIL_ERROR = { id: getTranslation('settings.seller.email.error'), defaultMessage: 'Enter a valid e-mail address.' };
const TEXT_ERROR = { id: getTranslation('settings.seller.text.error'), defaultMessage: 'This text is too long or contains an invalid character.' };

/** Translated client-side messages per field (the shared schema's sentences are English). */
const CLIENT_ERRORS: Partial<Record<FieldPath, MessageDescriptor>> = {
  activationDaysBefore: { id: getTranslation('settings.activationDaysBefore.error'), defaultMessage: 'Enter a whole number from 0 to 365.' },
  invoiceNumberPrefix: { id: getTranslation('settings.invoiceNumberPrefix.error'), defaultMessage: 'Use at most 20 characters: letters, digits and . _ / -' },
  creditNotePrefix: { id: getTranslation('settings.creditNotePrefix.error'), defaultMessage: 'Use at most 20 characters: letters, digits and . _ / -' },
  defaultLedgerAccount: { id: getTranslation('settings.defaultLedgerAccount.error'), defaultMessage: 'Enter at most 40 characters: letters, digits, spaces and . _ / -, starting with a letter or digit.' },
  timezone: { id: getTranslation('settings.timezone.error'), defaultMessage: 'Enter a known IANA time zone, for example UTC or Europe/Amsterdam.' },
  sendRatePerSecond: { id: getTranslation('settings.sendRatePerSecond.error'), defaultMessage: 'Enter a whole number from 0 to 1000.' },
  'seller.countryCode': { id: getTranslation('settings.seller.countryCode.error'), defaultMessage: 'Enter a two-letter country code, for example NL or BE.' },
  'seller.vatNumber': { id: getTranslation('settings.seller.vatNumber.error'), defaultMessage: 'Enter a VAT number with its country prefix, for example NL123456789B01.' },
  'seller.iban': { id: getTranslation('settings.seller.iban.error'), defaultMessage: 'Enter a valid IBAN, for example NL91ABNA0417164300.' },
  'seller.bic': { id: getTranslation('settings.seller.bic.error'), defaultMessage: 'Enter a BIC of 8 or 11 characters, for example ABNANL2A.' },
  'seller.email': EMAIL_ERROR,
  'seller.emailFrom': EMAIL_ERROR,
  'seller.emailReplyTo': EMAIL_ERROR,
  'seller.electronicAddress': { id: getTranslation('settings.seller.electronicAddress.error'), defaultMessage: 'Enter a Peppol id as scheme:id, for example 0106:12345678 or 9944:NL123456789B01.' },
  'seller.defaultLanguage': { id: getTranslation('settings.seller.defaultLanguage.error'), defaultMessage: 'Choose English or Dutch.' },
};

const LANGUAGE_LABELS: Record<Language, MessageDescriptor> = {
  en: { id: getTranslation('settings.language.en'), defaultMessage: 'English' },
  nl: { id: getTranslation('settings.language.nl'), defaultMessage: 'Dutch' },
};

/** The credit note prefix equals the invoice number prefix (shared/validation `numberPrefixProblem`). */
const PREFIX_CLASH_ERROR = {
  id: getTranslation('settings.creditNotePrefix.sameAsInvoice'),
  defaultMessage: 'Use a different prefix than the invoice number prefix, so that credit notes and invoices never share a number.',
};

const BOOLEAN_ERROR = { id: getTranslation('settings.boolean.error'), defaultMessage: 'Choose yes or no.' };

/* -------------------------------------------------------------------------------------------------
 * LogoField: the seller's logo from the Media Library
 * -----------------------------------------------------------------------------------------------*/

interface LogoFieldProps {
  value: number | null;
  error?: string;
  disabled: boolean;
  onChange: (id: number | null) => void;
}

/** The upload plugin's URLs are relative to the backend. */
const backendUrl = (url: string): string =>
  url.startsWith('/') ? `${(window as { strapi?: { backendURL?: string } }).strapi?.backendURL ?? ''}${url}` : url;

const LogoField = ({ value, error, disabled, onChange }: LogoFieldProps) => {
  const { formatMessage } = useIntl();
  const [isOpen, setIsOpen] = React.useState(false);
  // The upload plugin registers its Media Library dialog as the admin component `media-library`.
  const components = useStrapiApp('LogoField', (state) => state.components);
  const MediaLibraryDialog = components['media-library'] as
    | React.ComponentType<{
        allowedTypes: string[];
        multiple: boolean;
        onClose: () => void;
        onSelectAssets: (assets: Array<{ id: number }>) => void;
      }>
    | undefined;
  const { data: file, isError } = useGetInvoicingMediaFileQuery(value ?? 0, { skip: value === null });
  const thumbnail = file ? (file.formats?.thumbnail?.url ?? file.url) : null;

  return (
    <Field.Root name="seller.logo" hint={formatMessage({ id: getTranslation('settings.seller.logo.hint'), defaultMessage: 'An image from the Media Library, shown on the invoices.' })} error={error}>
      <Field.Label>{formatMessage({ id: getTranslation('settings.seller.logo.label'), defaultMessage: 'Logo' })}</Field.Label>
      <Flex gap={4} alignItems="center">
        <Flex
          width="8rem"
          height="5rem"
          justifyContent="center"
          alignItems="center"
          background="neutral100"
          hasRadius
          borderColor="neutral200"
        >
          {thumbnail && file?.mime.startsWith('image/') ? (
            <img src={backendUrl(thumbnail)} alt={file.name} style={{ maxWidth: '100%', maxHeight: '100%' }} />
          ) : (
            <Image aria-hidden />
          )}
        </Flex>
        <Flex direction="column" alignItems="flex-start" gap={2}>
          <Typography variant="pi" textColor="neutral600">
            {value === null
              ? formatMessage({ id: getTranslation('settings.seller.logo.none'), defaultMessage: 'No logo chosen.' })
              : file && !isError
                ? file.name
                : formatMessage({ id: getTranslation('settings.seller.logo.file'), defaultMessage: 'Media Library file {id}' }, { id: value })}
          </Typography>
          <Flex gap={2}>
            <Button variant="secondary" size="S" startIcon={<Image />} disabled={disabled || !MediaLibraryDialog} onClick={() => setIsOpen(true)}>
              {formatMessage({ id: getTranslation('settings.seller.logo.choose'), defaultMessage: 'Choose logo' })}
            </Button>
            {value !== null ? (
              <Button variant="tertiary" size="S" startIcon={<Cross />} disabled={disabled} onClick={() => onChange(null)}>
                {formatMessage({ id: getTranslation('settings.seller.logo.remove'), defaultMessage: 'Remove logo' })}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </Flex>
      <Field.Hint />
      <Field.Error />
      {isOpen && MediaLibraryDialog ? (
        <MediaLibraryDialog
          allowedTypes={['images']}
          multiple={false}
          onClose={() => setIsOpen(false)}
          onSelectAssets={(assets) => {
            if (assets[0]) onChange(Number(assets[0].id));
            setIsOpen(false);
          }}
        />
      ) : null}
    </Field.Root>
  );
};

/* -------------------------------------------------------------------------------------------------
 * SettingsPage
 * -----------------------------------------------------------------------------------------------*/

const Section = ({ title, hint, children }: { title: string; hint?: string; children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {hint ? (
          <Typography variant="pi" textColor="neutral600">
            {hint}
          </Typography>
        ) : null}
      </Flex>
      <Grid.Root gap={6}>{children}</Grid.Root>
    </Flex>
  </Box>
);

const SettingsPage = () => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  const {
    allowedActions: { canUpdate },
    isLoading: isLoadingPermissions,
  } = useRBAC(PERMISSIONS.settings);
  const { data: initial, isError: loadFailed } = useGetInvoicingSettingsQuery();
  const [updateSettings, { isLoading: isSubmitting }] = useUpdateInvoicingSettingsMutation();

  const [values, setValues] = React.useState<FormValues | null>(null);
  const [errors, setErrors] = React.useState<FieldErrors<FieldPath>>({});
  const timeZones = React.useMemo(timeZoneSuggestions, []);

  // The form follows what the server holds: on load and after every save (the query refetches).
  React.useEffect(() => {
    if (initial) setValues(initial);
  }, [initial]);

  const clearError = (path: FieldPath) =>
    setErrors((current) => {
      if (current[path] === undefined) return current;
      const next = { ...current };
      delete next[path];
      return next;
    });

  const setValue = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((current) => (current ? { ...current, [key]: value } : current));
    clearError(key as FieldPath);
  };

  const setSeller = <K extends keyof Seller>(key: K, value: Seller[K], path: FieldPath = `seller.${key}` as FieldPath) => {
    setValues((current) => (current ? { ...current, seller: { ...current.seller, [key]: value } } : current));
    clearError(path);
  };

  const clientMessage = (path: FieldPath): string => {
    const descriptor = CLIENT_ERRORS[path] ?? (path.startsWith('seller.') ? TEXT_ERROR : BOOLEAN_ERROR);
    return formatMessage(descriptor);
  };

  const handleSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!canUpdate || !initial || !values || isSubmitting) return;

    const body = changedValues(initial, values);
    if (Object.keys(body).length === 0) {
      toggleNotification({ type: 'info', message: formatMessage({ id: getTranslation('settings.notification.unchanged'), defaultMessage: 'There are no changes to save.' }) });
      return;
    }

    const result = validate(settingsUpdateSchema, body);
    // The two number prefixes as they would be stored: they must differ (the server checks it too).
    const prefixClash =
      'invoiceNumberPrefix' in body || 'creditNotePrefix' in body
        ? numberPrefixProblem({ invoiceNumberPrefix: values.invoiceNumberPrefix, creditNotePrefix: values.creditNotePrefix })
        : null;
    if (!result.ok || prefixClash) {
      setErrors({
        ...(prefixClash ? { creditNotePrefix: formatMessage(PREFIX_CLASH_ERROR) } : {}),
        ...(result.ok ? {} : issuesToFieldErrors(result.errors, isFieldPath, clientMessage)),
      });
      toggleNotification({ type: 'warning', message: formatMessage({ id: getTranslation('settings.notification.invalid'), defaultMessage: 'Correct the highlighted fields and save again.' }) });
      return;
    }

    // The body as typed: the server normalises it (e.g. an IBAN without spaces) and answers the result.
    const res = await updateSettings(body);
    if ('error' in res) {
      const fieldErrors = serverFieldErrors(res.error, isFieldPath);
      setErrors(fieldErrors);
      toggleNotification({
        type: 'danger',
        message:
          Object.keys(fieldErrors).length > 0
            ? formatMessage({ id: getTranslation('settings.notification.invalid'), defaultMessage: 'Correct the highlighted fields and save again.' })
            : formatAPIError(res.error as Parameters<typeof formatAPIError>[0]),
      });
      return;
    }
    setValues(res.data);
    setErrors({});
    toggleNotification({ type: 'success', message: formatMessage({ id: getTranslation('settings.notification.saved'), defaultMessage: 'The settings have been saved.' }) });
  };

  if (loadFailed) return <Page.Error />;
  if (isLoadingPermissions || !values) return <Page.Loading />;

  const readOnly = !canUpdate;

  const toggleField = (key: BooleanKey, label: MessageDescriptor, hint: MessageDescriptor) => (
    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={key} hint={formatMessage(hint)} error={errors[key]}>
        <Field.Label>{formatMessage(label)}</Field.Label>
        <Toggle
          checked={values[key]}
          onLabel={formatMessage({ id: getTranslation('common.yes'), defaultMessage: 'Yes' })}
          offLabel={formatMessage({ id: getTranslation('common.no'), defaultMessage: 'No' })}
          disabled={readOnly}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue(key, e.target.checked)}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );

  const numberField = (key: NumberKey, label: MessageDescriptor, hint: MessageDescriptor) => (
    <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={key} required hint={formatMessage(hint)} error={errors[key]}>
        <Field.Label>{formatMessage(label)}</Field.Label>
        <NumberInput name={key} step={1} value={values[key]} disabled={readOnly} onValueChange={(value) => setValue(key, value)} />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );

  const sellerText = (key: SellerTextKey, col = 6, hint?: MessageDescriptor) => {
    const path = `seller.${key}` as const;
    return (
      <Grid.Item col={col} xs={12} direction="column" alignItems="stretch">
        <Field.Root name={path} hint={hint ? formatMessage(hint) : undefined} error={errors[path]}>
          <Field.Label>{formatMessage(SELLER_LABELS[key])}</Field.Label>
          <TextInput
            name={path}
            autoComplete="off"
            value={values.seller[key]}
            disabled={readOnly}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSeller(key, e.target.value)}
          />
          {hint ? <Field.Hint /> : null}
          <Field.Error />
        </Field.Root>
      </Grid.Item>
    );
  };

  const paymentTerms = (language: Language, label: MessageDescriptor) => {
    const path = `seller.paymentTerms.${language}` as const;
    return (
      <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
        <Field.Root name={path} error={errors[path]}>
          <Field.Label>{formatMessage(label)}</Field.Label>
          <Textarea
            name={path}
            value={values.seller.paymentTerms[language]}
            disabled={readOnly}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) =>
              setSeller('paymentTerms', { ...values.seller.paymentTerms, [language]: e.target.value }, path)
            }
          />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
    );
  };

  return (
    <Page.Main tabIndex={-1}>
      <Page.Title>{formatMessage({ id: getTranslation('settings.page.title'), defaultMessage: 'Settings - Invoicing' })}</Page.Title>
      <form noValidate onSubmit={handleSubmit}>
        <Layouts.Header
          title={formatMessage({ id: getTranslation('settings.header.title'), defaultMessage: 'Invoicing' })}
          subtitle={formatMessage({ id: getTranslation('settings.header.subtitle'), defaultMessage: 'Configure when invoice runs are activated, which steps run automatically and the seller shown on invoices.' })}
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
                {formatMessage({ id: getTranslation('settings.readOnly'), defaultMessage: 'You may view these settings but not change them.' })}
              </Typography>
            ) : null}

            <Section title={formatMessage({ id: getTranslation('settings.section.runs'), defaultMessage: 'Invoice runs' })}>
              {numberField('activationDaysBefore', { id: getTranslation('settings.activationDaysBefore.label'), defaultMessage: 'Activate invoice run x days before start date' }, { id: getTranslation('settings.activationDaysBefore.hint'), defaultMessage: 'A run goes from On hold to Submitted this many days before its period starts (0 to 365).' })}
              <Grid.Item col={6} xs={12} />
              {toggleField('autoApprove', { id: getTranslation('settings.autoApprove.label'), defaultMessage: 'Automatically approve run' }, { id: getTranslation('settings.autoApprove.hint'), defaultMessage: 'Approve a run as soon as its amounts have been generated.' })}
              {toggleField('autoGenerateAmounts', { id: getTranslation('settings.autoGenerateAmounts.label'), defaultMessage: 'Automatically generate amounts invoice run' }, { id: getTranslation('settings.autoGenerateAmounts.hint'), defaultMessage: 'Generate the amounts to be invoiced as soon as a run is submitted.' })}
              {toggleField('autoGenerateInvoices', { id: getTranslation('settings.autoGenerateInvoices.label'), defaultMessage: 'Automatically generate invoices run' }, { id: getTranslation('settings.autoGenerateInvoices.hint'), defaultMessage: 'Generate the invoices as soon as a run is approved.' })}
              {toggleField('requireDifferentApprover', { id: getTranslation('settings.requireDifferentApprover.label'), defaultMessage: 'Approver must differ from the user who generated the amounts' }, { id: getTranslation('settings.requireDifferentApprover.hint'), defaultMessage: 'Four-eyes principle: applies when a run is approved by hand.' })}
            </Section>

            <Section title={formatMessage({ id: getTranslation('settings.section.general'), defaultMessage: 'Invoices and dates' })}>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="invoiceNumberPrefix" hint={formatMessage({ id: getTranslation('settings.invoiceNumberPrefix.hint'), defaultMessage: 'Placed before every invoice number, e.g. INV- gives INV-2026-000001. At most 20 characters.' })} error={errors.invoiceNumberPrefix}>
                  <Field.Label>{formatMessage({ id: getTranslation('settings.invoiceNumberPrefix.label'), defaultMessage: 'Invoice number prefix' })}</Field.Label>
                  <TextInput
                    name="invoiceNumberPrefix"
                    autoComplete="off"
                    value={values.invoiceNumberPrefix}
                    disabled={readOnly}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue('invoiceNumberPrefix', e.target.value)}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="creditNotePrefix" hint={formatMessage({ id: getTranslation('settings.creditNotePrefix.hint'), defaultMessage: 'Placed before every credit note number, e.g. CN- gives CN-2026-000001. Must differ from the invoice number prefix.' })} error={errors.creditNotePrefix}>
                  <Field.Label>{formatMessage({ id: getTranslation('settings.creditNotePrefix.label'), defaultMessage: 'Credit note number prefix' })}</Field.Label>
                  <TextInput
                    name="creditNotePrefix"
                    autoComplete="off"
                    value={values.creditNotePrefix ?? ''}
                    disabled={readOnly}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue('creditNotePrefix', e.target.value)}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="timezone" required hint={formatMessage({ id: getTranslation('settings.timezone.hint'), defaultMessage: 'The IANA time zone that decides which day it is for activation, e.g. Europe/Amsterdam.' })} error={errors.timezone}>
                  <Field.Label>{formatMessage({ id: getTranslation('settings.timezone.label'), defaultMessage: 'Time zone' })}</Field.Label>
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
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="defaultLedgerAccount" required hint={formatMessage({ id: getTranslation('settings.defaultLedgerAccount.hint'), defaultMessage: 'The ledger account of invoice lines in the journal export when their invoice category has none, e.g. 8000.' })} error={errors.defaultLedgerAccount}>
                  <Field.Label>{formatMessage({ id: getTranslation('settings.defaultLedgerAccount.label'), defaultMessage: 'Default ledger account' })}</Field.Label>
                  <TextInput
                    name="defaultLedgerAccount"
                    autoComplete="off"
                    spellCheck={false}
                    value={values.defaultLedgerAccount}
                    disabled={readOnly}
                    onChange={(e: React.ChangeEvent<HTMLInputElement>) => setValue('defaultLedgerAccount', e.target.value)}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            </Section>

            <Section title={formatMessage({ id: getTranslation('settings.section.sending'), defaultMessage: 'Sending' })}>
              {toggleField('autoSendInvoices', { id: getTranslation('settings.autoSendInvoices.label'), defaultMessage: 'Automatically send invoices' }, { id: getTranslation('settings.autoSendInvoices.hint'), defaultMessage: 'Send the invoices of a run as soon as they have been generated (used once invoices can be sent).' })}
              {numberField('sendRatePerSecond', { id: getTranslation('settings.sendRatePerSecond.label'), defaultMessage: 'Invoices sent per second' }, { id: getTranslation('settings.sendRatePerSecond.hint'), defaultMessage: 'Limits the sending speed for e-mail providers with limits; 0 means no limit (0 to 1000).' })}
            </Section>

            <Section title={formatMessage({ id: getTranslation('settings.section.seller'), defaultMessage: 'Seller' })} hint={formatMessage({ id: getTranslation('settings.seller.hint'), defaultMessage: 'Shown on every invoice. An invoice keeps the details it was generated with; later changes apply to new invoices only.' })}>
              {sellerText('legalName')}
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <LogoField
                  value={values.seller.logo}
                  error={errors['seller.logo']}
                  disabled={readOnly}
                  onChange={(id) => setSeller('logo', id)}
                />
              </Grid.Item>
              {sellerText('street')}
              {sellerText('postalCode', 3)}
              {sellerText('city', 3)}
              {sellerText('countryCode', 6, { id: getTranslation('settings.seller.countryCode.hint'), defaultMessage: 'Two letters (ISO 3166-1), for example NL or BE.' })}
              {sellerText('vatNumber')}
              {sellerText('companyId')}
              {sellerText('iban')}
              {sellerText('bic')}
              {sellerText('email')}
              {sellerText('phone')}
              {sellerText('website')}
              {sellerText('emailFrom')}
              {sellerText('emailReplyTo')}
              {sellerText('electronicAddress', 6, { id: getTranslation('settings.seller.electronicAddress.hint'), defaultMessage: 'scheme:id, for example 0106:12345678 (KvK) or 0208:0123456749 (Belgian enterprise number).' })}
              <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="seller.defaultLanguage"
                  required
                  hint={formatMessage({ id: getTranslation('settings.seller.defaultLanguage.hint'), defaultMessage: 'For debtors without a language of their own.' })}
                  error={errors['seller.defaultLanguage']}
                >
                  <Field.Label>{formatMessage({ id: getTranslation('settings.seller.defaultLanguage.label'), defaultMessage: 'Default invoice language' })}</Field.Label>
                  <SingleSelect
                    value={values.seller.defaultLanguage}
                    disabled={readOnly}
                    onChange={(value: string | number) => setSeller('defaultLanguage', String(value) as Language)}
                  >
                    {LANGUAGES.map((language) => (
                      <SingleSelectOption key={language} value={language}>
                        {formatMessage(LANGUAGE_LABELS[language])}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
              {paymentTerms('en', { id: getTranslation('settings.seller.paymentTerms.en.label'), defaultMessage: 'Payment terms (English)' })}
              {paymentTerms('nl', { id: getTranslation('settings.seller.paymentTerms.nl.label'), defaultMessage: 'Payment terms (Dutch)' })}
            </Section>
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
