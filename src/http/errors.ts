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

/** PostgreSQL data exceptions (SQLSTATE class 22) that only input can cause, in Chinese. */
const BAD_DATA: Record<string, string> = {
  '22021': '请求中含有无效字符（如空字符）',
  '22P05': '请求中含有数据库无法保存的字符',
  '22P02': '请求中的数值或标识格式不正确',
  '22003': '请求中的数值超出范围',
  '22007': '请求中的日期或时间格式不正确',
  '22008': '请求中的日期或时间超出范围',
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
      FST_ERR_BAD_URL: '网址格式不正确',
      FST_ERR_MAX_PARAM_LENGTH: '网址中的参数过长',
    };
    body = { code: status === 413 ? ErrorCode.VALIDATION : ErrorCode.VALIDATION, message: messages[e.code] ?? '请求无效' };
    request.log.info({ err: error }, 'client error');
  } else if (/busboy|dicer/i.test(error.stack ?? '')) {
    // A broken multipart upload (cut off, no boundary, malformed part headers).
    status = 400;
    body = { code: ErrorCode.VALIDATION, message: '上传的数据不完整或格式不正确，请重新选择文件上传' };
    request.log.info({ err: error }, 'malformed multipart upload');
  } else if (BAD_DATA[(error as { code?: string }).code ?? '']) {
    // The database refused a value that came from the request (a NUL byte, a number out of range,
    // an impossible date): the request was bad, not the server.
    status = 400;
    body = { code: ErrorCode.VALIDATION, message: BAD_DATA[(error as { code: string }).code]! };
    request.log.info({ err: error }, 'bad data refused by the database');
  } else {
    status = 500;
    body = { code: ErrorCode.INTERNAL, message: '服务器内部错误，请稍后重试；如持续出现请联系管理员（详情已记录在服务器日志中）' };
    request.log.error({ err: error }, 'unhandled error');
  }
  void reply.status(status).send(body);
}
