/**
 * Logging in and out. Five wrong passwords in a row lock the account for 15 minutes; the session
 * token lives only in the cookie, the database keeps its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { endSession, getSessionUser, getUser, insertSession, recordLoginAttempt, type UserRow } from '../storage/repos/orgs.ts';
import { verifyPassword } from './passwords.ts';
import { inTransaction } from '../storage/database.ts';
import { appendAudit, type AuditActorRef } from './audit/append-audit.ts';

/** Where a login came from, for the audit log. */
export interface LoginMeta { ip?: string }

const actorRef = (u: UserRow): AuditActorRef => ({ id: u.id, orgId: u.orgId, displayName: u.displayName });

export const SESSION_HOURS = 12;
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** SHA-256 of a session token, the form in which sessions are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Checks the password and opens a session; the same Chinese message for unknown user and wrong password. */
export async function login(database: Database, username: string, password: string, now: Date, meta: LoginMeta = {}): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const user = await getUser(database.pool, { username });
  const wrong = new AppError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误');
  const ip = meta.ip ?? null;
  if (!user || !user.active) {
    await appendAudit(database.pool, {
      actor: user ? actorRef(user) : { id: null, orgId: null, displayName: '（未知用户）' }, at: now, action: 'auth.login_failed',
      object: { type: 'user', id: user?.id ?? null }, summary: `登录失败：用户名「${username.slice(0, 60)}」${user ? '已停用' : '不存在'}`,
      detail: { username: username.slice(0, 60), reason: user ? 'inactive' : 'unknown', ip },
    });
    throw wrong;
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60000);
    await appendAudit(database.pool, {
      actor: actorRef(user), at: now, action: 'auth.login_failed', object: { type: 'user', id: user.id },
      summary: `登录被拒绝：账号「${user.username}」已锁定（还剩 ${minutes} 分钟）`, detail: { username: user.username, reason: 'locked', ip },
    });
    throw new AppError(ErrorCode.RATE_LIMITED, `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const lock = user.failedLogins + 1 >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60000) : null;
    await inTransaction(database.pool, async (c) => {
      await recordLoginAttempt(c, user.id, false, lock);
      await appendAudit(c, {
        actor: actorRef(user), at: now, action: 'auth.login_failed', object: { type: 'user', id: user.id },
        summary: `登录失败：账号「${user.username}」密码错误（连续第 ${user.failedLogins + 1} 次）`, detail: { username: user.username, reason: 'wrong', failures: user.failedLogins + 1, ip },
      });
      if (lock) {
        await appendAudit(c, {
          actor: actorRef(user), at: now, action: 'auth.locked', object: { type: 'user', id: user.id },
          summary: `账号「${user.username}」连续 ${MAX_FAILED_LOGINS} 次密码错误，锁定 ${LOCK_MINUTES} 分钟`, detail: { username: user.username, until: lock.toISOString(), ip },
        });
      }
    });
    throw wrong;
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await inTransaction(database.pool, async (c) => {
    await recordLoginAttempt(c, user.id, true, null);
    await insertSession(c, tokenHash(token), user.id, expiresAt);
    await appendAudit(c, {
      actor: actorRef(user), at: now, action: 'auth.login', object: { type: 'user', id: user.id },
      summary: `「${user.displayName}」（${user.username}）登录`, detail: { username: user.username, ip },
    });
  });
  return { token, user, expiresAt };
}

/** The user behind a session token, or undefined when it is unknown or expired. */
export async function sessionUser(database: Database, token: string, now: Date): Promise<UserRow | undefined> {
  const user = await getSessionUser(database.pool, tokenHash(token), now);
  return user && user.active ? user : undefined;
}

/** Ends a session. */
export async function logout(database: Database, token: string, now: Date): Promise<void> {
  await inTransaction(database.pool, async (c) => {
    const user = await getSessionUser(c, tokenHash(token), now);
    await endSession(c, tokenHash(token), now);
    if (user) {
      await appendAudit(c, {
        actor: actorRef(user), at: now, action: 'auth.logout', object: { type: 'user', id: user.id },
        summary: `「${user.displayName}」（${user.username}）退出登录`, detail: { username: user.username },
      });
    }
  });
}
