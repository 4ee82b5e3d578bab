/**
 * The pieces every part of a profile uses: citations, period kinds and organisation levels.
 */
import { z } from 'zod';

/**
 * The five source documents, national law for rules every document presupposes (team of ≥ 2), and the
 * State Council's 2025 rules on inspections of enterprises (国办发〔2024〕54号), which frame them all.
 */
export const DOC_IDS = ['zaozhuang', 'baoding', 'lingchuan', 'nanshan', 'wulong', 'law', 'gov2025'] as const;
export type DocId = (typeof DOC_IDS)[number];

/** Where a rule comes from: the article ('二、（四）2（1）'), the sentence, and how we read it if it is unclear. */
export const citationSchema = z.strictObject({
  doc: z.enum(DOC_IDS),
  article: z.string().min(1),
  text: z.string().min(1).optional(),
  /** Our reading where the document leaves something open; shown to the bureau so it can edit it. */
  note: z.string().min(1).optional(),
});
export type Citation = z.infer<typeof citationSchema>;

/** Calendar periods a rule counts by (same ids as src/domain/calendar). */
export const PERIOD_KINDS = ['month', 'quarter', 'half', 'year'] as const;
/** Zod schema of a period kind. */
export const periodKindSchema = z.enum(PERIOD_KINDS);

/** Organisation levels whose ratios differ (保定: 市级 10 %, 县级 50 %). */
export const POLICY_LEVELS = ['city', 'county'] as const;
export type PolicyLevel = (typeof POLICY_LEVELS)[number];

