import type { Core } from '@strapi/strapi';
import { REVIEWER_ROLE } from '../constants';

/** The Invoice run reviewer role (DESIGN section 10): created once, never changed afterwards. */
const roles = ({ strapi }: { strapi: Core.Strapi }) => ({
  async ensureReviewerRole(): Promise<{ id: number; created: boolean }> {
    const roleService = strapi.service('admin::role');
    const existing = await roleService.findOne({ code: REVIEWER_ROLE.code });
    if (existing) return { id: existing.id, created: false };
    const byName = await roleService.findOne({ name: REVIEWER_ROLE.name });
    if (byName) return { id: byName.id, created: false };
    const role = await roleService.create({
      name: REVIEWER_ROLE.name,
      code: REVIEWER_ROLE.code,
      description: REVIEWER_ROLE.description,
    });
    await roleService.assignPermissions(
      role.id,
      REVIEWER_ROLE.permissions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
    strapi.log.info(`[invoicing] created the admin role "${REVIEWER_ROLE.name}"`);
    return { id: role.id, created: true };
  },
});

export default roles;
