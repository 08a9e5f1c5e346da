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
