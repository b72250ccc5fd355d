/**
 * Fault injection, so the portal's resilience can be tested against a misbehaving ERP: per
 * endpoint (route pattern, or `*` for all API routes) a latency (with jitter), an error rate
 * (HTTP 503), a timeout rate (the request hangs for `timeoutMs`, then the socket is dropped),
 * outage windows (every request fails with 503 while inside one), and a duplicate rate for the
 * change feed (an event already delivered is delivered again). Decisions use a seeded RNG so a
 * run can be replayed. Every injected fault is counted (`GET /admin/faults`).
 */
import type http from 'node:http';
import { z } from 'zod';
import { HttpError, type Route } from '@portal/platform/http';
import { rng } from './seed/random.js';

export const faultRuleSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  jitterMs: z.number().int().min(0).max(120_000).default(0),
  errorRate: z.number().min(0).max(1).default(0),
  timeoutRate: z.number().min(0).max(1).default(0),
  timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
  /** Outage windows as ISO instants (real time, not the business clock). */
  outages: z.array(z.object({ from: z.string().datetime(), to: z.string().datetime() })).default([]),
  /** Change feed only: probability that a page repeats an event already delivered. */
  duplicateRate: z.number().min(0).max(1).default(0),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const faultConfigSchema = z.object({
  seed: z.number().int().default(1),
  rules: z.record(z.string().min(1), faultRuleSchema).default({}),
});
export type FaultConfig = z.infer<typeof faultConfigSchema>;

export interface FaultCounters {
  latency: number;
  errors: number;
  timeouts: number;
  outages: number;
  duplicates: number;
}

export class FaultInjector {
  private config: FaultConfig = { seed: 1, rules: {} };
  private random = rng(1);
  readonly counters: FaultCounters = { latency: 0, errors: 0, timeouts: 0, outages: 0, duplicates: 0 };

  configure(input: unknown): FaultConfig {
    this.config = faultConfigSchema.parse(input);
    this.random = rng(this.config.seed);
    for (const k of Object.keys(this.counters) as (keyof FaultCounters)[]) this.counters[k] = 0;
    return this.config;
  }

  current(): FaultConfig {
    return this.config;
  }

  private rule(pattern: string): FaultRule | undefined {
    return this.config.rules[pattern] ?? this.config.rules['*'];
  }

  /** Should the feed repeat an event in this page? */
  duplicate(pattern: string): boolean {
    const rule = this.rule(pattern);
    if (!rule?.duplicateRate || this.random() >= rule.duplicateRate) return false;
    this.counters.duplicates++;
    return true;
  }

  /** Wrap a route so faults configured for `pattern` apply before it runs. */
  wrap(pattern: string, route: Route): Route {
    return async (req, res, scope, params) => {
      const rule = this.rule(pattern);
      if (rule) await this.apply(rule, req);
      await route(req, res, scope, params);
    };
  }

  private async apply(rule: FaultRule, req: http.IncomingMessage): Promise<void> {
    const now = Date.now();
    if (rule.outages.some((o) => Date.parse(o.from) <= now && now < Date.parse(o.to))) {
      this.counters.outages++;
      throw new HttpError(503, 'ERP_OUTAGE', 'ERP unavailable (injected outage)');
    }
    const delay = rule.latencyMs + (rule.jitterMs ? Math.floor(this.random() * rule.jitterMs) : 0);
    if (delay > 0) {
      this.counters.latency++;
      await new Promise((r) => setTimeout(r, delay));
    }
    if (rule.timeoutRate && this.random() < rule.timeoutRate) {
      this.counters.timeouts++;
      await new Promise((r) => setTimeout(r, rule.timeoutMs));
      req.socket.destroy();
      throw new HttpError(504, 'ERP_TIMEOUT', 'injected timeout');
    }
    if (rule.errorRate && this.random() < rule.errorRate) {
      this.counters.errors++;
      throw new HttpError(503, 'ERP_ERROR', 'injected error');
    }
  }
}
