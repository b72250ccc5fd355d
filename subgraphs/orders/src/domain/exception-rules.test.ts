import { describe, expect, it } from 'vitest';
import type { ErpSalesOrder, ErpSalesOrderLine } from '@portal/erp/port';
import { endedInErp, erpCommandFor, exceptionsFromErp, mayTake, priceMismatches } from './exception-rules.js';

const line = (over: Partial<ErpSalesOrderLine>): ErpSalesOrderLine => ({
  lineNo: 10,
  sku: 'A',
  quantity: 50,
  unitPrice: '1.00',
  netAmount: '50.00',
  status: 'CONFIRMED',
  confirmedQuantity: 50,
  shippedQuantity: 0,
  invoicedQuantity: 0,
  scheduleLines: [{ availableDate: '2026-01-05', deliveryDate: '2026-01-07', quantity: 50, basis: 'SUPPLY' }],
  proposedSku: null,
  components: [],
  ...over,
});
const order = (over: Partial<ErpSalesOrder>, lines: ErpSalesOrderLine[] = [line({})]): ErpSalesOrder => ({
  number: '4500000001',
  portalOrderId: 'p1',
  accountId: 'ACME',
  status: 'CONFIRMED',
  holdReason: null,
  placedAt: '2026-01-05T10:00:00Z',
  currency: 'USD',
  requestedDeliveryDate: null,
  warehouseId: 'WH-US',
  pricingDate: '2026-01-05',
  customerReference: null,
  netTotal: '50.00',
  freight: '0.00',
  lines,
  deliveries: [],
  invoices: [],
  ...over,
});

describe('order exceptions from the ERP order', () => {
  it('a plain confirmed order has none', () => {
    expect(exceptionsFromErp(order({}))).toEqual([]);
  });

  it('credit hold, with release (seller), a release request (buyer side) and cancel as actions', () => {
    const [e] = exceptionsFromErp(order({ status: 'ON_HOLD', holdReason: 'CREDIT_LIMIT_EXCEEDED' }));
    expect(e).toMatchObject({
      type: 'CREDIT_HOLD',
      lineNo: null,
      reasonCode: 'CREDIT_LIMIT_EXCEEDED',
      actions: ['RELEASE_CREDIT_HOLD', 'REQUEST_CREDIT_RELEASE', 'CANCEL_ORDER'],
    });
  });

  it('substitution, split delivery and backorder per line; cancelled and shipped lines have none', () => {
    const found = exceptionsFromErp(
      order({}, [
        line({ lineNo: 10, status: 'SUBSTITUTION_PROPOSED', proposedSku: 'B', scheduleLines: [] }),
        line({
          lineNo: 20,
          scheduleLines: [
            { availableDate: '2026-01-05', deliveryDate: '2026-01-07', quantity: 30, basis: 'SUPPLY' },
            { availableDate: '2026-01-09', deliveryDate: '2026-01-12', quantity: 20, basis: 'SUPPLY' },
          ],
        }),
        line({
          lineNo: 30,
          scheduleLines: [
            { availableDate: '2026-01-05', deliveryDate: '2026-01-07', quantity: 10, basis: 'SUPPLY' },
            { availableDate: '2026-02-05', deliveryDate: '2026-02-09', quantity: 40, basis: 'LEAD_TIME' },
          ],
        }),
        line({ lineNo: 40, status: 'CANCELLED', scheduleLines: [] }),
        line({
          lineNo: 50,
          shippedQuantity: 50,
          scheduleLines: [{ availableDate: 'x', deliveryDate: 'y', quantity: 1, basis: 'LEAD_TIME' }],
        }),
      ]),
    );
    expect(found.map((e) => [e.type, e.lineNo, e.reasonCode])).toEqual([
      ['SUBSTITUTION', 10, 'ITEM_DISCONTINUED'],
      ['PARTIAL', 20, 'SPLIT_DELIVERY'],
      ['LATE_CONFIRMATION', 20, 'CONFIRMED_AFTER_REQUESTED_DATE'],
      ['BACKORDER', 30, 'NO_SUPPLY_BEFORE_LEAD_TIME'],
    ]);
    expect(found[0]!.details).toMatchObject({ sku: 'A', proposedSku: 'B' });
    expect(found[3]!.details).toMatchObject({ deliveryDate: '2026-02-09' });
  });

  it('late confirmation: any quantity confirmed after the line’s date (its own, else the order’s, else the first confirmed)', () => {
    const split: ErpSalesOrderLine['scheduleLines'] = [
      { availableDate: '2026-01-05', deliveryDate: '2026-01-07', quantity: 30, basis: 'SUPPLY' },
      { availableDate: '2026-01-09', deliveryDate: '2026-01-12', quantity: 20, basis: 'SUPPLY' },
    ];
    const late = (o: ErpSalesOrder) => exceptionsFromErp(o).filter((e) => e.type === 'LATE_CONFIRMATION');
    // 50 wanted on d1, 30 on d1 and 20 on d5: the 20 are late.
    const [e] = late(order({}, [line({ scheduleLines: split })]));
    expect(e).toMatchObject({ lineNo: 10, actions: ['ACCEPT_DATE', 'CANCEL_LINE'] });
    expect(e!.details).toEqual({
      sku: 'A',
      quantity: 50,
      promisedDate: '2026-01-07',
      onTimeQuantity: 30,
      lateQuantity: 20,
      confirmedDate: '2026-01-12',
      late: [{ date: '2026-01-12', quantity: 20 }],
    });
    // One date, later than the order's requested date: all of it is late.
    const whole: ErpSalesOrderLine['scheduleLines'] = [
      { availableDate: '2026-01-09', deliveryDate: '2026-01-12', quantity: 50, basis: 'SUPPLY' },
    ];
    expect(late(order({ requestedDeliveryDate: '2026-01-08' }, [line({ scheduleLines: whole })]))[0]!.details).toMatchObject({
      promisedDate: '2026-01-08',
      onTimeQuantity: 0,
      lateQuantity: 50,
    });
    // The line's own date wins over the order's: wanted on the 12th, confirmed on the 12th.
    expect(
      late(order({ requestedDeliveryDate: '2026-01-08' }, [line({ requestedDeliveryDate: '2026-01-12', scheduleLines: whole })])),
    ).toEqual([]);
    // Confirmed by the date, or only at lead time (a backorder), or shipped: none.
    expect(late(order({ requestedDeliveryDate: '2026-01-15' }, [line({ scheduleLines: split })]))).toEqual([]);
    expect(late(order({}, [line({ scheduleLines: [{ ...split[1]!, basis: 'LEAD_TIME' }, split[0]!] })]))).toEqual([]);
    expect(late(order({}, [line({ scheduleLines: split, shippedQuantity: 50 })]))).toEqual([]);
  });

  it('says how an exception ended in the ERP', () => {
    expect(endedInErp('CREDIT_HOLD', null, order({}))).toBe('RELEASED_IN_ERP');
    expect(endedInErp('SUBSTITUTION', 10, order({}, [line({ sku: 'B' })]))).toBe('SUBSTITUTION_ACCEPTED');
    expect(endedInErp('PARTIAL', 10, order({}, [line({ shippedQuantity: 50 })]))).toBe('DELIVERED');
    expect(endedInErp('BACKORDER', 10, order({}, [line({ status: 'CANCELLED' })]))).toBe('LINE_CANCELLED');
    // The rest of a partly shipped line cancelled in the ERP: the ordered quantity stays, the cancelled part beside it.
    const rest = line({ status: 'SHIPPED', shippedQuantity: 30, cancelledQuantity: 20 });
    expect(endedInErp('PARTIAL', 10, order({}, [rest]))).toBe('LINE_CANCELLED');
    expect(
      exceptionsFromErp(
        order({}, [
          { ...rest, scheduleLines: [line({}).scheduleLines[0]!, { ...line({}).scheduleLines[0]!, deliveryDate: '2026-02-01' }] },
        ]),
      ),
    ).toEqual([]);
    expect(endedInErp('PARTIAL', 10, order({ status: 'CANCELLED' }))).toBe('ORDER_CANCELLED');
  });

  it('roles and ERP commands per action', () => {
    expect(mayTake('RELEASE_CREDIT_HOLD', ['buyer'])).toBe(false);
    expect(mayTake('RELEASE_CREDIT_HOLD', ['approver'])).toBe(false);
    expect(mayTake('RELEASE_CREDIT_HOLD', ['admin'])).toBe(false);
    expect(mayTake('RELEASE_CREDIT_HOLD', ['credit_controller'])).toBe(true);
    expect(mayTake('REQUEST_CREDIT_RELEASE', ['buyer'])).toBe(true);
    expect(mayTake('CANCEL_ORDER', ['credit_controller'])).toBe(false);
    expect(mayTake('ACCEPT_SUBSTITUTION', ['buyer'])).toBe(true);
    expect(mayTake('CANCEL_LINE', ['analyst'])).toBe(false);
    expect(erpCommandFor('ACCEPT_SUBSTITUTION', 10)).toEqual({ kind: 'acceptSubstitution', lineNo: 10 });
    expect(erpCommandFor('CANCEL_LINE', 20)).toEqual({ kind: 'cancelLine', lineNo: 20 });
    expect(erpCommandFor('ACCEPT_PARTIAL', 20)).toBeNull();
    expect(erpCommandFor('RELEASE_CREDIT_HOLD', null)).toEqual({ kind: 'releaseCreditHold' });
    expect(erpCommandFor('ACCEPT_PRICE', null)).toBeNull();
  });

  it('compares the acknowledged prices with the accepted quote line by line', () => {
    const quote = [
      { sku: 'A', quantity: 2, unitPrice: '10.00' },
      { sku: 'B', quantity: 1, unitPrice: '5.50' },
    ];
    expect(
      priceMismatches(quote, [
        { lineNo: 20, sku: 'B', quantity: 1, unitPrice: '5.5' },
        { lineNo: 10, sku: 'A', quantity: 2, unitPrice: '10' },
      ]),
    ).toEqual([]);
    expect(
      priceMismatches(quote, [
        { lineNo: 10, sku: 'A', quantity: 2, unitPrice: '10.00' },
        { lineNo: 20, sku: 'B', quantity: 1, unitPrice: '6.00' },
      ]),
    ).toEqual([{ lineNo: 20, sku: 'B', quantity: 1, quotedUnitPrice: '5.50', erpUnitPrice: '6.00' }]);
  });
});
