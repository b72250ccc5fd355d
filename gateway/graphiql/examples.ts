/**
 * The example operations of schema/operations/*.graphql, one entry per operation, bundled into the
 * page at build time. Operations that need an id (a cart, an order) look one up with the viewer's
 * token when opened, so an example runs as it is.
 */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

export interface Example {
  name: string;
  title: string;
  description: string;
  kind: 'query' | 'mutation' | 'subscription';
  /** The operation's source text (with the comment above it). */
  query: string;
  /** Default variables; `lookup` ones are filled in when the example is opened. */
  variables(lookup: Lookup): Promise<Record<string, unknown>>;
}

export interface Lookup {
  /** A cart of the viewer's account, preferably one with lines. */
  cartId(): Promise<string | undefined>;
  /** The viewer's account's newest order. */
  orderId(): Promise<string | undefined>;
}

interface Meta {
  title: string;
  order: number;
  variables?: (lookup: Lookup) => Promise<Record<string, unknown>>;
}

const META: Record<string, Meta> = {
  PortalOverview: { title: 'Portal overview (all four subgraphs)', order: 1 },
  CartDetail: {
    title: 'Cart: price breakdown, ATP, totals',
    order: 2,
    variables: async (l) => ({ id: (await l.cartId()) ?? '<cart id>' }),
  },
  CartDetailDeferred: {
    title: 'Cart: prices first, availability deferred (@defer)',
    order: 2.5,
    variables: async (l) => ({ id: (await l.cartId()) ?? '<cart id>' }),
  },
  OrderTimeline: { title: 'Order timeline', order: 3, variables: async (l) => ({ id: (await l.orderId()) ?? '<order id>' }) },
  OrderHistory: { title: 'Order history with invoices', order: 4, variables: async () => ({ first: 5 }) },
  OpenInvoices: { title: 'Invoices: open balance and aging', order: 5, variables: async () => ({ first: 10 }) },
  OrderUpdates: {
    title: 'Live order updates (subscription)',
    order: 6,
    variables: async (l) => ({ orderId: (await l.orderId()) ?? '<order id>' }),
  },
  SavedCarts: { title: 'Saved carts', order: 7 },
  // Analysts (a token with the analyst role reads every account; other roles see their own).
  OrdersByStatus: { title: 'Analysts: orders by status, last 30 days, all accounts', order: 8 },
  OverdueAccounts: {
    title: 'Analysts: which accounts have overdue invoices, and how much',
    order: 9,
    // As of 60 days on: fresh demo invoices are not due yet today.
    variables: async () => ({ asOf: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) }),
  },
  ReceivablesAging: { title: 'Analysts: receivables aging and DSO by account', order: 10 },
  OnTimeDelivery: { title: 'Analysts: on-time delivery and promise accuracy', order: 11 },
  TopItems: { title: 'Analysts: top items per currency', order: 12 },
  AccountsDirectory: { title: 'Analysts: accounts with what each owes', order: 13 },
  OrdersAcrossAccounts: { title: 'Analysts: newest orders of every account', order: 14 },
  ReportsViewer: { title: 'Reports page: viewer and accounts', order: 15 },
};

const SOURCES = import.meta.glob<string>('../../schema/operations/*.graphql', { query: '?raw', import: 'default', eager: true });

/** The `#` comment lines right above a definition. */
function leadingComment(source: string, start: number): string {
  const lines = source.slice(0, start).split('\n');
  lines.pop(); // the definition's own line, up to its start
  const comment: string[] = [];
  while (lines.length && lines[lines.length - 1]!.trimStart().startsWith('#')) comment.unshift(lines.pop()!);
  return comment.join('\n');
}

function examplesOf(source: string): Example[] {
  return parse(source)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && !!d.name && !!d.loc)
    .map((def) => {
      const name = def.name!.value;
      const comment = leadingComment(source, def.loc!.start);
      const meta = META[name];
      return {
        name,
        title: meta?.title ?? name,
        description: comment
          .replace(/^\s*#\s?/gm, '')
          .replace(/\s+/g, ' ')
          .trim(),
        kind: def.operation,
        query: `${comment ? `${comment}\n` : ''}${source.slice(def.loc!.start, def.loc!.end)}\n`,
        variables: meta?.variables ?? (async () => ({})),
      };
    });
}

export const EXAMPLES: Example[] = Object.values(SOURCES)
  .flatMap(examplesOf)
  .sort((a, b) => (META[a.name]?.order ?? 99) - (META[b.name]?.order ?? 99) || a.name.localeCompare(b.name));
