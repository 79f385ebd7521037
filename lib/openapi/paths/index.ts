// Every documented part of the API, one module per domain (see ../registry.ts for how
// to add one). The order is the order of the tags in the document and the reference page.
import type { PathModule } from '../registry.ts';
import { deliveryPaths } from './deliveries.ts';
import { endpointPaths } from './endpoints.ts';
import { eventTypePaths } from './event-types.ts';
import { eventPaths } from './events.ts';

export const PATH_MODULES: PathModule[] = [eventPaths, endpointPaths, deliveryPaths, eventTypePaths];
