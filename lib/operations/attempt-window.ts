// Attempts are looked up by id: ids start with the time they were minted (lib/ids.ts),
// which is when the attempt was recorded, after it started. 10 minutes of slack covers
// the attempt's own duration, batched recording and clock skew between worker hosts.
import { idLowerBound } from '../dashboard/id-bounds.ts';

const SLACK_MS = 10 * 60_000;

/** The smallest attempt id that can belong to an attempt started at or after `since`. */
export function attemptIdFloor(since: Date): string {
  return idLowerBound('attempt', new Date(since.getTime() - SLACK_MS));
}
