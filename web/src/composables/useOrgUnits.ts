/**
 * Department and squad choices of one organisation, for the inspector form: the catalogue declares
 * them as text (names), but the server only accepts names of units that exist in the record's org.
 */
import { computed, shallowRef, watch, type Ref } from 'vue';
import { api } from '../api.ts';
import type { DepartmentDto, SquadDto } from '../../../src/http/contract.ts';
import type { FormModel } from '../components/record/formModel.ts';

export function useOrgUnits(enabled: boolean, orgId: Ref<number | undefined>, model: Ref<FormModel>) {
  const departments = shallowRef<DepartmentDto[]>([]);
  const squads = shallowRef<SquadDto[]>([]);

  watch(orgId, async (id) => {
    if (!enabled || !id) return;
    try {
      const [d, s] = await Promise.all([api.departments(id), api.squads(id)]);
      departments.value = d.departments;
      squads.value = s.squads;
    } catch {
      // Without the lists the fields fall back to the current value only; saving still reports bad names.
      departments.value = [];
      squads.value = [];
    }
  }, { immediate: true });

  /** Active units, plus the record's current value even if that unit was since deactivated. */
  const withCurrent = (names: string[], current: unknown) =>
    typeof current === 'string' && current && !names.includes(current) ? [current, ...names] : names;

  return computed<Record<string, string[] | undefined>>(() => {
    if (!enabled) return {};
    const dept = model.value.department;
    const deptId = departments.value.find((d) => d.name === dept)?.id;
    // Once a department is chosen, offer its squads and the squads not tied to any department.
    const squadNames = squads.value
      .filter((s) => s.active && (!deptId || s.departmentId === null || s.departmentId === deptId))
      .map((s) => s.name);
    return {
      department: withCurrent(departments.value.filter((d) => d.active).map((d) => d.name), dept),
      squad: withCurrent(squadNames, model.value.squad),
    };
  });
}
