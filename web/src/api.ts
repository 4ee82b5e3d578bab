/**
 * The one API client of the admin front end. Types come from the server's contract (type-only
 * imports, so no zod or server code reaches the bundle). Every failure becomes an ApiError carrying
 * the server's Chinese message and row/field issues; a 401 outside the login flow sends the user to
 * the login page through the handler main.ts installs (avoids a circular import of the router).
 */
import type { z } from 'zod';
import type {
  ConflictDto, DepartmentDto, DirectoryRecord, Entity, ErrorDto, EventDto, ImportJobDto, IssueDto,
  ListResult, OrgDto, PlanPreviewDto, CalendarOverviewDto, CalendarDayDto, calendarOverrideBody, ProfileSummaryDto, SessionUserDto, SquadDto, UserDto, VersionDto,
  departmentPatch, departmentBody, eventBody, orgBody, orgPatch, squadBody, squadPatch, userBody, userPatch,
} from '../../src/http/contract.ts';
import type { FieldSpec } from '../../src/domain/fields.ts';

export type { Entity, FieldSpec };

/** GET /api/meta: not declared in the contract, so described here from the server's brief. */
export interface MetaDto {
  entities: Record<Entity, { label: string; fields: FieldSpec[] }>;
  roles: Record<string, string>;
  orgLevels: string[];
  departmentKinds: string[];
  eventKinds: string[];
}

/** List parameters; extra keys are the per-entity filters (booleans as 'true'/'false'). */
export interface ListParams {
  q?: string;
  orgId?: number;
  page?: number;
  pageSize?: number;
  sort?: 'name' | '-name' | 'updatedAt' | '-updatedAt';
  [filter: string]: string | number | undefined;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: IssueDto[] = []) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | null = null;
/** main.ts registers what a 401 means for the app (clear the session, go to /login). */
export function onUnauthorized(fn: () => void): void {
  unauthorizedHandler = fn;
}

/** Builds an ApiError from a failed response, tolerating non-JSON bodies (proxy errors, HTML pages). */
async function errorFrom(res: Response): Promise<ApiError> {
  let body: Partial<ErrorDto> = {};
  try {
    body = (await res.json()) as Partial<ErrorDto>;
  } catch {
    /* not JSON: fall back to the status below */
  }
  const message = body.message ?? (res.status >= 500 ? `服务器出错（HTTP ${res.status}），请稍后再试` : `请求失败（HTTP ${res.status}）`);
  return new ApiError(res.status, body.code ?? `HTTP_${res.status}`, message, body.issues ?? []);
}

interface RequestOptions { method?: string; body?: unknown; authRedirect?: boolean }

/**
 * Sent with every request (fetch and the upload XHR): the server refuses a state-changing /api request
 * from a browser without it (CSRF; src/http/security.ts). Every call of the app goes through send() or
 * uploadImport(), so no request leaves without it.
 */
export const CSRF_HEADERS = { 'X-Requested-With': 'shuangsui' } as const;

async function send(url: string, opts: RequestOptions = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers: opts.body === undefined ? { Accept: 'application/json', ...CSRF_HEADERS } : { Accept: 'application/json', 'Content-Type': 'application/json', ...CSRF_HEADERS },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await errorFrom(res);
    if (res.status === 401 && opts.authRedirect !== false) unauthorizedHandler?.();
    throw err;
  }
  return res;
}

export async function request<T>(url: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(url, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Query string from an object, skipping empty values so the server applies its defaults. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const post = <T>(url: string, body: unknown = {}) => request<T>(url, { method: 'POST', body });
const patch = <T>(url: string, body: unknown) => request<T>(url, { method: 'PATCH', body });

export const api = {
  login: (username: string, password: string) =>
    request<{ user: SessionUserDto }>('/api/auth/login', { method: 'POST', body: { username, password }, authRedirect: false }),
  logout: () => request<void>('/api/auth/logout', { method: 'POST', body: {}, authRedirect: false }),
  me: () => request<{ user: SessionUserDto }>('/api/auth/me', { authRedirect: false }),
  meta: () => request<MetaDto>('/api/meta'),

  orgs: () => request<{ orgs: OrgDto[] }>('/api/orgs'),
  createOrg: (body: z.input<typeof orgBody>) => post<{ org: OrgDto }>('/api/orgs', body),
  updateOrg: (id: number, body: z.input<typeof orgPatch>) => patch<{ org: OrgDto }>(`/api/orgs/${id}`, body),
  departments: (orgId: number) => request<{ departments: DepartmentDto[] }>(`/api/orgs/${orgId}/departments`),
  createDepartment: (orgId: number, body: z.input<typeof departmentBody>) =>
    post<{ department: DepartmentDto }>(`/api/orgs/${orgId}/departments`, body),
  updateDepartment: (id: number, body: z.input<typeof departmentPatch>) => patch<{ department: DepartmentDto }>(`/api/departments/${id}`, body),
  squads: (orgId: number) => request<{ squads: SquadDto[] }>(`/api/orgs/${orgId}/squads`),
  createSquad: (orgId: number, body: z.input<typeof squadBody>) => post<{ squad: SquadDto }>(`/api/orgs/${orgId}/squads`, body),
  updateSquad: (id: number, body: z.input<typeof squadPatch>) => patch<{ squad: SquadDto }>(`/api/squads/${id}`, body),

  users: () => request<{ users: UserDto[] }>('/api/users'),
  createUser: (body: z.input<typeof userBody>) => post<{ user: UserDto }>('/api/users', body),
  updateUser: (id: number, body: z.input<typeof userPatch>) => patch<{ user: UserDto }>(`/api/users/${id}`, body),

  list: (entity: Entity, params: ListParams) => request<ListResult>(`/api/${entity}${qs(params)}`),
  get: (entity: Entity, id: number) => request<{ record: DirectoryRecord }>(`/api/${entity}/${id}`),
  create: (entity: Entity, orgId: number, fields: Record<string, unknown>) =>
    post<{ record: DirectoryRecord }>(`/api/${entity}`, { ...fields, orgId }),
  update: (entity: Entity, id: number, version: number, fields: Record<string, unknown>) =>
    patch<{ record: DirectoryRecord }>(`/api/${entity}/${id}`, { ...fields, version }),
  history: (entity: Entity, id: number) => request<{ versions: VersionDto[] }>(`/api/${entity}/${id}/history`),

  events: (targetId: number) => request<{ events: EventDto[] }>(`/api/targets/${targetId}/events`),
  addEvent: (targetId: number, body: z.input<typeof eventBody>) => post<{ event: EventDto }>(`/api/targets/${targetId}/events`, body),
  voidEvent: (eventId: number, reason: string) => post<unknown>(`/api/target-events/${eventId}/void`, { reason }),
  conflicts: (inspectorId: number) => request<{ conflicts: ConflictDto[] }>(`/api/inspectors/${inspectorId}/conflicts`),
  addConflict: (inspectorId: number, targetId: number, reason: string) =>
    post<{ conflict: ConflictDto }>(`/api/inspectors/${inspectorId}/conflicts`, { targetId, reason }),
  revokeConflict: (conflictId: number) => post<unknown>(`/api/inspector-conflicts/${conflictId}/revoke`),

  importJob: (id: number) => request<{ job: ImportJobDto }>(`/api/imports/${id}`),

  policyProfiles: () => request<{ profiles: ProfileSummaryDto[] }>('/api/policy/profiles'),
  policyPreview: (params: { profile: string; period: string; orgId?: number; level?: 'city' | 'county' }) =>
    request<{ preview: PlanPreviewDto }>(`/api/policy/preview${qs(params)}`),

  calendar: () => request<CalendarOverviewDto>('/api/calendar'),
  calendarDays: (from: string, to: string) => request<{ days: CalendarDayDto[] }>(`/api/calendar/days${qs({ from, to })}`),
  addCalendarOverride: (body: z.input<typeof calendarOverrideBody>) => post<{ override: unknown }>('/api/calendar/overrides', body),
  addCalendarOverrides: (rows: z.input<typeof calendarOverrideBody>[]) => post<{ added: number }>('/api/calendar/overrides/batch', { rows }),
  withdrawCalendarOverride: (id: number, reason: string) => post<unknown>(`/api/calendar/overrides/${id}/withdraw`, { reason }),
};

/** File name from Content-Disposition (RFC 5987 `filename*` first, since names are Chinese). */
function fileNameFrom(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1].trim());
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1] ? plain[1].trim() : fallback;
}

/**
 * Downloads a file endpoint (export or template). Fetched rather than linked so a server error shows
 * as a Chinese message instead of a JSON page or a broken file.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await send(url);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileNameFrom(res.headers.get('Content-Disposition'), fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/**
 * Uploads an import file. XMLHttpRequest instead of fetch because only XHR reports upload progress,
 * which matters for large spreadsheets on slow county networks.
 */
export function uploadImport(
  entity: Entity,
  file: File,
  opts: { dryRun: boolean; orgId?: number },
  onProgress: (percent: number) => void,
): { done: Promise<ImportJobDto>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ImportJobDto>((resolve, reject) => {
    xhr.open('POST', `/api/imports/${entity}${qs({ dryRun: String(opts.dryRun), orgId: opts.orgId })}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(CSRF_HEADERS)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '上传失败：无法连接服务器'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', '已取消上传'));
    xhr.onload = () => {
      let body: ({ job?: ImportJobDto } & Partial<ErrorDto>) | undefined;
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        /* handled below */
      }
      if (xhr.status >= 200 && xhr.status < 300 && body?.job) return resolve(body.job);
      if (xhr.status === 401) unauthorizedHandler?.();
      const fallback = xhr.status === 413 ? '文件过大，服务器拒绝接收' : `上传失败（HTTP ${xhr.status}）`;
      reject(new ApiError(xhr.status, body?.code ?? `HTTP_${xhr.status}`, body?.message ?? fallback, body?.issues ?? []));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** Server issues keyed by field, for el-form-item :error (several reasons for one field are joined). */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError)) return out;
  for (const i of e.issues) if (i.field) out[i.field] = out[i.field] ? `${out[i.field]}；${i.reason}` : i.reason;
  return out;
}

/** Chinese text for any thrown value, for ElMessage. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return '操作失败';
}
