/**
 * The public portal at /public (no login, server-rendered, works without JavaScript) and the open data
 * under /public/data. Everything here reads published results only (services/publication/portal.ts),
 * plans marked published, and draws as services/draw/read-draw.ts shows them to the public: the
 * commitment from freeze time, the bundle only after the reveal — with /public/assets/verify.js
 * recomputing it in the visitor's browser, and the enterprise's own ticket against its stratum's cut-off.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { ticketReport } from '../../domain/draw/verify.ts';
import type { Bundle } from '../../domain/draw/types.ts';
import { STANDARD_PHRASES } from '../../domain/publication/publication.ts';
import { describeRule } from '../../domain/policy/rule-text.ts';
import type { Database } from '../../storage/database.ts';
import { getPublicDraw, listPublicDraws } from '../../services/draw/read-draw.ts';
import { portalOrgs, portalSearch, publishedPlan, publishedPlans, sourcesOfPlan, type PortalQuery } from '../../services/publication/portal.ts';
import { publishedBetween, publishedById, recentPublished, searchPublished, type PublicResult } from '../../storage/repos/publications.ts';
import { atomFeed, CSV_HEADER, csvLine, OPEN_DATA_FIELDS, openDataRecord } from '../../services/publication/open-data.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { jointInspectionWording, jointPartnersOfTaskName } from '../../domain/joint-partners.ts';
import { STATUS } from '../errors.ts';
import { html, Html, page, PORTAL_CSS, qs } from '../portal/html.ts';
import { portalVerifyScript } from '../portal/verify-script.ts';
import { portalGeneration } from '../../services/publication/portal-cache.ts';

/** The independent verifier (Python 3, standard library), offered beside every revealed bundle. */
const SSJ_VERIFY_PY = readFileSync(new URL('../../domain/draw/ssj-verify.py', import.meta.url), 'utf8');
/** Rendered pages kept this long (ms; PORTAL_CACHE_MS, 0 = off), invalidated at once by a publish or redaction in this process. */
const CACHE_MS = Number(process.env.PORTAL_CACHE_MS ?? 5000);
const CACHE_MAX = 2000;

type Q = Record<string, string | undefined>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
function query(req: FastifyRequest): Q {
  const out: Q = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) out[k] = str(Array.isArray(v) ? v[0] : v);
  return out;
}

const RESULTS = Object.values(STANDARD_PHRASES);

function sendPage(reply: FastifyReply, body: string, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'public, max-age=10').send(body);
}

/** A small per-app cache of rendered 200 pages by URL (oldest evicted first). */
function pageCache() {
  const entries = new Map<string, { at: number; gen: number; body: string }>();
  return {
    get(url: string): string | undefined {
      if (CACHE_MS <= 0) return undefined;
      const e = entries.get(url);
      if (!e) return undefined;
      if (e.gen !== portalGeneration() || Date.now() - e.at > CACHE_MS) { entries.delete(url); return undefined; }
      return e.body;
    },
    set(url: string, body: string): void {
      if (CACHE_MS <= 0) return;
      if (entries.size >= CACHE_MAX) entries.delete(entries.keys().next().value!);
      entries.set(url, { at: Date.now(), gen: portalGeneration(), body });
    },
  };
}

function errorPage(reply: FastifyReply, path: string, e: unknown) {
  if (!(e instanceof AppError)) throw e;
  const status = STATUS[e.code] ?? 400;
  return sendPage(reply, page({ title: status === 404 ? '未找到' : '查询条件有误', path, body: html`<p class="notice" role="alert">${e.message}</p><p><a href="/public">返回检查结果公示</a></p>` }), status);
}

/**
 * 「联合」 after the 抽查类型 of a 跨部门联合检查, its title and hidden text naming the partners — read from the published
 * 任务名称 only (the wording queue-publications appended), so a list shows nothing the result's own page does not.
 */
function jointMark(r: PublicResult): Html {
  const partners = jointPartnersOfTaskName(r.taskName);
  if (!partners.length) return html``;
  const wording = jointInspectionWording(partners);
  return html` <span class="joint" title="${wording}">联合<span class="vh">${wording.slice(2)}</span></span>`;
}

function resultTable(rows: PublicResult[], caption: string, withEnterpriseLink = true): Html {
  if (!rows.length) return html`<p class="notice">没有符合条件的已公开检查结果。</p>`;
  return html`<div class="scroll"><table class="results"><caption>${caption}</caption><thead><tr><th scope="col">主体名称</th><th scope="col">统一社会信用代码</th><th scope="col">检查机关</th><th scope="col">抽查类型</th><th scope="col">检查时间</th><th scope="col">检查内容</th><th scope="col">检查结果</th><th scope="col">备注</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${withEnterpriseLink && /^[0-9A-Z]{18}$/.test(r.creditCode) ? html`<a href="/public/enterprises/${encodeURIComponent(r.creditCode)}">${r.enterpriseName}</a>` : r.enterpriseName}</td><td class="nowrap">${r.creditCode}</td><td>${r.authority}</td><td class="nowrap">${r.checkType}${jointMark(r)}</td><td class="nowrap">${r.inspectedOn}</td><td class="content"><div class="clamp">${r.content}</div></td><td><a href="/public/results/${r.id}">${r.result}</a></td><td>${r.remark}</td></tr>\n`)}
</tbody></table></div>`;
}

async function searchForm(db: Database, q: Q): Promise<Html> {
  const orgs = await portalOrgs(db.pool);
  return html`<form class="search" method="get" action="/public" role="search" aria-label="检索检查结果">
<label>企业名称或统一社会信用代码<input name="q" value="${q.q ?? ''}" maxlength="50" autocomplete="off"></label>
<label>检查机关<select name="org"><option value="">全部</option>${orgs.map((o) => html`<option value="${o.code}"${o.code === q.org ? new Html(' selected') : ''}>${o.name}</option>`)}</select></label>
<label>期间<input name="period" value="${q.period ?? ''}" placeholder="如 2025-Q1" maxlength="10" size="10"></label>
<label>检查结果<select name="result"><option value="">全部</option>${RESULTS.map((r) => html`<option${r === q.result ? new Html(' selected') : ''}>${r}</option>`)}</select></label>
<button type="submit">检索</button></form>`;
}

export function portalRoutes(db: Database): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const cache = pageCache();
    // Served from the cache before the handler runs; a handler's 200 HTML page is stored on the way out.
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'GET' || !req.url.startsWith('/public') || req.url.startsWith('/public/data') || req.url.startsWith('/public/assets')) return;
      const hit = cache.get(req.url);
      if (hit !== undefined) return sendPage(reply, hit);
    });
    app.addHook('onSend', async (req, reply, payload) => {
      if (req.method === 'GET' && reply.statusCode === 200 && typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
        && req.url.startsWith('/public') && !req.url.startsWith('/public/data') && !req.url.startsWith('/public/assets')) cache.set(req.url, payload);
      return payload;
    });
    app.get('/public/assets/portal.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(PORTAL_CSS));
    app.get('/public/assets/ssj-verify.py', async (_req, reply) => reply.type('text/x-python; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(SSJ_VERIFY_PY));
    app.get('/public/assets/verify.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(await portalVerifyScript()));

    app.get('/public', async (req, reply) => {
      const q = query(req);
      try {
        const { rows, next } = await portalSearch(db.pool, q as PortalQuery);
        const searching = Boolean(q.q || q.code || q.org || q.period || q.result);
        return sendPage(reply, page({ title: '检查结果公示', path: '/public', body: html`
<p>各级生态环境部门“双随机”抽查及其他检查的结果，按检查完成日期由近及远排列。可按企业名称、统一社会信用代码、检查机关、期间和检查结果检索。</p>
${await searchForm(db, q)}
${resultTable(rows, searching ? '检索结果' : '最新公开的检查结果')}
${next ? html`<p class="pager"><a href="/public${qs({ ...q, after: next })}" rel="next">下一页</a></p>` : ''}` }));
      } catch (e) { return errorPage(reply, '/public', e); }
    });

    app.get<{ Params: { id: string } }>('/public/results/:id', async (req, reply) => {
      const id = Number(req.params.id);
      const one = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await publishedById(db.pool, id) : undefined;
      if (!one) return errorPage(reply, '/public', new AppError(ErrorCode.NOT_FOUND, '该检查结果不存在或尚未公开'));
      const o = openDataRecord(one);
      return sendPage(reply, page({ title: `${o.enterpriseName}：${o.result}`, path: '/public', body: html`<dl class="kv">
${OPEN_DATA_FIELDS.map(([k, h]) => html`<dt>${h}</dt><dd>${o[k] || '—'}</dd>`)}
<dt>检查时间</dt><dd>${o.inspectedOn}</dd><dt>检查内容</dt><dd>${o.content}</dd></dl>
${/^[0-9A-Z]{18}$/.test(o.creditCode) ? html`<p><a href="/public/enterprises/${encodeURIComponent(o.creditCode)}">该企业的全部检查记录</a></p>` : ''}` }));
    });

    app.get<{ Params: { code: string } }>('/public/enterprises/:code', async (req, reply) => {
      const code = req.params.code.trim().toUpperCase();
      if (!/^[0-9A-Z]{18}$/.test(code)) return errorPage(reply, '/public', new AppError(ErrorCode.VALIDATION, `「${req.params.code}」不是有效的统一社会信用代码`));
      const rows = await searchPublished(db.pool, { creditCode: code, limit: 500 });
      const name = rows[0]?.enterpriseName ?? code;
      return sendPage(reply, page({ title: `${name} 的检查记录`, path: '/public', body: html`
<p>统一社会信用代码 <span class="hash">${code}</span> 的全部已公开检查结果（${rows.length} 条）。</p>
${resultTable(rows, '检查记录（按检查完成日期由近及远）', false)}` }));
    });

    app.get('/public/plans', async (_req, reply) => {
      const plans = await publishedPlans(db.pool);
      return sendPage(reply, page({ title: '抽查计划与事项清单', path: '/public/plans', body: html`
<p>年度“双随机、一公开”抽查计划、抽查事项清单、监管方案，以及年度列入随机抽查日常监管的污染源名单。</p>
${plans.length ? html`<table><caption>已公开的年度抽查计划</caption><thead><tr><th scope="col">年度</th><th scope="col">单位</th><th scope="col">版次</th><th scope="col">公开日期</th><th scope="col">内容</th></tr></thead><tbody>
${plans.map((p) => html`<tr><td>${p.year}</td><td>${p.orgName}</td><td>第 ${p.revision} 版</td><td>${new Date(p.publishedAt).toISOString().slice(0, 10)}</td><td><a href="/public/plans/${p.id}">计划、事项清单与方案</a> · <a href="/public/plans/${p.id}/sources">污染源名单</a></td></tr>\n`)}
</tbody></table>` : html`<p class="notice">尚无公开的抽查计划。</p>`}` }));
    });

    app.get<{ Params: { id: string } }>('/public/plans/:id', async (req, reply) => {
      try {
        const { plan, profile } = await publishedPlan(db.pool, Number(req.params.id));
        return sendPage(reply, page({ title: `${plan.orgName}${plan.year}年度“双随机、一公开”抽查计划`, path: '/public/plans', body: html`
<p>第 ${plan.revision} 版，依据监管方案「${profile.name}」。<a href="/public/plans/${plan.id}/sources">本年度列入随机抽查日常监管的污染源名单</a></p>
<table><caption>抽查计划（各层级、各期间的抽查数量）</caption><thead><tr><th scope="col">检查对象（层级）</th><th scope="col">事项</th><th scope="col">期间</th><th scope="col" class="num">名录数</th><th scope="col" class="num">抽查数</th><th scope="col">计算方式</th></tr></thead><tbody>
${plan.lines.map((l) => html`<tr><td>${l.label}</td><td>${l.item ?? '—'}</td><td>${l.period}</td><td class="num">${l.pool}</td><td class="num">${l.count}</td><td>${l.formula}</td></tr>\n`)}
</tbody></table>
<h2>抽查事项清单</h2>
${profile.items.length ? html`<table><caption>抽查事项</caption><thead><tr><th scope="col">序号</th><th scope="col">抽查事项</th><th scope="col">实施部门</th><th scope="col">检查内容</th></tr></thead><tbody>
${profile.items.map((i) => html`<tr><td>${i.no}</td><td>${i.name}</td><td>${i.department}${i.cooperating.length ? `（配合：${i.cooperating.join('、')}）` : ''}</td><td>${i.checklist.join('；')}</td></tr>\n`)}</tbody></table>`
  : html`<p>本方案未单列抽查事项；检查内容为污染源日常环境监管的通用内容。</p>`}
<h2>监管方案：抽查层级与比例</h2>
<table><caption>抽查层级</caption><thead><tr><th scope="col">层级</th><th scope="col">抽查比例与频次</th><th scope="col">依据</th></tr></thead><tbody>
${profile.strata.map((s) => html`<tr><td>${s.label}</td><td>${s.rules.map((r) => describeRule(r)).join('；')}</td><td>${s.rules.map((r) => r.cite.article).join('；')}</td></tr>\n`)}
</tbody></table>` }));
      } catch (e) { return errorPage(reply, '/public/plans', e); }
    });

    app.get<{ Params: { id: string } }>('/public/plans/:id/sources', async (req, reply) => {
      try {
        const q = query(req);
        const pageNo = Math.max(1, Number(q.page) || 1);
        const { plan } = await publishedPlan(db.pool, Number(req.params.id));
        const s = await sourcesOfPlan(db.pool, plan.id, pageNo);
        const pages = Math.ceil(s.total / 100);
        return sendPage(reply, page({ title: `${plan.orgName}${plan.year}年度列入随机抽查日常监管的污染源名单`, path: '/public/plans', body: s.run ? html`
<p>按 ${s.run.asOf} 的分类结果，共 ${s.total} 家（第 ${pageNo}/${Math.max(1, pages)} 页）。</p>
<table><caption>污染源名单</caption><thead><tr><th scope="col">类别</th><th scope="col">名称</th><th scope="col">统一社会信用代码</th><th scope="col">区域</th></tr></thead><tbody>
${s.rows.map((r) => html`<tr><td>${r.category}</td><td>${r.name}</td><td>${r.identifier}</td><td>${r.region ?? ''}</td></tr>\n`)}</tbody></table>
<p class="pager">${pageNo > 1 ? html`<a href="?page=${pageNo - 1}" rel="prev">上一页</a>` : ''}${pageNo < pages ? html`<a href="?page=${pageNo + 1}" rel="next">下一页</a>` : ''}</p>`
          : html`<p class="notice">本年度的分类名单尚未生成。</p>` }));
      } catch (e) { return errorPage(reply, '/public/plans', e); }
    });

    app.get('/public/draws', async (req, reply) => {
      const q = query(req);
      const orgs = await portalOrgs(db.pool);
      const org = orgs.find((o) => o.code === q.org) ?? null;
      const draws = (await Promise.all((org ? [org] : orgs).map((o) => listPublicDraws(db.pool, o.code)))).flat();
      return sendPage(reply, page({ title: '随机抽取公示', path: '/public/draws', body: html`
<p>每次抽取在冻结名录时公布清单哈希和承诺值；抽取后公布结果哈希；公开后提供完整证据包，任何人可在浏览器中重新计算验证，企业可查看自己的号码与本层级的入选分界号码。</p>
<form class="search" method="get" action="/public/draws"><label>单位<select name="org"><option value="">全部</option>${orgs.map((o) => html`<option value="${o.code}"${o.code === q.org ? new Html(' selected') : ''}>${o.name}</option>`)}</select></label><button type="submit">筛选</button></form>
${draws.length ? html`<table><caption>抽取记录</caption><thead><tr><th scope="col">抽取编号</th><th scope="col">单位</th><th scope="col">期间</th><th scope="col">抽取日期</th><th scope="col">状态</th><th scope="col">承诺值</th></tr></thead><tbody>
${draws.map((d) => html`<tr><td><a href="/public/draws/${encodeURIComponent(d.drawNo)}">${d.drawNo}</a></td><td>${d.org}</td><td>${d.period}</td><td>${d.drawDate}</td><td>${d.statusLabel}</td><td class="hash">${d.commitment}</td></tr>\n`)}
</tbody></table>` : html`<p class="notice">尚无抽取记录。</p>`}` }));
    });

    app.get<{ Params: { drawNo: string } }>('/public/draws/:drawNo/bundle.json', async (req, reply) => {
      try {
        const d = await getPublicDraw(db.pool, req.params.drawNo);
        if (!d.bundle) throw new AppError(ErrorCode.NOT_FOUND, `抽取 ${d.drawNo} 尚未公开，证据包在公开后提供`);
        return reply.type('application/json; charset=utf-8').header('Content-Disposition', `attachment; filename="${d.drawNo}-bundle.json"`).send(JSON.stringify(d.bundle));
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return reply.status(STATUS[e.code]).send({ code: e.code, message: e.message });
      }
    });

    app.get<{ Params: { drawNo: string } }>('/public/draws/:drawNo', async (req, reply) => {
      const q = query(req);
      try {
        const d = await getPublicDraw(db.pool, req.params.drawNo);
        const bundle = d.bundle as Bundle | null;
        let ticket: Html = html``;
        if (bundle && q.target) {
          try {
            const t = ticketReport(bundle, q.stratum ?? '', q.target.trim().toUpperCase());
            ticket = ticketHtml(t);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            ticket = html`<p class="notice" role="alert" id="ticket-result">${e.message}</p>`;
          }
        }
        const strata = bundle ? bundle.manifest.strata.map((s) => s.label) : [];
        return sendPage(reply, page({ title: `抽取 ${d.drawNo}`, path: '/public/draws', scripts: bundle ? ['/public/assets/verify.js'] : [], body: html`
<dl class="kv" id="draw" data-draw="${d.drawNo}" data-manifest-hash="${d.manifestHash}" data-result-hash="${d.resultHash ?? ''}">
<dt>单位</dt><dd>${d.org}</dd><dt>期间</dt><dd>${d.period}</dd><dt>抽取日期</dt><dd>${d.drawDate}</dd><dt>状态</dt><dd>${d.statusLabel}</dd>
<dt>清单哈希（冻结时公布）</dt><dd class="hash">${d.manifestHash}</dd>
<dt>承诺值（冻结时公布）</dt><dd class="hash">${d.commitment}</dd>
<dt>公开随机数来源</dt><dd>${d.publicValueSource}</dd>
<dt>结果哈希</dt><dd class="hash">${d.resultHash ?? '尚未抽取'}</dd>
${d.revealedAt ? html`<dt>公开时间</dt><dd>${d.revealedAt.slice(0, 10)}</dd>` : ''}
</dl>
${bundle ? html`
<h2>证据包与验证</h2>
<p><a href="/public/draws/${encodeURIComponent(d.drawNo)}/bundle.json" download>下载证据包（JSON）</a>，可用任何实现 SSJ-DRAW/1 的程序独立验证，例如本平台之外独立编写的
<a href="/public/assets/ssj-verify.py" download>验证程序 ssj-verify.py</a>（Python 3，只用标准库）：<code>python3 ssj-verify.py 证据包.json --manifest-hash ${d.manifestHash}${d.resultHash ? ` --result-hash ${d.resultHash}` : ''}</code></p>
<p><button type="button" id="verify-button">在浏览器中验证</button> <span id="verify-status" role="status" aria-live="polite"></span></p>
<noscript><p class="notice">浏览器验证需要启用 JavaScript；也可下载证据包后用命令 <code>shuangsui verify</code> 验证。</p></noscript>
<div id="verify-report"></div>
<h2>查看我的号码</h2>
<p>输入企业的统一社会信用代码（检查对象编号）并选择层级，显示该企业的号码、排名和本层级的入选分界号码（号码越小越先入选）。</p>
<form class="search" method="get" action="/public/draws/${d.drawNo}" id="ticket-form">
<label>统一社会信用代码<input name="target" value="${q.target ?? ''}" maxlength="40" required></label>
<label>层级<select name="stratum">${strata.map((s) => html`<option${s === q.stratum ? new Html(' selected') : ''}>${s}</option>`)}</select></label>
<button type="submit">查看</button></form>
<div id="ticket-out">${ticket}</div>
<h2>抽取结果</h2>
<table><caption>抽中的检查对象与检查人员（${bundle.result.tasks.length} 项）</caption><thead><tr><th scope="col">序号</th><th scope="col">检查对象编号</th><th scope="col">层级</th><th scope="col">检查人员编号</th></tr></thead><tbody>
${bundle.result.tasks.map((t, i) => html`<tr><td>${i + 1}</td><td>${t.targetId}</td><td>${t.items.join('、')}</td><td>${t.inspectors.join('、')}</td></tr>\n`)}
</tbody></table>` : html`<p class="notice">抽取结果公开后，将在此提供证据包、浏览器验证和“查看我的号码”。</p>`}` }));
      } catch (e) { return errorPage(reply, '/public/draws', e); }
    });

    app.get('/public/data', async (_req, reply) => sendPage(reply, page({ title: '开放数据', path: '/public/data', body: html`
<p>已公开的检查结果按国家“双随机、一公开”公示格式提供下载，字段为：${OPEN_DATA_FIELDS.map(([, h]) => h).join('、')}（另附检查时间、检查内容）。可按期间下载（如 <code>?period=2025-Q1</code>），不带期间时为全部。</p>
<ul>
<li><a href="/public/data/results.csv">CSV（UTF-8）</a></li>
<li><a href="/public/data/results.json">JSON</a></li>
<li><a href="/public/data/feed.atom">Atom 订阅：最新公开的检查结果</a></li>
</ul>` })));

    const range = (q: Q) => {
      if (!q.period) return { start: '1900-01-01', end: '9999-12-31' };
      try { return periodRange(q.period); } catch { throw new AppError(ErrorCode.VALIDATION, `期间「${q.period}」格式不对：应为 2025、2025-Q1、2025-H1 或 2025-M03`); }
    };
    async function* allRows(from: string, to: string) {
      let after = 0;
      for (;;) {
        const rows = await publishedBetween(db.pool, from, to, after, 2000);
        for (const r of rows) yield r;
        if (rows.length < 2000) return;
        after = rows.at(-1)!.id;
      }
    }
    const dataError = (reply: FastifyReply, e: unknown) => {
      if (!(e instanceof AppError)) throw e;
      return reply.status(STATUS[e.code]).type('text/plain; charset=utf-8').send(e.message);
    };

    app.get('/public/data/results.csv', async (req, reply) => {
      try {
        const { start, end } = range(query(req));
        const gen = async function* () { yield CSV_HEADER; for await (const r of allRows(start, end)) yield csvLine(r); };
        return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="results.csv"').send(Readable.from(gen()));
      } catch (e) { return dataError(reply, e); }
    });
    app.get('/public/data/results.json', async (req, reply) => {
      try {
        const q = query(req);
        const { start, end } = range(q);
        const gen = async function* () {
          yield `{"fields":${JSON.stringify(Object.fromEntries(OPEN_DATA_FIELDS))},"period":${JSON.stringify(q.period ?? null)},"results":[`;
          let first = true;
          for await (const r of allRows(start, end)) { yield (first ? '\n' : ',\n') + JSON.stringify(openDataRecord(r)); first = false; }
          yield '\n]}\n';
        };
        return reply.type('application/json; charset=utf-8').send(Readable.from(gen()));
      } catch (e) { return dataError(reply, e); }
    });
    app.get('/public/data/feed.atom', async (req, reply) => {
      const base = `${req.protocol}://${req.host}`;
      return reply.type('application/atom+xml; charset=utf-8').header('Cache-Control', 'public, max-age=60').send(atomFeed(await recentPublished(db.pool, 100), base, new Date()));
    });
  };
}

function ticketHtml(t: ReturnType<typeof ticketReport>): Html {
  return html`<dl class="kv" id="ticket-result"><dt>层级</dt><dd>${t.stratum}</dd><dt>检查对象</dt><dd>${t.targetId}</dd>
<dt>本企业号码</dt><dd class="hash">${t.ticket}</dd><dt>排名</dt><dd>第 ${t.rank} 位 / 共 ${t.poolSize} 家，本层级抽取 ${t.quota} 家</dd>
<dt>入选分界号码</dt><dd class="hash">${t.cutoff ?? '（本层级不抽取）'}</dd>
<dt>结论</dt><dd class="${t.selected ? 'ok' : 'muted'}">${t.selected ? '号码不大于分界号码：已入选' : '号码大于分界号码：未入选'}</dd></dl>`;
}

