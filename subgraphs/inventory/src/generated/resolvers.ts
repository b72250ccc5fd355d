import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ItemEntity } from '../entities/index.js';
import type { Connection, Edge } from '@portal/platform/connection';
import type { CartLineRef } from '../loaders.js';
import type { AvailabilityView } from '../domain/availability.js';
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
  _FieldSet: { input: unknown; output: unknown; }
};

export type Availability = {
  __typename?: 'Availability';
  /** When the whole quantity is delivered. */
  atpDate?: Maybe<Scalars['Date']['output']>;
  caveats: Array<Scalars['String']['output']>;
  checkedAt: Scalars['DateTime']['output'];
  /** Order before this instant for this answer to hold. */
  cutoffAt?: Maybe<Scalars['DateTime']['output']>;
  freshness: AvailabilityFreshness;
  leadTimeDays: Scalars['Int']['output'];
  materialAvailabilityDate?: Maybe<Scalars['Date']['output']>;
  /** Stock on hand: a hint, never a promise. */
  onHandHint?: Maybe<Scalars['Int']['output']>;
  promisedQuantity: Scalars['Int']['output'];
  requestedDate?: Maybe<Scalars['Date']['output']>;
  scheduleLines: Array<ScheduleLine>;
  status: AvailabilityStatus;
  warehouse?: Maybe<Scalars['ID']['output']>;
};

export type AvailabilityFreshness =
  /** The ERP's answer from a moment ago (no stock change since). */
  | 'CACHED'
  /** The ERP did not answer and nothing is known; the lead time only. */
  | 'ESTIMATE'
  /** The ERP did not answer; this was its last answer (not a promise). */
  | 'LAST_KNOWN'
  /** Computed by the ERP for this request. */
  | 'LIVE';

export type AvailabilityStatus =
  /** All of it on the requested (or earliest) date. */
  | 'AVAILABLE'
  /** Nothing at once; all of it later from confirmed supply. */
  | 'BACKORDER'
  /** Relies on the replenishment lead time: no confirmed supply. */
  | 'LEAD_TIME'
  /** Part at once, the rest later (partial delivery). */
  | 'PARTIAL'
  /** The ERP could not answer in time: see caveats; nothing is promised. */
  | 'UNKNOWN';

export type CartLine = {
  __typename?: 'CartLine';
  /** Promised for the line's requested date, else the cart's: the date the submit re-checks and the ERP schedules by. */
  availability?: Maybe<Availability>;
  /** The line's own requested date, else the cart's (owned by orders). */
  effectiveRequestedDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type Item = {
  __typename?: 'Item';
  /**
   * When the ERP can deliver this quantity (cumulative ATP): status, promise date, schedule lines,
   * caveats. `warehouse` defaults to the account's ship-from warehouse.
   */
  availability: Availability;
  discontinued: Scalars['Boolean']['output'];
  /** Replenishment lead time in working days. */
  leadTimeDays: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  sku: Scalars['ID']['output'];
  /** The item that replaces a discontinued one. */
  successor?: Maybe<Item>;
  /** Unit of measure (EA, M, BX, ...). */
  uom: Scalars['String']['output'];
};


export type ItemAvailabilityArgs = {
  quantity: Scalars['Int']['input'];
  requestedDate?: InputMaybe<Scalars['Date']['input']>;
  warehouse?: InputMaybe<Scalars['ID']['input']>;
};

export type ItemConnection = {
  __typename?: 'ItemConnection';
  edges: Array<ItemEdge>;
  nodes: Array<Item>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ItemEdge = {
  __typename?: 'ItemEdge';
  cursor: Scalars['String']['output'];
  node: Item;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One item by SKU, or null if there is no such item. */
  item?: Maybe<Item>;
  /** Items for quick order entry: search matches SKU prefix or words of the name; cursor pagination. */
  items: ItemConnection;
};


export type QueryItemArgs = {
  sku: Scalars['ID']['input'];
};


export type QueryItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

export type ScheduleLine = {
  __typename?: 'ScheduleLine';
  /** When the material leaves the warehouse's availability. */
  availableDate: Scalars['Date']['output'];
  /** Delivery date. */
  date: Scalars['Date']['output'];
  quantity: Scalars['Int']['output'];
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
  CartLine: CartLine;
  Item: Item;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  CartLine:
    ( { __typename: 'CartLine' }
    & GraphQLRecursivePick<FederationTypes['CartLine'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['CartLine'], {"sku":true,"quantity":true,"effectiveRequestedDate":true}> ) );
  Item:
    ( { __typename: 'Item' }
    & GraphQLRecursivePick<FederationTypes['Item'], {"sku":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Availability: ResolverTypeWrapper<AvailabilityView>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AvailabilityFreshness: AvailabilityFreshness;
  AvailabilityStatus: AvailabilityStatus;
  CartLine: ResolverTypeWrapper<CartLineRef>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Item: ResolverTypeWrapper<ItemEntity>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ItemConnection: ResolverTypeWrapper<Connection<ItemEntity>>;
  ItemEdge: ResolverTypeWrapper<Edge<ItemEntity>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ScheduleLine: ResolverTypeWrapper<ScheduleLine>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Availability: AvailabilityView;
  String: Scalars['String']['output'];
  Int: Scalars['Int']['output'];
  ID: Scalars['ID']['output'];
  CartLine: CartLineRef;
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Item: ItemEntity;
  Boolean: Scalars['Boolean']['output'];
  ItemConnection: Connection<ItemEntity>;
  ItemEdge: Edge<ItemEntity>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  ScheduleLine: ScheduleLine;
};

export type AvailabilityResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Availability'] = ResolversParentTypes['Availability']> = {
  atpDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  caveats?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  checkedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  cutoffAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  freshness?: Resolver<ResolversTypes['AvailabilityFreshness'], ParentType, ContextType>;
  leadTimeDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  materialAvailabilityDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  onHandHint?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  promisedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  requestedDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  scheduleLines?: Resolver<Array<ResolversTypes['ScheduleLine']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['AvailabilityStatus'], ParentType, ContextType>;
  warehouse?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type CartLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine'], FederationReferenceType extends FederationReferenceTypes['CartLine'] = FederationReferenceTypes['CartLine']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CartLine']> | FederationReferenceType, FederationReferenceType, ContextType>;
  availability?: Resolver<Maybe<ResolversTypes['Availability']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type ItemResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item'], FederationReferenceType extends FederationReferenceTypes['Item'] = FederationReferenceTypes['Item']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Item']> | FederationReferenceType, FederationReferenceType, ContextType>;
  availability?: Resolver<ResolversTypes['Availability'], ParentType, ContextType, RequireFields<ItemAvailabilityArgs, 'quantity'>>;
  discontinued?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  leadTimeDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  successor?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  uom?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ItemConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ItemConnection'] = ResolversParentTypes['ItemConnection']> = {
  edges?: Resolver<Array<ResolversTypes['ItemEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ItemEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ItemEdge'] = ResolversParentTypes['ItemEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<QueryItemArgs, 'sku'>>;
  items?: Resolver<ResolversTypes['ItemConnection'], ParentType, ContextType, Partial<QueryItemsArgs>>;
};

export type ScheduleLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ScheduleLine'] = ResolversParentTypes['ScheduleLine']> = {
  availableDate?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Availability?: AvailabilityResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Item?: ItemResolvers<ContextType>;
  ItemConnection?: ItemConnectionResolvers<ContextType>;
  ItemEdge?: ItemEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ScheduleLine?: ScheduleLineResolvers<ContextType>;
};

