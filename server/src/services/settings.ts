import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, SETTINGS_STORE_KEY, UID_UPLOAD_FILE } from '../constants';
import {
  DEFAULT_SELLER,
  DEFAULT_SETTINGS,
  numberPrefixProblem,
  sellerSchema,
  settingsSchema,
  settingsUpdateSchema,
  validate,
  type Seller,
  type Settings,
} from '../../../shared/validation';
import { validationError } from '../utils/errors';

/** Keeps the stored values of `defaults`' keys that still validate on their own, the rest default. */
function salvage<T extends object>(defaults: T, stored: Record<string, unknown>, valid: (key: string, value: unknown) => boolean): T {
  const merged = { ...defaults } as Record<string, unknown>;
  for (const key of Object.keys(defaults)) {
    if (stored[key] !== undefined && valid(key, stored[key])) merged[key] = stored[key];
  }
  return merged as T;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Module settings (DESIGN sections 8 and 16), kept in Strapi's core store. */
const settings = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: SETTINGS_STORE_KEY });

  return {
    /**
     * The stored settings over the defaults; values that no longer validate fall back to defaults,
     * field by field (also inside the seller), so one stale value never hides the others.
     */
    async get(): Promise<Settings> {
      const stored = ((await store().get({})) ?? {}) as Record<string, unknown>;
      const { seller: storedSeller, ...rest } = stored;
      const merged = salvage({ ...DEFAULT_SETTINGS } as Record<string, unknown>, rest, (key, value) => key !== 'seller' && validate(settingsUpdateSchema, { [key]: value }).ok);
      merged.seller = isObject(storedSeller)
        ? salvage<Seller>({ ...DEFAULT_SELLER }, storedSeller, (key, value) => validate(sellerSchema, { [key]: value }).ok)
        : DEFAULT_SELLER;
      const result = validate(settingsSchema, merged);
      return result.ok ? result.value : { ...DEFAULT_SETTINGS };
    },

    /**
     * Validates a partial update, merges it and stores the whole; nothing is written on a 400.
     * A body without `seller` (as sent before seller details existed) keeps the stored seller.
     */
    async update(input: unknown): Promise<Settings> {
      const parsed = validate(settingsUpdateSchema, input);
      if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
      const logo = parsed.value.seller?.logo;
      if (logo !== undefined && logo !== null) {
        // Without the upload plugin (it is optional) there is no Media Library file to point at.
        const file = strapi.contentTypes[UID_UPLOAD_FILE]
          ? await strapi.db.query(UID_UPLOAD_FILE).findOne({ where: { id: logo }, select: ['id'] })
          : null;
        if (!file) {
          const message = `Logo ${logo} is not a file in the Media Library (it may have been deleted); choose another one.`;
          throw validationError(message, [{ path: ['seller', 'logo'], message, name: 'ValidationError' }]);
        }
      }
      const before = await this.get();
      const full = validate(settingsSchema, { ...before, ...parsed.value });
      if (!full.ok) throw validationError(full.message, full.errors);
      const clash = numberPrefixProblem(full.value);
      if (clash) {
        // named on the prefix the request changed (the credit note prefix when it changed both or neither)
        const path = parsed.value.invoiceNumberPrefix !== undefined && parsed.value.creditNotePrefix === undefined ? ['invoiceNumberPrefix'] : clash.path;
        const message =
          path[0] === 'invoiceNumberPrefix'
            ? `Invoice number prefix must differ from the credit note prefix ("${full.value.creditNotePrefix}"), so that invoices and credit notes never share a number.`
            : clash.message;
        throw validationError(message, [{ path, message, name: 'ValidationError' }]);
      }
      await store().set({ value: full.value });
      if (before.activationDaysBefore !== full.value.activationDaysBefore) {
        // Runs still on hold follow the setting (DESIGN §5).
        await strapi.plugin(PLUGIN_ID).service('runs').retimeOnHold(full.value.activationDaysBefore);
      }
      return full.value;
    },
  };
};

export default settings;
