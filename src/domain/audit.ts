/**
 * The audit log's hash chain (pure). Row n stores prev_hash = hash of row n−1 (64 zeros for row 1) and
 * hash = SHA-256 over the RFC 8785 (JCS) text of
 *   {seq, at (ISO 8601, ms), actorId, actorName, actorOrgId, action, objectType, objectId, summary, detail, prevHash}
 * as lowercase hex. `verifyAuditChain` recomputes the chain and names, by seq, the first row where it
 * breaks: an edited row (its hash no longer fits its content), a deleted row (a gap in seq, or rows
 * missing at the end compared with the head), an inserted row (links skip over it, or rows beyond the
 * head) and reordered rows (a row's hash fits its content under another seq).
 *
 * What the chain cannot show: someone who rewrites a row AND every row after it AND the head. Record
 * the head hash printed by `shuangsui audit verify` outside the database to anchor it.
 */
import { createHash } from 'node:crypto';
import { jcs } from './draw/jcs.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** A row's own fields (everything but prevHash and hash). */
export interface AuditFields {
  seq: number;
  at: Date;
  actorId: number | null;
  actorName: string;
  actorOrgId: number | null;
  action: string;
  objectType: string;
  objectId: string | null;
  summary: string;
  /** JSON only: no secrets, no passwords, no session tokens. */
  detail: unknown;
}

export interface AuditRow extends AuditFields {
  prevHash: string;
  hash: string;
}

export interface AuditHead { seq: number; hash: string }

/** The row's hash given its fields and the previous row's hash. */
export function auditHash(f: AuditFields, prevHash: string): string {
  const text = jcs({
    seq: f.seq,
    at: f.at.toISOString(),
    actorId: f.actorId,
    actorName: f.actorName,
    actorOrgId: f.actorOrgId,
    action: f.action,
    objectType: f.objectType,
    objectId: f.objectId,
    summary: f.summary,
    detail: f.detail,
    prevHash,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type AuditProblemKind = 'edited' | 'reordered' | 'deleted' | 'inserted' | 'relinked' | 'head';

export interface AuditProblem {
  /** The row named: the edited/inserted/moved row, or the seq that is missing. */
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The last row's seq and hash (what to record elsewhere as an anchor). */
  lastSeq: number;
  lastHash: string;
  problems: AuditProblem[];
  /** The first problem by seq, if any. */
  first?: AuditProblem;
}

/**
 * Recomputes the chain over `rows` (in any order; they are sorted by seq) and compares its end with
 * `head` (null when the database has none, i.e. nothing was ever appended).
 */
export function verifyAuditChain(input: readonly AuditRow[], head: AuditHead | null): AuditVerification {
  const rows = [...input].sort((a, b) => a.seq - b.seq);
  const problems: AuditProblem[] = [];
  const selfOk = rows.map((r) => auditHash(r, r.prevHash) === r.hash);
  const seqs = rows.map((r) => r.seq);

  // A row is intact when its hash fits its content, or fits it under another seq (it was moved).
  rows.forEach((r, i) => {
    if (selfOk[i]) return;
    const near = seqs.slice(Math.max(0, i - 50), i + 51);
    const other = near.find((s) => s !== r.seq && auditHash({ ...r, seq: s }, r.prevHash) === r.hash);
    if (other !== undefined) {
      problems.push({ seq: r.seq, kind: 'reordered', message: `第 ${r.seq} 条记录的内容原属第 ${other} 条：记录被重新排序或重新编号` });
    } else {
      problems.push({ seq: r.seq, kind: 'edited', message: `第 ${r.seq} 条记录的内容与其哈希不符：记录被修改` });
    }
  });

  let expected = 1;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const gap = r.seq > expected;
    if (gap) {
      for (let s = expected; s < r.seq && s < expected + 1000; s++) {
        problems.push({ seq: s, kind: 'deleted', message: `第 ${s} 条记录缺失：记录被删除` });
      }
    }
    expected = r.seq + 1;
    const prevHash = i === 0 ? GENESIS_HASH : rows[i - 1]!.hash;
    if (gap || r.prevHash === prevHash) continue;
    if (i === 0) {
      if (selfOk[i]) problems.push({ seq: r.seq, kind: 'relinked', message: `第 ${r.seq} 条记录不是链的起点：前面的记录被删除或替换` });
      continue;
    }
    // The row does not follow its predecessor. Name the predecessor only when it is itself intact in place.
    const p = rows[i - 1]!;
    if (!selfOk[i - 1]) continue;
    const beforeP = i >= 2 ? rows[i - 2]!.hash : GENESIS_HASH;
    if (r.prevHash === beforeP) {
      problems.push({ seq: p.seq, kind: 'inserted', message: `第 ${p.seq} 条记录不在原链中：记录被插入` });
    } else if (selfOk[i]) {
      problems.push({ seq: p.seq, kind: 'relinked', message: `第 ${p.seq} 条记录与下一条的前一哈希不符：记录被修改并重算了哈希，或被替换` });
    }
  }

  const last = rows[rows.length - 1];
  if (head) {
    if (!last) {
      problems.push({ seq: 1, kind: 'deleted', message: `审计日志为空，但链头记录到第 ${head.seq} 条：记录被删除` });
    } else if (last.seq < head.seq) {
      for (let s = last.seq + 1; s <= head.seq && s <= last.seq + 1000; s++) {
        problems.push({ seq: s, kind: 'deleted', message: `第 ${s} 条记录缺失（链头记录到第 ${head.seq} 条）：记录被删除` });
      }
    } else if (last.seq > head.seq) {
      for (const r of rows.filter((x) => x.seq > head.seq)) {
        problems.push({ seq: r.seq, kind: 'inserted', message: `第 ${r.seq} 条记录在链头（第 ${head.seq} 条）之后：记录被插入` });
      }
    } else if (last.hash !== head.hash && selfOk[rows.length - 1]) {
      problems.push({ seq: last.seq, kind: 'relinked', message: `第 ${last.seq} 条记录的哈希与链头不符：记录被修改并重算了哈希，或被替换` });
    }
  } else if (last) {
    problems.push({ seq: rows[0]!.seq, kind: 'head', message: '审计日志有记录，但链头缺失' });
  }

  problems.sort((a, b) => a.seq - b.seq);
  // One problem per seq is enough to name it; keep the first found.
  const unique = problems.filter((p, i) => i === 0 || problems[i - 1]!.seq !== p.seq);
  return {
    ok: unique.length === 0,
    rows: rows.length,
    lastSeq: last?.seq ?? 0,
    lastHash: last?.hash ?? GENESIS_HASH,
    problems: unique,
    first: unique[0],
  };
}
