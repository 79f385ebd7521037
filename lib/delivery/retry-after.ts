// The `Retry-After` response header (RFC 9110 §10.2.3), sent with 429 and 503: either
// delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT"). Returns the
// wait in milliseconds, or null when the header is absent or unusable.

// delta-seconds = 1*DIGIT. Anything else ("-5", "1.5", "5s") is junk, not a guess.
const DELTA_SECONDS = /^\d+$/;

// The three HTTP-date forms RFC 9110 §5.6.7 says recipients must accept. Date.parse on
// its own would also take "1" (the year 2001) or "tomorrow"-like junk in some engines.
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

export function parseRetryAfter(
  value: string | string[] | undefined,
  now: Date = new Date(),
): number | null {
  // A repeated header is a sender bug; the first value is as good a guess as any.
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const text = raw.trim();

  if (DELTA_SECONDS.test(text)) {
    const ms = Number(text) * 1_000;
    return Number.isSafeInteger(ms) ? ms : null;
  }

  if (IMF_FIXDATE.test(text) || RFC850_DATE.test(text)) return untilDate(Date.parse(text), now);
  // asctime carries no zone but is defined as GMT; V8 would read it as local time.
  if (ASCTIME_DATE.test(text)) return untilDate(Date.parse(`${text} GMT`), now);
  return null;
}

function untilDate(at: number, now: Date): number | null {
  if (Number.isNaN(at)) return null;
  // A date already past means "retry whenever": no floor, but not junk either.
  return Math.max(0, at - now.getTime());
}
