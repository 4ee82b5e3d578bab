/**
 * "查看我的号码": an enterprise sees its own ticket and the stratum's cut-off ticket, so it can
 * check for itself why it was or was not drawn (DRAW-PROTOCOL.md § Result and bundle, last line).
 */
import { AppError, ErrorCode } from '../errors.ts';
import { manifestHash, toHex } from './encoding.ts';
import { deriveSeed, rankPool } from './protocol.ts';
import type { Bundle } from './types.ts';

/** An enterprise's ticket in one stratum, its rank (1 = smallest), and the stratum's cut-off. */
export interface TicketReport {
  stratum: string;
  targetId: string;
  ticket: string;
  rank: number;
  poolSize: number;
  quota: number;
  /** The quota-th smallest ticket (the largest one when the whole pool is drawn); null when quota is 0. */
  cutoff: string | null;
  selected: boolean;
}

/** The ticket of `targetId` in stratum `stratumLabel`, recomputed from the bundle; throws NOT_FOUND if absent. */
export function ticketReport(bundle: Bundle, stratumLabel: string, targetId: string): TicketReport {
  const stratum = bundle.manifest.strata.find((s) => s.label === stratumLabel);
  const pool = Object.hasOwn(bundle.pools, stratumLabel) ? bundle.pools[stratumLabel] : undefined;
  if (!stratum || !pool) throw new AppError(ErrorCode.NOT_FOUND, `本次抽取没有层级「${stratumLabel}」`);
  const seed = deriveSeed(manifestHash(bundle.manifest), bundle.publicValue, bundle.secret);
  const ranked = rankPool(seed, stratumLabel, pool);
  const index = ranked.findIndex((r) => r.id === targetId);
  if (index < 0) throw new AppError(ErrorCode.NOT_FOUND, `检查对象 ${targetId} 不在层级「${stratumLabel}」的名录中`);
  const drawn = Math.min(stratum.quota, ranked.length);
  return {
    stratum: stratumLabel,
    targetId,
    ticket: toHex(ranked[index]!.ticket),
    rank: index + 1,
    poolSize: ranked.length,
    quota: stratum.quota,
    cutoff: drawn > 0 ? toHex(ranked[drawn - 1]!.ticket) : null,
    selected: index < drawn,
  };
}
