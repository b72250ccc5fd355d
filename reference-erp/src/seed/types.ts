/** The shapes of a seed blueprint (master data, conditions, supply, history actions). */
import type { Role } from '@portal/platform/auth';

export interface SeedAccount {
  id: string;
  name: string;
  currency: string;
  tier: 'GOLD' | 'SILVER' | 'BRONZE';
  priceListId: string;
  paymentTermsDays: number;
  creditLimit: string;
  defaultWarehouse: string;
  partialDelivery: boolean;
  addressLines: string[];
  /** ISO 3166 alpha-2; only accounts with one are taxed. */
  shipToCountry?: string | null;
  minimumOrderValue?: string | null;
}

export interface SeedUser {
  id: string;
  accountId: string;
  name: string;
  email: string;
  role: Role;
  spendingLimit: string | null;
}

export interface SeedWarehouse {
  id: string;
  name: string;
  timeZone: string;
  workingDays: number[];
  holidays: string[];
  cutoffTime: string;
  pickPackDays: number;
  loadingDays: number;
  transitDays: number;
}

export interface SeedCarrier {
  id: string;
  name: string;
  trackingUrlTemplate: string;
}

export interface SeedItem {
  sku: string;
  name: string;
  uom: string;
  weightKg: string;
  leadTimeDays: number;
  discontinued: boolean;
  successorSku: string | null;
  taxClass?: string | null;
}

export interface SeedCondition {
  id: string;
  version: number;
  conditionType: string;
  access: string;
  sku: string | null;
  accountId: string | null;
  priceListId: string | null;
  tier: string | null;
  currency: string;
  amount: string | null;
  rate: string | null;
  scales: { from: string; amount?: string; rate?: string }[];
  validFrom: string;
  validTo: string | null;
  contractId: string | null;
  contractVersion: number | null;
  country?: string | null;
  taxClass?: string | null;
}

export interface SeedStock {
  sku: string;
  warehouseId: string;
  onHand: number;
}

export interface SeedMovement {
  id: string;
  sku: string;
  warehouseId: string;
  /** Working-day offset from the business date's first working day (d0). */
  day: number;
  quantity: number;
  kind: 'PURCHASE_ORDER' | 'TRANSFER_IN' | 'SALES_ORDER' | 'ALLOCATION' | 'TRANSFER_OUT';
  ref: string;
}

/** History, replayed through the ERP's own code with the business clock at `day` (negative = past). */
export type SeedAction =
  | { kind: 'order'; day: number; ref: string; accountId: string; lines: { sku: string; quantity: number }[]; requestedInDays?: number }
  | { kind: 'cancel-line'; day: number; ref: string; lineNo: number }
  | { kind: 'release-hold'; day: number; ref: string }
  | { kind: 'pay'; day: number; ref: string; share: 'full' | 'half' }
  | { kind: 'credit-memo'; day: number; ref: string; reason: 'RETURN' | 'PRICE_DISPUTE'; quantity: number };

export interface SeedBlueprint {
  seed: number;
  businessDate: string;
  warehouses: SeedWarehouse[];
  carriers: SeedCarrier[];
  accounts: SeedAccount[];
  users: SeedUser[];
  items: SeedItem[];
  conditions: SeedCondition[];
  stock: SeedStock[];
  movements: SeedMovement[];
  actions: SeedAction[];
}

export interface SeedScale {
  accounts: number;
  items: number;
  /** Extra random contract conditions on top of the story records and list prices. */
  conditions: number;
  orders: number;
}
