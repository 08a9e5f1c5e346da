'use strict';

/**
 * Demo data for the playground: a super admin and a reviewer, invoice categories, debtors and
 * 320 contracts over all six cycles with their lines (some starting or ending mid-period, one
 * terminated, one in JPY, one in KWD). Deterministic and idempotent: categories are keyed by name and
 * only the missing ones are created; debtors, contracts and lines go through the plugin's contract
 * import (`contractImport.importContracts`), keyed by reference, so a second start changes nothing.
 */
const { demoData } = require('./data');

const UID = {
  category: 'plugin::invoicing.invoice-category',
  debtor: 'plugin::invoicing.debtor',
  contract: 'plugin::invoicing.contract',
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

/**
 * Categories through the Document Service, debtors, contracts and their lines through the plugin's
 * contract import; in both cases only the records whose reference does not exist yet, so a second
 * start adds nothing and demo records edited in the Content Manager keep their edits.
 */
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
  });

  const debtors = await existingReferences(strapi, UID.debtor, 'reference');
  const contracts = await existingReferences(strapi, UID.contract, 'reference');
  const body = {
    debtors: data.debtors.filter((d) => !debtors.has(d.reference)),
    contracts: data.contracts.filter((c) => !contracts.has(c.reference)),
  };
  if (body.debtors.length === 0 && body.contracts.length === 0) return created;
  const imported = await strapi.plugin('invoicing').service('contractImport').importContracts(body);
  created.debtors = imported.debtors.created;
  created.contracts = imported.contracts.created;
  created.lines = imported.lines.created;
  return created;
}

/** A demo seller (Settings → Invoicing → Seller) so the demo invoices' documents show one; set once. */
const DEMO_SELLER = {
  legalName: 'Woonstichting De Linde',
  street: 'Lindelaan 12',
  postalCode: '3512 AB',
  city: 'Utrecht',
  countryCode: 'NL',
  vatNumber: 'NL123456789B01',
  companyId: '12345678',
  iban: 'NL91ABNA0417164300',
  bic: 'ABNANL2A',
  email: 'facturen@delinde.example',
  phone: '+31 30 123 4567',
  website: 'https://delinde.example',
  logo: null,
  paymentTerms: {
    en: 'Please pay within 14 days, quoting the invoice number as the payment reference.',
    nl: 'Gelieve binnen 14 dagen te betalen onder vermelding van het factuurnummer.',
  },
  emailFrom: 'facturen@delinde.example',
  emailReplyTo: 'debiteuren@delinde.example',
  defaultLanguage: 'nl',
  electronicAddress: '0106:12345678',
};

async function seedSeller(strapi) {
  const settings = strapi.plugin('invoicing').service('settings');
  const current = await settings.get();
  if (current.seller && current.seller.legalName) return false;
  await settings.update({ seller: DEMO_SELLER });
  return true;
}

async function seedDemo(strapi) {
  const creds = await seedAdmins(strapi);
  if (await seedSeller(strapi)) strapi.log.info(`[playground] demo seller set: ${DEMO_SELLER.legalName}`);
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

module.exports = { seedDemo, seedData, seedSeller, credentials, DEMO_SELLER };
