/**
 * The gateway's GraphiQL page (served at /graphiql, built by build.ts): GraphiQL 5 with the
 * headers editor open and prefilled with an Authorization template (or the token passed as
 * `#token=…`, which `pnpm start` prints), a fetcher that sends queries to POST /graphql and
 * subscriptions over graphql-ws with that token, and an "Examples" panel that opens each operation
 * of schema/operations in a new tab with working variables. No CDN: everything is bundled.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './page.css';
import { StarIcon, useGraphiQL, useGraphiQLActions, type GraphiQLPlugin } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES, type Example, type Lookup } from './examples.js';
import { authorizationOf, createPortalFetcher, httpUrl } from './fetcher.js';

const TOKEN_HINT = '<paste a token from pnpm run token --json>';

/** A token handed over in the URL fragment (never sent to the server) is taken, then removed from the address bar. */
function tokenFromFragment(): string | undefined {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
  if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}

const headersJson = (token: string) => JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);

function parseHeaders(text: string | null | undefined): Record<string, string> {
  try {
    const parsed = JSON.parse(text?.trim() || '{}') as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

async function request<T>(headers: Record<string, string>, query: string): Promise<T> {
  const res = await fetch(httpUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return body.data;
}

/** Looks up ids for an example's variables; a failure is reported and leaves a placeholder. */
function lookupWith(headers: Record<string, string>, problems: string[]): Lookup {
  const attempt = async <T>(query: string, pick: (data: T) => string | undefined) => {
    try {
      return pick(await request<T>(headers, query));
    } catch (err) {
      problems.push((err as Error).message);
      return undefined;
    }
  };
  return {
    cartId: () =>
      attempt<{ carts: { id: string; lines: unknown[] }[] }>(
        '{ carts { id lines { id } } }',
        ({ carts }) => (carts.find((c) => c.lines.length) ?? carts[0])?.id,
      ),
    orderId: () =>
      attempt<{ orders: { nodes: { id: string }[] } }>('{ orders(first: 1) { nodes { id } } }', ({ orders }) => orders.nodes[0]?.id),
  };
}

function ExamplesPanel() {
  const headerEditor = useGraphiQL((s) => s.headerEditor);
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const { addTab, setOperationName } = useGraphiQLActions();
  const [status, setStatus] = useState<string>();
  // The editors come a moment after the page (their code loads on its own): an example opened
  // before would land in no editor, so the examples wait for them.
  const ready = Boolean(headerEditor && queryEditor && variableEditor);

  async function open(example: Example) {
    if (!headerEditor || !queryEditor || !variableEditor) return;
    const headersText = headerEditor.getValue();
    setStatus(`Opening ${example.title}…`);
    const problems: string[] = [];
    const variables = await example.variables(lookupWith(parseHeaders(headersText), problems));
    // A new tab starts with the default headers: carry the token the user pasted over.
    addTab();
    queryEditor.setValue(example.query);
    variableEditor.setValue(JSON.stringify(variables, null, 2));
    headerEditor.setValue(headersText);
    // GraphiQL derives the operation name from the editor a moment later; set it now so ▶ runs this one at once.
    setOperationName(example.name);
    setStatus(problems.length ? `Could not look up the example's ids (${problems[0]}): paste a token into Headers first.` : undefined);
  }

  return h(
    'div',
    { className: 'portal-examples' },
    h('h2', null, 'Examples'),
    h(
      'p',
      null,
      'Operations from ',
      h('code', null, 'schema/operations'),
      '. Put a token in Headers (',
      h('code', null, 'pnpm run token --json'),
      '), open an example, press ▶.',
    ),
    !ready || status ? h('p', { className: 'portal-status', role: 'status' }, ready ? status : 'Loading the editors…') : null,
    ...EXAMPLES.map((example) =>
      h(
        'button',
        { key: example.name, type: 'button', 'data-example': example.name, disabled: !ready, onClick: () => void open(example) },
        h('span', { className: 'portal-kind' }, example.kind),
        h('strong', null, example.title),
        example.description ? h('p', null, example.description) : null,
      ),
    ),
  );
}

const examplesPlugin: GraphiQLPlugin = { title: 'Examples', icon: () => h(StarIcon), content: ExamplesPanel };

/**
 * The active tab's headers, for the fetcher to send when GraphiQL gives it none: its first schema
 * fetch runs before the headers editor exists. Starts as the page's initial headers (the token
 * from `#token=`), then follows the tab.
 */
let tabHeaders: string | undefined;
function FollowTabHeaders() {
  const headers = useGraphiQL((s) => s.tabs[s.activeTabIndex]?.headers);
  useEffect(() => {
    if (typeof headers === 'string') tabHeaders = headers;
  }, [headers]);
  return null;
}

/** The schema is introspected with the headers' token: fetch it again when the token changes. */
function IntrospectOnTokenChange() {
  const auth = useGraphiQL((s) => authorizationOf(parseHeaders(s.tabs[s.activeTabIndex]?.headers)));
  const { introspect } = useGraphiQLActions();
  const last = useRef(auth);
  useEffect(() => {
    if (auth === last.current) return;
    last.current = auth;
    const timer = setTimeout(() => void introspect(), 300);
    return () => clearTimeout(timer);
  }, [auth, introspect]);
  return null;
}

const headers = headersJson(tokenFromFragment() ?? TOKEN_HINT);
tabHeaders = headers;
const overview = EXAMPLES.find((e) => e.name === 'PortalOverview');
const fetcher = createPortalFetcher({ fallbackHeaders: () => parseHeaders(tabHeaders) });

createRoot(document.getElementById('graphiql')!).render(
  h(
    GraphiQL,
    {
      fetcher,
      plugins: [examplesPlugin],
      visiblePlugin: examplesPlugin,
      defaultEditorToolsVisibility: 'headers',
      initialHeaders: headers,
      defaultHeaders: headers,
      defaultTabs: [{ query: overview?.query ?? '{ me { user { id } } }', headers }],
      // Tokens stay out of localStorage unless the user asks for it in the settings.
      shouldPersistHeaders: false,
    },
    h(GraphiQL.Logo, null, 'Order portal'),
    h(FollowTabHeaders),
    h(IntrospectOnTokenChange),
  ),
);
