import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, SETTINGS_STORE_KEY } from '../constants';
import { DEFAULT_SETTINGS, settingsSchema, settingsUpdateSchema, validate, type Settings } from '../../../shared/validation';
import { validationError } from '../utils/errors';

/** Module settings (DESIGN section 8), kept in Strapi's core store. */
const settings = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: SETTINGS_STORE_KEY });

  return {
    /** The stored settings over the defaults; values that no longer validate fall back to defaults. */
    async get(): Promise<Settings> {
      const stored = ((await store().get({})) ?? {}) as Record<string, unknown>;
      const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
      for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
        if (stored[key] === undefined) continue;
        const one = validate(settingsUpdateSchema, { [key]: stored[key] });
        if (one.ok) merged[key] = stored[key];
      }
      const result = validate(settingsSchema, merged);
      return result.ok ? result.value : { ...DEFAULT_SETTINGS };
    },

    /** Validates a partial update, merges it and stores the whole; nothing is written on a 400. */
    async update(input: unknown): Promise<Settings> {
      const parsed = validate(settingsUpdateSchema, input);
      if (!parsed.ok) throw validationError(parsed.message, parsed.errors);
      const before = await this.get();
      const full = validate(settingsSchema, { ...before, ...parsed.value });
      if (!full.ok) throw validationError(full.message, full.errors);
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
