/**
 * Runs in the visitor's browser on /public/draws/:drawNo (served as /public/assets/verify.js, built
 * by esbuild from this file and the pure verifier in src/domain/draw/): downloads the bundle, recomputes
 * every hash, the seed, the selection and the teams, and compares the manifest and result hashes with
 * the ones the page published; "查看我的号码" is answered locally too. No inline script (CSP).
 */
import { verifyBundle, ticketReport, type Verification } from '../../../domain/draw/verify.ts';
import type { Bundle } from '../../../domain/draw/types.ts';

const $ = (id: string) => document.getElementById(id);

function text(tag: string, content: string, cls?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = content;
  if (cls) el.className = cls;
  return el;
}

let bundlePromise: Promise<Bundle> | null = null;
function loadBundle(drawNo: string): Promise<Bundle> {
  bundlePromise ??= fetch(`/public/draws/${encodeURIComponent(drawNo)}/bundle.json`, { headers: { Accept: 'application/json' } })
    .then((r) => { if (!r.ok) throw new Error(`证据包下载失败（HTTP ${r.status}）`); return r.json() as Promise<Bundle>; });
  return bundlePromise;
}

function showReport(v: Verification): void {
  const out = $('verify-report')!;
  out.replaceChildren();
  const table = document.createElement('table');
  table.append(text('caption', '验证明细'));
  const head = document.createElement('tr');
  head.append(text('th', '检查项'), text('th', '结果'), text('th', '说明'));
  head.querySelectorAll('th').forEach((th) => th.setAttribute('scope', 'col'));
  const thead = document.createElement('thead'); thead.append(head); table.append(thead);
  const body = document.createElement('tbody');
  for (const c of v.checks) {
    const tr = document.createElement('tr');
    tr.append(text('td', c.name), text('td', c.ok ? '通过' : '不通过', c.ok ? 'ok' : 'bad'), text('td', c.detail ?? '', 'hash'));
    body.append(tr);
  }
  table.append(body);
  out.append(table);
}

function init(): void {
  const info = $('draw');
  const button = $('verify-button') as HTMLButtonElement | null;
  if (!info || !button) return;
  const drawNo = info.dataset.draw!;
  const status = $('verify-status')!;
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = '正在下载证据包并重新计算……';
    status.className = '';
    loadBundle(drawNo).then((bundle) => {
      const v = verifyBundle(bundle, { manifestHash: info.dataset.manifestHash || undefined, resultHash: info.dataset.resultHash || undefined });
      showReport(v);
      const failed = v.checks.filter((c) => !c.ok).length;
      status.textContent = v.ok ? `验证通过：全部 ${v.checks.length} 项检查一致` : `验证不通过：${failed} 项不一致`;
      status.className = v.ok ? 'ok' : 'bad';
      status.setAttribute('data-result', v.ok ? 'ok' : 'failed');
    }).catch((e: unknown) => {
      status.textContent = `验证未完成：${e instanceof Error ? e.message : String(e)}`;
      status.className = 'bad';
      status.setAttribute('data-result', 'error');
    }).finally(() => { button.disabled = false; });
  });

  const form = $('ticket-form') as HTMLFormElement | null;
  form?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const target = String(data.get('target') ?? '').trim().toUpperCase();
    const stratum = String(data.get('stratum') ?? '');
    const out = $('ticket-out')!;
    loadBundle(drawNo).then((bundle) => {
      const t = ticketReport(bundle, stratum, target);
      const dl = document.createElement('dl');
      dl.className = 'kv'; dl.id = 'ticket-result'; dl.setAttribute('data-source', 'browser');
      const row = (k: string, v: string, cls?: string) => dl.append(text('dt', k), text('dd', v, cls));
      row('层级', t.stratum); row('检查对象', t.targetId); row('本企业号码', t.ticket, 'hash');
      row('排名', `第 ${t.rank} 位 / 共 ${t.poolSize} 家，本层级抽取 ${t.quota} 家`);
      row('入选分界号码', t.cutoff ?? '（本层级不抽取）', 'hash');
      row('结论', t.selected ? '号码不大于分界号码：已入选' : '号码大于分界号码：未入选', t.selected ? 'ok' : 'muted');
      out.replaceChildren(dl);
    }).catch((e: unknown) => {
      const p = text('p', e instanceof Error ? e.message : String(e), 'notice');
      p.id = 'ticket-result'; p.setAttribute('role', 'alert');
      out.replaceChildren(p);
    });
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
