/**
 * Organisations, departments, squads, users and the metadata the admin app renders forms from.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { departmentBody, departmentPatch, orgBody, orgPatch, squadBody, squadPatch, userBody, userPatch } from '../contract.ts';
import * as orgs from '../../services/manage-orgs.ts';
import { ctxOf, forgetSession } from '../auth.ts';
import { CATALOGUES } from '../../services/directory/catalogue.ts';
import { DEPARTMENT_KINDS, ORG_LEVELS, ROLES } from '../../domain/orgs.ts';
import { TARGET_EVENT_KINDS } from '../../domain/targets.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Routes for the organisation tree and accounts. */
export const orgRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['机构与用户'];
  r.get('/meta', { schema: { tags } }, async () => ({
    entities: Object.fromEntries(Object.entries(CATALOGUES).map(([k, c]) => [k, { label: c.def.label, fields: c.fields }])),
    roles: ROLES,
    orgLevels: ORG_LEVELS,
    departmentKinds: DEPARTMENT_KINDS,
    eventKinds: TARGET_EVENT_KINDS,
  }));
  r.get('/orgs', { schema: { tags } }, async (req) => ({ orgs: await orgs.listScopeOrgs(ctxOf(req)) }));
  r.post('/orgs', { schema: { tags, body: orgBody } }, async (req) => ({ org: await orgs.createOrg(ctxOf(req), req.body) }));
  r.patch('/orgs/:id', { schema: { tags, params: idParams, body: orgPatch } }, async (req) => ({ org: await orgs.updateOrg(ctxOf(req), req.params.id, req.body) }));
  r.get('/orgs/:id/departments', { schema: { tags, params: idParams } }, async (req) => ({ departments: await orgs.listOrgDepartments(ctxOf(req), req.params.id) }));
  r.post('/orgs/:id/departments', { schema: { tags, params: idParams, body: departmentBody } }, async (req) => ({ department: await orgs.createDepartment(ctxOf(req), req.params.id, req.body) }));
  r.patch('/departments/:id', { schema: { tags, params: idParams, body: departmentPatch } }, async (req) => ({ department: await orgs.updateDepartment(ctxOf(req), req.params.id, req.body) }));
  r.get('/orgs/:id/squads', { schema: { tags, params: idParams } }, async (req) => ({ squads: await orgs.listOrgSquads(ctxOf(req), req.params.id) }));
  r.post('/orgs/:id/squads', { schema: { tags, params: idParams, body: squadBody } }, async (req) => ({ squad: await orgs.createSquad(ctxOf(req), req.params.id, req.body) }));
  r.patch('/squads/:id', { schema: { tags, params: idParams, body: squadPatch } }, async (req) => ({ squad: await orgs.updateSquad(ctxOf(req), req.params.id, req.body) }));
  r.get('/users', { schema: { tags } }, async (req) => ({ users: await orgs.listScopeUsers(ctxOf(req)) }));
  r.post('/users', { schema: { tags, body: userBody } }, async (req) => ({ user: await orgs.createUser(ctxOf(req), req.body) }));
  r.patch('/users/:id', { schema: { tags, params: idParams, body: userPatch } }, async (req) => {
    const user = await orgs.updateUser(ctxOf(req), req.params.id, req.body);
    forgetSession();
    return { user };
  });
};
