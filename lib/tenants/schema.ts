import { z } from 'zod';

export const ZCreateTenant = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(100),
});
export type TCreateTenant = z.input<typeof ZCreateTenant>;
