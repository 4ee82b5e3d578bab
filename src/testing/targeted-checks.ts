/**
 * 凡检查必审批 in tests: a targeted check requested by one user and approved by a leader (the two must
 * differ), so tests that need a fillable targeted record go through the same use cases as real use.
 */
import type { Ctx } from '../services/context.ts';
import { requestTargetedCheck, type RequestTargetedCheckInput } from '../services/enterprise-checks/request-targeted-check.ts';
import { decideTargetedCheck } from '../services/enterprise-checks/decide-targeted-check.ts';

/** Requests the check as `requester` and approves it as `leader` (beyond the cap too); returns the record id. */
export async function approvedTargetedCheck(requester: Ctx, leader: Ctx, input: RequestTargetedCheckInput, opinion = '同意检查'): Promise<number> {
  const { recordId } = await requestTargetedCheck(requester, input);
  await decideTargetedCheck(leader, recordId, { approve: true, opinion, approveBeyondCap: true });
  return recordId;
}
