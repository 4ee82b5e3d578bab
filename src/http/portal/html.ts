/**
 * Server-rendered HTML of the public portal (/public): escaped template strings, one layout, no
 * inline script or style (the app's CSP: script-src 'self'), works without JavaScript. Chinese,
 * lang="zh-CN", landmarks (header/nav/main/footer), a skip link, captions and scoped table headers.
 */

/** A value made safe for HTML text and attributes. */
export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));
}

/** A trusted HTML fragment (already escaped). */
export class Html { constructor(readonly text: string) {} toString() { return this.text; } }

/** Tagged template: interpolated values are escaped unless they are Html (or arrays of Html). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.text : esc(x))).join('') : v instanceof Html ? v.text : esc(v);
    out += strings[i + 1]!;
  });
  return new Html(out);
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

const NAV: [string, string][] = [
  ['/public', '检查结果公示'], ['/public/plans', '抽查计划与事项清单'], ['/public/draws', '随机抽取公示'], ['/public/data', '开放数据'],
];

export function page(opts: { title: string; path: string; body: Html; head?: Html; scripts?: string[] }): string {
  return '<!doctype html>\n' + html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title} - 生态环境“双随机、一公开”信息公开</title>
<link rel="stylesheet" href="/public/assets/portal.css">
<link rel="alternate" type="application/atom+xml" title="最新公开的检查结果" href="/public/data/feed.atom">
${opts.head ?? new Html('')}
${(opts.scripts ?? []).map((s) => new Html(`<script src="${esc(s)}" defer></script>`))}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site"><div class="wrap"><p class="brand"><a href="/public">生态环境“双随机、一公开”信息公开</a></p>
<nav aria-label="主导航"><ul>${NAV.map(([href, label]) => html`<li><a href="${href}"${(opts.path === href || (href !== '/public' && opts.path.startsWith(href))) ? new Html(' aria-current="page"') : ''}>${label}</a></li>`)}</ul></nav></div></header>
<main id="main" class="wrap">
<h1>${opts.title}</h1>
${opts.body}
</main>
<footer class="site"><div class="wrap"><p>依据《关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》公开。涉及国家秘密、商业秘密、个人隐私的信息依法不予公开，但检查事项本身始终公示。</p></div></footer>
</body>
</html>`.text;
}

export const PORTAL_CSS = `
:root { --fg: #1f2329; --muted: #5c6370; --line: #d9dde3; --accent: #0b5cad; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.6 "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--fg); background: #fff; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 10; }
header.site { background: var(--accent); color: #fff; } header.site a { color: #fff; }
.brand { margin: 0; padding: 12px 0 4px; font-size: 20px; font-weight: 700; } .brand a { text-decoration: none; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 0; padding: 4px 0 12px; }
nav a[aria-current] { font-weight: 700; text-decoration: underline; }
h1 { font-size: 24px; margin: 20px 0 12px; } h2 { font-size: 19px; margin: 24px 0 8px; }
a { color: var(--accent); } a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
form.search { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; background: var(--bg); padding: 12px; border: 1px solid var(--line); }
form.search label { display: flex; flex-direction: column; font-size: 14px; color: var(--muted); }
input, select, button { font: inherit; padding: 6px 8px; border: 1px solid #8a919c; border-radius: 3px; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 15px; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); } td.num { text-align: right; }
.muted { color: var(--muted); } .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; font-size: 13px; }
.ok { color: #0a7a2f; } .bad { color: #b3261e; } .pager { display: flex; gap: 16px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; } dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; }
.notice { background: #fff8e1; border: 1px solid #f0d58c; padding: 8px 12px; }
/* Result lists: short columns on one line, the name wide enough to read, the long 检查内容 in three lines (whole on the result's page). */
.scroll { overflow-x: auto; } table.results th, table.results td.nowrap { white-space: nowrap; } table.results td:first-child { min-width: 9em; }
table.results td.content { font-size: 13px; color: var(--muted); min-width: 16em; }
/* 跨部门联合检查 in a result list: a small 「联合」 badge, the partners in its title and in text for screen readers only. */
.joint { display: inline-block; margin-left: 4px; padding: 0 5px; font-size: 12px; line-height: 18px; border: 1px solid #0a7a2f; border-radius: 3px; color: #0a7a2f; background: #eef7f0; white-space: nowrap; cursor: help; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
@media (max-width: 720px) { table { font-size: 14px; } th, td { padding: 4px; } }
`;
