/**
 * The ports themselves — one per subgraph, plus events and the business clock — and the errors
 * every adapter throws; the shapes they exchange are in types.ts.
 */
import type {
  AvailabilityAnswer,
  AvailabilityLineRequest,
  CreateSalesOrderInput,
  DocumentPrice,
  ErpAccount,
  ErpChangeEvent,
  ErpCondition,
  ErpCreditMemo,
  ErpDelivery,
  ErpDocument,
  ErpDocumentFlow,
  ErpInvoice,
  ErpItem,
  ErpPayment,
  ErpPricingCustomer,
  ErpSalesOrder,
  ErpWarehouse,
  Page,
  TextPage,
  PageRequest,
  PriceTier,
} from './types.js';

export interface InventoryPort {
  exportItems(req: PageRequest): Promise<Page<ErpItem>>;
  warehouses(): Promise<ErpWarehouse[]>;
  /** Batched ATP: one call answers every line. */
  checkAvailability(
    accountId: string,
    lines: AvailabilityLineRequest[],
    opts?: { partialDelivery?: boolean },
  ): Promise<{ checkedAt: string; lines: AvailabilityAnswer[] }>;
}

export interface PricingPort {
  exportConditions(req: PageRequest): Promise<Page<ErpCondition>>;
  /**
   * The same pages as tab-separated text, where the ERP gives them so (absent: the adapter does
   * not; a full sync then loads the records of exportConditions). Same cursors as exportConditions.
   */
  exportConditionsText?(req: PageRequest): Promise<TextPage>;
  exportCustomers(req: PageRequest): Promise<Page<ErpPricingCustomer>>;
  /** The items' tax classes (absent: the adapter maps no tax, so nothing is taxed). */
  exportItemTaxClasses?(req: PageRequest): Promise<Page<{ sku: string; taxClass: string | null }>>;
  /** Price a whole cart as the ERP would (nothing is saved). */
  simulate(accountId: string, lines: { lineId: string; sku: string; quantity: number }[], pricingDate?: string): Promise<DocumentPrice>;
  /** The volume ladder of an item for an account. */
  tiers(accountId: string, sku: string, pricingDate?: string): Promise<PriceTier[]>;
}

export interface OrdersPort {
  exportAccounts(req: PageRequest): Promise<Page<ErpAccount>>;
  exportSalesOrders(req: PageRequest): Promise<Page<ErpSalesOrder>>;
  exportDeliveries(req: PageRequest): Promise<Page<ErpDelivery>>;
  /** Idempotent: the same key and payload return the same order (`replayed: true`). */
  createSalesOrder(input: CreateSalesOrderInput, idempotencyKey: string): Promise<{ order: ErpSalesOrder; replayed: boolean }>;
  getSalesOrder(number: string): Promise<ErpSalesOrder | null>;
  findSalesOrderByPortalId(portalOrderId: string): Promise<ErpSalesOrder | null>;
  cancelLine(orderNumber: string, lineNo: number): Promise<ErpSalesOrder>;
  acceptSubstitution(orderNumber: string, lineNo: number): Promise<ErpSalesOrder>;
  releaseCreditHold(orderNumber: string, by: string): Promise<ErpSalesOrder>;
  /** The order's document flow (null: no such order), for rebuilding the history of an order the portal meets late. */
  documentFlow(orderNumber: string): Promise<ErpDocumentFlow | null>;
}

export interface InvoicesPort {
  /** The format the ERP renders billing documents in (e.g. application/pdf). */
  readonly documentContentType: string;
  exportInvoices(req: PageRequest): Promise<Page<ErpInvoice>>;
  exportCreditMemos(req: PageRequest): Promise<Page<ErpCreditMemo>>;
  exportPayments(req: PageRequest): Promise<Page<ErpPayment>>;
  getInvoice(number: string): Promise<ErpInvoice | null>;
  invoiceDocument(number: string): Promise<ErpDocument>;
  creditMemoDocument(number: string): Promise<ErpDocument>;
  /** The credit the customer holds with the ERP (credits beyond what invoices still owed), applied to later invoices. */
  creditBalance(accountId: string): Promise<ErpCreditBalance>;
}

/** Credit a customer holds with the ERP, in the customer's currency. */
export interface ErpCreditBalance {
  accountId: string;
  currency: string;
  amount: string;
}

export interface EventsPort {
  /**
   * Events after `after` (a seq), in order; long-polls up to `waitMs` when there are none. `types`
   * asks for only those event types: an ERP may then pass the others over (and move `nextCursor`
   * past them) or hand them out anyway — the caller filters what it gets.
   */
  poll(
    after: number,
    opts?: { limit?: number; waitMs?: number; types?: readonly string[] },
  ): Promise<{ events: ErpChangeEvent[]; nextCursor: number }>;
  /** The newest event's seq now (0 for an empty feed): where a consumer starts right after a full sync. */
  head(): Promise<number>;
}

/** The ERP's business clock: the date pricing, contract validity, ATP, due dates and reports are reckoned on. */
export interface BusinessNow {
  /** The business date, `YYYY-MM-DD`. */
  date: string;
  /** The business instant, ISO-8601 UTC. */
  at: string;
  /** The time zone the business date is reckoned in (IANA), when the ERP says. */
  timezone?: string;
}

export interface ClockPort {
  /** The ERP's business date and time now (one ERP call: callers cache it, see `createBusinessClock`). */
  now(): Promise<BusinessNow>;
}

export interface ErpPorts {
  clock: ClockPort;
  inventory: InventoryPort;
  pricing: PricingPort;
  orders: OrdersPort;
  invoices: InvoicesPort;
  events: EventsPort;
  /** True when the ERP answers its health check. */
  ping(): Promise<boolean>;
}

/** The ERP could not be reached or did not answer in time: the caller may retry (with the same idempotency key). */
export class ErpUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ErpUnavailableError';
  }
}

/** The ERP answered with an error: retrying the same request will not help. */
export class ErpRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ErpRequestError';
  }
}
