/**
 * API client of the 年度抽查计划 and 分类结果 pages (types from the server's contract, like api.ts).
 */
import type { ClassificationOverviewDto, ClassificationResultsDto, PlanComputationDto, PlanDto, PlanListDto } from '../../src/http/contract.ts';
import { download, qs, request } from './api.ts';

type Level = 'city' | 'county';
export interface PlanParams { profile: string; year: number; orgId?: number; level?: Level; source?: 'directories' | 'latestRun' }

export const plansApi = {
  list: (p: PlanParams) => request<PlanListDto>(`/api/plans${qs({ profile: p.profile, year: p.year, orgId: p.orgId })}`),
  compute: (p: PlanParams) => request<{ computation: PlanComputationDto }>(`/api/plans/compute${qs({ ...p })}`),
  draft: (body: PlanParams & { planned?: Record<string, number>; note?: string }) =>
    request<{ plan: PlanDto }>('/api/plans', { method: 'POST', body }),
  decide: (id: number, decision: 'approve' | 'reject', note?: string) =>
    request<{ plan: PlanDto }>(`/api/plans/${id}/decision`, { method: 'POST', body: { decision, ...(note ? { note } : {}) } }),
  publish: (id: number) => request<{ plan: PlanDto }>(`/api/plans/${id}/publish`, { method: 'POST', body: {} }),
  export: (plan: PlanDto, format: 'xlsx' | 'pdf') =>
    download(`/api/plans/${plan.id}/export?format=${format}`, `年度抽查计划-${plan.year}-第${plan.revision}版.${format}`),
};

export interface ResultFilter { category?: string; stratum?: string; changedOnly?: boolean; page: number; pageSize: number }

export const classificationApi = {
  runs: (p: { profile: string; period: string; orgId?: number }) => request<ClassificationOverviewDto>(`/api/classification/runs${qs(p)}`),
  run: (body: { profile: string; period: string; orgId?: number }) => request<ClassificationResultsDto>('/api/classification/runs', { method: 'POST', body }),
  results: (runId: number, f: ResultFilter) =>
    request<ClassificationResultsDto>(`/api/classification/runs/${runId}/results${qs({ ...f, changedOnly: f.changedOnly ? 'true' : 'false' })}`),
};
