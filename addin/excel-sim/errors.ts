/**
 * Errors shaped like `OfficeExtension.Error` (name `RichApi.Error`, `code`, `debugInfo`), so add-in code
 * handles stand-in failures exactly as it handles Excel's.
 */

/** Error codes the stand-in raises (the strings Excel uses in `OfficeExtension.Error.code`). */
export type SimErrorCode =
  | 'PropertyNotLoaded'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'ItemAlreadyExists'
  | 'ItemNotFound'
  | 'InvalidReference'
  | 'InvalidRequestContext'
  | 'RunMustReturnPromise'
  | 'ApiNotFound'
  | 'RangeExceedsLimit'
  | 'RequestPayloadSizeLimitExceeded'
  | 'ResponsePayloadSizeLimitExceeded'
  | 'GeneralException';

export interface SimDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
}

/** A stand-in error with the fields of `OfficeExtension.Error`. */
export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly debugInfo: SimDebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: Error | null = null;

  constructor(code: SimErrorCode, message: string, errorLocation?: string) {
    super(message);
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = errorLocation === undefined ? { code, message } : { code, message, errorLocation };
  }
}

/** True for anything carrying an Office error `code` (a SimError or a real OfficeExtension.Error). */
export function officeErrorCode(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    return (e as { code: string }).code;
  }
  return null;
}
