/**
 * Routes. Views load lazily so the login page does not pull in every table. The guard asks the
 * server for the session once, then keeps signed-out users on /login and hides routes a role lacks.
 */
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import { loadSession, can, session } from './session.ts';
import { errorText } from './api.ts';
import { ENTITY_CONFIGS, isEntity } from './entities.ts';

/** Only same-app paths: a crafted ?redirect=//elsewhere must not leave the site. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

const ENTITY = ':entity(targets|inspectors|items)';

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/login/LoginView.vue'), meta: { public: true, title: '登录' } },
    // The enterprise's one-time 整改 link (no login).
    { path: '/rectify/:token', name: 'rectify', component: () => import('./views/rectify/RectifyView.vue'), meta: { public: true, title: '整改材料提交' } },
    // The enterprise's page behind a scanned inspection code (亮码入企, no login).
    { path: '/code/:code', name: 'inspection-code', component: () => import('./views/code/InspectionCodeView.vue'), meta: { public: true, title: '行政检查核验' } },
    // The phone screens of the field inspectors (no side menu).
    { path: '/field', name: 'field', component: () => import('./views/field/FieldTasksView.vue'), meta: { title: '检查任务' } },
    { path: '/field/tasks/:id(\\d+)', name: 'field-task', component: () => import('./views/field/FieldRecordView.vue'), meta: { title: '现场检查记录' } },
    // An approved targeted check (凡检查必审批) by its record id, filled like a task.
    { path: '/field/checks/:id(\\d+)', name: 'field-check', component: () => import('./views/field/FieldRecordView.vue'), meta: { title: '现场检查记录' } },
    {
      path: '/',
      component: () => import('./layouts/AppLayout.vue'),
      children: [
        // Inspectors start on their task list (the phone screens); everyone else on the directories.
        { path: '', redirect: () => (session.user?.role === 'inspector' ? '/field' : '/targets') },
        { path: ENTITY, name: 'directory', component: () => import('./views/directory/DirectoryView.vue') },
        { path: `${ENTITY}/new`, name: 'record-new', component: () => import('./views/directory/RecordView.vue'), meta: { permission: 'write' } },
        { path: `${ENTITY}/:id(\\d+)`, name: 'record', component: () => import('./views/directory/RecordView.vue') },
        { path: 'policy', name: 'policy', component: () => import('./views/policy/PolicyView.vue'), meta: { title: '监管方案' } },
        { path: 'plans', name: 'plans', component: () => import('./views/plans/PlansView.vue'), meta: { title: '年度抽查计划' } },
        { path: 'classification', name: 'classification', component: () => import('./views/classification/ClassificationView.vue'), meta: { title: '分类结果' } },
        { path: 'profiles', name: 'profiles', component: () => import('./views/profiles/ProfilesView.vue'), meta: { title: '方案维护' } },
        { path: 'profiles/:key', name: 'profile-editor', component: () => import('./views/profiles/ProfileEditorView.vue'), meta: { title: '方案编辑' } },
        { path: 'draws', name: 'draws', component: () => import('./views/draw/DrawsView.vue'), meta: { title: '随机抽取' } },
        { path: 'publication', name: 'publication', component: () => import('./views/publication/PublicationView.vue'), meta: { title: '一公开' } },
        { path: 'supervision', name: 'supervision', component: () => import('./views/supervision/SupervisionView.vue'), meta: { title: '监督统计' } },
        { path: 'enterprise-checks', name: 'enterprise-checks', component: () => import('./views/enterprise-checks/EnterpriseChecksView.vue'), meta: { title: '涉企检查' } },
        { path: 'draws/:id(\\d+)', name: 'draw', component: () => import('./views/draw/DrawCeremonyView.vue'), meta: { title: '抽取会议' } },
        { path: 'inspections', name: 'inspections', component: () => import('./views/inspections/InspectionsView.vue'), meta: { title: '检查记录' } },
        { path: 'inspections/:id(\\d+)', name: 'inspection', component: () => import('./views/inspections/InspectionDetailView.vue'), meta: { title: '检查记录' } },
        { path: 'calendar', name: 'calendar', component: () => import('./views/calendar/CalendarView.vue'), meta: { title: '日历维护' } },
        { path: 'orgs', name: 'orgs', component: () => import('./views/orgs/OrgsView.vue'), meta: { title: '机构与部门' } },
        { path: 'audit', name: 'audit', component: () => import('./views/audit/AuditView.vue'), meta: { permission: 'audit', title: '审计日志' } },
        { path: 'users', name: 'users', component: () => import('./views/users/UsersView.vue'), meta: { permission: 'manageUsers', title: '用户管理' } },
      ],
    },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  let user;
  try {
    user = await loadSession();
  } catch (e) {
    // Server unreachable: the login page is the one place that can show it and retry.
    if (to.meta.public) return true;
    ElMessage.error(errorText(e));
    return { name: 'login', query: { redirect: to.fullPath } };
  }
  if (to.meta.public) return user && to.name === 'login' ? { path: safeRedirect(to.query.redirect) } : true;
  if (!user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.meta.permission && !can(to.meta.permission)) return '/';
  return true;
});

router.afterEach((to) => {
  const entity = to.params.entity;
  const title = isEntity(entity) ? ENTITY_CONFIGS[entity].title : to.meta.title;
  document.title = title ? `${title} - 双随机一公开监管平台` : '双随机一公开监管平台';
});
