'use client';
// Inline validation from the same zod schemas the API uses: every field is checked on
// submit, then a field with an error is re-checked as it is edited (errors never appear
// on blur, which would shift the layout under a pointer on its way to the submit button),
// and the server's own 400 details land under the same fields.
import { useState } from 'react';
import type { z } from 'zod';
import { ApiError } from './fetch-json';

export type FieldErrors = Record<string, string | undefined>;

export function issuesToErrors(issues: { path: PropertyKey[] | string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? String(issue.path[0] ?? 'form') : issue.path.split('.')[0] || 'form';
    errors[path] ??= issue.message;
  }
  return errors;
}

export function useZodForm<S extends z.ZodType>(schema: S) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);

  /** Validates everything; returns the parsed value or null (errors set). */
  function validate(input: unknown): z.output<S> | null {
    setSubmitted(true);
    const parsed = schema.safeParse(input);
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    setErrors(issuesToErrors(parsed.error.issues));
    return null;
  }

  /** Re-checks one field as it changes, once the form was submitted. */
  function recheck(field: string, input: unknown) {
    if (!submitted) return;
    const parsed = schema.safeParse(input);
    const issue = parsed.success ? undefined : parsed.error.issues.find((i) => String(i.path[0]) === field);
    setErrors((prev) => ({ ...prev, [field]: issue?.message }));
  }

  /** Shows a server error: field issues under their inputs, anything else above the form. */
  function showServerError(error: unknown) {
    if (error instanceof ApiError && error.fieldIssues.length > 0) {
      const byField = issuesToErrors(error.fieldIssues);
      setErrors(byField);
      setFormError(byField.form ?? byField['(body)'] ?? null);
      return;
    }
    setFormError(error instanceof Error ? error.message : 'Something went wrong');
  }

  return { errors, formError, setFormError, validate, recheck, showServerError, reset: () => (setErrors({}), setFormError(null), setSubmitted(false)) };
}
