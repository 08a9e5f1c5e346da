import type { Permission } from '@strapi/strapi/admin';

import { PERMISSIONS as PERMISSION_ACTIONS } from '../../shared/permissions';

/**
 * Admin permission actions (DESIGN section 10), as the panel checks them with `Page.Protect` and
 * `useRBAC`. Module-level constants so the arrays keep their identity between renders (useRBAC
 * re-checks whenever the array it gets changes).
 */
/** The action uids, defined once in shared/ for the server and the panel. */
export const ACTIONS = PERMISSION_ACTIONS;

type PluginPermission = Pick<Permission, 'action' | 'subject'>;

const permission = (action: string): PluginPermission => ({ action, subject: null });

export const PERMISSIONS = {
  /** Who sees Settings → Invoicing. */
  settingsRead: [permission(ACTIONS.settingsRead)],
  /** Settings page: `allowedActions.canRead` and `allowedActions.canUpdate`. */
  settings: [permission(ACTIONS.settingsRead), permission(ACTIONS.settingsUpdate)],
} satisfies Record<string, PluginPermission[]>;
