import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../calendar/calendar.ts';
import { getProfile } from '../policy/profiles/index.ts';
import { checkRedaction, dueState, publicationDue, publicationRate, publicView, standardPhrase } from './publication.ts';

const cal = createCalendar();
const due = (profile: string, completedOn: string, periodTasksDoneOn?: string | null) =>
  publicationDue(getProfile(profile).disclosures, { completedOn, periodTasksDoneOn }, cal);

test('standard phrases follow the result and the gravest follow-up', () => {
  assert.equal(standardPhrase('未发现问题'), '未发现问题');
  assert.equal(standardPhrase('发现问题，责令整改'), '发现问题已责令整改');
  assert.equal(standardPhrase('涉嫌环境违法，立案查处'), '发现违法行为已立案调查');
  assert.equal(standardPhrase('发现问题，责令整改', ['责令整改', '立案']), '发现违法行为已立案调查');
  assert.throws(() => standardPhrase(null), /无法对应公示用语/);
});

test('20 working days (枣庄, 武隆) across the 2024 National Day holiday (9-29 and 10-12 worked, 10-1…7 off)', () => {
  // 9-27 Fri → 9-29 (调休) 1, 9-30 2, 10-8 3 … 10-12 (调休) 7 … 10-30 is the 20th.
  assert.equal(due('zaozhuang', '2024-09-27')!.due, '2024-10-30');
  assert.equal(due('wulong', '2024-09-27')!.due, '2024-10-30');
  assert.match(due('zaozhuang', '2024-09-27')!.rule, /20 个工作日内/);
  // Completed on the holiday itself: counting starts at 10-8.
  assert.equal(due('wulong', '2024-10-03')!.due, '2024-11-01');
});

test('18 working days (南山) across the 2025 Spring Festival (1-26 and 2-8 worked, 1-28…2-4 off)', () => {
  // 1-24 Fri → 1-26 (调休) 1, 1-27 2, 2-5 3, 2-6 4, 2-7 5, 2-8 (调休) 6, 2-10 7 … 2-25 is the 18th.
  assert.equal(due('nanshan', '2025-01-24')!.due, '2025-02-25');
  assert.equal(due('zaozhuang', '2025-01-24')!.due, '2025-02-27');
  assert.equal(due('nanshan', '2024-09-27')!.due, '2024-10-28');
});

test('南山 quarterly ledger: 13 natural days after the quarter\'s last task, binding when earlier', () => {
  // Last task of 2025-Q1 done 3-31 → ledger by 4-13; a task done 3-31 has 18 working days (4-25), so the ledger binds.
  const d = due('nanshan', '2025-03-31', '2025-03-31')!;
  assert.equal(d.due, '2025-04-13');
  assert.match(d.rule, /13 个自然日内/);
  // While the quarter's tasks are open the ledger deadline is not running.
  assert.equal(due('nanshan', '2025-03-31', null)!.due, '2025-04-25');
});

test('保定 monthly: by the 10th of the next month (natural days); 陵川 quarterly without a number', () => {
  assert.equal(due('baoding-city', '2024-09-05')!.due, '2024-10-10');
  assert.equal(due('baoding-county', '2025-01-20')!.due, '2025-02-10');
  const l = due('lingchuan', '2025-02-14')!;
  assert.equal(l.due, '2025-06-30');
  assert.match(l.rule, /未规定天数/);
});

test('due state: the deadline day itself is on time', () => {
  assert.equal(dueState({ status: 'pending', dueOn: '2024-10-30' }, '2024-10-30'), 'due');
  assert.equal(dueState({ status: 'pending', dueOn: '2024-10-30' }, '2024-10-31'), 'overdue');
  assert.equal(dueState({ status: 'pending', dueOn: '2024-10-30' }, '2024-10-01'), 'open');
  assert.equal(dueState({ status: 'published', dueOn: '2024-10-30', publishedOn: '2024-11-02' }, '2024-12-01'), 'publishedLate');
});

test('redaction narrows the fields shown, names its basis, and refuses the fields that are always public', () => {
  const v = publicView({ enterpriseName: '某某化工有限公司', creditCode: '91370400MA3C0000X1', content: '废水', result: '未发现问题', remark: null, redactionBasis: '商业秘密', redactedFields: ['content'] });
  assert.equal(v.enterpriseName, '某某化工有限公司');
  assert.equal(v.content, '依法不予公开（商业秘密）');
  assert.match(v.remark, /检查内容/);
  const p = publicView({ enterpriseName: '张三个体诊所', creditCode: '92370400MA3C0000X1', content: '废水', result: '未发现问题', remark: '住址某街道 8 号', redactionBasis: '个人隐私', redactedFields: ['enterpriseName', 'creditCode', 'remark'] });
  assert.ok(!JSON.stringify(p).includes('张三') && !JSON.stringify(p).includes('92370400') && !JSON.stringify(p).includes('某街道'));
  assert.throws(() => checkRedaction('个人隐私', '涉及个人住址信息', ['authority']), /始终公开/);
  assert.throws(() => checkRedaction('不想公开', '涉及个人住址信息', ['content']), /依据/);
  assert.throws(() => checkRedaction('个人隐私', '', ['content']), /理由/);
  assert.equal(publicationRate(2, 3), 66.6);
  assert.equal(publicationRate(0, 0), 100);
});
