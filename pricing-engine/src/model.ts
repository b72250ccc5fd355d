/**
 * The shapes of the condition technique: configuration (condition types, procedure), master data
 * (condition records, the customer's pricing keys) and the priced result. Everything crossing
 * this package's boundary is plain JSON — decimals are strings, dates `YYYY-MM-DD` — so the
 * reference ERP and the portal can store, ship and compare results without sharing a Decimal
 * instance or a clock.
 */

/** Item accesses carry the SKU in their key; only these can find a base price. */
export type ItemAccess = 'CUSTOMER_ITEM' | 'PRICE_LIST_ITEM' | 'TIER_ITEM' | 'LIST';
/**
 * Accesses without the SKU in their key. Header (document) conditions can only use these; item
 * conditions may use them too (e.g. a customer discount on every item, a general surcharge).
 */
export type HeaderAccess = 'CUSTOMER' | 'PRICE_LIST' | 'TIER' | 'ALL';
/**
 * Tax access: the ship-to country and the item's tax class (record keys `country`, `taxClass`).
 * Only TAX conditions use it, and TAX conditions use only it.
 */
export type TaxAccess = 'COUNTRY_TAX_CLASS';
export type Access = ItemAccess | HeaderAccess | TaxAccess;

/**
 * TAX: a rate per ship-to country and tax class, applied per line to the line's net after its
 * share of header discounts. A DISCOUNT of level HEADER is a header discount: computed once on the
 * document's NET and distributed to the lines in proportion to their net.
 */
export type ConditionKind = 'BASE' | 'DISCOUNT' | 'SURCHARGE' | 'FREIGHT' | 'TAX';
export type CalcType = 'PERCENT' | 'FIXED_AMOUNT' | 'PER_QUANTITY';
export type ConditionLevel = 'ITEM' | 'HEADER';
export type ScaleBasis = 'QUANTITY' | 'VALUE';
/** Modes act on the magnitude (sign-symmetric): a discount rounds exactly like the equal surcharge. */
export type RoundingMode = 'HALF_UP' | 'HALF_EVEN' | 'DOWN' | 'UP';

export interface Rounding {
  /**
   * Decimal places of the condition's amount (0–10), never more than the document currency's minor
   * units; omitted: exactly the currency's minor units (ISO 4217: JPY 0, USD 2, KWD 3).
   */
  scale?: number;
  mode: RoundingMode;
}

export interface ConditionType {
  code: string;
  kind: ConditionKind;
  label: string;
  calcType: CalcType;
  /** FREIGHT is HEADER (computed once on the document); DISCOUNT is ITEM or HEADER; BASE, SURCHARGE and TAX are ITEM. */
  level: ConditionLevel;
  /** Most → least specific. */
  accessSequence: readonly Access[];
  /** true: the first access with an applicable record wins; false: one record per access, all applied. */
  exclusive: boolean;
  /** Required when records carry scales. QUANTITY: line quantity (header: sum of priced lines' quantities); VALUE: the preceding subtotal. */
  scaleBasis?: ScaleBasis;
  /** Only for PER_QUANTITY with QUANTITY scales: each band's price applies to the units inside that band. */
  graduated?: boolean;
  rounding: Rounding;
}

export type Subtotal = 'GROSS' | 'NET' | 'TOTAL';

export type ProcedureStep = { type: 'CONDITION'; conditionType: string } | { type: 'SUBTOTAL'; subtotal: Subtotal };

/**
 * Steps in order. The engine requires the shape
 * `BASE … GROSS (DISCOUNT|SURCHARGE)* NET HEADER-DISCOUNT* FREIGHT* TAX* TOTAL`, which is what
 * gives PERCENT conditions their reference: item discounts and surcharges → line GROSS, header
 * discounts and freight → document NET, tax → the line's net less its share of header discounts.
 */
export interface PricingProcedure {
  id: string;
  steps: readonly ProcedureStep[];
}

export interface ScaleLevel {
  /** Inclusive threshold: a quantity (whole number) or a value, per the condition type's scaleBasis. */
  from: string;
  /** For FIXED_AMOUNT and PER_QUANTITY. */
  amount?: string | null;
  /** For PERCENT ('5' = 5 %). */
  rate?: string | null;
}

export interface ConditionRecord {
  id: string;
  /** A higher version of the same id supersedes lower ones entirely (also their validity and keys). */
  version: number;
  conditionType: string;
  access: Access;
  /** Key field of the item accesses; ignored by the others. */
  sku: string | null;
  accountId: string | null;
  priceListId: string | null;
  tier: string | null;
  /** Every record (also PERCENT) must be in the customer's currency to be considered. */
  currency: string;
  /** FIXED_AMOUNT: the amount; PER_QUANTITY and base prices: money per unit. Below the first scale it is the value. */
  amount?: string | null;
  /** PERCENT: '5' = 5 %. Discounts carry positive rates. */
  rate?: string | null;
  scales?: readonly ScaleLevel[] | null;
  validFrom: string;
  /** Inclusive; null = open-ended. */
  validTo: string | null;
  /** The customer contract the record belongs to; surfaces in LinePrice.basis. */
  contractId?: string | null;
  contractVersion?: number | null;
  /** Key fields of the tax access (ISO 3166 alpha-2 ship-to country, the item's tax class); ignored by the others. */
  country?: string | null;
  taxClass?: string | null;
}

export interface PricingCustomer {
  accountId: string;
  /** null: the customer has none, so PRICE_LIST* accesses never match. */
  priceListId: string | null;
  tier: string | null;
  currency: string;
  /** The currency's decimal places (ISO 4217 minor units: JPY 0, USD 2, KWD 3): every amount is rounded to them. */
  minorUnits: number;
  /** The ship-to country (ISO 3166 alpha-2); absent or null: no tax record matches, so no tax. */
  shipToCountry?: string | null;
}

export interface DocumentLineInput {
  lineId: string;
  sku: string;
  /** Positive whole number. */
  quantity: number;
  /** The item's tax class (e.g. STANDARD, REDUCED, EXEMPT); absent or null: the line is not taxed. */
  taxClass?: string | null;
}

export interface PricingConfig {
  procedure: PricingProcedure;
  conditionTypes: readonly ConditionType[];
}

export interface PriceDocumentInput extends PricingConfig {
  records: readonly ConditionRecord[];
  customer: PricingCustomer;
  /** The date prices are determined for; the engine never reads a clock. */
  pricingDate: string;
  lines: readonly DocumentLineInput[];
}

export interface PriceTiersInput extends PricingConfig {
  records: readonly ConditionRecord[];
  customer: PricingCustomer;
  pricingDate: string;
  sku: string;
}

export type PriceSource = 'CONTRACT' | 'PRICE_LIST' | 'TIER' | 'LIST';

/** Why the base price applies. */
export interface PriceBasis {
  source: PriceSource;
  contractId: string | null;
  contractVersion: number | null;
  /** Set when the price comes from the customer's price list. */
  priceListId: string | null;
  /** The quantity-scale threshold reached; null when the record's flat (unscaled) value applied. */
  tierMinQuantity: number | null;
  validFrom: string;
  validTo: string | null;
  conditionId: string;
  conditionVersion: number;
}

export interface PriceComponent {
  type: ConditionKind;
  conditionType: string;
  label: string;
  /** PERCENT conditions: the applied rate, normalised ('5.0000' → '5'); otherwise null. */
  rate: string | null;
  /** Signed: discounts negative. Formatted with the condition type's rounding scale. */
  amount: string;
  /** The scale threshold applied (normalised), null when the record's flat value applied. */
  scaleFrom: string | null;
  conditionId: string;
  conditionVersion: number;
  access: Access;
}

export interface LinePrice {
  lineId: string;
  sku: string;
  quantity: number;
  /** netAmount / quantity, HALF_UP to 4 places. */
  unitPrice: string;
  netAmount: string;
  /** Per unit, 4 places: the LIST-access base price at this quantity, else the winning base price. */
  listPrice: string;
  grossAmount: string;
  basis: PriceBasis;
  /** Procedure order. */
  components: PriceComponent[];
}

export type LineErrorCode = 'NO_PRICE' | 'NEGATIVE_NET';

export interface LineError {
  lineId: string;
  sku: string;
  code: LineErrorCode;
  message: string;
}

export interface DocumentTotals {
  /** Σ line gross. */
  subtotal: string;
  /** Σ item discounts, as a positive number. */
  discount: string;
  surcharge: string;
  freight: string;
  /** Σ line net = subtotal − discount + surcharge (before header discounts, freight and tax). */
  net: string;
  /** Σ header discounts, as a positive number. */
  headerDiscount: string;
  /** Σ tax lines' amounts. */
  tax: string;
  /** net − headerDiscount + freight + tax. */
  total: string;
}

/** One line's tax: its net less its share of header discounts, the rate and the tax rounded per line. */
export interface LineTax {
  lineId: string;
  taxClass: string | null;
  /** This line's share of the header discounts (positive). */
  headerDiscount: string;
  /** netAmount − headerDiscount. */
  base: string;
  conditionType: string | null;
  conditionId: string | null;
  conditionVersion: number | null;
  /** null: no tax record for the ship-to country and the line's tax class. */
  rate: string | null;
  amount: string;
}

/** Tax per condition type and rate: Σ bases and Σ the lines' rounded tax amounts. */
export interface TaxLine {
  conditionType: string;
  label: string;
  rate: string;
  base: string;
  amount: string;
}

export interface DocumentPrice {
  procedureId: string;
  currency: string;
  pricingDate: string;
  /** Priced lines only, in input order; unpriced ones are in `errors`. */
  lines: LinePrice[];
  /** Header (document-level) conditions: header discounts (negative), freight; empty when no line priced. */
  header: PriceComponent[];
  /** Per priced line, in line order: header discount share, tax base, rate and amount. */
  lineTaxes: LineTax[];
  /** Per tax condition type and rate, highest rate first; lines without a tax record are in none. */
  taxLines: TaxLine[];
  totals: DocumentTotals;
  errors: LineError[];
}

export interface PriceTier {
  /** The first quantity at which this unit price applies. */
  minQuantity: number;
  /**
   * What the buyer pays per unit for `minQuantity` units, 4 places: `price.unitPrice`, every item
   * condition applied (base scales, volume and account discounts, surcharges). For graduated scales
   * it is the average over the units, as a line of that quantity pays it.
   */
  unitPrice: string;
  graduated: boolean;
  source: PriceSource;
  conditionType: string;
  conditionId: string;
  conditionVersion: number;
  validFrom: string;
  validTo: string | null;
  /** The line price of `minQuantity` units: the same result as pricing a line of that quantity. */
  price: LinePrice;
}
