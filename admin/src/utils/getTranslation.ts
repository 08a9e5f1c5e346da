import { PLUGIN_ID } from '../pluginId';

/**
 * The full react-intl id of one of the plugin's messages: `getTranslation('settings.save')` is
 * `invoicing.settings.save`. The key (without the prefix) must exist in `translations/en.json` and
 * `translations/nl.json`; `tests/unit/translations.test.ts` checks every literal use.
 */
export const getTranslation = (id: string): string => `${PLUGIN_ID}.${id}`;
