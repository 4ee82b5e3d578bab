/**
 * API client of the desk screens of inspection records (检查记录): the filtered list, one record with
 * its amendments and follow-ups, amendment requests and a leader's decision, follow-ups, the
 * enterprise's one-time evidence link, verification, targeted checks and the counters by year.
 * Types from the server's contract (type-only imports, like api.ts).
 */
import type { z } from 'zod';
import type { amendmentBody, followupBody, inspectionSaveBody } from '../../src/http/contract-inspections.ts';
import { qs, request } from './api.ts';
import { fieldApi } from './api-field.ts';

export const INSPECTION_KINDS = ['双随机抽查', '投诉举报', '上级转办', '专项', '监测发现线索'] as const;
export const TARGETED_KINDS = INSPECTION_KINDS.slice(1);
export const MODES = ['现场', '在线监测', '分表计电', '远程', '视频', '无人机'] as const;
export const RESULTS = ['未发现问题', '发现问题，责令整改', '涉嫌环境违法，立案查处', '涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'] as const;
export const VERDICTS = ['符合', '不符合', '不涉及'] as const;
export const FOLLOWUP_KINDS = ['责令整改', '立案', '移送公安机关', '移送司法机关', '移交'] as const;
export const FOLLOWUP_STATUS: Record<string, string> = { open: '处理中', evidence: '已提交整改材料，待核查', closed: '已完结' };

export interface Line { position: number; item: string; content: string; verdict: string | null; finding: string | null }
export interface RecordDto {
  id: number; orgId: number; taskId: number | null; targetId: number; targetName: string; targetIdentifier: string; kind: string;
  countsToQuota: boolean; mode: string; inspectedOn: string; team: number[];
  /** 跨部门联合检查: the other administrative bodies taking part (empty: the bureau's own inspection). */
  jointPartners: string[]; resultCategory: string | null; summary: string | null;
  enterpriseRepresentative: string | null; status: 'draft' | 'submitted'; clientKey: string; submittedAt: string | null; lines: Line[];
  /** 凡检查必审批: a targeted check's request state (null: a task's record, or one submitted before approvals). */
  approvalStatus: 'pending' | 'approved' | 'rejected' | 'withdrawn' | null;
}
/** A targeted check's request and its decision. */
export interface ApprovalDto {
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; basis: string; basisRef: string | null; plannedFrom: string; plannedTo: string; team: number[];
  requestedBy: string | null; requestedAt: string; decidedBy: string | null; decidedAt: string | null; opinion: string | null;
  withdrawnBy: string | null; withdrawnAt: string | null; withdrawalReason: string | null;
}
export const APPROVAL_STATUS: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回', withdrawn: '已撤回' };
export type RecordListDto = RecordDto & { openFollowups: number; pendingAmendments: number; withdrawalReason: string | null };
export interface AttachmentDto { id: number; kind: string; mime: string; size: number; fileName: string; capturedAt: string; captureSource: string; signerInspectorId: number | null; signerName: string | null }
export interface AmendmentDto {
  id: number; seq: number; reason: string; changes: z.infer<typeof amendmentBody>['changes']; requestedByName: string | null; requestedAt: string;
  status: 'pending' | 'approved' | 'rejected'; decidedByName: string | null; decidedAt: string | null; decisionNote: string | null; requestedBy: number | null;
}
export interface FollowupDto {
  id: number; kind: string; linePosition: number | null; requirement: string; deadline: string | null; caseNo: string | null; receiver: string | null;
  status: 'open' | 'evidence' | 'closed'; verification: string | null; createdAt: string; closedAt: string | null; evidence: AttachmentDto[];
}
export interface DetailDto {
  record: RecordDto; amendments: AmendmentDto[]; inspectors: { id: number; name: string; certNo: string }[];
  attachments: AttachmentDto[]; followups: FollowupDto[];
  corrected: { lines: Line[]; resultCategory: string | null; summary: string | null } | null;
  approval: ApprovalDto | null;
}
export interface CountsDto {
  targets: { targetId: number; name: string; inspections: number; quotaInspections: number }[];
  inspectors: { inspectorId: number; name: string; inspections: number }[];
}
export interface ListFilter { orgId?: number; period?: string; resultCategory?: string; kind?: string; openFollowup?: 'true' | 'false'; status?: 'draft' | 'submitted' }

export const inspectionsApi = {
  list: (f: ListFilter) => request<{ records: RecordListDto[] }>(`/api/inspections${qs({ ...f })}`),
  get: (id: number) => request<DetailDto>(`/api/inspections/${id}`),
  counts: (year: number, orgId?: number) => request<{ counts: CountsDto }>(`/api/inspections/counts${qs({ year, orgId })}`),
  save: (body: z.input<typeof inspectionSaveBody>) => request<{ record: RecordDto; created: boolean; alreadySubmitted: boolean }>('/api/inspections', { method: 'PUT', body }),
  amend: (id: number, body: z.input<typeof amendmentBody>) => request<{ id: number }>(`/api/inspections/${id}/amendments`, { method: 'POST', body }),
  decide: (amendmentId: number, approve: boolean, note: string) =>
    request<{ ok: true }>(`/api/inspection-amendments/${amendmentId}/decision`, { method: 'POST', body: { approve, note: note || null } }),
  openFollowup: (id: number, body: z.input<typeof followupBody>) => request<{ followup: FollowupDto }>(`/api/inspections/${id}/followups`, { method: 'POST', body }),
  link: (followupId: number, days: number) => request<{ link: { path: string; expiresAt: string } }>(`/api/inspection-followups/${followupId}/links`, { method: 'POST', body: { days } }),
  verify: (followupId: number, accept: boolean, verification: string) =>
    request<{ followup: FollowupDto }>(`/api/inspection-followups/${followupId}/verify`, { method: 'POST', body: { accept, verification } }),
  /** Uploads a file (or a signature) to a draft under a fresh idempotency key (the field client's upload). */
  upload: (recordId: number, blob: Blob, fileName: string, signer?: { inspectorId: number } | { enterprise: string }): Promise<AttachmentDto> =>
    fieldApi.upload(recordId, blob, fileName, crypto.randomUUID(), signer),
};
