/** API client of the 一公开 page (types from the server's contract). */
import type { PublicationQueueDto, PublicationRatesDto } from '../../src/http/contract-publications.ts';
import { qs, request } from './api.ts';

export interface QueueParams { status?: 'pending' | 'published'; overdue?: boolean; period?: string; orgId?: number; page: number; pageSize: number }

export const publicationsApi = {
  queue: (p: QueueParams) => request<PublicationQueueDto>(`/api/publications${qs({ ...p, overdue: p.overdue ? 'true' : undefined })}`),
  rates: (p: { period?: string; orgId?: number }) => request<PublicationRatesDto>(`/api/publications/rates${qs(p)}`),
  propose: (id: number, body: { wording: string; reason: string }) => request<{ ok: true }>(`/api/publications/${id}/wording`, { method: 'POST', body }),
  decide: (id: number, body: { approve: boolean; note?: string }) => request<{ ok: true }>(`/api/publications/${id}/wording/decision`, { method: 'POST', body }),
  redact: (id: number, body: { basis: string; reason: string; fields: string[] }) => request<{ ok: true }>(`/api/publications/${id}/redaction`, { method: 'POST', body }),
  publish: (id: number, body: { remark?: string }) => request<{ ok: true }>(`/api/publications/${id}/publish`, { method: 'POST', body }),
};
