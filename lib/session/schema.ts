// The sign-in form, validated the same way in the browser and in the credentials provider.
import { z } from 'zod';

export const ZSignIn = z.object({
  email: z.email('enter the email address you were invited with').transform((e) => e.toLowerCase()),
  password: z.string().min(1, 'enter your password').max(200),
});
export type TSignIn = z.input<typeof ZSignIn>;
