// Who may do what inside a tenant (PRODUCT.md, Roles). Pure, so client components use it
// to hide buttons; the server enforces the same table in tenant-access.ts.
export type TenantRole = 'operator' | 'admin' | 'member';

const EVERYONE: readonly TenantRole[] = ['operator', 'admin', 'member'];
const ADMINS: readonly TenantRole[] = ['operator', 'admin'];

export const PERMISSIONS = {
  'tenant.read': EVERYONE,
  'deliveries.retry': EVERYONE,
  'endpoints.recover': EVERYONE,
  'secrets.read': EVERYONE,
  'secrets.rotate': EVERYONE,
  'endpoints.write': ADMINS,
  'endpoints.test': ADMINS,
} as const satisfies Record<string, readonly TenantRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: TenantRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly TenantRole[]).includes(role);
}

export const ROLE_LABEL: Record<TenantRole, string> = { operator: 'Operator', admin: 'Admin', member: 'Member' };
