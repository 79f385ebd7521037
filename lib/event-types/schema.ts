// Event-type input schemas, shared by the API and the dashboard's form (zod only here).
// Whether `schema` compiles and whether `example` matches it needs ajv, which stays on
// the server: see check-event-type.ts.
import { z } from 'zod';
import { ZEventType, ZText } from '../endpoints/schema.ts';
import { jsonDepth } from '../events/schema.ts';

// 64 KiB and 32 levels: ajv's advice for schemas from users is to bound their size and
// depth (compiling a huge or deep one is slow or overflows the stack); real ones are a few KiB.
export const MAX_SCHEMA_BYTES = 64 * 1024;
export const MAX_SCHEMA_DEPTH = 32;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Checked, not copied (z.record would rebuild the object and lose a "__proto__" key).
const jsonObject = (what: string) =>
  z
    .custom<Record<string, unknown>>(isObject, { error: `${what} must be a JSON object` })
    .refine((value) => JSON.stringify(value).length <= MAX_SCHEMA_BYTES, `${what} is larger than ${MAX_SCHEMA_BYTES / 1024} KiB`)
    .refine((value) => jsonDepth(value) <= MAX_SCHEMA_DEPTH, `${what} is nested more than ${MAX_SCHEMA_DEPTH} levels deep`)
    // z.custom has no JSON Schema of its own: this is what the OpenAPI document shows.
    .meta({ type: 'object', additionalProperties: true });

/** A JSON Schema (draft 2020-12) for the event's `data`; null = any data. */
export const ZJsonSchema = jsonObject('schema');
/** An example `data` for the catalog; must match the schema. */
export const ZExample = jsonObject('example');

export const ZEventTypeName = ZEventType;
const ZDescription = ZText.max(1000, 'description is longer than 1000 characters');

const SCHEMA_DOC = 'A JSON Schema (2020-12, no `$id`, local `#/$defs/…` refs) that every event\'s `data` must match, else `POST /events` answers 400 naming the path; null = any data.';
const EXAMPLE_DOC = 'An example `data` for the catalog; must match the schema.';

export const ZCreateEventType = z.strictObject({
  name: ZEventTypeName.describe('The `type` events carry: letters, digits and . _ - : / (up to 128).'),
  description: ZDescription.default('').describe('What happened, for the people who subscribe to it.'),
  schema: ZJsonSchema.nullable().default(null).describe(SCHEMA_DOC),
  example: ZExample.nullable().default(null).describe(EXAMPLE_DOC),
});
export type TCreateEventType = z.input<typeof ZCreateEventType>;

// The name is the key events and endpoint filters refer to, so it can't change.
export const ZUpdateEventType = z.strictObject({
  description: ZDescription.optional(),
  schema: ZJsonSchema.nullable().optional().describe('A new schema (checked against the example the type will have); null removes it.'),
  example: ZExample.nullable().optional().describe(EXAMPLE_DOC),
  // false restores an archived type (so does creating its name again).
  archived: z.boolean().optional().describe('true archives the type (as DELETE does); false restores it.'),
});
export type TUpdateEventType = z.input<typeof ZUpdateEventType>;

export const ZListEventTypesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50),
  // The last name of the previous page: the catalog is listed by name.
  cursor: ZEventTypeName.optional().describe('`nextCursor` of the previous page (the last name on it).'),
  includeArchived: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('`true` lists archived types too.'),
});

// The answers (lib/openapi documents them; the serializer returns TEventType).
const ZInstant = z.iso.datetime();
export const ZEventTypeObject = z
  .object({
    id: z.string().describe('The event type id, `etyp_…`.'),
    name: z.string().describe('The `type` its events carry.'),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).nullable().describe(SCHEMA_DOC),
    example: z.record(z.string(), z.unknown()).nullable().describe(EXAMPLE_DOC),
    archived: z.boolean().describe('Archived types are not listed by default, and their events are not checked.'),
    archivedAt: ZInstant.nullable(),
    createdAt: ZInstant,
    updatedAt: ZInstant,
  })
  .meta({ id: 'EventType', description: 'A registered event type: its name, what it means, and the schema its data must match.' });
export type TEventType = z.infer<typeof ZEventTypeObject>;

export const ZEventTypePage = z
  .object({
    data: z.array(ZEventTypeObject),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last one.'),
  })
  .meta({ id: 'EventTypePage' });
export type TEventTypePage = z.infer<typeof ZEventTypePage>;

// The dashboard's form edits JSON as text: parsed here, so a typo is a field error
// ("schema is not valid JSON: …") before anything is sent.
const jsonText = (what: string, then: z.ZodType<Record<string, unknown>>) =>
  z
    .string()
    .transform((text, ctx) => {
      if (text.trim() === '') return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${what} is not valid JSON: ${(error as Error).message}` });
        return z.NEVER;
      }
    })
    .pipe(then.nullable());

export const ZEventTypeForm = z.object({
  name: ZEventTypeName,
  description: ZDescription,
  schema: jsonText('schema', ZJsonSchema),
  example: jsonText('example', ZExample),
});
export type TEventTypeForm = z.input<typeof ZEventTypeForm>;
