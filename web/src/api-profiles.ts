/**
 * API client of the 方案维护 pages: own profiles (copy, versions, diff) and the live preview of an
 * unsaved definition. Types come from the server's contract, like api.ts.
 */
import type { z } from 'zod';
import type { PlanPreviewDto, ProfileChangeDto, ProfileDetailDto, ProfileSummaryDto, profileCopyBody } from '../../src/http/contract.ts';
import { qs, request } from './api.ts';

export const profilesApi = {
  list: () => request<{ profiles: ProfileSummaryDto[] }>('/api/policy/profiles'),
  get: (key: string, version?: number) => request<{ profile: ProfileDetailDto }>(`/api/policy/profiles/${encodeURIComponent(key)}${qs({ version })}`),
  copy: (body: z.input<typeof profileCopyBody>) => request<{ profile: ProfileDetailDto }>('/api/policy/profiles', { method: 'POST', body }),
  saveVersion: (key: string, body: { definition: unknown; effectiveFrom: string; note?: string }) =>
    request<{ profile: ProfileDetailDto }>(`/api/policy/profiles/${encodeURIComponent(key)}/versions`, { method: 'POST', body }),
  diff: (key: string, from: number, to: number) =>
    request<{ changes: ProfileChangeDto[] }>(`/api/policy/profiles/${encodeURIComponent(key)}/diff${qs({ from, to })}`),
  previewDraft: (body: { definition: unknown; period: string; orgId?: number; level?: 'city' | 'county' }) =>
    request<{ preview: PlanPreviewDto }>('/api/policy/preview', { method: 'POST', body }),
};
