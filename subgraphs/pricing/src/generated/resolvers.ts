import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PricedItem } from '../domain/item-pricing.js';
import type { CurrencyTier } from '../loaders.js';
import type { ContractView, ContractItemView } from '../contracts.js';
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
  /** Customer contracts in force or starting within `withinDays` days, with the ones ending soon flagged. */
  contracts: Array<Contract>;
  id: Scalars['ID']['output'];
};


export type AccountContractsArgs = {
  withinDays?: InputMaybe<Scalars['Int']['input']>;
};

export type Cart = {
  __typename?: 'Cart';
  id: Scalars['ID']['output'];
  lines: Array<CartLine>;
  /** The snapshot the buyer sees; pass its id back as acceptedQuoteId at submit. */
  quote?: Maybe<Quote>;
  /** Subtotal, discounts, freight, tax and total of the whole cart, priced in one run. */
  totals?: Maybe<CartTotals>;
};

export type CartLine = {
  __typename?: 'CartLine';
  id: Scalars['ID']['output'];
  price?: Maybe<LinePrice>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type CartTotals = {
  __typename?: 'CartTotals';
  /** How much the cart lacks to reach the minimum order value; null when it reaches it (or there is none). Such a cart cannot be submitted. */
  belowMinimumBy?: Maybe<Money>;
  /** Σ the lines' item discounts (positive). */
  discount: Money;
  freight: Money;
  /** Header discounts on the whole cart (e.g. a percentage from an order value), positive; split over the lines for tax. */
  headerDiscount: Money;
  /** The account's minimum order value (on net − headerDiscount); null when it has none. */
  minimumOrderValue?: Maybe<Money>;
  /** Σ the lines' net amounts: after item discounts and surcharges, before header discounts, freight and tax. */
  net: Money;
  /** Σ the lines' gross (base prices). */
  subtotal: Money;
  surcharge: Money;
  /** Σ the tax lines' amounts (tax is rounded per line). */
  tax: Money;
  /** Tax per rate: the base (the lines' net less their header-discount share) and the amount. */
  taxLines: Array<TaxLine>;
  /** What the buyer pays: net − headerDiscount + freight + tax. Spending limits and approvals compare this amount. */
  total: Money;
  /** Lines without a valid price (excluded from the totals). */
  unpricedSkus: Array<Scalars['ID']['output']>;
};

export type Contract = {
  __typename?: 'Contract';
  /** The ERP's contract this entry belongs to (one contract can have entries with different windows). */
  contractId: Scalars['ID']['output'];
  /** Days until it ends (null when open-ended). */
  endsInDays?: Maybe<Scalars['Int']['output']>;
  /** Ends within the window asked for. */
  expiringSoon: Scalars['Boolean']['output'];
  /** The contract and its validity window (`<contractId>@<validFrom>..<validTo>`): unique per entry and stable across requests. */
  id: Scalars['ID']['output'];
  items: Array<ContractItem>;
  /** Days until it starts (0 when in force). */
  startsInDays: Scalars['Int']['output'];
  status: ContractStatus;
  validFrom: Scalars['Date']['output'];
  validTo?: Maybe<Scalars['Date']['output']>;
};

export type ContractItem = {
  __typename?: 'ContractItem';
  conditionId: Scalars['ID']['output'];
  conditionVersion: Scalars['Int']['output'];
  item: Item;
  price?: Maybe<Money>;
  sku: Scalars['ID']['output'];
  tiers: Array<ContractTier>;
};

export type ContractStatus =
  | 'ACTIVE'
  | 'UPCOMING';

export type ContractTier = {
  __typename?: 'ContractTier';
  minQuantity: Scalars['Int']['output'];
  price: Money;
};

export type Item = {
  __typename?: 'Item';
  /** The viewer's price for this quantity, with the reason it applies; null if the item has no valid price. */
  price?: Maybe<LinePrice>;
  /**
   * The volume ladder for the viewer's account: from which quantity which unit price is paid. One tier
   * per quantity where any quantity-dependent condition changes (base price scales, volume discounts,
   * surcharges); each tier is priced like a line of `minQuantity` units, the account's discounts
   * included, so `unitPrice` equals `price(quantity: minQuantity).unitPrice`.
   */
  priceTiers: Array<PriceTier>;
  sku: Scalars['ID']['output'];
};


export type ItemPriceArgs = {
  quantity?: Scalars['Int']['input'];
};

/** A priced line: what the buyer pays and why. */
export type LinePrice = {
  __typename?: 'LinePrice';
  basis: PriceBasis;
  /** Every condition applied, in procedure order. */
  components: Array<PriceComponent>;
  /** The item's list price before any condition, for comparison. */
  listPrice: Money;
  netAmount: Money;
  pricingDate: Scalars['Date']['output'];
  quantity: Scalars['Int']['output'];
  unitPrice: Money;
};

/** An exact amount in a currency. `amount` is a decimal string ("1234.50"). */
export type Money = {
  __typename?: 'Money';
  amount: Scalars['Decimal']['output'];
  currency: Scalars['String']['output'];
};

/** Why this price applies: the record that won the access sequence. */
export type PriceBasis = {
  __typename?: 'PriceBasis';
  /** The condition record that set the base price, and its version. */
  conditionId?: Maybe<Scalars['ID']['output']>;
  conditionVersion?: Maybe<Scalars['Int']['output']>;
  contractId?: Maybe<Scalars['ID']['output']>;
  contractVersion?: Maybe<Scalars['Int']['output']>;
  priceListId?: Maybe<Scalars['ID']['output']>;
  source: PriceSource;
  tierMinQuantity?: Maybe<Scalars['Int']['output']>;
  validFrom?: Maybe<Scalars['Date']['output']>;
  validTo?: Maybe<Scalars['Date']['output']>;
};

export type PriceComponent = {
  __typename?: 'PriceComponent';
  amount: Money;
  conditionId?: Maybe<Scalars['ID']['output']>;
  conditionVersion?: Maybe<Scalars['Int']['output']>;
  label: Scalars['String']['output'];
  /** Percentage for percent conditions, null for amounts. */
  rate?: Maybe<Scalars['Decimal']['output']>;
  type: PriceComponentType;
};

export type PriceComponentType =
  | 'BASE'
  | 'DISCOUNT'
  | 'FREIGHT'
  | 'SURCHARGE';

export type PriceSource =
  | 'CONTRACT'
  | 'LIST'
  | 'PRICE_LIST'
  | 'TIER';

export type PriceTier = {
  __typename?: 'PriceTier';
  conditionId: Scalars['ID']['output'];
  conditionVersion: Scalars['Int']['output'];
  /** True for graduated scales: each band's price applies to the units inside it, so `unitPrice` is the average. */
  graduated: Scalars['Boolean']['output'];
  minQuantity: Scalars['Int']['output'];
  /** The price of a line of `minQuantity` units, with its basis and every component: the same as `Item.price(quantity: minQuantity)`. */
  price: LinePrice;
  source: PriceSource;
  /** What the buyer pays per unit for `minQuantity` units, every condition applied. */
  unitPrice: Money;
  validFrom: Scalars['Date']['output'];
  validTo?: Maybe<Scalars['Date']['output']>;
};

export type PricingSyncStatus = {
  __typename?: 'PricingSyncStatus';
  conditionRecords: Scalars['Int']['output'];
  duplicatesSkipped: Scalars['Int']['output'];
  eventsApplied: Scalars['Int']['output'];
  eventsIgnored: Scalars['Int']['output'];
  feedCursor: Scalars['Int']['output'];
  feedErrors: Scalars['Int']['output'];
  feedRunning: Scalars['Boolean']['output'];
  fullSyncCompletedAt?: Maybe<Scalars['DateTime']['output']>;
  fullSyncRows: Scalars['Int']['output'];
  lagSeconds?: Maybe<Scalars['Float']['output']>;
  lastError?: Maybe<Scalars['String']['output']>;
  lastEventAt?: Maybe<Scalars['DateTime']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** Contract sync state and lag (admins and analysts). */
  pricingSyncStatus: PricingSyncStatus;
};

export type Quote = {
  __typename?: 'Quote';
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  pricingDate: Scalars['Date']['output'];
};

/** Tax at one rate on a cart or document. */
export type TaxLine = {
  __typename?: 'TaxLine';
  amount: Money;
  base: Money;
  label: Scalars['String']['output'];
  /** Percent: '19' = 19 %. */
  rate: Scalars['Decimal']['output'];
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
  Item: Item;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Account:
    ( { __typename: 'Account' }
    & GraphQLRecursivePick<FederationTypes['Account'], {"id":true}> );
  Cart:
    ( { __typename: 'Cart' }
    & GraphQLRecursivePick<FederationTypes['Cart'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Cart'], {"lines":{"id":true,"sku":true,"quantity":true}}>
        | GraphQLRecursivePick<FederationTypes['Cart'], {"lines":{"id":true,"sku":true,"quantity":true}}>
        | GraphQLRecursivePick<FederationTypes['Cart'], {"lines":{"id":true,"sku":true,"quantity":true}}> ) );
  CartLine:
    ( { __typename: 'CartLine' }
    & GraphQLRecursivePick<FederationTypes['CartLine'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['CartLine'], {"sku":true,"quantity":true}> ) );
  Item:
    ( { __typename: 'Item' }
    & GraphQLRecursivePick<FederationTypes['Item'], {"sku":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<{ id: string }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Cart: ResolverTypeWrapper<{ id: string; lines: { id: string; sku: string; quantity: number }[] }>;
  CartLine: ResolverTypeWrapper<{ id: string; sku: string; quantity: number }>;
  CartTotals: ResolverTypeWrapper<CartTotals>;
  Contract: ResolverTypeWrapper<ContractView>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ContractItem: ResolverTypeWrapper<ContractItemView>;
  ContractStatus: ContractStatus;
  ContractTier: ResolverTypeWrapper<ContractTier>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Item: ResolverTypeWrapper<{ sku: string }>;
  LinePrice: ResolverTypeWrapper<PricedItem>;
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  PriceBasis: ResolverTypeWrapper<PriceBasis>;
  PriceComponent: ResolverTypeWrapper<PriceComponent>;
  PriceComponentType: PriceComponentType;
  PriceSource: PriceSource;
  PriceTier: ResolverTypeWrapper<CurrencyTier>;
  PricingSyncStatus: ResolverTypeWrapper<PricingSyncStatus>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Quote: ResolverTypeWrapper<Quote>;
  TaxLine: ResolverTypeWrapper<TaxLine>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: { id: string };
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  Cart: { id: string; lines: { id: string; sku: string; quantity: number }[] };
  CartLine: { id: string; sku: string; quantity: number };
  CartTotals: CartTotals;
  Contract: ContractView;
  Boolean: Scalars['Boolean']['output'];
  ContractItem: ContractItemView;
  ContractTier: ContractTier;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  Item: { sku: string };
  LinePrice: PricedItem;
  Money: Money;
  String: Scalars['String']['output'];
  PriceBasis: PriceBasis;
  PriceComponent: PriceComponent;
  PriceTier: CurrencyTier;
  PricingSyncStatus: PricingSyncStatus;
  Float: Scalars['Float']['output'];
  Query: Record<PropertyKey, never>;
  Quote: Quote;
  TaxLine: TaxLine;
};

export type AccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  contracts?: Resolver<Array<ResolversTypes['Contract']>, ParentType, ContextType, RequireFields<AccountContractsArgs, 'withinDays'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart'], FederationReferenceType extends FederationReferenceTypes['Cart'] = FederationReferenceTypes['Cart']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cart']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  quote?: Resolver<Maybe<ResolversTypes['Quote']>, ParentType, ContextType>;
  totals?: Resolver<Maybe<ResolversTypes['CartTotals']>, ParentType, ContextType>;
};

export type CartLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine'], FederationReferenceType extends FederationReferenceTypes['CartLine'] = FederationReferenceTypes['CartLine']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CartLine']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['LinePrice']>, ParentType, ContextType>;
};

export type CartTotalsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartTotals'] = ResolversParentTypes['CartTotals']> = {
  belowMinimumBy?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  discount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  freight?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  headerDiscount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  minimumOrderValue?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  net?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  subtotal?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  surcharge?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  tax?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  taxLines?: Resolver<Array<ResolversTypes['TaxLine']>, ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  unpricedSkus?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ContractResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Contract'] = ResolversParentTypes['Contract']> = {
  contractId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  endsInDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  expiringSoon?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['ContractItem']>, ParentType, ContextType>;
  startsInDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ContractStatus'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type ContractItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ContractItem'] = ResolversParentTypes['ContractItem']> = {
  conditionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  conditionVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tiers?: Resolver<Array<ResolversTypes['ContractTier']>, ParentType, ContextType>;
};

export type ContractTierResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ContractTier'] = ResolversParentTypes['ContractTier']> = {
  minQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
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

export type ItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item'], FederationReferenceType extends FederationReferenceTypes['Item'] = FederationReferenceTypes['Item']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Item']> | FederationReferenceType, FederationReferenceType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['LinePrice']>, ParentType, ContextType, RequireFields<ItemPriceArgs, 'quantity'>>;
  priceTiers?: Resolver<Array<ResolversTypes['PriceTier']>, ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type LinePriceResolvers<ContextType = Context, ParentType extends ResolversParentTypes['LinePrice'] = ResolversParentTypes['LinePrice']> = {
  basis?: Resolver<ResolversTypes['PriceBasis'], ParentType, ContextType>;
  components?: Resolver<Array<ResolversTypes['PriceComponent']>, ParentType, ContextType>;
  listPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  netAmount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  pricingDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
};

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PriceBasisResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceBasis'] = ResolversParentTypes['PriceBasis']> = {
  conditionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  conditionVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  contractId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  contractVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  priceListId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['PriceSource'], ParentType, ContextType>;
  tierMinQuantity?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  validFrom?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type PriceComponentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceComponent'] = ResolversParentTypes['PriceComponent']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  conditionId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  conditionVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rate?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['PriceComponentType'], ParentType, ContextType>;
};

export type PriceTierResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceTier'] = ResolversParentTypes['PriceTier']> = {
  conditionId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  conditionVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  graduated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  minQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['LinePrice'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['PriceSource'], ParentType, ContextType>;
  unitPrice?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  validFrom?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  validTo?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
};

export type PricingSyncStatusResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PricingSyncStatus'] = ResolversParentTypes['PricingSyncStatus']> = {
  conditionRecords?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  duplicatesSkipped?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsApplied?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventsIgnored?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feedCursor?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feedErrors?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  feedRunning?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  fullSyncCompletedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  fullSyncRows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lagSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastEventAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  pricingSyncStatus?: Resolver<ResolversTypes['PricingSyncStatus'], ParentType, ContextType>;
};

export type QuoteResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Quote'] = ResolversParentTypes['Quote']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  pricingDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
};

export type TaxLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['TaxLine'] = ResolversParentTypes['TaxLine']> = {
  amount?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  base?: Resolver<ResolversTypes['Money'], ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Account?: AccountResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  CartTotals?: CartTotalsResolvers<ContextType>;
  Contract?: ContractResolvers<ContextType>;
  ContractItem?: ContractItemResolvers<ContextType>;
  ContractTier?: ContractTierResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Item?: ItemResolvers<ContextType>;
  LinePrice?: LinePriceResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  PriceBasis?: PriceBasisResolvers<ContextType>;
  PriceComponent?: PriceComponentResolvers<ContextType>;
  PriceTier?: PriceTierResolvers<ContextType>;
  PricingSyncStatus?: PricingSyncStatusResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Quote?: QuoteResolvers<ContextType>;
  TaxLine?: TaxLineResolvers<ContextType>;
};

