/**
 * Typed errors for programmer misuse of the ingest API (a grid that is not a grid, an unknown table
 * kind). Bad *data* never throws: it becomes diagnostics.
 */
export class IngestUsageError extends TypeError {
  /** Stable machine-readable code, e.g. `invalid-grid`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'IngestUsageError';
    this.code = code;
  }
}
