/** Submissions (idempotency records) and the transactional outbox of ERP order creations. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Submission = defineEntity({
  name: 'Submission',
  tableName: 'submission',
  properties: (p) => ({
    /** `<accountId>:<idempotencyKey>` — keys are scoped to the account. */
    id: p.string().primary(),
    payloadHash: p.string(),
    /** IN_PROGRESS while the first request works; DONE with its result afterwards. */
    state: p.string(),
    result: p.json<Record<string, unknown>>().nullable(),
    orderId: p.string().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  }),
});
export type SubmissionEntity = InferEntity<typeof Submission>;

export const Outbox = defineEntity({
  name: 'Outbox',
  tableName: 'outbox',
  indexes: [{ properties: ['doneAt', 'nextAttemptAt'] }],
  properties: (p) => ({
    id: p.string().primary(),
    kind: p.string(),
    orderId: p.string(),
    payload: p.json<Record<string, unknown>>(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    nextAttemptAt: p.datetime(),
    doneAt: p.datetime().nullable(),
  }),
});
export type OutboxEntity = InferEntity<typeof Outbox>;
