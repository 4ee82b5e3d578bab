/** Display helpers shared by tables, history and forms. */
import type { FieldSpec } from './api.ts';

/** A stored value as Chinese text: booleans 是/否, lists joined with '；', empty as ''. */
export function formatValue(value: unknown, spec?: Pick<FieldSpec, 'type'>): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean' || spec?.type === 'bool') return value ? '是' : '否';
  if (Array.isArray(value)) return value.join(spec?.type === 'lines' ? '\n' : '；');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** ISO timestamp as local 'YYYY-MM-DD HH:mm' (bureau staff read local time). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
