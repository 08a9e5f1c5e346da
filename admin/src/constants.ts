import type { Permission } from '@strapi/strapi/admin';

import { PERMISSIONS as PERMISSION_ACTIONS } from '../../shared/permissions';

/**
 * Admin permission actions (DESIGN section 10), as the panel checks them with `Page.Protect` and
 * `useRBAC`. Module-level constants so the arrays keep their identity between renders (useRBAC
 * re-checks whenever the object it gets changes).
 */
/** The action uids, defined once in shared/ for the server and the panel. */
export const ACTIONS = PERMISSION_ACTIONS;

type PluginPermission = Pick<Permission, 'action' | 'subject'>;

const permission = (action: string): PluginPermission => ({ action, subject: null });

export const PERMISSIONS = {
  /** Who sees the Invoicing menu link and its pages. */
  main: [permission(ACTIONS.read)],
  /** Who sees Settings → Invoicing. */
  settingsRead: [permission(ACTIONS.settingsRead)],
  /** Settings page: `allowedActions.canRead` and `allowedActions.canUpdate`. */
  settings: [permission(ACTIONS.settingsRead), permission(ACTIONS.settingsUpdate)],
} satisfies Record<string, PluginPermission[]>;

/**
 * The buttons of the Invoicing pages, one list per action: `hooks/usePermissions` checks each with its
 * own `useRBAC` call and answers `canRead`, `canManageSchedules`, `canManageRuns`, `canApprove`,
 * `canGenerateAmounts`, `canDeleteAmounts`, `canGenerateInvoices`, `canSendInvoices`,
 * `canCreditInvoices`.
 */
export const BUTTON_PERMISSIONS = {
  read: [permission(ACTIONS.read)],
  manageSchedules: [permission(ACTIONS.schedulesManage)],
  manageRuns: [permission(ACTIONS.runsManage)],
  approve: [permission(ACTIONS.runsApprove)],
  generateAmounts: [permission(ACTIONS.amountsGenerate)],
  deleteAmounts: [permission(ACTIONS.amountsDelete)],
  generateInvoices: [permission(ACTIONS.invoicesGenerate)],
  sendInvoices: [permission(ACTIONS.invoicesSend)],
  creditInvoices: [permission(ACTIONS.invoicesCredit)],
} satisfies Record<string, PluginPermission[]>;

/** How often a page with a running job asks for the progress (ms). */
export const JOB_POLL_INTERVAL_MS = 1000;

/**
 * How often an open run page looks for changes made elsewhere while no job runs (the ticker's
 * automatic activation, approval or generation, or another user): slow, to cost the server little.
 */
export const IDLE_POLL_INTERVAL_MS = 15000;
