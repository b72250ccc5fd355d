/**
 * The demo blueprint: accounts, their portal users (personas), warehouses, items, list prices,
 * sales orders and invoices, generated deterministically from a seed number. The reference ERP
 * loads it into its own tables; `pnpm token` reads the personas from it. Subgraphs never import
 * this: they learn the data from the ERP through the ports.
 */
import type { Role } from '@portal/platform/auth';
import { Decimal } from '@portal/platform/money';
import { pick, rng } from './random.js';

export interface SeedAccount {
  id: string;
  name: string;
  currency: string;
  tier: 'GOLD' | 'SILVER' | 'BRONZE';
  priceListId: string;
  creditLimit: string;
  defaultWarehouse: string;
  partialDelivery: boolean;
}

export interface SeedUser {
  id: string;
  accountId: string;
  name: string;
  email: string;
  role: Role;
  spendingLimit: string | null;
}

export interface SeedItem {
  sku: string;
  name: string;
  uom: string;
  leadTimeDays: number;
  /** List prices per currency (the last access of the pricing procedure). */
  listPrices: Record<string, string>;
}

export interface SeedOrder {
  number: string;
  portalOrderId: string;
  accountId: string;
  status: 'CONFIRMED' | 'IN_FULFILLMENT' | 'COMPLETED';
  placedAt: string;
  currency: string;
  lines: { sku: string; quantity: number; unitPrice: string }[];
}

export interface SeedInvoice {
  number: string;
  accountId: string;
  orderNumber: string;
  portalOrderId: string;
  currency: string;
  issuedAt: string;
  dueDate: string;
  total: string;
  balance: string;
  status: 'OPEN' | 'PAID';
}

export interface SeedBlueprint {
  businessDate: string;
  accounts: SeedAccount[];
  users: SeedUser[];
  items: SeedItem[];
  orders: SeedOrder[];
  invoices: SeedInvoice[];
}

export const DEMO_ACCOUNTS: SeedAccount[] = [
  {
    id: 'ACME',
    name: 'Acme Industrial Supply',
    currency: 'USD',
    tier: 'GOLD',
    priceListId: 'PL-US-DIST',
    creditLimit: '250000.00',
    defaultWarehouse: 'WH-EAST',
    partialDelivery: true,
  },
  {
    id: 'GLOBEX',
    name: 'Globex Maschinenbau GmbH',
    currency: 'EUR',
    tier: 'SILVER',
    priceListId: 'PL-EU-OEM',
    creditLimit: '120000.00',
    defaultWarehouse: 'WH-WEST',
    partialDelivery: false,
  },
  {
    id: 'INITECH',
    name: 'Initech Facilities Ltd',
    currency: 'USD',
    tier: 'BRONZE',
    priceListId: 'PL-US-STD',
    creditLimit: '40000.00',
    defaultWarehouse: 'WH-EAST',
    partialDelivery: true,
  },
];

const PERSONAS: { role: Role; first: string; spendingLimit: string | null }[] = [
  { role: 'buyer', first: 'Bea', spendingLimit: '5000.00' },
  { role: 'approver', first: 'Alex', spendingLimit: '50000.00' },
  { role: 'admin', first: 'Ada', spendingLimit: null },
  { role: 'analyst', first: 'Nia', spendingLimit: null },
];

const FAMILIES = [
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
const SIZES = ['M6', 'M8', 'M10', 'M12', 'M16', 'M20', '1/4"', '3/8"', '1/2"', '3/4"', '1"', '2"', 'S', 'M', 'L', 'XL', 'A', 'B', 'C', 'D'];

/** The demo business date: fixed so demo data and tests are reproducible. */
export const DEMO_BUSINESS_DATE = '2026-11-02';

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function demoBlueprint(seed = 42, itemCount = 200): SeedBlueprint {
  const r = rng(seed);
  const accounts = DEMO_ACCOUNTS;
  const users: SeedUser[] = accounts.flatMap((a) =>
    PERSONAS.map((p) => ({
      id: `${a.id.toLowerCase()}-${p.role}`,
      accountId: a.id,
      name: `${p.first} ${a.name.split(' ')[0]}`,
      email: `${p.role}@${a.id.toLowerCase()}.example`,
      role: p.role,
      spendingLimit: p.spendingLimit,
    })),
  );

  const items: SeedItem[] = [];
  for (let i = 0; items.length < itemCount; i++) {
    const [code, label, uom] = FAMILIES[i % FAMILIES.length]!;
    const size = SIZES[Math.floor(i / FAMILIES.length) % SIZES.length]!;
    // Prices are drawn as whole cents, then handled as decimals (never floats).
    const usd = new Decimal(100 + Math.floor(r() * 40000)).div(100);
    items.push({
      sku: `${code}-${String(i + 1).padStart(4, '0')}`,
      name: `${label} ${size}`,
      uom,
      leadTimeDays: 3 + Math.floor(r() * 25),
      listPrices: { USD: usd.toFixed(2), EUR: usd.mul('0.92').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2) },
    });
  }

  const orders: SeedOrder[] = [];
  const invoices: SeedInvoice[] = [];
  let orderNo = 4500000100;
  let invoiceNo = 9000000100;
  for (const a of accounts) {
    for (let k = 0; k < 3; k++) {
      const lines = Array.from({ length: 1 + Math.floor(r() * 4) }, () => {
        const item = pick(r, items);
        return { sku: item.sku, quantity: 1 + Math.floor(r() * 20), unitPrice: item.listPrices[a.currency] ?? item.listPrices.USD! };
      });
      const status = (['COMPLETED', 'IN_FULFILLMENT', 'CONFIRMED'] as const)[k]!;
      const placedAt = `${addDays(DEMO_BUSINESS_DATE, -30 + k * 10)}T09:30:00.000Z`;
      const number = String(orderNo++);
      const portalOrderId = `ord-${a.id.toLowerCase()}-${k + 1}`;
      orders.push({ number, portalOrderId, accountId: a.id, status, placedAt, currency: a.currency, lines });
      if (status !== 'CONFIRMED') {
        const total = lines.reduce((s, l) => s.plus(new Decimal(l.unitPrice).mul(l.quantity)), new Decimal(0)).toFixed(2);
        const issuedAt = addDays(placedAt.slice(0, 10), 3);
        invoices.push({
          number: String(invoiceNo++),
          accountId: a.id,
          orderNumber: number,
          portalOrderId,
          currency: a.currency,
          issuedAt,
          dueDate: addDays(issuedAt, 30),
          total,
          balance: status === 'COMPLETED' ? '0.00' : total,
          status: status === 'COMPLETED' ? 'PAID' : 'OPEN',
        });
      }
    }
  }
  return { businessDate: DEMO_BUSINESS_DATE, accounts, users, items, orders, invoices };
}

/** Demo personas, for `pnpm token` and tests. */
export function demoPersonas(): SeedUser[] {
  return demoBlueprint().users;
}
