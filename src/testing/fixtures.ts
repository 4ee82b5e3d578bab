/**
 * Small hand-made directory files for tests.
 */
import { writeFileSync } from 'node:fs';
import { creditCodeCheckChar } from '../domain/credit-code.ts';
import { targetFields } from '../domain/targets.ts';

/** A valid credit code for a number (county 370402). */
export function creditCode(n: number): string {
  const first17 = `91370402MA${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Header and rows of a targets CSV; `overrides[i]` replaces cells of data row i+1 by label. */
export function targetsCsv(count: number, overrides: Record<number, Record<string, string>> = {}, extraHeaders: string[] = []): string {
  const headers = [...targetFields.map((f) => f.label), ...extraHeaders];
  const lines = [headers.join(',')];
  for (let i = 0; i < count; i++) {
    const base: Record<string, string> = {
      对象类型: '排污单位', '统一社会信用代码/编码': creditCode(i + 1), 名称: `测试化工有限公司${i + 1}号厂`,
      地址: `东城区工业路${i + 1}号`, 所在区域: '东城街道', 行业代码: 'C2614', 行业名称: '有机化学原料制造',
      排污许可管理类别: i % 3 === 0 ? '重点管理' : '简化管理', 重点排污单位名录: i % 3 === 0 ? '是' : '否', 正面清单: '否',
      环保信用等级: '良好', 状态: '正常', 标签: '涉气；化工园区',
      ...overrides[i],
    };
    lines.push(headers.map((h) => csvCell(base[h] ?? '')).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes text to a file and returns the path. */
export function writeText(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

/** The same credit code with a wrong check character. */
export function withWrongCheckChar(code: string): string {
  return code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
}
