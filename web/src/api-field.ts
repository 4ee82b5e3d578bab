/**
 * API client of the mobile field screens (检查任务, 现场检查记录) and the offline outbox: a record being
 * filled is kept in IndexedDB with its photos as Blobs, under its client key (a UUID made once per task; drafts of
 * earlier versions in localStorage are moved over on first use), so it survives a
 * dead network and a reload; "提交" puts it in the outbox, which is sent whenever the browser is back
 * online (and every few seconds) — draft, then the photos and signatures, then the submission. The
 * server recognises the client key, so a replayed submission never creates a second record, and each file's
 * upload key, so a retried upload never creates a second attachment.
 */
import type { z } from 'zod';
import type { inspectionSaveBody } from '../../src/http/contract-inspections.ts';
import { ApiError, CSRF_HEADERS, request } from './api.ts';
import type { AttachmentDto } from './api-inspections.ts';

/**
 * A drawn task (kind 双随机抽查, `id` = the task) or an approved targeted check (凡检查必审批: `id` =
 * `recordId`, `drawNo` = its reference number, window `validFrom`–`deadline`, `clientKey` of its record).
 */
export interface FieldTask {
  id: number; kind: string; drawNo: string; period: string; targetId: number; targetName: string; items: string[];
  deadline: string | null; validFrom: string | null; status: string; recordId: number | null; recordStatus: string | null; openFollowups: number;
  clientKey: string | null;
}
export interface FieldLine { position: number; item: string; content: string; verdict: '符合' | '不符合' | '不涉及' | null; finding: string | null }
export interface FieldRecord { id: number; clientKey: string; status: 'draft' | 'submitted'; team: number[]; lines: FieldLine[]; resultCategory: string | null; mode: string; enterpriseRepresentative: string | null }
export interface FieldDetail { record: FieldRecord; inspectors: { id: number; name: string; certNo: string }[]; attachments: { id: number; kind: string; fileName: string; capturedAt: string; signerName: string | null }[] }

export const fieldApi = {
  tasks: () => request<{ tasks: FieldTask[] }>('/api/inspection-tasks/mine'),
  save: (body: z.input<typeof inspectionSaveBody>) => request<{ record: FieldRecord; created: boolean; alreadySubmitted: boolean }>('/api/inspections', { method: 'PUT', body }),
  get: (id: number) => request<FieldDetail>(`/api/inspections/${id}`),
  /**
   * Uploads a file under its idempotency key `clientKey` (a retry after a lost response adds nothing) and
   * returns the stored attachment. The desk screens use it too (api-inspections.ts), with a fresh key.
   */
  async upload(recordId: number, blob: Blob, fileName: string, clientKey: string, signer?: { inspectorId: number } | { enterprise: string }): Promise<AttachmentDto> {
    const form = new FormData();
    form.append('file', blob, fileName);
    const params = new URLSearchParams({ clientKey });
    if (signer && 'inspectorId' in signer) params.set('signerInspectorId', String(signer.inspectorId));
    else if (signer) params.set('enterpriseSigner', signer.enterprise);
    let res: Response;
    try {
      res = await fetch(`/api/inspections/${recordId}/attachments?${params}`, { method: 'POST', body: form, credentials: 'same-origin', headers: { ...CSRF_HEADERS, Accept: 'application/json' } });
    } catch {
      throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
    }
    const body = await res.json().catch(() => ({})) as { message?: string; code?: string; attachment?: AttachmentDto };
    if (!res.ok) throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? `上传失败（HTTP ${res.status}）`);
    return body.attachment!;
  },
};

/** A file waiting to be uploaded with the record (a photo, or a signature drawn on screen). */
export interface PendingFile {
  /** The slot ('photo-…', 'inspector-<id>', 'enterprise'). */
  key: string;
  /** The upload's idempotency key (a fresh UUID per file, also per new signature in the same slot). */
  uploadKey: string;
  /** The bytes (kept in IndexedDB as a Blob; dropped once the record is submitted). */
  blob: Blob | null;
  fileName: string;
  signer?: { inspectorId: number } | { enterprise: string };
  uploaded?: boolean;
}

/** Everything about one task's record kept on the phone. */
export interface LocalRecord {
  clientKey: string;
  /** The task — or, for an approved targeted check, minus its record id (the IndexedDB key; no task is sent). */
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

// Drafts live in IndexedDB (database shuangsui-field, store records, key taskId): photos are kept as
// Blobs, which would not fit localStorage (about 5 MB of text, a photo as a data URL is a third larger).
const DB_NAME = 'shuangsui-field';
const STORE = 'records';
const LEGACY_PREFIX = 'shuangsui.field.';
let opened: Promise<IDBDatabase> | null = null;

const done = <T>(req: IDBRequest<T>) => new Promise<T>((ok, fail) => { req.onsuccess = () => ok(req.result); req.onerror = () => fail(req.error); });
const finished = (tx: IDBTransaction) => new Promise<void>((ok, fail) => { tx.oncomplete = () => ok(); tx.onerror = () => fail(tx.error); tx.onabort = () => fail(tx.error); });

/** A data URL's bytes as a Blob (no fetch: it must work with the network down). */
function blobOf(dataUrl: string): Blob {
  const [head, data] = dataUrl.split(',', 2) as [string, string];
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  return new Blob([bytes], { type: /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream' });
}

/**
 * Moves drafts kept in localStorage by earlier versions (files as data URLs) into IndexedDB, once:
 * a record already in IndexedDB wins; the localStorage entry is removed after its copy is stored.
 */
async function migrateLegacy(db: IDBDatabase): Promise<void> {
  const keys: string[] = [];
  for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i)!; if (k.startsWith(LEGACY_PREFIX)) keys.push(k); }
  for (const k of keys) {
    let old: (Omit<LocalRecord, 'files'> & { files: { key: string; dataUrl: string; fileName: string; signer?: PendingFile['signer']; uploaded?: boolean }[] }) | null = null;
    try { old = JSON.parse(localStorage.getItem(k)!); } catch { /* unreadable: dropped below */ }
    if (old && typeof old.taskId === 'number') {
      const record: LocalRecord = {
        ...old,
        files: (old.files ?? []).map((f) => ({
          key: f.key, uploadKey: crypto.randomUUID(), blob: f.dataUrl ? blobOf(f.dataUrl) : null, fileName: f.fileName,
          ...(f.signer ? { signer: f.signer } : {}), ...(f.uploaded ? { uploaded: true } : {}),
        })),
      };
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      if ((await done(store.getKey(record.taskId))) === undefined) store.put(record);
      await finished(tx);
    }
    localStorage.removeItem(k);
  }
}

function database(): Promise<IDBDatabase> {
  opened ??= (async () => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => { req.result.createObjectStore(STORE, { keyPath: 'taskId' }); };
    const db = await done(req);
    await migrateLegacy(db);
    return db;
  })();
  return opened;
}

/** A plain copy (Vue's reactive proxies cannot be stored; Blobs are kept as they are). */
function plain(r: LocalRecord): LocalRecord {
  const json = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  return {
    clientKey: r.clientKey, taskId: r.taskId, body: json(r.body), state: r.state,
    files: r.files.map((f) => ({ key: f.key, uploadKey: f.uploadKey, blob: f.blob, fileName: f.fileName, ...(f.signer ? { signer: json(f.signer) } : {}), ...(f.uploaded ? { uploaded: true } : {}) })),
    ...(r.recordId !== undefined ? { recordId: r.recordId } : {}),
    ...(r.lines ? { lines: json(r.lines) } : {}), ...(r.inspectors ? { inspectors: json(r.inspectors) } : {}),
    ...(r.error ? { error: r.error } : {}),
  };
}

/** The record of a task kept locally (a new one with a fresh client key when none). */
export async function loadLocal(taskId: number, init: () => LocalRecord['body']): Promise<LocalRecord> {
  const db = await database();
  const stored = await done(db.transaction(STORE).objectStore(STORE).get(taskId)) as LocalRecord | undefined;
  return stored ?? { clientKey: crypto.randomUUID(), taskId, body: init(), files: [], state: 'editing' };
}

/** Keeps the record on the phone (survives a lost network and a reload). Writes apply in call order. */
export async function saveLocal(r: LocalRecord): Promise<void> {
  const db = await database();
  const tx = db.transaction(STORE, 'readwrite');
  tx.objectStore(STORE).put(plain(r));
  await finished(tx);
}

async function queued(): Promise<LocalRecord[]> {
  const db = await database();
  return ((await done(db.transaction(STORE).objectStore(STORE).getAll())) as LocalRecord[]).filter((r) => r.state === 'queued');
}

/** A URL showing a kept file (one per Blob, made once). */
const urls = new WeakMap<Blob, string>();
export function fileUrl(f: PendingFile): string {
  if (!f.blob) return '';
  let u = urls.get(f.blob);
  if (!u) { u = URL.createObjectURL(f.blob); urls.set(f.blob, u); }
  return u;
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
    for (const r of await queued()) {
      try {
        const subject = r.taskId > 0 ? { taskId: r.taskId } : {};
        const draft = await fieldApi.save({ ...r.body, clientKey: r.clientKey, ...subject });
        r.recordId = draft.record.id;
        if (!draft.alreadySubmitted) {
          for (const f of r.files) {
            if (f.uploaded || !f.blob) continue;
            await fieldApi.upload(draft.record.id, f.blob, f.fileName, f.uploadKey, f.signer);
            f.uploaded = true;
            await saveLocal(r);
          }
          await fieldApi.save({ ...r.body, clientKey: r.clientKey, ...subject, submit: true });
        }
        r.state = 'submitted';
        r.error = undefined;
        r.files = r.files.map((f) => ({ ...f, blob: null }));
      } catch (e) {
        if ((e instanceof ApiError && e.status === 0) || e instanceof TypeError) { onChange(r); break; }
        r.state = 'editing';
        r.error = e instanceof Error ? e.message : String(e);
      }
      await saveLocal(r);
      onChange(r);
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

/** Sends the outbox whenever the browser comes back online and every 5 seconds while something waits. */
export function startOutbox(onChange: (r: LocalRecord) => void): () => void {
  const run = () => { if (navigator.onLine) void flushOutbox(onChange); };
  window.addEventListener('online', run);
  const timer = setInterval(() => { void queued().then((q) => { if (q.length) run(); }); }, 5000);
  run();
  return () => { window.removeEventListener('online', run); clearInterval(timer); };
}
