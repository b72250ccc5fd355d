import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { PricedItem } from '../domain/item-pricing.js';
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
  Decimal: { input: import("@portal/platform/money").Decimal; output: import("@portal/platform/money").Decimal | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Item = {
  __typename?: 'Item';
  /** The viewer's price for this quantity, with the reason it applies; null if the item has no valid price. */
  price?: Maybe<LinePrice>;
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
  Item: Item;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Item:
    ( { __typename: 'Item' }
    & GraphQLRecursivePick<FederationTypes['Item'], {"sku":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  Item: ResolverTypeWrapper<{ sku: string }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  LinePrice: ResolverTypeWrapper<PricedItem>;
  Money: ResolverTypeWrapper<Money>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  PriceBasis: ResolverTypeWrapper<PriceBasis>;
  PriceComponent: ResolverTypeWrapper<PriceComponent>;
  PriceComponentType: PriceComponentType;
  PriceSource: PriceSource;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Date: Scalars['Date']['output'];
  Decimal: Scalars['Decimal']['output'];
  Item: { sku: string };
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  LinePrice: PricedItem;
  Money: Money;
  String: Scalars['String']['output'];
  PriceBasis: PriceBasis;
  PriceComponent: PriceComponent;
  Boolean: Scalars['Boolean']['output'];
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DecimalScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Decimal'], any> {
  name: 'Decimal';
}

export type ItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item'], FederationReferenceType extends FederationReferenceTypes['Item'] = FederationReferenceTypes['Item']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Item']> | FederationReferenceType, FederationReferenceType, ContextType>;
  price?: Resolver<Maybe<ResolversTypes['LinePrice']>, ParentType, ContextType, RequireFields<ItemPriceArgs, 'quantity'>>;
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

export type Resolvers<ContextType = Context> = {
  Date?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  Item?: ItemResolvers<ContextType>;
  LinePrice?: LinePriceResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  PriceBasis?: PriceBasisResolvers<ContextType>;
  PriceComponent?: PriceComponentResolvers<ContextType>;
};

