import { exampleFromSchema } from '@/lib/event-types/example-from-schema';
import type { SerializedEventType } from '@/lib/event-types/serialize-event-type';

// A fixed instant, so the server's render and the browser's are the same text.
const EXAMPLE_TIMESTAMP = '2026-01-15T09:30:00.000Z';

/** What an endpoint receives for this type: the stored example's data, or data made from the schema. */
export function examplePayload(eventType: Pick<SerializedEventType, 'name' | 'schema' | 'example'>): { text: string; source: 'stored' | 'schema' | 'none' } {
  const source = eventType.example ? 'stored' : eventType.schema ? 'schema' : 'none';
  const data = eventType.example ?? (eventType.schema ? exampleFromSchema(eventType.schema) : {});
  return { text: JSON.stringify({ type: eventType.name, timestamp: EXAMPLE_TIMESTAMP, data }, null, 2), source };
}
