// Ids start with their creation time (lib/ids.ts), so "created since T" is the id range
// `id >= <prefix>_<time T>` and rides the (tenant_id, id) index instead of scanning.
import { ID_PREFIX, type IdKind } from '../ids.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function idLowerBound(kind: IdKind, since: Date): string {
  let time = '';
  let t = Math.max(0, since.getTime());
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `${ID_PREFIX[kind]}_${time}`;
}
