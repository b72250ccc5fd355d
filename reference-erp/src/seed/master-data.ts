/**
 * The fixed part of the demo: warehouses, carriers, the named accounts and their personas, the
 * item families, and the story SKUs tests and the README refer to.
 */
import type { Role } from '@portal/platform/auth';
import type { SeedAccount, SeedCarrier, SeedScale, SeedUser, SeedWarehouse } from './types.js';

export const DEMO_SCALE: SeedScale = { accounts: 3, items: 200, conditions: 60, orders: 24 };

export const WAREHOUSES: SeedWarehouse[] = [
  {
    id: 'WH-US',
    name: 'Chicago distribution center',
    timeZone: 'America/Chicago',
    workingDays: [1, 2, 3, 4, 5],
    holidays: ['2026-12-25', '2027-01-01', '2027-05-31', '2027-07-05'],
    cutoffTime: '14:00',
    pickPackDays: 1,
    loadingDays: 0,
    transitDays: 2,
  },
  {
    id: 'WH-EU',
    name: 'Duisburg logistics hub',
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    holidays: ['2026-12-25', '2026-12-26', '2027-01-01', '2027-04-02', '2027-04-05', '2027-05-01'],
    cutoffTime: '15:00',
    pickPackDays: 1,
    loadingDays: 1,
    transitDays: 1,
  },
];

export const CARRIERS: SeedCarrier[] = [
  { id: 'PARCELCO', name: 'ParcelCo Ground', trackingUrlTemplate: 'https://track.parcelco.example/t/{tracking}' },
  { id: 'FREIGHTLINE', name: 'Freightline LTL', trackingUrlTemplate: 'https://freightline.example/tracking?pro={tracking}' },
];

export const NAMED_ACCOUNTS: SeedAccount[] = [
  {
    id: 'ACME',
    name: 'Acme Industrial Supply',
    currency: 'USD',
    tier: 'GOLD',
    priceListId: 'PL-US-DIST',
    paymentTermsDays: 30,
    creditLimit: '250000.00',
    defaultWarehouse: 'WH-US',
    partialDelivery: true,
    addressLines: ['1200 Industrial Pkwy', 'Cleveland, OH 44114', 'USA'],
  },
  {
    id: 'GLOBEX',
    name: 'Globex Maschinenbau GmbH',
    currency: 'EUR',
    tier: 'SILVER',
    priceListId: 'PL-EU-OEM',
    paymentTermsDays: 45,
    creditLimit: '120000.00',
    defaultWarehouse: 'WH-EU',
    partialDelivery: false,
    addressLines: ['Hafenstraße 12', '47119 Duisburg', 'Germany'],
  },
  {
    id: 'INITECH',
    name: 'Initech Facilities Ltd',
    currency: 'USD',
    tier: 'BRONZE',
    priceListId: 'PL-US-STD',
    paymentTermsDays: 30,
    creditLimit: '15000.00',
    defaultWarehouse: 'WH-US',
    partialDelivery: true,
    addressLines: ['4120 Freidrich Ln', 'Austin, TX 78744', 'USA'],
  },
];

/**
 * The account that shows tax, a header discount and a minimum order value: it ships to Germany
 * (the only country with tax records in the demo). Added after the rest of the blueprint is drawn,
 * so the other accounts' data and history are what they were without it.
 */
export const TAX_DEMO_ACCOUNT: SeedAccount = {
  id: 'HOOLI',
  name: 'Hooli Europe GmbH',
  currency: 'EUR',
  tier: 'SILVER',
  priceListId: 'PL-EU-OEM',
  paymentTermsDays: 30,
  creditLimit: '80000.00',
  defaultWarehouse: 'WH-EU',
  partialDelivery: true,
  addressLines: ['Friedrichstraße 68', '10117 Berlin', 'Germany'],
  shipToCountry: 'DE',
  minimumOrderValue: '150.00',
};

/**
 * The account that buys in yen (ISO 4217: no minor unit): its contract prices have fractions of a
 * yen per unit, its amounts none. Added after the rest of the blueprint is drawn, like HOOLI.
 */
export const YEN_DEMO_ACCOUNT: SeedAccount = {
  id: 'NAKATOMI',
  name: 'Nakatomi Trading K.K.',
  currency: 'JPY',
  tier: 'BRONZE',
  priceListId: 'PL-JP',
  paymentTermsDays: 30,
  creditLimit: '30000000',
  defaultWarehouse: 'WH-US',
  partialDelivery: true,
  addressLines: ['2-7-1 Nishi-Shinjuku', 'Shinjuku-ku, Tokyo 163-0890', 'Japan'],
};

/** Contract prices of the yen account (per unit, JPY), with BOLT-0001's quantity scale. */
export const YEN_CONTRACT_PRICES: { sku: string; amount: string; scales?: { from: string; amount: string }[] }[] = [
  { sku: 'BOLT-0001', amount: '32.35', scales: [{ from: '100', amount: '29.87' }] },
  { sku: 'BRG-0004', amount: '1480' },
  { sku: 'HOS-0006', amount: '612.5' },
];

/** Kept for callers that only need the named demo accounts. */
export const DEMO_ACCOUNTS = NAMED_ACCOUNTS;

const PERSONAS: { role: Role; first: string; spendingLimit: string | null }[] = [
  { role: 'buyer', first: 'Bea', spendingLimit: '5000.00' },
  { role: 'approver', first: 'Alex', spendingLimit: '50000.00' },
  { role: 'admin', first: 'Ada', spendingLimit: null },
  { role: 'analyst', first: 'Nia', spendingLimit: null },
];

export const FAMILIES = [
  ['BOLT', 'Hex bolt', 'EA'],
  ['NUT', 'Lock nut', 'EA'],
  ['WSH', 'Flat washer', 'EA'],
  ['BRG', 'Ball bearing', 'EA'],
  ['VLV', 'Ball valve', 'EA'],
  ['HOS', 'Hydraulic hose', 'M'],
  ['GLV', 'Nitrile gloves', 'BX'],
  ['FLT', 'Air filter', 'EA'],
  ['CBL', 'Control cable', 'M'],
  ['PMP', 'Gear pump', 'EA'],
] as const;
export const SIZES = [
  'M6',
  'M8',
  'M10',
  'M12',
  'M16',
  'M20',
  '1/4"',
  '3/8"',
  '1/2"',
  '3/4"',
  '1"',
  '2"',
  'S',
  'M',
  'L',
  'XL',
  'A',
  'B',
  'C',
  'D',
];

/** The item whose supply and demand are exactly the ATP worked example (docs/architecture.md). */
export const ATP_DEMO_SKU = 'ATP-DEMO-1';

/** SKUs the story records below are attached to (tests and the README refer to them). */
export const STORY = {
  contractSku: 'BOLT-0001', // ACME contract, quantity scales 1 / 100 / 500
  expiredContractSku: 'NUT-0002', // ACME contract that expired yesterday → falls back to the price list
  futureContractSku: 'WSH-0003', // ACME contract starting in 10 days
  priceListSku: 'BRG-0004', // PL-US-DIST price list
  tierSku: 'VLV-0005', // GOLD tier price
  volumeDiscountSku: 'HOS-0006', // K004 volume discount scale
  discontinuedSku: 'FLT-0008', // discontinued, successor FLT-0018
  successorSku: 'FLT-0018',
} as const;

export function personasFor(accounts: { id: string; name: string }[]): SeedUser[] {
  return accounts.flatMap((a) =>
    PERSONAS.map((p) => ({
      id: `${a.id.toLowerCase()}-${p.role}`,
      accountId: a.id,
      name: `${p.first} ${a.name.split(' ')[0]}`,
      email: `${p.role}@${a.id.toLowerCase()}.example`,
      role: p.role,
      spendingLimit: p.spendingLimit,
    })),
  );
}

/** Demo personas (buyer, approver, admin, analyst of every demo account), for tokens and tests. */
export function demoPersonas(): SeedUser[] {
  return personasFor([...NAMED_ACCOUNTS, TAX_DEMO_ACCOUNT, YEN_DEMO_ACCOUNT]);
}
