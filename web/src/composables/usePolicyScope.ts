/**
 * The choice the policy pages share (监管方案预览, 年度抽查计划, 分类结果): the profiles the user may use
 * (loaded on mount, with the organisations OrgSelect lists), the organisation (the user's own by
 * default) and, for a profile with both levels, the level guessed from the organisation (省/市 → 市级),
 * which the user can still switch. A failure to load the profiles lands in `error`.
 */
import { computed, onMounted, ref, watch } from 'vue';
import { api, errorText } from '../api.ts';
import type { ProfileSummaryDto } from '../../../src/http/contract.ts';
import { session } from '../session.ts';
import { orgs, loadOrgs } from '../catalog.ts';

export type Level = 'city' | 'county';
export const LEVEL_LABELS: Record<string, string> = { city: '市级', county: '县级' };
export const QUARTERS = [1, 2, 3, 4].map((q) => ({ value: q, label: `第${'一二三四'[q - 1]}季度` }));

export function usePolicyScope() {
  const profiles = ref<ProfileSummaryDto[]>([]);
  const profileId = ref('');
  const orgId = ref<number | undefined>(session.user?.orgId);
  const level = ref<Level>('county');
  const error = ref('');
  const profile = computed(() => profiles.value.find((p) => p.id === profileId.value));
  const needsLevel = computed(() => (profile.value?.levels.length ?? 0) > 1);

  watch([profileId, orgId], () => {
    if (!needsLevel.value) return;
    const org = orgs.value.find((o) => o.id === orgId.value) ?? session.user?.org;
    level.value = org && (org.level === '省' || org.level === '市') ? 'city' : 'county';
  });

  onMounted(async () => {
    void loadOrgs().catch(() => undefined);
    try {
      profiles.value = (await api.policyProfiles()).profiles;
    } catch (e) {
      error.value = errorText(e);
    }
  });

  return { profiles, profileId, profile, orgId, level, needsLevel, error };
}
