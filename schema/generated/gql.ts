/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query CartDetail($id: ID!) {\n  cart(id: $id) {\n    id\n    name\n    status\n    currency\n    lines {\n      id\n      sku\n      quantity\n      item {\n        name\n        uom\n        price(quantity: 1) {\n          unitPrice {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          basis {\n            source\n            contractId\n            priceListId\n            validFrom\n            validTo\n          }\n          components {\n            type\n            label\n            amount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery SavedCarts {\n  carts(status: SAVED) {\n    id\n    name\n    lines {\n      sku\n      quantity\n    }\n  }\n}": typeof types.CartDetailDocument,
    "query OrderHistory($first: Int = 10, $after: String) {\n  orders(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      status\n      placedAt\n      lines {\n        sku\n        quantity\n        shippedQuantity\n      }\n      invoices {\n        number\n        status\n        total {\n          amount\n          currency\n        }\n        balance {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": typeof types.OrderHistoryDocument,
    "query PortalOverview($first: Int = 2) {\n  me {\n    user {\n      id\n      name\n      role\n    }\n    account {\n      id\n      name\n      currency\n      openBalance {\n        amount\n        currency\n      }\n    }\n  }\n  items(first: $first) {\n    totalCount\n    nodes {\n      sku\n      name\n      uom\n      price(quantity: 1) {\n        unitPrice {\n          amount\n          currency\n        }\n        basis {\n          source\n        }\n      }\n    }\n  }\n  invoices(first: 1) {\n    totalCount\n  }\n}": typeof types.PortalOverviewDocument,
};
const documents: Documents = {
    "query CartDetail($id: ID!) {\n  cart(id: $id) {\n    id\n    name\n    status\n    currency\n    lines {\n      id\n      sku\n      quantity\n      item {\n        name\n        uom\n        price(quantity: 1) {\n          unitPrice {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          basis {\n            source\n            contractId\n            priceListId\n            validFrom\n            validTo\n          }\n          components {\n            type\n            label\n            amount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery SavedCarts {\n  carts(status: SAVED) {\n    id\n    name\n    lines {\n      sku\n      quantity\n    }\n  }\n}": types.CartDetailDocument,
    "query OrderHistory($first: Int = 10, $after: String) {\n  orders(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      status\n      placedAt\n      lines {\n        sku\n        quantity\n        shippedQuantity\n      }\n      invoices {\n        number\n        status\n        total {\n          amount\n          currency\n        }\n        balance {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}": types.OrderHistoryDocument,
    "query PortalOverview($first: Int = 2) {\n  me {\n    user {\n      id\n      name\n      role\n    }\n    account {\n      id\n      name\n      currency\n      openBalance {\n        amount\n        currency\n      }\n    }\n  }\n  items(first: $first) {\n    totalCount\n    nodes {\n      sku\n      name\n      uom\n      price(quantity: 1) {\n        unitPrice {\n          amount\n          currency\n        }\n        basis {\n          source\n        }\n      }\n    }\n  }\n  invoices(first: 1) {\n    totalCount\n  }\n}": types.PortalOverviewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CartDetail($id: ID!) {\n  cart(id: $id) {\n    id\n    name\n    status\n    currency\n    lines {\n      id\n      sku\n      quantity\n      item {\n        name\n        uom\n        price(quantity: 1) {\n          unitPrice {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          basis {\n            source\n            contractId\n            priceListId\n            validFrom\n            validTo\n          }\n          components {\n            type\n            label\n            amount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery SavedCarts {\n  carts(status: SAVED) {\n    id\n    name\n    lines {\n      sku\n      quantity\n    }\n  }\n}"): (typeof documents)["query CartDetail($id: ID!) {\n  cart(id: $id) {\n    id\n    name\n    status\n    currency\n    lines {\n      id\n      sku\n      quantity\n      item {\n        name\n        uom\n        price(quantity: 1) {\n          unitPrice {\n            amount\n            currency\n          }\n          netAmount {\n            amount\n            currency\n          }\n          basis {\n            source\n            contractId\n            priceListId\n            validFrom\n            validTo\n          }\n          components {\n            type\n            label\n            amount {\n              amount\n              currency\n            }\n          }\n        }\n      }\n    }\n  }\n}\n\nquery SavedCarts {\n  carts(status: SAVED) {\n    id\n    name\n    lines {\n      sku\n      quantity\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrderHistory($first: Int = 10, $after: String) {\n  orders(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      status\n      placedAt\n      lines {\n        sku\n        quantity\n        shippedQuantity\n      }\n      invoices {\n        number\n        status\n        total {\n          amount\n          currency\n        }\n        balance {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query OrderHistory($first: Int = 10, $after: String) {\n  orders(first: $first, after: $after) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      number\n      status\n      placedAt\n      lines {\n        sku\n        quantity\n        shippedQuantity\n      }\n      invoices {\n        number\n        status\n        total {\n          amount\n          currency\n        }\n        balance {\n          amount\n          currency\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PortalOverview($first: Int = 2) {\n  me {\n    user {\n      id\n      name\n      role\n    }\n    account {\n      id\n      name\n      currency\n      openBalance {\n        amount\n        currency\n      }\n    }\n  }\n  items(first: $first) {\n    totalCount\n    nodes {\n      sku\n      name\n      uom\n      price(quantity: 1) {\n        unitPrice {\n          amount\n          currency\n        }\n        basis {\n          source\n        }\n      }\n    }\n  }\n  invoices(first: 1) {\n    totalCount\n  }\n}"): (typeof documents)["query PortalOverview($first: Int = 2) {\n  me {\n    user {\n      id\n      name\n      role\n    }\n    account {\n      id\n      name\n      currency\n      openBalance {\n        amount\n        currency\n      }\n    }\n  }\n  items(first: $first) {\n    totalCount\n    nodes {\n      sku\n      name\n      uom\n      price(quantity: 1) {\n        unitPrice {\n          amount\n          currency\n        }\n        basis {\n          source\n        }\n      }\n    }\n  }\n  invoices(first: 1) {\n    totalCount\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;