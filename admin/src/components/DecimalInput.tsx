import * as React from 'react';
import { Field, TextInput } from '@strapi/design-system';
import { useIntl, type MessageDescriptor } from 'react-intl';

import { DECIMAL_LIMITS, decimalToText, parseDecimalInput, type DecimalInputResult } from '../utils/decimalInput';
import { getTranslation } from '../utils/getTranslation';

/**
 * The Content Manager input of the plugin's `money` and `decimal` custom fields (type `string`).
 *
 * The Content Manager renders it with the field's props and its form state spread in
 * (`name`, `label`, `hint`, `required`, `disabled`, `attribute`, `value`, `error`, `onChange`).
 * What the admin types is kept as typed; the form gets the canonical decimal string ("1234,50" →
 * "1234.5"), `null` when empty, or — for text that is not a decimal number — the raw text, so the
 * entry cannot be saved with it silently (the attribute's `regex` or the server refuses it) while the
 * field shows why.
 */
export interface DecimalInputProps {
  name: string;
  label?: React.ReactNode;
  hint?: React.ReactNode;
  labelAction?: React.ReactNode;
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  value?: unknown;
  /** the form's error for this field (validation, server) */
  error?: string;
  onChange: (eventOrPath: string, value?: unknown) => void;
  /** for a label-less use outside the Content Manager */
  'aria-label'?: string;
  /** the attribute's schema (the Content Manager passes it; other props it passes are ignored) */
  attribute?: { type?: string; customField?: string; required?: boolean };
}

interface Props extends DecimalInputProps {
  placeholderMessage: MessageDescriptor;
}

const ERROR_MESSAGES: Record<'format' | 'scale' | 'integerDigits', MessageDescriptor> = {
  format: {
    id: getTranslation('customField.error.format'),
    defaultMessage: 'Enter a decimal number such as 1234.56 or -25.00 (with "." or "," as decimal separator).',
  },
  scale: {
    id: getTranslation('customField.error.scale'),
    defaultMessage: 'Use at most {max} decimals.',
  },
  integerDigits: {
    id: getTranslation('customField.error.integerDigits'),
    defaultMessage: 'The number is too large: at most {max} digits before the decimal separator.',
  },
};

const LIMIT_VALUES = { scale: DECIMAL_LIMITS.maxScale, integerDigits: DECIMAL_LIMITS.maxIntegerDigits, format: 0 } as const;

/** The value the form should hold for what was typed. */
const formValueFor = (text: string, parsed: DecimalInputResult): string | null => {
  switch (parsed.kind) {
    case 'empty':
      return null;
    case 'valid':
      return parsed.value;
    default:
      return text.trim();
  }
};

const BaseDecimalInput = React.forwardRef<HTMLInputElement, Props>(
  (
    {
      name,
      label,
      hint,
      labelAction,
      placeholder,
      placeholderMessage,
      required = false,
      disabled = false,
      value,
      error,
      onChange,
      'aria-label': ariaLabel,
    },
    forwardedRef,
  ) => {
    const { formatMessage } = useIntl();
    const [text, setText] = React.useState(() => decimalToText(value));
    const [touched, setTouched] = React.useState(false);

    // Follow changes made outside this input (form reset, another locale, data loaded) without
    // rewriting what is being typed: only when the form value no longer matches the text.
    React.useEffect(() => {
      setText((current) => {
        const expected = formValueFor(current, parseDecimalInput(current));
        const incoming = value === undefined || value === null || value === '' ? null : decimalToText(value);
        return expected === incoming ? current : decimalToText(value);
      });
    }, [value]);

    const parsed = parseDecimalInput(text);
    const ownError =
      parsed.kind === 'invalid'
        ? formatMessage(ERROR_MESSAGES[parsed.reason], { max: LIMIT_VALUES[parsed.reason] })
        : parsed.kind === 'incomplete' && touched
          ? formatMessage(ERROR_MESSAGES.format)
          : undefined;
    const shownError = ownError ?? (typeof error === 'string' && error !== '' ? error : undefined);

    const handleChange = (event: React.ChangeEvent<HTMLInputElement>) => {
      const next = event.target.value;
      setText(next);
      const nextValue = formValueFor(next, parseDecimalInput(next));
      onChange(name, nextValue);
    };

    return (
      <Field.Root name={name} hint={hint} error={shownError} required={required}>
        {label ? <Field.Label action={labelAction}>{label}</Field.Label> : null}
        <TextInput
          ref={forwardedRef}
          name={name}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          aria-label={label ? undefined : ariaLabel}
          placeholder={placeholder || formatMessage(placeholderMessage)}
          value={text}
          disabled={disabled}
          onChange={handleChange}
          onBlur={() => setTouched(true)}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    );
  },
);
BaseDecimalInput.displayName = 'BaseDecimalInput';

/** Input of the `money` custom field: an exact amount in major units, e.g. 1234.56. */
export const MoneyInput = React.forwardRef<HTMLInputElement, DecimalInputProps>((props, ref) => (
  <BaseDecimalInput
    {...props}
    ref={ref}
    placeholderMessage={{ id: getTranslation('customField.money.placeholder'), defaultMessage: '0.00' }}
  />
));
MoneyInput.displayName = 'MoneyInput';

/** Input of the `decimal` custom field: an exact decimal number such as a quantity or a VAT rate. */
export const DecimalInput = React.forwardRef<HTMLInputElement, DecimalInputProps>((props, ref) => (
  <BaseDecimalInput
    {...props}
    ref={ref}
    placeholderMessage={{ id: getTranslation('customField.decimal.placeholder'), defaultMessage: '0' }}
  />
));
DecimalInput.displayName = 'DecimalInput';

export default MoneyInput;
