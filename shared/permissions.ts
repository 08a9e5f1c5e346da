/**
 * The plugin's admin permission actions (DESIGN section 10), defined once for the server (which
 * registers them and puts them on its routes) and the admin panel (which checks them with useRBAC).
 */
export const PLUGIN_ID = 'invoicing' as const;

/** Action ids within the plugin, as registered with the admin permission action provider. */
export const ACTION_IDS = {
  read: 'read',
  schedulesManage: 'schedules.manage',
  runsManage: 'runs.manage',
  amountsGenerate: 'amounts.generate',
  amountsDelete: 'amounts.delete',
  runsApprove: 'runs.approve',
  invoicesGenerate: 'invoices.generate',
  invoicesSend: 'invoices.send',
  invoicesCredit: 'invoices.credit',
  contractsImport: 'contracts.import',
  settingsRead: 'settings.read',
  settingsUpdate: 'settings.update',
} as const;

type ActionKey = keyof typeof ACTION_IDS;

/** Full action uids, `plugin::invoicing.<action>`. */
export const PERMISSIONS = Object.fromEntries(
  Object.entries(ACTION_IDS).map(([key, id]) => [key, `plugin::${PLUGIN_ID}.${id}`])
) as { readonly [K in ActionKey]: `plugin::invoicing.${(typeof ACTION_IDS)[K]}` };

export type PermissionAction = (typeof PERMISSIONS)[ActionKey];
