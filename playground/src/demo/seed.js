'use strict';

/**
 * Demo data for the playground: a super admin and a reviewer, invoice categories, debtors and
 * 320 contracts over all six cycles with their lines (some starting or ending mid-period, one
 * terminated, one in JPY, one in KWD). Deterministic and idempotent: records are keyed by their
 * reference and only the missing ones are created, so a second start adds nothing.
 */
const { demoData } = require('./data');

const UID = {
  category: 'plugin::invoicing.invoice-category',
  debtor: 'plugin::invoicing.debtor',
  contract: 'plugin::invoicing.contract',
  line: 'plugin::invoicing.contract-line',
};

const credentials = () => ({
  admin: {
    email: process.env.DEMO_ADMIN_EMAIL || 'admin@example.com',
    password: process.env.DEMO_ADMIN_PASSWORD || 'Invoicing-demo1',
  },
  reviewer: {
    email: process.env.DEMO_REVIEWER_EMAIL || 'reviewer@example.com',
    password: process.env.DEMO_REVIEWER_PASSWORD || process.env.DEMO_ADMIN_PASSWORD || 'Invoicing-demo1',
  },
});

async function ensureAdmin(strapi, { email, password, firstname, lastname, roleId }) {
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: email.toLowerCase() } });
  if (existing) return false;
  await strapi.service('admin::user').create({
    email: email.toLowerCase(),
    firstname,
    lastname,
    password,
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  });
  return true;
}

async function seedAdmins(strapi) {
  const creds = credentials();
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  const reviewerRole = await strapi.db.query('admin::role').findOne({ where: { name: 'Invoice run reviewer' } });
  await ensureAdmin(strapi, { ...creds.admin, firstname: 'Demo', lastname: 'Administrator', roleId: superAdmin.id });
  if (reviewerRole) {
    await ensureAdmin(strapi, { ...creds.reviewer, firstname: 'Demo', lastname: 'Reviewer', roleId: reviewerRole.id });
  }
  return creds;
}

async function existingReferences(strapi, uid, field) {
  const rows = await strapi.db.query(uid).findMany({ select: ['documentId', field] });
  return new Map(rows.map((r) => [r[field], r.documentId]));
}

async function seedData(strapi) {
  const data = demoData();
  const created = { categories: 0, debtors: 0, contracts: 0, lines: 0 };

  await strapi.db.transaction(async () => {
    const categories = await existingReferences(strapi, UID.category, 'name');
    for (const category of data.categories) {
      if (categories.has(category.name)) continue;
      await strapi.documents(UID.category).create({ data: category });
      created.categories += 1;
    }

    const debtors = await existingReferences(strapi, UID.debtor, 'reference');
    for (const debtor of data.debtors) {
      if (debtors.has(debtor.reference)) continue;
      const doc = await strapi.documents(UID.debtor).create({ data: debtor });
      debtors.set(debtor.reference, doc.documentId);
      created.debtors += 1;
    }

    const contracts = await existingReferences(strapi, UID.contract, 'reference');
    for (const { lines, debtorReference, ...contract } of data.contracts) {
      if (contracts.has(contract.reference)) continue;
      const doc = await strapi.documents(UID.contract).create({
        data: { ...contract, debtor: debtors.get(debtorReference) },
      });
      for (const line of lines) {
        await strapi.documents(UID.line).create({ data: { ...line, contract: doc.documentId } });
        created.lines += 1;
      }
      created.contracts += 1;
    }
  });
  return created;
}

async function seedDemo(strapi) {
  const creds = await seedAdmins(strapi);
  const created = await seedData(strapi);
  const total = Object.values(created).reduce((a, b) => a + b, 0);
  strapi.log.info(
    total > 0
      ? `[playground] demo data created: ${created.categories} categories, ${created.debtors} debtors, ${created.contracts} contracts, ${created.lines} contract lines`
      : '[playground] demo data already present: nothing added'
  );
  const line = '-'.repeat(64);
  // Printed on every start so the demo logins are always at hand.
  console.log(
    [
      line,
      ' Invoicing playground: http://localhost:' + (process.env.PORT || 1337) + '/admin',
      ` Super admin : ${creds.admin.email} / ${creds.admin.password}`,
      ` Reviewer    : ${creds.reviewer.email} / ${creds.reviewer.password}`,
      line,
    ].join('\n')
  );
  return created;
}

module.exports = { seedDemo, seedData, credentials };
