/**
 * Typed errors for input the engine refuses. Thrown only for caller or configuration defects
 * (malformed numbers, dates, procedures, records); a line that merely has no price is data,
 * reported in DocumentPrice.errors instead.
 */

export type PricingInputErrorCode =
  | 'INVALID_QUANTITY'
  | 'INVALID_DECIMAL'
  | 'INVALID_DATE'
  | 'INVALID_LINE'
  | 'INVALID_CUSTOMER'
  | 'UNKNOWN_CONDITION_TYPE'
  | 'INVALID_CONDITION_TYPE'
  | 'INVALID_PROCEDURE'
  | 'INVALID_RECORD';

/** Base class: `code` is stable for mapping to API errors; `path` points at the offending input. */
export class PricingInputError extends Error {
  constructor(
    readonly code: PricingInputErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = new.target.name;
  }
}

export class InvalidQuantityError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_QUANTITY', message, path);
  }
}

export class InvalidDecimalError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_DECIMAL', message, path);
  }
}

export class InvalidDateError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_DATE', message, path);
  }
}

export class InvalidLineError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_LINE', message, path);
  }
}

export class InvalidCustomerError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_CUSTOMER', message, path);
  }
}

export class UnknownConditionTypeError extends PricingInputError {
  constructor(
    readonly conditionType: string,
    path: string,
  ) {
    super('UNKNOWN_CONDITION_TYPE', `unknown condition type "${conditionType}"`, path);
  }
}

export class InvalidConditionTypeError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_CONDITION_TYPE', message, path);
  }
}

export class InvalidProcedureError extends PricingInputError {
  constructor(message: string, path: string) {
    super('INVALID_PROCEDURE', message, path);
  }
}

export class InvalidRecordError extends PricingInputError {
  constructor(
    readonly recordId: string,
    message: string,
  ) {
    super('INVALID_RECORD', message, `record ${recordId}`);
  }
}
