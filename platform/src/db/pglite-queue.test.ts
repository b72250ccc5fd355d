import { describe, expect, it } from 'vitest';
import { copyTarget } from './pglite-queue.js';

describe('copyTarget', () => {
  it('splits a COPY target into its table and the columns it names', () => {
    expect(copyTarget('"pricing"."price_condition_staging" (id, version)')).toEqual({
      table: '"pricing"."price_condition_staging"',
      columns: 'id, version',
    });
    expect(copyTarget('c(id,name)')).toEqual({ table: 'c', columns: 'id,name' });
  });

  it('takes a parenthesis inside a quoted name as part of the name', () => {
    expect(copyTarget('"copy (target)" ("a (b)", c)')).toEqual({ table: '"copy (target)"', columns: '"a (b)", c' });
    expect(copyTarget('"copy (target)"')).toEqual({ table: '"copy (target)"', columns: null });
    expect(copyTarget(' plain ')).toEqual({ table: 'plain', columns: null });
  });
});
