/**
 * The built-in profiles, each validated when its module loads (a contradictory built-in fails at start).
 * A bureau copies one and edits it; the copy goes through loadProfile too.
 */
import { AppError, ErrorCode } from '../../errors.ts';
import type { Profile } from '../schema.ts';
import { baodingCity, baodingCounty } from './baoding.ts';
import { lingchuan } from './lingchuan.ts';
import { nanshan } from './nanshan.ts';
import { wulong } from './wulong.ts';
import { zaozhuang } from './zaozhuang.ts';

export { baodingCity, baodingCounty, lingchuan, nanshan, wulong, zaozhuang };

/** All built-in profiles in the order of the source documents. */
export const PROFILES: readonly Profile[] = [zaozhuang, baodingCity, baodingCounty, lingchuan, nanshan, wulong];

/** The built-in profile with this id ('zaozhuang', 'baoding-city' …), or a NOT_FOUND error listing the ids. */
export function getProfile(id: string): Profile {
  const found = PROFILES.find((p) => p.id === id);
  if (!found) throw new AppError(ErrorCode.NOT_FOUND, `没有方案「${id}」，可选：${PROFILES.map((p) => p.id).join('、')}`);
  return found;
}
