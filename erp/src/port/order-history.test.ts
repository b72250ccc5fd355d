import { describe, expect, it } from 'vitest';
import { billingOccurredAt, confirmationContent, documentFlowFacts, invoiceNotBefore, orderFactKey } from './order-history.js';
import type { ErpDocumentFlow, ErpOrderVersion, ErpSalesOrder } from './types.js';

const line = (confirmedQuantity: number, schedule: [string, number][] = []) => ({
  lineNo: 10,
  sku: 'ATP-DEMO-1',
  quantity: 50,
  confirmedQuantity,
  status: 'OPEN',
  scheduleLines: schedule.map(([d, q]) => ({ availableDate: d, deliveryDate: d, quantity: q, basis: 'SUPPLY' as const })),
});
const version = (
  id: string,
  at: string,
  status: string,
  l = line(50, [
    ['2026-11-03', 30],
    ['2026-11-09', 20],
  ]),
  holdReason: string | null = null,
): ErpOrderVersion => ({
  id,
  at,
  status,
  holdReason,
  lines: [l],
});

function flow(versions: ErpOrderVersion[], extra: Partial<ErpDocumentFlow> = {}): ErpDocumentFlow {
  const order = { number: '4500000005', portalOrderId: 'erp:4500000005', placedAt: '2026-11-02T09:00:00.000Z' } as ErpSalesOrder;
  return { order, versions, deliveries: [], invoices: [], creditMemos: [], payments: [], ...extra };
}

describe('documentFlowFacts', () => {
  it('one confirmation however often the order changes after it; status changes and holds by the change that made them', () => {
    const facts = documentFlowFacts(
      flow([
        version('e1', '2026-11-02T09:00:00.000Z', 'RECEIVED', line(0)),
        version('e2', '2026-11-02T09:05:00.000Z', 'ON_HOLD', line(0), 'CREDIT_LIMIT_EXCEEDED'),
        version('e3', '2026-11-03T08:00:00.000Z', 'CONFIRMED'),
        version('e4', '2026-11-04T08:00:00.000Z', 'PARTIALLY_SHIPPED'),
        version('e5', '2026-11-09T08:00:00.000Z', 'COMPLETED'),
      ]),
    );
    expect(facts.map((f) => [f.type, f.key, f.occurredAt])).toEqual([
      ['order.created', 'ack:erp:4500000005', '2026-11-02T09:00:00.000Z'],
      ['order.status_changed', 'erp:e2:status', '2026-11-02T09:05:00.000Z'],
      [
        'order.confirmed',
        orderFactKey.confirmation('erp:4500000005', [
          line(50, [
            ['2026-11-03', 30],
            ['2026-11-09', 20],
          ]),
        ]),
        '2026-11-03T08:00:00.000Z',
      ],
      ['order.status_changed', 'erp:e3:status', '2026-11-03T08:00:00.000Z'],
      ['order.status_changed', 'erp:e4:status', '2026-11-04T08:00:00.000Z'],
      ['order.status_changed', 'erp:e5:status', '2026-11-09T08:00:00.000Z'],
    ]);
  });

  it('dates documents by themselves: an invoice not before the delivery it bills, a credit memo not before its invoice', () => {
    const delivery = {
      number: '8000000001',
      orderNumber: '4500000005',
      portalOrderId: null,
      accountId: 'ACME',
      warehouseId: 'CHI',
      carrierId: 'UPS',
      trackingNumber: '1Z8000000001',
      trackingUrl: null,
      status: 'DELIVERED',
      shippedAt: '2026-11-04T00:24:51.000Z',
      plannedDeliveryDate: '2026-11-06',
      deliveredAt: '2026-11-06T10:00:00.000Z',
      lines: [],
      packages: [],
    };
    const invoice = {
      number: '9000000001',
      accountId: 'ACME',
      orderNumber: '4500000005',
      deliveryNumber: '8000000001',
      portalOrderId: 'erp:4500000005',
      currency: 'USD',
      issuedAt: '2026-11-04',
      dueDate: '2026-12-04',
      total: '100.00',
      balance: '0.00',
      status: 'PAID',
      lines: [],
    };
    const facts = documentFlowFacts(
      flow([version('e1', '2026-11-02T09:00:00.000Z', 'CONFIRMED')], {
        deliveries: [delivery],
        invoices: [invoice],
        creditMemos: [
          {
            number: 'CM1',
            accountId: 'ACME',
            invoiceNumber: '9000000001',
            orderNumber: '4500000005',
            portalOrderId: 'erp:4500000005',
            currency: 'USD',
            issuedAt: '2026-11-04',
            total: '10.00',
            reason: 'DAMAGED',
            lines: [],
          },
        ],
        payments: [
          {
            id: 'P1',
            invoiceNumber: '9000000001',
            accountId: 'ACME',
            portalOrderId: 'erp:4500000005',
            currency: 'USD',
            amount: '90.00',
            receivedAt: '2026-11-20T12:00:00.000Z',
          },
        ],
      }),
    );
    expect(facts.map((f) => [f.type, f.occurredAt])).toEqual([
      ['order.created', '2026-11-02T09:00:00.000Z'],
      ['order.confirmed', '2026-11-02T09:00:00.000Z'],
      ['shipment.shipped', '2026-11-04T00:24:51.000Z'],
      ['invoice.posted', '2026-11-04T00:24:51.000Z'],
      ['credit_memo.issued', '2026-11-04T00:24:51.000Z'],
      ['shipment.delivered', '2026-11-06T10:00:00.000Z'],
      ['invoice.payment_received', '2026-11-20T12:00:00.000Z'],
    ]);
    expect(facts.find((f) => f.type === 'invoice.payment_received')).toMatchObject({ key: 'payment:P1', balance: '0.00' });
    expect(new Set(facts.map((f) => f.key)).size).toBe(facts.length);
  });

  it('names a confirmation by what was confirmed, whether schedule lines come as the ERP or the portal stores them', () => {
    const erp = [
      line(50, [
        ['2026-11-03', 30],
        ['2026-11-09', 20],
      ]),
    ];
    const stored = [
      {
        lineNo: 10,
        sku: 'ATP-DEMO-1',
        confirmedQuantity: 50,
        scheduleLines: [
          { basis: 'SUPPLY', quantity: 30, date: '2026-11-03' },
          { date: '2026-11-09', quantity: 20 },
        ],
      },
    ];
    expect(confirmationContent(stored)).toBe(confirmationContent(erp));
    expect(orderFactKey.confirmation('o1', stored)).toBe(orderFactKey.confirmation('o1', erp));
    expect(orderFactKey.confirmation('o1', [line(30, [['2026-11-03', 30]])])).not.toBe(orderFactKey.confirmation('o1', erp));
  });

  it('an invoice follows its delivery; one that names none, the last delivery of its day, else the order', () => {
    const deliveries = [
      ['D1', '2026-11-04T06:47:00.000Z'],
      ['D2', '2026-11-05T07:00:00.000Z'],
    ] as const;
    expect(invoiceNotBefore({ issuedAt: '2026-11-05', deliveryNumber: 'D1' }, '2026-11-04T06:46:00.000Z', deliveries)).toBe(
      '2026-11-04T06:47:00.000Z',
    );
    expect(invoiceNotBefore({ issuedAt: '2026-11-04', deliveryNumber: null }, '2026-11-04T06:46:00.000Z', deliveries)).toBe(
      '2026-11-04T06:47:00.000Z',
    );
    expect(invoiceNotBefore({ issuedAt: '2026-11-03', deliveryNumber: null }, '2026-11-02T09:00:00.000Z', deliveries)).toBe(
      '2026-11-02T09:00:00.000Z',
    );
  });

  it('billingOccurredAt: a date alone is its midnight; never before what it follows', () => {
    expect(billingOccurredAt('2026-11-04')).toBe('2026-11-04T00:00:00.000Z');
    expect(billingOccurredAt('2026-11-04', '2026-11-04T00:24:51.000Z')).toBe('2026-11-04T00:24:51.000Z');
    expect(billingOccurredAt('2026-11-05', '2026-11-04T00:24:51.000Z')).toBe('2026-11-05T00:00:00.000Z');
  });
});
