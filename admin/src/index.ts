import { Hashtag, PriceTag } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import type { ComponentType } from 'react';

import { InvoicingIcon } from './components/InvoicingIcon';
import { PERMISSIONS } from './constants';
import { PLUGIN_ID } from './pluginId';
import { getTranslation } from './utils/getTranslation';
import { prefixPluginTranslations } from './utils/prefixPluginTranslations';

/**
 * Admin entry of strapi-plugin-invoicing (package export `./strapi-admin`).
 *
 * - Main menu link Invoicing (`/admin/plugins/invoicing`) with Invoice runs and Invoice run schedules,
 *   for users with `plugin::invoicing.read`.
 * - Settings → Invoicing (`/admin/settings/invoicing`), for users with `plugin::invoicing.settings.read`.
 * - Custom fields `plugin::invoicing.money` and `plugin::invoicing.decimal` (type string): exact
 *   decimals typed as 1234.56 or 1234,56 and stored as canonical decimal strings.
 * - Translations `translations/{locale}.json`, registered with the `invoicing.` prefix.
 */

type Messages = { default: Record<string, string> };

/**
 * One static `import()` per locale: a bundler resolves each at build time. (An `import()` whose path
 * is a template string with the locale in it is left unresolved by Vite when the plugin sits in a
 * host's node_modules, and the translations then fail to load in production builds.)
 */
const TRANSLATIONS: Record<string, () => Promise<Messages>> = {
  en: () => import('./translations/en.json'),
  nl: () => import('./translations/nl.json'),
};
export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: InvoicingIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Invoicing' },
      Component: () => import('./pages/App'),
      permissions: PERMISSIONS.main,
      position: 5,
    });

    app.addSettingsLink('global', {
      id: PLUGIN_ID,
      to: PLUGIN_ID,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Invoicing' },
      Component: () => import('./pages/SettingsPage').then((mod) => ({ default: mod.ProtectedSettingsPage })),
      permissions: PERMISSIONS.settingsRead,
    });

    app.customFields.register([
      {
        name: 'money',
        pluginId: PLUGIN_ID,
        type: 'string',
        intlLabel: { id: getTranslation('customField.money.label'), defaultMessage: 'Money' },
        intlDescription: {
          id: getTranslation('customField.money.description'),
          defaultMessage: 'An exact amount such as 1234.56 or -25.00, stored as a decimal string',
        },
        icon: PriceTag,
        components: {
          Input: () =>
            import('./components/DecimalInput').then((mod) => ({
              default: mod.MoneyInput as unknown as ComponentType,
            })),
        },
      },
      {
        name: 'decimal',
        pluginId: PLUGIN_ID,
        type: 'string',
        intlLabel: { id: getTranslation('customField.decimal.label'), defaultMessage: 'Decimal' },
        intlDescription: {
          id: getTranslation('customField.decimal.description'),
          defaultMessage: 'An exact decimal number such as a quantity or a VAT rate, stored as a decimal string',
        },
        icon: Hashtag,
        components: {
          Input: () =>
            import('./components/DecimalInput').then((mod) => ({
              default: mod.DecimalInput as unknown as ComponentType,
            })),
        },
      },
    ]);

    app.registerPlugin({ id: PLUGIN_ID, name: 'Invoicing' });
  },

  bootstrap() {},

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        const load = TRANSLATIONS[locale];
        if (!load) return { data: {}, locale };
        const { default: data } = await load();
        return { data: prefixPluginTranslations(data, PLUGIN_ID), locale };
      }),
    );
  },
};
