import { PERMISSIONS, type PermissionAction } from '../constants';

/**
 * The admin route table (DESIGN section 11): every route names the one permission action it needs.
 * The access-control test walks this table, so a route cannot be added without its policy.
 */
export interface AdminRouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: string;
  action: PermissionAction;
}

export const ADMIN_ROUTES: AdminRouteSpec[] = [
  { method: 'GET', path: '/settings', handler: 'settings.get', action: PERMISSIONS.settingsRead },
  { method: 'PUT', path: '/settings', handler: 'settings.update', action: PERMISSIONS.settingsUpdate },

  { method: 'GET', path: '/schedules', handler: 'schedules.find', action: PERMISSIONS.read },
  { method: 'POST', path: '/schedules', handler: 'schedules.create', action: PERMISSIONS.schedulesManage },
  { method: 'GET', path: '/schedules/:id', handler: 'schedules.findOne', action: PERMISSIONS.read },
  { method: 'PUT', path: '/schedules/:id', handler: 'schedules.update', action: PERMISSIONS.schedulesManage },
  { method: 'DELETE', path: '/schedules/:id', handler: 'schedules.delete', action: PERMISSIONS.schedulesManage },
  { method: 'POST', path: '/schedules/:id/generate-runs', handler: 'schedules.generateRuns', action: PERMISSIONS.schedulesManage },

  { method: 'GET', path: '/runs', handler: 'runs.find', action: PERMISSIONS.read },
  { method: 'POST', path: '/runs', handler: 'runs.createAdHoc', action: PERMISSIONS.runsManage },
  { method: 'GET', path: '/runs/:id', handler: 'runs.findOne', action: PERMISSIONS.read },
  { method: 'POST', path: '/runs/:id/activate', handler: 'runs.activate', action: PERMISSIONS.runsManage },
  { method: 'POST', path: '/runs/:id/approve', handler: 'runs.approve', action: PERMISSIONS.runsApprove },
  { method: 'POST', path: '/runs/:id/cancel', handler: 'runs.cancel', action: PERMISSIONS.runsManage },
  { method: 'GET', path: '/runs/:id/job', handler: 'runs.job', action: PERMISSIONS.read },
  { method: 'GET', path: '/runs/:id/events', handler: 'runs.events', action: PERMISSIONS.read },

  { method: 'POST', path: '/runs/:id/amounts/generate', handler: 'amounts.generate', action: PERMISSIONS.amountsGenerate },
  { method: 'DELETE', path: '/runs/:id/amounts', handler: 'amounts.delete', action: PERMISSIONS.amountsDelete },
  { method: 'GET', path: '/runs/:id/amounts', handler: 'amounts.find', action: PERMISSIONS.read },
  { method: 'GET', path: '/runs/:id/amounts/export', handler: 'amounts.export', action: PERMISSIONS.read },

  { method: 'POST', path: '/runs/:id/invoices/generate', handler: 'invoices.generate', action: PERMISSIONS.invoicesGenerate },
  { method: 'GET', path: '/runs/:id/invoices', handler: 'invoices.find', action: PERMISSIONS.read },
  { method: 'GET', path: '/invoices/:id', handler: 'invoices.findOne', action: PERMISSIONS.read },
  { method: 'GET', path: '/invoices/:id/document', handler: 'documents.download', action: PERMISSIONS.read },
  { method: 'GET', path: '/runs/:id/invoices/documents', handler: 'documents.downloadRun', action: PERMISSIONS.read },
  { method: 'GET', path: '/invoices/:id/ubl', handler: 'documents.ubl', action: PERMISSIONS.read },
  { method: 'GET', path: '/runs/:id/invoices/ubl', handler: 'documents.ublOfRun', action: PERMISSIONS.read },
  { method: 'POST', path: '/runs/:id/documents/prepare', handler: 'documents.prepare', action: PERMISSIONS.invoicesGenerate },
  { method: 'POST', path: '/runs/:id/invoices/send', handler: 'invoices.send', action: PERMISSIONS.invoicesSend },
  { method: 'POST', path: '/invoices/:id/send', handler: 'invoices.sendOne', action: PERMISSIONS.invoicesSend },

  { method: 'POST', path: '/invoices/:id/credit', handler: 'creditNotes.credit', action: PERMISSIONS.invoicesCredit },
  { method: 'GET', path: '/credit-notes', handler: 'creditNotes.find', action: PERMISSIONS.read },
  { method: 'GET', path: '/credit-notes/:id', handler: 'creditNotes.findOne', action: PERMISSIONS.read },
  { method: 'GET', path: '/credit-notes/:id/document', handler: 'documents.downloadCreditNote', action: PERMISSIONS.read },
  { method: 'GET', path: '/credit-notes/:id/ubl', handler: 'documents.ublCreditNote', action: PERMISSIONS.read },
  { method: 'POST', path: '/credit-notes/:id/send', handler: 'creditNotes.sendOne', action: PERMISSIONS.invoicesSend },

  { method: 'GET', path: '/exports/journal', handler: 'exports.journal', action: PERMISSIONS.read },

  { method: 'GET', path: '/invoice-categories', handler: 'categories.find', action: PERMISSIONS.read },

  { method: 'POST', path: '/contracts/import', handler: 'contracts.import', action: PERMISSIONS.contractsImport },
];

export default {
  type: 'admin',
  routes: ADMIN_ROUTES.map((route) => ({
    method: route.method,
    path: route.path,
    handler: route.handler,
    config: {
      policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [route.action] } }],
    },
  })),
};
