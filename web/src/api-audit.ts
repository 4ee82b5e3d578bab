/**
 * API client of the 审计日志 page (GET /api/audit, POST /api/audit/verify).
 */
import { qs, request } from './api.ts';

export interface AuditRowDto {
  seq: number; at: string; actorId: number | null; actorName: string; actorOrgId: number | null; action: string;
  objectType: string; objectId: string | null; summary: string; detail: Record<string, unknown>; prevHash: string; hash: string;
}
export interface AuditProblemDto { seq: number; kind: string; message: string }
export interface AuditVerifyDto { ok: boolean; rows: number; lastSeq: number; lastHash: string; first: AuditProblemDto | null; problems: AuditProblemDto[] }
export interface AuditParams { action?: string; userId?: number; from?: string; to?: string; limit?: number; offset?: number }

export const auditApi = {
  list: (p: AuditParams) => request<{ rows: AuditRowDto[]; total: number; actions: Record<string, string> }>(`/api/audit${qs({ ...p })}`),
  verify: () => request<AuditVerifyDto>('/api/audit/verify', { method: 'POST', body: {} }),
};
