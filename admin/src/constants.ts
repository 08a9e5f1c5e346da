import type { Permission } from '@strapi/strapi/admin';

/**
 * Admin permission actions (DESIGN section 10), as the panel checks them with `Page.Protect` and
 * `useRBAC`. Module-level constants so the arrays keep their identity between renders (useRBAC
 * re-checks whenever the array it gets changes).
 */
export const ACTIONS = {
  read: 'plugin::invoicing.read',
  schedulesManage: 'plugin::invoicing.schedules.manage',
  runsManage: 'plugin::invoicing.runs.manage',
  amountsGenerate: 'plugin::invoicing.amounts.generate',
  amountsDelete: 'plugin::invoicing.amounts.delete',
  runsApprove: 'plugin::invoicing.runs.approve',
  invoicesGenerate: 'plugin::invoicing.invoices.generate',
  contractsImport: 'plugin::invoicing.contracts.import',
  settingsRead: 'plugin::invoicing.settings.read',
  settingsUpdate: 'plugin::invoicing.settings.update',
} as const;

type PluginPermission = Pick<Permission, 'action' | 'subject'>;

const permission = (action: string): PluginPermission => ({ action, subject: null });

export const PERMISSIONS = {
  /** Who sees Settings → Invoicing. */
  settingsRead: [permission(ACTIONS.settingsRead)],
  /** Settings page: `allowedActions.canRead` and `allowedActions.canUpdate`. */
  settings: [permission(ACTIONS.settingsRead), permission(ACTIONS.settingsUpdate)],
} satisfies Record<string, PluginPermission[]>;
