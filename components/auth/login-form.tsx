'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ZSignIn } from '@/lib/session/schema';
import { useZodForm } from '../data/use-zod-form';
import { Button } from '../ui/button';
import { Field, Input } from '../ui/field';
import { Alert } from '../ui/states';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const form = useZodForm(ZSignIn);
  const [values, setValues] = useState({ email: '', password: '' });
  const [pending, setPending] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    form.setFormError(null);
    const input = form.validate(values);
    if (!input) return;
    setPending(true);
    const result = await signIn('credentials', { ...input, redirect: false });
    if (!result || result.error) {
      setPending(false);
      form.setFormError(result?.status === 401 || result?.error === 'CredentialsSignin' ? 'That email and password do not match an account.' : 'Could not sign in. Try again in a moment.');
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5" aria-label="Sign in">
      {form.formError && <Alert>{form.formError}</Alert>}
      <Field label="Email" htmlFor="email" error={form.errors.email}>
        <Input id="email" name="email" type="email" autoComplete="username" autoFocus value={values.email} onChange={(e) => { const next = { ...values, email: e.target.value }; setValues(next); form.recheck('email', next); }} invalid={Boolean(form.errors.email)} />
      </Field>
      <Field label="Password" htmlFor="password" error={form.errors.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" value={values.password} onChange={(e) => { const next = { ...values, password: e.target.value }; setValues(next); form.recheck('password', next); }} invalid={Boolean(form.errors.password)} />
      </Field>
      <Button type="submit" variant="primary" className="w-full py-2" loading={pending}>
        Sign in
      </Button>
    </form>
  );
}
