/**
 * Policy profiles (built-in and own), their versions, and the preview on an organisation's directories.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  planPreviewBody, planPreviewQuery, profileCopyBody, profileDetailQuery, profileDiffQuery, profileKeyParams, profileVersionBody,
} from '../contract.ts';
import { previewPlan } from '../../services/policy/preview-plan.ts';
import { getProfileDetail, listProfiles } from '../../services/policy/list-profiles.ts';
import { copyProfile, diffProfileVersions, saveProfileVersion } from '../../services/policy/edit-profile.ts';
import { ctxOf } from '../auth.ts';

/** Routes under /api/policy. */
export const policyRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['监管方案'];
  r.get('/policy/profiles', { schema: { tags } }, async (req) => ({ profiles: await listProfiles(ctxOf(req)) }));
  r.post('/policy/profiles', { schema: { tags, body: profileCopyBody } }, async (req) => ({ profile: await copyProfile(ctxOf(req), req.body) }));
  r.get('/policy/profiles/:key', { schema: { tags, params: profileKeyParams, querystring: profileDetailQuery } }, async (req) => ({
    profile: await getProfileDetail(ctxOf(req), req.params.key, req.query.version),
  }));
  r.post('/policy/profiles/:key/versions', { schema: { tags, params: profileKeyParams, body: profileVersionBody } }, async (req) => ({
    profile: await saveProfileVersion(ctxOf(req), req.params.key, req.body),
  }));
  r.get('/policy/profiles/:key/diff', { schema: { tags, params: profileKeyParams, querystring: profileDiffQuery } }, async (req) => ({
    changes: await diffProfileVersions(ctxOf(req), req.params.key, req.query.from, req.query.to),
  }));
  r.get('/policy/preview', { schema: { tags, querystring: planPreviewQuery } }, async (req) => ({
    preview: await previewPlan(ctxOf(req), { profileId: req.query.profile, period: req.query.period, orgId: req.query.orgId, level: req.query.level }),
  }));
  // POST so the editor can send an unsaved definition for a live preview.
  r.post('/policy/preview', { schema: { tags, body: planPreviewBody } }, async (req) => ({
    preview: await previewPlan(ctxOf(req), { profileId: req.body.profile, definition: req.body.definition, period: req.body.period, orgId: req.body.orgId, level: req.body.level }),
  }));
};
