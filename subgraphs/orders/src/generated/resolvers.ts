import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Viewer as AuthViewer } from '@portal/platform/auth';
import type { PortalUserEntity, AccountEntity, CartEntity, CartLineEntity, OrderEntity, OrderLineEntity, ShipmentEntity } from '../entities/index.js';
import type { Connection, Edge } from '@portal/platform/connection';
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
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** The viewer's own spending limit in the account currency; null = no limit. */
  spendingLimit?: Maybe<Money>;
  users: Array<User>;
};

export type ApprovalRequired = {
  __typename?: 'ApprovalRequired';
  cart: Cart;
  spendingLimit: Scalars['Decimal']['output'];
  total: Scalars['Decimal']['output'];
};

export type ApproveCartResult = CartLocked | CartNotFound | InvalidInput | OrderSubmitted;

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
  status: CartStatus;
};

export type CartApproval = {
  __typename?: 'CartApproval';
  comment?: Maybe<Scalars['String']['output']>;
  decidedAt: Scalars['DateTime']['output'];
  decidedBy: Scalars['ID']['output'];
};

export type CartLine = {
  __typename?: 'CartLine';
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

export type CartStatus =
  | 'ACTIVE'
  | 'APPROVED'
  | 'PENDING_APPROVAL'
  | 'REJECTED'
  | 'SAVED'
  | 'SUBMITTED';

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

/** Expected failures are data: every error type implements ErrorResult. */
export type ErrorResult = {
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
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
  /** Reject a cart waiting for approval (one rejection rejects). */
  rejectCart: RejectCartResult;
  removeCartLines: CartResult;
  /** A new cart with an earlier order's lines; discontinued items are replaced by their successors or flagged. */
  reorder: ReorderResult;
  /** Keep the cart under a name for later (status SAVED). */
  saveCart: CartResult;
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


export type MutationSaveCartArgs = {
  cartId: Scalars['ID']['input'];
  name: Scalars['String']['input'];
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

export type Order = {
  __typename?: 'Order';
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  currency: Scalars['String']['output'];
  erpOrderNumber?: Maybe<Scalars['String']['output']>;
  /** Why the ERP holds the order (e.g. CREDIT_LIMIT_EXCEEDED), when it does. */
  holdReason?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  lines: Array<OrderLine>;
  number: Scalars['String']['output'];
  placedAt: Scalars['DateTime']['output'];
  /** Deliveries, per package with carrier tracking. */
  shipments: Array<Shipment>;
  status: OrderStatus;
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
  confirmedQuantity: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  invoicedQuantity: Scalars['Int']['output'];
  item: Item;
  lineNo: Scalars['Int']['output'];
  quantity: Scalars['Int']['output'];
  shippedQuantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type OrderNotFound = ErrorResult & {
  __typename?: 'OrderNotFound';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
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

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PriceChange = {
  __typename?: 'PriceChange';
  lineId: Scalars['ID']['output'];
  newNetAmount?: Maybe<Scalars['Decimal']['output']>;
  newUnitPrice?: Maybe<Scalars['Decimal']['output']>;
  oldNetAmount?: Maybe<Scalars['Decimal']['output']>;
  oldUnitPrice?: Maybe<Scalars['Decimal']['output']>;
  quantity: Scalars['Int']['output'];
  sku: Scalars['ID']['output'];
};

export type PriceChanged = ErrorResult & {
  __typename?: 'PriceChanged';
  cart: Cart;
  changes: Array<PriceChange>;
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
  /** The fresh quote (the ERP's prices): submit again with it to accept. */
  quoteId: Scalars['ID']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A cart of the viewer's account (analysts: any account); null if not found or not visible. */
  cart?: Maybe<Cart>;
  /** The viewer's account's carts; `SAVED` lists saved carts. */
  carts: Array<Cart>;
  /** The signed-in user, their roles and account (from the token, never from arguments). */
  me: Viewer;
  /** An order of the viewer's account (analysts: any account); null if not found or not visible. */
  order?: Maybe<Order>;
  /** The viewer's account's orders, newest first. */
  orders: OrderConnection;
  /** Carts of the viewer's account waiting for approval (approvers and admins). */
  pendingApprovals: Array<Cart>;
};


export type QueryCartArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCartsArgs = {
  status?: InputMaybe<CartStatus>;
};


export type QueryOrderArgs = {
  id: Scalars['ID']['input'];
};


export type QueryOrdersArgs = {
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

export type Role =
  | 'ADMIN'
  | 'ANALYST'
  | 'APPROVER'
  | 'BUYER';

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

export type SubmitCartResult = ApprovalRequired | AvailabilityChanged | OrderSubmitted | PriceChanged | SubmitRejected;

export type SubmitRejected = ErrorResult & {
  __typename?: 'SubmitRejected';
  errorCode: Scalars['String']['output'];
  message: Scalars['String']['output'];
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
  /** Orders above this need approval; null = no limit. */
  spendingLimit?: Maybe<Money>;
};

export type Viewer = {
  __typename?: 'Viewer';
  account: Account;
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
    | ( CartLocked )
    | ( CartNotFound )
    | ( InvalidInput )
    | ( Omit<OrderSubmitted, 'order'> & { order: _RefType['Order'] } )
  ;
  CartResult:
    | ( CartEntity )
    | ( CartLocked )
    | ( CartNotFound )
    | ( DiscontinuedItem )
    | ( InvalidInput )
    | ( InvalidQuantity )
    | ( UnknownSku )
  ;
  CreateCartResult:
    | ( CartEntity )
    | ( InvalidInput )
  ;
  RejectCartResult:
    | ( CartEntity )
    | ( CartLocked )
    | ( CartNotFound )
    | ( InvalidInput )
  ;
  ReorderResult:
    | ( OrderNotFound )
    | ( Omit<ReorderedCart, 'cart'> & { cart: _RefType['Cart'] } )
  ;
  SubmitCartResult:
    | ( Omit<ApprovalRequired, 'cart'> & { cart: _RefType['Cart'] } )
    | ( Omit<AvailabilityChanged, 'cart'> & { cart: _RefType['Cart'] } )
    | ( Omit<OrderSubmitted, 'order'> & { order: _RefType['Order'] } )
    | ( Omit<PriceChanged, 'cart'> & { cart: _RefType['Cart'] } )
    | ( SubmitRejected )
  ;
};

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = {
  ErrorResult:
    | ( Omit<AvailabilityChanged, 'cart'> & { cart: _RefType['Cart'] } )
    | ( CartLocked )
    | ( CartNotFound )
    | ( DiscontinuedItem )
    | ( InvalidInput )
    | ( InvalidQuantity )
    | ( OrderNotFound )
    | ( Omit<PriceChanged, 'cart'> & { cart: _RefType['Cart'] } )
    | ( SubmitRejected )
    | ( UnknownSku )
  ;
};

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Account: ResolverTypeWrapper<AccountEntity>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ApprovalRequired: ResolverTypeWrapper<Omit<ApprovalRequired, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  ApproveCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ApproveCartResult']>;
  AvailabilityChange: ResolverTypeWrapper<AvailabilityChange>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  AvailabilityChanged: ResolverTypeWrapper<Omit<AvailabilityChanged, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  Cart: ResolverTypeWrapper<CartEntity>;
  CartApproval: ResolverTypeWrapper<CartApproval>;
  CartLine: ResolverTypeWrapper<CartLineEntity>;
  CartLineInput: CartLineInput;
  CartLocked: ResolverTypeWrapper<CartLocked>;
  CartNotFound: ResolverTypeWrapper<CartNotFound>;
  CartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CartResult']>;
  CartStatus: CartStatus;
  CreateCartInput: CreateCartInput;
  CreateCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['CreateCartResult']>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Decimal: ResolverTypeWrapper<Scalars['Decimal']['output']>;
  DiscontinuedItem: ResolverTypeWrapper<DiscontinuedItem>;
  ErrorResult: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['ErrorResult']>;
  InvalidInput: ResolverTypeWrapper<InvalidInput>;
  InvalidQuantity: ResolverTypeWrapper<InvalidQuantity>;
  Item: ResolverTypeWrapper<Item>;
  Money: ResolverTypeWrapper<Money>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Order: ResolverTypeWrapper<OrderEntity>;
  OrderConnection: ResolverTypeWrapper<Connection<OrderEntity>>;
  OrderEdge: ResolverTypeWrapper<Edge<OrderEntity>>;
  OrderFilter: OrderFilter;
  OrderLine: ResolverTypeWrapper<OrderLineEntity>;
  OrderNotFound: ResolverTypeWrapper<OrderNotFound>;
  OrderStatus: OrderStatus;
  OrderSubmitted: ResolverTypeWrapper<Omit<OrderSubmitted, 'order'> & { order: ResolversTypes['Order'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PriceChange: ResolverTypeWrapper<PriceChange>;
  PriceChanged: ResolverTypeWrapper<Omit<PriceChanged, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RejectCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['RejectCartResult']>;
  ReorderReplacement: ResolverTypeWrapper<ReorderReplacement>;
  ReorderResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['ReorderResult']>;
  ReorderedCart: ResolverTypeWrapper<Omit<ReorderedCart, 'cart'> & { cart: ResolversTypes['Cart'] }>;
  Role: Role;
  Shipment: ResolverTypeWrapper<ShipmentEntity>;
  ShipmentLine: ResolverTypeWrapper<ShipmentLine>;
  ShipmentPackage: ResolverTypeWrapper<ShipmentPackage>;
  SubmitCartInput: SubmitCartInput;
  SubmitCartResult: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['SubmitCartResult']>;
  SubmitRejected: ResolverTypeWrapper<SubmitRejected>;
  UnknownSku: ResolverTypeWrapper<UnknownSku>;
  User: ResolverTypeWrapper<PortalUserEntity>;
  Viewer: ResolverTypeWrapper<AuthViewer>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Account: AccountEntity;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  ApprovalRequired: Omit<ApprovalRequired, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  ApproveCartResult: ResolversUnionTypes<ResolversParentTypes>['ApproveCartResult'];
  AvailabilityChange: AvailabilityChange;
  Int: Scalars['Int']['output'];
  AvailabilityChanged: Omit<AvailabilityChanged, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  Cart: CartEntity;
  CartApproval: CartApproval;
  CartLine: CartLineEntity;
  CartLineInput: CartLineInput;
  CartLocked: CartLocked;
  CartNotFound: CartNotFound;
  CartResult: ResolversUnionTypes<ResolversParentTypes>['CartResult'];
  CreateCartInput: CreateCartInput;
  CreateCartResult: ResolversUnionTypes<ResolversParentTypes>['CreateCartResult'];
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Decimal: Scalars['Decimal']['output'];
  DiscontinuedItem: DiscontinuedItem;
  ErrorResult: ResolversInterfaceTypes<ResolversParentTypes>['ErrorResult'];
  InvalidInput: InvalidInput;
  InvalidQuantity: InvalidQuantity;
  Item: Item;
  Money: Money;
  Mutation: Record<PropertyKey, never>;
  Order: OrderEntity;
  OrderConnection: Connection<OrderEntity>;
  OrderEdge: Edge<OrderEntity>;
  OrderFilter: OrderFilter;
  OrderLine: OrderLineEntity;
  OrderNotFound: OrderNotFound;
  OrderSubmitted: Omit<OrderSubmitted, 'order'> & { order: ResolversParentTypes['Order'] };
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  PriceChange: PriceChange;
  PriceChanged: Omit<PriceChanged, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  Query: Record<PropertyKey, never>;
  RejectCartResult: ResolversUnionTypes<ResolversParentTypes>['RejectCartResult'];
  ReorderReplacement: ReorderReplacement;
  ReorderResult: ResolversUnionTypes<ResolversParentTypes>['ReorderResult'];
  ReorderedCart: Omit<ReorderedCart, 'cart'> & { cart: ResolversParentTypes['Cart'] };
  Shipment: ShipmentEntity;
  ShipmentLine: ShipmentLine;
  ShipmentPackage: ShipmentPackage;
  SubmitCartInput: SubmitCartInput;
  SubmitCartResult: ResolversUnionTypes<ResolversParentTypes>['SubmitCartResult'];
  SubmitRejected: SubmitRejected;
  UnknownSku: UnknownSku;
  User: PortalUserEntity;
  Viewer: AuthViewer;
};

export type AccountResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Account'] = ResolversParentTypes['Account'], FederationReferenceType extends FederationReferenceTypes['Account'] = FederationReferenceTypes['Account']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Account']> | FederationReferenceType, FederationReferenceType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  spendingLimit?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  users?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
};

export type ApprovalRequiredResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApprovalRequired'] = ResolversParentTypes['ApprovalRequired']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  spendingLimit?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type ApproveCartResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApproveCartResult'] = ResolversParentTypes['ApproveCartResult']> = {
  __resolveType: TypeResolveFn<'CartLocked' | 'CartNotFound' | 'InvalidInput' | 'OrderSubmitted', ParentType, ContextType>;
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

export type CartResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Cart'] = ResolversParentTypes['Cart'], FederationReferenceType extends FederationReferenceTypes['Cart'] = FederationReferenceTypes['Cart']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Cart']> | FederationReferenceType, FederationReferenceType, ContextType>;
  approval?: Resolver<Maybe<ResolversTypes['CartApproval']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['CartLine']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  requestedDeliveryDate?: Resolver<Maybe<ResolversTypes['Date']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['CartStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type CartApprovalResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartApproval'] = ResolversParentTypes['CartApproval']> = {
  comment?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decidedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  decidedBy?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type CartLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CartLine'] = ResolversParentTypes['CartLine'], FederationReferenceType extends FederationReferenceTypes['CartLine'] = FederationReferenceTypes['CartLine']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['CartLine']> | FederationReferenceType, FederationReferenceType, ContextType>;
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

export type ErrorResultResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ErrorResult'] = ResolversParentTypes['ErrorResult']> = {
  __resolveType: TypeResolveFn<'AvailabilityChanged' | 'CartLocked' | 'CartNotFound' | 'DiscontinuedItem' | 'InvalidInput' | 'InvalidQuantity' | 'OrderNotFound' | 'PriceChanged' | 'SubmitRejected' | 'UnknownSku', ParentType, ContextType>;
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

export type MoneyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = {
  amount?: Resolver<ResolversTypes['Decimal'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addCartLines?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationAddCartLinesArgs, 'cartId' | 'lines'>>;
  approveCart?: Resolver<ResolversTypes['ApproveCartResult'], ParentType, ContextType, RequireFields<MutationApproveCartArgs, 'cartId'>>;
  createCart?: Resolver<ResolversTypes['CreateCartResult'], ParentType, ContextType, Partial<MutationCreateCartArgs>>;
  rejectCart?: Resolver<ResolversTypes['RejectCartResult'], ParentType, ContextType, RequireFields<MutationRejectCartArgs, 'cartId' | 'reason'>>;
  removeCartLines?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationRemoveCartLinesArgs, 'cartId' | 'lineIds'>>;
  reorder?: Resolver<ResolversTypes['ReorderResult'], ParentType, ContextType, RequireFields<MutationReorderArgs, 'orderId'>>;
  saveCart?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationSaveCartArgs, 'cartId' | 'name'>>;
  submitCart?: Resolver<ResolversTypes['SubmitCartResult'], ParentType, ContextType, RequireFields<MutationSubmitCartArgs, 'input'>>;
  updateCartLine?: Resolver<ResolversTypes['CartResult'], ParentType, ContextType, RequireFields<MutationUpdateCartLineArgs, 'cartId' | 'lineId'>>;
};

export type OrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Order'] = ResolversParentTypes['Order'], FederationReferenceType extends FederationReferenceTypes['Order'] = FederationReferenceTypes['Order']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Order']> | FederationReferenceType, FederationReferenceType, ContextType>;
  acceptedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  erpOrderNumber?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  holdReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lines?: Resolver<Array<ResolversTypes['OrderLine']>, ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  placedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  shipments?: Resolver<Array<ResolversTypes['Shipment']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OrderStatus'], ParentType, ContextType>;
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

export type OrderLineResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderLine'] = ResolversParentTypes['OrderLine']> = {
  confirmedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invoicedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  lineNo?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  shippedQuantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type OrderNotFoundResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderNotFound'] = ResolversParentTypes['OrderNotFound']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type OrderSubmittedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['OrderSubmitted'] = ResolversParentTypes['OrderSubmitted']> = {
  order?: Resolver<ResolversTypes['Order'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PriceChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceChange'] = ResolversParentTypes['PriceChange']> = {
  lineId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  newNetAmount?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  newUnitPrice?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  oldNetAmount?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  oldUnitPrice?: Resolver<Maybe<ResolversTypes['Decimal']>, ParentType, ContextType>;
  quantity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sku?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type PriceChangedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceChanged'] = ResolversParentTypes['PriceChanged']> = {
  cart?: Resolver<ResolversTypes['Cart'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['PriceChange']>, ParentType, ContextType>;
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quoteId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  cart?: Resolver<Maybe<ResolversTypes['Cart']>, ParentType, ContextType, RequireFields<QueryCartArgs, 'id'>>;
  carts?: Resolver<Array<ResolversTypes['Cart']>, ParentType, ContextType, Partial<QueryCartsArgs>>;
  me?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
  order?: Resolver<Maybe<ResolversTypes['Order']>, ParentType, ContextType, RequireFields<QueryOrderArgs, 'id'>>;
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
  __resolveType: TypeResolveFn<'ApprovalRequired' | 'AvailabilityChanged' | 'OrderSubmitted' | 'PriceChanged' | 'SubmitRejected', ParentType, ContextType>;
};

export type SubmitRejectedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SubmitRejected'] = ResolversParentTypes['SubmitRejected']> = {
  errorCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
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
  account?: Resolver<ResolversTypes['Account'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Account?: AccountResolvers<ContextType>;
  ApprovalRequired?: ApprovalRequiredResolvers<ContextType>;
  ApproveCartResult?: ApproveCartResultResolvers<ContextType>;
  AvailabilityChange?: AvailabilityChangeResolvers<ContextType>;
  AvailabilityChanged?: AvailabilityChangedResolvers<ContextType>;
  Cart?: CartResolvers<ContextType>;
  CartApproval?: CartApprovalResolvers<ContextType>;
  CartLine?: CartLineResolvers<ContextType>;
  CartLocked?: CartLockedResolvers<ContextType>;
  CartNotFound?: CartNotFoundResolvers<ContextType>;
  CartResult?: CartResultResolvers<ContextType>;
  CreateCartResult?: CreateCartResultResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Decimal?: GraphQLScalarType;
  DiscontinuedItem?: DiscontinuedItemResolvers<ContextType>;
  ErrorResult?: ErrorResultResolvers<ContextType>;
  InvalidInput?: InvalidInputResolvers<ContextType>;
  InvalidQuantity?: InvalidQuantityResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Order?: OrderResolvers<ContextType>;
  OrderConnection?: OrderConnectionResolvers<ContextType>;
  OrderEdge?: OrderEdgeResolvers<ContextType>;
  OrderLine?: OrderLineResolvers<ContextType>;
  OrderNotFound?: OrderNotFoundResolvers<ContextType>;
  OrderSubmitted?: OrderSubmittedResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceChange?: PriceChangeResolvers<ContextType>;
  PriceChanged?: PriceChangedResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RejectCartResult?: RejectCartResultResolvers<ContextType>;
  ReorderReplacement?: ReorderReplacementResolvers<ContextType>;
  ReorderResult?: ReorderResultResolvers<ContextType>;
  ReorderedCart?: ReorderedCartResolvers<ContextType>;
  Shipment?: ShipmentResolvers<ContextType>;
  ShipmentLine?: ShipmentLineResolvers<ContextType>;
  ShipmentPackage?: ShipmentPackageResolvers<ContextType>;
  SubmitCartResult?: SubmitCartResultResolvers<ContextType>;
  SubmitRejected?: SubmitRejectedResolvers<ContextType>;
  UnknownSku?: UnknownSkuResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
};

