/**
 * The one place where errors become HTTP responses: AppError codes map to statuses, request
 * validation errors to 400 with the field named, anything else to a generic Chinese 500 while the
 * log keeps the detail. A user never sees a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ErrorCode } from '../domain/errors.ts';
import type { ErrorDto, IssueDto } from './contract.ts';

export const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 409,
  RATE_LIMITED: 429,
  DATA_LOCKED: 503,
  DATABASE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

const PART: Record<string, string> = { body: '请求内容', querystring: '查询参数', params: '路径参数', headers: '请求头' };

/** Fastify error handler. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  let status: number;
  let body: ErrorDto;
  if (error instanceof AppError) {
    status = STATUS[error.code];
    body = { code: error.code, message: error.message, ...(error.issues.length ? { issues: error.issues } : {}) };
    if (status >= 500) request.log.error({ err: error, context: error.context }, error.message);
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    const where = PART[(error as { validationContext?: string }).validationContext ?? 'body'] ?? '请求';
    const issues: IssueDto[] = error.validation.map((v) => ({
      field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined,
      reason: v.message ?? '格式不正确',
    }));
    status = 400;
    body = { code: ErrorCode.VALIDATION, message: `${where}不正确：${issues.map((i) => (i.field ? `「${i.field}」${i.reason}` : i.reason)).join('；')}`, issues };
  } else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
    const e = error as FastifyError;
    status = e.statusCode!;
    const messages: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON',
      FST_ERR_CTP_EMPTY_JSON_BODY: '请求内容为空',
      FST_ERR_CTP_BODY_TOO_LARGE: '请求内容过大',
      FST_REQ_FILE_TOO_LARGE: '上传文件过大',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的请求内容类型',
    };
    body = { code: status === 413 ? ErrorCode.VALIDATION : ErrorCode.VALIDATION, message: messages[e.code] ?? '请求无效' };
    request.log.info({ err: error }, 'client error');
  } else {
    status = 500;
    body = { code: ErrorCode.INTERNAL, message: '服务器内部错误，请稍后重试；如持续出现请联系管理员（详情已记录在服务器日志中）' };
    request.log.error({ err: error }, 'unhandled error');
  }
  void reply.status(status).send(body);
}
