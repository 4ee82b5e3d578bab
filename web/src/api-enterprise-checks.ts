/**
 * API client of the 涉企行政检查 pages (#9): inspection codes, the public code page, recusal
 * requests, targeted checks' requests and their approval (凡检查必审批), the cap warnings and approvals, the figures. Types come from the server's services.
 */
import type { z } from 'zod';
import type { targetedCheckRequestBody } from '../../src/http/contract-enterprise-checks.ts';
import { qs, request } from './api.ts';

export interface IssuedCode { code: string; path: string; validFrom: string; validTo: string; svg: string }
export interface CodeInfo {
  kind: string; body: string; targetName: string; items: string[];
  inspectors: { id: number; name: string; certNo: string }[]; validFrom: string; validTo: string;
  arrivedAt: string | null; scans: number; completed: boolean;
  recusals: { inspectorName: string; status: string; requestedAt: string; decisionNote: string | null }[];
  frequency: { year: number; count: number; cap: number };
  rights: string[]; complaint: string;
}
export interface RecusalDto {
  id: number; taskId: number | null; recordId: number | null; drawNo: string; targetName: string; items: string[]; inspectorId: number; inspectorName: string; certNo: string;
  reason: string; applicant: string; contact: string | null; requestedAt: string; status: 'pending' | 'approved' | 'rejected';
  decidedByName: string | null; decidedAt: string | null; decisionNote: string | null; replacementSeq: number | null;
  team: { id: number; name: string }[]; mayDecide: boolean; aboutMe: boolean;
}
export interface WarningRow {
  targetId: number; targetName: string; identifier: string; count: number; done: number; scheduled: number;
  orgs: string[]; departments: string[]; kinds: string[]; level: '超出上限' | '已达上限' | '接近上限' | null; multi: boolean; suggestion: string;
  exceptions: { id: number; reason: string; approvedAt: string; used: boolean }[];
}
export interface WarningList { org: { id: number; name: string }; year: number; cap: number; warnAt: number; capCite: string; rules: { source: 'profile' | 'national'; profileKey: string | null }; rows: WarningRow[] }
export interface Rate { numerator: number; denominator: number; percent: number | null; goal: number; met: boolean | null }
export interface EnterpriseCheckFigures {
  org: { id: number; name: string }; year: number; inspections: number; byKind: Record<string, number>;
  planCompliance: Rate; codeRate: Rate; jointRate: Rate;
  perEnterprise: { enterprises: number; mean: number | null; max: number; atOrOverCap: number; cap: number };
  goalsSource: 'profile' | 'national'; cites: { cap: string; joint: string; goals: string };
}

/** A targeted check's request in the approval queue, with the target's annual-cap situation. */
export interface TargetedCheckDto {
  recordId: number; orgId: number; orgName: string; kind: string; targetId: number; targetName: string; targetIdentifier: string;
  basis: string; basisRef: string | null; plannedFrom: string; plannedTo: string; mode: string; items: string[];
  team: { id: number; name: string; certNo: string }[]; jointPartners: string[]; requestedBy: string | null; requestedAt: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; decidedBy: string | null; decidedAt: string | null; opinion: string | null; recordStatus: 'draft' | 'submitted';
  withdrawnBy: string | null; withdrawnAt: string | null; withdrawalReason: string | null;
  cap: { year: number; count: number; cap: number; beyond: boolean; exceptionReason: string | null };
  mayDecide: boolean;
  /** Why the actor may reject but not approve (their own inspector record is on the team), else null. */
  approveBlocked: string | null;
  mayWithdraw: boolean;
}
export type TargetedCheckRequestBody = z.input<typeof targetedCheckRequestBody>;

export const enterpriseChecksApi = {
  requestCheck: (body: TargetedCheckRequestBody) => request<{ recordId: number; created: boolean; beyondCap: boolean; capNote: string }>('/api/targeted-checks', { method: 'POST', body }),
  checks: (status?: string) => request<{ requests: TargetedCheckDto[] }>(`/api/targeted-checks${qs({ status })}`),
  decideCheck: (recordId: number, body: { approve: boolean; opinion: string; approveBeyondCap?: boolean }) =>
    request<{ recordId: number; status: string; capExceptionId: number | null }>(`/api/targeted-checks/${recordId}/decision`, { method: 'POST', body }),
  /** 撤回 a pending request (its requester or a coordinator), with a reason of 2–200 字. */
  withdrawCheck: (recordId: number, reason: string) =>
    request<{ recordId: number; status: 'withdrawn' }>(`/api/targeted-checks/${recordId}/withdrawal`, { method: 'POST', body: { reason } }),
  taskCode: (taskId: number) => request<{ code: IssuedCode }>(`/api/draw-tasks/${taskId}/inspection-code`),
  /** A task's or a targeted check's code by its URL. */
  code: (url: string) => request<{ code: IssuedCode }>(url),
  scan: (code: string) => request<{ inspection: CodeInfo }>(`/api/public/inspection-codes/${encodeURIComponent(code)}/scan`, { method: 'POST', body: {}, authRedirect: false }),
  recusal: (code: string, body: { inspectorId: number; reason: string; applicant: string; contact?: string }) =>
    request<{ id: number }>(`/api/public/inspection-codes/${encodeURIComponent(code)}/recusal`, { method: 'POST', body, authRedirect: false }),
  recusals: (status?: string) => request<{ requests: RecusalDto[] }>(`/api/recusal-requests${qs({ status })}`),
  decide: (id: number, approve: boolean, note: string) => request<{ replacement: string | null }>(`/api/recusal-requests/${id}/decision`, { method: 'POST', body: { approve, note } }),
  warnings: (year: number, orgId?: number) => request<WarningList>(`/api/enterprise-checks/warnings${qs({ year, orgId })}`),
  approveCap: (body: { targetId: number; year: number; reason: string }) => request<{ id: number }>('/api/enterprise-checks/cap-exceptions', { method: 'POST', body }),
  figures: (year: number, orgId?: number) => request<{ figures: EnterpriseCheckFigures }>(`/api/enterprise-checks/figures${qs({ year, orgId })}`),
};
