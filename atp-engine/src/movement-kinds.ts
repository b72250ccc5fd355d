/** Supply (receipts, positive) and demand (issues, negative) kinds the ATP engine understands. */
export const RECEIPT_KINDS = ['PURCHASE_ORDER', 'TRANSFER_IN'] as const;
export const ISSUE_KINDS = ['SALES_ORDER', 'ALLOCATION', 'TRANSFER_OUT'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];
export type IssueKind = (typeof ISSUE_KINDS)[number];
export type MovementKind = ReceiptKind | IssueKind;
