/**
 * API client of 监督统计 and the bell (types from the server's contract).
 */
import type { DashboardDto, NotificationDto, ReminderDto } from '../../src/http/contract-supervision.ts';
import { download, qs, request } from './api.ts';

export type { DashboardDto, NotificationDto, ReminderDto };
export type ReportKind = 'quarterly' | 'monthly' | 'annual';

export const supervisionApi = {
  dashboard: (p: { year: number; orgId?: number; period?: string }) => request<DashboardDto>(`/api/supervision/dashboard${qs({ ...p })}`),
  reminders: (p: { year: number; orgId?: number }) => request<{ rows: ReminderDto[] }>(`/api/supervision/reminders${qs({ ...p })}`),
  report: (kind: ReportKind, p: { period: string; orgId?: number }, fallbackName: string) => download(`/api/supervision/reports/${kind}${qs({ ...p })}`, fallbackName),
  notifications: () => request<{ rows: NotificationDto[]; unread: number }>('/api/notifications'),
  markRead: (ids?: number[]) => request<{ marked: number }>('/api/notifications/read', { method: 'POST', body: ids ? { ids } : {} }),
};
