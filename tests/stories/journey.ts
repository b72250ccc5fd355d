/**
 * Story-test helpers: personas that talk to the gateway only (GraphQL over HTTP with their demo
 * token, signed document links), and a journey log printed once per file so CI output reads as
 * the story, one line per step with its key figure.
 */
import { print, type DocumentNode } from 'graphql';
import { createReferenceErpAdmin } from '@portal/erp/admin';
import { DEV_ERP_API_KEY } from '@portal/reference-erp/config';
import { gql } from '../support/graphql.js';
import type { TestStack } from '../support/stack.js';

export type Role = 'buyer' | 'approver' | 'admin' | 'analyst' | 'credit_controller';

export interface Persona {
  name: string;
  accountId: string;
  role: Role;
  token: string;
  /** Runs one operation through the gateway; GraphQL errors fail the step with their codes. */
  run<T = any>(query: string | DocumentNode, variables?: Record<string, unknown>): Promise<T>;
  /** Downloads a signed document link on the gateway's origin. */
  download(url: string): Promise<{ status: number; contentType: string | null; bytes: Buffer }>;
}

export function persona(stack: TestStack, name: string, accountId: string, role: Role): Persona {
  const token = stack.token(accountId, role);
  return {
    name,
    accountId,
    role,
    token,
    async run(query, variables = {}) {
      const text = typeof query === 'string' ? query : print(query);
      const r = await gql(stack.gatewayUrl, text, { token, variables });
      if (r.body.errors?.length || !r.body.data)
        throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body.errors ?? r.body)} for ${text.slice(0, 120)}`);
      return r.body.data;
    },
    async download(url) {
      const res = await fetch(new URL(url, new URL(stack.gatewayUrl).origin));
      return { status: res.status, contentType: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
    },
  };
}

/** The ERP's back office (business clock, billing clerk, pricing clerk): the reference ERP's admin API. */
export const backOffice = (stack: TestStack) => createReferenceErpAdmin({ baseUrl: stack.services.erp.url, apiKey: DEV_ERP_API_KEY });

export class JourneyLog {
  private readonly lines: string[] = [];
  private readonly started = Date.now();
  constructor(private readonly title: string) {}
  step(who: string, what: string, figure = ''): void {
    const t = ((Date.now() - this.started) / 1000).toFixed(1).padStart(5);
    this.lines.push(`${t}s  ${who.padEnd(14)} ${what}${figure ? ` — ${figure}` : ''}`);
  }
  print(): void {
    console.log([`── ${this.title} ──`, ...this.lines].join('\n'));
  }
}

/** Polls until `fn` returns something truthy (or fails with the last value seen). */
export async function eventually<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    const v = await fn();
    if (v) return v;
    last = v;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
