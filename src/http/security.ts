/**
 * HTTP hardening in one place: security headers (a strict Content-Security-Policy for the admin app,
 * a relaxed one for Swagger UI at /api/docs), the CSRF check for state-changing /api requests, the
 * per-IP login limit, and the log redaction list.
 *
 * CSRF, beyond the SameSite=Strict session cookie: a POST/PUT/PATCH/DELETE under /api is refused when
 * the browser says it comes from another site (Sec-Fetch-Site other than same-origin/none), when its
 * Origin (or, without Origin, its Referer) names another host, and — for any request a browser sent
 * (it carries Origin or Sec-Fetch-Site) — when it lacks the header `X-Requested-With: shuangsui`, which
 * another site cannot set without a CORS preflight this server never grants. Clients that are not
 * browsers (the CLI, scripts, tests) send none of these headers and are not a CSRF vector.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../domain/errors.ts';

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'shuangsui';

export const APP_CSP = [
  // 'wasm-unsafe-eval' lets the page's own scripts compile WebAssembly (the SIMD SHA-256 of
  // src/domain/draw/sha256-x4.ts that verifies a revealed draw on the portal); no JavaScript eval.
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'",
  // Element Plus positions popovers and tables through style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:",
  "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Swagger UI's bundle starts itself with an inline script and inline styles. */
export const DOCS_CSP = [
  "default-src 'self'", "script-src 'self' 'unsafe-inline'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/** Paths (pino) removed from every log line: cookies, credentials and session tokens. */
export const LOG_REDACT = [
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'headers.cookie',
  'body.password', 'req.body.password', 'password', '*.password', 'token', '*.token', 'sessionToken',
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(url: string): string | null {
  try { return new URL(url).host; } catch { return null; }
}

/** Throws when a state-changing /api request fails the CSRF rule above. */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE.has(request.method) || !request.url.startsWith('/api/')) return;
  const refuse = (why: string) => {
    throw new AppError(ErrorCode.FORBIDDEN, '请求来源校验失败：请从本系统页面操作（跨站请求已被拒绝）', [], { csrf: why });
  };
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') refuse(`sec-fetch-site ${site}`);
  // Normalised like an Origin (a default port is dropped).
  const host = hostOf(`${request.protocol}://${request.host}`);
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    if (origin === 'null' || hostOf(origin) !== host) refuse(`origin ${origin}`);
  } else if (typeof request.headers.referer === 'string' && hostOf(request.headers.referer) !== host) {
    refuse('referer');
  }
  const fromBrowser = typeof site === 'string' || (typeof origin === 'string' && origin !== '');
  if (fromBrowser && request.headers[CSRF_HEADER] !== CSRF_VALUE) refuse('missing header');
}

/** Registers the headers and the CSRF check on the app. */
export function registerSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => { checkCsrf(request); });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Permissions-Policy', 'camera=(self), geolocation=(self), microphone=()');
    reply.header('Content-Security-Policy', request.url.startsWith('/api/docs') ? DOCS_CSP : APP_CSP);
    return payload;
  });
}

/**
 * Failed logins per client IP: more than `max` within `windowMs` and further attempts from that IP
 * are refused until the window passes (the per-account lockout in services/auth.ts stays as well).
 * In memory: one server process.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  constructor(readonly max = 20, readonly windowMs = 15 * 60_000) {}

  private recent(ip: string, now: number): number[] {
    const list = (this.failures.get(ip) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.failures.set(ip, list);
    else this.failures.delete(ip);
    return list;
  }

  /** Throws RATE_LIMITED when the IP has used up its failures. */
  check(ip: string, now: Date): void {
    const list = this.recent(ip, now.getTime());
    if (list.length >= this.max) {
      const minutes = Math.max(1, Math.ceil((list[0]! + this.windowMs - now.getTime()) / 60_000));
      throw new AppError(ErrorCode.RATE_LIMITED, `登录失败次数过多，请 ${minutes} 分钟后再试`, [], { ip });
    }
  }

  /** Records a failed attempt; returns true when this one used up the allowance. */
  fail(ip: string, now: Date): boolean {
    const list = this.recent(ip, now.getTime());
    list.push(now.getTime());
    this.failures.set(ip, list);
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value!);
    return list.length === this.max;
  }
}
