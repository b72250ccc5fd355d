import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { InvoiceEntity, CreditMemoEntity } from '../entities/index.js';
import type { PaymentView, BillingLineView, DocumentView } from '../loaders.js';
import type { Connection, Edge } from '@portal/platform/connection';
import type { ReceivablesReportParent } from '../resolvers/receivables.js';
import type { ReceivablesRow } from '../entities/receivables-report.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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
  /** Open balances by days past due; the buckets add up to openBalance. */
  aging: Aging;
  /**
   * Credit the account holds with us: credits beyond what an invoice still owed (a credit memo after a
   * partial payment). The ERP applies it to the account's next invoices. Read from the ERP; 0 for an
   * account the viewer may not read.
   */
  creditBalance: Money;
  currency: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** Sum of open balances. */
  openBalance: Money;
  /** Sum of open balances past their due date. */
  overdueAmount: Money;
};

export type Aging = {
  __typename?: 'Aging';
  /** Not yet due. */
  current: Money;
  days1To30: Money;
  days31To60: Money;
  days61To90: Money;
  over90: Money;
};

/** A billed or credited line, tied to its order line (line 0 is freight). */
export type BillingLine = {
  __typename?: 'BillingLine';
  amount: Money;
  description: Scalars['String']['output'];
  lineNo: Scalars['Int']['output'];
  /** The order line's id (as `Order.lines.id`); null for freight. */
  orderLineId?: Maybe<Scalars['ID']['output']>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['String']['output'];
  unitPrice: Money;
};

export type CreditMemo = {
  __typename?: 'CreditMemo';
  document: Document;
  /** The share of the invoice's header discount reversed with the credited lines (positive). */
  headerDiscount: Money;
  /** The invoice it reduces. */
  invoice?: Maybe<Invoice>;
  issuedAt: Scalars['Date']['output'];
  lines: Array<BillingLine>;
  number: Scalars['String']['output'];
  order?: Maybe<Order>;
  /** RETURN, PRICE_DISPUTE, DAMAGED or GOODWILL */
  reason: Scalars['String']['output'];
  /** The tax reversed with the credited lines (positive). */
  tax: Money;
  /** Tax reversed per rate: the base and the amount. */
  taxLines: Array<InvoiceTaxLine>;
  /** What the memo credits: Σ lines − headerDiscount + tax. */
  total: Money;
};

/** A document download: `url` is signed for the document's account and expires at `expiresAt`. */
export type Document = {
  __typename?: 'Document';
  contentType: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
  url: Scalars['String']['output'];
};

export type Invoice = {
  __typename?: 'Invoice';
  /** The account billed (lists across accounts say whose each row is). */
  account: Account;
  /** Still owed, after payments and credit memos. */
  balance: Money;
  /** Credit memos that reduce this invoice, oldest first. */
  creditMemos: Array<CreditMemo>;
  /** Sum of the credit memos issued against this invoice. */
  creditedAmount: Money;
  /** Whole days past the due date while something is owed; 0 otherwise. */
  daysOverdue: Scalars['Int']['output'];
  /** The delivery (the order's shipment id) this invoice bills. */
  deliveryNumber?: Maybe<Scalars['String']['output']>;
  /** The invoice PDF behind a short-lived signed link on the gateway's origin. */
  document: Document;
  dueDate: Scalars['Date']['output'];
  erpOrderNumber: Scalars['String']['output'];
  /** The share of the order's header discounts billed here (positive). */
  headerDiscount: Money;
  issuedAt: Scalars['Date']['output'];
  lines: Array<BillingLine>;
  number: Scalars['String']['output'];
  /** The order this invoice bills. */
  order?: Maybe<Order>;
  /** Sum of the payments received. */
  paidAmount: Money;
  /** Payments received, oldest first. */
  payments: Array<Payment>;
  status: InvoiceStatus;
  tax: Money;
  /** Tax per rate: the base and the amount (each line's tax rounded per line). */
  taxLines: Array<InvoiceTaxLine>;
  /** What the invoice bills: Σ lines − headerDiscount + tax (freight is a line). */
  total: Money;
};

export type InvoiceConnection = {
  __typename?: 'InvoiceConnection';
  edges: Array<InvoiceEdge>;
  nodes: Array<Invoice>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type InvoiceEdge = {
  __typename?: 'InvoiceEdge';
  cursor: Scalars['String']['output'];
  node: Invoice;
};

/** Every given criterion must hold. Dates are inclusive. */
export type InvoiceFilter = {
  dueFrom?: InputMaybe<Scalars['Date']['input']>;
  dueTo?: InputMaybe<Scalars['Date']['input']>;
  issuedFrom?: InputMaybe<Scalars['Date']['input']>;
  issuedTo?: InputMaybe<Scalars['Date']['input']>;
  orderId?: InputMaybe<Scalars['ID']['input']>;
  /** true: past the due date with something still owed (status OVERDUE); false: everything else. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  status?: InputMaybe<InvoiceStatus>;
};

/**
 * OPEN: nothing paid or credited yet, not past due. PARTIALLY_PAID: part paid or credited, not past
 * due. OVERDUE: something still owed after the due date. PAID: nothing owed (paid and/or credited).
 * CANCELLED: cancelled in the ERP.
 */
export type InvoiceStatus =
  | 'CANCELLED'
  | 'OPEN'
  | 'OVERDUE'
  | 'PAID'
  | 'PARTIALLY_PAID';

export type InvoiceTaxLine = {
  __typename?: 'InvoiceTaxLine';
  amount: Money;
  base: Money;
  /** Percent: '19' = 19 %. */
  rate: Scalars['Decimal']['output'];
};

/** An exact amount in a currency. `amount` is a decimal string ("1234.50"). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

export type Order = {
  __typename?: 'Order';
  /** Credit memos against this order's invoices, oldest first. */
  creditMemos: Array<CreditMemo>;
  id: Scalars['ID']['output'];
  /** Invoices billing this order, oldest first. */
  invoices: Array<Invoice>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Payment = {
  __typename?: 'Payment';
  amount: Money;
  id: Scalars['ID']['output'];
  receivedAt: Scalars['DateTime']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A credit memo of the viewer's account (analysts: any account); null if not found or not visible. */
  creditMemo?: Maybe<CreditMemo>;
  /** An invoice of the viewer's account (analysts: any account); null if not found or not visible. */
  invoice?: Maybe<Invoice>;
  /**
   * Invoices, newest first (by issue date, then number): the viewer's account's; an analyst's of
   * every account, or of `accountIds`. Other roles asking for `accountIds` get only their own
   * account's invoices among them (none else).
   */
  invoices: InvoiceConnection;
  /**
   * Receivables as of a business date (default: today, UTC), computed in the database per account
   * and currency: what was owed on that day (invoices issued by then, less payments received and
   * credit memos issued by then; cancelled invoices left out), what of it was past due, the aging
   * buckets, and days sales outstanding. Analysts: every account, or `accountIds`; everyone else:
   * their own account only. With `overdueOnly`, only accounts with something overdue.
   * `salesPeriodDays` is 1 to 3,660.
   */
  receivables: ReceivablesReport;
};


export type QueryCreditMemoArgs = {
  number: Scalars['String']['input'];
};


export type QueryInvoiceArgs = {
  number: Scalars['String']['input'];
};


export type QueryInvoicesArgs = {
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<InvoiceFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryReceivablesArgs = {
  accountIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  asOf?: InputMaybe<Scalars['Date']['input']>;
  overdueOnly?: InputMaybe<Scalars['Boolean']['input']>;
  salesPeriodDays?: InputMaybe<Scalars['Int']['input']>;
};

/** What was owed to us in one currency, by one account (`account` null: every account of the report). */
export type Receivables = {
  __typename?: 'Receivables';
  account?: Maybe<Account>;
  /** The open amount by days past due on `asOf`; the buckets add up to `open`. */
  aging: Aging;
  currency: Scalars['String']['output'];
  /** open / sales × salesPeriodDays, rounded to one decimal; null when nothing was invoiced in the period. */
  daysSalesOutstanding?: Maybe<Scalars['Float']['output']>;
  /** Days past due of the oldest overdue invoice; 0 when nothing is overdue. */
  oldestDaysOverdue: Scalars['Int']['output'];
  /** Still owed on `asOf`. */
  open: Money;
  openInvoices: Scalars['Int']['output'];
  /** Of that, past its due date on `asOf`. */
  overdue: Money;
  overdueInvoices: Scalars['Int']['output'];
  /** Invoiced (invoice totals) in the `salesPeriodDays` days up to `asOf`. */
  sales: Money;
};

export type ReceivablesReport = {
  __typename?: 'ReceivablesReport';
  asOf: Scalars['Date']['output'];
  /**
   * One row per account and currency with something open on `asOf` or invoiced in the sales period
   * (with `overdueOnly`: something overdue), most overdue first, then most open, then by account id;
   * the `first` of them (at most 1,000).
   */
  byAccount: Array<Receivables>;
  /** The days up to `asOf` (inclusive) whose invoices are the sales in days sales outstanding. */
  salesPeriodDays: Scalars['Int']['output'];
  /** One row per currency over all those accounts (amounts are never added across currencies). */
  totals: Array<Receivables>;
};


export type ReceivablesReportByAccountArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
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
  CreditMemo: CreditMemo;
  Invoice: Invoice;
  Order: Order;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}>
        | GraphQLRecursivePick<FederationTypes['Account'], {"currency":true}> ) );
  CreditMemo:
    ( { __typename: 'CreditMemo' }
    & GraphQLRecursivePick<FederationTypes['CreditMemo'], {"number":true}> );
  Invoice:
    ( { __typename: 'Invoice' }
    & GraphQLRecursivePick<FederationTypes['Invoice'], {"number":true}> );
  Order:
    ( { __typename: 'Order' }
    & GraphQLRecursivePick<FederationTypes['Order'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<{ id: string; currency: string }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Aging: ResolverTypeWrapper<Aging>;
  BillingLine: ResolverTypeWrapper<BillingLineView>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CreditMemo: ResolverTypeWrapper<CreditMemoEntity>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Document: ResolverTypeWrapper<DocumentView>;
  Invoice: ResolverTypeWrapper<InvoiceEntity>;
  InvoiceConnection: ResolverTypeWrapper<Connection<InvoiceEntity>>;
  InvoiceEdge: ResolverTypeWrapper<Edge<InvoiceEntity>>;
  InvoiceFilter: InvoiceFilter;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  InvoiceStatus: InvoiceStatus;
  InvoiceTaxLine: ResolverTypeWrapper<InvoiceTaxLine>;
  Money: ResolverTypeWrapper<Money>;
  Order: ResolverTypeWrapper<{ id: string }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Payment: ResolverTypeWrapper<PaymentView>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Receivables: ResolverTypeWrapper<ReceivablesRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ReceivablesReport: ResolverTypeWrapper<ReceivablesReportParent>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: { id: string; currency: string };
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  Aging: Aging;
  BillingLine: BillingLineView;
  Int: Scalars['Int']['output'];
  CreditMemo: CreditMemoEntity;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Document: DocumentView;
  Invoice: InvoiceEntity;
  InvoiceConnection: Connection<InvoiceEntity>;
  InvoiceEdge: Edge<InvoiceEntity>;
  InvoiceFilter: InvoiceFilter;
  Boolean: Scalars['Boolean']['output'];
  InvoiceTaxLine: InvoiceTaxLine;
  Money: Money;
  Order: { id: string };
  PageInfo: PageInfo;
  Payment: PaymentView;
  Query: Record<PropertyKey, never>;
  Receivables: ReceivablesRow;
  Float: Scalars['Float']['output'];
  ReceivablesReport: ReceivablesReportParent;
};

export type AccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  aging?: Resolver<ResolversTypes['Aging'], ParentType, ContextType>;
  creditBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  openBalance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  overdueAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type AgingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Aging'] = ResolversParentTypes['Aging']> = {
  current?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  days1To30?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  days31To60?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  days61To90?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  over90?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type BillingLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['BillingLine'] = ResolversParentTypes['BillingLine']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lineNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  orderLineId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type CreditMemoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreditMemo'] = ResolversParentTypes['CreditMemo'], FederationReferenceType extends FederationReferenceTypes['CreditMemo'] = FederationReferenceTypes['CreditMemo']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CreditMemo']> | FederationReferenceType, FederationReferenceType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  headerDiscount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['BillingLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tax?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  taxLines?: Resolver<Array<ResolversTypes['InvoiceTaxLine']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
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

export type DocumentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document']> = {
  contentType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type InvoiceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Invoice'] = ResolversParentTypes['Invoice'], FederationReferenceType extends FederationReferenceTypes['Invoice'] = FederationReferenceTypes['Invoice']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Invoice']> | FederationReferenceType, FederationReferenceType, ContextType>;
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  balance?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  creditMemos?: Resolver<Array<ResolversTypes['CreditMemo']>, ParentType, ContextType>;
  creditedAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  daysOverdue?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  deliveryNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  dueDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  erpOrderNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  headerDiscount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  issuedAt?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['BillingLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType>;
  paidAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  payments?: Resolver<Array<ResolversTypes['Payment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvoiceStatus'], ParentType, ContextType>;
  tax?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  taxLines?: Resolver<Array<ResolversTypes['InvoiceTaxLine']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type InvoiceConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InvoiceConnection'] = ResolversParentTypes['InvoiceConnection']> = {
  edges?: Resolver<Array<ResolversTypes['InvoiceEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Invoice']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type InvoiceEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InvoiceEdge'] = ResolversParentTypes['InvoiceEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Invoice'], ParentType, ContextType>;
};

export type InvoiceTaxLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['InvoiceTaxLine'] = ResolversParentTypes['InvoiceTaxLine']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  base?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  creditMemos?: Resolver<Array<ResolversTypes['CreditMemo']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoices?: Resolver<Array<ResolversTypes['Invoice']>, ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  receivedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  creditMemo?: Resolver<Maybe<ResolversTypes['CreditMemo']>, ParentType, ContextType, RequireFields<QueryCreditMemoArgs, 'number'>>;
  invoice?: Resolver<Maybe<ResolversTypes['Invoice']>, ParentType, ContextType, RequireFields<QueryInvoiceArgs, 'number'>>;
  invoices?: Resolver<ResolversTypes['InvoiceConnection'], ParentType, ContextType, Partial<QueryInvoicesArgs>>;
  receivables?: Resolver<ResolversTypes['ReceivablesReport'], ParentType, ContextType, RequireFields<QueryReceivablesArgs, 'overdueOnly' | 'salesPeriodDays'>>;
};

export type ReceivablesResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Receivables'] = ResolversParentTypes['Receivables']> = {
  account?: Resolver<Maybe<ResolversTypes['Account']>, ParentType, ContextType>;
  aging?: Resolver<ResolversTypes['Aging'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  daysSalesOutstanding?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  oldestDaysOverdue?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  openInvoices?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  overdueInvoices?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sales?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type ReceivablesReportResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ReceivablesReport'] = ResolversParentTypes['ReceivablesReport']> = {
  asOf?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  byAccount?: Resolver<Array<ResolversTypes['Receivables']>, ParentType, ContextType, RequireFields<ReceivablesReportByAccountArgs, 'first'>>;
  salesPeriodDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totals?: Resolver<Array<ResolversTypes['Receivables']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Account?: AccountResolvers<ContextType>;
  Aging?: AgingResolvers<ContextType>;
  BillingLine?: BillingLineResolvers<ContextType>;
  CreditMemo?: CreditMemoResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  Invoice?: InvoiceResolvers<ContextType>;
  InvoiceConnection?: InvoiceConnectionResolvers<ContextType>;
  InvoiceEdge?: InvoiceEdgeResolvers<ContextType>;
  InvoiceTaxLine?: InvoiceTaxLineResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Receivables?: ReceivablesResolvers<ContextType>;
  ReceivablesReport?: ReceivablesReportResolvers<ContextType>;
};

