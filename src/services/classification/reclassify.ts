/**
 * Automatic re-classification: after a successful targets import or a new or voided target event,
 * every organisation/profile/period that already has a classification run covering the changed
 * organisation is classified again — after the commit, one run at a time, off the request. A failure
 * is logged and recorded as a failed run (run-classification.ts); it never breaks the import or event.
 */
import type { Database } from '../../storage/database.ts';
import { scopesCovering } from '../../storage/repos/classification.ts';
import { getOrg } from '../../storage/repos/orgs.ts';
import { systemActor } from '../context.ts';
import { runClassification } from './run-classification.ts';

type Scope = { orgId: number; profileKey: string; period: string };

let tail: Promise<void> = Promise.resolve();

/** Runs each scope again, one after the other; a failure is already recorded as a failed run. */
async function rerun(database: Database, scopes: Scope[], trigger: 'import' | 'event', now: () => Date): Promise<void> {
  for (const scope of scopes) {
    const org = await getOrg(database.pool, { id: scope.orgId });
    if (!org) continue;
    try {
      await runClassification({ database, actor: systemActor(org), now }, { orgId: org.id, profileKey: scope.profileKey, period: scope.period, trigger });
    } catch (e) {
      console.error(`automatic classification of ${org.code}/${scope.profileKey}/${scope.period} failed: ${(e as Error).message}`);
    }
  }
}

/**
 * Queues the re-runs of every scope whose organisation contains `orgPath` (call after the change
 * committed). Finding the scopes is awaited — one query, so nothing is queued when no run exists —
 * the runs themselves happen later. Never throws: a change must not fail because of classification.
 */
export async function scheduleReclassification(database: Database, orgPath: string, trigger: 'import' | 'event', now: () => Date = () => new Date()): Promise<number> {
  let scopes: Scope[];
  try {
    scopes = await scopesCovering(database.pool, orgPath);
  } catch (e) {
    console.error('automatic classification: could not find the runs to repeat', e);
    return 0;
  }
  if (scopes.length === 0) return 0;
  tail = tail
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => rerun(database, scopes, trigger, now))
    .then(() => undefined, (e) => console.error('automatic classification failed', e));
  return scopes.length;
}

/** Resolves once every queued re-run has finished (tests, and the CLI before it closes the database). */
export async function classificationIdle(): Promise<void> {
  let seen: Promise<void>;
  do {
    seen = tail;
    await seen;
  } while (seen !== tail);
}
