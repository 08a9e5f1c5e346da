'use strict';

/**
 * Deterministic demo data (a seeded pseudo-random generator), so every fresh playground and every
 * second start sees the same references.
 */
const CYCLES = ['weekly', 'four_weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'];

/** Small deterministic PRNG (mulberry32): the same data on every start (the benchmark uses it too). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, width) => String(n).padStart(width, '0');
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

const FIRST = ['Anna', 'Bram', 'Carla', 'Daan', 'Eva', 'Femke', 'Gijs', 'Hanna', 'Ivo', 'Joris', 'Karin', 'Lars', 'Maud', 'Niels', 'Olga', 'Pim', 'Roos', 'Sven', 'Tess', 'Wout'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Dijk', 'Dekker'];
const COMPANIES = ['Atelier Noord', 'Bakkerij Zon', 'Cafe de Hoek', 'Drukkerij Punt', 'Eetcafe Oost', 'Fietsmakerij Spaak', 'Garage West', 'Huisartsenpraktijk Linde', 'IJssalon Koud', 'Juwelier Glans'];
const CITIES = [['Amsterdam', '1011'], ['Rotterdam', '3011'], ['Utrecht', '3511'], ['Den Haag', '2511'], ['Eindhoven', '5611'], ['Groningen', '9711'], ['Leiden', '2311'], ['Zwolle', '8011']];
const STREETS = ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg', 'Schoolstraat', 'Marktplein', 'Havenkade'];

const LINE_KINDS = {
  weekly: [['Cleaning service', '45.00'], ['Window cleaning', '27.50'], ['Plant care', '12.95']],
  four_weekly: [['Parking space', '110.00'], ['Storage box', '38.75'], ['Bicycle shed', '9.80']],
  monthly: [['Rent', '845.00'], ['Service costs', '62.35'], ['Parking space', '95.00'], ['Internet', '39.99']],
  quarterly: [['Membership', '135.00'], ['Maintenance contract', '249.99'], ['Garden maintenance', '180.25']],
  half_yearly: [['Insurance premium', '412.60'], ['Boiler service', '89.00']],
  yearly: [['Annual license', '1200.00'], ['Mooring fee', '2375.40'], ['Allotment garden', '96.00']],
};

function demoData() {
  const rand = rng(20261127);

  const categories = [
    { name: 'Rent', description: 'Rent of dwellings and business premises', ledgerAccount: '8010' },
    { name: 'Service costs', description: 'Service and utility costs', ledgerAccount: '8020' },
    { name: 'Subscriptions', description: 'Subscriptions and memberships', ledgerAccount: '8030' },
    // no ledger account: the journal export books it on the settings' default (8000)
    { name: 'Parking', description: 'Parking spaces and storage' },
  ];

  const debtors = [];
  for (let i = 1; i <= 90; i += 1) {
    const company = i % 4 === 0;
    const name = company ? `${pick(rand, COMPANIES)} ${pad(i, 2)}` : `${pick(rand, FIRST)} ${pick(rand, LAST)}`;
    const [city, postal] = pick(rand, CITIES);
    debtors.push({
      reference: `DEB-${pad(i, 4)}`,
      name,
      email: `debtor${pad(i, 4)}@example.com`,
      street: `${pick(rand, STREETS)} ${1 + Math.floor(rand() * 120)}`,
      postalCode: `${postal} ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i * 7) % 26))}`,
      city,
      countryCode: 'NL',
      vatNumber: company ? `NL${pad(100000000 + i * 7919, 9)}B01` : undefined,
      // companies have a Peppol participant id (their KvK number); every other one takes e-invoices
      electronicAddress: company ? `0106:${pad(30000000 + i * 7919, 8)}` : undefined,
      deliveryChannel: company && i % 8 === 0 ? 'peppol_file' : 'email',
    });
  }

  const contracts = [];
  for (let i = 1; i <= 320; i += 1) {
    const cycle = CYCLES[i % CYCLES.length];
    const debtor = debtors[(i * 13) % debtors.length];
    // Most contracts started before 2026; every ninth starts mid-period, every fifteenth ends mid-period.
    let startDate = pick(rand, ['2024-01-01', '2025-01-01', '2025-04-01', '2025-07-01', '2026-01-01']);
    if (i % 9 === 0) startDate = `2026-${pad(1 + (i % 11), 2)}-${pad(3 + (i % 24), 2)}`;
    const endDate = i % 15 === 0 ? `2027-${pad(1 + (i % 12), 2)}-${pad(5 + (i % 20), 2)}` : null;

    let currency = 'EUR';
    if (i === 11) currency = 'JPY';
    if (i === 23) currency = 'KWD';

    const kinds = LINE_KINDS[cycle];
    const lineCount = 1 + (i % 3);
    const lines = [];
    for (let l = 0; l < lineCount; l += 1) {
      const [description, price] = kinds[(i + l) % kinds.length];
      let unitPrice = price;
      if (currency === 'JPY') unitPrice = String(Math.round(Number(price)) * 150);
      if (currency === 'KWD') unitPrice = `${price.split('.')[0]}.375`;
      const line = {
        reference: `L${l + 1}`,
        description,
        unitPrice,
        quantity: l === 2 ? '2' : i % 17 === 0 ? '1.5' : '1',
        vatRate: description === 'Rent' ? '0' : i % 5 === 0 ? '9' : '21',
      };
      // Every seventh contract has a line of its own that starts mid-period.
      if (i % 7 === 0 && l === lineCount - 1) line.startDate = `2026-${pad(1 + (i % 12), 2)}-16`;
      lines.push(line);
    }
    // Every twelfth contract carries a discount (a negative line).
    if (i % 12 === 0) lines.push({ reference: 'DISCOUNT', description: 'Loyalty discount', unitPrice: '-15.00', quantity: '1', vatRate: '21' });

    contracts.push({
      reference: `CTR-${pad(i, 5)}`,
      name: `${lines[0].description} ${debtor.name}`,
      debtorReference: debtor.reference,
      invoiceCycle: cycle,
      startDate,
      endDate,
      status: i === 7 ? 'terminated' : 'active',
      currency,
      lines,
    });
  }

  return { categories, debtors, contracts };
}

module.exports = { demoData, CYCLES, rng };
