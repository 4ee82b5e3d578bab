/**
 * Sort keys for Chinese names. PostgreSQL 15 without ICU cannot sort by pinyin, so each name stores
 * its pinyin (polyphones resolved by context: 重庆 → chong qing) and lists sort by that key.
 */
import { pinyin } from 'pinyin-pro';

/** The pinyin sort key of a name: lower-case syllables separated by spaces, other characters kept. */
export function nameSortKey(name: string): string {
  return pinyin(name, { toneType: 'none', separator: ' ', nonZh: 'consecutive', v: true }).toLowerCase();
}
