/**
 * API client of the 抽取 pages (types from the server's contract, like api.ts).
 */
import type { z } from 'zod';
import type { ComplianceDto, DrawAccessDto, DrawDetailDto, DrawSummaryDto, drawFreezeBody, drawRunBody } from '../../src/http/contract.ts';
import { download, qs, request } from './api.ts';

export const drawsApi = {
  list: (orgId?: number) => request<{ draws: DrawSummaryDto[] }>(`/api/draws${qs({ orgId })}`),
  get: (id: number) => request<{ draw: DrawDetailDto }>(`/api/draws/${id}`),
  freeze: (body: z.input<typeof drawFreezeBody>) => request<{ draw: DrawSummaryDto }>('/api/draws', { method: 'POST', body }),
  draw: (id: number, body: z.input<typeof drawRunBody>) => request<{ draw: DrawSummaryDto }>(`/api/draws/${id}/draw`, { method: 'POST', body }),
  reveal: (id: number) => request<{ draw: DrawSummaryDto }>(`/api/draws/${id}/reveal`, { method: 'POST', body: {} }),
  abandon: (id: number, reason: string) => request<{ draw: DrawSummaryDto }>(`/api/draws/${id}/abandon`, { method: 'POST', body: { reason } }),
  accessLog: (id: number) => request<{ entries: DrawAccessDto[] }>(`/api/draws/${id}/access-log`),
  compliance: (p: { profileKey: string; year: number; orgId?: number }) => request<{ compliance: ComplianceDto }>(`/api/draws/compliance${qs(p)}`),
  replace: (taskId: number, inspectorId: number, reason: string) =>
    request<{ replacement: unknown }>(`/api/draw-tasks/${taskId}/replace`, { method: 'POST', body: { inspectorId, reason } }),
  bundle: (d: DrawSummaryDto) => download(`/api/draws/${d.id}/bundle`, `${d.drawNo}.json`),
  record: (d: DrawSummaryDto) => download(`/api/draws/${d.id}/record.pdf`, `抽取记录-${d.drawNo}.pdf`),
};
