import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Viewer as AuthViewer } from '@portal/platform/auth';
import type { PortalUserEntity, AccountEntity, CartEntity, CartLineEntity, OrderEntity, OrderLineEntity, ShipmentEntity, OrderExceptionEntity, TimelineEventEntity } from '../entities/index.js';
import type { Connection, Edge } from '@portal/platform/connection';
import type { ReportScope, OrderAggregateRow, TopItemRow, OnTimeRow, PromiseRow } from '../entities/order-reports.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  Date: { input: string; output: string; }
  DateTime: { input: Date; output: Date | string; }
  Decimal: { input: import("@portal/platform/money").Decimal; output: import("@portal/platform/money").Decimal | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Account = {
  __typename?: 'Account';
  currency: Scalars['String']['output'];
  /**
   * The limit of users the portal has not seen before (created on first sight with it) and of users
   * without one of their own; zero means every order needs approval. Set by the account's admin.
   */
  defaultSpendingLimit?: Maybe<Money>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The viewer's own spending limit in the account currency (theirs, else the account's default). */
  spendingLimit?: Maybe<Money>;
  users: Array<User>;
};

export type AccountConnection = {
  __typename?: 'AccountConnection';
  edges: Array<AccountEdge>;
  nodes: Array<Account>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AccountEdge = {
  __typename?: 'AccountEdge';
  cursor: Scalars['String']['output'];
  node: Account;
};

export type AccountFilter = {
  /** Matches the start of the account id or any part of its name (case-insensitive). */
  search?: InputMaybe<Scalars['String']['input']>;
};

export type ActionNotAllowed = ErrorResult & {
  __typename?: 'ActionNotAllowed';
  /** What the viewer may do instead. */
  allowedActions: Array<OrderExceptionAction>;
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type ApprovalEvent = TimelineEvent & {
  __typename?: 'ApprovalEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  comment?: Maybe<Scalars['String']['output']>;
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  /** REQUESTED or APPROVED */
  decision: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  source: Scalars['String']['output'];
  spendingLimit?: Maybe<Money>;
  summary: Scalars['String']['output'];
  /** The order total that needed approval, and the buyer's limit it exceeded. */
  total?: Maybe<Money>;
  type: Scalars['String']['output'];
};

/** The approver may not approve this cart: above their approval limit (the next level must), or their own cart. */
export type ApprovalNotAllowed = ErrorResult & {
  __typename?: 'ApprovalNotAllowed';
  /** The approver's own limit. */
  approvalLimit: Money;
  /** APPROVAL_LIMIT_EXCEEDED or OWN_CART */
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** What the cart would be invoiced. */
  total: Money;
};

export type ApprovalRequired = {
  __typename?: 'ApprovalRequired';
  cart: Cart;
  spendingLimit: Money;
  total: Money;
};

/**
 * Approving re-validates the snapshot the buyer submitted: changed prices or availability send the
 * cart back to the buyer (ACTIVE, with `Cart.returned` saying why) and answer the approver with the
 * change. An approver may approve up to their own limit and never their own cart above it.
 */
export type ApproveCartResult = ApprovalNotAllowed | AvailabilityChanged | CartAlreadySubmitted | CartLocked | CartNotFound | InvalidInput | OrderSubmitted | PriceChanged;

export type AvailabilityChange = {
  __typename?: 'AvailabilityChange';
  lineId: Scalars['ID']['output'];
  newDate?: Maybe<Scalars['Date']['output']>;
  newStatus: Scalars['String']['output'];
  oldDate?: Maybe<Scalars['Date']['output']>;
  oldStatus?: Maybe<Scalars['String']['output']>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type AvailabilityChanged = ErrorResult & {
  __typename?: 'AvailabilityChanged';
  cart: Cart;
  changes: Array<AvailabilityChange>;
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** The availability re-check at submit. */
export type AvailabilityCheckEvent = TimelineEvent & {
  __typename?: 'AvailabilityCheckEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<TimelineLine>;
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

/** Invoice posted, payment received, credit memo issued (from the invoices subgraph). */
export type BillingEvent = TimelineEvent & {
  __typename?: 'BillingEvent';
  actor?: Maybe<Scalars['String']['output']>;
  amount: Money;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  /** The invoice's open balance after this event, when known. */
  balance?: Maybe<Money>;
  correlationId: Scalars['String']['output'];
  creditMemoNumber?: Maybe<Scalars['String']['output']>;
  cursor: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  invoiceNumber: Scalars['String']['output'];
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

export type Cart = {
  __typename?: 'Cart';
  /** The approval decision, once taken. */
  approval?: Maybe<CartApproval>;
  createdAt: Scalars['DateTime']['output'];
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<CartLine>;
  name?: Maybe<Scalars['String']['output']>;
  requestedDeliveryDate?: Maybe<Scalars['Date']['output']>;
  /** Why the cart came back to the buyer after a submit or an approval, if it did. */
  returned?: Maybe<CartReturn>;
  status: CartStatus;
};

/** This cart already has an order (or a submit is placing one): one cart, at most one order. */
export type CartAlreadySubmitted = ErrorResult & {
  __typename?: 'CartAlreadySubmitted';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** The cart's order; null while another submit is still placing it. */
  orderId?: Maybe<Scalars['ID']['output']>;
};

export type CartApproval = {
  __typename?: 'CartApproval';
  comment?: Maybe<Scalars['String']['output']>;
  decidedAt: Scalars['DateTime']['output'];
  decidedBy: Scalars['ID']['output'];
};

export type CartLine = {
  __typename?: 'CartLine';
  /** The requested delivery date that applies: the line's own, else the cart's `requestedDeliveryDate`, else null. Availability, the submit's re-check and the ERP promise by it. */
  effectiveRequestedDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  item: Item;
  quantity: Scalars['Int']['output'];
  requestedDate?: Maybe<Scalars['Date']['output']>;
  sku: Scalars['ID']['output'];
};

export type CartLineInput = {
  quantity: Scalars['Int']['input'];
  requestedDate?: InputMaybe<Scalars['Date']['input']>;
  sku: Scalars['ID']['input'];
};

export type CartLocked = ErrorResult & {
  __typename?: 'CartLocked';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  status: CartStatus;
};

export type CartNotFound = ErrorResult & {
  __typename?: 'CartNotFound';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type CartResult = Cart | CartLocked | CartNotFound | DiscontinuedItem | InvalidInput | InvalidQuantity | UnknownSku;

/** Why a cart came back to the buyer (e.g. prices changed before approval). */
export type CartReturn = {
  __typename?: 'CartReturn';
  at: Scalars['DateTime']['output'];
  /** The user whose action sent it back (the approver), or the system. */
  by: Scalars['String']['output'];
  reason: Scalars['String']['output'];
};

export type CartStatus =
  | 'ACTIVE'
  | 'APPROVED'
  | 'PENDING_APPROVAL'
  | 'REJECTED'
  | 'SAVED'
  | 'SUBMITTED'
  /** A submit is working on a snapshot of the cart: edits answer CartLocked until it ends (SUBMITTED, PENDING_APPROVAL, or back to how it was). */
  | 'SUBMITTING';

export type CreateCartInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  requestedDeliveryDate?: InputMaybe<Scalars['Date']['input']>;
};

export type CreateCartResult = Cart | InvalidInput;

export type DiscontinuedItem = ErrorResult & {
  __typename?: 'DiscontinuedItem';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  sku: Scalars['ID']['output'];
  /** Order this instead. */
  successorSku?: Maybe<Scalars['ID']['output']>;
};

export type DisputeOrderPriceResult = ActionNotAllowed | InvalidInput | OrderExceptionRaised | OrderNotFound;

/** An amount priced on the whole cart, not on a line. */
export type DocumentTotal =
  | 'FREIGHT'
  | 'HEADER_DISCOUNT'
  | 'TAX'
  | 'TOTAL';

export type ErpUnavailable = ErrorResult & {
  __typename?: 'ErpUnavailable';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** Expected failures are data: every error type implements ErrorResult. */
export type ErrorResult = {
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type ExceptionEvent = TimelineEvent & {
  __typename?: 'ExceptionEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  comment?: Maybe<Scalars['String']['output']>;
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  exceptionId: Scalars['ID']['output'];
  exceptionType: OrderExceptionType;
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lineNo?: Maybe<Scalars['Int']['output']>;
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  reasonCode: Scalars['String']['output'];
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  /** Set on exception.resolved. */
  resolution?: Maybe<Scalars['String']['output']>;
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

export type ExceptionNotFound = ErrorResult & {
  __typename?: 'ExceptionNotFound';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** A user's decision on an exception, waiting for the ERP to carry it out. */
export type ExceptionRequest = {
  __typename?: 'ExceptionRequest';
  action: OrderExceptionAction;
  at: Scalars['DateTime']['output'];
  /** The user who asked. */
  by: Scalars['String']['output'];
  comment?: Maybe<Scalars['String']['output']>;
};

export type ExceptionResolution = {
  __typename?: 'ExceptionResolution';
  /** The action taken, or how it ended in the ERP (RELEASED_IN_ERP, SUBSTITUTION_ACCEPTED, DELIVERED, LINE_CANCELLED, CREDITED...). */
  action: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  /** The user who decided, or `erp`. */
  by: Scalars['String']['output'];
  comment?: Maybe<Scalars['String']['output']>;
};

/**
 * Fulfilment over `from`..`to`. On-time delivery counts delivered shipment lines by the day they
 * were delivered, in the time zone of the warehouse they left from; a line's confirmed date is the ERP's confirmed delivery date of the schedule line
 * that the delivered quantity completes (shipping consumes schedule lines oldest first), its
 * requested date the order's requested delivery date. Promise accuracy counts order lines by the day
 * the order was placed: the ATP date shown and re-checked at submit against the ERP's first
 * confirmation (the last confirmed delivery date of the line when the ERP acknowledged the order).
 * Orders placed in the ERP directly carry no promise.
 */
export type FulfilmentReport = {
  __typename?: 'FulfilmentReport';
  from: Scalars['Date']['output'];
  /** Per period (oldest first) or, without `interval`, over the whole range; per account with `perAccount`. */
  onTimeDelivery: Array<OnTimeDelivery>;
  /** Per period (oldest first) or, without `interval`, over the whole range; per account with `perAccount`. */
  promiseAccuracy: Array<PromiseAccuracy>;
  to: Scalars['Date']['output'];
};


/**
 * Fulfilment over `from`..`to`. On-time delivery counts delivered shipment lines by the day they
 * were delivered, in the time zone of the warehouse they left from; a line's confirmed date is the ERP's confirmed delivery date of the schedule line
 * that the delivered quantity completes (shipping consumes schedule lines oldest first), its
 * requested date the order's requested delivery date. Promise accuracy counts order lines by the day
 * the order was placed: the ATP date shown and re-checked at submit against the ERP's first
 * confirmation (the last confirmed delivery date of the line when the ERP acknowledged the order).
 * Orders placed in the ERP directly carry no promise.
 */
export type FulfilmentReportOnTimeDeliveryArgs = {
  interval?: InputMaybe<ReportInterval>;
  perAccount?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Fulfilment over `from`..`to`. On-time delivery counts delivered shipment lines by the day they
 * were delivered, in the time zone of the warehouse they left from; a line's confirmed date is the ERP's confirmed delivery date of the schedule line
 * that the delivered quantity completes (shipping consumes schedule lines oldest first), its
 * requested date the order's requested delivery date. Promise accuracy counts order lines by the day
 * the order was placed: the ATP date shown and re-checked at submit against the ERP's first
 * confirmation (the last confirmed delivery date of the line when the ERP acknowledged the order).
 * Orders placed in the ERP directly carry no promise.
 */
export type FulfilmentReportPromiseAccuracyArgs = {
  interval?: InputMaybe<ReportInterval>;
  perAccount?: InputMaybe<Scalars['Boolean']['input']>;
};

export type InvalidInput = ErrorResult & {
  __typename?: 'InvalidInput';
  errorCode: Scalars['String']['output'];
  field: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type InvalidQuantity = ErrorResult & {
  __typename?: 'InvalidQuantity';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  quantity: Scalars['Int']['output'];
};

export type Item = {
  __typename?: 'Item';
  sku: Scalars['ID']['output'];
};

export type ItemRanking =
  /** Largest net amount first (per currency). */
  | 'NET_AMOUNT'
  /** Most units first (per currency). */
  | 'QUANTITY';

/** What a late confirmation is about: promised against confirmed, by date and quantity. */
export type LateConfirmation = {
  __typename?: 'LateConfirmation';
  /** The latest date the ERP confirmed any of the line for. */
  confirmedDate: Scalars['Date']['output'];
  /** The late schedule lines. */
  late: Array<LateScheduleLine>;
  /** Confirmed after the promised date, in total. */
  lateQuantity: Scalars['Int']['output'];
  /** Confirmed on or before the promised date. */
  onTimeQuantity: Scalars['Int']['output'];
  /** The date the line was asked for: its own requested date, else the order's; without either, the first date the ERP confirmed. */
  promisedDate: Scalars['Date']['output'];
  /** The line's quantity. */
  promisedQuantity: Scalars['Int']['output'];
};

export type LateScheduleLine = {
  __typename?: 'LateScheduleLine';
  date: Scalars['Date']['output'];
  quantity: Scalars['Int']['output'];
};

/** The cart's goods (net after header discounts, before freight and tax) are below the account's minimum order value: nothing was ordered, the cart is as it was and the key is free for the next attempt. */
export type MinimumOrderValueNotMet = ErrorResult & {
  __typename?: 'MinimumOrderValueNotMet';
  /** MINIMUM_ORDER_VALUE_NOT_MET */
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  minimum: Money;
  /** What the cart lacks to reach the minimum. */
  shortBy: Money;
};

/** An exact amount in a currency. `amount` is a decimal string ("1234.50"). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Add lines (a SKU already in the cart adds to its quantity). */
  addCartLines: CartResult;
  /** Approve a cart waiting for approval: the order is placed under the buyer's original idempotency key. */
  approveCart: ApproveCartResult;
  /** A new active cart in the viewer's account. */
  createCart: CreateCartResult;
  /** Dispute the price of an order line: a PRICE_DISPUTE exception, open until withdrawn or credited by the ERP. */
  disputeOrderPrice: DisputeOrderPriceResult;
  /** Reject a cart waiting for approval (one rejection rejects). */
  rejectCart: RejectCartResult;
  removeCartLines: CartResult;
  /** A new cart with an earlier order's lines; discontinued items are replaced by their successors or flagged. */
  reorder: ReorderResult;
  /**
   * Act on an open order exception with one of its `actions`. Actions the ERP carries out (release a
   * credit hold, accept a substitution, cancel a line or the order) are sent to it first; nothing is
   * recorded if it refuses or cannot be reached. Who, when and why go on the exception and the timeline.
   */
  resolveOrderException: ResolveOrderExceptionResult;
  /** Keep the cart under a name for later (status SAVED). */
  saveCart: CartResult;
  /** The account's default spending limit, in its currency (admins of the account). */
  setDefaultSpendingLimit: SetDefaultSpendingLimitResult;
  /**
   * Place the order for a cart, exactly once per idempotency key: retries with the same key and
   * cart replay the first result; the same key with another cart is refused.
   */
  submitCart: SubmitCartResult;
  updateCartLine: CartResult;
};


export type MutationAddCartLinesArgs = {
  cartId: Scalars['ID']['input'];
  lines: Array<CartLineInput>;
};


export type MutationApproveCartArgs = {
  cartId: Scalars['ID']['input'];
  comment?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateCartArgs = {
  input?: InputMaybe<CreateCartInput>;
};


export type MutationDisputeOrderPriceArgs = {
  lineId: Scalars['ID']['input'];
  orderId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationRejectCartArgs = {
  cartId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


export type MutationRemoveCartLinesArgs = {
  cartId: Scalars['ID']['input'];
  lineIds: Array<Scalars['ID']['input']>;
};


export type MutationReorderArgs = {
  orderId: Scalars['ID']['input'];
};


export type MutationResolveOrderExceptionArgs = {
  action: OrderExceptionAction;
  comment?: InputMaybe<Scalars['String']['input']>;
  exceptionId: Scalars['ID']['input'];
  orderId: Scalars['ID']['input'];
};


export type MutationSaveCartArgs = {
  cartId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationSetDefaultSpendingLimitArgs = {
  amount: Scalars['Decimal']['input'];
};


export type MutationSubmitCartArgs = {
  input: SubmitCartInput;
};


export type MutationUpdateCartLineArgs = {
  cartId: Scalars['ID']['input'];
  lineId: Scalars['ID']['input'];
  quantity?: InputMaybe<Scalars['Int']['input']>;
  requestedDate?: InputMaybe<Scalars['Date']['input']>;
};

export type OnTimeDelivery = {
  __typename?: 'OnTimeDelivery';
  /** Null when not grouped by account. */
  account?: Maybe<Account>;
  /** Mean days after the confirmed date, over the lines delivered late; null when none was late. */
  averageDaysLate?: Maybe<Scalars['Float']['output']>;
  /** Delivered lines with an ERP-confirmed delivery date. */
  confirmedLines: Scalars['Int']['output'];
  /** Shipment lines delivered in the period. */
  deliveredLines: Scalars['Int']['output'];
  /** Delivered on or before the confirmed date. */
  onTimeVsConfirmed: Scalars['Int']['output'];
  /** onTimeVsConfirmed / confirmedLines (0 to 1); null when no line had a confirmed date. */
  onTimeVsConfirmedRate?: Maybe<Scalars['Float']['output']>;
  /** Delivered on or before the requested date. */
  onTimeVsRequested: Scalars['Int']['output'];
  /** onTimeVsRequested / requestedLines (0 to 1); null when no line had a requested date. */
  onTimeVsRequestedRate?: Maybe<Scalars['Float']['output']>;
  /** First day of the period; null over the whole range. */
  periodStart?: Maybe<Scalars['Date']['output']>;
  /** Delivered lines of orders with a requested delivery date. */
  requestedLines: Scalars['Int']['output'];
};

export type Order = {
  __typename?: 'Order';
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The account the order belongs to (lists across accounts say whose each row is). */
  account: Account;
  /** The correlation id of the submit request: every log line and timeline event of it carries it. */
  correlationId?: Maybe<Scalars['String']['output']>;
  currency: Scalars['String']['output'];
  erpOrderNumber?: Maybe<Scalars['String']['output']>;
  /** Credit hold, substitution, split delivery, backorder, price dispute — open ones first. */
  exceptions: Array<OrderException>;
  /** Why the ERP holds the order (e.g. CREDIT_LIMIT_EXCEEDED), when it does. */
  holdReason?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  number: Scalars['String']['output'];
  /** Where the order came from: PORTAL or ERP (placed in the ERP directly). */
  origin: Scalars['String']['output'];
  placedAt: Scalars['DateTime']['output'];
  /** Whether shipped goods came back: NONE, PARTIALLY_RETURNED, or RETURNED (every shipped unit). */
  returnStatus: OrderReturnStatus;
  /** Goods sent back from this order that the ERP received and credited, oldest first: one entry per return order. */
  returns: Array<OrderReturn>;
  /** Deliveries, per package with carrier tracking. */
  shipments: Array<Shipment>;
  status: OrderStatus;
  /** Everything that happened to the order, oldest first; append-only and hash-chained. */
  timeline: Array<TimelineEvent>;
  timelineVerification: TimelineVerification;
  /** Recomputes the timeline's hash chain: false if any stored event was changed, removed or reordered. */
  timelineVerified: Scalars['Boolean']['output'];
};


export type OrderExceptionsArgs = {
  status?: InputMaybe<OrderExceptionStatus>;
};

export type OrderAggregate = {
  __typename?: 'OrderAggregate';
  /** Null when not grouped by account. */
  account?: Maybe<Account>;
  currency: Scalars['String']['output'];
  /** Sum of the orders' net totals, in `currency`. */
  netAmount: Money;
  orderCount: Scalars['Int']['output'];
  /** First day of the period (DAY: the day, WEEK: its Monday, MONTH: the 1st); null when not grouped by period. */
  periodStart?: Maybe<Scalars['Date']['output']>;
  /** Null when not grouped by status. */
  status?: Maybe<OrderStatus>;
};

export type OrderConnection = {
  __typename?: 'OrderConnection';
  edges: Array<OrderEdge>;
  nodes: Array<Order>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type OrderEdge = {
  __typename?: 'OrderEdge';
  cursor: Scalars['String']['output'];
  node: Order;
};

export type OrderException = {
  __typename?: 'OrderException';
  /** What may be done about it (the viewer's role may allow fewer). */
  actions: Array<OrderExceptionAction>;
  id: Scalars['ID']['output'];
  /** For LATE_CONFIRMATION: the date asked for against what the ERP confirmed after it. */
  lateConfirmation?: Maybe<LateConfirmation>;
  /** The order line it concerns; null for the whole order. */
  lineNo?: Maybe<Scalars['Int']['output']>;
  message: Scalars['String']['output'];
  /** A decision sent to the ERP and not confirmed yet (null when none is waiting). */
  pendingRequest?: Maybe<ExceptionRequest>;
  /** For a substitution: the item the ERP proposes. */
  proposedSku?: Maybe<Scalars['ID']['output']>;
  raisedAt: Scalars['DateTime']['output'];
  /** `erp`, or the user who raised it. */
  raisedBy?: Maybe<Scalars['String']['output']>;
  /** Why, as the ERP (or the buyer) states it, e.g. CREDIT_LIMIT_EXCEEDED, ITEM_DISCONTINUED. */
  reasonCode: Scalars['String']['output'];
  resolution?: Maybe<ExceptionResolution>;
  resolvedAt?: Maybe<Scalars['DateTime']['output']>;
  sku?: Maybe<Scalars['ID']['output']>;
  status: OrderExceptionStatus;
  type: OrderExceptionType;
};

export type OrderExceptionAction =
  /** Keep the lead-time date the ERP confirmed. */
  | 'ACCEPT_DATE'
  /** Keep the split delivery the ERP confirmed. */
  | 'ACCEPT_PARTIAL'
  /** Keep the order at the ERP's prices (a price mismatch). */
  | 'ACCEPT_PRICE'
  /** The ERP's proposed successor item replaces the line's item. */
  | 'ACCEPT_SUBSTITUTION'
  /** The line is cancelled in the ERP. */
  | 'CANCEL_LINE'
  /** Every line not yet shipped is cancelled in the ERP. */
  | 'CANCEL_ORDER'
  /** The credit hold is lifted in the ERP (the seller's credit controllers only). */
  | 'RELEASE_CREDIT_HOLD'
  /** Ask the seller's credit control to release the hold (buyers, approvers, admins); recorded with who, when and why. */
  | 'REQUEST_CREDIT_RELEASE'
  /** Withdraw the buyer's price dispute. */
  | 'WITHDRAW';

export type OrderExceptionRaised = {
  __typename?: 'OrderExceptionRaised';
  exception: OrderException;
  order: Order;
};

export type OrderExceptionResolved = {
  __typename?: 'OrderExceptionResolved';
  exception: OrderException;
  order: Order;
};

export type OrderExceptionStatus =
  | 'OPEN'
  | 'RESOLVED';

export type OrderExceptionType =
  | 'BACKORDER'
  | 'CREDIT_HOLD'
  /** The ERP confirmed some of a line for a date after the one asked for (the line's requested date, its order's, or the first date it confirmed). */
  | 'LATE_CONFIRMATION'
  | 'PARTIAL'
  | 'PRICE_DISPUTE'
  /** The ERP's acknowledged prices differ from the quote the order was submitted and approved at. */
  | 'PRICE_MISMATCH'
  | 'SUBSTITUTION';

export type OrderFilter = {
  /** Placed on or after this day (UTC). */
  placedFrom?: InputMaybe<Scalars['Date']['input']>;
  /** Placed on or before this day (UTC). */
  placedTo?: InputMaybe<Scalars['Date']['input']>;
  status?: InputMaybe<Array<OrderStatus>>;
  /** Matches the start of the portal or ERP order number, or a SKU on the order. */
  text?: InputMaybe<Scalars['String']['input']>;
};

export type OrderLine = {
  __typename?: 'OrderLine';
  /** What the ERP cancelled of the ordered quantity, which stays as ordered: all of it, or the rest of a partly shipped line. */
  cancelledQuantity: Scalars['Int']['output'];
  confirmedQuantity: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  invoicedQuantity: Scalars['Int']['output'];
  item: Item;
  lineNo: Scalars['Int']['output'];
  /** The successor the ERP proposes for a discontinued item. */
  proposedSku?: Maybe<Scalars['ID']['output']>;
  quantity: Scalars['Int']['output'];
  /** Returned goods of this line the ERP received and credited (the sum over the order's returns). */
  returnedQuantity: Scalars['Int']['output'];
  /** The ERP's confirmed deliveries for this line. */
  scheduleLines: Array<OrderScheduleLine>;
  shippedQuantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
  /** As the ERP reports it: OPEN CONFIRMED SUBSTITUTION_PROPOSED IN_FULFILLMENT PARTIALLY_SHIPPED SHIPPED CANCELLED */
  status: Scalars['String']['output'];
};

export type OrderNotFound = ErrorResult & {
  __typename?: 'OrderNotFound';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/**
 * Orders placed in `from`..`to`. An order's net amount is its net total as the ERP reports it (line
 * net amounts, before freight and tax); a cancelled order keeps its value. Orders the ERP has not
 * acknowledged yet count, with no amount. Every list has one row per group and currency and leaves
 * out empty groups.
 */
export type OrderReport = {
  __typename?: 'OrderReport';
  /** Per period, status and currency (and account with `perAccount`), oldest period first. */
  byPeriod: Array<OrderAggregate>;
  /** Per status and currency (and account with `perAccount`). */
  byStatus: Array<OrderAggregate>;
  from: Scalars['Date']['output'];
  to: Scalars['Date']['output'];
  /** The `first` items per currency (at most 100) by `rankBy`; cancelled lines do not count. */
  topItems: Array<TopItem>;
  /** Every order of the range, per currency (per account and currency with `perAccount`). */
  totals: Array<OrderAggregate>;
};


/**
 * Orders placed in `from`..`to`. An order's net amount is its net total as the ERP reports it (line
 * net amounts, before freight and tax); a cancelled order keeps its value. Orders the ERP has not
 * acknowledged yet count, with no amount. Every list has one row per group and currency and leaves
 * out empty groups.
 */
export type OrderReportByPeriodArgs = {
  interval?: ReportInterval;
  perAccount?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Orders placed in `from`..`to`. An order's net amount is its net total as the ERP reports it (line
 * net amounts, before freight and tax); a cancelled order keeps its value. Orders the ERP has not
 * acknowledged yet count, with no amount. Every list has one row per group and currency and leaves
 * out empty groups.
 */
export type OrderReportByStatusArgs = {
  perAccount?: InputMaybe<Scalars['Boolean']['input']>;
};


/**
 * Orders placed in `from`..`to`. An order's net amount is its net total as the ERP reports it (line
 * net amounts, before freight and tax); a cancelled order keeps its value. Orders the ERP has not
 * acknowledged yet count, with no amount. Every list has one row per group and currency and leaves
 * out empty groups.
 */
export type OrderReportTopItemsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  rankBy?: InputMaybe<ItemRanking>;
};


/**
 * Orders placed in `from`..`to`. An order's net amount is its net total as the ERP reports it (line
 * net amounts, before freight and tax); a cancelled order keeps its value. Orders the ERP has not
 * acknowledged yet count, with no amount. Every list has one row per group and currency and leaves
 * out empty groups.
 */
export type OrderReportTotalsArgs = {
  perAccount?: InputMaybe<Scalars['Boolean']['input']>;
};

/** A return order of the ERP whose goods receipt it credited. */
export type OrderReturn = {
  __typename?: 'OrderReturn';
  /** What the credit memo credits, in the order's currency. */
  amount: Money;
  creditMemoNumber: Scalars['String']['output'];
  creditedAt: Scalars['DateTime']['output'];
  lines: Array<OrderReturnLine>;
  /** The ERP's return order number. */
  number: Scalars['String']['output'];
  /** CREDITED: the ERP received the goods and issued the credit memo (the portal learns of a return then). */
  status: Scalars['String']['output'];
};

export type OrderReturnLine = {
  __typename?: 'OrderReturnLine';
  lineNo: Scalars['Int']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type OrderReturnStatus =
  | 'NONE'
  | 'PARTIALLY_RETURNED'
  | 'RETURNED';

export type OrderScheduleLine = {
  __typename?: 'OrderScheduleLine';
  /** SUPPLY (stock or a receipt covers it) or LEAD_TIME (promised at replenishment lead time) */
  basis: Scalars['String']['output'];
  date: Scalars['Date']['output'];
  quantity: Scalars['Int']['output'];
};

export type OrderStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'CONFIRMED'
  | 'IN_FULFILLMENT'
  | 'ON_HOLD'
  | 'PARTIALLY_SHIPPED'
  | 'SUBMITTED';

export type OrderSubmitted = {
  __typename?: 'OrderSubmitted';
  order: Order;
};

/** Order-level steps: submitted, queued, acknowledged by the ERP, status changes, confirmations. */
export type OrderTimelineEvent = TimelineEvent & {
  __typename?: 'OrderTimelineEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  erpOrderNumber?: Maybe<Scalars['String']['output']>;
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Per line as the ERP confirmed it (acknowledgement and confirmations). */
  lines: Array<TimelineLine>;
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  previousStatus?: Maybe<OrderStatus>;
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  source: Scalars['String']['output'];
  status?: Maybe<OrderStatus>;
  summary: Scalars['String']['output'];
  type: Scalars['String']['output'];
};

export type OrderUpdate = {
  __typename?: 'OrderUpdate';
  /** Resume point: pass it as `after` when reconnecting. */
  cursor: Scalars['String']['output'];
  event: TimelineEvent;
  /** The order as it is after this event. */
  order: Order;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PriceChange = {
  __typename?: 'PriceChange';
  lineId: Scalars['ID']['output'];
  newNetAmount?: Maybe<Money>;
  newUnitPrice?: Maybe<Money>;
  oldNetAmount?: Maybe<Money>;
  oldUnitPrice?: Maybe<Money>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type PriceChanged = ErrorResult & {
  __typename?: 'PriceChanged';
  cart: Cart;
  /** Lines whose price moved (empty when only document amounts did). */
  changes: Array<PriceChange>;
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** The fresh quote (the ERP's prices): submit again with it to accept. */
  quoteId: Scalars['ID']['output'];
  /** Amounts of the whole document that moved: freight, header discount, tax, total. */
  totalChanges: Array<TotalChange>;
};

/** The prices the buyer submitted with (the quote the ERP confirmed). */
export type PricingSnapshotEvent = TimelineEvent & {
  __typename?: 'PricingSnapshotEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<TimelineLine>;
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  pricingDate: Scalars['Date']['output'];
  quoteId: Scalars['ID']['output'];
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  total: Money;
  type: Scalars['String']['output'];
};

export type PromiseAccuracy = {
  __typename?: 'PromiseAccuracy';
  /** Null when not grouped by account. */
  account?: Maybe<Account>;
  /** Mean of confirmed minus promised date, in days (negative: the ERP confirmed earlier); null when nothing was confirmed. */
  averageDeviationDays?: Maybe<Scalars['Float']['output']>;
  /** Of those, lines the ERP confirmed a delivery date for. */
  confirmedLines: Scalars['Int']['output'];
  /** Confirmed on or before the promised date: the promise held. */
  heldLines: Scalars['Int']['output'];
  /** heldLines / confirmedLines (0 to 1); null when nothing was confirmed. */
  heldRate?: Maybe<Scalars['Float']['output']>;
  /** First day of the period; null over the whole range. */
  periodStart?: Maybe<Scalars['Date']['output']>;
  /** Order lines submitted with an ATP promise date. */
  promisedLines: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Accounts the viewer may read, by id: every account for analysts, the viewer's own for everyone else. */
  accounts: AccountConnection;
  /** A cart of the viewer's account (analysts: any account); null if not found or not visible. */
  cart?: Maybe<Cart>;
  /** The viewer's account's carts; `SAVED` lists saved carts. */
  carts: Array<Cart>;
  /**
   * Whether deliveries and promises hold, per account and period: on-time delivery (delivered vs the
   * ERP's confirmed and the buyer's requested date) and promise accuracy (the ATP date promised at
   * submit vs the date the ERP confirmed). Same scope and range rules as `orderReport`.
   */
  fulfilmentReport: FulfilmentReport;
  /** The signed-in user, their roles and account (from the token, never from arguments). */
  me: Viewer;
  /** An order of the viewer's account (analysts: any account); null if not found or not visible. */
  order?: Maybe<Order>;
  /**
   * Orders placed in a business-date range (UTC days, both ends inclusive), aggregated in the
   * database: counts and net amounts by status, by period, per account or overall, and top items.
   * Amounts are per currency, never added across currencies. Analysts: every account, or
   * `accountIds`; everyone else: their own account only. `range` defaults to the 30 days up to today.
   */
  orderReport: OrderReport;
  /**
   * Orders, newest first: the viewer's account's; an analyst's of every account, or of `accountIds`.
   * Other roles asking for `accountIds` get only their own account's orders among them (none else).
   */
  orders: OrderConnection;
  /** Carts of the viewer's account waiting for approval (approvers and admins). */
  pendingApprovals: Array<Cart>;
};


export type QueryAccountsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AccountFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCartArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCartsArgs = {
  status?: InputMaybe<CartStatus>;
};


export type QueryFulfilmentReportArgs = {
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  range?: InputMaybe<ReportRange>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrderReportArgs = {
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  range?: InputMaybe<ReportRange>;
};


export type QueryOrdersArgs = {
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<OrderFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RejectCartResult = Cart | CartLocked | CartNotFound | InvalidInput;

export type ReorderReplacement = {
  __typename?: 'ReorderReplacement';
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
  successorSku: Scalars['ID']['output'];
};

export type ReorderResult = OrderNotFound | ReorderedCart;

export type ReorderedCart = {
  __typename?: 'ReorderedCart';
  cart: Cart;
  /** SKUs left out: discontinued without a successor, or no longer known. */
  leftOut: Array<Scalars['ID']['output']>;
  /** Lines whose item was discontinued and replaced by its successor. */
  replaced: Array<ReorderReplacement>;
};

/** How a report groups by time: DAY, WEEK (ISO weeks, starting Monday) or MONTH (calendar months). */
export type ReportInterval =
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

/**
 * Business days (UTC), both ends inclusive. `to` defaults to today, `from` to 29 days before `to`
 * (30 days). At most 3,660 days.
 */
export type ReportRange = {
  from?: InputMaybe<Scalars['Date']['input']>;
  to?: InputMaybe<Scalars['Date']['input']>;
};

/**
 * The decision is recorded (who, when, why: on the exception as `pendingRequest` and on the timeline)
 * and sent to the ERP, which has not confirmed it within the request's time budget. It is sent again
 * until the ERP takes it; the ERP's confirmation closes the exception in the requester's name, with
 * their comment, and reaches the timeline and the order subscriptions. A refusal by the ERP reopens it.
 */
export type ResolutionPending = {
  __typename?: 'ResolutionPending';
  exception: OrderException;
  message: Scalars['String']['output'];
  order: Order;
};

export type ResolveOrderExceptionResult = ActionNotAllowed | ErpUnavailable | ExceptionNotFound | InvalidInput | OrderExceptionResolved | OrderNotFound | ResolutionPending;

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'APPROVER'
  | 'BUYER'
  /** Seller staff: reads every account and releases credit holds; no buyer actions. */
  | 'CREDIT_CONTROLLER';

export type SetDefaultSpendingLimitResult = Account | InvalidInput;

export type Shipment = {
  __typename?: 'Shipment';
  carrier: Scalars['String']['output'];
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lines: Array<ShipmentLine>;
  packages: Array<ShipmentPackage>;
  plannedDeliveryDate?: Maybe<Scalars['Date']['output']>;
  shippedAt: Scalars['DateTime']['output'];
  /** SHIPPED or DELIVERED */
  status: Scalars['String']['output'];
  trackingNumber: Scalars['String']['output'];
  trackingUrl?: Maybe<Scalars['String']['output']>;
};

export type ShipmentEvent = TimelineEvent & {
  __typename?: 'ShipmentEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  carrier: Scalars['String']['output'];
  correlationId: Scalars['String']['output'];
  cursor: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lines: Array<ShipmentLine>;
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  reconstructed: Scalars['Boolean']['output'];
  recordedAt: Scalars['DateTime']['output'];
  shipmentId: Scalars['ID']['output'];
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  trackingNumber: Scalars['String']['output'];
  trackingUrl?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
};

export type ShipmentLine = {
  __typename?: 'ShipmentLine';
  lineNo: Scalars['Int']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type ShipmentPackage = {
  __typename?: 'ShipmentPackage';
  lines: Array<ShipmentLine>;
  packageNo: Scalars['Int']['output'];
  trackingNumber: Scalars['String']['output'];
};

export type SubmitCartInput = {
  /** Cart.quote.id as the buyer saw it. */
  acceptedQuoteId?: InputMaybe<Scalars['ID']['input']>;
  cartId: Scalars['ID']['input'];
  /** Client-generated, at most 255 characters; reuse it for every retry of this submission. */
  idempotencyKey: Scalars['String']['input'];
};

export type SubmitCartResult = ApprovalRequired | AvailabilityChanged | CartAlreadySubmitted | MinimumOrderValueNotMet | OrderSubmitted | PriceChanged | SubmitRejected;

export type SubmitRejected = ErrorResult & {
  __typename?: 'SubmitRejected';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Each new timeline event of any order of the viewer's account; `after` replays as for `orderUpdated`. */
  accountOrderUpdates: OrderUpdate;
  /**
   * Each new timeline event of one order of the viewer's account (analysts: any account). With
   * `after` (a cursor from `OrderUpdate.cursor` or `TimelineEvent.cursor`) the events since then are
   * replayed first, in order, once; then live ones follow.
   */
  orderUpdated: OrderUpdate;
};


export type SubscriptionAccountOrderUpdatesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
};


export type SubscriptionOrderUpdatedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  orderId: Scalars['ID']['input'];
};

/**
 * One step of an order's life. `hash` chains to the previous event's hash, in the order events were
 * stored (`cursor`); `Order.timeline` lists them by `occurredAt`, then that order.
 */
export type TimelineEvent = {
  /** The user who acted, when a person did. */
  actor?: Maybe<Scalars['String']['output']>;
  /** @deprecated Use `occurredAt` (the same value) or `recordedAt`. */
  at: Scalars['DateTime']['output'];
  correlationId: Scalars['String']['output'];
  /** Pass as `after` to the subscriptions to resume after this event. */
  cursor: Scalars['String']['output'];
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** When the fact happened, in business time (the ERP document's date where there is one). The timeline is ordered by it, then by sequence. */
  occurredAt: Scalars['DateTime']['output'];
  prevHash?: Maybe<Scalars['String']['output']>;
  /** True when the event was rebuilt from the ERP's document flow for an order that existed before the portal saw it, rather than seen as it happened. */
  reconstructed: Scalars['Boolean']['output'];
  /** When the portal stored the event (its own clock). Subscriptions deliver events in the order they were stored. */
  recordedAt: Scalars['DateTime']['output'];
  /** PORTAL, ERP or INVOICES */
  source: Scalars['String']['output'];
  summary: Scalars['String']['output'];
  /** e.g. pricing.snapshot, availability.checked, approval.approved, order.acknowledged, shipment.shipped, invoice.posted, exception.raised */
  type: Scalars['String']['output'];
};

export type TimelineLine = {
  __typename?: 'TimelineLine';
  atpDate?: Maybe<Scalars['Date']['output']>;
  /** Availability at submit. */
  availabilityStatus?: Maybe<Scalars['String']['output']>;
  confirmedQuantity?: Maybe<Scalars['Int']['output']>;
  lineNo?: Maybe<Scalars['Int']['output']>;
  netAmount?: Maybe<Money>;
  quantity: Scalars['Int']['output'];
  scheduleLines: Array<OrderScheduleLine>;
  sku: Scalars['ID']['output'];
  status?: Maybe<Scalars['String']['output']>;
  unitPrice?: Maybe<Money>;
};

export type TimelineVerification = {
  __typename?: 'TimelineVerification';
  brokenEventId?: Maybe<Scalars['ID']['output']>;
  /** Events checked (up to and including the first broken one). */
  checkedEvents: Scalars['Int']['output'];
  reason?: Maybe<Scalars['String']['output']>;
  valid: Scalars['Boolean']['output'];
};

export type TopItem = {
  __typename?: 'TopItem';
  currency: Scalars['String']['output'];
  item: Item;
  netAmount: Money;
  /** Orders with a line of this item. */
  orderCount: Scalars['Int']['output'];
  quantity: Scalars['Int']['output'];
  /** 1 for the first item of its currency. */
  rank: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

/** One document amount, as quoted and as the ERP prices it now. */
export type TotalChange = {
  __typename?: 'TotalChange';
  newAmount: Money;
  oldAmount: Money;
  total: DocumentTotal;
};

export type UnknownSku = ErrorResult & {
  __typename?: 'UnknownSku';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  skus: Array<Scalars['ID']['output']>;
};

export type User = {
  __typename?: 'User';
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  role: Role;
  /** Orders whose total is above this need approval; null: the account's default applies. */
  spendingLimit?: Maybe<Money>;
};

export type Viewer = {
  __typename?: 'Viewer';
  /** The viewer's customer account; null for the seller's staff (credit controllers). */
  account?: Maybe<Account>;
  roles: Array<Role>;
  user: User;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Account: Account;
  Cart: Cart;
  CartLine: CartLine;
  Order: Order;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  Cart:
    ( { __typename: 'Cart' }
    & GraphQLRecursivePick<FederationTypes['Cart'], {"id":true}> );
  CartLine:
    ( { __typename: 'CartLine' }
    & GraphQLRecursivePick<FederationTypes['CartLine'], {"id":true}> );
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
};

/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = {
  ApproveCartResult:
    | ( ApprovalNotAllowed & { __typename: 'ApprovalNotAllowed' } )
    | ( Omit<AvailabilityChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'AvailabilityChanged' } )
    | ( CartAlreadySubmitted & { __typename: 'CartAlreadySubmitted' } )
    | ( CartLocked & { __typename: 'CartLocked' } )
    | ( CartNotFound & { __typename: 'CartNotFound' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
    | ( Omit<OrderSubmitted, 'order'> & { order: _RefType['Order'] } & { __typename: 'OrderSubmitted' } )
    | ( Omit<PriceChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'PriceChanged' } )
  ;
  CartResult:
    | ( CartEntity & { __typename: 'Cart' } )
    | ( CartLocked & { __typename: 'CartLocked' } )
    | ( CartNotFound & { __typename: 'CartNotFound' } )
    | ( DiscontinuedItem & { __typename: 'DiscontinuedItem' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
    | ( InvalidQuantity & { __typename: 'InvalidQuantity' } )
    | ( UnknownSku & { __typename: 'UnknownSku' } )
  ;
  CreateCartResult:
    | ( CartEntity & { __typename: 'Cart' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
  ;
  DisputeOrderPriceResult:
    | ( ActionNotAllowed & { __typename: 'ActionNotAllowed' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
    | ( Omit<OrderExceptionRaised, 'exception' | 'order'> & { exception: _RefType['OrderException'], order: _RefType['Order'] } & { __typename: 'OrderExceptionRaised' } )
    | ( OrderNotFound & { __typename: 'OrderNotFound' } )
  ;
  RejectCartResult:
    | ( CartEntity & { __typename: 'Cart' } )
    | ( CartLocked & { __typename: 'CartLocked' } )
    | ( CartNotFound & { __typename: 'CartNotFound' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
  ;
  ReorderResult:
    | ( OrderNotFound & { __typename: 'OrderNotFound' } )
    | ( Omit<ReorderedCart, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'ReorderedCart' } )
  ;
  ResolveOrderExceptionResult:
    | ( ActionNotAllowed & { __typename: 'ActionNotAllowed' } )
    | ( ErpUnavailable & { __typename: 'ErpUnavailable' } )
    | ( ExceptionNotFound & { __typename: 'ExceptionNotFound' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
    | ( Omit<OrderExceptionResolved, 'exception' | 'order'> & { exception: _RefType['OrderException'], order: _RefType['Order'] } & { __typename: 'OrderExceptionResolved' } )
    | ( OrderNotFound & { __typename: 'OrderNotFound' } )
    | ( Omit<ResolutionPending, 'exception' | 'order'> & { exception: _RefType['OrderException'], order: _RefType['Order'] } & { __typename: 'ResolutionPending' } )
  ;
  SetDefaultSpendingLimitResult:
    | ( AccountEntity & { __typename: 'Account' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
  ;
  SubmitCartResult:
    | ( Omit<ApprovalRequired, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'ApprovalRequired' } )
    | ( Omit<AvailabilityChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'AvailabilityChanged' } )
    | ( CartAlreadySubmitted & { __typename: 'CartAlreadySubmitted' } )
    | ( MinimumOrderValueNotMet & { __typename: 'MinimumOrderValueNotMet' } )
    | ( Omit<OrderSubmitted, 'order'> & { order: _RefType['Order'] } & { __typename: 'OrderSubmitted' } )
    | ( Omit<PriceChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'PriceChanged' } )
    | ( SubmitRejected & { __typename: 'SubmitRejected' } )
  ;
};

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  ErrorResult:
    | ( ActionNotAllowed & { __typename: 'ActionNotAllowed' } )
    | ( ApprovalNotAllowed & { __typename: 'ApprovalNotAllowed' } )
    | ( Omit<AvailabilityChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'AvailabilityChanged' } )
    | ( CartAlreadySubmitted & { __typename: 'CartAlreadySubmitted' } )
    | ( CartLocked & { __typename: 'CartLocked' } )
    | ( CartNotFound & { __typename: 'CartNotFound' } )
    | ( DiscontinuedItem & { __typename: 'DiscontinuedItem' } )
    | ( ErpUnavailable & { __typename: 'ErpUnavailable' } )
    | ( ExceptionNotFound & { __typename: 'ExceptionNotFound' } )
    | ( InvalidInput & { __typename: 'InvalidInput' } )
    | ( InvalidQuantity & { __typename: 'InvalidQuantity' } )
    | ( MinimumOrderValueNotMet & { __typename: 'MinimumOrderValueNotMet' } )
    | ( OrderNotFound & { __typename: 'OrderNotFound' } )
    | ( Omit<PriceChanged, 'cart'> & { cart: _RefType['Cart'] } & { __typename: 'PriceChanged' } )
    | ( SubmitRejected & { __typename: 'SubmitRejected' } )
    | ( UnknownSku & { __typename: 'UnknownSku' } )
  ;
  TimelineEvent:
    | ( TimelineEventEntity & { __typename: 'ApprovalEvent' } )
    | ( TimelineEventEntity & { __typename: 'AvailabilityCheckEvent' } )
    | ( TimelineEventEntity & { __typename: 'BillingEvent' } )
    | ( TimelineEventEntity & { __typename: 'ExceptionEvent' } )
    | ( TimelineEventEntity & { __typename: 'OrderTimelineEvent' } )
    | ( TimelineEventEntity & { __typename: 'PricingSnapshotEvent' } )
    | ( TimelineEventEntity & { __typename: 'ShipmentEvent' } )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<AccountEntity>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AccountConnection: ResolverTypeWrapper<Connection<AccountEntity>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AccountEdge: ResolverTypeWrapper<Edge<AccountEntity>>;
  AccountFilter: AccountFilter;
  ActionNotAllowed: ResolverTypeWrapper<ActionNotAllowed>;
  ApprovalEvent: ResolverTypeWrapper<TimelineEventEntity>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ApprovalNotAllowed: ResolverTypeWrapper<ApprovalNotAllowed>;
  ApprovalRequired: ResolverTypeWrapper<Omit<ApprovalRequired, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  ApproveCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ApproveCartResult']>;
  AvailabilityChange: ResolverTypeWrapper<AvailabilityChange>;
  AvailabilityChanged: ResolverTypeWrapper<Omit<AvailabilityChanged, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  AvailabilityCheckEvent: ResolverTypeWrapper<TimelineEventEntity>;
  BillingEvent: ResolverTypeWrapper<TimelineEventEntity>;
  Cart: ResolverTypeWrapper<CartEntity>;
  CartAlreadySubmitted: ResolverTypeWrapper<CartAlreadySubmitted>;
  CartApproval: ResolverTypeWrapper<CartApproval>;
  CartLine: ResolverTypeWrapper<CartLineEntity>;
  CartLineInput: CartLineInput;
  CartLocked: ResolverTypeWrapper<CartLocked>;
  CartNotFound: ResolverTypeWrapper<CartNotFound>;
  CartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CartResult']>;
  CartReturn: ResolverTypeWrapper<CartReturn>;
  CartStatus: CartStatus;
  CreateCartInput: CreateCartInput;
  CreateCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CreateCartResult']>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DiscontinuedItem: ResolverTypeWrapper<DiscontinuedItem>;
  DisputeOrderPriceResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['DisputeOrderPriceResult']>;
  DocumentTotal: DocumentTotal;
  ErpUnavailable: ResolverTypeWrapper<ErpUnavailable>;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  ExceptionEvent: ResolverTypeWrapper<TimelineEventEntity>;
  ExceptionNotFound: ResolverTypeWrapper<ExceptionNotFound>;
  ExceptionRequest: ResolverTypeWrapper<ExceptionRequest>;
  ExceptionResolution: ResolverTypeWrapper<ExceptionResolution>;
  FulfilmentReport: ResolverTypeWrapper<ReportScope>;
  InvalidInput: ResolverTypeWrapper<InvalidInput>;
  InvalidQuantity: ResolverTypeWrapper<InvalidQuantity>;
  Item: ResolverTypeWrapper<Item>;
  ItemRanking: ItemRanking;
  LateConfirmation: ResolverTypeWrapper<LateConfirmation>;
  LateScheduleLine: ResolverTypeWrapper<LateScheduleLine>;
  MinimumOrderValueNotMet: ResolverTypeWrapper<MinimumOrderValueNotMet>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OnTimeDelivery: ResolverTypeWrapper<OnTimeRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Order: ResolverTypeWrapper<OrderEntity>;
  OrderAggregate: ResolverTypeWrapper<OrderAggregateRow>;
  OrderConnection: ResolverTypeWrapper<Connection<OrderEntity>>;
  OrderEdge: ResolverTypeWrapper<Edge<OrderEntity>>;
  OrderException: ResolverTypeWrapper<OrderExceptionEntity>;
  OrderExceptionAction: OrderExceptionAction;
  OrderExceptionRaised: ResolverTypeWrapper<Omit<OrderExceptionRaised, 'exception' | 'order'> & { exception: ResolversTypes['OrderException'], order: ResolversTypes['Order'] }>;
  OrderExceptionResolved: ResolverTypeWrapper<Omit<OrderExceptionResolved, 'exception' | 'order'> & { exception: ResolversTypes['OrderException'], order: ResolversTypes['Order'] }>;
  OrderExceptionStatus: OrderExceptionStatus;
  OrderExceptionType: OrderExceptionType;
  OrderFilter: OrderFilter;
  OrderLine: ResolverTypeWrapper<OrderLineEntity>;
  OrderNotFound: ResolverTypeWrapper<OrderNotFound>;
  OrderReport: ResolverTypeWrapper<ReportScope>;
  OrderReturn: ResolverTypeWrapper<OrderReturn>;
  OrderReturnLine: ResolverTypeWrapper<OrderReturnLine>;
  OrderReturnStatus: OrderReturnStatus;
  OrderScheduleLine: ResolverTypeWrapper<OrderScheduleLine>;
  OrderStatus: OrderStatus;
  OrderSubmitted: ResolverTypeWrapper<Omit<OrderSubmitted, 'order'> & { order: ResolversTypes['Order'] }>;
  OrderTimelineEvent: ResolverTypeWrapper<TimelineEventEntity>;
  OrderUpdate: ResolverTypeWrapper<Omit<OrderUpdate, 'event' | 'order'> & { event: ResolversTypes['TimelineEvent'], order: ResolversTypes['Order'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PriceChange: ResolverTypeWrapper<PriceChange>;
  PriceChanged: ResolverTypeWrapper<Omit<PriceChanged, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  PricingSnapshotEvent: ResolverTypeWrapper<TimelineEventEntity>;
  PromiseAccuracy: ResolverTypeWrapper<PromiseRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RejectCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RejectCartResult']>;
  ReorderReplacement: ResolverTypeWrapper<ReorderReplacement>;
  ReorderResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReorderResult']>;
  ReorderedCart: ResolverTypeWrapper<Omit<ReorderedCart, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  ReportInterval: ReportInterval;
  ReportRange: ReportRange;
  ResolutionPending: ResolverTypeWrapper<Omit<ResolutionPending, 'exception' | 'order'> & { exception: ResolversTypes['OrderException'], order: ResolversTypes['Order'] }>;
  ResolveOrderExceptionResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ResolveOrderExceptionResult']>;
  Role: Role;
  SetDefaultSpendingLimitResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SetDefaultSpendingLimitResult']>;
  Shipment: ResolverTypeWrapper<ShipmentEntity>;
  ShipmentEvent: ResolverTypeWrapper<TimelineEventEntity>;
  ShipmentLine: ResolverTypeWrapper<ShipmentLine>;
  ShipmentPackage: ResolverTypeWrapper<ShipmentPackage>;
  SubmitCartInput: SubmitCartInput;
  SubmitCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SubmitCartResult']>;
  SubmitRejected: ResolverTypeWrapper<SubmitRejected>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TimelineEvent: ResolverTypeWrapper<TimelineEventEntity>;
  TimelineLine: ResolverTypeWrapper<TimelineLine>;
  TimelineVerification: ResolverTypeWrapper<TimelineVerification>;
  TopItem: ResolverTypeWrapper<TopItemRow>;
  TotalChange: ResolverTypeWrapper<TotalChange>;
  UnknownSku: ResolverTypeWrapper<UnknownSku>;
  User: ResolverTypeWrapper<PortalUserEntity>;
  Viewer: ResolverTypeWrapper<AuthViewer>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: AccountEntity;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AccountConnection: Connection<AccountEntity>;
  Int: Scalars['Int']['output'];
  AccountEdge: Edge<AccountEntity>;
  AccountFilter: AccountFilter;
  ActionNotAllowed: ActionNotAllowed;
  ApprovalEvent: TimelineEventEntity;
  Boolean: Scalars['Boolean']['output'];
  ApprovalNotAllowed: ApprovalNotAllowed;
  ApprovalRequired: Omit<ApprovalRequired, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  ApproveCartResult: ResolversUnionTypes<ResolversParentTypes>['ApproveCartResult'];
  AvailabilityChange: AvailabilityChange;
  AvailabilityChanged: Omit<AvailabilityChanged, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  AvailabilityCheckEvent: TimelineEventEntity;
  BillingEvent: TimelineEventEntity;
  Cart: CartEntity;
  CartAlreadySubmitted: CartAlreadySubmitted;
  CartApproval: CartApproval;
  CartLine: CartLineEntity;
  CartLineInput: CartLineInput;
  CartLocked: CartLocked;
  CartNotFound: CartNotFound;
  CartResult: ResolversUnionTypes<ResolversParentTypes>['CartResult'];
  CartReturn: CartReturn;
  CreateCartInput: CreateCartInput;
  CreateCartResult: ResolversUnionTypes<ResolversParentTypes>['CreateCartResult'];
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  DiscontinuedItem: DiscontinuedItem;
  DisputeOrderPriceResult: ResolversUnionTypes<ResolversParentTypes>['DisputeOrderPriceResult'];
  ErpUnavailable: ErpUnavailable;
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  ExceptionEvent: TimelineEventEntity;
  ExceptionNotFound: ExceptionNotFound;
  ExceptionRequest: ExceptionRequest;
  ExceptionResolution: ExceptionResolution;
  FulfilmentReport: ReportScope;
  InvalidInput: InvalidInput;
  InvalidQuantity: InvalidQuantity;
  Item: Item;
  LateConfirmation: LateConfirmation;
  LateScheduleLine: LateScheduleLine;
  MinimumOrderValueNotMet: MinimumOrderValueNotMet;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  OnTimeDelivery: OnTimeRow;
  Float: Scalars['Float']['output'];
  Order: OrderEntity;
  OrderAggregate: OrderAggregateRow;
  OrderConnection: Connection<OrderEntity>;
  OrderEdge: Edge<OrderEntity>;
  OrderException: OrderExceptionEntity;
  OrderExceptionRaised: Omit<OrderExceptionRaised, 'exception' | 'order'> & { exception: ResolversParentTypes['OrderException'], order: ResolversParentTypes['Order'] };
  OrderExceptionResolved: Omit<OrderExceptionResolved, 'exception' | 'order'> & { exception: ResolversParentTypes['OrderException'], order: ResolversParentTypes['Order'] };
  OrderFilter: OrderFilter;
  OrderLine: OrderLineEntity;
  OrderNotFound: OrderNotFound;
  OrderReport: ReportScope;
  OrderReturn: OrderReturn;
  OrderReturnLine: OrderReturnLine;
  OrderScheduleLine: OrderScheduleLine;
  OrderSubmitted: Omit<OrderSubmitted, 'order'> & { order: ResolversParentTypes['Order'] };
  OrderTimelineEvent: TimelineEventEntity;
  OrderUpdate: Omit<OrderUpdate, 'event' | 'order'> & { event: ResolversParentTypes['TimelineEvent'], order: ResolversParentTypes['Order'] };
  PageInfo: PageInfo;
  PriceChange: PriceChange;
  PriceChanged: Omit<PriceChanged, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  PricingSnapshotEvent: TimelineEventEntity;
  PromiseAccuracy: PromiseRow;
  Query: Record<PropertyKey, never>;
  RejectCartResult: ResolversUnionTypes<ResolversParentTypes>['RejectCartResult'];
  ReorderReplacement: ReorderReplacement;
  ReorderResult: ResolversUnionTypes<ResolversParentTypes>['ReorderResult'];
  ReorderedCart: Omit<ReorderedCart, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  ReportRange: ReportRange;
  ResolutionPending: Omit<ResolutionPending, 'exception' | 'order'> & { exception: ResolversParentTypes['OrderException'], order: ResolversParentTypes['Order'] };
  ResolveOrderExceptionResult: ResolversUnionTypes<ResolversParentTypes>['ResolveOrderExceptionResult'];
  SetDefaultSpendingLimitResult: ResolversUnionTypes<ResolversParentTypes>['SetDefaultSpendingLimitResult'];
  Shipment: ShipmentEntity;
  ShipmentEvent: TimelineEventEntity;
  ShipmentLine: ShipmentLine;
  ShipmentPackage: ShipmentPackage;
  SubmitCartInput: SubmitCartInput;
  SubmitCartResult: ResolversUnionTypes<ResolversParentTypes>['SubmitCartResult'];
  SubmitRejected: SubmitRejected;
  Subscription: Record<PropertyKey, never>;
  TimelineEvent: TimelineEventEntity;
  TimelineLine: TimelineLine;
  TimelineVerification: TimelineVerification;
  TopItem: TopItemRow;
  TotalChange: TotalChange;
  UnknownSku: UnknownSku;
  User: PortalUserEntity;
  Viewer: AuthViewer;
};

export type AccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  defaultSpendingLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spendingLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AccountConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AccountConnection'] = ResolversParentTypes['AccountConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AccountEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Account']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type AccountEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AccountEdge'] = ResolversParentTypes['AccountEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
};

export type ActionNotAllowedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ActionNotAllowed'] = ResolversParentTypes['ActionNotAllowed']> = {
  allowedActions?: Resolver<Array<ResolversTypes['OrderExceptionAction']>, ParentType, ContextType>;
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApprovalEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApprovalEvent'] = ResolversParentTypes['ApprovalEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spendingLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApprovalNotAllowedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApprovalNotAllowed'] = ResolversParentTypes['ApprovalNotAllowed']> = {
  approvalLimit?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApprovalRequiredResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApprovalRequired'] = ResolversParentTypes['ApprovalRequired']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  spendingLimit?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApproveCartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApproveCartResult'] = ResolversParentTypes['ApproveCartResult']> = {
  __resolveType: TypeResolveFn<'ApprovalNotAllowed' | 'AvailabilityChanged' | 'CartAlreadySubmitted' | 'CartLocked' | 'CartNotFound' | 'InvalidInput' | 'OrderSubmitted' | 'PriceChanged', ParentType, ContextType>;
};

export type AvailabilityChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AvailabilityChange'] = ResolversParentTypes['AvailabilityChange']> = {
  lineId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  newDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  newStatus?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  oldDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  oldStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type AvailabilityChangedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AvailabilityChanged'] = ResolversParentTypes['AvailabilityChanged']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['AvailabilityChange']>, ParentType, ContextType>;
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type AvailabilityCheckEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AvailabilityCheckEvent'] = ResolversParentTypes['AvailabilityCheckEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['TimelineLine']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type BillingEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BillingEvent'] = ResolversParentTypes['BillingEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  balance?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  creditMemoNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoiceNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart'], FederationReferenceType extends FederationReferenceTypes['Cart'] = FederationReferenceTypes['Cart']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cart']> | FederationReferenceType, FederationReferenceType, ContextType>;
  approval?: Resolver<Maybe<ResolversTypes['CartApproval']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['CartLine']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestedDeliveryDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  returned?: Resolver<Maybe<ResolversTypes['CartReturn']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CartStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartAlreadySubmittedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartAlreadySubmitted'] = ResolversParentTypes['CartAlreadySubmitted']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orderId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartApprovalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartApproval'] = ResolversParentTypes['CartApproval']> = {
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedBy?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CartLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine'], FederationReferenceType extends FederationReferenceTypes['CartLine'] = FederationReferenceTypes['CartLine']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CartLine']> | FederationReferenceType, FederationReferenceType, ContextType>;
  effectiveRequestedDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestedDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CartLockedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLocked'] = ResolversParentTypes['CartLocked']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CartStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartNotFoundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartNotFound'] = ResolversParentTypes['CartNotFound']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartResult'] = ResolversParentTypes['CartResult']> = {
  __resolveType: TypeResolveFn<'Cart' | 'CartLocked' | 'CartNotFound' | 'DiscontinuedItem' | 'InvalidInput' | 'InvalidQuantity' | 'UnknownSku', ParentType, ContextType>;
};

export type CartReturnResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartReturn'] = ResolversParentTypes['CartReturn']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CreateCartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreateCartResult'] = ResolversParentTypes['CreateCartResult']> = {
  __resolveType: TypeResolveFn<'Cart' | 'InvalidInput', ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type DiscontinuedItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DiscontinuedItem'] = ResolversParentTypes['DiscontinuedItem']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  successorSku?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type DisputeOrderPriceResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DisputeOrderPriceResult'] = ResolversParentTypes['DisputeOrderPriceResult']> = {
  __resolveType: TypeResolveFn<'ActionNotAllowed' | 'InvalidInput' | 'OrderExceptionRaised' | 'OrderNotFound', ParentType, ContextType>;
};

export type ErpUnavailableResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ErpUnavailable'] = ResolversParentTypes['ErpUnavailable']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ErrorResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = {
  __resolveType: TypeResolveFn<'ActionNotAllowed' | 'ApprovalNotAllowed' | 'AvailabilityChanged' | 'CartAlreadySubmitted' | 'CartLocked' | 'CartNotFound' | 'DiscontinuedItem' | 'ErpUnavailable' | 'ExceptionNotFound' | 'InvalidInput' | 'InvalidQuantity' | 'MinimumOrderValueNotMet' | 'OrderNotFound' | 'PriceChanged' | 'SubmitRejected' | 'UnknownSku', ParentType, ContextType>;
};

export type ExceptionEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ExceptionEvent'] = ResolversParentTypes['ExceptionEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  exceptionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  exceptionType?: Resolver<ResolversTypes['OrderExceptionType'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lineNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasonCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ExceptionNotFoundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ExceptionNotFound'] = ResolversParentTypes['ExceptionNotFound']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ExceptionRequestResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ExceptionRequest'] = ResolversParentTypes['ExceptionRequest']> = {
  action?: Resolver<ResolversTypes['OrderExceptionAction'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ExceptionResolutionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ExceptionResolution'] = ResolversParentTypes['ExceptionResolution']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  by?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type FulfilmentReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['FulfilmentReport'] = ResolversParentTypes['FulfilmentReport']> = {
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  onTimeDelivery?: Resolver<Array<ResolversTypes['OnTimeDelivery']>, ParentType, ContextType, RequireFields<FulfilmentReportOnTimeDeliveryArgs, 'perAccount'>>;
  promiseAccuracy?: Resolver<Array<ResolversTypes['PromiseAccuracy']>, ParentType, ContextType, RequireFields<FulfilmentReportPromiseAccuracyArgs, 'perAccount'>>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
};

export type InvalidInputResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InvalidInput'] = ResolversParentTypes['InvalidInput']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type InvalidQuantityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InvalidQuantity'] = ResolversParentTypes['InvalidQuantity']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = {
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type LateConfirmationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LateConfirmation'] = ResolversParentTypes['LateConfirmation']> = {
  confirmedDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  late?: Resolver<Array<ResolversTypes['LateScheduleLine']>, ParentType, ContextType>;
  lateQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onTimeQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  promisedDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  promisedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LateScheduleLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LateScheduleLine'] = ResolversParentTypes['LateScheduleLine']> = {
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MinimumOrderValueNotMetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MinimumOrderValueNotMet'] = ResolversParentTypes['MinimumOrderValueNotMet']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minimum?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  shortBy?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addCartLines?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationAddCartLinesArgs, 'cartId' | 'lines'>>;
  approveCart?: Resolver<ResolversTypes['ApproveCartResult'], ParentType, ContextType, RequireFields<MutationApproveCartArgs, 'cartId'>>;
  createCart?: Resolver<ResolversTypes['CreateCartResult'], ParentType, ContextType, Partial<MutationCreateCartArgs>>;
  disputeOrderPrice?: Resolver<ResolversTypes['DisputeOrderPriceResult'], ParentType, ContextType, RequireFields<MutationDisputeOrderPriceArgs, 'lineId' | 'orderId' | 'reason'>>;
  rejectCart?: Resolver<ResolversTypes['RejectCartResult'], ParentType, ContextType, RequireFields<MutationRejectCartArgs, 'cartId' | 'reason'>>;
  removeCartLines?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationRemoveCartLinesArgs, 'cartId' | 'lineIds'>>;
  reorder?: Resolver<ResolversTypes['ReorderResult'], ParentType, ContextType, RequireFields<MutationReorderArgs, 'orderId'>>;
  resolveOrderException?: Resolver<ResolversTypes['ResolveOrderExceptionResult'], ParentType, ContextType, RequireFields<MutationResolveOrderExceptionArgs, 'action' | 'exceptionId' | 'orderId'>>;
  saveCart?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationSaveCartArgs, 'cartId' | 'name'>>;
  setDefaultSpendingLimit?: Resolver<ResolversTypes['SetDefaultSpendingLimitResult'], ParentType, ContextType, RequireFields<MutationSetDefaultSpendingLimitArgs, 'amount'>>;
  submitCart?: Resolver<ResolversTypes['SubmitCartResult'], ParentType, ContextType, RequireFields<MutationSubmitCartArgs, 'input'>>;
  updateCartLine?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationUpdateCartLineArgs, 'cartId' | 'lineId'>>;
};

export type OnTimeDeliveryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OnTimeDelivery'] = ResolversParentTypes['OnTimeDelivery']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  averageDaysLate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  confirmedLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deliveredLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onTimeVsConfirmed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onTimeVsConfirmedRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  onTimeVsRequested?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  onTimeVsRequestedRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  periodStart?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  requestedLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  acceptedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  correlationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  erpOrderNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  exceptions?: Resolver<Array<ResolversTypes['OrderException']>, ParentType, ContextType, Partial<OrderExceptionsArgs>>;
  holdReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  origin?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  returnStatus?: Resolver<ResolversTypes['OrderReturnStatus'], ParentType, ContextType>;
  returns?: Resolver<Array<ResolversTypes['OrderReturn']>, ParentType, ContextType>;
  shipments?: Resolver<Array<ResolversTypes['Shipment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
  timeline?: Resolver<Array<ResolversTypes['TimelineEvent']>, ParentType, ContextType>;
  timelineVerification?: Resolver<ResolversTypes['TimelineVerification'], ParentType, ContextType>;
  timelineVerified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type OrderAggregateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderAggregate'] = ResolversParentTypes['OrderAggregate']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  netAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  orderCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  periodStart?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
};

export type OrderConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderConnection'] = ResolversParentTypes['OrderConnection']> = {
  edges?: Resolver<Array<ResolversTypes['OrderEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Order']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OrderEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderEdge'] = ResolversParentTypes['OrderEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
};

export type OrderExceptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderException'] = ResolversParentTypes['OrderException']> = {
  actions?: Resolver<Array<ResolversTypes['OrderExceptionAction']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lateConfirmation?: Resolver<Maybe<ResolversTypes['LateConfirmation']>, ParentType, ContextType>;
  lineNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pendingRequest?: Resolver<Maybe<ResolversTypes['ExceptionRequest']>, ParentType, ContextType>;
  proposedSku?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  raisedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  raisedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reasonCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  resolution?: Resolver<Maybe<ResolversTypes['ExceptionResolution']>, ParentType, ContextType>;
  resolvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  sku?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderExceptionStatus'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['OrderExceptionType'], ParentType, ContextType>;
};

export type OrderExceptionRaisedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderExceptionRaised'] = ResolversParentTypes['OrderExceptionRaised']> = {
  exception?: Resolver<ResolversTypes['OrderException'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderExceptionResolvedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderExceptionResolved'] = ResolversParentTypes['OrderExceptionResolved']> = {
  exception?: Resolver<ResolversTypes['OrderException'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = {
  cancelledQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  confirmedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoicedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  lineNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  proposedSku?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  returnedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scheduleLines?: Resolver<Array<ResolversTypes['OrderScheduleLine']>, ParentType, ContextType>;
  shippedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OrderNotFoundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderNotFound'] = ResolversParentTypes['OrderNotFound']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderReport'] = ResolversParentTypes['OrderReport']> = {
  byPeriod?: Resolver<Array<ResolversTypes['OrderAggregate']>, ParentType, ContextType, RequireFields<OrderReportByPeriodArgs, 'interval' | 'perAccount'>>;
  byStatus?: Resolver<Array<ResolversTypes['OrderAggregate']>, ParentType, ContextType, RequireFields<OrderReportByStatusArgs, 'perAccount'>>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  topItems?: Resolver<Array<ResolversTypes['TopItem']>, ParentType, ContextType, RequireFields<OrderReportTopItemsArgs, 'first' | 'rankBy'>>;
  totals?: Resolver<Array<ResolversTypes['OrderAggregate']>, ParentType, ContextType, RequireFields<OrderReportTotalsArgs, 'perAccount'>>;
};

export type OrderReturnResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderReturn'] = ResolversParentTypes['OrderReturn']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  creditMemoNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  creditedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderReturnLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OrderReturnLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderReturnLine'] = ResolversParentTypes['OrderReturnLine']> = {
  lineNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type OrderScheduleLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderScheduleLine'] = ResolversParentTypes['OrderScheduleLine']> = {
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type OrderSubmittedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderSubmitted'] = ResolversParentTypes['OrderSubmitted']> = {
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderTimelineEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderTimelineEvent'] = ResolversParentTypes['OrderTimelineEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  erpOrderNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['TimelineLine']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  previousStatus?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['OrderStatus']>, ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderUpdateResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderUpdate'] = ResolversParentTypes['OrderUpdate']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['TimelineEvent'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PriceChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceChange'] = ResolversParentTypes['PriceChange']> = {
  lineId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  newNetAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  newUnitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  oldNetAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  oldUnitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PriceChangedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceChanged'] = ResolversParentTypes['PriceChanged']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['PriceChange']>, ParentType, ContextType>;
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quoteId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  totalChanges?: Resolver<Array<ResolversTypes['TotalChange']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PricingSnapshotEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PricingSnapshotEvent'] = ResolversParentTypes['PricingSnapshotEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['TimelineLine']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  pricingDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  quoteId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PromiseAccuracyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PromiseAccuracy'] = ResolversParentTypes['PromiseAccuracy']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  averageDeviationDays?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  confirmedLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  heldRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  periodStart?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  promisedLines?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  accounts?: Resolver<ResolversTypes['AccountConnection'], ParentType, ContextType, Partial<QueryAccountsArgs>>;
  cart?: Resolver<Maybe<ResolversTypes['Cart']>, ParentType, ContextType, RequireFields<QueryCartArgs, 'id'>>;
  carts?: Resolver<Array<ResolversTypes['Cart']>, ParentType, ContextType, Partial<QueryCartsArgs>>;
  fulfilmentReport?: Resolver<ResolversTypes['FulfilmentReport'], ParentType, ContextType, Partial<QueryFulfilmentReportArgs>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
  orderReport?: Resolver<ResolversTypes['OrderReport'], ParentType, ContextType, Partial<QueryOrderReportArgs>>;
  orders?: Resolver<ResolversTypes['OrderConnection'], ParentType, ContextType, Partial<QueryOrdersArgs>>;
  pendingApprovals?: Resolver<Array<ResolversTypes['Cart']>, ParentType, ContextType>;
};

export type RejectCartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['RejectCartResult'] = ResolversParentTypes['RejectCartResult']> = {
  __resolveType: TypeResolveFn<'Cart' | 'CartLocked' | 'CartNotFound' | 'InvalidInput', ParentType, ContextType>;
};

export type ReorderReplacementResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReorderReplacement'] = ResolversParentTypes['ReorderReplacement']> = {
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  successorSku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ReorderResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReorderResult'] = ResolversParentTypes['ReorderResult']> = {
  __resolveType: TypeResolveFn<'OrderNotFound' | 'ReorderedCart', ParentType, ContextType>;
};

export type ReorderedCartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReorderedCart'] = ResolversParentTypes['ReorderedCart']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  leftOut?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  replaced?: Resolver<Array<ResolversTypes['ReorderReplacement']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResolutionPendingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ResolutionPending'] = ResolversParentTypes['ResolutionPending']> = {
  exception?: Resolver<ResolversTypes['OrderException'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ResolveOrderExceptionResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ResolveOrderExceptionResult'] = ResolversParentTypes['ResolveOrderExceptionResult']> = {
  __resolveType: TypeResolveFn<'ActionNotAllowed' | 'ErpUnavailable' | 'ExceptionNotFound' | 'InvalidInput' | 'OrderExceptionResolved' | 'OrderNotFound' | 'ResolutionPending', ParentType, ContextType>;
};

export type SetDefaultSpendingLimitResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SetDefaultSpendingLimitResult'] = ResolversParentTypes['SetDefaultSpendingLimitResult']> = {
  __resolveType: TypeResolveFn<'Account' | 'InvalidInput', ParentType, ContextType>;
};

export type ShipmentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Shipment'] = ResolversParentTypes['Shipment']> = {
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  deliveredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['ShipmentLine']>, ParentType, ContextType>;
  packages?: Resolver<Array<ResolversTypes['ShipmentPackage']>, ParentType, ContextType>;
  plannedDeliveryDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  shippedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ShipmentEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ShipmentEvent'] = ResolversParentTypes['ShipmentEvent']> = {
  actor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  carrier?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['ShipmentLine']>, ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  prevHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  recordedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  shipmentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  summary?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  trackingUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ShipmentLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ShipmentLine'] = ResolversParentTypes['ShipmentLine']> = {
  lineNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ShipmentPackageResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ShipmentPackage'] = ResolversParentTypes['ShipmentPackage']> = {
  lines?: Resolver<Array<ResolversTypes['ShipmentLine']>, ParentType, ContextType>;
  packageNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trackingNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubmitCartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SubmitCartResult'] = ResolversParentTypes['SubmitCartResult']> = {
  __resolveType: TypeResolveFn<'ApprovalRequired' | 'AvailabilityChanged' | 'CartAlreadySubmitted' | 'MinimumOrderValueNotMet' | 'OrderSubmitted' | 'PriceChanged' | 'SubmitRejected', ParentType, ContextType>;
};

export type SubmitRejectedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SubmitRejected'] = ResolversParentTypes['SubmitRejected']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  accountOrderUpdates?: SubscriptionResolver<ResolversTypes['OrderUpdate'], "accountOrderUpdates", ParentType, ContextType, Partial<SubscriptionAccountOrderUpdatesArgs>>;
  orderUpdated?: SubscriptionResolver<ResolversTypes['OrderUpdate'], "orderUpdated", ParentType, ContextType, RequireFields<SubscriptionOrderUpdatedArgs, 'orderId'>>;
};

export type TimelineEventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TimelineEvent'] = ResolversParentTypes['TimelineEvent']> = {
  __resolveType: TypeResolveFn<'ApprovalEvent' | 'AvailabilityCheckEvent' | 'BillingEvent' | 'ExceptionEvent' | 'OrderTimelineEvent' | 'PricingSnapshotEvent' | 'ShipmentEvent', ParentType, ContextType>;
};

export type TimelineLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TimelineLine'] = ResolversParentTypes['TimelineLine']> = {
  atpDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  availabilityStatus?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  confirmedQuantity?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  lineNo?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  netAmount?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  scheduleLines?: Resolver<Array<ResolversTypes['OrderScheduleLine']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unitPrice?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
};

export type TimelineVerificationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TimelineVerification'] = ResolversParentTypes['TimelineVerification']> = {
  brokenEventId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  checkedEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  valid?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type TopItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TopItem'] = ResolversParentTypes['TopItem']> = {
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  netAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  orderCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type TotalChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TotalChange'] = ResolversParentTypes['TotalChange']> = {
  newAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  oldAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['DocumentTotal'], ParentType, ContextType>;
};

export type UnknownSkuResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UnknownSku'] = ResolversParentTypes['UnknownSku']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  skus?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  spendingLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
};

export type ViewerResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Account?: AccountResolvers<ContextType>;
  AccountConnection?: AccountConnectionResolvers<ContextType>;
  AccountEdge?: AccountEdgeResolvers<ContextType>;
  ActionNotAllowed?: ActionNotAllowedResolvers<ContextType>;
  ApprovalEvent?: ApprovalEventResolvers<ContextType>;
  ApprovalNotAllowed?: ApprovalNotAllowedResolvers<ContextType>;
  ApprovalRequired?: ApprovalRequiredResolvers<ContextType>;
  ApproveCartResult?: ApproveCartResultResolvers<ContextType>;
  AvailabilityChange?: AvailabilityChangeResolvers<ContextType>;
  AvailabilityChanged?: AvailabilityChangedResolvers<ContextType>;
  AvailabilityCheckEvent?: AvailabilityCheckEventResolvers<ContextType>;
  BillingEvent?: BillingEventResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartAlreadySubmitted?: CartAlreadySubmittedResolvers<ContextType>;
  CartApproval?: CartApprovalResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  CartLocked?: CartLockedResolvers<ContextType>;
  CartNotFound?: CartNotFoundResolvers<ContextType>;
  CartResult?: CartResultResolvers<ContextType>;
  CartReturn?: CartReturnResolvers<ContextType>;
  CreateCartResult?: CreateCartResultResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  DiscontinuedItem?: DiscontinuedItemResolvers<ContextType>;
  DisputeOrderPriceResult?: DisputeOrderPriceResultResolvers<ContextType>;
  ErpUnavailable?: ErpUnavailableResolvers<ContextType>;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  ExceptionEvent?: ExceptionEventResolvers<ContextType>;
  ExceptionNotFound?: ExceptionNotFoundResolvers<ContextType>;
  ExceptionRequest?: ExceptionRequestResolvers<ContextType>;
  ExceptionResolution?: ExceptionResolutionResolvers<ContextType>;
  FulfilmentReport?: FulfilmentReportResolvers<ContextType>;
  InvalidInput?: InvalidInputResolvers<ContextType>;
  InvalidQuantity?: InvalidQuantityResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  LateConfirmation?: LateConfirmationResolvers<ContextType>;
  LateScheduleLine?: LateScheduleLineResolvers<ContextType>;
  MinimumOrderValueNotMet?: MinimumOrderValueNotMetResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  OnTimeDelivery?: OnTimeDeliveryResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderAggregate?: OrderAggregateResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderException?: OrderExceptionResolvers<ContextType>;
  OrderExceptionRaised?: OrderExceptionRaisedResolvers<ContextType>;
  OrderExceptionResolved?: OrderExceptionResolvedResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderNotFound?: OrderNotFoundResolvers<ContextType>;
  OrderReport?: OrderReportResolvers<ContextType>;
  OrderReturn?: OrderReturnResolvers<ContextType>;
  OrderReturnLine?: OrderReturnLineResolvers<ContextType>;
  OrderScheduleLine?: OrderScheduleLineResolvers<ContextType>;
  OrderSubmitted?: OrderSubmittedResolvers<ContextType>;
  OrderTimelineEvent?: OrderTimelineEventResolvers<ContextType>;
  OrderUpdate?: OrderUpdateResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceChange?: PriceChangeResolvers<ContextType>;
  PriceChanged?: PriceChangedResolvers<ContextType>;
  PricingSnapshotEvent?: PricingSnapshotEventResolvers<ContextType>;
  PromiseAccuracy?: PromiseAccuracyResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RejectCartResult?: RejectCartResultResolvers<ContextType>;
  ReorderReplacement?: ReorderReplacementResolvers<ContextType>;
  ReorderResult?: ReorderResultResolvers<ContextType>;
  ReorderedCart?: ReorderedCartResolvers<ContextType>;
  ResolutionPending?: ResolutionPendingResolvers<ContextType>;
  ResolveOrderExceptionResult?: ResolveOrderExceptionResultResolvers<ContextType>;
  SetDefaultSpendingLimitResult?: SetDefaultSpendingLimitResultResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShipmentEvent?: ShipmentEventResolvers<ContextType>;
  ShipmentLine?: ShipmentLineResolvers<ContextType>;
  ShipmentPackage?: ShipmentPackageResolvers<ContextType>;
  SubmitCartResult?: SubmitCartResultResolvers<ContextType>;
  SubmitRejected?: SubmitRejectedResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TimelineEvent?: TimelineEventResolvers<ContextType>;
  TimelineLine?: TimelineLineResolvers<ContextType>;
  TimelineVerification?: TimelineVerificationResolvers<ContextType>;
  TopItem?: TopItemResolvers<ContextType>;
  TotalChange?: TotalChangeResolvers<ContextType>;
  UnknownSku?: UnknownSkuResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
};

