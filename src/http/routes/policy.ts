/**
 * The built-in policy profiles and their preview on an organisation's directories.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { planPreviewQuery, type ProfileSummaryDto } from '../contract.ts';
import { PROFILES } from '../../domain/policy/profiles/index.ts';
import { previewPlan } from '../../services/policy/preview-plan.ts';
import { ctxOf } from '../auth.ts';

/** Routes under /api/policy. */
export const policyRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['监管方案'];
  r.get('/policy/profiles', { schema: { tags } }, async () => ({
    profiles: PROFILES.map((p): ProfileSummaryDto => ({
      id: p.id, name: p.name, document: p.document, levels: [...p.levels],
      categories: p.categories.map((c) => ({ key: c.key, label: c.label })),
      strata: p.strata.map((s) => ({ key: s.key, label: s.label })),
    })),
  }));
  r.get('/policy/preview', { schema: { tags, querystring: planPreviewQuery } }, async (req) => ({
    preview: await previewPlan(ctxOf(req), { profileId: req.query.profile, period: req.query.period, orgId: req.query.orgId, level: req.query.level }),
  }));
};
