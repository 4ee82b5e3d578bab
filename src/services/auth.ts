/**
 * Logging in and out. Five wrong passwords in a row lock the account for 15 minutes; the session
 * token lives only in the cookie, the database keeps its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { endSession, getSessionUser, getUser, insertSession, recordLoginAttempt, type UserRow } from '../storage/repos/orgs.ts';
import { verifyPassword } from './passwords.ts';

export const SESSION_HOURS = 12;
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** SHA-256 of a session token, the form in which sessions are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Checks the password and opens a session; the same Chinese message for unknown user and wrong password. */
export async function login(database: Database, username: string, password: string, now: Date): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const user = await getUser(database.pool, { username });
  const wrong = new AppError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误');
  if (!user || !user.active) throw wrong;
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60000);
    throw new AppError(ErrorCode.RATE_LIMITED, `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试`);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    const lock = user.failedLogins + 1 >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MINUTES * 60000) : null;
    await recordLoginAttempt(database.pool, user.id, false, lock);
    throw wrong;
  }
  await recordLoginAttempt(database.pool, user.id, true, null);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  await insertSession(database.pool, tokenHash(token), user.id, expiresAt);
  return { token, user, expiresAt };
}

/** The user behind a session token, or undefined when it is unknown or expired. */
export async function sessionUser(database: Database, token: string, now: Date): Promise<UserRow | undefined> {
  const user = await getSessionUser(database.pool, tokenHash(token), now);
  return user && user.active ? user : undefined;
}

/** Ends a session. */
export async function logout(database: Database, token: string, now: Date): Promise<void> {
  await endSession(database.pool, tokenHash(token), now);
}
