/**
 * The CLI commands. Each opens the database chosen by DATABASE_URL or --data, calls use cases, and
 * closes it again.
 */
import { startScheduler } from '../services/supervision/scheduler.ts';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode, describeIssue } from '../domain/errors.ts';
import { openDatabase, type Database } from '../storage/database.ts';
import { getOrg, listOrgs, listRootOrgs, insertOrg, insertUser } from '../storage/repos/orgs.ts';
import { systemActor, type Ctx } from '../services/context.ts';
import { ENTITIES, type Entity } from '../http/contract.ts';
import { runImportJob, markInterruptedImports } from '../services/directory/import-jobs.ts';
import { directoryTemplate, exportDirectory } from '../services/directory/export-directory.ts';
import { backupDatabase, restoreDatabase } from '../storage/backup.ts';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '../services/seed-demo.ts';
import { lastCompleteQuarterEnd, simulateDemoYear } from '../services/demo/simulate-year.ts';
import { hashPassword } from '../services/passwords.ts';
import { buildApp, WEB_DIST } from '../http/app.ts';
import { LOG_REDACT } from '../http/security.ts';
import { progressBar } from './progress.ts';
import { verifyCommand, VERIFY_USAGE } from './verify-command.ts';
import { drawOfflineCommand, DRAW_OFFLINE_USAGE } from './draw-offline-command.ts';
import { runWorkdays, WORKDAYS_USAGE } from './workdays-command.ts';
import { AUDIT_OPTIONS, AUDIT_USAGE, runAudit } from './audit-command.ts';
import { createProfilesCommand, PROFILES_OPTIONS, PROFILES_USAGE } from './profiles-command.ts';
import { createPlanCommand, PLAN_OPTIONS, PLAN_USAGE } from './plan-command.ts';
import { classificationIdle } from '../services/classification/reclassify.ts';

type Values = Record<string, string | boolean | undefined>;
interface Command {
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  run(values: Values, positionals: string[]): Promise<number | void>;
}

const dataOpt = { data: { type: 'string' as const } };
const orgOpt = { org: { type: 'string' as const } };

export const USAGE = `shuangsui — 双随机、一公开监管平台

用法：shuangsui <命令> [选项]       （数据库：设置 DATABASE_URL 使用 PostgreSQL，否则使用 --data 目录中的内置数据库，默认 ./data）

  start [--port 3000] [--targets 2000]   首次运行时构建管理页面并生成示范数据，然后启动服务
  serve [--port 3000] [--host 0.0.0.0]    启动服务（空数据库时创建管理员 admin）
  migrate                                 执行数据库迁移
  demo [--targets N] [--through YYYY-MM-DD|none]   在空数据库中生成示范辖区（城市、区县、人员、事项、N 个检查对象），
                                          并模拟当年 1 月 1 日至该日的工作（默认：上一个完整季度末）
  import <targets|inspectors|items> FILE [--org CODE] [--dry-run]   导入 .xlsx/.csv（有任何错误则不导入）
  export <targets|inspectors|items> -o FILE [--org CODE]            导出为 .xlsx/.csv（按扩展名）
  template <targets|inspectors|items> -o FILE                       下载导入模板（.xlsx/.csv）
  orgs list [--json]                      列出机构
  backup -o FILE                          备份全部数据（.jsonl.gz，可在内置数据库与 PostgreSQL 间迁移）
  restore FILE                            恢复备份到空数据库
${VERIFY_USAGE}
${DRAW_OFFLINE_USAGE}
${WORKDAYS_USAGE}
${AUDIT_USAGE}
${PROFILES_USAGE}
${PLAN_USAGE}

通用选项：--data DIR   内置数据库目录（默认 ./data）
`;

/** Today as 'YYYY-MM-DD': demo event histories end here, so "last quarter" rules find events. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function withDatabase<T>(values: Values, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: String(values.data ?? './data') });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

async function rootCtx(database: Database, orgCode?: string): Promise<Ctx> {
  let org;
  if (orgCode) {
    org = await getOrg(database.pool, { code: orgCode });
    if (!org) throw new AppError(ErrorCode.NOT_FOUND, `机构编码「${orgCode}」不存在（shuangsui orgs list 可查看）`);
  } else {
    const roots = await listRootOrgs(database.pool);
    if (roots.length === 0) throw new AppError(ErrorCode.NOT_FOUND, '数据库中还没有机构：请先运行 shuangsui demo 或 shuangsui serve');
    if (roots.length > 1) throw new AppError(ErrorCode.VALIDATION, `有 ${roots.length} 个顶级机构，请用 --org 指定其一：${roots.map((r) => r.code).join('、')}`);
    org = roots[0]!;
  }
  return { database, actor: systemActor(org), now: () => new Date() };
}

function entityArg(value: string | undefined): Entity {
  if (!value || !(ENTITIES as readonly string[]).includes(value)) {
    throw new AppError(ErrorCode.VALIDATION, `请指定目录类型：${ENTITIES.join(' | ')}（检查对象 | 检查人员 | 抽查事项）`);
  }
  return value as Entity;
}

function formatOf(file: string): 'xlsx' | 'csv' {
  if (file.endsWith('.xlsx')) return 'xlsx';
  if (file.endsWith('.csv')) return 'csv';
  throw new AppError(ErrorCode.VALIDATION, `文件名应以 .xlsx 或 .csv 结尾：${file}`);
}

/** Creates the first organisation and its administrator on an empty database. */
async function bootstrapAdmin(database: Database): Promise<void> {
  const org = await insertOrg(database.pool, { code: 'root', name: '生态环境局', level: '市', parentId: null });
  const password = process.env.SHUANGSUI_ADMIN_PASSWORD || DEMO_PASSWORD;
  await insertUser(database.pool, { orgId: org.id, username: 'admin', displayName: '系统管理员', role: 'admin', passwordHash: await hashPassword(password) });
  process.stdout.write(`已创建机构「生态环境局」（编码 root）和管理员账号 admin（密码 ${process.env.SHUANGSUI_ADMIN_PASSWORD ? '取自 SHUANGSUI_ADMIN_PASSWORD' : DEMO_PASSWORD}），请登录后修改。\n`);
}

async function buildWebIfMissing(): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  process.stdout.write('首次运行：正在构建管理页面……\n');
  const { build } = await import('vite');
  await build({ configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}

/** Runs the demo year through `through` (services/demo/simulate-year.ts) with a progress line. */
async function simulateDemo(database: Database, through: string, filesDir: string, seed?: string): Promise<void> {
  process.stdout.write(`正在模拟示范辖区 ${through.slice(0, 4)} 年 1 月 1 日至 ${through} 的工作（年度计划、抽取、检查、公开）……\n`);
  const r = await simulateDemoYear(database, { through, filesDir, seed, onProgress: (m) => process.stdout.write(`  ${m}\n`) });
  process.stdout.write(`示范年度已模拟至 ${r.through}：年度计划 ${r.plans} 份，抽取 ${r.draws} 次（${r.tasks} 项任务），检查记录 ${r.records} 条（其中其他检查 ${r.targeted} 条），后续处理 ${r.followups} 项（已办结 ${r.closedFollowups} 项），已公开 ${r.published} 条（逾期公开 ${r.late} 条），待公开 ${r.pendingPublications} 条。\n`);
}

async function serve(values: Values, demoTargets?: number): Promise<void> {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: String(values.data ?? './data') });
  if (await isEmpty(database)) {
    if (demoTargets !== undefined) {
      process.stdout.write(`空数据库：正在生成示范数据（${demoTargets} 个检查对象）……\n`);
      await seedDemo(database, { targets: demoTargets, historyEnd: today() });
      // A failed simulation leaves the directories and what was done so far; the server starts anyway.
      await simulateDemo(database, lastCompleteQuarterEnd(today()), join(resolve(String(values.data ?? './data')), 'files'))
        .catch((e) => process.stdout.write(`示范年度模拟未完成（${e instanceof AppError ? e.message : String(e)}），已生成的数据保留，服务照常启动。\n`));
    } else await bootstrapAdmin(database);
  }
  const interrupted = await markInterruptedImports(database);
  if (interrupted) process.stdout.write(`有 ${interrupted} 个导入任务因服务器停止而中断，均未写入数据。\n`);
  const dataDir = resolve(String(values.data ?? './data'));
  const app = await buildApp({ database, logger: { level: process.env.LOG_LEVEL ?? 'warn', redact: LOG_REDACT }, uploadDir: join(dataDir, 'uploads') });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const host = String(values.host ?? process.env.HOST ?? '127.0.0.1');
  await app.listen({ port, host });
  // Reminders and the daily digest (#7): state in the database, so a restart catches up once.
  const scheduler = startScheduler(database);
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  process.stdout.write(`双随机、一公开监管平台已启动：http://${shown}:${port}/\n数据库：${database.mode === 'embedded' ? `内置数据库 ${resolve(database.location)}` : database.location}\n登录：admin / ${process.env.SHUANGSUI_ADMIN_PASSWORD ? '（SHUANGSUI_ADMIN_PASSWORD）' : DEMO_PASSWORD}\nAPI 文档：http://${shown}:${port}/api/docs\n`);
  const stop = async () => {
    await scheduler.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const planCommand = createPlanCommand();
const profilesCommand = createProfilesCommand();

export const commands: Record<string, Command> = {
  verify: verifyCommand,
  'draw-offline': drawOfflineCommand,
  plan: {
    options: { ...dataOpt, ...orgOpt, ...PLAN_OPTIONS },
    run: (v) => planCommand(v, (fn) => withDatabase(v, async (db) => fn(await rootCtx(db, v.org as string | undefined)))),
  },
  start: {
    options: { ...dataOpt, port: { type: 'string' }, host: { type: 'string' }, targets: { type: 'string' } },
    async run(v) {
      await buildWebIfMissing();
      await serve(v, Number(v.targets ?? 2000));
    },
  },
  serve: {
    options: { ...dataOpt, port: { type: 'string' }, host: { type: 'string' } },
    async run(v) { await serve(v); },
  },
  migrate: {
    options: dataOpt,
    async run(v) {
      await withDatabase(v, async (db) => process.stdout.write(`数据库迁移完成：${db.location}\n`));
    },
  },
  demo: {
    options: { ...dataOpt, targets: { type: 'string' }, seed: { type: 'string' }, through: { type: 'string' } },
    async run(v) {
      const targets = Number(v.targets ?? 2000);
      if (!Number.isInteger(targets) || targets < 1 || targets > 5_000_000) throw new AppError(ErrorCode.VALIDATION, '--targets 应为 1 到 5000000 之间的整数');
      // --through YYYY-MM-DD: run the year up to that day; default the end of the last complete quarter; 'none': no simulation.
      const through = v.through === undefined ? lastCompleteQuarterEnd(today()) : String(v.through);
      if (through !== 'none' && (!/^\d{4}-\d{2}-\d{2}$/.test(through) || Number.isNaN(Date.parse(`${through}T00:00:00Z`)) || through > today())) {
        throw new AppError(ErrorCode.VALIDATION, `--through 应为不晚于今天的日期 YYYY-MM-DD，或 none（不模拟）；收到「${through}」`);
      }
      await withDatabase(v, async (db) => {
        const bar = progressBar();
        const r = await seedDemo(db, { targets, seed: v.seed as string | undefined, historyEnd: today() }, (n, total) => bar({ phase: 'write', processed: n, totalRows: total }));
        process.stdout.write(`示范数据已生成：机构 ${r.orgs} 个，用户 ${r.users} 个（密码 ${DEMO_PASSWORD}），检查人员 ${r.inspectors} 人，抽查事项 ${r.items} 项，检查对象 ${r.targets} 个，事件 ${r.events} 条。\n`);
        if (through !== 'none') await simulateDemo(db, through, join(resolve(String(v.data ?? './data')), 'files'), v.seed as string | undefined);
      });
    },
  },
  import: {
    options: { ...dataOpt, ...orgOpt, 'dry-run': { type: 'boolean' } },
    async run(v, [entityName, file]) {
      const entity = entityArg(entityName);
      if (!file) throw new AppError(ErrorCode.VALIDATION, '请指定要导入的文件');
      if (!existsSync(file)) throw new AppError(ErrorCode.NOT_FOUND, `文件不存在：${file}`);
      return withDatabase(v, async (db) => {
        const ctx = await rootCtx(db, v.org as string | undefined);
        const job = await runImportJob(ctx, { entity, path: file, fileName: basename(file), dryRun: !!v['dry-run'], onProgress: progressBar() });
        await classificationIdle(); // automatic re-classification runs before the database closes
        if (job.status === 'imported' || job.status === 'validated') {
          process.stdout.write(`${job.message}\n`);
          return 0;
        }
        process.stderr.write(`${job.message ?? '导入失败'}\n`);
        for (const issue of job.issues.slice(0, 200)) process.stderr.write(`  ${describeIssue(issue)}\n`);
        if (job.issueCount > 200) process.stderr.write(`  ……另有 ${job.issueCount - 200} 处问题\n`);
        return 1;
      });
    },
  },
  export: {
    options: { ...dataOpt, ...orgOpt, output: { type: 'string', short: 'o' } },
    async run(v, [entityName]) {
      const entity = entityArg(entityName);
      const out = v.output as string | undefined;
      if (!out) throw new AppError(ErrorCode.VALIDATION, '请用 -o 指定输出文件（.xlsx 或 .csv）');
      const format = formatOf(out);
      await withDatabase(v, async (db) => {
        const ctx = await rootCtx(db, v.org as string | undefined);
        const n = await exportDirectory(ctx, entity, format, {}, out);
        process.stdout.write(`已导出 ${n} 条记录到 ${out}\n`);
      });
    },
  },
  template: {
    options: { ...dataOpt, output: { type: 'string', short: 'o' } },
    async run(v, [entityName]) {
      const entity = entityArg(entityName);
      const out = v.output as string | undefined;
      if (!out) throw new AppError(ErrorCode.VALIDATION, '请用 -o 指定输出文件（.xlsx 或 .csv）');
      writeFileSync(out, await directoryTemplate(entity, formatOf(out)));
      process.stdout.write(`模板已保存到 ${out}\n`);
    },
  },
  orgs: {
    options: { ...dataOpt, json: { type: 'boolean' } },
    async run(v, [sub]) {
      if (sub !== 'list') throw new AppError(ErrorCode.VALIDATION, '用法：shuangsui orgs list [--json]');
      await withDatabase(v, async (db) => {
        const orgs = await listOrgs(db.pool, '/');
        if (v.json) process.stdout.write(JSON.stringify(orgs, null, 2) + '\n');
        else for (const o of orgs) process.stdout.write(`${'  '.repeat(o.path.split('/').length - 3)}${o.code}\t${o.name}\t${o.level}${o.active ? '' : '\t（已停用）'}\n`);
      });
    },
  },
  profiles: {
    options: { ...dataOpt, ...PROFILES_OPTIONS },
    run: (v, args) => profilesCommand(v, args, (fn) => withDatabase(v, fn), Boolean(process.env.DATABASE_URL) || existsSync(String(v.data ?? './data'))),
  },
  audit: {
    options: { ...dataOpt, ...AUDIT_OPTIONS },
    async run(v, args) {
      return withDatabase(v, async (db) => {
        const r = await runAudit(db, args, { since: typeof v.since === 'string' ? v.since : undefined, json: Boolean(v.json) });
        process.stdout.write(r.out);
        return r.code;
      });
    },
  },
  workdays: {
    options: dataOpt,
    async run(v, args) {
      await withDatabase(v, async (db) => { process.stdout.write(await runWorkdays(db, args)); });
    },
  },
  backup: {
    options: { ...dataOpt, output: { type: 'string', short: 'o' } },
    async run(v) {
      const out = v.output as string | undefined;
      if (!out) throw new AppError(ErrorCode.VALIDATION, '请用 -o 指定备份文件，如 backup.jsonl.gz');
      await withDatabase(v, async (db) => {
        const counts = await backupDatabase(db, out);
        process.stdout.write(`已备份到 ${out}：${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join('，')}\n`);
      });
    },
  },
  restore: {
    options: dataOpt,
    async run(v, [file]) {
      if (!file || !existsSync(file)) throw new AppError(ErrorCode.NOT_FOUND, `备份文件不存在：${file ?? '（未指定）'}`);
      if (!process.env.DATABASE_URL) mkdirSync(String(v.data ?? './data'), { recursive: true });
      await withDatabase(v, async (db) => {
        const counts = await restoreDatabase(db, file);
        process.stdout.write(`已恢复：${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join('，')}\n`);
      });
    },
  },
};
