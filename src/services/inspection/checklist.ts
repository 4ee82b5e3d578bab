/**
 * The checklist of a drawn task: for each of the task's items (stratum labels), the 检查内容 of the
 * profile's item the stratum names; else those of the item directory's entries for the target's kind;
 * else the default 污染源 checklist (RULES §4). One list for an internal joint inspection.
 */
import { buildChecklist, DEFAULT_CHECKLIST, type ChecklistLine } from '../../domain/inspections.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { directoryItems, type TaskContext } from '../../storage/repos/inspections.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';

/** The empty checklist lines of a task. */
export async function taskChecklist(q: Queryable, task: TaskContext): Promise<ChecklistLine[]> {
  const { profile } = await resolveProfile(q, task.profileKey, { version: task.profileVersion });
  const groups: { item: string; checklist: readonly string[] }[] = [];
  let directory: { code: string; name: string; checklist: string[] }[] | undefined;
  for (const label of task.items) {
    const stratum = profile.strata.find((s) => s.label === label);
    const item = stratum?.item ? profile.items.find((i) => i.no === stratum.item) : undefined;
    if (item) { groups.push({ item: `${label}：${item.name}`, checklist: item.checklist }); continue; }
    if (!directory) {
      // The items of the dispatched organisation and of every organisation above it.
      const orgIds = (await listOrgs(q, '/')).filter((o) => task.dispatchedOrgPath.startsWith(o.path)).map((o) => o.id);
      directory = await directoryItems(q, orgIds, task.targetKind);
    }
    if (directory.length) for (const d of directory) groups.push({ item: `${label}：${d.name}`, checklist: d.checklist });
    else groups.push({ item: label, checklist: DEFAULT_CHECKLIST });
  }
  // An item met in two strata is checked once.
  const seen = new Set<string>();
  return buildChecklist(groups.map((g) => ({ item: g.item, checklist: g.checklist.filter((c) => !seen.has(c) && seen.add(c)) })).filter((g) => g.checklist.length));
}
