/**
 * Typed application errors. Domain and service code throws these; the HTTP layer maps the code to a
 * status in one place (src/http/errors.ts) and the CLI prints the Chinese message.
 */
export const ErrorCode = {
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** The record changed since the client read it (optimistic locking). */
  STALE_VERSION: 'STALE_VERSION',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  DATA_LOCKED: 'DATA_LOCKED',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of one row; `row` is the 1-based data row of a file when there is one. */
export interface FieldIssue {
  row?: number;
  column?: string;
  field?: string;
  reason: string;
}

/** An error a user may see: `message` is Chinese, `issues` lists row/field problems, `context` is for the log only. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Formats an issue as one Chinese line, e.g. "第 7 行「统一社会信用代码」：校验码错误". */
export function describeIssue(issue: FieldIssue): string {
  const where = [issue.row !== undefined ? `第 ${issue.row} 行` : '', issue.column ? `「${issue.column}」` : '']
    .filter(Boolean)
    .join('');
  return where ? `${where}：${issue.reason}` : issue.reason;
}
