// Ingest's check of an event's `data` against its registered type's JSON Schema. A type
// that isn't registered (or is archived, or has no schema) is accepted as is: producers
// send types before anyone catalogues them, as with Svix or Stripe-style APIs.
// Validators are compiled once per type version (id + updated_at) per process; the schema
// is read from the database only then, with the first event of that version.
import { db } from '../db.ts';
import { AppError } from '../errors.ts';
import { logger } from '../observability/logger.ts';
import { compileJsonSchema, jsonIssues, type JsonIssue, type SchemaValidator } from './json-schema.ts';
import { registeredType, type RegisteredType } from './registered-types.ts';

const MAX_VALIDATORS = 5_000;

type Validators = Map<string, Promise<SchemaValidator | null>>;
const holder = globalThis as unknown as { __hooklineEventValidators?: Validators };
const validators = (): Validators => (holder.__hooklineEventValidators ??= new Map());

/** The first issues (`{ path: 'data.customer.email', message }`), or null when `data` may be accepted. */
export async function eventDataIssues(tenantId: string, type: string, data: unknown): Promise<JsonIssue[] | null> {
  const registered = await registeredType(tenantId, type);
  if (!registered?.hasSchema) return null;
  const validate = await validatorFor(tenantId, registered);
  return validate ? jsonIssues(validate, data, 'data') : null;
}

/** Throws a 400 naming the path when `data` does not match its type's schema. */
export async function assertEventData(tenantId: string, type: string, data: unknown): Promise<void> {
  const issues = await eventDataIssues(tenantId, type, data);
  if (!issues) return;
  const first = issues[0]!;
  throw new AppError('invalid_request', `${first.path}: ${first.message} (the schema of event type "${type}")`, issues);
}

function validatorFor(tenantId: string, type: RegisteredType): Promise<SchemaValidator | null> {
  const key = `${type.id}:${type.updatedAt.getTime()}`;
  const cache = validators();
  let validator = cache.get(key);
  if (!validator) {
    validator = compileStored(tenantId, type);
    const pending = validator;
    pending.catch(() => cache.get(key) === pending && cache.delete(key));
    cache.set(key, pending);
    if (cache.size > MAX_VALIDATORS) cache.delete(cache.keys().next().value!);
  }
  return validator;
}

async function compileStored(tenantId: string, type: RegisteredType): Promise<SchemaValidator | null> {
  const row = await db().eventType.findFirst({ where: { id: type.id, tenantId }, select: { schema: true } });
  const schema = row?.schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return null;
  const compiled = compileJsonSchema(schema as Record<string, unknown>);
  if ('validate' in compiled) return compiled.validate;
  // It compiled when it was stored; if it no longer does (an ajv upgrade), accept the
  // type's events rather than refuse them all, and say so.
  logger.warn({ eventTypeId: type.id, issue: compiled.issues[0] }, 'stored event-type schema does not compile; its events are not validated');
  return null;
}
