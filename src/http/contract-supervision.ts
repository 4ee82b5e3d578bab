/**
 * Supervision (#7) API shapes: the dashboard query, report downloads, reminders and notifications.
 * The figures' DTO is the service's own type (services/supervision/figures.ts), shared with the web.
 */
import { z } from 'zod';
import { REPORT_KINDS } from '../services/supervision/export-report.ts';

export type { SupervisionFigures as DashboardDto, OrgFigures as DashboardOrgDto } from '../services/supervision/figures.ts';

const year = z.coerce.number({ message: '年度应为数字' }).int('年度应为整数').min(2000, '年度不能早于 2000').max(2100, '年度不能晚于 2100');
const orgId = z.coerce.number().int().positive().optional();

export const dashboardQuery = z.object({
  year,
  orgId,
  period: z.string().trim().regex(/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, '期间应为 2026、2026-Q1、2026-H1 或 2026-03').optional(),
});

export const reportParams = z.object({ kind: z.enum(REPORT_KINDS, { message: '报表类型应为 quarterly（统计表）、monthly（明细表）或 annual（年度工作报告）' }) });
export const reportQuery = z.object({ period: z.string().trim().min(4, '请指定期间').max(7, '期间格式不对'), orgId });

export const remindersQuery = z.object({ year, orgId });

export const markReadBody = z.object({ ids: z.array(z.number().int().positive()).max(500).optional() });

export interface NotificationDto { id: number; kind: string; title: string; body: string; due: string | null; createdAt: string; read: boolean }
export interface ReminderDto { id: number; kind: string; title: string; detail: string | null; due: string; remindOn: string; firedAt: string | null }
