import { useRBAC } from '@strapi/strapi/admin';

import { BUTTON_PERMISSIONS } from '../constants';

export interface InvoicingPermissions {
  isLoading: boolean;
  canRead: boolean;
  canManageSchedules: boolean;
  canManageRuns: boolean;
  canApprove: boolean;
  canGenerateAmounts: boolean;
  canDeleteAmounts: boolean;
  canGenerateInvoices: boolean;
  canSendInvoices: boolean;
  /** `invoices.credit`: the Credit button of an invoice (DESIGN §17). */
  canCreditInvoices: boolean;
}

/**
 * What the current admin may do on the Invoicing pages, one `useRBAC` check per action.
 *
 * `useRBAC` names its answers after the last segment of an action (`runs.manage` and
 * `schedules.manage` would both be `canManage`, `amounts.generate` and `invoices.generate` both
 * `canGenerate`), so each action gets its own check and its own name here.
 */
export function usePermissions(): InvoicingPermissions {
  const read = useRBAC(BUTTON_PERMISSIONS.read);
  const manageSchedules = useRBAC(BUTTON_PERMISSIONS.manageSchedules);
  const manageRuns = useRBAC(BUTTON_PERMISSIONS.manageRuns);
  const approve = useRBAC(BUTTON_PERMISSIONS.approve);
  const generateAmounts = useRBAC(BUTTON_PERMISSIONS.generateAmounts);
  const deleteAmounts = useRBAC(BUTTON_PERMISSIONS.deleteAmounts);
  const generateInvoices = useRBAC(BUTTON_PERMISSIONS.generateInvoices);
  const sendInvoices = useRBAC(BUTTON_PERMISSIONS.sendInvoices);
  const creditInvoices = useRBAC(BUTTON_PERMISSIONS.creditInvoices);
  return {
    isLoading: [
      read,
      manageSchedules,
      manageRuns,
      approve,
      generateAmounts,
      deleteAmounts,
      generateInvoices,
      sendInvoices,
      creditInvoices,
    ].some((r) => r.isLoading),
    canRead: read.allowedActions.canRead === true,
    canManageSchedules: manageSchedules.allowedActions.canManage === true,
    canManageRuns: manageRuns.allowedActions.canManage === true,
    canApprove: approve.allowedActions.canApprove === true,
    canGenerateAmounts: generateAmounts.allowedActions.canGenerate === true,
    canDeleteAmounts: deleteAmounts.allowedActions.canDelete === true,
    canGenerateInvoices: generateInvoices.allowedActions.canGenerate === true,
    canSendInvoices: sendInvoices.allowedActions.canSend === true,
    canCreditInvoices: creditInvoices.allowedActions.canCredit === true,
  };
}
