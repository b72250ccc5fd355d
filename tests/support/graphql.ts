/** A minimal GraphQL-over-HTTP client for tests: returns status, headers and the parsed body. */
export interface GraphQLResponse<D = any> {
  status: number;
  headers: Headers;
  body: { data?: D; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[] };
}

export async function gql<D = any>(
  url: string,
  query: string,
  opts: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<D>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables: opts.variables ?? {} }),
  });
  const text = await res.text();
  let body: GraphQLResponse<D>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<D>['body'];
  } catch {
    throw new Error(`non-JSON response (${res.status}): ${text.slice(0, 300)}`);
  }
  return { status: res.status, headers: res.headers, body };
}

export const errorCodes = (r: GraphQLResponse) => (r.body.errors ?? []).map((e) => e.extensions?.code);
