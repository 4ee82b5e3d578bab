/**
 * Organisations, roles and what each role may do. Policies are one line each (Outline's `allow`).
 */
export const ORG_LEVELS = ['省', '市', '县区', '分局', '支队'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const DEPARTMENT_KINDS = ['科室', '执法支队', '执法大队', '监测站', '其他'] as const;

export const ROLES = {
  admin: '系统管理员',
  leader: '局领导/分管负责同志',
  coordinator: '双随机办公室/承办人',
  inspector: '执法人员',
  supervisor: '监督',
} as const;
export type Role = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as Role[];

/** 'audit': read the audit log of one's subtree and verify its chain. */
export type Action = 'read' | 'write' | 'import' | 'manageOrgs' | 'manageUsers' | 'audit';

const ALLOWED: Record<Role, readonly Action[]> = {
  admin: ['read', 'write', 'import', 'manageOrgs', 'manageUsers', 'audit'],
  leader: ['read', 'write', 'import'],
  coordinator: ['read', 'write', 'import'],
  inspector: ['read'],
  supervisor: ['read', 'audit'],
};

/** Whether a role may perform an action on records within its organisation subtree. */
export function allows(role: Role, action: Action): boolean {
  return ALLOWED[role].includes(action);
}

/**
 * Organisation paths are '/1/5/9/': the ids from the root down. A user of org A may act on org B
 * exactly when B's path starts with A's (B is A or below it).
 */
export function isWithin(scopePath: string, orgPath: string): boolean {
  return orgPath.startsWith(scopePath);
}
