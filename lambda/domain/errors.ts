/** Errors of the integration domain. Business outcomes are statuses, never errors. */

/** A stored record does not have the shape the code expects (corrupt or foreign data). */
export class CorruptRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptRecordError';
  }
}

/** A conditional write failed in a way the code cannot explain (the caller should retry later). */
export class UnexpectedConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnexpectedConflictError';
  }
}
