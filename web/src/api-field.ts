/**
 * API client of the mobile field screens (检查任务, 现场检查记录) and the offline outbox: a record being
 * filled is kept in localStorage under its client key (a UUID made once per task), so it survives a
 * dead network and a reload; "提交" puts it in the outbox, which is sent whenever the browser is back
 * online (and every few seconds) — draft, then the photos and signatures, then the submission. The
 * server recognises the client key, so a replayed submission never creates a second record.
 */
import type { z } from 'zod';
import type { inspectionSaveBody } from '../../src/http/contract-inspections.ts';
import { ApiError, CSRF_HEADERS, request } from './api.ts';

export interface FieldTask {
  id: number; drawNo: string; period: string; targetId: number; targetName: string; items: string[];
  deadline: string | null; status: string; recordId: number | null; recordStatus: string | null; openFollowups: number;
}
export interface FieldLine { position: number; item: string; content: string; verdict: '符合' | '不符合' | '不涉及' | null; finding: string | null }
export interface FieldRecord { id: number; status: 'draft' | 'submitted'; team: number[]; lines: FieldLine[]; resultCategory: string | null; mode: string; enterpriseRepresentative: string | null }
export interface FieldDetail { record: FieldRecord; inspectors: { id: number; name: string; certNo: string }[]; attachments: { id: number; kind: string; fileName: string; capturedAt: string; signerName: string | null }[] }

/** A data URL's bytes as a Blob (no fetch: it must work with the network down). */
function blobOf(dataUrl: string): Blob {
  const [head, data] = dataUrl.split(',', 2) as [string, string];
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream' });
}

export const fieldApi = {
  tasks: () => request<{ tasks: FieldTask[] }>('/api/inspection-tasks/mine'),
  save: (body: z.input<typeof inspectionSaveBody>) => request<{ record: FieldRecord; created: boolean; alreadySubmitted: boolean }>('/api/inspections', { method: 'PUT', body }),
  get: (id: number) => request<FieldDetail>(`/api/inspections/${id}`),
  async upload(recordId: number, dataUrl: string, fileName: string, signer?: { inspectorId: number } | { enterprise: string }): Promise<void> {
    const blob = blobOf(dataUrl);
    const form = new FormData();
    form.append('file', blob, fileName);
    const q = !signer ? '' : 'inspectorId' in signer ? `?signerInspectorId=${signer.inspectorId}` : `?enterpriseSigner=${encodeURIComponent(signer.enterprise)}`;
    let res: Response;
    try {
      res = await fetch(`/api/inspections/${recordId}/attachments${q}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { ...CSRF_HEADERS, Accept: 'application/json' } });
    } catch {
      throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
    }
    if (!res.ok) {
      const body = await res.json().catch(() => ({})) as { message?: string; code?: string };
      throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? `上传失败（HTTP ${res.status}）`);
    }
  },
};

/** A file waiting to be uploaded with the record (a photo, or a signature drawn on screen). */
export interface PendingFile { key: string; dataUrl: string; fileName: string; signer?: { inspectorId: number } | { enterprise: string }; uploaded?: boolean }

/** Everything about one task's record kept on the phone. */
export interface LocalRecord {
  clientKey: string;
  taskId: number;
  body: Omit<z.input<typeof inspectionSaveBody>, 'clientKey' | 'taskId' | 'submit'>;
  files: PendingFile[];
  /** 'editing' | 'queued' (submission waiting for the network) | 'submitted' */
  state: 'editing' | 'queued' | 'submitted';
  recordId?: number;
  /** The checklist and team as the server created the draft (so the form works offline). */
  lines?: FieldLine[];
  inspectors?: { id: number; name: string; certNo: string }[];
  error?: string;
}

const KEY = (taskId: number) => `shuangsui.field.${taskId}`;

/** The record of a task kept locally (a new one with a fresh client key when none). */
export function loadLocal(taskId: number, init: () => LocalRecord['body']): LocalRecord {
  const raw = localStorage.getItem(KEY(taskId));
  if (raw) return JSON.parse(raw) as LocalRecord;
  return { clientKey: crypto.randomUUID(), taskId, body: init(), files: [], state: 'editing' };
}

/** Keeps the record on the phone (survives a lost network and a reload). */
export function saveLocal(r: LocalRecord): void {
  localStorage.setItem(KEY(r.taskId), JSON.stringify(r));
}

function queued(): LocalRecord[] {
  const out: LocalRecord[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i)!;
    if (!k.startsWith('shuangsui.field.')) continue;
    const r = JSON.parse(localStorage.getItem(k)!) as LocalRecord;
    if (r.state === 'queued') out.push(r);
  }
  return out;
}

let flushing: Promise<void> | null = null;

/**
 * Sends every queued record: the draft (creating it), its files not yet uploaded, then the
 * submission. Stops at the first network failure (tried again later); a refusal by the server is
 * kept on the record for the inspector to see.
 */
export function flushOutbox(onChange: (r: LocalRecord) => void = () => {}): Promise<void> {
  if (flushing) return flushing;
  flushing = (async () => {
    for (const r of queued()) {
      try {
        const draft = await fieldApi.save({ ...r.body, clientKey: r.clientKey, taskId: r.taskId });
        r.recordId = draft.record.id;
        if (!draft.alreadySubmitted) {
          for (const f of r.files) {
            if (f.uploaded) continue;
            await fieldApi.upload(draft.record.id, f.dataUrl, f.fileName, f.signer);
            f.uploaded = true;
            saveLocal(r);
          }
          await fieldApi.save({ ...r.body, clientKey: r.clientKey, taskId: r.taskId, submit: true });
        }
        r.state = 'submitted';
        r.error = undefined;
        r.files = r.files.map((f) => ({ ...f, dataUrl: '' }));
      } catch (e) {
        if ((e instanceof ApiError && e.status === 0) || e instanceof TypeError) { onChange(r); break; }
        r.state = 'editing';
        r.error = e instanceof Error ? e.message : String(e);
      }
      saveLocal(r);
      onChange(r);
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

/** Sends the outbox whenever the browser comes back online and every 5 seconds while something waits. */
export function startOutbox(onChange: (r: LocalRecord) => void): () => void {
  const run = () => { if (navigator.onLine) void flushOutbox(onChange); };
  window.addEventListener('online', run);
  const timer = setInterval(() => { if (queued().length) run(); }, 5000);
  run();
  return () => { window.removeEventListener('online', run); clearInterval(timer); };
}
