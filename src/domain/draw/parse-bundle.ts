/**
 * Shape check for a bundle read from JSON (DRAW-PROTOCOL.md § Result and bundle), so that a
 * malformed file is refused with Chinese field-by-field reasons before any hash is computed.
 */
import { AppError, ErrorCode, type FieldIssue } from '../errors.ts';
import type { Bundle } from './types.ts';

type Shape = 'string' | 'string[]' | 'count' | 'object' | 'array';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

const WANT: Record<Shape, string> = {
  string: '应为字符串',
  'string[]': '应为字符串数组',
  count: '应为非负整数',
  object: '应为对象',
  array: '应为数组',
};

function fits(value: unknown, shape: Shape): boolean {
  switch (shape) {
    case 'string': return typeof value === 'string';
    case 'string[]': return isStrings(value);
    case 'count': return Number.isInteger(value) && (value as number) >= 0;
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
  }
}

/** Checks that `value` is a bundle with every field verification needs; throws a VALIDATION AppError listing each problem. */
export function parseBundle(value: unknown): Bundle {
  const issues: FieldIssue[] = [];
  const need = (obj: Record<string, unknown>, key: string, shape: Shape, path: string, optional = false): boolean => {
    if (optional && obj[key] === undefined) return true;
    if (fits(obj[key], shape)) return true;
    issues.push({ field: `${path}.${key}`, reason: `${path}.${key} ${obj[key] === undefined ? '缺失' : WANT[shape]}` });
    return false;
  };
  const fail = () => new AppError(ErrorCode.VALIDATION, '证据包格式不正确', issues);
  if (!isObject(value)) {
    issues.push({ reason: '证据包应为 JSON 对象' });
    throw fail();
  }
  for (const key of ['publicValue', 'secret']) need(value, key, 'string', 'bundle');
  if (need(value, 'manifest', 'object', 'bundle')) {
    const m = value.manifest as Record<string, unknown>;
    for (const key of ['protocol', 'commitment', 'rosterHash']) need(m, key, 'string', 'manifest');
    need(m, 'teamSize', 'count', 'manifest');
    if (need(m, 'strata', 'array', 'manifest')) {
      (m.strata as unknown[]).forEach((s, i) => {
        const path = `manifest.strata[${i}]`;
        if (!isObject(s)) return void issues.push({ field: path, reason: `${path} 应为对象` });
        for (const key of ['label', 'poolHash']) need(s, key, 'string', path);
        for (const key of ['quota', 'poolSize']) need(s, key, 'count', path);
        need(s, 'department', 'string', path, true);
        need(s, 'expertise', 'string[]', path, true);
      });
    }
  }
  if (need(value, 'pools', 'object', 'bundle')) {
    for (const [label, ids] of Object.entries(value.pools as Record<string, unknown>)) {
      if (!isStrings(ids)) issues.push({ field: `pools.${label}`, reason: `pools.${label} 应为字符串数组（检查对象 id）` });
    }
  }
  if (need(value, 'roster', 'array', 'bundle')) {
    (value.roster as unknown[]).forEach((r, i) => {
      const path = `roster[${i}]`;
      if (!isObject(r)) return void issues.push({ field: path, reason: `${path} 应为对象` });
      for (const key of ['id', 'department']) need(r, key, 'string', path);
      for (const key of ['expertise', 'conflicts']) need(r, key, 'string[]', path);
    });
  }
  if (need(value, 'result', 'object', 'bundle') && need(value.result as Record<string, unknown>, 'tasks', 'array', 'result')) {
    ((value.result as Record<string, unknown>).tasks as unknown[]).forEach((t, i) => {
      const path = `result.tasks[${i}]`;
      if (!isObject(t)) return void issues.push({ field: path, reason: `${path} 应为对象` });
      need(t, 'targetId', 'string', path);
      for (const key of ['items', 'inspectors']) need(t, key, 'string[]', path);
    });
  }
  if (issues.length) throw fail();
  return value as unknown as Bundle;
}
