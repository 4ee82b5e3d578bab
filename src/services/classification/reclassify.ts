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

let tail: Promise<void> = Promise.resolve();

/** Re-runs every scope whose organisation contains `orgPath`; returns how many runs were attempted. */
async function rerunCovering(database: Database, orgPath: string, trigger: 'import' | 'event', now: () => Date): Promise<number> {
  const scopes = await scopesCovering(database.pool, orgPath);
  for (const scope of scopes) {
    const org = await getOrg(database.pool, { id: scope.orgId });
    if (!org) continue;
    try {
      await runClassification({ database, actor: systemActor(org), now }, { orgId: org.id, profileKey: scope.profileKey, period: scope.period, trigger });
    } catch (e) {
      // Already recorded as a failed run; the log keeps the detail.
      console.error(`automatic classification of ${org.code}/${scope.profileKey}/${scope.period} failed: ${(e as Error).message}`);
    }
  }
  return scopes.length;
}

/** Queues the re-runs for a change in the organisation at `orgPath` (call after the change committed). */
export function scheduleReclassification(database: Database, orgPath: string, trigger: 'import' | 'event', now: () => Date = () => new Date()): void {
  tail = tail
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => rerunCovering(database, orgPath, trigger, now))
    .then(() => undefined, (e) => console.error('automatic classification failed', e));
}

/** Resolves once every queued re-run has finished (tests, and the CLI before it closes the database). */
export async function classificationIdle(): Promise<void> {
  let seen: Promise<void>;
  do {
    seen = tail;
    await seen;
  } while (seen !== tail);
}
