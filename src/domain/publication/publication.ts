/**
 * 一公开 (RULES.md §5), pure: the standard phrase of an inspection's result, the publication deadline
 * of a profile's disclosure rules counted with the working-day calendar, and what the public sees of a
 * redacted publication. No I/O, no clock: dates are 'YYYY-MM-DD' parameters.
 */
import { AppError, ErrorCode } from '../errors.ts';
import type { Calendar } from '../calendar/calendar.ts';
import { assertDate, periodOf, periodRange, shiftPeriod } from '../calendar/dates.ts';
import { deadlineNaturalDays, deadlineWorkdays, isOverdue } from '../calendar/deadlines.ts';
import type { DisclosureRule } from '../policy/schedule-schema.ts';

/** The standard phrases (Z 二、（六）, W 三、（六）) and the two the result categories add. */
export const STANDARD_PHRASES = {
  none: '未发现问题',
  rectify: '发现问题已责令整改',
  case: '发现违法行为已立案调查',
  transferJustice: '发现涉嫌犯罪行为已移送司法机关',
  transferDept: '发现问题已移交有关部门处理',
} as const;

/**
 * The phrase of a record from its result category (domain/inspections.ts RESULT_CATEGORIES) and the
 * kinds of its follow-ups: the gravest follow-up wins (立案 over 责令整改), so a record whose result
 * says 责令整改 but which was then put on file reads 「发现违法行为已立案调查」.
 */
export function standardPhrase(resultCategory: string | null, followupKinds: readonly string[] = []): string {
  const kinds = new Set(followupKinds);
  if (kinds.has('移送公安机关') || kinds.has('移送司法机关') || resultCategory === '涉嫌犯罪，移送司法机关') return STANDARD_PHRASES.transferJustice;
  if (kinds.has('立案') || resultCategory === '涉嫌环境违法，立案查处') return STANDARD_PHRASES.case;
  if (kinds.has('责令整改') || resultCategory === '发现问题，责令整改') return STANDARD_PHRASES.rectify;
  if (kinds.has('移交') || resultCategory === '属其他部门职责，移交处理') return STANDARD_PHRASES.transferDept;
  if (resultCategory === '未发现问题') return STANDARD_PHRASES.none;
  throw new AppError(ErrorCode.VALIDATION, `检查结果「${resultCategory ?? '（空）'}」无法对应公示用语`, [{ field: 'resultCategory', reason: '检查记录缺少检查结果' }]);
}

/** What a publication needs to know to be dated. */
export interface DueInput {
  /** The day the inspection (task) was completed. */
  completedOn: string;
  /**
   * For 'periodTasksCompleted' rules (南山 季度台账): the day the last task of the period was completed,
   * or null while tasks of the period are still open (that deadline is not yet running).
   */
  periodTasksDoneOn?: string | null;
}

export interface Due {
  due: string;
  /** The rule in words, e.g. 「检查完成后 20 个工作日内（二、（六））」. */
  rule: string;
}

const PERIOD_WORD: Record<string, string> = { month: '月', quarter: '季度', halfYear: '半年', year: '年度' };

/**
 * The deadline of one disclosure rule for a publication, or null when it is not running yet
 * (南山's ledger before the quarter's last task). Counting as in deadlines.ts: the day counted from is
 * not counted; the deadline day itself is on time. A rule without a number (陵川 "每季度…及时") is read
 * as the end of the following period — stated in the rule text so the queue shows the reading.
 */
export function ruleDue(rule: DisclosureRule, input: DueInput, cal: Calendar): Due | null {
  const completedOn = assertDate(input.completedOn, 'completedOn');
  const cite = rule.cite.article;
  const within = (from: string): string => {
    if (!rule.within) throw new AppError(ErrorCode.VALIDATION, '公开规则缺少期限');
    return 'workdays' in rule.within ? deadlineWorkdays(from, rule.within.workdays, cal) : deadlineNaturalDays(from, rule.within.naturalDays);
  };
  const span = rule.within ? ('workdays' in rule.within ? `${rule.within.workdays} 个工作日内` : `${rule.within.naturalDays} 个自然日内`) : '';
  switch (rule.after) {
    case 'taskCompleted':
      if (!rule.within) return null;
      return { due: within(completedOn), rule: `检查完成后 ${span}（${cite}）` };
    case 'periodEnd': {
      const kind = rule.period ?? 'month';
      const period = periodOf(completedOn, kind);
      const end = periodRange(period).end;
      if (!rule.within) {
        return { due: periodRange(shiftPeriod(period, 1)).end, rule: `每${PERIOD_WORD[kind] ?? kind}公开，文件未规定天数，按下一${PERIOD_WORD[kind] ?? kind}末计（${cite}）` };
      }
      return { due: within(end), rule: `${PERIOD_WORD[kind] ?? kind}末后 ${span}（${cite}）` };
    }
    case 'periodTasksCompleted': {
      if (!input.periodTasksDoneOn || !rule.within) return null;
      return { due: within(assertDate(input.periodTasksDoneOn, 'periodTasksDoneOn')), rule: `本${PERIOD_WORD[rule.period ?? 'quarter'] ?? ''}任务全部结束后 ${span}（${cite}）` };
    }
  }
}

/** The earliest deadline among a profile's disclosure rules (the one that binds), or null when none runs. */
export function publicationDue(rules: readonly DisclosureRule[], input: DueInput, cal: Calendar): Due | null {
  let best: Due | null = null;
  for (const r of rules) {
    const d = ruleDue(r, input, cal);
    if (d && (!best || d.due < best.due)) best = d;
  }
  return best;
}

/** 'overdue' after the deadline, 'due' within `soonDays` natural days of it, else 'open'; published rows are 'published'. */
export function dueState(p: { status: string; dueOn: string | null; publishedOn?: string | null }, today: string, soonDays = 5): 'published' | 'publishedLate' | 'overdue' | 'due' | 'open' {
  if (p.status === 'published') return p.dueOn && p.publishedOn && isOverdue(p.dueOn, p.publishedOn) ? 'publishedLate' : 'published';
  if (!p.dueOn) return 'open';
  if (isOverdue(p.dueOn, today)) return 'overdue';
  const soon = deadlineNaturalDays(today, soonDays);
  return p.dueOn <= soon ? 'due' : 'open';
}

// ── Redaction ──────────────────────────────────────────────────────────────────────────────────────

export const REDACTION_BASES = ['国家秘密', '商业秘密', '个人隐私'] as const;
export type RedactionBasis = (typeof REDACTION_BASES)[number];

/** Fields that may be withheld; the inspection's existence, date, authority, plan and task never are. */
export const REDACTABLE_FIELDS = {
  enterpriseName: '主体名称',
  creditCode: '统一社会信用代码',
  content: '检查内容',
  result: '检查结果',
  remark: '备注',
} as const;
export type RedactableField = keyof typeof REDACTABLE_FIELDS;

export function redactedText(basis: string): string {
  return `依法不予公开（${basis}）`;
}

export interface PublicationSource {
  enterpriseName: string;
  creditCode: string;
  content: string;
  /** The wording in force: the approved wording, else the standard phrase. */
  result: string;
  remark: string | null;
  redactionBasis: string | null;
  redactedFields: readonly string[];
}

/** What the public sees: redacted fields replaced by 「依法不予公开（依据）」; the remark says a redaction applies. */
export function publicView(p: PublicationSource): { enterpriseName: string; creditCode: string; content: string; result: string; remark: string } {
  const hidden = new Set(p.redactionBasis ? p.redactedFields : []);
  const mask = (f: RedactableField, v: string) => (hidden.has(f) ? redactedText(p.redactionBasis!) : v);
  const notes = [p.remark ?? ''].filter(Boolean);
  if (hidden.size) notes.push(`部分信息依法不予公开（${p.redactionBasis}）：${[...hidden].map((f) => REDACTABLE_FIELDS[f as RedactableField] ?? f).join('、')}`);
  return {
    enterpriseName: mask('enterpriseName', p.enterpriseName),
    creditCode: mask('creditCode', p.creditCode),
    content: mask('content', p.content),
    result: mask('result', p.result),
    remark: hidden.has('remark') ? notes.slice(1).join('；') || redactedText(p.redactionBasis!) : notes.join('；'),
  };
}

/** Validates a redaction request; throws a Chinese VALIDATION error naming the field. */
export function checkRedaction(basis: string, reason: string, fields: readonly string[]): void {
  if (!(REDACTION_BASES as readonly string[]).includes(basis)) {
    throw new AppError(ErrorCode.VALIDATION, `不予公开的依据应为${REDACTION_BASES.join('、')}之一`, [{ field: 'basis', reason: `收到「${basis}」` }]);
  }
  if (reason.trim().length < 4) throw new AppError(ErrorCode.VALIDATION, '请填写不予公开的具体理由（至少 4 个字）', [{ field: 'reason', reason: '理由过短' }]);
  if (!fields.length) throw new AppError(ErrorCode.VALIDATION, '请选择不予公开的字段', [{ field: 'fields', reason: '至少选择一项' }]);
  for (const f of fields) {
    if (!Object.hasOwn(REDACTABLE_FIELDS, f)) {
      throw new AppError(ErrorCode.VALIDATION, `字段「${f}」不能不予公开：检查机关、检查时间、计划与任务始终公开`, [{ field: 'fields', reason: f }]);
    }
  }
}

/** Publication rate in percent with one decimal (100 when nothing was due). */
export function publicationRate(published: number, total: number): number {
  return total === 0 ? 100 : Math.floor((published / total) * 1000) / 10;
}
