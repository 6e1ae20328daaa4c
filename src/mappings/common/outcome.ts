import type { MapResult, MappedRecord, MappingError, MappingErrorCode, MappingWarning, MappingWarningCode } from '../types';

/** Collects a mapping's errors and warnings, so one pass reports every problem of a record. */
export class Outcome {
  readonly errors: MappingError[] = [];
  readonly warnings: MappingWarning[] = [];

  error(code: MappingErrorCode, field: string, message: string, value?: string): undefined {
    this.errors.push(value === undefined ? { code, field, message } : { code, field, message, value });
    return undefined;
  }

  warn(code: MappingWarningCode, field: string, message: string): void {
    this.warnings.push({ code, field, message });
  }

  /** Drops undefined fields (national "absent") and returns the result. */
  finish(record: Record<string, unknown>): MapResult {
    if (this.errors.length > 0) return { ok: false, errors: this.errors, warnings: this.warnings };
    const clean: Record<string, unknown> = {};
    for (const k in record) {
      const v = record[k];
      if (v !== undefined) clean[k] = v;
    }
    return { ok: true, record: clean as MappedRecord, warnings: this.warnings };
  }
}
