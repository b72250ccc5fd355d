/**
 * The ERP ports: what the portal needs from an ERP, in ERP-neutral (canonical) shapes. Each
 * subgraph uses only its own port. Adapters (the reference ERP over HTTP; later Tryton)
 * implement them. Amounts are decimal strings; dates ISO `YYYY-MM-DD`; instants ISO-8601 UTC.
 */
export interface PageRequest {
  /** Opaque cursor from the previous page; absent = from the beginning. */
  cursor?: string | null;
  limit?: number;
}

export interface Page<T> {
  items: T[];
  /** Cursor for the next page; null when the export is complete. */
  nextCursor: string | null;
}

export interface ErpItem {
  sku: string;
  name: string;
  uom: string;
  leadTimeDays: number;
  discontinued: boolean;
  successorSku: string | null;
}

/** A canonical pricing condition record (the first slice: list prices per currency). */
export interface ErpCondition {
  id: string;
  version: number;
  conditionType: string;
  /** Which access of the access sequence this record belongs to. */
  access: 'CUSTOMER_ITEM' | 'PRICE_LIST_ITEM' | 'TIER_ITEM' | 'LIST';
  sku: string;
  accountId: string | null;
  priceListId: string | null;
  tier: string | null;
  currency: string;
  amount: string;
  validFrom: string;
  validTo: string | null;
}

export interface ErpContact {
  userId: string;
  name: string;
  email: string;
  role: 'buyer' | 'approver' | 'admin' | 'analyst';
  spendingLimit: string | null;
}

export interface ErpAccount {
  id: string;
  name: string;
  currency: string;
  tier: string;
  priceListId: string;
  contacts: ErpContact[];
}

export interface ErpSalesOrderLine {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: string;
}

export interface ErpSalesOrder {
  number: string;
  /** The portal's order id, carried by the ERP as the external reference. */
  portalOrderId: string;
  accountId: string;
  status: string;
  placedAt: string;
  currency: string;
  lines: ErpSalesOrderLine[];
}

export interface ErpInvoice {
  number: string;
  accountId: string;
  orderNumber: string;
  portalOrderId: string;
  currency: string;
  issuedAt: string;
  dueDate: string;
  total: string;
  balance: string;
  status: string;
}

export interface InventoryPort {
  exportItems(req: PageRequest): Promise<Page<ErpItem>>;
}

/** The pricing-relevant part of a customer master record. */
export interface ErpPricingCustomer {
  accountId: string;
  currency: string;
  tier: string;
  priceListId: string;
}

export interface PricingPort {
  exportConditions(req: PageRequest): Promise<Page<ErpCondition>>;
  exportCustomers(req: PageRequest): Promise<Page<ErpPricingCustomer>>;
}

export interface OrdersPort {
  exportAccounts(req: PageRequest): Promise<Page<ErpAccount>>;
  exportSalesOrders(req: PageRequest): Promise<Page<ErpSalesOrder>>;
}

export interface InvoicesPort {
  exportInvoices(req: PageRequest): Promise<Page<ErpInvoice>>;
}

export interface ErpPorts {
  inventory: InventoryPort;
  pricing: PricingPort;
  orders: OrdersPort;
  invoices: InvoicesPort;
  /** True when the ERP answers its health check. */
  ping(): Promise<boolean>;
}

/** The ERP could not be reached or did not answer in time: the caller may retry. */
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
