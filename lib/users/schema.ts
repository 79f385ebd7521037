import { z } from 'zod';

export const ROLES = ['operator', 'admin', 'member'] as const;

export const ZCreateUser = z
  .strictObject({
    email: z.email('must be an email address').transform((e) => e.toLowerCase()),
    password: z.string().min(8, 'password must be at least 8 characters').max(200),
    name: z.string().max(100).optional(),
    role: z.enum(ROLES),
    tenantId: z.string().min(1).optional(),
  })
  .refine((u) => u.role === 'operator' || u.tenantId, { path: ['tenantId'], message: 'admins and members belong to a tenant: give --tenant' });
export type TCreateUser = z.input<typeof ZCreateUser>;
