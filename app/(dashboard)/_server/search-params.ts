export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Next's searchParams as the flat record lib queries take (first value of a repeated key). */
export async function flatParams(searchParams: SearchParams): Promise<Record<string, string>> {
  const entries = Object.entries(await searchParams).flatMap(([k, v]) => {
    const value = Array.isArray(v) ? v[0] : v;
    return value === undefined ? [] : [[k, value] as const];
  });
  return Object.fromEntries(entries);
}
